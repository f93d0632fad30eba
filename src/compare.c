/*
 * compare.c - shared words, neighbourhood overlap and Procrustes alignment
 * of two models (see compare.h).
 *
 * The overlap's searches run among the shared words only. When those are a
 * model's first rows in order (two models of one vocabulary, the usual case
 * for models trained on one corpus), the model's matrix is searched in
 * place; otherwise their rows are copied into a matrix of their own first.
 * The searches are knn.h's batched exact top-k through the 8-bit copy of
 * the rows (qscan.h, built once, kept with the model): a block of queries
 * against each tile of rows as an integer matrix product, the rows its
 * error bounds cannot rule out scored again in f32 (bench/bench_compare.py).
 */
#include "config.h"

#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"
#include "compare.h"
#include "knn.h"
#include "qscan.h"
#include "xalloc.h"

void vs_shared_words(const vs_model *a, const vs_model *b, vs_shared *sh)
{
    size_t i, n = 0;

    sh->a = xmallocarray(a->n ? a->n : 1, sizeof *sh->a);
    sh->b = xmallocarray(a->n ? a->n : 1, sizeof *sh->b);
    for (i = 0; i < a->n; i++) {
        long j = vs_vocab_find(b->vocab, vs_vocab_word(a->vocab, i), vs_vocab_len(a->vocab, i));
        if (j >= 0) {
            sh->a[n] = (uint32_t)i;
            sh->b[n] = (uint32_t)j;
            n++;
        }
    }
    sh->n = n;
}

void vs_shared_free(vs_shared *sh)
{
    free(sh->a);
    free(sh->b);
    memset(sh, 0, sizeof *sh);
}

/* ---- overlap ---- */

/* The matrix the searches of one model run over: rows[0..n) of m, in
 * place when they are its first n rows, else a copy (with the same norms). */
typedef struct view {
    vs_model *m;       /* m itself, or the copy */
    vs_model *copy;    /* owned, or NULL */
} view;

static int view_open(vs_model *m, const uint32_t *rows, size_t n, view *v, vs_error *err)
{
    const float *norms = vs_model_norms(m);
    size_t i;
    float *vecs, *nr;

    for (i = 0; i < n && rows[i] == i; i++)
        ;
    v->m = m;
    v->copy = NULL;
    if (i == n)
        return 0;
    vecs = xtry_mallocarray(n, m->dim * sizeof *vecs);
    if (vecs == NULL)
        return vs_fail(err, "not enough memory for a copy of the %zu shared words of %s (%zu "
                            "MiB)", n, m->name, (n * m->dim * sizeof *vecs) >> 20);
    nr = xmallocarray(n ? n : 1, sizeof *nr);
    for (i = 0; i < n; i++) {
        memcpy(vecs + i * m->dim, vs_model_row(m, rows[i]), m->dim * sizeof *vecs);
        nr[i] = norms[rows[i]];
    }
    v->copy = vs_model_new(m->path, m->format, vs_vocab_new(0), vecs, n, m->dim);
    v->copy->norms = nr;
    v->m = v->copy;
    return 0;
}

/* How many queries one pass over the rows serves. */
#define OVERLAP_BLOCK 1024

/* hits (nq x k) and nhits (nq) = the k nearest of the view's first
 * `shared` rows to each of the rows qrow[0..nq) of the view, the word itself
 * left out: knn.h's batched exact top-k through the 8-bit copy of the rows,
 * a block of queries per pass. */
