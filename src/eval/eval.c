/*
 * eval.c - analogy and word-pair benchmarks, computed as gensim 4.2 computes
 * them (see eval.h), with the analogy questions answered in blocks by
 * matrix products.
 *
 * gensim details followed here (gensim/models/keyedvectors.py):
 *   - ok_vocab maps key(word) -> index for the first `restrict` words,
 *     built from the end so the first case variant wins; key() is
 *     str.upper() unless case-sensitive. Question words are keyed the same
 *     way, and their vectors are those of the ok_vocab index.
 *   - analogy: most_similar(positive=[b, c], negative=[a], topn=5,
 *     restrict_vocab=N): mean of unit vectors, weights 1, 1, -1, divided by
 *     3, made unit; cosine with the first N rows; the indexes of a, b, c
 *     are left out. The answer is the first of those 5 whose key is not
 *     key(a), key(b) or key(c) (or the last one when all are); it is
 *     right when its key is key(expected).
 *   - analogy file: read as bytes, lines split on '\n' only; ": " starts a
 *     section named line.lstrip(': ').strip(); other lines are split on
 *     Python whitespace and must give four words.
 *   - word pairs: text mode (universal newlines); '#' lines are comments;
 *     gensim splits on the delimiter (tab) and needs three fields, the last
 *     a float; here a line without a tab is split on whitespace instead, so
 *     space-separated files work too. Pearson and Spearman (average ranks)
 *     of the gold scores against dot(unitvec(a), unitvec(b)).
 *   - 3CosMul: most_similar_cosmul: ((1+cos b)/2 (1+cos c)/2) /
 *     ((1+cos a)/2 + 1e-6), over the same first N rows (gensim 4.2's
 *     cosmul ignores restrict_vocab; here it is honoured so that both
 *     methods answer from the same candidates).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "blas.h"
#include "eval.h"
#include "utf8.h"
#include "vocab.h"
#include "xalloc.h"

#define TOPN 5              /* gensim's topn in evaluate_word_analogies */

/* ------------------------------------------------------------------ */
/* Python's str.upper()                                                */
/* ------------------------------------------------------------------ */

/* Characters whose upper case is more than one character (Unicode
 * SpecialCasing.txt, unconditional mappings; as Python 3.11, Unicode 14).
 * Everything else maps through utf8proc's simple upper case, which agrees
 * with Python's for all the other code points. */
