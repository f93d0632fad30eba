/*
 * knn.h - exact k nearest neighbours of every row of a matrix, for the
 * projection plugins (t-SNE's input affinities, UMAP's fuzzy graph): by
 * brute force through sgemm (knn.c), or through a vantage-point tree
 * (vptree.c) where that prunes well. Both give the same answer, bit for bit:
 * neighbours ranked by (squared Euclidean distance summed in double in one
 * fixed order, index). Hidden names only (see parallel.h).
 */
#ifndef VSP_KNN_H
#define VSP_KNN_H

#include <stddef.h>

#include "common/parallel.h"

/* Squared Euclidean distance of a and b (d), in double, summed in order:
 * the one number both neighbour searches rank by. */
VSP_HIDDEN double vsp_dist2(const float *a, const float *b, size_t d);

/* A max-heap of the k best (distance, point) pairs, ties going to the
 * smaller point; h and hd (k each) are the caller's. */
struct vsp_heap {
    int *h;
    double *hd;
    size_t k, fill;
};
VSP_HIDDEN void vsp_heap_push(struct vsp_heap *q, double dist, int point);
/* The heap -> nbr, dist (fill each) by (distance, point) ascending; empties
 * the heap. */
VSP_HIDDEN void vsp_heap_drain(struct vsp_heap *q, int *nbr, double *dist);

/* --- the vantage-point tree (vptree.c) --- */

struct vsp_vptree;
/* X (n, d), borrowed until the free -> the tree. NULL on a memory failure. */
VSP_HIDDEN struct vsp_vptree *vsp_vptree_new(const float *X, size_t n, size_t d);
VSP_HIDDEN void vsp_vptree_free(struct vsp_vptree *t);
/* Point i -> its min(k, n - 1) nearest others by (vsp_dist2, index),
 * ascending, in nbr and dist; h and hd (k each) are scratch. Returns how
 * many. Reads the tree only: queries may run in parallel. */
VSP_HIDDEN size_t vsp_vptree_knn(const struct vsp_vptree *t, size_t i, size_t k, int *h,
                                 double *hd, int *nbr, double *dist);
/* The mean number of distances a query measures, over `samples` points
 * spread evenly through X: how well the tree prunes on this data. h, hd,
 * nbr, dist (k each) are scratch. */
VSP_HIDDEN double vsp_vptree_probe(const struct vsp_vptree *t, size_t k, size_t samples,
                                   int *h, double *hd, int *nbr, double *dist);

/* --- the search (knn.c) --- */

/* How vsp_knn finds the neighbours: by the size of the input (and, for
 * large inputs, how well the tree prunes on it), by brute force, or through
 * the vantage-point tree. */
enum vsp_knn_mode { VSP_KNN_AUTO, VSP_KNN_BRUTE, VSP_KNN_TREE };

/* What a caller hooks into the search, each may be NULL. row(row_ud, i,
 * nbr, dist, k) runs on a worker thread as soon as point i's neighbours are
 * known (a per-point computation on them, writing per-point outputs only);
 * tick(tick_ud, fraction) runs on the calling thread between blocks of
 * points and stops the search by returning nonzero. */
typedef void (*vsp_knn_row)(void *ud, size_t i, const int *nbr, const double *dist,
                            size_t k);
typedef int (*vsp_tick)(void *ud, double fraction);
struct vsp_knn_hooks {
    vsp_knn_row row;
    void *row_ud;
    vsp_tick tick;
    void *tick_ud;
};

/* X (n, d) -> nbr, dist (n, k): every point's k <= n - 1 nearest others by
 * (vsp_dist2, index), ascending; dist holds the squared distances. The same
 * numbers whichever the mode and the thread count. Returns 0, 1 when the
 * tick asked to stop, or -1 on a memory failure. */
VSP_HIDDEN int vsp_knn(const float *X, size_t n, size_t d, size_t k, enum vsp_knn_mode mode,
                       int nthreads, const struct vsp_knn_hooks *hooks, int *nbr,
                       double *dist);

#endif
