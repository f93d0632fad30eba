/*
 * tok_pretok.c - the pre-tokenizers of Hugging Face's tokenizers library:
 * each cuts one split of normalized text into words (splits of their own),
 * the model then cutting each word into pieces.
 *
 *   BertPreTokenizer  on white space (removed) and around each punctuation
 *                     character (kept alone)
 *   ByteLevel         a space in front (add_prefix_space) unless there is
 *                     one, GPT-2's pattern (use_regex), then every byte as
 *                     the character that stands for it (FORMATS.md 10)
 *   Metaspace         spaces become the replacement (U+2581), which is put
 *                     in front (prepend_scheme always, or first: only at the
 *                     start of the text) and starts each word (split)
 *   Whitespace        \w+|[^\w\s]+ with Rust regex's Unicode \w
 *   WhitespaceSplit   on white space; Punctuation, Digits; Split on a
 *                     pattern, with its behaviour and invert
 *
 * A splitter finds pieces (matches and the text between them) and the
 * behaviour says what becomes of the matches: Removed, Isolated (a word of
 * their own), MergedWithPrevious / MergedWithNext (glued to the word before
 * / after), Contiguous (a run of matches is one word), as in tokenizers'
 * normalizer.rs.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../xalloc.h"
#include "tok_impl.h"

const char tk_gpt2_pattern[] =
    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+"
    "|\\s+(?!\\S)|\\s+";

void tk_pre_clear(tk_pre *p)
{
    free(p->replacement);
    tk_regex_free(p->re);
    memset(p, 0, sizeof *p);
}

int32_t tk_byte_char(unsigned char b)
{
    if (b <= 0x20)
        return 0x100 + b;
    if (b >= 0x7F && b <= 0xA0)
        return 0x121 + (b - 0x7F);
    if (b == 0xAD)
        return 0x143;
    return b;
}

/* ---- pieces and behaviours ---- */

typedef struct piece {
    size_t a, b;
    int match;
} piece;

typedef struct pieces {
    piece *v;
    size_t n, cap;
} pieces;

static void piece_push(pieces *p, size_t a, size_t b, int match)
{
    if (a == b)
        return;
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 16;
        p->v = xreallocarray(p->v, p->cap, sizeof *p->v);
    }
    p->v[p->n].a = a;
    p->v[p->n].b = b;
    p->v[p->n].match = match;
    p->n++;
}

static void emit(tk_view in, size_t a, size_t b, tk_seq *out)
{
    uint32_t at = (uint32_t)out->buf.n;

    if (a == b)
        return;
    tk_buf_copy(&out->buf, tk_view_sub(in, a, b));
    tk_seq_push(out, at, (uint32_t)out->buf.n, -1);
}

/* Emits the words that pieces p of in make under behaviour bh. */
static void behave(tk_view in, pieces *p, enum tk_behavior bh, tk_seq *out)
{
    size_t i, k = 0;
    int prev = 0;

    switch (bh) {
    case TK_REMOVED:
        for (i = 0; i < p->n; i++)
            if (!p->v[i].match)
                emit(in, p->v[i].a, p->v[i].b, out);
        break;
    case TK_ISOLATED:
        for (i = 0; i < p->n; i++)
            emit(in, p->v[i].a, p->v[i].b, out);
        break;
    case TK_CONTIGUOUS:
        for (i = 0; i < p->n; i++) {
            if (k > 0 && p->v[i].match && p->v[k - 1].match)
                p->v[k - 1].b = p->v[i].b;
            else
                p->v[k++] = p->v[i];
        }
        for (i = 0; i < k; i++)
            emit(in, p->v[i].a, p->v[i].b, out);
        break;
    case TK_MERGED_PREV:
        for (i = 0; i < p->n; i++) {
            if (p->v[i].match && !prev && k > 0)
                p->v[k - 1].b = p->v[i].b;
            else
                p->v[k++] = p->v[i];
            prev = p->v[i].match;
        }
        for (i = 0; i < k; i++)
            emit(in, p->v[i].a, p->v[i].b, out);
        break;
    case TK_MERGED_NEXT: {
        /* from the end: a match joins the word after it */
        size_t j = p->n;
        k = p->n;
        while (j-- > 0) {
            if (p->v[j].match && !prev && k < p->n)
                p->v[k].a = p->v[j].a;
            else
                p->v[--k] = p->v[j];
            prev = p->v[j].match;
        }
        for (i = k; i < p->n; i++)
            emit(in, p->v[i].a, p->v[i].b, out);
        break;
    }
    }
}

