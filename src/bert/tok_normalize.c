/*
 * tok_normalize.c - the normalizers of Hugging Face's tokenizers library,
 * and SentencePiece's own, each rewriting one split of text while keeping
 * every byte's place in the input (see tok_impl.h).
 *
 *   BertNormalizer  clean (drop NUL, U+FFFD and "C*" but \t \n \r; white
 *                   space becomes a space), spaces around CJK ideographs,
 *                   NFD and drop Mn (strip_accents, by default when
 *                   lowercasing), lowercase. Python's BertTokenizer (for
 *                   vocab.txt) lowercases before stripping.
 *   Lowercase       Rust's char::to_lowercase (U+0130 becomes "i" U+0307)
 *   StripAccents    drops every mark (M*), without decomposing first
 *   NFC NFD NFKC NFKD  utf8proc, by runs that start at a character below
 *                   U+0300 (no such character composes with what precedes)
 *   Nmt             drops some controls, turns others into a space
 *   Strip, Replace, Prepend
 *   Precompiled     per extended grapheme cluster: when the cluster is
 *                   shorter than 6 bytes and a key of the map is a prefix of
 *                   it, the shortest such key's replacement replaces the
 *                   whole cluster; otherwise each character alone (what
 *                   tokenizers' Precompiled does, which differs from
 *                   SentencePiece)
 *   SentencePiece   longest match of the map at each place, extra spaces
 *                   removed, a space before the text, spaces as U+2581
 *                   (normalizer.cc)
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../xalloc.h"
#include "tok_impl.h"

static const char meta[] = "\xe2\x96\x81";   /* U+2581, SentencePiece's space */

void tk_norm_clear(tk_norm *nm)
{
    tk_regex_free(nm->re);
    free(nm->pattern);
    free(nm->content);
    tk_charsmap_free(nm->map);
    memset(nm, 0, sizeof *nm);
}

/* The span of input of the character at v[i..j). */
#define SPAN(v, i, j) (v).lo[i], (v).hi[(j) - 1]

/* Appends rep (n bytes) in place of the characters of in: its character k
 * comes from in's character min(k, last), as tokenizers' transformations
 * align a replacement (a character more is an insertion after the last;
 * fewer, and the last one swallows the rest). */
static void put_replacing(tk_buf *out, const char *rep, size_t n, tk_view in)
{
    size_t rp = 0, ip = 0, at = 0;

    while (rp < n) {
        size_t r0 = rp;
        tk_next_char(rep, n, &rp);
        if (ip < in.n) {
            at = ip;
            tk_next_char(in.s, in.n, &ip);
        }
        tk_buf_put(out, rep + r0, rp - r0, in.lo[at], in.hi[ip - 1]);
    }
}

/* ---- BERT ---- */

static int bert_control(int32_t c)
{
    utf8proc_category_t cat;

    if (c == '\t' || c == '\n' || c == '\r')
        return 0;
    if (c >= 0x20 && c < 0x7f)
        return 0;
    cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF ||
           cat == UTF8PROC_CATEGORY_CS || cat == UTF8PROC_CATEGORY_CO ||
           cat == UTF8PROC_CATEGORY_CN;
}

