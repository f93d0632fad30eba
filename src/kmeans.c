/*
 * kmeans.c - k-means clustering (see kmeans.h).
 *
 * The points are centred on their mean first (as scikit-learn does, so the
 * squared norms that the distances are made of stay small), and the
 * distances of a block of points to every centre come from one product:
 * |x - c|^2 = |x|^2 - 2 x.c + |c|^2, x.c by sgemm.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"
#include "kmeans.h"
#include "random.h"
#include "xalloc.h"

#define BLOCK 2048 /* points per distance product */

vs_kmeans_opts vs_kmeans_defaults(size_t k, uint64_t seed)
{
    vs_kmeans_opts o;

    o.k = k;
    o.seed = seed;
    o.n_init = 10;
    o.max_iter = 300;
    o.tol = 1e-4;
    return o;
}

/* A double in [0, 1) from the library's generator (random.h). */
static double uniform(uint64_t *s)
{
    return (double)(vs_random_next(s) >> 11) * (1.0 / 9007199254740992.0);
}

/* Squared distance between a (d) and b (d), in double. */
static double dist2(const float *a, const float *b, size_t d)
{
    double s = 0.0;
    size_t j;

    for (j = 0; j < d; j++) {
        double t = (double)a[j] - b[j];
        s += t * t;
    }
    return s;
}

/* The work space of one clustering. */
typedef struct km {
    const float *X; /* (n, d), centred */
    size_t n, d, k;
    float *xx;  /* (n) |x|^2 */
    float *cc;  /* (k) |c|^2 */
    float *dot; /* (BLOCK, k) x.c */
} km;

/* Each point's nearest centre of C (k, d) -> labels (n), and its squared
 * distance -> dmin (n). */
static void assign(km *w, const float *C, int *labels, float *dmin)
{
    size_t i0, i, c;

    for (c = 0; c < w->k; c++)
        w->cc[c] = vs_dot(C + c * w->d, C + c * w->d, w->d);
    for (i0 = 0; i0 < w->n; i0 += BLOCK) {
        size_t m = w->n - i0 < BLOCK ? w->n - i0 : BLOCK;
        /* dot (m, k) = X[i0..i0+m) (m, d) . C^T (d, k) */
        vs_sgemm(0, 1, m, w->k, w->d, 1.0f, w->X + i0 * w->d, w->d, C, w->d, 0.0f,
                 w->dot, w->k);
        for (i = 0; i < m; i++) {
            const float *row = w->dot + i * w->k;
            float best = INFINITY;
            int bc = 0;
            for (c = 0; c < w->k; c++) {
                float dd = w->xx[i0 + i] - 2.0f * row[c] + w->cc[c];
                if (dd < best) {
                    best = dd;
                    bc = (int)c;
                }
            }
            labels[i0 + i] = bc;
            dmin[i0 + i] = best > 0.0f ? best : 0.0f;
        }
    }
}

/* Greedy k-means++: the first centre a random point, then each next one
 * the best of 2 + floor(ln k) candidates drawn with probability
 * proportional to the squared distance to the nearest centre so far. */
