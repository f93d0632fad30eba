/*
 * fuzzy.c - UMAP's fuzzy simplicial set (McInnes, Healy & Melville 2018,
 * section 3 and appendix; the reference implementation, umap-learn 0.5's
 * smooth_knn_dist, compute_membership_strengths and fuzzy_simplicial_set,
 * read for the algorithm and its constants, not copied):
 *
 *   rho_i      the distance from point i to its nearest other point at a
 *              nonzero distance (local_connectivity = 1)
 *   sigma_i    by bisection: sum over i's k - 1 other neighbours of
 *              exp(-max(d_ij - rho_i, 0) / sigma_i) = log2(k), the point
 *              itself counted as neighbour 0 as in the reference
 *   a_ij       exp(-max(d_ij - rho_i, 0) / sigma_i): i's membership
 *              strength for its neighbour j (directed)
 *   w_ij       a_ij + a_ji - a_ij a_ji: the fuzzy union of the two
 *              directions (set_op_mix_ratio = 1), symmetric
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "umap-internal.h"

#define SMOOTH_TOL 1e-5
#define SMOOTH_STEPS 64
#define MIN_K_DIST_SCALE 1e-3

void umap_smooth_row(const double *dist, size_t k, double mean_all, double *rho,
                     double *sigma)
{
    double target = log2((double)k), lo = 0, hi = INFINITY, mid = 1, mean = 0, r = 0;
    size_t j;
    int step;

    /* 1. rho: the first nonzero distance (they are ascending) */
    for (j = 0; j < k; j++)
        if (dist[j] > 0) {
            r = dist[j];
            break;
        }
    /* 2. sigma by bisection on the sum of memberships */
    for (step = 0; step < SMOOTH_STEPS; step++) {
        double psum = 0;
        for (j = 1; j < k; j++) {
            double d = dist[j] - r;
            psum += d > 0 ? exp(-d / mid) : 1.0;
        }
        if (fabs(psum - target) < SMOOTH_TOL)
            break;
        if (psum > target) {
            hi = mid;
            mid = (lo + hi) / 2;
        } else {
            lo = mid;
            mid = hi == INFINITY ? mid * 2 : (lo + hi) / 2;
        }
    }
    /* 3. a floor, relative to the typical distance */
    for (j = 0; j < k; j++)
        mean += dist[j];
    mean /= (double)k;
    if (r > 0)
        mid = fmax(mid, MIN_K_DIST_SCALE * mean);
    else
        mid = fmax(mid, MIN_K_DIST_SCALE * mean_all);
    *rho = r;
    *sigma = mid;
}

struct smooth_ctx {
    const double *dist;
    size_t k;
    double mean_all;
    double *rho, *sigma;
};

static void smooth_rows(void *vctx, size_t lo, size_t hi)
{
    struct smooth_ctx *c = vctx;
    size_t i;

    for (i = lo; i < hi; i++)
        umap_smooth_row(c->dist + i * c->k, c->k, c->mean_all, &c->rho[i], &c->sigma[i]);
}

/* The two directions of a pair: the fuzzy union a + b - ab. */
static float fuzzy_union(float a, float b)
{
    return a + b - a * b;
}

/* Keeps the entries of G with a weight above 0 and at least lo. */
static void keep_from(struct vsp_csr *G, float lo)
{
    size_t i, t, nnz = 0, start;

    for (i = 0; i < G->n; i++) {
        start = nnz;
        for (t = G->row[i]; t < G->row[i + 1]; t++)
            if (G->val[t] > 0 && G->val[t] >= lo) {
                G->col[nnz] = G->col[t];
                G->val[nnz] = G->val[t];
                nnz++;
            }
        G->row[i] = start;
    }
    G->row[G->n] = nnz;
}

int umap_neighbours(const float *X, size_t n, size_t d, size_t k, int nthreads,
                    vsp_tick tick, void *ud, int *nbr, double *dist)
{
    int *others = malloc(n * (k - 1) * sizeof *others);
    double *d2 = malloc(n * (k - 1) * sizeof *d2);
    struct vsp_knn_hooks hooks = {NULL, NULL, tick, ud};
    size_t i, t;
    int rc = -1;

    if (others != NULL && d2 != NULL)
        rc = vsp_knn(X, n, d, k - 1, VSP_KNN_AUTO, nthreads, &hooks, others, d2);
    if (rc == 0)
        for (i = 0; i < n; i++) {
            nbr[i * k] = (int)i;
            dist[i * k] = 0;
            for (t = 1; t < k; t++) {
                nbr[i * k + t] = others[i * (k - 1) + t - 1];
                dist[i * k + t] = sqrt(d2[i * (k - 1) + t - 1]);
            }
        }
    free(others);
    free(d2);
    return rc;
}

int umap_fuzzy_graph(const int *nbr, const double *dist, size_t n, size_t k, int nthreads,
                     struct vsp_csr *G, double *rho_out, double *sigma_out)
{
    double *rho = rho_out ? rho_out : malloc(n * sizeof *rho);
    double *sigma = sigma_out ? sigma_out : malloc(n * sizeof *sigma);
    double *a = malloc(n * k * sizeof *a), total = 0;
    struct smooth_ctx sc;
    size_t i, t;
    int rc = -1;

    memset(G, 0, sizeof *G);
    if (rho == NULL || sigma == NULL || a == NULL)
        goto out;

    /* 1. rho and sigma of every point */
    for (i = 0; i < n * k; i++)
        total += dist[i];
    sc.dist = dist;
    sc.k = k;
    sc.mean_all = n * k > 0 ? total / (double)(n * k) : 0;
    sc.rho = rho;
    sc.sigma = sigma;
    vsp_parallel(nthreads, n, smooth_rows, &sc);

    /* 2. the directed memberships a_ij, then their fuzzy union */
    for (i = 0; i < n; i++)
        for (t = 0; t < k; t++) {
            double e = dist[i * k + t] - rho[i];
            a[i * k + t] = e <= 0 || sigma[i] == 0 ? 1.0 : exp(-e / sigma[i]);
        }
    if (vsp_csr_symmetric(nbr, a, n, k, fuzzy_union, G) < 0)
        goto out;
    keep_from(G, 0);
    rc = 0;
out:
    if (rho_out == NULL)
        free(rho);
    if (sigma_out == NULL)
        free(sigma);
    free(a);
    return rc;
}

void umap_graph_prune(struct vsp_csr *G, double epochs)
{
    size_t t;
    float max = 0;

    for (t = 0; t < G->row[G->n]; t++)
        max = G->val[t] > max ? G->val[t] : max;
    keep_from(G, (float)((double)max / epochs));
}