static const struct {
    int32_t cp;
    int32_t up[3];
} special_upper[] = {
    {0x00DF, {0x0053, 0x0053, 0x0000}}, {0x0149, {0x02BC, 0x004E, 0x0000}},
    {0x01F0, {0x004A, 0x030C, 0x0000}}, {0x0390, {0x0399, 0x0308, 0x0301}},
    {0x03B0, {0x03A5, 0x0308, 0x0301}}, {0x0587, {0x0535, 0x0552, 0x0000}},
    {0x1E96, {0x0048, 0x0331, 0x0000}}, {0x1E97, {0x0054, 0x0308, 0x0000}},
    {0x1E98, {0x0057, 0x030A, 0x0000}}, {0x1E99, {0x0059, 0x030A, 0x0000}},
    {0x1E9A, {0x0041, 0x02BE, 0x0000}}, {0x1F50, {0x03A5, 0x0313, 0x0000}},
    {0x1F52, {0x03A5, 0x0313, 0x0300}}, {0x1F54, {0x03A5, 0x0313, 0x0301}},
    {0x1F56, {0x03A5, 0x0313, 0x0342}}, {0x1F80, {0x1F08, 0x0399, 0x0000}},
    {0x1F81, {0x1F09, 0x0399, 0x0000}}, {0x1F82, {0x1F0A, 0x0399, 0x0000}},
    {0x1F83, {0x1F0B, 0x0399, 0x0000}}, {0x1F84, {0x1F0C, 0x0399, 0x0000}},
    {0x1F85, {0x1F0D, 0x0399, 0x0000}}, {0x1F86, {0x1F0E, 0x0399, 0x0000}},
    {0x1F87, {0x1F0F, 0x0399, 0x0000}}, {0x1F88, {0x1F08, 0x0399, 0x0000}},
    {0x1F89, {0x1F09, 0x0399, 0x0000}}, {0x1F8A, {0x1F0A, 0x0399, 0x0000}},
    {0x1F8B, {0x1F0B, 0x0399, 0x0000}}, {0x1F8C, {0x1F0C, 0x0399, 0x0000}},
    {0x1F8D, {0x1F0D, 0x0399, 0x0000}}, {0x1F8E, {0x1F0E, 0x0399, 0x0000}},
    {0x1F8F, {0x1F0F, 0x0399, 0x0000}}, {0x1F90, {0x1F28, 0x0399, 0x0000}},
    {0x1F91, {0x1F29, 0x0399, 0x0000}}, {0x1F92, {0x1F2A, 0x0399, 0x0000}},
    {0x1F93, {0x1F2B, 0x0399, 0x0000}}, {0x1F94, {0x1F2C, 0x0399, 0x0000}},
    {0x1F95, {0x1F2D, 0x0399, 0x0000}}, {0x1F96, {0x1F2E, 0x0399, 0x0000}},
    {0x1F97, {0x1F2F, 0x0399, 0x0000}}, {0x1F98, {0x1F28, 0x0399, 0x0000}},
    {0x1F99, {0x1F29, 0x0399, 0x0000}}, {0x1F9A, {0x1F2A, 0x0399, 0x0000}},
    {0x1F9B, {0x1F2B, 0x0399, 0x0000}}, {0x1F9C, {0x1F2C, 0x0399, 0x0000}},
    {0x1F9D, {0x1F2D, 0x0399, 0x0000}}, {0x1F9E, {0x1F2E, 0x0399, 0x0000}},
    {0x1F9F, {0x1F2F, 0x0399, 0x0000}}, {0x1FA0, {0x1F68, 0x0399, 0x0000}},
    {0x1FA1, {0x1F69, 0x0399, 0x0000}}, {0x1FA2, {0x1F6A, 0x0399, 0x0000}},
    {0x1FA3, {0x1F6B, 0x0399, 0x0000}}, {0x1FA4, {0x1F6C, 0x0399, 0x0000}},
    {0x1FA5, {0x1F6D, 0x0399, 0x0000}}, {0x1FA6, {0x1F6E, 0x0399, 0x0000}},
    {0x1FA7, {0x1F6F, 0x0399, 0x0000}}, {0x1FA8, {0x1F68, 0x0399, 0x0000}},
    {0x1FA9, {0x1F69, 0x0399, 0x0000}}, {0x1FAA, {0x1F6A, 0x0399, 0x0000}},
    {0x1FAB, {0x1F6B, 0x0399, 0x0000}}, {0x1FAC, {0x1F6C, 0x0399, 0x0000}},
    {0x1FAD, {0x1F6D, 0x0399, 0x0000}}, {0x1FAE, {0x1F6E, 0x0399, 0x0000}},
    {0x1FAF, {0x1F6F, 0x0399, 0x0000}}, {0x1FB2, {0x1FBA, 0x0399, 0x0000}},
    {0x1FB3, {0x0391, 0x0399, 0x0000}}, {0x1FB4, {0x0386, 0x0399, 0x0000}},
    {0x1FB6, {0x0391, 0x0342, 0x0000}}, {0x1FB7, {0x0391, 0x0342, 0x0399}},
    {0x1FBC, {0x0391, 0x0399, 0x0000}}, {0x1FC2, {0x1FCA, 0x0399, 0x0000}},
    {0x1FC3, {0x0397, 0x0399, 0x0000}}, {0x1FC4, {0x0389, 0x0399, 0x0000}},
    {0x1FC6, {0x0397, 0x0342, 0x0000}}, {0x1FC7, {0x0397, 0x0342, 0x0399}},
    {0x1FCC, {0x0397, 0x0399, 0x0000}}, {0x1FD2, {0x0399, 0x0308, 0x0300}},
    {0x1FD3, {0x0399, 0x0308, 0x0301}}, {0x1FD6, {0x0399, 0x0342, 0x0000}},
    {0x1FD7, {0x0399, 0x0308, 0x0342}}, {0x1FE2, {0x03A5, 0x0308, 0x0300}},
    {0x1FE3, {0x03A5, 0x0308, 0x0301}}, {0x1FE4, {0x03A1, 0x0313, 0x0000}},
    {0x1FE6, {0x03A5, 0x0342, 0x0000}}, {0x1FE7, {0x03A5, 0x0308, 0x0342}},
    {0x1FF2, {0x1FFA, 0x0399, 0x0000}}, {0x1FF3, {0x03A9, 0x0399, 0x0000}},
    {0x1FF4, {0x038F, 0x0399, 0x0000}}, {0x1FF6, {0x03A9, 0x0342, 0x0000}},
    {0x1FF7, {0x03A9, 0x0342, 0x0399}}, {0x1FFC, {0x03A9, 0x0399, 0x0000}},
    {0xFB00, {0x0046, 0x0046, 0x0000}}, {0xFB01, {0x0046, 0x0049, 0x0000}},
    {0xFB02, {0x0046, 0x004C, 0x0000}}, {0xFB03, {0x0046, 0x0046, 0x0049}},
    {0xFB04, {0x0046, 0x0046, 0x004C}}, {0xFB05, {0x0053, 0x0054, 0x0000}},
    {0xFB06, {0x0053, 0x0054, 0x0000}}, {0xFB13, {0x0544, 0x0546, 0x0000}},
    {0xFB14, {0x0544, 0x0535, 0x0000}}, {0xFB15, {0x0544, 0x053B, 0x0000}},
    {0xFB16, {0x054E, 0x0546, 0x0000}}, {0xFB17, {0x0544, 0x053D, 0x0000}},
};

#define N_SPECIAL (sizeof special_upper / sizeof special_upper[0])