static void seed_centres(km *w, uint64_t *rng, float *C)
{
    size_t n = w->n, d = w->d, k = w->k, trials = 2 + (size_t)log((double)k);
    double *closest = xmallocarray(n, sizeof *closest);
    double *cand = xmallocarray(n, sizeof *cand),
           *best_d = xmallocarray(n, sizeof *best_d);
    double pot = 0.0;
    size_t i, c, t, first = (size_t)(uniform(rng) * (double)n);

    if (first >= n)
        first = n - 1;
    memcpy(C, w->X + first * d, d * sizeof *C);
    for (i = 0; i < n; i++) {
        closest[i] = dist2(w->X + i * d, C, d);
        pot += closest[i];
    }
    for (c = 1; c < k; c++) {
        double best_pot = INFINITY;
        size_t best = 0;
        for (t = 0; t < trials; t++) {
            /* the candidate: where a uniform draw of the potential falls in
             * the running sum of the distances */
            double r = uniform(rng) * pot, sum = 0.0, cpot = 0.0;
            size_t id = n - 1;
            for (i = 0; i < n; i++) {
                sum += closest[i];
                if (sum > r) {
                    id = i;
                    break;
                }
            }
            for (i = 0; i < n; i++) {
                double dd = dist2(w->X + i * d, w->X + id * d, d);
                cand[i] = dd < closest[i] ? dd : closest[i];
                cpot += cand[i];
            }
            if (cpot < best_pot) {
                best_pot = cpot;
                best = id;
                memcpy(best_d, cand, n * sizeof *cand);
            }
        }
        memcpy(C + c * d, w->X + best * d, d * sizeof *C);
        memcpy(closest, best_d, n * sizeof *closest);
        pot = best_pot;
    }
    free(closest);
    free(cand);
    free(best_d);
}

/* Each centre the mean of its points; an empty cluster restarts at the
 * point farthest from its centre (not taken already). C_new (k, d). */
static void update_centres(km *w, const int *labels, const float *dmin, float *C_new)
{
    size_t n = w->n, d = w->d, k = w->k, i, c, j;
    double *sum = xcalloc(k * d, sizeof *sum);
    size_t *count = xcalloc(k, sizeof *count);
    unsigned char *taken = NULL;

    for (i = 0; i < n; i++) {
        double *s = sum + (size_t)labels[i] * d;
        for (j = 0; j < d; j++)
            s[j] += w->X[i * d + j];
        count[labels[i]]++;
    }
    for (c = 0; c < k; c++) {
        if (count[c] == 0) {
            size_t far = 0;
            float fd = -1.0f;
            if (taken == NULL)
                taken = xcalloc(n, 1);
            for (i = 0; i < n; i++)
                if (!taken[i] && dmin[i] > fd && count[labels[i]] > 1) {
                    fd = dmin[i];
                    far = i;
                }
            taken[far] = 1;
            for (j = 0; j < d; j++) {
                sum[(size_t)labels[far] * d + j] -= w->X[far * d + j];
                sum[c * d + j] = w->X[far * d + j];
            }
            count[labels[far]]--;
            count[c] = 1;
        }
    }
    for (c = 0; c < k; c++)
        for (j = 0; j < d; j++)
            C_new[c * d + j] = (float)(sum[c * d + j] / (double)count[c]);
    free(sum);
    free(count);
    free(taken);
}

/* One start: seeding, then Lloyd's iterations. labels, C filled; returns
 * the inertia. */
static double run_once(km *w, uint64_t *rng, const vs_kmeans_opts *o, double tol,
                       int *labels, float *C, float *dmin)
{
    size_t n = w->n, d = w->d, k = w->k, i, c;
    float *C_new = xmallocarray(k, d * sizeof *C_new);
    int *prev = xmallocarray(n, sizeof *prev), it, strict = 0;
    double inertia = 0.0;

    seed_centres(w, rng, C);
    for (i = 0; i < n; i++)
        prev[i] = -1;
    for (it = 0; it < o->max_iter; it++) {
        double shift = 0.0;
        assign(w, C, labels, dmin);
        if (memcmp(prev, labels, n * sizeof *labels) == 0) {
            strict = 1;
            break;
        }
        update_centres(w, labels, dmin, C_new);
        for (c = 0; c < k * d; c++) {
            double t = (double)C_new[c] - C[c];
            shift += t * t;
        }
        memcpy(C, C_new, k * d * sizeof *C);
        memcpy(prev, labels, n * sizeof *labels);
        if (shift <= tol)
            break;
    }
    if (!strict)
        assign(w, C, labels, dmin);
    for (i = 0; i < n; i++)
        inertia += dist2(w->X + i * d, C + (size_t)labels[i] * d, d);
    free(C_new);
    free(prev);
    return inertia;
}