static int neighbours(view *v, const uint32_t *qrow, size_t nq, size_t shared, size_t k,
                      int threads, const vs_progress *progress, const char *what,
                      vs_hit *hits, size_t *nhits, vs_error *err)
{
    const vs_model *m = v->m;
    size_t dim = m->dim, block = nq < OVERLAP_BLOCK ? nq : OVERLAP_BLOCK, q0, i, j;
    const vs_qindex *qi = vs_qscan_index(v->m, err);
    vs_knn_query *qs;
    vs_knn_batch *b;
    float *U;
    int rc = 0;

    if (qi == NULL)
        return -1;
    /* U (block, dim): the queries' unit vectors */
    U = xtry_mallocarray(block ? block : 1, dim * sizeof *U);
    if (U == NULL)
        return vs_fail(err, "not enough memory for the %zu query vectors", block);
    qs = xmallocarray(block ? block : 1, sizeof *qs);
    b = vs_knn_batch_new(v->m, qi, shared, block, k, threads);
    for (q0 = 0; q0 < nq && rc == 0; q0 += block) {
        size_t nb = nq - q0 < block ? nq - q0 : block;
        for (i = 0; i < nb; i++) {
            uint32_t r = qrow[q0 + i];
            const float *row = vs_model_row(m, r);
            float nr = m->norms[r];
            for (j = 0; j < dim; j++)
                U[i * dim + j] = row[j] / nr;
            qs[i].u[0] = qs[i].u[1] = qs[i].u[2] = (uint32_t)i;
            qs[i].exclude[0] = r;
            qs[i].exclude[1] = qs[i].exclude[2] = UINT32_MAX;
        }
        vs_knn_batch_run(b, U, nb, qs, nb, VS_KNN_COS, hits + q0 * k, nhits + q0);
        rc = vs_progress_step(progress, what, (double)(q0 + nb) / (double)nq, err);
    }
    vs_knn_batch_free(b);
    free(U);
    free(qs);
    return rc;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : x > y;
}

/* |A and B| / |A or B| of two sets of row ids. */
static double jaccard(const vs_hit *a, size_t na, const vs_hit *b, size_t nb, uint32_t *sa,
                      uint32_t *sb)
{
    size_t i = 0, j = 0, both = 0;

    if (na + nb == 0)
        return 1.0;
    for (i = 0; i < na; i++)
        sa[i] = a[i].id;
    for (j = 0; j < nb; j++)
        sb[j] = b[j].id;
    qsort(sa, na, sizeof *sa, cmp_u32);
    qsort(sb, nb, sizeof *sb, cmp_u32);
    for (i = j = 0; i < na && j < nb;) {
        if (sa[i] == sb[j])
            both++, i++, j++;
        else if (sa[i] < sb[j])
            i++;
        else
            j++;
    }
    return (double)both / (double)(na + nb - both);
}