static int is_cjk(int32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F) ||
           (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

/* Appends the lowercase of c (Rust's full mapping). */
static void put_lower(tk_buf *out, int32_t c, uint32_t lo, uint32_t hi)
{
    if (c < 128) {
        char b = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        tk_buf_put(out, &b, 1, lo, hi);
    } else if (c == 0x130) {
        tk_buf_putc(out, 'i', lo, hi);
        tk_buf_putc(out, 0x307, lo, hi);
    } else
        tk_buf_putc(out, utf8proc_tolower(c), lo, hi);
}

/* Appends NFD(c) without its Mn characters, lowercased when lower. */
static void put_stripped(tk_buf *out, int32_t c, int lower, uint32_t lo,
                         uint32_t hi)
{
    utf8proc_int32_t d[32];
    int last = 0;
    utf8proc_ssize_t k, i;

    if (c < 128) {
        if (lower)
            put_lower(out, c, lo, hi);
        else
            tk_buf_putc(out, c, lo, hi);
        return;
    }
    k = utf8proc_decompose_char(c, d, 32, UTF8PROC_DECOMPOSE, &last);
    if (k < 0 || k > 32) {
        d[0] = c;
        k = 1;
    }
    for (i = 0; i < k; i++) {
        if (utf8proc_category(d[i]) == UTF8PROC_CATEGORY_MN)
            continue;
        if (lower)
            put_lower(out, d[i], lo, hi);
        else
            tk_buf_putc(out, d[i], lo, hi);
    }
}

static void bert(const tk_norm *nm, tk_view in, tk_buf *out)
{
    int strip = nm->strip_accents == 1 ||
                (nm->strip_accents == -1 && nm->lowercase);
    size_t pos = 0, at;

    tk_buf_reserve(out, in.n + 8);
    while (pos < in.n) {
        int32_t c;
        uint32_t lo, hi;

        at = pos;
        c = tk_next_char(in.s, in.n, &pos);
        lo = in.lo[at];
        hi = in.hi[pos - 1];
        if (nm->clean) {
            if (c == 0 || c == 0xFFFD || bert_control(c))
                continue;
            if (c == '\t' || c == '\n' || c == '\r' || tk_is_whitespace(c))
                c = ' ';
        }
        if (nm->cjk && is_cjk(c)) {
            tk_buf_putc(out, ' ', lo, hi);
            tk_buf_putc(out, c, lo, hi);
            tk_buf_putc(out, ' ', lo, hi);
            continue;
        }
        if (strip && nm->python_lower && nm->lowercase) {
            /* Python: lowercase, then NFD and drop Mn */
            tk_buf tmp = {0};
            size_t p2 = 0;
            put_lower(&tmp, c, lo, hi);
            while (p2 < tmp.n)
                put_stripped(out, tk_next_char(tmp.s, tmp.n, &p2), 0, lo, hi);
            tk_buf_free(&tmp);
        } else if (strip)
            put_stripped(out, c, nm->lowercase, lo, hi);
        else if (nm->lowercase)
            put_lower(out, c, lo, hi);
        else if (c == ' ')
            tk_buf_put(out, " ", 1, lo, hi);
        else
            tk_buf_copy(out, tk_view_sub(in, at, pos));
    }
}

/* ---- per character: Lowercase, StripAccents, Nmt ---- */

static int is_mark(int32_t c)
{
    utf8proc_category_t cat;

    if (c < 0x300)
        return 0;
    cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
           cat == UTF8PROC_CATEGORY_ME;
}

/* Nmt: -1 drop, ' ' a space, else c. */
static int32_t nmt(int32_t c)
{
    if ((c >= 0x01 && c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) ||
        c == 0x7F || c == 0x8F || c == 0x9F)
        return -1;
    if (c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x1680 ||
        (c >= 0x200B && c <= 0x200F) || c == 0x2028 || c == 0x2029 ||
        c == 0x2581 || c == 0xFEFF || c == 0xFFFD)
        return ' ';
    return c;
}

static void per_char(const tk_norm *nm, tk_view in, tk_buf *out)
{
    size_t pos = 0, at;

    tk_buf_reserve(out, in.n);
    while (pos < in.n) {
        int32_t c;
        at = pos;
        c = tk_next_char(in.s, in.n, &pos);
        switch (nm->type) {
        case TK_N_LOWERCASE:
            put_lower(out, c, SPAN(in, at, pos));
            break;
        case TK_N_STRIP_ACCENTS:
            if (!is_mark(c))
                tk_buf_copy(out, tk_view_sub(in, at, pos));
            break;
        default:   /* TK_N_NMT */
            c = nmt(c);
            if (c == ' ')
                tk_buf_put(out, " ", 1, SPAN(in, at, pos));
            else if (c >= 0)
                tk_buf_copy(out, tk_view_sub(in, at, pos));
            break;
        }
    }
}

/* ---- Unicode normal forms ---- */

static utf8proc_option_t nf_options(enum tk_norm_type t)
{
    switch (t) {
    case TK_N_NFC:
        return UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    case TK_N_NFD:
        return UTF8PROC_STABLE | UTF8PROC_DECOMPOSE;
    case TK_N_NFKC:
        return UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT;
    default:
        return UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT;
    }
}

static size_t count_chars(const char *s, size_t n)
{
    size_t i, k = 0;

    for (i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Normal form of the run in[0..n): each output character aligned to the
 * input character it came from where that can be told, else to the run. */
static void nf_run(utf8proc_option_t opt, tk_view in, tk_buf *out)
{
    utf8proc_uint8_t *whole = NULL;
    utf8proc_ssize_t wn;
    size_t pos, at;

    if (in.n == 1 && (unsigned char)in.s[0] < 0x80) {
        tk_buf_copy(out, in);
        return;
    }
    wn = utf8proc_map((const utf8proc_uint8_t *)in.s, (utf8proc_ssize_t)in.n,
                      &whole, opt);
    if (wn < 0) {   /* invalid UTF-8 cannot reach here; keep it as it is */
        tk_buf_copy(out, in);
        return;
    }
    if (count_chars((const char *)whole, (size_t)wn) == count_chars(in.s, in.n)) {
        /* one character for one */
        size_t p = 0;
        pos = 0;
        while (pos < in.n) {
            size_t q = p;
            at = pos;
            tk_next_char(in.s, in.n, &pos);
            tk_next_char((const char *)whole, (size_t)wn, &q);
            tk_buf_put(out, (const char *)whole + p, q - p, SPAN(in, at, pos));
            p = q;
        }
    } else {
        /* starter by starter (a character of combining class 0 and what
         * follows it), if that gives the same text; else the whole run */
        tk_buf tmp = {0};
        size_t a = 0;
        pos = 0;
        while (pos < in.n) {
            utf8proc_uint8_t *one = NULL;
            utf8proc_ssize_t k;
            tk_next_char(in.s, in.n, &pos);
            while (pos < in.n) {
                size_t nx = pos;
                int32_t c = tk_next_char(in.s, in.n, &nx);
                if (utf8proc_get_property(c)->combining_class == 0)
                    break;
                pos = nx;
            }
            k = utf8proc_map((const utf8proc_uint8_t *)in.s + a,
                             (utf8proc_ssize_t)(pos - a), &one, opt);
            if (k >= 0)
                put_replacing(&tmp, (const char *)one, (size_t)k,
                              tk_view_sub(in, a, pos));
            free(one);
            a = pos;
        }
        if (tmp.n == (size_t)wn && memcmp(tmp.s, whole, (size_t)wn) == 0)
            tk_buf_copy(out, (tk_view){tmp.s, tmp.lo, tmp.hi, tmp.n});
        else
            put_replacing(out, (const char *)whole, (size_t)wn, in);
        tk_buf_free(&tmp);
    }
    free(whole);
}

static void normal_form(const tk_norm *nm, tk_view in, tk_buf *out)
{
    utf8proc_option_t opt = nf_options(nm->type);
    size_t start = 0, pos = 0;

    while (pos < in.n) {
        size_t at = pos;
        int32_t c = tk_next_char(in.s, in.n, &pos);
        if (c < 0x300 && at > start) {
            nf_run(opt, tk_view_sub(in, start, at), out);
            start = at;
        }
    }
    if (in.n > start)
        nf_run(opt, tk_view_sub(in, start, in.n), out);
}

/* ---- Strip, Replace, Prepend ---- */

static void strip(const tk_norm *nm, tk_view in, tk_buf *out)
{
    size_t a = 0, b = in.n, pos;

    if (nm->left)
        while (a < b) {
            pos = a;
            if (!tk_is_whitespace(tk_next_char(in.s, in.n, &pos)))
                break;
            a = pos;
        }
    if (nm->right)
        while (b > a) {
            size_t s = b - 1;
            while (s > a && ((unsigned char)in.s[s] & 0xC0) == 0x80)
                s--;
            pos = s;
            if (!tk_is_whitespace(tk_next_char(in.s, in.n, &pos)))
                break;
            b = s;
        }
    tk_buf_copy(out, tk_view_sub(in, a, b));
}

static void replace(const tk_norm *nm, tk_view in, tk_buf *out)
{
    size_t from = 0, a, b;

    while (from < in.n && tk_regex_next(nm->re, in.s, in.n, from, &a, &b)) {
        tk_buf_copy(out, tk_view_sub(in, from, a));
        /* inserted after the match: aligned to its last character */
        tk_buf_put(out, nm->content, nm->content_len, in.lo[b - 1], in.hi[b - 1]);
        from = b;
    }
    tk_buf_copy(out, tk_view_sub(in, from, in.n));
}

/* ---- Precompiled ---- */

static void precompiled(const tk_norm *nm, tk_view in, tk_buf *out)
{
    size_t pos = 0, len[1];
    const char *rep[1];
    utf8proc_int32_t state = 0;

    while (pos < in.n) {
        /* the extended grapheme cluster at pos */
        size_t g = pos, end;
        int32_t prev = tk_next_char(in.s, in.n, &g);
        end = g;
        while (end < in.n) {
            size_t nx = end;
            int32_t c = tk_next_char(in.s, in.n, &nx);
            if (utf8proc_grapheme_break_stateful(prev, c, &state))
                break;
            prev = c;
            end = nx;
        }
        state = 0;
        if (end - pos < 6 &&
            tk_charsmap_prefixes(nm->map, in.s + pos, end - pos, 1, len, rep)) {
            put_replacing(out, rep[0], strlen(rep[0]), tk_view_sub(in, pos, end));
            pos = end;
            continue;
        }
        while (pos < end) {
            size_t at = pos;
            tk_next_char(in.s, in.n, &pos);
            if (tk_charsmap_prefixes(nm->map, in.s + at, pos - at, 1, len, rep))
                put_replacing(out, rep[0], strlen(rep[0]), tk_view_sub(in, at, pos));
            else
                tk_buf_copy(out, tk_view_sub(in, at, pos));
        }
    }
}

/* ---- SentencePiece ---- */

/* The normalized form of the prefix of s[0..n): *rep (rep_len bytes) for
 * *used input bytes. */
static void spm_prefix(const tk_norm *nm, const char *s, size_t n,
                       const char **rep, size_t *rep_len, size_t *used)
{
    size_t len[64], k, best = 0, i;
    const char *r[64];

    k = nm->map ? tk_charsmap_prefixes(nm->map, s, n, 64, len, r) : 0;
    for (i = 1; i < k; i++)
        if (len[i] > len[best])
            best = i;
    if (k > 0) {
        *rep = r[best];
        *rep_len = strlen(r[best]);
        *used = len[best];
        return;
    }
    *used = 0;
    if (tk_next_char(s, n, used) == 0xFFFD && *used == 1 &&
        (unsigned char)s[0] >= 0x80) {
        *rep = "\xef\xbf\xbd";   /* an invalid byte */
        *rep_len = 3;
        return;
    }
    *rep = s;
    *rep_len = *used;
}

static void spm(const tk_norm *nm, tk_view in, tk_buf *out)
{
    size_t pos = 0, start = out->n, rlen, used, i;
    const char *rep;
    int prev_space = nm->spm_remove_extra;
    const char *sp = nm->spm_escape ? meta : " ";
    size_t splen = nm->spm_escape ? 3 : 1;

    if (in.n == 0)
        return;
    if (nm->spm_remove_extra)
        while (pos < in.n) {
            spm_prefix(nm, in.s + pos, in.n - pos, &rep, &rlen, &used);
            if (rlen != 1 || rep[0] != ' ')
                break;
            pos += used;
        }
    if (nm->spm_dummy_prefix)
        tk_buf_put(out, sp, splen, in.lo[pos < in.n ? pos : 0],
                   in.lo[pos < in.n ? pos : 0]);
    while (pos < in.n) {
        uint32_t lo = in.lo[pos], hi;
        spm_prefix(nm, in.s + pos, in.n - pos, &rep, &rlen, &used);
        hi = in.hi[pos + used - 1];
        while (prev_space && rlen > 0 && rep[0] == ' ') {
            rep++;
            rlen--;
        }
        if (rlen > 0) {
            for (i = 0; i < rlen; i++) {
                if (rep[i] == ' ')
                    tk_buf_put(out, sp, splen, lo, hi);
                else
                    tk_buf_put(out, rep + i, 1, lo, hi);
            }
            prev_space = rep[rlen - 1] == ' ';
        }
        pos += used;
        if (!nm->spm_remove_extra)
            prev_space = 0;
    }
    if (nm->spm_remove_extra)
        while (out->n >= start + splen &&
               memcmp(out->s + out->n - splen, sp, splen) == 0)
            out->n -= splen;
}

void tk_norm_apply(const tk_norm *nm, tk_view in, tk_buf *out)
{
    switch (nm->type) {
    case TK_N_BERT:
        bert(nm, in, out);
        break;
    case TK_N_LOWERCASE:
    case TK_N_STRIP_ACCENTS:
    case TK_N_NMT:
        per_char(nm, in, out);
        break;
    case TK_N_NFC:
    case TK_N_NFD:
    case TK_N_NFKC:
    case TK_N_NFKD:
        normal_form(nm, in, out);
        break;
    case TK_N_STRIP:
        strip(nm, in, out);
        break;
    case TK_N_REPLACE:
        replace(nm, in, out);
        break;
    case TK_N_PREPEND:
        if (in.n > 0)
            tk_buf_put(out, nm->content, nm->content_len, in.lo[0], in.hi[0]);
        tk_buf_copy(out, in);
        break;
    case TK_N_PRECOMPILED:
        precompiled(nm, in, out);
        break;
    case TK_N_SPM:
        spm(nm, in, out);
        break;
    }
}
