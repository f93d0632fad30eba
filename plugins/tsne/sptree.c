/*
 * sptree.c - the space-partitioning tree of the Barnes-Hut repulsion: a
 * quadtree in 2-D (an octree in 3-D, a binary tree in 1-D), rebuilt every
 * iteration.
 *
 * Layout: one flat array of nodes in depth-first order, each with the index
 * of the node after its subtree, so a traversal is a loop over the array that
 * either descends (next index) or skips (node.next) - no stack, no pointers.
 * The points are reordered along the tree (order, ys) so the points of a leaf
 * lie together and neighbouring points, processed one after the other, walk
 * nearly the same nodes. A leaf holds up to LEAF points; a cell whose points
 * all coincide stops splitting at MAX_DEPTH and stays a (larger) leaf.
 *
 * A cell stands for its points when its squared width is less than theta^2
 * times the squared distance to its centre of mass (scikit-learn's test);
 * otherwise its children are visited, or its points one by one if it is a
 * leaf. The point itself is skipped; a duplicate of it adds w = 1 to the
 * normaliser and nothing to the force.
 */
#include <stdlib.h>
#include <string.h>

#include "tsne-internal.h"

#define LEAF 8
#define MAX_DEPTH 32

int tsne_tree_init(struct tsne_tree *t, size_t n, int D)
{
    memset(t, 0, sizeof *t);
    t->D = D;
    t->n = n;
    t->cap = 2 * n + 16;
    t->nodes = malloc(t->cap * sizeof *t->nodes);
    t->order = malloc(n * sizeof *t->order);
    t->ys = malloc(n * (size_t)D * sizeof *t->ys);
    t->tmp = malloc(2 * n * sizeof *t->tmp);
    if (t->nodes == NULL || t->order == NULL || t->ys == NULL || t->tmp == NULL) {
        tsne_tree_free(t);
        return -1;
    }
    return 0;
}

void tsne_tree_free(struct tsne_tree *t)
{
    free(t->nodes);
    free(t->order);
    free(t->ys);
    free(t->tmp);
    memset(t, 0, sizeof *t);
}

/* Builds the subtree of points order[lo..hi) in the cell of centre c and
 * half-width h; returns -1 on a memory failure. */
static int build(struct tsne_tree *t, const float *Y, int lo, int hi, const double *c,
                 double h, int depth)
{
    int D = t->D, nchild = 1 << D, d, q, i;
    size_t idx;
    double com[3] = {0, 0, 0};
    int start[9], cnt[8];

    if (t->nnodes == t->cap) {
        size_t cap = 2 * t->cap;
        struct tsne_node *nn = realloc(t->nodes, cap * sizeof *nn);
        if (nn == NULL)
            return -1;
        t->nodes = nn;
        t->cap = cap;
    }
    idx = t->nnodes++;
    for (i = lo; i < hi; i++)
        for (d = 0; d < D; d++)
            com[d] += Y[(size_t)t->order[i] * (size_t)D + (size_t)d];
    for (d = 0; d < 3; d++)
        t->nodes[idx].com[d] = d < D ? (float)(com[d] / (hi - lo)) : 0.0f;
    t->nodes[idx].width2 = (float)(4.0 * h * h);
    t->nodes[idx].count = hi - lo;
    t->nodes[idx].lo = lo;
    t->nodes[idx].hi = hi;
    t->nodes[idx].leaf = hi - lo <= LEAF || depth >= MAX_DEPTH;
    if (t->nodes[idx].leaf) {
        t->nodes[idx].next = (int)t->nnodes;
        return 0;
    }

    /* counting sort of the points by child: bit d set = above c[d] */
    memset(cnt, 0, sizeof cnt);
    for (i = lo; i < hi; i++) {
        const float *y = Y + (size_t)t->order[i] * (size_t)D;
        for (q = 0, d = 0; d < D; d++)
            q |= (y[d] > c[d]) << d;
        t->tmp[i] = q;
        cnt[q]++;
    }
    start[0] = lo;
    for (q = 0; q < nchild; q++)
        start[q + 1] = start[q] + cnt[q];
    {
        int pos[8];
        int *dst = t->tmp + t->n + lo;  /* the second half of tmp */
        memcpy(pos, start, sizeof pos);
        for (i = lo; i < hi; i++)
            dst[pos[t->tmp[i]]++ - lo] = t->order[i];
        memcpy(t->order + lo, dst, (size_t)(hi - lo) * sizeof *dst);
    }
    for (q = 0; q < nchild; q++) {
        double cc[3];
        if (cnt[q] == 0)
            continue;
        for (d = 0; d < D; d++)
            cc[d] = c[d] + ((q >> d) & 1 ? h / 2 : -h / 2);
        if (build(t, Y, start[q], start[q + 1], cc, h / 2, depth + 1) < 0)
            return -1;
    }
    t->nodes[idx].next = (int)t->nnodes;
    return 0;
}

