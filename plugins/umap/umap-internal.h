/*
 * umap-internal.h - what the files of the UMAP plugin share: the fuzzy
 * simplicial set (fuzzy.c), the curve's a and b (abfit.c), the spectral
 * start (spectral.c) and the stochastic layout (layout.c); umap.c is the
 * entry point that runs them in turn. The neighbours and the parallel loop
 * are plugins/common/. Nothing here is exported from the plugin: every name
 * is hidden. The tests build these files into check_vecscope to check the
 * pieces one by one.
 */
#ifndef UMAP_INTERNAL_H
#define UMAP_INTERNAL_H

#include <stddef.h>

#include "common/knn.h"
#include "common/parallel.h"
#include "common/sparse.h"

#define UMAP_HIDDEN VSP_HIDDEN

/* --- the fuzzy simplicial set (fuzzy.c) --- */

/* One point's neighbourhood: dist (k) its Euclidean distances to its k
 * neighbours, ascending, the point itself first (distance 0), as the
 * reference's k nearest neighbours include the point. -> rho, the distance
 * to the nearest other point at a nonzero distance (0 when there is none),
 * and sigma, found by bisection (at most 64 steps, to within 1e-5) so that
 * sum over j >= 1 of exp(-max(dist_j - rho, 0) / sigma) = log2(k); sigma is
 * then at least 1e-3 times the mean of dist (when rho > 0) or of mean_all,
 * the mean over every point's distances (when rho = 0). */
UMAP_HIDDEN void umap_smooth_row(const double *dist, size_t k, double mean_all, double *rho,
                                 double *sigma);

/* X (n, d) -> nbr, dist (n, k): every point's k - 1 nearest others (vsp_knn,
 * AUTO, nthreads at a time), Euclidean, after the point itself at distance
 * 0, as umap_smooth_row takes them. tick may stop it. Returns 0, 1 when
 * tick asked to stop, -1 on a memory failure. */
UMAP_HIDDEN int umap_neighbours(const float *X, size_t n, size_t d, size_t k, int nthreads,
                                vsp_tick tick, void *ud, int *nbr, double *dist);

/* nbr, dist (n, k) as umap_neighbours gives them -> G, symmetric (weights
 * in val): the fuzzy union of the membership strengths, a_ij =
 * exp(-max(dist - rho_i, 0) / sigma_i) for j a neighbour of i (0 for i
 * itself), w_ij = a_ij + a_ji - a_ij a_ji, zeros left out. rho and sigma
 * (n each) are computed here (nthreads at a time) and handed back when not
 * NULL. Returns 0 or -1 on a memory failure. */
UMAP_HIDDEN int umap_fuzzy_graph(const int *nbr, const double *dist, size_t n, size_t k,
                                 int nthreads, struct vsp_csr *G, double *rho,
                                 double *sigma);
/* Leaves out the edges of G lighter than max_w / epochs, as the reference
 * does before the layout (those would be sampled less than once). */
UMAP_HIDDEN void umap_graph_prune(struct vsp_csr *G, double epochs);

/* --- the curve 1 / (1 + a d^2b) (abfit.c) --- */

/* min_dist, spread -> a, b: the least-squares fit (Levenberg-Marquardt from
 * a = b = 1) of 1 / (1 + a x^2b) to 1 for x < min_dist and
 * exp(-(x - min_dist) / spread) beyond, at 300 points evenly spaced over
 * [0, 3 spread], as the reference's find_ab_params. Returns 0, or -1 when
 * the fit does not converge. */
UMAP_HIDDEN int umap_find_ab(double min_dist, double spread, double *a, double *b);

/* --- the spectral start (spectral.c) --- */

/* The graph G -> Y (n, dims): the eigenvectors of the normalised Laplacian
 * I - D^-1/2 W D^-1/2 of the dims smallest eigenvalues above the trivial
 * one (thick-restart Lanczos, residuals below 1e-6, LAPACK on the small
 * projected matrix), each signed so its largest component is positive.
 * Returns 0; UMAP_SPECTRAL_SPLIT when the graph is not connected (*parts:
 * how many parts), UMAP_SPECTRAL_SMALL when the graph has too few points for
 * dims eigenvectors, UMAP_SPECTRAL_STUCK when the eigensolver did not
 * converge; UMAP_SPECTRAL_STOP when tick asked to stop; -1 on a memory
 * failure. */
enum {
    UMAP_SPECTRAL_SPLIT = 1,
    UMAP_SPECTRAL_SMALL,
    UMAP_SPECTRAL_STUCK,
    UMAP_SPECTRAL_STOP
};
UMAP_HIDDEN int umap_spectral(const struct vsp_csr *G, int dims, vsp_tick tick, void *ud,
                              float *Y, size_t *parts);

/* The final figure "random start because": 0 when the start was spectral,
 * else why it was random. The values are part of the figure's meaning for
 * the host (src/cmd/cmd-umap.c reads them): never renumber. */
enum {
    UMAP_FIG_ASKED = 1,  /* init=random */
    UMAP_FIG_SPLIT = 2,  /* the graph is in "graph parts" parts */
    UMAP_FIG_SMALL = 3,  /* too few points */
    UMAP_FIG_STUCK = 4   /* the eigensolver did not converge */
};

/* --- the layout (layout.c) --- */

struct umap_layout {
    size_t n;
    int dims;
    double a, b;          /* the curve */
    long long epochs;
    unsigned long long seed;
    vsp_tick tick;       /* called every epoch and every 65,536 samples */
    void *ud;
};

/* Y (n, dims), the start -> the layout: stochastic gradient descent over
 * the edges of G (each edge i -> j sampled once every w_max / w_ij epochs,
 * pulling i and j together, with 5 random points pushed away from i per
 * sample), learning rate 1 falling linearly to 0, each gradient component
 * clipped at 4. Returns 0, or 1 when tick asked to stop, -1 on a memory
 * failure. */
UMAP_HIDDEN int umap_layout(const struct umap_layout *L, const struct vsp_csr *G,
                            float *Y);

#endif
