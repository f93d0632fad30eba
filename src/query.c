/*
 * query.c - most_similar, analogies, similarity and odd-one-out, computed as
 * gensim 4.2's KeyedVectors computes them (see query.h).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"
#include "qscan.h"
#include "query.h"
#include "utf8.h"
#include "xalloc.h"

int vs_query_parse(int argc, char *const *argv, vs_term *terms, size_t *nterms,
                   vs_error *err)
{
    float sign = 1.0f;
    int expect_word = 1, i;
    size_t n = 0;

    for (i = 0; i < argc; i++) {
        const char *w = argv[i];
        if (strcmp(w, "+") == 0 || strcmp(w, "-") == 0) {
            if (expect_word && i > 0)
                return vs_fail(err, "two operators in a row before '%s' (argument %d); "
                               "write WORD + WORD - WORD", w, i + 1);
            sign = w[0] == '-' ? -1.0f : 1.0f;
            expect_word = 1;
            continue;
        }
        if (!expect_word)
            return vs_fail(err, "missing '+' or '-' before '%s' (argument %d); "
                           "write WORD + WORD - WORD, with spaces around the signs", w, i + 1);
        terms[n].word = w;
        terms[n].weight = sign;
        terms[n].vec = NULL;
        n++;
        expect_word = 0;
    }
    if (n == 0)
        return vs_fail(err, "no word in the query");
    if (expect_word)
        return vs_fail(err, "the query ends with an operator; write WORD + WORD - WORD");
    *nterms = n;
    return 0;
}

int vs_word_vector(vs_model *m, const char *word, float *out, long *id,
                   vs_error *err)
{
    long i = vs_model_find(m, word);

    *id = i;
    if (i >= 0) {
        memcpy(out, vs_model_row(m, (size_t)i), m->dim * sizeof *out);
        return 0;
    }
    if (m->oov_vector != NULL)
        return m->oov_vector(m, word, strlen(word), out, err);
    {
        char hint[512], *shown = vs_escape(word, strlen(word));
        vs_suggest(m, word, hint, sizeof hint);
        vs_fail(err, "'%s' is not in the vocabulary of %s%s%s", shown, m->name,
                hint[0] ? "; " : "", hint);
        free(shown);
    }
    return -1;
}

/* out (dim) = the unit vector of word; *id its row or -1. */
static int unit_vector(vs_model *m, const char *word, float *out, long *id,
                       vs_error *err)
{
    size_t j;
    float norm;

    if (vs_word_vector(m, word, out, id, err) < 0)
        return -1;
    /* gensim get_vector(norm=True): the row divided by its stored norm */
    norm = *id >= 0 ? vs_model_norms(m)[*id] : (float)vs_norm(out, m->dim);
    if (norm > 0.0f)
        for (j = 0; j < m->dim; j++)
            out[j] /= norm;
    return 0;
}

/* out (dim) = a term's vector as gensim takes it: a word's unit vector, a
 * given vector as it is; *id the word's row or -1. */
static int term_vector(vs_model *m, const vs_term *t, float *out, long *id,
                       vs_error *err)
{
    if (t->vec == NULL)
        return unit_vector(m, t->word, out, id, err);
    memcpy(out, t->vec, m->dim * sizeof *out);
    *id = -1;
    return 0;
}

/* The ids of the in-vocabulary terms, which answers leave out. */
static size_t term_ids(const long *ids, size_t n, uint32_t *out)
{
    size_t i, k = 0;

    for (i = 0; i < n; i++)
        if (ids[i] >= 0)
            out[k++] = (uint32_t)ids[i];
    return k;
}

static size_t clip(const vs_model *m, size_t limit)
{
    return limit == 0 || limit > m->n ? m->n : limit;
}

int vs_nearest(vs_model *m, const float *q, size_t limit, const uint32_t *exclude,
               size_t nexclude, size_t k, enum vs_scan scan, vs_hit *out, size_t *nout,
               vs_error *err)
{
    const vs_qindex *qi = NULL;
    vs_error ignored;

    (void)err;
    vs_model_norms(m);
    if (scan == VS_SCAN_8BIT)
        qi = vs_qscan_index(m, &ignored);  /* no memory for it: the f32 scan */
    if (qi != NULL) {
        *nout = vs_qscan_topk(m, qi, q, limit, exclude, nexclude, k, out, NULL);
    } else {
        float *scores = xmallocarray(limit ? limit : 1, sizeof *scores);
        vs_qscan_scores_f32(m, q, limit, scores);
        *nout = vs_topk(scores, limit, exclude, nexclude, k, out);
        free(scores);
    }
    return 0;
}

