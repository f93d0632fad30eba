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
 * The neighbours are exact, by (tsne_dist2, index), found one of two ways
 * with the same result. Brute force: blocks of rows against all rows through
 * one sgemm (|x|^2 + |y|^2 - 2 x.y ranks the candidates), the candidates
 * within float rounding of the k-th measured again in double. Or the
 * vantage-point tree of vptree.c, which wins from VPTREE_MIN_N points on.
 */
#include <cblas.h>
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

/* --- k nearest neighbours --- */

/* When the tree is used (TSNE_KNN_AUTO). Measured with bench_maps.py
 * --only knn (k = 91, 1 thread, 2-core EPYC; bench/README.md, "Maps"): on
 * the bench's 50-d Gaussian mixture (make_blobs, 10 centres, sd 5) the tree
 * loses at every size, and by more as n grows - 1.7x brute force's time at
 * 2,000 points, 3.2x at 5,000, 5.9x at 10,000, 7.4x at 20,000 - because a
 * query still measures 96% of the points (19,275 of 20,000): in 50
 * intrinsic dimensions the triangle inequality prunes nothing. It pays only
 * on data of low intrinsic dimension: a random linear image in 50-d of a
 * 3-d mixture, 772 distances a query, 6.7 s against 13.0 s at 50,000 points
 * and 12.0 s against 44.8 s at 100,000; of a 5-d one, 3,285 a query and
 * 15.6 s against 13.6 s at 50,000. A tree distance (about 95 ns: a
 * double sum over a row fetched at random, with the heap's work) costs
 * 17-33 brute-force pairs (about 5.5 ns through sgemm). So from
 * VPTREE_MIN_N points on, where brute force takes seconds, the tree is
 * built (n log n distances) and VPTREE_PROBE
 * evenly spread queries count the distances a query measures; the tree is
 * kept when that mean times VPTREE_COST is below n. Both searches give the
 * same answer, so the choice never changes a map. */
#define VPTREE_MIN_N 20000
#define VPTREE_PROBE 64
#define VPTREE_COST 30.0

struct knn_ctx {
    const float *X;
    size_t n, d, k;
    const float *norm;   /* n: |x|^2 */
    float maxnorm;       /* the largest |x|^2 */
    const float *G;      /* rows r0.. of X X^T, (m, n); NULL: the tree */
    const struct tsne_vptree *tree;
    size_t r0;
    int *nbr;            /* (n, k) */
    double *dist;        /* (n, k) */
    double perplexity;
    double *pc;          /* (n, k) conditional P; NULL: neighbours only */
    size_t per;          /* rows of a block per chunk (tsne_parallel) */
    int *hbuf;           /* (nthreads, 2k) heap indices, one row a chunk */
    float *hdbuf;        /* (nthreads, k) float heap distances */
    double *pbuf;        /* (nthreads, k) double heap distances */
};

/* Is (da, a) after (db, b)? Ties go to the smaller index. */
static int worse(float da, int a, float db, int b)
{
    return da > db || (da == db && a > b);
}

/* Swaps entries a and b of a float heap (ids h, distances hd). */
static void swap_entries(int *h, float *hd, size_t a, size_t b)
{
    int ti = h[a];
    float td = hd[a];

    h[a] = h[b];
    hd[a] = hd[b];
    h[b] = ti;
    hd[b] = td;
}

/* Sifts the max-heap (h, hd) of size k down from slot 0. */
static void sift_down(int *h, float *hd, size_t k)
{
    size_t i = 0;

    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < k && worse(hd[l], h[l], hd[m], h[m]))
            m = l;
        if (r < k && worse(hd[r], h[r], hd[m], h[m]))
            m = r;
        if (m == i)
            return;
        swap_entries(h, hd, i, m);
        i = m;
    }
}

/* Rows lo..hi of the current block by brute force, in two passes over the
 * row of G. 1: a float max-heap keeps the k smallest |xi|^2 + |xj|^2 -
 * 2 xi.xj. Each is off the true distance by at most
 *   E = (2d + 16) 2^-24 (|xi|^2 + max |xj|^2)
 * (the dot product's gamma_d bound, |xi||xj| <= (|xi|^2 + |xj|^2) / 2, and a
 * few roundings more), so every true k nearest has a float distance within
 * the heap's largest + 2E. 2: those candidates are measured in double
 * (tsne_dist2) and a double heap keeps the k best by (distance, index): the
 * exact answer, the same as the tree's. */
