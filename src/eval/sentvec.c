/*
 * sentvec.c - sentence vectors from a static model: words, means, SIF
 * weights and the removal of the first principal direction (see
 * sentvec.h).
 */
#include "config.h"

#include <errno.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../blas.h"
#include "../utf8.h"
#include "../xalloc.h"
#include "sentvec.h"

/* A letter or a number: what Python's [^\W_] matches (str.isalnum). */
static int is_word_char(utf8proc_int32_t c)
{
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

/* The code point at s (len bytes left) in *c, and its length in bytes; an
 * invalid sequence reads as one byte holding -1. Typographic apostrophes
 * read as '. */
static size_t next_char(const char *s, size_t len, utf8proc_int32_t *c)
{
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                          (utf8proc_ssize_t)len, c);

    if (k <= 0) {
        *c = -1;
        return 1;
    }
    if (*c == 0x2018 || *c == 0x2019)
        *c = '\'';
    return (size_t)k;
}

size_t vs_sent_words(const char *text, size_t len,
                     void (*fn)(const char *word, size_t len, void *ud), void *ud)
{
    size_t i = 0, count = 0, cap = 64, wl;
    char *w = xmalloc(cap);
    utf8proc_int32_t c;

    while (i < len) {
        size_t k = next_char(text + i, len - i, &c);
        if (c < 0 || !is_word_char(c)) {
            i += k;
            continue;
        }
        /* a word: runs of letters and numbers joined by single apostrophes
         * that have a letter or number on each side */
        wl = 0;
        for (;;) {
            utf8proc_uint8_t buf[4];
            utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_tolower(c), buf);
            if (wl + (size_t)n + 1 > cap) {
                cap *= 2;
                w = xrealloc(w, cap);
            }
            memcpy(w + wl, buf, (size_t)n);
            wl += (size_t)n;
            i += k;
            if (i >= len)
                break;
            k = next_char(text + i, len - i, &c);
            if (c >= 0 && is_word_char(c))
                continue;
            if (c == '\'' && i + k < len) {
                utf8proc_int32_t c2;
                size_t k2 = next_char(text + i + k, len - i - k, &c2);
                if (c2 >= 0 && is_word_char(c2)) {
                    if (wl + 2 > cap) {
                        cap *= 2;
                        w = xrealloc(w, cap);
                    }
                    w[wl++] = '\'';
                    i += k;
                    k = k2;
                    c = c2;
                    continue;
                }
            }
            break;
        }
        w[wl] = '\0';
        fn(w, wl, ud);
        count++;
    }
    free(w);
    return count;
}

typedef struct id_list {
    const vs_model *m;
    long *ids;
    size_t n, cap;
} id_list;

static void add_id(const char *word, size_t len, void *ud)
{
    id_list *l = ud;
    long id = vs_vocab_find(l->m->vocab, word, len);

    if (id < 0)
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->ids = xreallocarray(l->ids, l->cap, sizeof *l->ids);
    }
    l->ids[l->n++] = id;
}

void vs_sent_ids(const vs_model *m, const char *text, long **ids, size_t *nids,
                 size_t *nwords)
{
    id_list l;

    memset(&l, 0, sizeof l);
    l.m = m;
    *nwords = vs_sent_words(text, strlen(text), add_id, &l);
    *ids = l.ids;
    *nids = l.n;
}

void vs_word_probs_zipf(const vs_model *m, double *p)
{
    double h = 0.0;
    size_t r;

    for (r = m->n; r >= 1; r--)  /* smallest terms first */
        h += 1.0 / (double)r;
    for (r = 1; r <= m->n; r++)
        p[r - 1] = 1.0 / ((double)r * h);
}

