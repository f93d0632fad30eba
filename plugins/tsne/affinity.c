/*
 * affinity.c - the input affinities of t-SNE, as scikit-learn 1.2 defines
 * them (sklearn/manifold/_t_sne.py, _utils.pyx; the algorithm, not the code):
 *
 *   d_ij     squared Euclidean distances, to the k nearest neighbours of
 *            each point (Barnes-Hut) or to every other point (exact)
 *   p_j|i    exp(-beta_i d_ij) / sum_j exp(-beta_i d_ij), beta_i found by
 *            bisection so that the entropy log(sum) + beta <d> equals
 *            log(perplexity) within 1e-5 (at most 100 steps; beta starts at
 *            1 and doubles or halves until the answer is bracketed)
 *   P        (p_j|i + p_i|j) / sum over all entries
 *
 * The exponentials are taken of d_ij - min_j d_ij: the same P and entropy,
 * without the underflow to zero that far-apart points would otherwise give.
 *
 * The neighbours are exact, by (vsp_dist2, index), found by the plugins'
 * shared search (plugins/common/knn.h: brute force through sgemm, or a
 * vantage-point tree); each point's P row is calibrated by the search's
 * worker thread as soon as its neighbours are known.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tsne-internal.h"

#define PERPLEXITY_TOL 1e-5
#define MAX_STEPS 100

/* d (k) squared distances -> p (k), summing to 1, with entropy
 * log(perplexity). */
static void calibrate_row(const double *d, size_t k, double perplexity, double *p)
{
    double beta = 1.0, lo = -INFINITY, hi = INFINITY, target = log(perplexity);
    double dmin = INFINITY;
    size_t j;
    int step;

    for (j = 0; j < k; j++)
        dmin = fmin(dmin, d[j]);
    for (step = 0; step < MAX_STEPS; step++) {
        double sum = 0, sdp = 0, h;
        for (j = 0; j < k; j++) {
            p[j] = exp(-(d[j] - dmin) * beta);
            sum += p[j];
        }
        /* sum >= 1: the nearest neighbour's term is exp(0) */
        for (j = 0; j < k; j++) {
            p[j] /= sum;
            sdp += (d[j] - dmin) * p[j];
        }
        h = log(sum) + beta * sdp;
        if (fabs(h - target) <= PERPLEXITY_TOL)
            break;
        if (h > target) {
            lo = beta;
            beta = hi == INFINITY ? beta * 2.0 : (beta + hi) / 2.0;
        } else {
            hi = beta;
            beta = lo == -INFINITY ? beta / 2.0 : (beta + lo) / 2.0;
        }
    }
}

/* --- the k nearest neighbours and their conditional P --- */

struct calib {
    double perplexity;
    double *pc;   /* (n, k) conditional P */
};

/* The search's per-point hook: point i's neighbours found, its P row. */
static void calibrate_hook(void *ud, size_t i, const int *nbr, const double *dist, size_t k)
{
    struct calib *c = ud;

    (void)nbr;
    calibrate_row(dist, k, c->perplexity, c->pc + i * k);
}

/* The two directions of a pair: p_j|i + p_i|j. */
static float add(float a, float b)
{
    return a + b;
}

int tsne_affinity_knn(const float *X, size_t n, size_t d, size_t k,
                      double perplexity, enum vsp_knn_mode mode, int nthreads,
                      vsp_tick tick, void *ud, struct vsp_csr *P)
{
    struct calib cal;
    struct vsp_knn_hooks hooks;
    size_t t;
    int *nbr = malloc(n * k * sizeof *nbr), rc = -1;
    double *dist = malloc(n * k * sizeof *dist), *pc = malloc(n * k * sizeof *pc);
    double total = 0;

    memset(P, 0, sizeof *P);
    if (nbr == NULL || dist == NULL || pc == NULL)
        goto out;

    /* 1. neighbours and conditional P */
    cal.perplexity = perplexity;
    cal.pc = pc;
    hooks.row = calibrate_hook;
    hooks.row_ud = &cal;
    hooks.tick = tick;
    hooks.tick_ud = ud;
    rc = vsp_knn(X, n, d, k, mode, nthreads, &hooks, nbr, dist);
    if (rc != 0)
        goto out;

    /* 2. P = p_j|i + p_i|j, normalised to sum to 1 */
    rc = vsp_csr_symmetric(nbr, pc, n, k, add, P);
    if (rc != 0)
        goto out;
    for (t = 0; t < P->row[n]; t++)
        total += P->val[t];
    total = total > DBL_EPSILON ? total : DBL_EPSILON;
    for (t = 0; t < P->row[n]; t++)
        P->val[t] = (float)(P->val[t] / total);
out:
    free(nbr);
    free(dist);
    free(pc);
    return rc;
}

/* --- all pairs (the exact method) --- */

struct dense_ctx {
    const float *X;
    size_t n, d;
    double perplexity;
    float *P;     /* (n, n): conditional rows, then symmetrised */
    double *buf;  /* (nthreads, n - 1): one distance row per chunk */
    size_t per;   /* rows per chunk, to find the chunk's buffer */
};

static void dense_rows(void *vctx, size_t lo, size_t hi)
{
    struct dense_ctx *c = vctx;
    size_t n = c->n, i, j, e, t;
    double *dr = c->buf + (lo / c->per) * 2 * (n - 1), *pr = dr + (n - 1);

    for (i = lo; i < hi; i++) {
        for (j = 0, t = 0; j < n; j++) {
            double s = 0;
            if (j == i)
                continue;
            for (e = 0; e < c->d; e++) {
                double diff = (double)c->X[i * c->d + e] - (double)c->X[j * c->d + e];
                s += diff * diff;
            }
            dr[t++] = s;
        }
        calibrate_row(dr, n - 1, c->perplexity, pr);
        for (j = 0, t = 0; j < n; j++)
            c->P[i * n + j] = j == i ? 0.0f : (float)pr[t++];
    }
}

int tsne_affinity_dense(const float *X, size_t n, size_t d, double perplexity,
                        int nthreads, vsp_tick tick, void *ud, float *P)
{
    struct dense_ctx c;
    size_t i, j;
    double total = 0;

    c.X = X;
    c.n = n;
    c.d = d;
    c.perplexity = perplexity;
    c.P = P;
    c.per = (n + (size_t)nthreads - 1) / (size_t)nthreads;
    c.buf = malloc((size_t)nthreads * 2 * (n - 1) * sizeof *c.buf);
    if (c.buf == NULL)
        return -1;
    vsp_parallel(nthreads, n, dense_rows, &c);
    free(c.buf);
    if (tick != NULL && tick(ud, 1.0))
        return 1;
    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++) {
            double s = (double)P[i * n + j] + P[j * n + i];
            P[i * n + j] = P[j * n + i] = (float)s;
            total += 2 * s;
        }
    total = total > DBL_EPSILON ? total : DBL_EPSILON;
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            if (j != i)
                P[i * n + j] = (float)fmax(P[i * n + j] / total, DBL_EPSILON);
    return 0;
}