static void brute_rows(void *vctx, size_t lo, size_t hi)
{
    struct knn_ctx *c = vctx;
    size_t k = c->k, r, j, chunk = lo / c->per;
    int *h = c->hbuf + chunk * 2 * k;
    float *hd = c->hdbuf + chunk * k;
    struct tsne_heap q;

    q.h = h + k;
    q.hd = c->pbuf + chunk * k;
    q.k = k;
    for (r = lo; r < hi; r++) {
        size_t i = c->r0 + r, fill = 0;
        const float *g = c->G + r * c->n;
        const float *xi = c->X + i * c->d;
        double band;
        for (j = 0; j < c->n; j++) {
            float dj;
            if (j == i)
                continue;
            dj = c->norm[i] + c->norm[j] - 2.0f * g[j];
            if (fill < k) {
                /* heap insert */
                size_t s = fill++;
                h[s] = (int)j;
                hd[s] = dj;
                while (s > 0 && worse(hd[s], h[s], hd[(s - 1) / 2], h[(s - 1) / 2])) {
                    size_t p = (s - 1) / 2;
                    swap_entries(h, hd, s, p);
                    s = p;
                }
            } else if (worse(hd[0], h[0], dj, (int)j)) {
                h[0] = (int)j;
                hd[0] = dj;
                sift_down(h, hd, k);
            }
        }
        /* 2. the candidates within the band, measured again in double */
        band = (double)hd[0] + 2.0 * (2.0 * (double)c->d + 16.0) * 0x1p-24 *
                                   ((double)c->norm[i] + (double)c->maxnorm);
        q.fill = 0;
        for (j = 0; j < c->n; j++) {
            if (j == i || (double)(c->norm[i] + c->norm[j] - 2.0f * g[j]) > band)
                continue;
            tsne_heap_push(&q, tsne_dist2(xi, c->X + j * c->d, c->d), (int)j);
        }
        tsne_heap_drain(&q, c->nbr + i * k, c->dist + i * k);
        if (c->pc != NULL)
            calibrate_row(c->dist + i * k, k, c->perplexity, c->pc + i * k);
    }
}

/* Rows lo..hi of the current block through the tree. */
static void tree_rows(void *vctx, size_t lo, size_t hi)
{
    struct knn_ctx *c = vctx;
    size_t k = c->k, r, chunk = lo / c->per;
    int *h = c->hbuf + chunk * 2 * k;
    double *hd = c->pbuf + chunk * k;

    for (r = lo; r < hi; r++) {
        size_t i = c->r0 + r;
        tsne_vptree_knn(c->tree, i, k, h, hd, c->nbr + i * k, c->dist + i * k);
        if (c->pc != NULL)
            calibrate_row(c->dist + i * k, k, c->perplexity, c->pc + i * k);
    }
}

/* X (n, d) -> c->nbr, c->dist (n, k) and, when c->pc is set, the
 * conditional P (n, k), a block of rows at a time, tick after each block.
 * Returns 0, 1 when tick asked to stop, -1 on a memory failure. */
static int knn_search(struct knn_ctx *c, enum tsne_knn_mode mode, int nthreads,
                      tsne_tick tick, void *ud)
{
    const float *X = c->X;
    size_t n = c->n, d = c->d, k = c->k, block, r0, i, t;
    float *norm = NULL, *G = NULL;
    struct tsne_vptree *tree = NULL;
    int rc = -1;

    c->hbuf = malloc((size_t)nthreads * 2 * (k ? k : 1) * sizeof *c->hbuf);
    c->hdbuf = malloc((size_t)nthreads * (k ? k : 1) * sizeof *c->hdbuf);
    c->pbuf = malloc((size_t)nthreads * (k ? k : 1) * sizeof *c->pbuf);
    if (c->hbuf == NULL || c->hdbuf == NULL || c->pbuf == NULL)
        goto out;
    if (mode == TSNE_KNN_TREE || (mode == TSNE_KNN_AUTO && n >= VPTREE_MIN_N && k > 0)) {
        tree = tsne_vptree_new(X, n, d);
        if (tree == NULL)
            goto out;
        /* auto: keep the tree only if it prunes well enough on this X (the
         * probe's scratch: nbr and dist's first row, written again later) */
        if (mode == TSNE_KNN_AUTO &&
            tsne_vptree_probe(tree, k, VPTREE_PROBE, c->hbuf, c->pbuf, c->nbr, c->dist) *
                    VPTREE_COST >= (double)n) {
            tsne_vptree_free(tree);
            tree = NULL;
        }
    }
    if (tree != NULL) {
        block = 4096;
    } else {
        norm = malloc(n * sizeof *norm);
        block = (16u << 20) / (n * sizeof(float));
        block = block < 1 ? 1 : block > 1024 ? 1024 : block;
        block = block > n ? n : block;
        G = malloc(block * n * sizeof *G);
        if (norm == NULL || G == NULL)
            goto out;
        c->maxnorm = 0;
        for (i = 0; i < n; i++) {
            double s = 0;
            for (t = 0; t < d; t++)
                s += (double)X[i * d + t] * X[i * d + t];
            norm[i] = (float)s;
            c->maxnorm = norm[i] > c->maxnorm ? norm[i] : c->maxnorm;
        }
    }
    c->norm = norm;
    c->G = G;
    c->tree = tree;
    for (r0 = 0; r0 < n; r0 += block) {
        size_t m = n - r0 < block ? n - r0 : block;
        c->r0 = r0;
        c->per = (m + (size_t)nthreads - 1) / (size_t)nthreads;
        if (tree != NULL) {
            tsne_parallel(nthreads, m, tree_rows, c);
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)n, (int)d,
                        1.0f, X + r0 * d, (int)d, X, (int)d, 0.0f, G, (int)n);
            tsne_parallel(nthreads, m, brute_rows, c);
        }
        if (tick != NULL && tick(ud, (double)(r0 + m) / (double)n)) {
            rc = 1;
            goto out;
        }
    }
    rc = 0;
