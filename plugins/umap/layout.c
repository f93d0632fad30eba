/*
 * layout.c - UMAP's layout by stochastic gradient descent with negative
 * sampling (McInnes, Healy & Melville 2018, section 3.2; the reference's
 * optimize_layout_euclidean, read for the algorithm, not copied):
 *
 *   edge e = (i, j, w)  every entry of the symmetric graph, both directions;
 *                       sampled at epochs t with t >= next_e, next_e then
 *                       += w_max / w (an edge as heavy as the heaviest
 *                       every epoch, lighter ones less often)
 *   attraction          d2 = |y_i - y_j|^2; g = -2ab d2^(b-1) / (1 + a d2^b)
 *                       (0 at d2 = 0); y_i += alpha clip(g (y_i - y_j)),
 *                       y_j -= the same
 *   repulsion           per sample of e, the negative samples due since the
 *                       last (5 per sample on average): a uniformly random
 *                       point k, g = 2b / ((0.001 + d2) (1 + a d2^b)) (0 at
 *                       d2 = 0), y_i += alpha clip(g (y_i - y_k)); y_k stays
 *   clip(v)             v limited to [-4, 4], per component
 *   alpha               1 - t / epochs at epoch t
 *
 * One thread, in edge order, one random stream from the seed: the layout
 * depends on the data, the parameters and the seed only.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "umap-internal.h"

#define NEGATIVE_RATE 5.0
#define CLIP 4.0f
#define TICK_SAMPLES 65536

static inline float clip(float v)
{
    return v > CLIP ? CLIP : v < -CLIP ? -CLIP : v;
}

/* xoshiro256** (Blackman & Vigna): the negative samples' stream. */
struct rng {
    uint64_t s[4];
};

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t next_u64(struct rng *r)
{
    uint64_t out = rotl(r->s[1] * 5, 7) * 9, t = r->s[1] << 17;

    r->s[2] ^= r->s[0];
    r->s[3] ^= r->s[1];
    r->s[1] ^= r->s[2];
    r->s[0] ^= r->s[3];
    r->s[2] ^= t;
    r->s[3] = rotl(r->s[3], 45);
    return out;
}

static void seed_rng(struct rng *r, uint64_t seed)
{
    int i;

    for (i = 0; i < 4; i++) {
        uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        r->s[i] = z ^ (z >> 31);
    }
}

/* A point in [0, n), n < 2^32, by the multiply-shift map. */
static inline size_t draw(struct rng *r, size_t n)
{
    return (size_t)(((next_u64(r) >> 32) * (uint64_t)n) >> 32);
}

int umap_layout(const struct umap_layout *L, const struct umap_graph *G, float *Y)
{
    size_t n = L->n, ne = G->row[n], e, i, since_tick = 0;
    int D = L->dims, d;
    float a = (float)L->a, b = (float)L->b;
    double *per = malloc((ne ? ne : 1) * sizeof *per), *next = malloc((ne ? ne : 1) * sizeof *next);
    double *per_neg = malloc((ne ? ne : 1) * sizeof *per_neg);
    double *next_neg = malloc((ne ? ne : 1) * sizeof *next_neg);
    int *head = malloc((ne ? ne : 1) * sizeof *head), rc = -1;
    float wmax = 0;
    long long t;
    struct rng rng;

    if (!per || !next || !per_neg || !next_neg || !head)
        goto out;
    /* 1. how often each edge is sampled (every w_max / w epochs) */
    for (e = 0; e < ne; e++)
        wmax = G->w[e] > wmax ? G->w[e] : wmax;
    for (i = 0; i < n; i++)
        for (e = G->row[i]; e < G->row[i + 1]; e++)
            head[e] = (int)i;
    for (e = 0; e < ne; e++) {
        per[e] = (double)wmax / G->w[e];
        next[e] = per[e];
        per_neg[e] = per[e] / NEGATIVE_RATE;
        next_neg[e] = per_neg[e];
    }
    seed_rng(&rng, L->seed);

    /* 2. the epochs */
    for (t = 0; t < L->epochs; t++) {
        float alpha = (float)(1.0 - (double)t / (double)L->epochs);
        for (e = 0; e < ne; e++) {
            float *yi, *yj, d2 = 0, g = 0;
            long long neg, s;
            if (next[e] > (double)t)
                continue;
            yi = Y + (size_t)head[e] * (size_t)D;
            yj = Y + (size_t)G->col[e] * (size_t)D;
            /* attraction along the edge */
            for (d = 0; d < D; d++)
                d2 += (yi[d] - yj[d]) * (yi[d] - yj[d]);
            if (d2 > 0) {
                float pb = powf(d2, b);
                g = -2.0f * a * b * (pb / d2) / (a * pb + 1.0f);
            }
            for (d = 0; d < D; d++) {
                float gd = clip(g * (yi[d] - yj[d])) * alpha;
                yi[d] += gd;
                yj[d] -= gd;
            }
            next[e] += per[e];
            /* repulsion from the negative samples due */
            neg = (long long)(((double)t - next_neg[e]) / per_neg[e]);
            for (s = 0; s < neg; s++) {
                size_t k = draw(&rng, n);
                float *yk = Y + k * (size_t)D;
                d2 = 0;
                for (d = 0; d < D; d++)
                    d2 += (yi[d] - yk[d]) * (yi[d] - yk[d]);
                if (d2 <= 0)
                    continue;   /* i itself, or a point on top of it */
                g = 2.0f * b / ((0.001f + d2) * (a * powf(d2, b) + 1.0f));
                for (d = 0; d < D; d++)
                    yi[d] += clip(g * (yi[d] - yk[d])) * alpha;
            }
            next_neg[e] += (double)(neg > 0 ? neg : 0) * per_neg[e];
            if (++since_tick >= TICK_SAMPLES) {
                since_tick = 0;
                if (L->tick != NULL && L->tick(L->ud, (double)t / (double)L->epochs)) {
                    rc = 1;
                    goto out;
                }
            }
        }
        if (L->tick != NULL && L->tick(L->ud, (double)(t + 1) / (double)L->epochs)) {
            rc = 1;
            goto out;
        }
    }
    rc = 0;
out:
    free(per);
    free(next);
    free(per_neg);
    free(next_neg);
    free(head);
    return rc;
}