int vs_word_probs_counts(const vs_model *m, const char *path, double *p, vs_error *err)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, lineno = 0, i;
    ssize_t got;
    double total = 0.0;

    if (f == NULL)
        return vs_fail(err, "cannot open the counts file %s: %s", path, strerror(errno));
    for (i = 0; i < m->n; i++)
        p[i] = 0.0;
    while ((got = getline(&line, &cap, f)) >= 0) {
        size_t len = (size_t)got, wl;
        char *end, *num;
        double c;
        long id;
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        /* the count is the last field; the word is what comes before */
        num = line + len;
        while (num > line && num[-1] != ' ' && num[-1] != '\t')
            num--;
        wl = (size_t)(num - line);
        while (wl > 0 && (line[wl - 1] == ' ' || line[wl - 1] == '\t'))
            wl--;
        errno = 0;
        c = strtod(num, &end);
        if (wl == 0 || num == line + len || *end != '\0' || errno != 0 || !(c >= 0) ||
            !isfinite(c)) {
            char *shown = vs_escape(line, len < 60 ? len : 60);
            vs_fail(err, "%s:%zu: expected 'WORD COUNT' with a count of 0 or more, found "
                         "\"%s\"", path, lineno, shown);
            free(shown);
            free(line);
            fclose(f);
            return -1;
        }
        total += c;
        id = vs_vocab_find(m->vocab, line, wl);
        if (id >= 0 && p[id] == 0.0)  /* a word listed twice: the first */
            p[id] = c;
    }
    free(line);
    fclose(f);
    if (!(total > 0))
        return vs_fail(err, "%s: no word with a count above 0 (expected lines 'WORD COUNT')",
                       path);
    for (i = 0; i < m->n; i++)
        p[i] /= total;
    return 0;
}

void vs_sif_weights(const double *p, size_t n, double a, float *w)
{
    size_t i;

    for (i = 0; i < n; i++)
        w[i] = (float)(a / (a + p[i]));
}

size_t vs_sent_vector(const vs_model *m, const char *text, const float *weights, float *v,
                      size_t *nwords)
{
    size_t d = m->dim, nids, nw, i, j;
    double *acc = xcalloc(d, sizeof *acc);
    long *ids;

    vs_sent_ids(m, text, &ids, &nids, &nw);
    for (i = 0; i < nids; i++) {
        const float *row = vs_model_row(m, (size_t)ids[i]);
        double wt = weights != NULL ? weights[ids[i]] : 1.0;
        for (j = 0; j < d; j++)
            acc[j] += wt * row[j];
    }
    for (j = 0; j < d; j++)
        v[j] = nids > 0 ? (float)(acc[j] / (double)nids) : 0.0f;
    if (nwords != NULL)
        *nwords = nw;
    free(ids);
    free(acc);
    return nids;
}

int vs_first_direction(const float *X, size_t n, size_t d, float *u, vs_error *err)
{
    double *Xd = xmallocarray(n * d, sizeof *Xd), *G = xmallocarray(d * d, sizeof *G);
    double *V = xmallocarray(d, sizeof *V), ev;
    lapack_int found, *isuppz = xmallocarray(2, sizeof *isuppz), info;
    size_t i, big = 0;

    /* G (d, d) = X'X, in double */
    for (i = 0; i < n * d; i++)
        Xd[i] = X[i];
    vs_dgemm(1, 0, d, d, n, 1.0, Xd, d, Xd, d, 0.0, G, d);
    /* its largest eigenvalue's eigenvector */
    info = LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'V', 'I', 'U', (lapack_int)d, G, (lapack_int)d,
                          0.0, 0.0, (lapack_int)d, (lapack_int)d, 0.0, &found, &ev, V, 1,
                          isuppz);
    if (info != 0 || found != 1) {
        free(Xd);
        free(G);
        free(V);
        free(isuppz);
        return vs_fail(err, "the principal direction of %zu vectors: LAPACK dsyevr failed "
                            "(info %d)", n, (int)info);
    }
    /* a fixed sign: the largest component positive */
    for (i = 1; i < d; i++)
        if (fabs(V[i]) > fabs(V[big]))
            big = i;
    for (i = 0; i < d; i++)
        u[i] = (float)(V[big] < 0 ? -V[i] : V[i]);
    free(Xd);
    free(G);
    free(V);
    free(isuppz);
    return 0;
}

void vs_remove_direction(float *X, size_t n, size_t d, const float *u)
{
    size_t i, j;

    for (i = 0; i < n; i++) {
        float *x = X + i * d;
        double proj = 0.0;
        for (j = 0; j < d; j++)
            proj += (double)x[j] * u[j];
        for (j = 0; j < d; j++)
            x[j] = (float)(x[j] - proj * u[j]);
    }
}
