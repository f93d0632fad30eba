/*
 * tsne-internal.h - what the files of the t-SNE plugin share: the input
 * affinities (affinity.c, on the exact neighbours of plugins/common/knn.h),
 * the space-partitioning tree for the Barnes-Hut repulsion (sptree.c) and the
 * FFT grid (fftgrid.c); the parallel loop is plugins/common/parallel.h.
 * Nothing here is exported from the plugin: every name is hidden. The tests
 * build affinity.c and plugins/common/ into check_vecscope.
 */
#ifndef TSNE_INTERNAL_H
#define TSNE_INTERNAL_H

#include <math.h>
#include <stddef.h>

#include "common/knn.h"
#include "common/parallel.h"
#include "common/sparse.h"

#define TSNE_HIDDEN VSP_HIDDEN

/* --- input affinities (affinity.c) --- */

/* X (n, d) -> the k nearest neighbours of every point (vsp_knn, found as
 * mode says) -> conditional P calibrated to the perplexity -> P
 * symmetrised (vsp_csr_symmetric) and normalised. tick (knn.h) may stop it.
 * Returns 0, 1 when tick asked to stop, or -1 on a memory failure. */
TSNE_HIDDEN int tsne_affinity_knn(const float *X, size_t n, size_t d, size_t k,
                                  double perplexity, enum vsp_knn_mode mode,
                                  int nthreads, vsp_tick tick,
                                  void *ud, struct vsp_csr *P);

/* X (n, d) -> dense P (n, n) over all pairs, symmetrised, normalised, each
 * off-diagonal entry at least DBL_EPSILON; the diagonal is 0. Returns 0, 1
 * when cancelled, -1 on a memory failure. */
TSNE_HIDDEN int tsne_affinity_dense(const float *X, size_t n, size_t d,
                                    double perplexity, int nthreads, vsp_tick tick,
                                    void *ud, float *P);

/* --- Barnes-Hut space-partitioning tree (sptree.c) --- */

struct tsne_node {
    float com[3];   /* centre of mass of its points */
    float width2;   /* squared largest side of its cell */
    int count;      /* points below it */
    int next;       /* index of the first node after its subtree */
    int lo, hi;     /* a leaf's points: positions lo..hi-1 of the tree order */
    int leaf;
};

struct tsne_tree {
    int D;                   /* 1, 2 or 3 dimensions: 2^D children a cell */
    size_t n;
    struct tsne_node *nodes; /* depth-first: a cell's children follow it */
    size_t nnodes, cap;
    int *order;              /* n: point index at each tree position */
    float *ys;               /* n * D: positions in tree order */
    int *tmp;                /* 2n: scratch for the partition */
};

TSNE_HIDDEN int tsne_tree_init(struct tsne_tree *t, size_t n, int D);
TSNE_HIDDEN void tsne_tree_free(struct tsne_tree *t);
/* Y (n, D) -> the tree (rebuilt in place). Returns -1 on a memory failure. */
TSNE_HIDDEN int tsne_tree_build(struct tsne_tree *t, const float *Y);
/* The repulsion on the point at tree position self (position y): with
 * w = (1 + d2/alpha)^(-(alpha+1)/2) over every other point (cells far enough,
 * squared width < theta2 * d2, as their centre of mass), z += sum w and
 * f (D) += sum w^2 (y - y_j). */
TSNE_HIDDEN void tsne_tree_repulsion(const struct tsne_tree *t, size_t self,
                                     const float *y, double alpha, double theta2,
                                     double *z, double *f);

/* --- 2-D repulsion by grid interpolation and FFT (fftgrid.c) --- */

#define TSNE_STENCIL 6   /* interpolation nodes a point uses, per dimension */

struct tsne_fft_point {
    int ix, iy;          /* first of its TSNE_STENCIL^2 nodes */
    float wx[TSNE_STENCIL], wy[TSNE_STENCIL];  /* their Lagrange weights */
};

struct tsne_fft {
    int cap;                 /* the largest L allocated */
    float *re[2], *im[2];    /* two complex L x L grids */
    float *scratch[4];       /* L x L, two a grid */
    float *kspec;            /* L x L: the kernel's spectrum / L^2 */
    int kL;                  /* the kernel's L and h (0: none yet) */
    double kh;
    float *twr, *twi;        /* twiddles of size twL */
    int twL;
    struct tsne_fft_point *pt;  /* n */
    int last_L;              /* the last call's grid, for the curious */
    double last_h;
};

TSNE_HIDDEN int tsne_fft_init(struct tsne_fft *F);
TSNE_HIDDEN void tsne_fft_free(struct tsne_fft *F);
/* Y (n, 2) -> z (n): sum over j != i of w_ij, rep (n, 2): sum over j of
 * w_ij^2 (y_i - y_j), with w = 1 / (1 + d^2) (one degree of freedom).
 * Returns -1 on a memory failure, and 1, computing nothing, when summing
 * over every pair directly costs less than the grid the map's spread needs
 * (a few points far apart: the grid would grow to L_MAX for nothing); the
 * caller then sums exactly. */
TSNE_HIDDEN int tsne_fft_repulsion(struct tsne_fft *F, const float *Y, size_t n,
                                   int nthreads, double *z, double *rep);

/* w for squared distance d2 and degrees of freedom alpha. */
static inline double tsne_kernel(double d2, double alpha)
{
    double t;

    if (alpha == 1.0)
        return 1.0 / (1.0 + d2);
    t = 1.0 / (1.0 + d2 / alpha);
    if (alpha == 2.0)
        return t * sqrt(t);
    return pow(t, (alpha + 1.0) / 2.0);
}

#endif
