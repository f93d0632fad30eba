/*
 * tok_text.c - what every stage of a tokenizer works on: text whose bytes
 * remember where in the input they came from (tk_buf, tk_seq), character
 * classes as Rust's char methods define them (the tokenizers library is
 * written in Rust), and regular expressions through PCRE2. Patterns run in
 * PCRE2's interpreter: the matches a tokenizer asks for are short, JIT code
 * was no faster on them, and valgrind cannot follow it.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../xalloc.h"
#include "tok_impl.h"

/* ---- aligned text ---- */

void tk_buf_reserve(tk_buf *b, size_t more)
{
    if (b->n + more <= b->cap)
        return;
    b->cap = b->n + more > 2 * b->cap ? b->n + more + 64 : 2 * b->cap;
    b->s = xrealloc(b->s, b->cap + 1);
    b->lo = xreallocarray(b->lo, b->cap, sizeof *b->lo);
    b->hi = xreallocarray(b->hi, b->cap, sizeof *b->hi);
}

void tk_buf_put(tk_buf *b, const char *s, size_t n, uint32_t lo, uint32_t hi)
{
    size_t i;

    if (n == 0)
        return;
    tk_buf_reserve(b, n);
    memcpy(b->s + b->n, s, n);
    for (i = 0; i < n; i++) {
        b->lo[b->n + i] = lo;
        b->hi[b->n + i] = hi;
    }
    b->n += n;
}

void tk_buf_putc(tk_buf *b, int32_t c, uint32_t lo, uint32_t hi)
{
    unsigned char u[4];
    utf8proc_ssize_t k = utf8proc_encode_char(c, u);

    tk_buf_put(b, (const char *)u, (size_t)k, lo, hi);
}

void tk_buf_copy(tk_buf *b, tk_view v)
{
    if (v.n == 0)
        return;
    tk_buf_reserve(b, v.n);
    memcpy(b->s + b->n, v.s, v.n);
    memcpy(b->lo + b->n, v.lo, v.n * sizeof *v.lo);
    memcpy(b->hi + b->n, v.hi, v.n * sizeof *v.hi);
    b->n += v.n;
}

void tk_buf_free(tk_buf *b)
{
    free(b->s);
    free(b->lo);
    free(b->hi);
    memset(b, 0, sizeof *b);
}

void tk_seq_reset(tk_seq *q)
{
    q->buf.n = 0;
    q->nsp = 0;
}

void tk_seq_free(tk_seq *q)
{
    tk_buf_free(&q->buf);
    free(q->sp);
    memset(q, 0, sizeof *q);
}

void tk_seq_push(tk_seq *q, uint32_t a, uint32_t b, int32_t id)
{
    if (q->nsp == q->capsp) {
        q->capsp = q->capsp ? 2 * q->capsp : 16;
        q->sp = xreallocarray(q->sp, q->capsp, sizeof *q->sp);
    }
    q->sp[q->nsp].a = a;
    q->sp[q->nsp].b = b;
    q->sp[q->nsp].id = id;
    q->nsp++;
}

tk_view tk_seq_view(const tk_seq *q, size_t k)
{
    tk_view v;
    uint32_t a = q->sp[k].a;

    v.s = q->buf.s + a;
    v.lo = q->buf.lo + a;
    v.hi = q->buf.hi + a;
    v.n = q->sp[k].b - a;
    return v;
}

tk_view tk_view_sub(tk_view v, size_t a, size_t b)
{
    tk_view w;

    w.s = v.s + a;
    w.lo = v.lo + a;
    w.hi = v.hi + a;
    w.n = b - a;
    return w;
}

void tk_seq_copy_split(tk_seq *out, const tk_seq *in, size_t k)
{
    uint32_t a = (uint32_t)out->buf.n;

    tk_buf_copy(&out->buf, tk_seq_view(in, k));
    tk_seq_push(out, a, (uint32_t)out->buf.n, in->sp[k].id);
}

/* ---- characters ---- */

int32_t tk_next_char(const char *s, size_t n, size_t *pos)
{
    const unsigned char *p = (const unsigned char *)s + *pos;
    utf8proc_int32_t c;
    utf8proc_ssize_t k;

    if (p[0] < 0x80) {
        (*pos)++;
        return p[0];
    }
    k = utf8proc_iterate(p, (utf8proc_ssize_t)(n - *pos), &c);
    if (k <= 0) {
        (*pos)++;
        return 0xFFFD;
    }
    *pos += (size_t)k;
    return c;
}

int tk_is_whitespace(int32_t c)
{
    return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 || c == 0xa0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 ||
           c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

int tk_is_punct(int32_t c)
{
    utf8proc_category_t cat;

    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
        (c >= 123 && c <= 126))
        return 1;
    if (c < 128)
        return 0;
    cat = utf8proc_category(c);
    return cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO;
}

int tk_is_alnum(int32_t c)
{
    utf8proc_category_t cat;

    if (c < 128)
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
               (c >= 'A' && c <= 'Z');
    cat = utf8proc_category(c);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

/* ---- regular expressions ---- */

struct tk_regex {
    pcre2_code *code;
    pcre2_match_data *md;   /* scratch; a tokenizer is used by one thread */
};

int tk_regex_new(const char *pattern, size_t len, int literal, tk_regex **out,
                 vs_error *err)
{
    int ecode;
    PCRE2_SIZE eoff;
    pcre2_code *code;
    tk_regex *re;
    uint32_t opts = PCRE2_UTF | PCRE2_UCP;

    *out = NULL;
    if (literal)   /* Unicode properties do not apply to a literal */
        opts = PCRE2_UTF | PCRE2_LITERAL;
    code = pcre2_compile((PCRE2_SPTR)pattern, len, opts, &ecode, &eoff, NULL);
    if (code == NULL) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ecode, msg, sizeof msg);
        return vs_fail(err, "the regular expression '%.*s' does not compile at "
                       "character %zu: %s", (int)(len > 200 ? 200 : len),
                       pattern, (size_t)eoff, (const char *)msg);
    }
    re = xcalloc(1, sizeof *re);
    re->code = code;
    re->md = pcre2_match_data_create_from_pattern(code, NULL);
    *out = re;
    return 0;
}

void tk_regex_free(tk_regex *re)
{
    if (re == NULL)
        return;
    pcre2_match_data_free(re->md);
    pcre2_code_free(re->code);
    free(re);
}

int tk_regex_next(const tk_regex *re, const char *s, size_t n, size_t from,
                  size_t *a, size_t *b)
{
    PCRE2_SIZE *ov;
    int rc;

    while (from <= n) {
        /* the pipeline's text is valid UTF-8 (repaired on the way in):
         * no check of the whole subject at every call */
        rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, from, PCRE2_NO_UTF_CHECK,
                         re->md, NULL);
        if (rc < 0)
            return 0;
        ov = pcre2_get_ovector_pointer(re->md);
        if (ov[1] > ov[0]) {
            *a = ov[0];
            *b = ov[1];
            return 1;
        }
        /* an empty match: look again one character on */
        from = ov[0] + 1;
        while (from < n && ((unsigned char)s[from] & 0xC0) == 0x80)
            from++;
    }
    return 0;
}