/* Pieces of in by a character test: each matching character is a match. */
static int pred_space(int32_t c) { return tk_is_whitespace(c); }
static int pred_punct(int32_t c) { return tk_is_punct(c); }

static int pred_digit(int32_t c)
{
    utf8proc_category_t cat;

    if (c < 128)
        return c >= '0' && c <= '9';
    cat = utf8proc_category(c);
    return cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO;
}

static void by_char(tk_view in, int (*pred)(int32_t), pieces *p)
{
    size_t pos = 0, run = 0;

    while (pos < in.n) {
        size_t at = pos;
        if (pred(tk_next_char(in.s, in.n, &pos))) {
            piece_push(p, run, at, 0);
            piece_push(p, at, pos, 1);
            run = pos;
        }
    }
    piece_push(p, run, in.n, 0);
}

static void by_regex(tk_view in, const tk_regex *re, int invert, pieces *p)
{
    size_t from = 0, a, b;

    while (from < in.n && tk_regex_next(re, in.s, in.n, from, &a, &b)) {
        piece_push(p, from, a, invert);
        piece_push(p, a, b, !invert);
        from = b;
    }
    piece_push(p, from, in.n, invert);
}

/* ---- BERT ---- */

static void bert(tk_view in, tk_seq *out)
{
    size_t pos = 0, word = 0;

    while (pos < in.n) {
        size_t at = pos;
        int32_t c = tk_next_char(in.s, in.n, &pos);
        if (tk_is_whitespace(c)) {
            emit(in, word, at, out);
            word = pos;
        } else if (tk_is_punct(c)) {
            emit(in, word, at, out);
            emit(in, at, pos, out);
            word = pos;
        }
    }
    emit(in, word, in.n, out);
}

/* ---- ByteLevel ---- */

/* Appends in[a..b) with each byte as its character, as one word. */
static void byte_word(tk_view in, size_t a, size_t b, tk_seq *out)
{
    uint32_t at = (uint32_t)out->buf.n;
    tk_buf *o = &out->buf;
    size_t i;

    if (a == b)
        return;
    tk_buf_reserve(o, 2 * (b - a));
    for (i = a; i < b; i++) {
        unsigned char c = (unsigned char)in.s[i];
        /* every byte of a character carries the character's span */
        size_t cs = i, ce = i + 1;
        while (cs > a && ((unsigned char)in.s[cs] & 0xC0) == 0x80)
            cs--;
        while (ce < b && ((unsigned char)in.s[ce] & 0xC0) == 0x80)
            ce++;
        if (c >= 0x21 && c <= 0x7E) {
            o->s[o->n] = (char)c;
            o->lo[o->n] = in.lo[cs];
            o->hi[o->n] = in.hi[ce - 1];
            o->n++;
        } else {
            int32_t u = tk_byte_char(c);
            o->s[o->n] = (char)(0xC0 | (u >> 6));
            o->s[o->n + 1] = (char)(0x80 | (u & 0x3F));
            o->lo[o->n] = o->lo[o->n + 1] = in.lo[cs];
            o->hi[o->n] = o->hi[o->n + 1] = in.hi[ce - 1];
            o->n += 2;
        }
    }
    tk_seq_push(out, at, (uint32_t)o->n, -1);
}