int vs_overlap_run(vs_model *a, vs_model *b, size_t top, size_t k, int threads,
                   const vs_progress *progress, vs_overlap *res, vs_error *err)
{
    vs_shared sh;
    view va, vb;
    size_t i, n, nq = 0;
    uint32_t *q = NULL, *sa = NULL, *sb = NULL;
    vs_hit *ha = NULL, *hb = NULL;
    size_t *na = NULL, *nb = NULL;
    const float *norma = vs_model_norms(a), *normb = vs_model_norms(b);
    char what[256];
    int rc = -1;

    memset(res, 0, sizeof *res);
    memset(&va, 0, sizeof va);
    memset(&vb, 0, sizeof vb);
    vs_shared_words(a, b, &sh);
    res->shared = sh.n;
    if (sh.n < 2) {
        vs_fail(err, "%s and %s share %zu word%s; overlap needs at least two", a->name,
                b->name, sh.n, sh.n == 1 ? "" : "s");
        goto out;
    }
    n = top == 0 || top > sh.n ? sh.n : top;
    k = k > sh.n - 1 ? sh.n - 1 : k;
    res->k = k;
    if (view_open(a, sh.a, sh.n, &va, err) < 0 || view_open(b, sh.b, sh.n, &vb, err) < 0)
        goto out;

    /* the queries: the first n shared words with a vector in both models,
     * as rows of the views (shared word i is row i of each) */
    q = xmallocarray(n, sizeof *q);
    for (i = 0; i < n; i++) {
        if (norma[sh.a[i]] > 0 && normb[sh.b[i]] > 0)
            q[nq++] = (uint32_t)i;
        else
            res->zero++;
    }
    ha = xmallocarray(nq ? nq * (k ? k : 1) : 1, sizeof *ha);
    hb = xmallocarray(nq ? nq * (k ? k : 1) : 1, sizeof *hb);
    na = xmallocarray(nq ? nq : 1, sizeof *na);
    nb = xmallocarray(nq ? nq : 1, sizeof *nb);
    snprintf(what, sizeof what, "overlap: %zu neighbours of %zu words in %s", k, nq, a->name);
    if (neighbours(&va, q, nq, sh.n, k, threads, progress, what, ha, na, err) < 0)
        goto out;
    snprintf(what, sizeof what, "overlap: %zu neighbours of %zu words in %s", k, nq, b->name);
    if (neighbours(&vb, q, nq, sh.n, k, threads, progress, what, hb, nb, err) < 0)
        goto out;

    /* each word's Jaccard index, and their mean */
    res->n = nq;
    res->rows = xmallocarray(nq ? nq : 1, sizeof *res->rows);
    res->jaccard = xmallocarray(nq ? nq : 1, sizeof *res->jaccard);
    sa = xmallocarray(k ? k : 1, sizeof *sa);
    sb = xmallocarray(k ? k : 1, sizeof *sb);
    for (i = 0; i < nq; i++) {
        res->rows[i] = sh.a[q[i]];
        res->jaccard[i] = jaccard(ha + i * k, na[i], hb + i * k, nb[i], sa, sb);
        res->mean += res->jaccard[i];
    }
    res->mean = nq ? res->mean / (double)nq : NAN;
    rc = 0;
out:
    vs_progress_done(progress);
    if (rc < 0)
        vs_overlap_free(res);
    vs_model_free(va.copy);
    vs_model_free(vb.copy);
    vs_shared_free(&sh);
    free(q);
    free(ha);
    free(hb);
    free(na);
    free(nb);
    free(sa);
    free(sb);
    return rc;
}

void vs_overlap_free(vs_overlap *res)
{
    free(res->rows);
    free(res->jaccard);
    res->rows = NULL;
    res->jaccard = NULL;
    res->n = 0;
}

/* ---- alignment ---- */

/* Rows per block when summing B^T A and when rotating. */
#define ALIGN_BLOCK 4096

