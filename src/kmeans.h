/*
 * kmeans.h - k-means clustering of rows of a matrix (`cluster`, and the
 * --clusters K of the map commands).
 *
 * The algorithm and constants of scikit-learn 1.2's KMeans (algorithm
 * "lloyd"): greedy k-means++ seeding (2 + floor(ln k) candidates per centre,
 * the one that lowers the potential most kept), Lloyd iterations until the
 * centres move less than tol times the mean variance of the columns (sum of
 * squared shifts) or no label changes, at most max_iter of them, a cluster
 * left empty restarted at the point farthest from its centre, and the best
 * of n_init starts by inertia (the sum of squared distances of the points to
 * their centres). The random numbers are random.h's, so the same seed
 * gives the same clusters; they are not scikit-learn's, so its clusters are
 * matched in quality (inertia), not label for label.
 */
#ifndef VS_KMEANS_H
#define VS_KMEANS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "progress.h"

typedef struct vs_kmeans_opts {
    size_t k; /* clusters, 1..n */
    uint64_t seed;
    int n_init;   /* starts; the best is kept (scikit-learn 1.2: 10) */
    int max_iter; /* per start (300) */
    double tol;   /* relative to the mean column variance (1e-4) */
} vs_kmeans_opts;

/* The defaults above, for k clusters and seed. */
vs_kmeans_opts vs_kmeans_defaults(size_t k, uint64_t seed);

/* X (n, d) row-major -> labels (n) in 0..k-1, centres (k, d) (may be NULL)
 * and *inertia (may be NULL). Clusters are numbered by their first point:
 * the cluster of point 0 is 0, the next new one 1, and so on, so the
 * numbering does not depend on the start that won. Progress is reported as
 * "k-means" (Ctrl-C stops with an error). Errors: k of 0 or above n, a NaN
 * or infinite component. */
int vs_kmeans(const float *X, size_t n, size_t d, const vs_kmeans_opts *o, int *labels,
              float *centres, double *inertia, const vs_progress *p, vs_error *err);

#endif