/* The special mapping of cp, or NULL (binary search: the table is sorted). */
static const int32_t *special_of(int32_t cp)
{
    size_t lo = 0, hi = N_SPECIAL;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (special_upper[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < N_SPECIAL && special_upper[lo].cp == cp ? special_upper[lo].up : NULL;
}

char *vs_eval_upper(const char *s, size_t len, size_t *out_len)
{
    /* one character grows to at most 3 characters of at most 4 bytes, and
     * from at least 2 bytes when it does (ASCII maps to ASCII) */
    char *out = xmalloc(len * 6 + 1);
    size_t i = 0, o = 0;

    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        utf8proc_int32_t cp;
        utf8proc_ssize_t n;
        const int32_t *sp;
        if (c < 0x80) {
            out[o++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
            i++;
            continue;
        }
        n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0 || vs_utf8_valid_prefix(s + i, (size_t)n) != (size_t)n) {
            out[o++] = (char)c; /* not UTF-8: the byte as it is */
            i++;
            continue;
        }
        i += (size_t)n;
        sp = special_of(cp);
        if (sp != NULL) {
            int k;
            for (k = 0; k < 3 && sp[k] != 0; k++)
                o += (size_t)utf8proc_encode_char(sp[k], (utf8proc_uint8_t *)out + o);
        } else {
            o += (size_t)utf8proc_encode_char(utf8proc_toupper(cp), (utf8proc_uint8_t *)out + o);
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* ------------------------------------------------------------------ */
/* statistics                                                          */
/* ------------------------------------------------------------------ */

double vs_eval_pearson(const double *x, const double *y, size_t n)
{
    double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0, r;
    size_t i;

    if (n < 2)
        return NAN;
    for (i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    for (i = 0; i < n; i++) {
        double dx = x[i] - mx, dy = y[i] - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (sxx == 0 || syy == 0)
        return NAN;
    r = sxy / sqrt(sxx * syy);
    return r > 1 ? 1 : r < -1 ? -1 : r;
}

static const double *rank_vals;

static int cmp_by_value(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;

    if (rank_vals[i] != rank_vals[j])
        return rank_vals[i] < rank_vals[j] ? -1 : 1;
    return i < j ? -1 : i > j;
}

/* r (n) = ranks of v, 1-based, ties given the average of their ranks. */
static void ranks(const double *v, size_t n, double *r)
{
    size_t *idx = xmallocarray(n ? n : 1, sizeof *idx), i, j;

    for (i = 0; i < n; i++)
        idx[i] = i;
    rank_vals = v;
    qsort(idx, n, sizeof *idx, cmp_by_value);
    for (i = 0; i < n; i = j) {
        double avg;
        for (j = i + 1; j < n && v[idx[j]] == v[idx[i]]; j++)
            ;
        avg = (double)(i + 1 + j) / 2.0; /* mean of ranks i+1 .. j */
        for (; i < j; i++)
            r[idx[i]] = avg;
    }
    free(idx);
}

double vs_eval_spearman(const double *x, const double *y, size_t n)
{
    double *rx = xmallocarray(n ? n : 1, sizeof *rx), *ry = xmallocarray(n ? n : 1, sizeof *ry);
    double rho;

    ranks(x, n, rx);
    ranks(y, n, ry);
    rho = vs_eval_pearson(rx, ry, n);
    free(rx);
    free(ry);
    return rho;
}

/* ------------------------------------------------------------------ */
/* files, lines, words                                                 */
/* ------------------------------------------------------------------ */

static int read_file(const char *path, char **buf, size_t *len, vs_error *err)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 16, n = 0, got;
    char *b;

    if (f == NULL)
        return vs_fail(err, "%s: cannot open: %s", path, strerror(errno));
    b = xmalloc(cap + 1);
    while ((got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            b = xrealloc(b, cap + 1);
        }
    }
    if (ferror(f)) {
        vs_fail(err, "%s: read failed: %s", path, strerror(errno));
        fclose(f);
        free(b);
        return -1;
    }
    fclose(f);
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

/* Bytes of the Python whitespace character (str.split()) at p, or 0. */
static size_t py_space(const unsigned char *p, const unsigned char *end)
{
    if (p >= end)
        return 0;
    if (*p == ' ' || (*p >= 0x09 && *p <= 0x0D) || (*p >= 0x1C && *p <= 0x1F))
        return 1;
    if (*p == 0xC2 && end - p >= 2 && (p[1] == 0x85 || p[1] == 0xA0))
        return 2;
    if (end - p >= 3) {
        if (p[0] == 0xE1 && p[1] == 0x9A && p[2] == 0x80)       /* U+1680 */
            return 3;
        if (p[0] == 0xE2 && p[1] == 0x80 &&
            (p[2] <= 0x8A || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF))
            return 3;                                            /* U+2000.. */
        if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F)       /* U+205F */
            return 3;
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)       /* U+3000 */
            return 3;
    }
    return 0;
}

typedef struct span {
    const char *s;
    size_t len;
} span;

/* Splits s[0..len) on runs of Python whitespace into at most max words;
 * returns how many words there are (which may be more than max). */
static size_t split_words(const char *s, size_t len, span *w, size_t max)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    size_t n = 0, k;

    for (;;) {
        const unsigned char *start;
        while ((k = py_space(p, end)) > 0)
            p += k;
        if (p >= end)
            return n;
        start = p;
        while (p < end && py_space(p, end) == 0)
            p++;
        if (n < max) {
            w[n].s = (const char *)start;
            w[n].len = (size_t)(p - start);
        }
        n++;
    }
}

/* s[0..len) without Python whitespace at either end. */
static span strip(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    span r;
    size_t k;

    while ((k = py_space(p, end)) > 0)
        p += k;
    /* trailing: walk forward remembering where the last non-space ended */
    {
        const unsigned char *q = p, *last = p;
        while (q < end) {
            k = py_space(q, end);
            if (k > 0) {
                q += k;
            } else {
                q++;
                last = q;
            }
        }
        end = last;
    }
    r.s = (const char *)p;
    r.len = (size_t)(end - p);
    return r;
}

static void skip_line(vs_eval_skips *sk, const char *path, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Counts a malformed line, keeping the first messages. */
static void skip_line(vs_eval_skips *sk, const char *path, size_t line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    sk->count++;
    if (sk->nmessages >= VS_EVAL_MAX_MESSAGES)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (sk->messages == NULL)
        sk->messages = xcalloc(VS_EVAL_MAX_MESSAGES, sizeof *sk->messages);
    sk->messages[sk->nmessages++] = xasprintf("%s:%zu: %s", path, line, msg);
}

static void skips_free(vs_eval_skips *sk)
{
    size_t i;

    for (i = 0; i < sk->nmessages; i++)
        free(sk->messages[i]);
    free(sk->messages);
    memset(sk, 0, sizeof *sk);
}

/* An escaped excerpt of a line for messages. */
static char *shown(const char *s, size_t len)
{
    return vs_escape(s, len < 60 ? len : 60);
}

/* ------------------------------------------------------------------ */
/* ok_vocab: key -> first word among the first N                       */
/* ------------------------------------------------------------------ */

typedef struct keymap {
    vs_vocab *keys;       /* key strings; key id = its id here */
    uint32_t *row_of;     /* key id -> the first model row with that key */
    uint32_t *key_of;     /* model row (< n) -> key id */
    size_t n;             /* rows considered: the first n */
    int upper;
} keymap;

static void keymap_build(keymap *km, const vs_model *m, size_t n, int upper)
{
    size_t i;

    km->n = n;
    km->upper = upper;
    km->keys = vs_vocab_new(n);
    km->row_of = xmallocarray(n ? n : 1, sizeof *km->row_of);
    km->key_of = xmallocarray(n ? n : 1, sizeof *km->key_of);
    for (i = 0; i < n; i++) {
        const char *w = vs_vocab_word(m->vocab, i);
        size_t len = vs_vocab_len(m->vocab, i), klen = len, first = 0;
        char *key = NULL;
        long id;
        if (upper)
            key = vs_eval_upper(w, len, &klen);
        id = vs_vocab_add(km->keys, key ? key : w, klen, &first);
        if (id >= 0) {
            km->row_of[id] = (uint32_t)i;
            km->key_of[i] = (uint32_t)id;
        } else {
            km->key_of[i] = (uint32_t)first;   /* a later case variant */
        }
        free(key);
    }
}

/* The key id of word[0..len), or -1. */
static long keymap_find(const keymap *km, const char *word, size_t len)
{
    long id;

    if (km->upper) {
        size_t klen;
        char *key = vs_eval_upper(word, len, &klen);
        id = vs_vocab_find(km->keys, key, klen);
        free(key);
    } else {
        id = vs_vocab_find(km->keys, word, len);
    }
    return id;
}

static void keymap_free(keymap *km)
{
    vs_vocab_free(km->keys);
    free(km->row_of);
    free(km->key_of);
}

static size_t restrict_of(const vs_model *m, const vs_eval_opts *o)
{
    return o->restrict_vocab == 0 || o->restrict_vocab > m->n ? m->n : o->restrict_vocab;
}

/* ------------------------------------------------------------------ */
/* analogies                                                           */
/* ------------------------------------------------------------------ */

/*
 * How the questions are answered. 3CosAdd ranks the candidates w by
 * cos(w, q), q = unit(ub + uc - ua), which orders them exactly as
 *     (w.ub + w.uc - w.ua) / |w|  =  cos(w, b) + cos(w, c) - cos(w, a)
 * (q's length is the same for every w), and 3CosMul is a function of the
 * same three cosines. A question file uses few distinct words (905 in the
 * 19,544 questions of questions-words.txt), so instead of one product per
 * question we take one per distinct word: for a tile of the vocabulary,
 * D (words, tile) = U (words, dim) . W_tile^T (one sgemm) divided by the row
 * norms, and each question combines three rows of D, keeping a running
 * top-K. That is about 20x fewer flops than a product per question. The K
 * best of 3CosAdd are then re-ranked by cos(w, q) computed as gensim does
 * (mean vector in float), so the answer does not hang on the rounding of
 * the shortcut. When a block of questions has more distinct words than
 * questions (3CosAdd only), it takes one query vector per question instead.
 */

#define CAND 16              /* candidates kept per question before re-ranking */
#define MAX_U 4096           /* rows of U per block */
#define D_FLOATS (4u << 20)  /* floats of D per tile (16 MB) */

typedef struct question {
    uint32_t row[3];       /* model rows of a, b, c */
    uint32_t key[4];       /* key ids of a, b, c, expected */
    uint32_t section;
    uint32_t u[3];         /* rows of U for a, b, c (or u[0]: its query) */
} question;

/* The best CAND candidates of one question, best first. */
typedef struct top {
    float score[CAND];
    uint32_t id[CAND];
    size_t n;
} top;

/* Adds candidate id with score v to t (v > t's threshold), leaving out the
 * question's own rows. Rows come in increasing order, so an equal score
 * never displaces an earlier (lower) row. Returns the new threshold. */
static float top_insert(top *t, float v, uint32_t id, const uint32_t *ex)
{
    size_t pos;

    if (id == ex[0] || id == ex[1] || id == ex[2])
        return t->n == CAND ? t->score[CAND - 1] : -INFINITY;
    pos = t->n < CAND ? t->n : CAND - 1;
    while (pos > 0 && t->score[pos - 1] < v) {
        t->score[pos] = t->score[pos - 1];
        t->id[pos] = t->id[pos - 1];
        pos--;
    }
    t->score[pos] = v;
    t->id[pos] = id;
    if (t->n < CAND)
        t->n++;
    return t->n == CAND ? t->score[CAND - 1] : -INFINITY;
}

/* Eight floats as one value (GCC vector extension): one AVX register where
 * the AVX2 clone of scan runs, two SSE registers otherwise, generic code on
 * other machines. The combine-and-compare loop below reads three rows of D
 * per question and is the inner loop of the whole evaluation. */
typedef float v8f __attribute__((vector_size(32)));
typedef int v8i __attribute__((vector_size(32)));

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VS_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VS_SIMD_CLONES
#endif

/* Offers candidates first .. first+15 (scores v[0..16)) to t. */
static float offer16(top *t, const float *v, float thr, uint32_t first, const uint32_t *ex)
{
    size_t k;

    for (k = 0; k < 16; k++)
        if (v[k] > thr)
            thr = top_insert(t, v[k], first + (uint32_t)k, ex);
    return thr;
}

/* Offers rows [base, base + n) to t (n is a multiple of 16) with the
 * scores: 3CosAdd (db + dc - da), 3CosMul, or da alone (a question's own
 * query vector: db == NULL). Almost every chunk of 16 falls below the
 * threshold and costs one test of its comparison masks; NaN (a zero row)
 * never passes. The loads go through memcpy (unaligned-safe). */
VS_SIMD_CLONES
static void scan(top *t, const float *da, const float *db, const float *dc, size_t n,
                 uint32_t base, int mul, const uint32_t *ex)
{
    const v8f one = {1, 1, 1, 1, 1, 1, 1, 1}, two = {2, 2, 2, 2, 2, 2, 2, 2};
    const v8f eps = {1e-6f, 1e-6f, 1e-6f, 1e-6f, 1e-6f, 1e-6f, 1e-6f, 1e-6f};
    float thr = t->n == CAND ? t->score[CAND - 1] : -INFINITY;
    size_t j, h;

    for (j = 0; j < n; j += 16) {
        v8f v[2], a, b, c, tv = {thr, thr, thr, thr, thr, thr, thr, thr};
        float vals[16];
        v8i hit;
        uint64_t w[4];
        for (h = 0; h < 2; h++) {
            memcpy(&a, da + j + 8 * h, sizeof a);
            if (db == NULL) {
                v[h] = a;
                continue;
            }
            memcpy(&b, db + j + 8 * h, sizeof b);
            memcpy(&c, dc + j + 8 * h, sizeof c);
            if (!mul)
                v[h] = b + c - a;
            else  /* (1 + cos b)/2 (1 + cos c)/2 / ((1 + cos a)/2 + 1e-6),
                   * in gensim's order of float operations */
                v[h] = (((one + b) / two) * ((one + c) / two)) / ((one + a) / two + eps);
        }
        hit = (v[0] > tv) | (v[1] > tv);
        memcpy(w, &hit, sizeof w);
        if ((w[0] | w[1] | w[2] | w[3]) == 0)
            continue;
        memcpy(vals, v, sizeof vals);
        thr = offer16(t, vals, thr, base + (uint32_t)j, ex);
    }
}

/* u (dim) = row / norm, in float as gensim's get_vector(norm=True). */
static void unit_row(const vs_model *m, const float *norms, uint32_t r, float *u)
{
    const float *x = vs_model_row(m, r);
    size_t j;

    for (j = 0; j < m->dim; j++)
        u[j] = x[j] / norms[r];
}

/* q (dim) = unit((ub + uc - ua) / 3), accumulated in float as gensim's
 * get_mean_vector (positive b, c first, then negative a). */
static void mean_query(const vs_model *m, const float *norms, const question *qu, float *q,
                       float *u)
{
    static const int order[3] = {1, 2, 0};
    static const float weight[3] = {-1.0f, 1.0f, 1.0f};
    size_t j, t;
    double len;

    memset(q, 0, m->dim * sizeof *q);
    for (t = 0; t < 3; t++) {
        int k = order[t];
        unit_row(m, norms, qu->row[k], u);
        for (j = 0; j < m->dim; j++)
            q[j] += weight[k] * u[j];
    }
    for (j = 0; j < m->dim; j++)
        q[j] = q[j] / 3.0f;
    len = vs_norm(q, m->dim);
    if (len > 0) {
        float l = (float)len;
        for (j = 0; j < m->dim; j++)
            q[j] = q[j] / l;
    }
}

/* Re-ranks t's candidates by cos(w, q) with q as gensim computes it. */
static void rerank(const vs_model *m, const float *norms, const question *qu, top *t,
                   float *q, float *u)
{
    size_t i, j;
    top r;

    mean_query(m, norms, qu, q, u);
    r.n = 0;
    for (i = 0; i < t->n; i++) {
        const float *w = vs_model_row(m, t->id[i]);
        float d = 0.0f, v;
        size_t pos;
        for (j = 0; j < m->dim; j++)
            d += w[j] * q[j];
        v = d / norms[t->id[i]];
        if (!(v == v))
            continue;
        /* insertion by (score desc, id asc) */
        pos = r.n;
        while (pos > 0 && (r.score[pos - 1] < v ||
                           (r.score[pos - 1] == v && r.id[pos - 1] > t->id[i]))) {
            r.score[pos] = r.score[pos - 1];
            r.id[pos] = r.id[pos - 1];
            pos--;
        }
        r.score[pos] = v;
        r.id[pos] = t->id[i];
        r.n++;
    }
    *t = r;
}

/* The scratch of the answering loop. */
typedef struct answerer {
    const vs_model *m;
    const float *norms;
    size_t n;               /* candidate rows: the first n */
    int mul;
    const keymap *km;
    float *U, *D, *q, *u;
    top *tops;
    uint32_t *slot_of;      /* model row -> row of U in this block, or -1 */
    int threads;            /* for the scans */
} answerer;

/* Scans the questions [from, to) of a block over the current tile of D. */
typedef struct scan_job {
    answerer *A;
    const question *qs;
    size_t from, to, tn4, t0;
    int direct;
} scan_job;

static void *scan_run(void *arg)
{
    scan_job *j = arg;
    answerer *A = j->A;
    size_t i;

    for (i = j->from; i < j->to; i++) {
        const question *qu = &j->qs[i];
        if (j->direct)
            scan(&A->tops[i], A->D + qu->u[0] * j->tn4, NULL, NULL, j->tn4, (uint32_t)j->t0, 0,
                 qu->row);
        else
            scan(&A->tops[i], A->D + qu->u[0] * j->tn4, A->D + qu->u[1] * j->tn4,
                 A->D + qu->u[2] * j->tn4, j->tn4, (uint32_t)j->t0, A->mul, qu->row);
    }
    return NULL;
}

/* Every question of the block over the tile, split among A->threads
 * threads (they run between two sgemm calls, never during one). */
static void scan_questions(answerer *A, const question *qs, size_t nq, size_t tn4, size_t t0,
                           int direct)
{
    scan_job jobs[VS_EVAL_MAX_THREADS];
    pthread_t tid[VS_EVAL_MAX_THREADS];
    int started[VS_EVAL_MAX_THREADS];
    size_t nt = (size_t)A->threads, per, k;

    if (nt > nq / 64)
        nt = nq / 64;   /* not worth a thread for fewer questions */
    if (nt < 1)
        nt = 1;
    per = (nq + nt - 1) / nt;
    for (k = 0; k < nt; k++) {
        jobs[k].A = A;
        jobs[k].qs = qs;
        jobs[k].from = k * per < nq ? k * per : nq;
        jobs[k].to = (k + 1) * per < nq ? (k + 1) * per : nq;
        jobs[k].tn4 = tn4;
        jobs[k].t0 = t0;
        jobs[k].direct = direct;
        started[k] = k > 0 && pthread_create(&tid[k], NULL, scan_run, &jobs[k]) == 0;
        if (k > 0 && !started[k])
            scan_run(&jobs[k]);
    }
    scan_run(&jobs[0]);
    for (k = 1; k < nt; k++)
        if (started[k])
            pthread_join(tid[k], NULL);
}

/* Answers qs[0..nq), whose u[] are rows of U (nu of them, filled), setting
 * right[]. direct: U holds one query vector per question (u[0]). */
static void answer_block(answerer *A, question *qs, size_t nq, size_t nu, int direct,
                         unsigned char *right)
{
    const vs_model *m = A->m;
    size_t dim = m->dim, i, j, t0;
    size_t tile = D_FLOATS / (nu ? nu : 1);

    tile = tile < 256 ? 256 : tile > 65536 ? 65536 : tile;
    tile -= tile % 16;
    for (i = 0; i < nq; i++)
        A->tops[i].n = 0;
    for (t0 = 0; t0 < A->n; t0 += tile) {
        size_t tn = A->n - t0 < tile ? A->n - t0 : tile, tn4 = (tn + 15) & ~(size_t)15;
        const float *nr = A->norms + t0;
        /* D (nu, tn) = U (nu, dim) . W[t0 : t0 + tn]^T (dim, tn), then each
         * column divided by its row's norm: cosines (NaN for a zero row);
         * the columns from tn to tn4 (a multiple of 16) are NaN padding */
        vs_sgemm(0, 1, nu, tn, dim, 1.0f, A->U, dim, m->vecs + t0 * dim, dim, 0.0f, A->D, tn4);
        for (i = 0; i < nu; i++) {
            float *d = A->D + i * tn4;
            for (j = 0; j < tn; j++)
                d[j] = d[j] / nr[j];
            for (; j < tn4; j++)
                d[j] = NAN;
        }
        scan_questions(A, qs, nq, tn4, t0, direct);
    }
    for (i = 0; i < nq; i++) {
        top *t = &A->tops[i];
        long predicted = -1;
        size_t k;
        if (!A->mul && !direct)
            rerank(m, A->norms, &qs[i], t, A->q, A->u);
        /* gensim's answer: the first of the best TOPN whose key is not a,
         * b or c's (it breaks there), else the last one looked at */
        for (k = 0; k < t->n && k < TOPN; k++) {
            uint32_t key = A->km->key_of[t->id[k]];
            predicted = key;
            if (key != qs[i].key[0] && key != qs[i].key[1] && key != qs[i].key[2])
                break;
        }
        right[i] = predicted == (long)qs[i].key[3];
    }
}

/* Answers all questions, a block at a time; returns -1 when interrupted. */
static int answer_all(answerer *A, question *qs, size_t nq, unsigned char *right,
                      const vs_progress *progress, vs_error *err)
{
    const vs_model *m = A->m;
    size_t q0 = 0, dim = m->dim;

    while (q0 < nq) {
        size_t nb = 0, nu = 0, i, k;
        int direct;
        /* the block: as many questions as keep its distinct words <= MAX_U */
        while (q0 + nb < nq) {
            question *qu = &qs[q0 + nb];
            size_t fresh = 0;
            for (k = 0; k < 3; k++)
                fresh += A->slot_of[qu->row[k]] == UINT32_MAX;
            if (nu + fresh > MAX_U)
                break;
            for (k = 0; k < 3; k++) {
                uint32_t r = qu->row[k];
                if (A->slot_of[r] == UINT32_MAX) {
                    A->slot_of[r] = (uint32_t)nu;
                    unit_row(m, A->norms, r, A->U + nu * dim);
                    nu++;
                }
                qu->u[k] = A->slot_of[r];
            }
            nb++;
        }
        for (i = 0; i < nb; i++)
            for (k = 0; k < 3; k++)
                A->slot_of[qs[q0 + i].row[k]] = UINT32_MAX;
        /* 3CosAdd with more distinct words than questions: one query each */
        direct = !A->mul && nu > nb;
        if (direct) {
            for (i = 0; i < nb; i++) {
                mean_query(m, A->norms, &qs[q0 + i], A->U + i * dim, A->u);
                qs[q0 + i].u[0] = (uint32_t)i;
            }
            nu = nb;
        }
        answer_block(A, qs + q0, nb, nu, direct, right + q0);
        q0 += nb;
        if (vs_progress_step(progress, "evaluating analogies", (double)q0 / (double)nq, err) < 0)
            return -1;
    }
    return 0;
}

void vs_analogy_result_free(vs_analogy_result *res)
{
    size_t i;

    if (res == NULL)
        return;
    for (i = 0; i < res->nsections; i++)
        free(res->sections[i].name);
    free(res->sections);
    free(res->total.name);
    skips_free(&res->skips);
    memset(res, 0, sizeof *res);
}

int vs_eval_analogy(vs_model *m, const char *path, const vs_eval_opts *o,
                    vs_analogy_result *res, vs_error *err)
{
    char *buf = NULL;
    size_t len, nrows = restrict_of(m, o), line = 0, nq = 0, qcap = 0, i, scap = 0;
    const char *p, *end;
    question *qs = NULL;
    keymap km;
    const float *norms;
    int rc = -1;

    memset(res, 0, sizeof *res);
    res->restrict_vocab = nrows;
    if (read_file(path, &buf, &len, err) < 0)
        return -1;
    norms = vs_model_norms(m);
    keymap_build(&km, m, nrows, !o->case_sensitive);

    /* 1. read the questions; look their words up */
    for (p = buf, end = buf + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        span w[5];
        size_t nw;
        line++;
        if (le - p >= 2 && p[0] == ':' && p[1] == ' ') {
            /* ": section": name = line.lstrip(': ').strip() */
            const char *s = p;
            span name;
            while (s < le && (*s == ':' || *s == ' '))
                s++;
            name = strip(s, (size_t)(le - s));
            if (res->nsections == scap) {
                scap = scap ? 2 * scap : 16;
                res->sections = xreallocarray(res->sections, scap, sizeof *res->sections);
            }
            memset(&res->sections[res->nsections], 0, sizeof *res->sections);
            res->sections[res->nsections++].name = xstrndup(name.s, name.len);
        } else if ((nw = split_words(p, (size_t)(le - p), w, 5)) == 0) {
            ; /* a blank line */
        } else if (nw != 4) {
            char *e = shown(p, (size_t)(le - p));
            skip_line(&res->skips, path, line, "expected four words (A B C EXPECTED) or "
                      "': SECTION', found %zu word%s: \"%s\"", nw, nw == 1 ? "" : "s", e);
            free(e);
        } else if (res->nsections == 0) {
            skip_line(&res->skips, path, line, "a question before the first ': SECTION' line");
        } else {
            vs_analogy_section *sec = &res->sections[res->nsections - 1];
            long key[4];
            int k, known = 1;
            res->questions++;
            for (k = 0; k < 4; k++) {
                key[k] = keymap_find(&km, w[k].s, w[k].len);
                known &= key[k] >= 0;
            }
            if (!known) {
                sec->oov++;
            } else {
                if (nq == qcap) {
                    qcap = qcap ? 2 * qcap : 1024;
                    qs = xreallocarray(qs, qcap, sizeof *qs);
                }
                for (k = 0; k < 4; k++)
                    qs[nq].key[k] = (uint32_t)key[k];
                for (k = 0; k < 3; k++)
                    qs[nq].row[k] = km.row_of[key[k]];
                qs[nq].section = (uint32_t)(res->nsections - 1);
                nq++;
            }
        }
        p = nl ? nl + 1 : end;
    }
    if (res->questions == 0) {
        vs_fail(err, "%s: no usable question: expected ': SECTION' lines, each followed by "
                "lines of four words (%zu malformed line%s skipped%s%s)",
                path, res->skips.count, res->skips.count == 1 ? "" : "s",
                res->skips.nmessages ? "; the first: " : "",
                res->skips.nmessages ? res->skips.messages[0] : "");
        goto done;
    }

    /* 2. answer them */
    {
        answerer A;
        unsigned char *right = xmalloc(nq ? nq : 1);
        size_t k;
        int r;
        memset(&A, 0, sizeof A);
        A.m = m;
        A.norms = norms;
        A.n = nrows;
        A.mul = o->mul;
        A.km = &km;
        A.threads = o->threads < 1 ? 1 : o->threads > VS_EVAL_MAX_THREADS ? VS_EVAL_MAX_THREADS
                                                                            : o->threads;
        A.U = xmallocarray((size_t)MAX_U * m->dim, sizeof *A.U);
        A.D = xmallocarray(D_FLOATS + 16 * (size_t)MAX_U, sizeof *A.D);
        A.q = xmallocarray(m->dim, sizeof *A.q);
        A.u = xmallocarray(m->dim, sizeof *A.u);
        A.tops = xmallocarray(nq ? nq : 1, sizeof *A.tops);
        A.slot_of = xmallocarray(nrows ? nrows : 1, sizeof *A.slot_of);
        memset(A.slot_of, 0xff, (nrows ? nrows : 1) * sizeof *A.slot_of);
        r = answer_all(&A, qs, nq, right, o->progress, err);
        vs_progress_done(o->progress);
        for (k = 0; r == 0 && k < nq; k++) {
            vs_analogy_section *sec = &res->sections[qs[k].section];
            sec->seen++;
            sec->correct += right[k];
        }
        free(A.U);
        free(A.D);
        free(A.q);
        free(A.u);
        free(A.tops);
        free(A.slot_of);
        free(right);
        if (r < 0)
            goto done;   /* interrupted */
    }

    /* 3. the total */
    res->total.name = xstrdup("total");
    for (i = 0; i < res->nsections; i++) {
        res->total.correct += res->sections[i].correct;
        res->total.seen += res->sections[i].seen;
        res->total.oov += res->sections[i].oov;
    }
    rc = 0;
done:
    if (rc != 0)
        vs_analogy_result_free(res);
    keymap_free(&km);
    free(qs);
    free(buf);
    return rc;
}

/* ------------------------------------------------------------------ */
/* word pairs                                                          */
/* ------------------------------------------------------------------ */

void vs_sim_result_free(vs_sim_result *res)
{
    if (res == NULL)
        return;
    skips_free(&res->skips);
    memset(res, 0, sizeof *res);
}

/* Parses a whole token as a finite number. */
static int parse_score(const char *s, size_t len, double *out)
{
    char tmp[64], *e;

    if (len == 0 || len >= sizeof tmp)
        return -1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    errno = 0;
    *out = strtod(tmp, &e);
    if (*e != '\0' || errno == ERANGE || !isfinite(*out))
        return -1;
    return 0;
}

/* dot(unit(a), unit(b)) for rows a and b. */
static double row_cosine(const vs_model *m, const float *norms, uint32_t a, uint32_t b)
{
    const float *x = vs_model_row(m, a), *y = vs_model_row(m, b);
    double s = 0;
    size_t j;

    for (j = 0; j < m->dim; j++)
        s += (double)(x[j] / norms[a]) * (double)(y[j] / norms[b]);
    return s;
}

int vs_eval_sim(vs_model *m, const char *path, const vs_eval_opts *o,
                vs_sim_result *res, vs_error *err)
{
    char *buf = NULL;
    size_t len, nrows = restrict_of(m, o), line = 0, cap = 0, wellformed = 0;
    const char *p, *end;
    double *gold = NULL, *model = NULL;
    keymap km;
    const float *norms;
    int rc = -1;

    memset(res, 0, sizeof *res);
    res->restrict_vocab = nrows;
    if (read_file(path, &buf, &len, err) < 0)
        return -1;
    norms = vs_model_norms(m);
    keymap_build(&km, m, nrows, !o->case_sensitive);
    for (p = buf, end = buf + len; p < end;) {
        /* universal newlines: \n, \r\n or \r ends a line */
        const char *le = p;
        span f[4];
        size_t nf = 0;
        double score;
        while (le < end && *le != '\n' && *le != '\r')
            le++;
        line++;
        if (p < le && *p == '#') {
            ; /* a comment */
        } else if (memchr(p, '\t', (size_t)(le - p)) != NULL) {
            /* tab-separated (gensim's delimiter): three fields */
            const char *s = p;
            for (;;) {
                const char *t = memchr(s, '\t', (size_t)(le - s));
                const char *fe = t ? t : le;
                if (nf < 4)
                    f[nf] = strip(s, (size_t)(fe - s));
                nf++;
                if (t == NULL)
                    break;
                s = t + 1;
            }
        } else {
            nf = split_words(p, (size_t)(le - p), f, 4);
        }
        if (p < le && *p == '#') {
            ;
        } else if (nf == 0 || (nf == 1 && f[0].len == 0)) {
            ; /* a blank line */
        } else if (nf != 3 || f[0].len == 0 || f[1].len == 0) {
            char *e = shown(p, (size_t)(le - p));
            skip_line(&res->skips, path, line,
                      "expected WORD1 WORD2 SCORE (tab- or space-separated), found \"%s\"", e);
            free(e);
        } else if (parse_score(f[2].s, f[2].len, &score) < 0) {
            char *e = shown(f[2].s, f[2].len);
            skip_line(&res->skips, path, line, "the score \"%s\" is not a number", e);
            free(e);
        } else {
            long ka = keymap_find(&km, f[0].s, f[0].len), kb = keymap_find(&km, f[1].s, f[1].len);
            wellformed++;
            if (ka < 0 || kb < 0) {
                res->oov++;
            } else {
                if (res->pairs == cap) {
                    cap = cap ? 2 * cap : 1024;
                    gold = xreallocarray(gold, cap, sizeof *gold);
                    model = xreallocarray(model, cap, sizeof *model);
                }
                gold[res->pairs] = score;
                model[res->pairs] = row_cosine(m, norms, km.row_of[ka], km.row_of[kb]);
                res->pairs++;
            }
        }
        /* past the line end: \r\n counts as one */
        if (le < end && *le == '\r' && le + 1 < end && le[1] == '\n')
            le++;
        p = le < end ? le + 1 : end;
        if ((line & 1023) == 0 &&
            vs_progress_step(o->progress, "evaluating word pairs", (double)(p - buf) / (double)len,
                             err) < 0)
            goto done;
    }
    vs_progress_done(o->progress);
    if (wellformed == 0) {
        vs_fail(err, "%s: no usable line: expected WORD1 WORD2 SCORE lines (%zu malformed "
                "line%s skipped%s%s)", path, res->skips.count, res->skips.count == 1 ? "" : "s",
                res->skips.nmessages ? "; the first: " : "",
                res->skips.nmessages ? res->skips.messages[0] : "");
        goto done;
    }
    if (res->pairs == 0) {
        vs_fail(err, "%s: all %zu pairs have a word outside the first %zu words of %s",
                path, res->oov, nrows, m->name);
        goto done;
    }
    res->pearson = vs_eval_pearson(gold, model, res->pairs);
    res->spearman = vs_eval_spearman(gold, model, res->pairs);
    res->oov_fraction = (double)res->oov / (double)(res->pairs + res->oov);
    rc = 0;
done:
    if (rc != 0)
        vs_sim_result_free(res);
    keymap_free(&km);
    free(gold);
    free(model);
    free(buf);
    return rc;
}