int vs_kmeans(const float *X, size_t n, size_t d, const vs_kmeans_opts *o, int *labels,
              float *centres, double *inertia, const vs_progress *p, vs_error *err)
{
    size_t k = o->k, i, j, c;
    double *mean, var = 0.0, tol, best = INFINITY;
    float *Xc, *C, *dmin;
    int *lab, *map, r, rc = 0;
    uint64_t rng = o->seed;
    km w;

    if (k == 0 || k > n)
        return vs_fail(err,
                       "k-means: the number of clusters must be 1 to %zu (the "
                       "points), not %zu",
                       n, k);
    if (o->n_init < 1 || o->max_iter < 1)
        return vs_fail(err, "k-means: n_init and max_iter must be at least 1");
    for (i = 0; i < n * d; i++)
        if (!isfinite(X[i]))
            return vs_fail(err,
                           "k-means: component %zu of point %zu is not a finite "
                           "number",
                           i % d, i / d);
    /* 1. centre the points; tol scales with the mean variance of a column */
    mean = xcalloc(d, sizeof *mean);
    for (i = 0; i < n; i++)
        for (j = 0; j < d; j++)
            mean[j] += X[i * d + j];
    for (j = 0; j < d; j++)
        mean[j] /= (double)n;
    Xc = xmallocarray(n, d * sizeof *Xc);
    for (i = 0; i < n; i++)
        for (j = 0; j < d; j++) {
            double t = X[i * d + j] - mean[j];
            Xc[i * d + j] = (float)t;
            var += t * t;
        }
    tol = d > 0 ? o->tol * var / (double)n / (double)d : 0.0;
    /* 2. the starts; the one with the least inertia wins */
    memset(&w, 0, sizeof w);
    w.X = Xc;
    w.n = n;
    w.d = d;
    w.k = k;
    w.xx = xmallocarray(n, sizeof *w.xx);
    w.cc = xmallocarray(k, sizeof *w.cc);
    w.dot = xmallocarray(BLOCK, k * sizeof *w.dot);
    for (i = 0; i < n; i++)
        w.xx[i] = vs_dot(Xc + i * d, Xc + i * d, d);
    C = xmallocarray(k, d * sizeof *C);
    dmin = xmallocarray(n, sizeof *dmin);
    lab = xmallocarray(n, sizeof *lab);
    for (r = 0; r < o->n_init; r++) {
        double in;
        if (vs_progress_step(p, "k-means", (double)r / o->n_init, err) < 0) {
            rc = -1;
            break;
        }
        in = run_once(&w, &rng, o, tol, lab, C, dmin);
        if (in < best) {
            best = in;
            memcpy(labels, lab, n * sizeof *lab);
            if (centres != NULL)
                memcpy(centres, C, k * d * sizeof *C);
        }
    }
    vs_progress_done(p);
    if (rc == 0) {
        /* 3. number the clusters by their first point; centres back in
         * the points' own coordinates */
        map = xmallocarray(k, sizeof *map);
        for (c = 0; c < k; c++)
            map[c] = -1;
        for (i = 0, r = 0; i < n; i++)
            if (map[labels[i]] < 0)
                map[labels[i]] = r++;
        for (c = 0; c < k; c++)
            if (map[c] < 0)
                map[c] = r++;
        for (i = 0; i < n; i++)
            labels[i] = map[labels[i]];
        if (centres != NULL) {
            memcpy(C, centres, k * d * sizeof *C);
            for (c = 0; c < k; c++)
                for (j = 0; j < d; j++)
                    centres[(size_t)map[c] * d + j] = (float)(C[c * d + j] + mean[j]);
        }
        if (inertia != NULL)
            *inertia = best;
        free(map);
    }
    free(mean);
    free(Xc);
    free(w.xx);
    free(w.cc);
    free(w.dot);
    free(C);
    free(dmin);
    free(lab);
    return rc;
}
