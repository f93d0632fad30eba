/*
 * knn.c - exact k nearest neighbours (knn.h), found one of two ways with the
 * same result, neighbours ranked by (vsp_dist2, index). Brute force: blocks
 * of rows against all rows through one sgemm (|x|^2 + |y|^2 - 2 x.y ranks
 * the candidates), the candidates within float rounding of the k-th
 * measured again in double. Or the vantage-point tree of vptree.c, which
 * wins from VPTREE_MIN_N points on when the data's intrinsic dimension is
 * low.
 */
#include <cblas.h>
#include <stdlib.h>
#include <string.h>

#include "common/knn.h"

/* When the tree is used (VSP_KNN_AUTO). Measured with bench_maps.py
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
    const struct vsp_vptree *tree;
    size_t r0;
    int *nbr;            /* (n, k) */
    double *dist;        /* (n, k) */
    vsp_knn_row row;     /* the caller's per-point hook, or NULL */
    void *row_ud;
    size_t per;          /* rows of a block per chunk (vsp_parallel) */
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
 * (vsp_dist2) and a double heap keeps the k best by (distance, index): the
 * exact answer, the same as the tree's. */
static void brute_rows(void *vctx, size_t lo, size_t hi)
{
    struct knn_ctx *c = vctx;
    size_t k = c->k, r, j, chunk = lo / c->per;
    int *h = c->hbuf + chunk * 2 * k;
    float *hd = c->hdbuf + chunk * k;
    struct vsp_heap q;

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
            vsp_heap_push(&q, vsp_dist2(xi, c->X + j * c->d, c->d), (int)j);
        }
        vsp_heap_drain(&q, c->nbr + i * k, c->dist + i * k);
        if (c->row != NULL)
            c->row(c->row_ud, i, c->nbr + i * k, c->dist + i * k, k);
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
        vsp_vptree_knn(c->tree, i, k, h, hd, c->nbr + i * k, c->dist + i * k);
        if (c->row != NULL)
            c->row(c->row_ud, i, c->nbr + i * k, c->dist + i * k, k);
    }
}

int vsp_knn(const float *X, size_t n, size_t d, size_t k, enum vsp_knn_mode mode,
            int nthreads, const struct vsp_knn_hooks *hooks, int *nbr, double *dist)
{
    struct knn_ctx c;
    size_t block, r0, i, t;
    float *norm = NULL, *G = NULL;
    struct vsp_vptree *tree = NULL;
    int rc = -1;

    memset(&c, 0, sizeof c);
    c.X = X;
    c.n = n;
    c.d = d;
    c.k = k;
    c.nbr = nbr;
    c.dist = dist;
    if (hooks != NULL) {
        c.row = hooks->row;
        c.row_ud = hooks->row_ud;
    }
    nthreads = nthreads < 1 ? 1 : nthreads > VSP_MAX_THREADS ? VSP_MAX_THREADS : nthreads;
    c.hbuf = malloc((size_t)nthreads * 2 * (k ? k : 1) * sizeof *c.hbuf);
    c.hdbuf = malloc((size_t)nthreads * (k ? k : 1) * sizeof *c.hdbuf);
    c.pbuf = malloc((size_t)nthreads * (k ? k : 1) * sizeof *c.pbuf);
    if (c.hbuf == NULL || c.hdbuf == NULL || c.pbuf == NULL)
        goto out;
    if (mode == VSP_KNN_TREE || (mode == VSP_KNN_AUTO && n >= VPTREE_MIN_N && k > 0)) {
        tree = vsp_vptree_new(X, n, d);
        if (tree == NULL)
            goto out;
        /* auto: keep the tree only if it prunes well enough on this X (the
         * probe's scratch: nbr and dist's first row, written again later) */
        if (mode == VSP_KNN_AUTO &&
            vsp_vptree_probe(tree, k, VPTREE_PROBE, c.hbuf, c.pbuf, nbr, dist) * VPTREE_COST >=
                (double)n) {
            vsp_vptree_free(tree);
            tree = NULL;
        }
    }
    if (tree != NULL) {
        block = 4096;
    } else {
        norm = malloc((n ? n : 1) * sizeof *norm);
        block = (16u << 20) / ((n ? n : 1) * sizeof(float));
        block = block < 1 ? 1 : block > 1024 ? 1024 : block;
        block = block > n ? n : block;
        G = malloc((block ? block : 1) * (n ? n : 1) * sizeof *G);
        if (norm == NULL || G == NULL)
            goto out;
        c.maxnorm = 0;
        for (i = 0; i < n; i++) {
            double s = 0;
            for (t = 0; t < d; t++)
                s += (double)X[i * d + t] * X[i * d + t];
            norm[i] = (float)s;
            c.maxnorm = norm[i] > c.maxnorm ? norm[i] : c.maxnorm;
        }
    }
    c.norm = norm;
    c.G = G;
    c.tree = tree;
    for (r0 = 0; r0 < n; r0 += block) {
        size_t m = n - r0 < block ? n - r0 : block;
        c.r0 = r0;
        c.per = (m + (size_t)nthreads - 1) / (size_t)nthreads;
        if (tree != NULL) {
            vsp_parallel(nthreads, m, tree_rows, &c);
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)n, (int)d,
                        1.0f, X + r0 * d, (int)d, X, (int)d, 0.0f, G, (int)n);
            vsp_parallel(nthreads, m, brute_rows, &c);
        }
        if (hooks != NULL && hooks->tick != NULL &&
            hooks->tick(hooks->tick_ud, (double)(r0 + m) / (double)n)) {
            rc = 1;
            goto out;
        }
    }
    rc = 0;
out:
    vsp_vptree_free(tree);
    free(norm);
    free(G);
    free(c.hbuf);
    free(c.hdbuf);
    free(c.pbuf);
    return rc;
}