static void byte_level(const tk_pre *p, tk_view in, tk_seq *out)
{
    tk_buf tmp = {0};
    size_t from = 0, a, b;

    if (p->add_prefix_space && in.n > 0 && in.s[0] != ' ') {
        tk_buf_put(&tmp, " ", 1, in.lo[0], in.hi[0]);
        tk_buf_copy(&tmp, in);
        in = (tk_view){tmp.s, tmp.lo, tmp.hi, tmp.n};
    }
    if (!p->use_regex)
        byte_word(in, 0, in.n, out);
    else {
        while (from < in.n && tk_regex_next(p->re, in.s, in.n, from, &a, &b)) {
            byte_word(in, from, a, out);
            byte_word(in, a, b, out);
            from = b;
        }
        byte_word(in, from, in.n, out);
    }
    tk_buf_free(&tmp);
}

/* ---- Metaspace ---- */

static void metaspace(const tk_pre *p, tk_view in, int first, tk_seq *out)
{
    tk_buf tmp = {0};
    pieces pc = {0};
    size_t pos = 0;
    tk_view v;

    if (in.n == 0)
        return;
    if ((p->prepend == TK_PREPEND_ALWAYS ||
         (p->prepend == TK_PREPEND_FIRST && first)) &&
        !(in.s[0] == ' ' ||
          (in.n >= p->replacement_len &&
           memcmp(in.s, p->replacement, p->replacement_len) == 0)))
        tk_buf_put(&tmp, p->replacement, p->replacement_len, in.lo[0],
                   in.hi[0]);
    while (pos < in.n) {
        size_t at = pos;
        int32_t c = tk_next_char(in.s, in.n, &pos);
        if (c == ' ')
            tk_buf_put(&tmp, p->replacement, p->replacement_len, in.lo[at],
                       in.hi[at]);
        else
            tk_buf_copy(&tmp, tk_view_sub(in, at, pos));
    }
    v = (tk_view){tmp.s, tmp.lo, tmp.hi, tmp.n};
    if (!p->split)
        emit(v, 0, v.n, out);
    else {
        size_t run = 0;
        pos = 0;
        while (pos + p->replacement_len <= v.n) {
            if (memcmp(v.s + pos, p->replacement, p->replacement_len) == 0) {
                piece_push(&pc, run, pos, 0);
                piece_push(&pc, pos, pos + p->replacement_len, 1);
                pos += p->replacement_len;
                run = pos;
            } else
                pos++;
        }
        piece_push(&pc, run, v.n, 0);
        behave(v, &pc, TK_MERGED_NEXT, out);
    }
    free(pc.v);
    tk_buf_free(&tmp);
}

void tk_pre_apply(const tk_pre *p, tk_view in, int first, tk_seq *out)
{
    pieces pc = {0};

    switch (p->type) {
    case TK_P_BERT:
        bert(in, out);
        return;
    case TK_P_BYTELEVEL:
        byte_level(p, in, out);
        return;
    case TK_P_METASPACE:
        metaspace(p, in, first, out);
        return;
    case TK_P_WHITESPACE:
        by_regex(in, p->re, 1, &pc);
        behave(in, &pc, TK_REMOVED, out);
        break;
    case TK_P_WHITESPACE_SPLIT:
        by_char(in, pred_space, &pc);
        behave(in, &pc, TK_REMOVED, out);
        break;
    case TK_P_PUNCTUATION:
        by_char(in, pred_punct, &pc);
        behave(in, &pc, p->behavior, out);
        break;
    case TK_P_DIGITS:
        by_char(in, pred_digit, &pc);
        behave(in, &pc, p->individual_digits ? TK_ISOLATED : TK_CONTIGUOUS, out);
        break;
    case TK_P_SPLIT:
        by_regex(in, p->re, p->invert, &pc);
        behave(in, &pc, p->behavior, out);
        break;
    }
    free(pc.v);
}