out:
    tsne_vptree_free(tree);
    free(norm);
    free(G);
    free(c->hbuf);
    free(c->hdbuf);
    free(c->pbuf);
    return rc;
}

int tsne_knn(const float *X, size_t n, size_t d, size_t k, enum tsne_knn_mode mode,
             int nthreads, int *nbr, double *dist)
{
    struct knn_ctx c;

    memset(&c, 0, sizeof c);
    c.X = X;
    c.n = n;
    c.d = d;
    c.k = k;
    c.nbr = nbr;
    c.dist = dist;
    return knn_search(&c, mode, nthreads, NULL, NULL);
}

static int cmp_entry(const void *a, const void *b)
{
    const int *x = a, *y = b;

    return (x[0] > y[0]) - (x[0] < y[0]);
}

int tsne_affinity_knn(const float *X, size_t n, size_t d, size_t k,
                      double perplexity, enum tsne_knn_mode mode, int nthreads,
                      tsne_tick tick, void *ud, struct tsne_sparse *P)
{
    struct knn_ctx c;
    size_t i, t, nnz, *fillp = NULL;
    int *nbr = malloc(n * k * sizeof *nbr), rc = -1;
    double *dist = malloc(n * k * sizeof *dist), *pc = malloc(n * k * sizeof *pc);
    double total = 0;
    struct { int col; float val; } *ent = NULL;

    memset(P, 0, sizeof *P);
    if (nbr == NULL || dist == NULL || pc == NULL)
        goto out;

    /* 1. neighbours and conditional P */
    memset(&c, 0, sizeof c);
    c.X = X;
    c.n = n;
    c.d = d;
    c.k = k;
    c.nbr = nbr;
    c.dist = dist;
    c.perplexity = perplexity;
    c.pc = pc;
    rc = knn_search(&c, mode, nthreads, tick, ud);
    if (rc != 0)
        goto out;
    rc = -1;

    /* 2. P = p_j|i + p_i|j: each (i, j, p) goes to row i and to row j */
    P->n = n;
    P->row = calloc(n + 1, sizeof *P->row);
    fillp = calloc(n, sizeof *fillp);
    if (P->row == NULL || fillp == NULL)
        goto out;
    for (i = 0; i < n; i++)
        for (t = 0; t < k; t++) {
            P->row[i + 1]++;
            P->row[(size_t)nbr[i * k + t] + 1]++;
        }
    for (i = 0; i < n; i++)
        P->row[i + 1] += P->row[i];
    ent = malloc(P->row[n] * sizeof *ent);
    if (ent == NULL)
        goto out;
    for (i = 0; i < n; i++)
        for (t = 0; t < k; t++) {
            size_t j = (size_t)nbr[i * k + t];
            size_t a = P->row[i] + fillp[i]++, b = P->row[j] + fillp[j]++;
            ent[a].col = (int)j;
            ent[a].val = (float)pc[i * k + t];
            ent[b].col = (int)i;
            ent[b].val = (float)pc[i * k + t];
        }
    /* sort each row by column and add up the (at most two) entries of a
     * pair: a + b == b + a, so the order qsort leaves them in is no matter */
    nnz = 0;
    for (i = 0; i < n; i++) {
        size_t a = P->row[i], b = P->row[i + 1], start = nnz;
        qsort(ent + a, b - a, sizeof *ent, cmp_entry);
        for (t = a; t < b; t++) {
            if (nnz > start && ent[nnz - 1].col == ent[t].col)
                ent[nnz - 1].val += ent[t].val;
            else
                ent[nnz++] = ent[t];
        }
        P->row[i] = start;
    }
    P->row[n] = nnz;
    P->col = malloc((nnz ? nnz : 1) * sizeof *P->col);
    P->val = malloc((nnz ? nnz : 1) * sizeof *P->val);
    if (P->col == NULL || P->val == NULL)
        goto out;
    for (t = 0; t < nnz; t++)
        total += ent[t].val;
    total = total > DBL_EPSILON ? total : DBL_EPSILON;
    for (t = 0; t < nnz; t++) {
        P->col[t] = ent[t].col;
        P->val[t] = (float)(ent[t].val / total);
    }
    rc = 0;
out:
    if (rc != 0)
        tsne_sparse_free(P);
    free(nbr);
    free(dist);
    free(pc);
    free(ent);
    free(fillp);
    return rc;
}

void tsne_sparse_free(struct tsne_sparse *P)
{
    free(P->row);
    free(P->col);
    free(P->val);
    memset(P, 0, sizeof *P);
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
                        int nthreads, tsne_tick tick, void *ud, float *P)
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
    tsne_parallel(nthreads, n, dense_rows, &c);
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