int vs_query_vector(vs_model *m, const vs_term *terms, size_t nterms, float *out,
                    long *ids, vs_error *err)
{
    size_t dim = m->dim, i, j;
    float *u = xmalloc((dim ? dim : 1) * sizeof *u);
    double total = 0.0;
    long id;

    /* out = sum of weight * unit(term) / sum |weight|, then made unit */
    memset(out, 0, dim * sizeof *out);
    for (i = 0; i < nterms; i++) {
        if (term_vector(m, &terms[i], u, &id, err) < 0) {
            free(u);
            return -1;
        }
        if (ids != NULL)
            ids[i] = id;
        for (j = 0; j < dim; j++)
            out[j] += terms[i].weight * u[j];
        total += fabsf(terms[i].weight);
    }
    free(u);
    for (j = 0; j < dim; j++)
        out[j] = (float)(out[j] / total);
    if (vs_norm(out, dim) == 0.0)
        return vs_fail(err, "the query's vector is zero (%s), so no word is nearer to it than "
                       "any other", nterms == 1 ? (terms[0].vec != NULL ? "the vector is all zeros"
                                                                          : "the word's vector is all zeros")
                                                : "its terms cancel out");
    vs_normalize(out, dim);
    return 0;
}

int vs_most_similar(vs_model *m, const vs_term *terms, size_t nterms, size_t k,
                    size_t limit, enum vs_scan scan, vs_hit *out, size_t *nout,
                    vs_error *err)
{
    size_t n = clip(m, limit), nex;
    float *mean = xmalloc((m->dim ? m->dim : 1) * sizeof *mean);
    long *ids = xmallocarray(nterms ? nterms : 1, sizeof *ids);
    uint32_t *ex = xmallocarray(nterms ? nterms : 1, sizeof *ex);
    int rc = vs_query_vector(m, terms, nterms, mean, ids, err);

    /* the rows of [0, n) nearest to the mean, the query's words left out */
    if (rc == 0) {
        nex = term_ids(ids, nterms, ex);
        rc = vs_nearest(m, mean, n, ex, nex, k, scan, out, nout, err);
    }
    free(mean);
    free(ids);
    free(ex);
    return rc;
}

int vs_most_similar_cosmul(vs_model *m, const vs_term *terms, size_t nterms,
                           size_t k, size_t limit, enum vs_scan scan, vs_hit *out,
                           size_t *nout, vs_error *err)
{
    size_t dim = m->dim, i, n = clip(m, limit), npos = 0, nex;
    float *u = xmallocarray(nterms * dim + 1, sizeof *u);
    float *weight = xmallocarray(nterms, sizeof *weight);
    long *ids = xmallocarray(nterms, sizeof *ids);
    uint32_t *ex = xmallocarray(nterms, sizeof *ex);
    const vs_qindex *qi = NULL;
    vs_error ignored;
    int rc = -1;

    for (i = 0; i < nterms; i++)
        npos += terms[i].weight > 0;
    if (npos == 0) {
        vs_fail(err, "3CosMul needs at least one positive word");
        goto out;
    }
    /* u (nterms, dim): the unit vector of each term */
    for (i = 0; i < nterms; i++) {
        if (term_vector(m, &terms[i], u + i * dim, &ids[i], err) < 0)
            goto out;
        weight[i] = terms[i].weight;
    }
    vs_model_norms(m);
    nex = term_ids(ids, nterms, ex);
    /* score = prod over positive terms of (1 + cos) / 2 divided by (prod
     * over negative terms of (1 + cos) / 2) + 1e-6 (Levy & Goldberg 2014,
     * eq. 4, with cosines shifted to [0, 1]): vs_qscan_cosmul */
    if (scan == VS_SCAN_8BIT)
        qi = vs_qscan_index(m, &ignored);
    if (qi != NULL) {
        *nout = vs_qscan_topk_cosmul(m, qi, u, weight, nterms, n, ex, nex, k, out, NULL);
    } else {
        float *score = xmallocarray(n ? n : 1, sizeof *score);
        for (i = 0; i < n; i++)
            score[i] = vs_qscan_cosmul(m, i, u, weight, nterms);
        *nout = vs_topk(score, n, ex, nex, k, out);
        free(score);
    }
    rc = 0;
out:
    free(u);
    free(weight);
    free(ids);
    free(ex);
    return rc;
}

