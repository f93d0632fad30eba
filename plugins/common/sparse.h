/*
 * sparse.h - the symmetric sparse matrix both neighbour-graph plugins build
 * from every point's k neighbours: t-SNE's P (p_j|i + p_i|j) and UMAP's
 * fuzzy graph (a + b - ab) differ only in how the two directions of a pair
 * are joined. Hidden names (see parallel.h).
 */
#ifndef VSP_SPARSE_H
#define VSP_SPARSE_H

#include <stddef.h>

#include "common/parallel.h"

/* n x n in compressed rows: row i's entries are col[row[i]..row[i+1])
 * (ascending) with values val[...]. */
struct vsp_csr {
    size_t n;
    size_t *row;   /* n + 1 */
    int *col;
    float *val;
};

/* How the two directions of a pair are joined: join(a, b) == join(b, a). */
typedef float (*vsp_join)(float a, float b);

/* nbr, val (n, k): the directed entries (i, nbr[i k + t]) = val[i k + t]
 * (as float), those with nbr == i left out -> S, symmetric: S_ij =
 * join(v_ij, v_ji) where both directions are there, the one value where
 * one is. Returns 0 or -1 on a memory failure (S then empty). */
VSP_HIDDEN int vsp_csr_symmetric(const int *nbr, const double *val, size_t n, size_t k,
                                 vsp_join join, struct vsp_csr *S);
VSP_HIDDEN void vsp_csr_free(struct vsp_csr *S);

#endif
