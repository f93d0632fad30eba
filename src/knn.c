/*
 * knn.c - cosine scores against the whole matrix, and the top k of them.
 *
 * Scoring is one BLAS matrix-vector product over the raw rows, divided by the
 * stored row norms: the matrix is read once, which is the memory-bandwidth
 * bound. The top k are kept in a small min-heap while scanning the scores.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "blas.h"
#include "knn.h"
#include "xalloc.h"

void vs_knn_scores(vs_model *m, const float *q, size_t limit, float *scores)
{
    const float *norms = vs_model_norms(m);
    size_t i;

    /* scores (limit) = vecs[0:limit] (limit, dim) . q (dim) */
    vs_gemv(m->vecs, limit, m->dim, q, scores);
    /* cosine = dot / |row|; 0/0 gives NaN for a zero row, as numpy does */
    for (i = 0; i < limit; i++)
        scores[i] = scores[i] / norms[i];
}

/* a ranks before b: higher score, then lower id. */
static int better(const vs_hit *a, const vs_hit *b)
{
    return a->score > b->score || (a->score == b->score && a->id < b->id);
}

/* Restores the min-heap (worst at the top) below position i. */
static void sift_down(vs_hit *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i;
        vs_hit t;
        if (l < n && better(&h[w], &h[l]))
            w = l;
        if (r < n && better(&h[w], &h[r]))
            w = r;
        if (w == i)
            return;
        t = h[i];
        h[i] = h[w];
        h[w] = t;
        i = w;
    }
}

static void sift_up(vs_hit *h, size_t i)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        vs_hit t;
        if (!better(&h[p], &h[i]))
            return;
        t = h[i];
        h[i] = h[p];
        h[p] = t;
        i = p;
    }
}

static int excluded(uint32_t id, const uint32_t *ex, size_t nex)
{
    size_t i;

    for (i = 0; i < nex; i++)
        if (ex[i] == id)
            return 1;
    return 0;
}

static int cmp_hits(const void *a, const void *b)
{
    const vs_hit *x = a, *y = b;

    if (better(x, y))
        return -1;
    if (better(y, x))
        return 1;
    return 0;
}

size_t vs_topk(const float *scores, size_t n, const uint32_t *exclude,
               size_t nexclude, size_t k, vs_hit *out)
{
    size_t i, len = 0;

    if (k == 0)
        return 0;
    for (i = 0; i < n; i++) {
        vs_hit h;
        if (isnan(scores[i]))
            continue;
        h.id = (uint32_t)i;
        h.score = scores[i];
        if (len == k && !better(&h, &out[0]))
            continue;
        if (nexclude && excluded(h.id, exclude, nexclude))
            continue;
        if (len < k) {
            out[len] = h;
            sift_up(out, len++);
        } else {
            out[0] = h;
            sift_down(out, len, 0);
        }
    }
    qsort(out, len, sizeof *out, cmp_hits);
    return len;
}
