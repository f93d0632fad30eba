/*
 * vptree.c - exact k nearest neighbours through a vantage-point tree (knn.h),
 * for large selections of low intrinsic dimension, where brute force costs
 * O(n^2 d) and the tree prunes most of it (knn.c decides).
 *
 * The tree lives in one permutation of the point indices: the node over
 * positions [lo, hi) has its vantage point at lo, the points within radius
 * thr[lo] of it (the inner half) at [lo+1, mid) and the rest (the outer
 * half, at least thr[lo] away) at [mid, hi), mid = (lo + 1 + hi) / 2. Nodes of
 * at most LEAF points are scanned. The vantage point of a node is chosen by
 * a fixed hash of its position, so the tree depends on X only.
 *
 * Distances are vsp_dist2 (double, in one fixed order), the same numbers
 * brute force re-measures, and a query keeps the k smallest by (distance,
 * index): the same set, in the same order, as brute force gives. The
 * triangle-inequality pruning is loosened by a relative 1e-9 so that
 * rounding in the square roots never prunes a point that ties.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "common/knn.h"

#define LEAF 8
#define SLACK 1e-9

struct vsp_vptree {
    const float *X;   /* (n, d), borrowed */
    size_t n, d;
    int *order;       /* n: the point at each position */
    double *thr;      /* n: a node's radius, at its first position */
    double *key;      /* n: scratch for the build */
};

double vsp_dist2(const float *a, const float *b, size_t d)
{
    double s = 0;
    size_t e;

    for (e = 0; e < d; e++) {
        double diff = (double)a[e] - (double)b[e];
        s += diff * diff;
    }
    return s;
}

/* Is (da, a) before (db, b)? Ties go to the smaller index. */
static int before(double da, int a, double db, int b)
{
    return da < db || (da == db && a < b);
}

/* Sifts the max-heap (h, hd) of size k down from slot p. */
static void sift_down(int *h, double *hd, size_t p, size_t k)
{
    for (;;) {
        size_t l = 2 * p + 1, r = l + 1, m = p;
        int ti;
        double td;

        if (l < k && before(hd[m], h[m], hd[l], h[l]))
            m = l;
        if (r < k && before(hd[m], h[m], hd[r], h[r]))
            m = r;
        if (m == p)
            return;
        ti = h[p];
        td = hd[p];
        h[p] = h[m];
        hd[p] = hd[m];
        h[m] = ti;
        hd[m] = td;
        p = m;
    }
}

static void swap_pos(struct vsp_vptree *t, size_t a, size_t b)
{
    int oi = t->order[a];
    double k = t->key[a];

    t->order[a] = t->order[b];
    t->key[a] = t->key[b];
    t->order[b] = oi;
    t->key[b] = k;
}

/* Positions [lo, hi) by (key, point): the m-th smallest moved to m, smaller
 * ones before it, larger after (quickselect, middle pivot). */
static void select_nth(struct vsp_vptree *t, size_t lo, size_t hi, size_t m)
{
    while (hi - lo > 1) {
        size_t p = lo + (hi - lo) / 2, s = lo, j;
        double pk;
        int pi;

        swap_pos(t, p, hi - 1);
        pk = t->key[hi - 1];
        pi = t->order[hi - 1];
        for (j = lo; j < hi - 1; j++)
            if (before(t->key[j], t->order[j], pk, pi))
                swap_pos(t, j, s++);
        swap_pos(t, s, hi - 1);
        if (s == m)
            return;
        if (m < s)
            hi = s;
        else
            lo = s + 1;
    }
}

static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Builds the node over [lo, hi) and those below it. */
static void build(struct vsp_vptree *t, size_t lo, size_t hi)
{
    while (hi - lo > LEAF) {
        size_t mid = (lo + 1 + hi) / 2, j;
        const float *v;

        /* 1. a vantage point, moved to lo */
        swap_pos(t, lo, lo + (size_t)(mix(lo * 0x9e3779b97f4a7c15ULL + hi) % (hi - lo)));
        v = t->X + (size_t)t->order[lo] * t->d;
        /* 2. the others by distance to it, split at the median */
        for (j = lo + 1; j < hi; j++)
            t->key[j] = sqrt(vsp_dist2(v, t->X + (size_t)t->order[j] * t->d, t->d));
        select_nth(t, lo + 1, hi, mid);
        t->thr[lo] = t->key[mid];
        /* 3. the inner half by recursion, the outer half by the loop */
        build(t, lo + 1, mid);
        lo = mid;
    }
}

struct vsp_vptree *vsp_vptree_new(const float *X, size_t n, size_t d)
{
    struct vsp_vptree *t = malloc(sizeof *t);
    size_t i;

    if (t == NULL)
        return NULL;
    t->X = X;
    t->n = n;
    t->d = d;
    t->order = malloc((n ? n : 1) * sizeof *t->order);
    t->thr = malloc((n ? n : 1) * sizeof *t->thr);
    t->key = malloc((n ? n : 1) * sizeof *t->key);
    if (t->order == NULL || t->thr == NULL || t->key == NULL) {
        vsp_vptree_free(t);
        return NULL;
    }
    for (i = 0; i < n; i++)
        t->order[i] = (int)i;
    build(t, 0, n);
    free(t->key);
    t->key = NULL;
    return t;
}