void vs_cosine_matrix(const float *A, size_t na, const float *B, size_t nb,
                      size_t dim, float *out)
{
    float *ua = xmallocarray(na * dim + 1, sizeof *ua), *ub = xmallocarray(nb * dim + 1, sizeof *ub);
    size_t i;

    memcpy(ua, A, na * dim * sizeof *ua);
    memcpy(ub, B, nb * dim * sizeof *ub);
    for (i = 0; i < na; i++)
        vs_normalize(ua + i * dim, dim);  /* a zero row stays zero */
    for (i = 0; i < nb; i++)
        vs_normalize(ub + i * dim, dim);
    /* out (na, nb) = ua (na, dim) . ub^T (dim, nb) */
    if (na > 0 && nb > 0 && dim > 0)
        vs_sgemm(0, 1, na, nb, dim, 1.0f, ua, dim, ub, dim, 0.0f, out, nb);
    else
        memset(out, 0, na * nb * sizeof *out);
    free(ua);
    free(ub);
}

int vs_similarity(vs_model *m, const char *a, const char *b, double *sim,
                  vs_error *err)
{
    float *u = xmalloc(m->dim * sizeof *u), *v = xmalloc(m->dim * sizeof *v);
    long ia, ib;
    int rc = -1;

    /* gensim: dot(unitvec(a), unitvec(b)) */
    if (vs_word_vector(m, a, u, &ia, err) == 0 &&
        vs_word_vector(m, b, v, &ib, err) == 0) {
        vs_normalize(u, m->dim);
        vs_normalize(v, m->dim);
        *sim = vs_dot(u, v, m->dim);
        rc = 0;
    }
    free(u);
    free(v);
    return rc;
}

static const float *sort_cos;
static char *const *sort_words;

/* gensim sorts (cosine, word) pairs: by cosine, then by the word's text. */
static int cmp_centrality(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    if (sort_cos[x] != sort_cos[y])
        return sort_cos[x] < sort_cos[y] ? -1 : 1;
    return strcmp(sort_words[x], sort_words[y]);
}

int vs_doesnt_match(vs_model *m, char *const *words, size_t n, size_t *order,
                    float *cos, vs_error *err)
{
    size_t dim = m->dim, i, j;
    float *vecs = xmallocarray(n * dim + 1, sizeof *vecs);
    float *mean = xcalloc(dim, sizeof *mean), *c = xmallocarray(n + 1, sizeof *c);
    long id;

    if (n == 0) {
        free(vecs);
        free(mean);
        free(c);
        return vs_fail(err, "no words given");
    }
    /* mean = unit(average of the unit vectors) */
    for (i = 0; i < n; i++) {
        if (unit_vector(m, words[i], vecs + i * dim, &id, err) < 0) {
            free(vecs);
            free(mean);
            free(c);
            return -1;
        }
        for (j = 0; j < dim; j++)
            mean[j] += vecs[i * dim + j];
    }
    for (j = 0; j < dim; j++)
        mean[j] /= (float)n;
    vs_normalize(mean, dim);
    /* c (n) = vecs (n, dim) . mean (dim) */
    for (i = 0; i < n; i++) {
        c[i] = vs_dot(vecs + i * dim, mean, dim);
        order[i] = i;
    }
    /* lowest cosine first; gensim's answer is the last of its reverse sort
     * of (cosine, word) pairs, so equal cosines go by the word here too */
    sort_cos = c;
    sort_words = words;
    qsort(order, n, sizeof *order, cmp_centrality);
    for (i = 0; i < n; i++)
        cos[i] = c[order[i]];
    free(vecs);
    free(mean);
    free(c);
    return 0;
}
