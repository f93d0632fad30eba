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
 * One thread, one random stream from the seed, the updates in a fixed order
 * (the first half of the rows and the second half walked side by side,
 * which lets the processor overlap their arithmetic; umap-learn walks the
 * edges in one sequence): the layout depends on the data, the parameters
 * and the seed only.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "common/random.h"
#include "umap-internal.h"

#define NEGATIVE_RATE 5.0
#define CLIP 4.0f
#define TICK_SAMPLES 65536
#define LANES 2

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

    for (i = 0; i < 4; i++)
        r->s[i] = vsp_splitmix64(&seed);
}

/* A point in [0, n), n < 2^32, by the multiply-shift map. */
static inline size_t draw(struct rng *r, size_t n)
{
    return (size_t)(((next_u64(r) >> 32) * (uint64_t)n) >> 32);
}

/* Per edge, in the graph's order: when it is next due, and how often. */
struct sched {
    float next, next_neg;   /* the epoch of the next sample, negative sample */
    float per, per_neg;     /* epochs between samples, negative samples */
};

struct epoch {
    const struct vsp_csr *G;
    struct sched *sc;
    float *Y;
    float a, b, alpha;
    float t;                /* the epoch */
    struct rng *rng;
    vsp_tick tick;
    void *ud;
    double fraction;        /* of the layout done when this epoch began */
    size_t since_tick;
};

/* One of the two walks through the edges an epoch makes: rows lo..hi, at
 * edge e of row i, with neg negative samples of that edge still to do. */
struct lane {
    size_t i, hi, e;
    int neg;
};

/* The lane's next update (D dimensions, a constant in each caller):
 * a negative sample of its current edge, or else the attraction along its
 * next due edge. Returns 0 when the lane has no edge left this epoch. */
static inline __attribute__((always_inline)) int lane_step(struct epoch *E, struct lane *l,
                                                          const int D)
{
    const struct vsp_csr *G = E->G;
    const float a = E->a, b = E->b, alpha = E->alpha;
    float *Y = E->Y, *yi, d2 = 0, g = 0;
    int d;

    if (l->neg > 0) {
        /* repulsion: a random point pushes y_i away */
        const float *yk = Y + draw(E->rng, G->n) * (size_t)D;
        yi = Y + l->i * (size_t)D;
        l->neg--;
        for (d = 0; d < D; d++)
            d2 += (yi[d] - yk[d]) * (yi[d] - yk[d]);
        if (d2 > 0) {   /* else i itself, or a point on top of it */
            g = 2.0f * b / ((0.001f + d2) * (a * powf(d2, b) + 1.0f));
            for (d = 0; d < D; d++)
                yi[d] += clip(g * (yi[d] - yk[d])) * alpha;
        }
        return 1;
    }
    for (;;) {
        /* the next edge due this epoch */
        struct sched *s;
        float *yj;
        if (l->i >= l->hi)
            return 0;
        if (l->e >= G->row[l->i + 1]) {
            l->i++;
            continue;
        }
        s = &E->sc[l->e++];
        if (s->next > E->t)
            continue;
        /* attraction along it */
        yi = Y + l->i * (size_t)D;
        yj = Y + (size_t)G->col[l->e - 1] * (size_t)D;
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
        s->next += s->per;
        /* the negative samples due since the last, done next */
        l->neg = (int)((E->t - s->next_neg) / s->per_neg);
        if (l->neg > 0)
            s->next_neg += (float)l->neg * s->per_neg;
        return 1;
    }
}

/* One epoch: the rows cut into LANES parts walked side by side, one update
 * of each in turn. Every update is applied before the next is computed
 * (plain sequential SGD, in a fixed order); the walks' chains of dependent
 * arithmetic (each update needs the point where the last left it) overlap
 * in the processor. Returns 1 when tick asked to stop. */
static inline __attribute__((always_inline)) int epoch_d(struct epoch *E, const int D)
{
    const struct vsp_csr *G = E->G;
    struct lane l[LANES];
    int more[LANES], q, any = 1;

    for (q = 0; q < LANES; q++) {
        l[q].i = G->n * (size_t)q / LANES;
        l[q].hi = G->n * (size_t)(q + 1) / LANES;
        l[q].e = G->row[l[q].i];
        l[q].neg = 0;
        more[q] = 1;
    }
    while (any) {
        any = 0;
        for (q = 0; q < LANES; q++)
            if (more[q])
                any |= more[q] = lane_step(E, &l[q], D);
        if (++E->since_tick >= TICK_SAMPLES) {
            E->since_tick = 0;
            if (E->tick != NULL && E->tick(E->ud, E->fraction))
                return 1;
        }
    }
    return 0;
}

static int epoch1(struct epoch *E)
{
    return epoch_d(E, 1);
}

static int epoch2(struct epoch *E)
{
    return epoch_d(E, 2);
}

static int epoch3(struct epoch *E)
{
    return epoch_d(E, 3);
}

int umap_layout(const struct umap_layout *L, const struct vsp_csr *G, float *Y)
{
    size_t ne = G->row[L->n], e;
    struct sched *sc = malloc((ne ? ne : 1) * sizeof *sc);
    int (*run_epoch)(struct epoch *) = L->dims == 1 ? epoch1 : L->dims == 2 ? epoch2 : epoch3;
    float wmax = 0;
    long long t;
    struct rng rng;
    struct epoch E;

    if (sc == NULL)
        return -1;
    /* 1. how often each edge is sampled (every w_max / w epochs) */
    for (e = 0; e < ne; e++)
        wmax = G->val[e] > wmax ? G->val[e] : wmax;
    for (e = 0; e < ne; e++) {
        sc[e].per = wmax / G->val[e];
        sc[e].next = sc[e].per;
        sc[e].per_neg = sc[e].per / (float)NEGATIVE_RATE;
        sc[e].next_neg = sc[e].per_neg;
    }
    seed_rng(&rng, L->seed);

    /* 2. the epochs */
    E.G = G;
    E.sc = sc;
    E.Y = Y;
    E.a = (float)L->a;
    E.b = (float)L->b;
    E.rng = &rng;
    E.tick = L->tick;
    E.ud = L->ud;
    E.since_tick = 0;
    for (t = 0; t < L->epochs; t++) {
        E.t = (float)t;
        E.alpha = (float)(1.0 - (double)t / (double)L->epochs);
        E.fraction = (double)t / (double)L->epochs;
        if (run_epoch(&E) != 0 ||
            (L->tick != NULL && L->tick(L->ud, (double)(t + 1) / (double)L->epochs))) {
            free(sc);
            return 1;
        }
    }
    free(sc);
    return 0;
}