int vs_align_run(vs_model *a, vs_model *b, size_t top, const vs_progress *progress,
                 vs_alignment *res, vs_error *err)
{
    vs_shared sh;
    size_t d = a->dim, n, i, j, r0;
    const float *norma = vs_model_norms(a), *normb = vs_model_norms(b);
    double *M = NULL, *Ab = NULL, *Bb = NULL, *U = NULL, *S = NULL, *Vt = NULL, *sup = NULL;
    float *Rf = NULL;
    lapack_int info;
    int rc = -1;

    memset(res, 0, sizeof *res);
    if (a->dim != b->dim)
        return vs_fail(err, "%s has %zu dimensions and %s %zu; a rotation maps vectors of one "
                            "size", a->name, a->dim, b->name, b->dim);
    vs_shared_words(a, b, &sh);
    res->shared = sh.n;
    n = top == 0 || top > sh.n ? sh.n : top;
    if (n < 2) {
        vs_fail(err, "%s and %s share %zu word%s; alignment needs at least two", a->name,
                b->name, sh.n, sh.n == 1 ? "" : "s");
        goto out;
    }
    res->n = n;
    res->dim = d;

    /* M (d, d) = B^T A over the fitted words' unit vectors, a block of rows
     * at a time, in double */
    M = xcalloc(d * d, sizeof *M);
    Ab = xmallocarray(ALIGN_BLOCK, d * sizeof *Ab);
    Bb = xmallocarray(ALIGN_BLOCK, d * sizeof *Bb);
    for (r0 = 0; r0 < n; r0 += ALIGN_BLOCK) {
        size_t rows = n - r0 < ALIGN_BLOCK ? n - r0 : ALIGN_BLOCK;
        for (i = 0; i < rows; i++) {
            uint32_t ia = sh.a[r0 + i], ib = sh.b[r0 + i];
            double sa = norma[ia] > 0 ? 1.0 / norma[ia] : 0.0;
            double sb = normb[ib] > 0 ? 1.0 / normb[ib] : 0.0;
            for (j = 0; j < d; j++) {
                Ab[i * d + j] = vs_model_row(a, ia)[j] * sa;
                Bb[i * d + j] = vs_model_row(b, ib)[j] * sb;
            }
        }
        vs_dgemm(1, 0, d, d, rows, 1.0, Bb, d, Ab, d, 1.0, M, d);
    }

    /* B^T A = U S V^T; R = U V^T */
    U = xmallocarray(d * d, sizeof *U);
    Vt = xmallocarray(d * d, sizeof *Vt);
    S = xmallocarray(d, sizeof *S);
    sup = xmallocarray(d > 1 ? d - 1 : 1, sizeof *sup);
    info = LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'A', 'A', (lapack_int)d, (lapack_int)d, M,
                          (lapack_int)d, S, U, (lapack_int)d, Vt, (lapack_int)d, sup);
    if (info != 0) {
        vs_fail(err, "the singular value decomposition failed (LAPACK dgesvd: %d)", (int)info);
        goto out;
    }
    res->R = xmallocarray(d * d, sizeof *res->R);
    vs_dgemm(0, 0, d, d, d, 1.0, U, d, Vt, d, 0.0, res->R, d);

    /* every row of b times R */
    res->vecs = xtry_mallocarray(b->n ? b->n : 1, d * sizeof *res->vecs);
    if (res->vecs == NULL) {
        vs_fail(err, "not enough memory for the aligned copy of %s (%zu MiB)", b->name,
                (b->n * d * sizeof *res->vecs) >> 20);
        goto out;
    }
    Rf = xmallocarray(d * d, sizeof *Rf);
    for (i = 0; i < d * d; i++)
        Rf[i] = (float)res->R[i];
    for (r0 = 0; r0 < b->n; r0 += ALIGN_BLOCK) {
        size_t rows = b->n - r0 < ALIGN_BLOCK ? b->n - r0 : ALIGN_BLOCK;
        vs_sgemm(0, 0, rows, d, d, 1.0f, vs_model_row(b, r0), d, Rf, d, 0.0f,
                 res->vecs + r0 * d, d);
        if (vs_progress_step(progress, "align: rotating", (double)(r0 + rows) / (double)b->n,
                             err) < 0)
            goto out;
    }

    /* each fitted word's cosine between a and the aligned b */
    res->rows = xmallocarray(n, sizeof *res->rows);
    res->cosine = xmallocarray(n, sizeof *res->cosine);
    for (i = 0; i < n; i++) {
        const float *x = vs_model_row(a, sh.a[i]), *y = res->vecs + (size_t)sh.b[i] * d;
        double xy = 0, yy = 0;
        for (j = 0; j < d; j++) {
            xy += (double)x[j] * y[j];
            yy += (double)y[j] * y[j];
        }
        res->rows[i] = sh.a[i];
        res->cosine[i] = norma[sh.a[i]] > 0 && yy > 0 ? xy / (norma[sh.a[i]] * sqrt(yy)) : 0.0;
        res->mean += res->cosine[i];
    }
    res->mean /= (double)n;
    rc = 0;
out:
    vs_progress_done(progress);
    if (rc < 0)
        vs_alignment_free(res);
    vs_shared_free(&sh);
    free(M);
    free(Ab);
    free(Bb);
    free(U);
    free(S);
    free(Vt);
    free(sup);
    free(Rf);
    return rc;
}

void vs_alignment_free(vs_alignment *res)
{
    free(res->R);
    free(res->vecs);
    free(res->rows);
    free(res->cosine);
    memset(res, 0, sizeof *res);
}
