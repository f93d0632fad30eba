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

/* An entry of the union on its way to a row: its column, its weight, and
 * whether it came from the row's own neighbour list (0) or from the
 * column's (1). */
struct entry {
    int col;
    int from;
    double a;
};

static int cmp_entry(const void *x, const void *y)
{
    const struct entry *p = x, *q = y;

    if (p->col != q->col)
        return (p->col > q->col) - (p->col < q->col);
    return (p->from > q->from) - (p->from < q->from);
}

int umap_fuzzy_graph(const int *nbr, const double *dist, size_t n, size_t k, int nthreads,
                     struct umap_graph *G, double *rho_out, double *sigma_out)
{
    double *rho = rho_out ? rho_out : malloc(n * sizeof *rho);
    double *sigma = sigma_out ? sigma_out : malloc(n * sizeof *sigma);
    size_t *fill = calloc(n, sizeof *fill), i, t, nnz;
    struct entry *ent = NULL;
    struct smooth_ctx sc;
    double total = 0;
    int rc = -1;

    memset(G, 0, sizeof *G);
    G->row = calloc(n + 1, sizeof *G->row);
    if (rho == NULL || sigma == NULL || fill == NULL || G->row == NULL)
        goto out;
    G->n = n;

    /* 1. rho and sigma of every point */
    for (i = 0; i < n * k; i++)
        total += dist[i];
    sc.dist = dist;
    sc.k = k;
    sc.mean_all = n * k > 0 ? total / (double)(n * k) : 0;
    sc.rho = rho;
    sc.sigma = sigma;
    vsp_parallel(nthreads, n, smooth_rows, &sc);

    /* 2. each directed membership a_ij to row i (from 0) and row j (from 1) */
    for (i = 0; i < n; i++)
        for (t = 0; t < k; t++)
            if ((size_t)nbr[i * k + t] != i) {
                G->row[i + 1]++;
                G->row[(size_t)nbr[i * k + t] + 1]++;
            }
    for (i = 0; i < n; i++)
        G->row[i + 1] += G->row[i];
    ent = malloc((G->row[n] ? G->row[n] : 1) * sizeof *ent);
    if (ent == NULL)
        goto out;
    for (i = 0; i < n; i++)
        for (t = 0; t < k; t++) {
            size_t j = (size_t)nbr[i * k + t], p, q;
            double d = dist[i * k + t] - rho[i], a;
            if (j == i)
                continue;
            a = d <= 0 || sigma[i] == 0 ? 1.0 : exp(-d / sigma[i]);
            p = G->row[i] + fill[i]++;
            q = G->row[j] + fill[j]++;
            ent[p].col = (int)j;
            ent[p].from = 0;
            ent[p].a = a;
            ent[q].col = (int)i;
            ent[q].from = 1;
            ent[q].a = a;
        }

    /* 3. per row, by column: a pair held both ways is a + b - ab, one held
     * one way is itself; zeros are left out */
    nnz = 0;
    for (i = 0; i < n; i++) {
        size_t a = G->row[i], b = G->row[i + 1], start = nnz;
        qsort(ent + a, b - a, sizeof *ent, cmp_entry);
        for (t = a; t < b; t++) {
            double w = ent[t].a;
            if (t + 1 < b && ent[t + 1].col == ent[t].col) {
                w = w + ent[t + 1].a - w * ent[t + 1].a;
                t++;
            }
            if (w > 0) {
                ent[nnz].col = ent[t].col;
                ent[nnz].a = w;
                nnz++;
            }
        }
        G->row[i] = start;
    }
    G->row[n] = nnz;
    G->col = malloc((nnz ? nnz : 1) * sizeof *G->col);
    G->w = malloc((nnz ? nnz : 1) * sizeof *G->w);
    if (G->col == NULL || G->w == NULL)
        goto out;
    for (t = 0; t < nnz; t++) {
        G->col[t] = ent[t].col;
        G->w[t] = (float)ent[t].a;
    }
    rc = 0;
out:
    if (rc != 0)
        umap_graph_free(G);
    if (rho_out == NULL)
        free(rho);
    if (sigma_out == NULL)
        free(sigma);
    free(fill);
    free(ent);
    return rc;
}

void umap_graph_prune(struct umap_graph *G, double epochs)
{
    size_t i, t, nnz = 0, start;
    float max = 0;

    for (t = 0; t < G->row[G->n]; t++)
        max = G->w[t] > max ? G->w[t] : max;
    for (i = 0; i < G->n; i++) {
        start = nnz;
        for (t = G->row[i]; t < G->row[i + 1]; t++)
            if ((double)G->w[t] >= (double)max / epochs) {
                G->col[nnz] = G->col[t];
                G->w[nnz] = G->w[t];
                nnz++;
            }
        G->row[i] = start;
    }
    G->row[G->n] = nnz;
}

void umap_graph_free(struct umap_graph *G)
{
    free(G->row);
    free(G->col);
    free(G->w);
    memset(G, 0, sizeof *G);
}