void vsp_vptree_free(struct vsp_vptree *t)
{
    if (t == NULL)
        return;
    free(t->order);
    free(t->thr);
    free(t->key);
    free(t);
}

void vsp_heap_push(struct vsp_heap *q, double dj, int j)
{
    size_t s;

    if (q->fill < q->k) {
        /* insert, sift up */
        s = q->fill++;
        q->h[s] = j;
        q->hd[s] = dj;
        while (s > 0 && before(q->hd[(s - 1) / 2], q->h[(s - 1) / 2], q->hd[s], q->h[s])) {
            size_t p = (s - 1) / 2;
            int ti = q->h[s];
            double td = q->hd[s];
            q->h[s] = q->h[p];
            q->hd[s] = q->hd[p];
            q->h[p] = ti;
            q->hd[p] = td;
            s = p;
        }
    } else if (q->k > 0 && before(dj, j, q->hd[0], q->h[0])) {
        /* replace the worst, sift down */
        q->h[0] = j;
        q->hd[0] = dj;
        sift_down(q->h, q->hd, 0, q->k);
    }
}

void vsp_heap_drain(struct vsp_heap *q, int *nbr, double *dist)
{
    size_t s;

    /* pop the worst first: (distance, point) ascending */
    for (s = q->fill; s > 0; s--) {
        nbr[s - 1] = q->h[0];
        dist[s - 1] = q->hd[0];
        q->h[0] = q->h[s - 1];
        q->hd[0] = q->hd[s - 1];
        sift_down(q->h, q->hd, 0, s - 1);
    }
    q->fill = 0;
}

/* One query: the heap and the point it is for. */
struct query {
    const struct vsp_vptree *t;
    const float *x;
    int self;
    struct vsp_heap heap;
    size_t visits;   /* distances measured */
    double tau;   /* sqrt of the k-th best, infinite until k are held */
};

/* Point j at squared distance d2 from the query, to the heap. */
static void offer(struct query *q, int j, double d2)
{
    if (j == q->self)
        return;
    vsp_heap_push(&q->heap, d2, j);
    if (q->heap.fill == q->heap.k)
        q->tau = sqrt(q->heap.hd[0]);
}

static double measure(struct query *q, int j)
{
    q->visits++;
    return vsp_dist2(q->x, q->t->X + (size_t)j * q->t->d, q->t->d);
}

static void search(struct query *q, size_t lo, size_t hi)
{
    while (hi > lo) {
        size_t mid = (lo + 1 + hi) / 2, j;
        double dv, thr, slack;

        if (hi - lo <= LEAF) {
            for (j = lo; j < hi; j++)
                if (q->t->order[j] != q->self)
                    offer(q, q->t->order[j], measure(q, q->t->order[j]));
            return;
        }
        dv = measure(q, q->t->order[lo]);
        offer(q, q->t->order[lo], dv);
        dv = sqrt(dv);
        thr = q->t->thr[lo];
        slack = SLACK * (dv + thr);
        /* the nearer half first; the other only if a point in it could be
         * within tau: inner points are at least dv - thr away, outer ones at
         * least thr - dv */
        if (dv < thr) {
            search(q, lo + 1, mid);
            if (thr - dv > q->tau * (1 + SLACK) + slack)
                return;
            lo = mid;
        } else {
            search(q, mid, hi);
            if (dv - thr > q->tau * (1 + SLACK) + slack)
                return;
            lo += 1;
            hi = mid;
        }
    }
}

static size_t query(const struct vsp_vptree *t, size_t i, size_t k, int *h,
                    double *hd, int *nbr, double *dist, size_t *visits)
{
    struct query q;
    size_t found;

    q.t = t;
    q.x = t->X + i * t->d;
    q.self = (int)i;
    q.heap.k = k;
    q.heap.fill = 0;
    q.heap.h = h;
    q.heap.hd = hd;
    q.visits = 0;
    q.tau = INFINITY;
    if (k == 0)
        return 0;
    search(&q, 0, t->n);
    found = q.heap.fill;
    vsp_heap_drain(&q.heap, nbr, dist);
    if (visits != NULL)
        *visits += q.visits;
    return found;
}

size_t vsp_vptree_knn(const struct vsp_vptree *t, size_t i, size_t k, int *h,
                       double *hd, int *nbr, double *dist)
{
    return query(t, i, k, h, hd, nbr, dist, NULL);
}

double vsp_vptree_probe(const struct vsp_vptree *t, size_t k, size_t samples, int *h,
                         double *hd, int *nbr, double *dist)
{
    size_t s, visits = 0;

    if (t->n == 0 || samples == 0)
        return 0;
    samples = samples > t->n ? t->n : samples;
    for (s = 0; s < samples; s++)
        query(t, s * t->n / samples, k, h, hd, nbr, dist, &visits);
    return (double)visits / (double)samples;
}