int tsne_tree_build(struct tsne_tree *t, const float *Y)
{
    int D = t->D, d;
    size_t i, n = t->n;
    double lo[3], hi[3], c[3], h = 0;

    for (d = 0; d < D; d++) {
        lo[d] = hi[d] = Y[d];
    }
    for (i = 0; i < n; i++) {
        t->order[i] = (int)i;
        for (d = 0; d < D; d++) {
            double v = Y[i * (size_t)D + (size_t)d];
            lo[d] = v < lo[d] ? v : lo[d];
            hi[d] = v > hi[d] ? v : hi[d];
        }
    }
    for (d = 0; d < D; d++) {
        c[d] = (lo[d] + hi[d]) / 2;
        h = (hi[d] - lo[d]) / 2 > h ? (hi[d] - lo[d]) / 2 : h;
    }
    h = h * (1 + 1e-6) + 1e-12;
    t->nnodes = 0;
    if (build(t, Y, 0, (int)n, c, h, 0) < 0)
        return -1;
    for (i = 0; i < n; i++)
        for (d = 0; d < D; d++)
            t->ys[i * (size_t)D + (size_t)d] = Y[(size_t)t->order[i] * (size_t)D + (size_t)d];
    return 0;
}

void tsne_tree_repulsion(const struct tsne_tree *t, size_t self, const float *y,
                         double alpha, double theta2, double *z, double *f)
{
    const struct tsne_node *nodes = t->nodes;
    int D = t->D, d, k = 0, nn = (int)t->nnodes, j;
    double zs = 0, fs[3] = {0, 0, 0};

    while (k < nn) {
        const struct tsne_node *nd = &nodes[k];
        double diff[3], d2 = 0;
        for (d = 0; d < D; d++) {
            diff[d] = (double)y[d] - nd->com[d];
            d2 += diff[d] * diff[d];
        }
        if (nd->width2 < theta2 * d2) {
            /* far enough: the cell as one body at its centre of mass */
            double w = tsne_kernel(d2, alpha), m = nd->count * w;
            zs += m;
            for (d = 0; d < D; d++)
                fs[d] += m * w * diff[d];
            k = nd->next;
        } else if (nd->leaf) {
            for (j = nd->lo; j < nd->hi; j++) {
                const float *yj = t->ys + (size_t)j * (size_t)D;
                double w;
                if ((size_t)j == self)
                    continue;
                for (d2 = 0, d = 0; d < D; d++) {
                    diff[d] = (double)y[d] - yj[d];
                    d2 += diff[d] * diff[d];
                }
                w = tsne_kernel(d2, alpha);
                zs += w;
                for (d = 0; d < D; d++)
                    fs[d] += w * w * diff[d];
            }
            k = nd->next;
        } else {
            k++;
        }
    }
    *z += zs;
    for (d = 0; d < D; d++)
        f[d] += fs[d];
}
