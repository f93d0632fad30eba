/*
 * knn.c - cosine scores against the whole matrix, and the top k of them.
 *
 * One query: one BLAS matrix-vector product over the raw rows, divided by
 * the stored row norms: the matrix is read once, which is the
 * memory-bandwidth bound. The top k are kept in a small min-heap while
 * scanning the scores.
 *
 * A batch (knn.h): one matrix product per tile of the matrix for all the
 * batch's vectors, then a scan per query over the tile's columns that keeps
 * a running top k, the queries split among threads between two products.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"
#include "knn.h"
#include "parallel.h"
#include "qscan.h"
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

/* ------------------------------------------------------------------ */
/* batched top-k                                                       */
/* ------------------------------------------------------------------ */

#define TILE_FLOATS (1u << 18) /* estimates per tile (1 MB: they stay in the
                                  L2 cache while every query reads them) */
#define MIN_TILE 256           /* rows of the matrix per tile, at least */
#define MAX_TILE 16384         /* and at most */
#define PER_THREAD 64          /* queries worth a thread of their own */
#define U_PER_THREAD 16        /* vectors of U worth a thread of their own */
#define BLOCK 64               /* rows tested at once against a threshold */

/* What the bounds add for the float arithmetic they and the exact scores
 * do: a few roundings of 2^-24 relative on values below 4 (scores of
 * cosines), far below this. */
#define SLACK 1e-5f

/* A row that may rank, and the upper bound of its score. */
typedef struct cand {
    uint32_t id;
    float hi;
} cand;

/* A query's running state: its k best lower bounds (a min-heap), and the
 * rows whose upper bound reached the k-th of them when they were seen. */
typedef struct qstate {
    float *heap;          /* k floats */
    size_t len;
    float tau;            /* heap[0] once k are in, -inf before */
    cand *cand;
    size_t ncand, cap, rescored;
    /* COS and 3CosAdd: |score - estimate| <= alpha rn + beta qe + gamma */
    float alpha, beta, gamma;
} qstate;

struct vs_knn_batch {
    vs_model *m;
    const vs_qindex *qi;    /* NULL: the f32 product */
    vs_qscan_block *qb;
    const float *norms;
    size_t limit, max_u, k;
    int threads;
    float *E;               /* (nu, tile) estimates of the current tile */
    float *rn, *qe;         /* tile: the rows' rnorm and qerr (0 with f32) */
    float *inv;             /* tile: 1 / norm (f32), NaN for a row that never
                               ranks and past the end */
    float *ua, *ub, *uc;    /* per vector of U: its cosines' bound, as alpha,
                               beta, gamma above (3CosMul's terms) */
    size_t rescored;
};

vs_knn_batch *vs_knn_batch_new(vs_model *m, const vs_qindex *qi, size_t limit, size_t max_u,
                               size_t k, int threads)
{
    vs_knn_batch *b = xcalloc(1, sizeof *b);
    size_t floats = (size_t)TILE_FLOATS > MIN_TILE * max_u ? (size_t)TILE_FLOATS
                                                           : MIN_TILE * max_u;

    b->m = m;
    b->qi = qi;
    b->norms = vs_model_norms(m);
    b->limit = limit;
    b->max_u = max_u;
    b->k = k;
    b->threads = threads < 1 ? 1 : threads;
    b->E = xmallocarray(floats + 16 * max_u, sizeof *b->E);
    b->rn = xcalloc(MAX_TILE, sizeof *b->rn);
    b->qe = xcalloc(MAX_TILE, sizeof *b->qe);
    b->inv = xmallocarray(MAX_TILE, sizeof *b->inv);
    b->ua = xmallocarray(max_u ? max_u : 1, sizeof *b->ua);
    b->ub = xmallocarray(max_u ? max_u : 1, sizeof *b->ub);
    b->uc = xmallocarray(max_u ? max_u : 1, sizeof *b->uc);
    if (qi != NULL)
        b->qb = vs_qscan_block_new(qi, max_u, MAX_TILE);
    return b;
}

void vs_knn_batch_free(vs_knn_batch *b)
{
    if (b == NULL)
        return;
    vs_qscan_block_free(b->qb);
    free(b->E);
    free(b->rn);
    free(b->qe);
    free(b->inv);
    free(b->ua);
    free(b->ub);
    free(b->uc);
    free(b);
}

size_t vs_knn_batch_rescored(const vs_knn_batch *b)
{
    return b->rescored;
}

const char *vs_knn_batch_product(const vs_knn_batch *b)
{
    return b->qb != NULL ? vs_qscan_block_isa(b->qb) : "f32";
}

/* x as a float no smaller. */
static float up(double x)
{
    return (float)(x * (1 + 1e-6));
}

/* Row id, of upper bound hi and lower bound lo, may rank for query s
 * (unless excluded): it joins the candidates, lo the k best lower bounds. */
static void offer(qstate *s, size_t k, uint32_t id, float hi, float lo, const uint32_t *ex)
{
    float *h = s->heap;
    size_t i;

    if (id == ex[0] || id == ex[1] || id == ex[2])
        return;
    if (s->ncand == s->cap) {
        /* drop the rows the threshold has passed; grow if that is not half */
        size_t n = 0;
        for (i = 0; i < s->ncand; i++)
            if (s->cand[i].hi >= s->tau)
                s->cand[n++] = s->cand[i];
        s->ncand = n;
        if (n >= s->cap / 2) {
            s->cap = s->cap ? 2 * s->cap : 4 * k;
            s->cand = xreallocarray(s->cand, s->cap, sizeof *s->cand);
        }
    }
    s->cand[s->ncand].id = id;
    s->cand[s->ncand++].hi = hi;
    if (s->len < k) {
        i = s->len++;
        while (i > 0 && h[(i - 1) / 2] > lo) {
            h[i] = h[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        h[i] = lo;
    } else if (lo > h[0]) {
        i = 0;
        for (;;) {
            size_t l = 2 * i + 1, r = l + 1, w = i;
            float wv = lo;
            if (l < k && h[l] < wv)
                w = l, wv = h[l];
            if (r < k && h[r] < wv)
                w = r;
            if (w == i)
                break;
            h[i] = h[w];
            i = w;
        }
        h[i] = lo;
    }
    s->tau = s->len == k ? h[0] : -INFINITY;
}

/* Sixteen floats as one value (GCC vector extension): one AVX-512
 * register, two AVX ones or four SSE ones, by the clone that runs. */
typedef float v16f __attribute__((vector_size(64)));
typedef int v16i __attribute__((vector_size(64)));

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VS_SIMD_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define VS_SIMD_CLONES
#endif

/* (Vectors go by pointer: a function returning one would change the ABI
 * between the clones.) */
static void load16(v16f *v, const float *p)
{
    memcpy(v, p, sizeof *v);
}

static inline __attribute__((always_inline)) int any16(const v16i *m)
{
    uint64_t w[8];

    memcpy(w, m, sizeof w);
    return (w[0] | w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7]) != 0;
}

/* Offers the rows [base, base + len) of the tile (len a multiple of 16) to
 * query s scored by one cosine (ea; eb == NULL) or 3CosAdd (eb + ec - ea):
 * the estimate plus or minus alpha rn + beta qe + gamma. A block of 64 rows
 * whose upper bounds all fall below the threshold (almost all of them)
 * costs a few vector operations a row; NaN (a row that never ranks) never
 * passes. */
VS_SIMD_CLONES
static void scan_lin(qstate *s, size_t k, const float *ea, const float *eb, const float *ec,
                     const float *rn, const float *qe, size_t len, uint32_t base,
                     const uint32_t *ex)
{
    const float al = s->alpha, be = s->beta, ga = s->gamma;
    const v16f va = {al, al, al, al, al, al, al, al, al, al, al, al, al, al, al, al};
    const v16f vb = {be, be, be, be, be, be, be, be, be, be, be, be, be, be, be, be};
    const v16f vg = {ga, ga, ga, ga, ga, ga, ga, ga, ga, ga, ga, ga, ga, ga, ga, ga};
    size_t j, c, end;

    for (j = 0; j < len; j += BLOCK) {
        float t = s->tau;
        v16f tv = {t, t, t, t, t, t, t, t, t, t, t, t, t, t, t, t};
        v16i hit = {0};
        end = len - j < BLOCK ? len : j + BLOCK;
        for (c = j; c < end; c += 16) {
            v16f est, x, y, r, q;
            load16(&est, ea + c);
            if (eb != NULL) {
                load16(&x, eb + c);
                load16(&y, ec + c);
                est = x + y - est;
            }
            load16(&r, rn + c);
            load16(&q, qe + c);
            hit |= est + (va * r + vb * q + vg) >= tv;
        }
        if (!any16(&hit))
            continue;
        for (c = j; c < end; c++) {
            float est = eb == NULL ? ea[c] : eb[c] + ec[c] - ea[c];
            float bnd = al * rn[c] + be * qe[c] + ga;
            if (est + bnd >= s->tau)
                offer(s, k, base + (uint32_t)c, est + bnd, est - bnd, ex);
        }
    }
}

/* 3CosMul's interval from the three cosines' estimates e (u0, u1, u2) and
 * bounds bd: x = (1 + cos) / 2 for each, then x1 x2 / (x0 + 1e-6), widened
 * by 1e-5 relative for the float rounding of the exact score and of this.
 * A term that may be below 0 (a cosine that may be -1) gives (-inf, inf). */
static void mul_interval(const float *e, const float *bd, float *lo, float *hi)
{
    float xl[3], xh[3];
    int t;

    for (t = 0; t < 3; t++) {
        xl[t] = (1.0f + e[t] - bd[t]) * 0.5f;
        xh[t] = (1.0f + e[t] + bd[t]) * 0.5f;
    }
    if (!(xl[0] >= 0 && xl[1] >= 0 && xl[2] >= 0)) {
        *lo = -INFINITY;
        *hi = INFINITY;
        return;
    }
    *lo = xl[1] * xl[2] / (xh[0] + 1e-6f) * (1 - 1e-5f) - 1e-30f;
    *hi = xh[1] * xh[2] / (xl[0] + 1e-6f) * (1 + 1e-5f) + 1e-30f;
}

/* As scan_lin for 3CosMul; the terms' bounds are ua/ub/uc of b for each of
 * the query's vectors. */
VS_SIMD_CLONES
static void scan_mul(qstate *s, size_t k, const float *const *e, const float *ta,
                     const float *tb, const float *tc, const float *rn, const float *qe,
                     size_t len, uint32_t base, const uint32_t *ex)
{
    const v16f one = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    const v16f half = one * 0.5f, zero = one - one, eps = one * 1e-6f, wide = one * (1 + 1e-5f);
    v16f va[3], vb[3], vc[3];
    size_t j, c, end;
    int t;

    for (t = 0; t < 3; t++) {
        va[t] = one * ta[t];
        vb[t] = one * tb[t];
        vc[t] = one * tc[t];
    }
    for (j = 0; j < len; j += BLOCK) {
        v16f tv = one * s->tau;
        v16i hit = {0};
        end = len - j < BLOCK ? len : j + BLOCK;
        for (c = j; c < end; c += 16) {
            v16f r, q, xl[3], xh[3];
            load16(&r, rn + c);
            load16(&q, qe + c);
            for (t = 0; t < 3; t++) {
                v16f est, bd;
                load16(&est, e[t] + c);
                bd = va[t] * r + vb[t] * q + vc[t];
                xl[t] = (one + est - bd) * half;
                xh[t] = (one + est + bd) * half;
            }
            /* a term that may be below 0 goes to the exact path too */
            hit |= (xh[1] * xh[2] / (xl[0] + eps) * wide >= tv) | (xl[0] < zero) |
                   (xl[1] < zero) | (xl[2] < zero);
        }
        if (!any16(&hit))
            continue;
        for (c = j; c < end; c++) {
            float est[3], bd[3], lo, hi;
            if (isnan(e[0][c]))
                continue;
            for (t = 0; t < 3; t++) {
                est[t] = e[t][c];
                bd[t] = ta[t] * rn[c] + tb[t] * qe[c] + tc[t];
            }
            mul_interval(est, bd, &lo, &hi);
            if (hi >= s->tau)
                offer(s, k, base + (uint32_t)c, hi, lo, ex);
        }
    }
}

/* Row id's exact score for query q: each cosine as the one-query scans
 * compute it, combined in float. */
static float exact_score(const vs_knn_batch *b, const float *U, const vs_knn_query *q,
                         vs_knn_combine how, uint32_t id)
{
    size_t dim = b->m->dim;
    const float *w = b->m->vecs + (size_t)id * dim;
    float norm = b->norms[id], ca, cb, cc;

    ca = vs_qscan_dot(w, U + q->u[0] * dim, dim) / norm;
    if (how == VS_KNN_COS)
        return ca;
    cb = vs_qscan_dot(w, U + q->u[1] * dim, dim) / norm;
    cc = vs_qscan_dot(w, U + q->u[2] * dim, dim) / norm;
    if (how == VS_KNN_3COSADD)
        return cb + cc - ca;
    /* (1 + cos b)/2 (1 + cos c)/2 / ((1 + cos a)/2 + 1e-6), in gensim's
     * order of float operations */
    return (((1.0f + cb) / 2.0f) * ((1.0f + cc) / 2.0f)) / ((1.0f + ca) / 2.0f + 0.000001f);
}

/* A batch run's shared state. */
typedef struct run_job {
    vs_knn_batch *b;
    const float *U;
    size_t nu;
    const vs_knn_query *qs;
    vs_knn_combine how;
    qstate *st;
    vs_hit *hits;
    size_t *nhits;
    size_t t0, tn, tn16;
} run_job;

/* Each vector's bound on its cosines' estimates (ua, ub, uc), and each
 * query's for its score (alpha, beta, gamma): with the f32 product, twice
 * an f32 score's rounding (the product's and the exact score's); with the
 * 8-bit one, qscan's bound plus the exact score's rounding. */
static void bounds_u(void *arg, size_t lo, size_t hi)
{
    run_job *j = arg;
    vs_knn_batch *b = j->b;
    size_t dim = b->m->dim, u;

    for (u = lo; u < hi; u++) {
        double margin = vs_qscan_margin(j->U + u * dim, dim), dn = 0, qn = 0;
        uint32_t which = (uint32_t)u;
        static const float one = 1.0f;
        if (b->qb != NULL)
            vs_qscan_block_bound(b->qb, &which, &one, 1, &dn, &qn);
        b->ua[u] = up(dn);
        b->ub[u] = up(qn);
        b->uc[u] = up((b->qb != NULL ? margin : 2 * margin)) + SLACK;
    }
}

static void bounds_q(void *arg, size_t lo, size_t hi)
{
    static const float w[3] = {-1.0f, 1.0f, 1.0f};  /* - u0 + u1 + u2 */
    run_job *j = arg;
    vs_knn_batch *b = j->b;
    size_t i;

    for (i = lo; i < hi; i++) {
        qstate *s = &j->st[i];
        const vs_knn_query *q = &j->qs[i];
        double dn = 0, qn = 0, margin = 0;
        size_t t, n = j->how == VS_KNN_COS ? 1 : 3;
        s->heap = NULL;
        s->len = s->ncand = s->cap = s->rescored = 0;
        s->cand = NULL;
        s->tau = -INFINITY;
        if (j->how == VS_KNN_3COSMUL)
            continue;  /* its terms' bounds are per vector */
        for (t = 0; t < n; t++)
            margin += vs_qscan_margin(j->U + q->u[t] * b->m->dim, b->m->dim);
        /* the estimate of the sum is the sum of the estimates (linear) */
        if (b->qb != NULL)
            vs_qscan_block_bound(b->qb, q->u, n == 1 ? w + 1 : w, n, &dn, &qn);
        else
            margin *= 2;
        s->alpha = up(dn);
        s->beta = up(qn);
        s->gamma = up(margin) + SLACK;
    }
}

/* The estimates of the tile for vectors [lo, hi) of U. */
static void estimates(void *arg, size_t lo, size_t hi)
{
    run_job *j = arg;
    vs_knn_batch *b = j->b;
    size_t u, c;

    if (b->qb != NULL) {
        vs_qscan_block_estimates(b->qb, lo, hi, b->E, j->tn16);
        return;
    }
    /* the f32 product: each column divided by its row's norm */
    for (u = lo; u < hi; u++) {
        float *e = b->E + u * j->tn16;
        for (c = 0; c < j->tn16; c++)
            e[c] = e[c] * b->inv[c];
    }
}

/* Queries [lo, hi) over the tile. */
static void scan_range(void *arg, size_t lo, size_t hi)
{
    const run_job *j = arg;
    const vs_knn_batch *b = j->b;
    size_t k = b->k, ld = j->tn16, i;

    for (i = lo; i < hi; i++) {
        const vs_knn_query *q = &j->qs[i];
        const float *e[3];
        qstate *s = &j->st[i];
        if (s->heap == NULL)
            s->heap = xmallocarray(k, sizeof *s->heap);
        e[0] = b->E + q->u[0] * ld;
        if (j->how == VS_KNN_COS) {
            scan_lin(s, k, e[0], NULL, NULL, b->rn, b->qe, ld, (uint32_t)j->t0, q->exclude);
            continue;
        }
        e[1] = b->E + q->u[1] * ld;
        e[2] = b->E + q->u[2] * ld;
        if (j->how == VS_KNN_3COSADD) {
            scan_lin(s, k, e[0], e[1], e[2], b->rn, b->qe, ld, (uint32_t)j->t0, q->exclude);
        } else {
            const float ta[3] = {b->ua[q->u[0]], b->ua[q->u[1]], b->ua[q->u[2]]};
            const float tb[3] = {b->ub[q->u[0]], b->ub[q->u[1]], b->ub[q->u[2]]};
            const float tc[3] = {b->uc[q->u[0]], b->uc[q->u[1]], b->uc[q->u[2]]};
            scan_mul(s, k, e, ta, tb, tc, b->rn, b->qe, ld, (uint32_t)j->t0, q->exclude);
        }
    }
}

/* Queries [lo, hi): their candidates scored exactly and ranked. */
static void finish_range(void *arg, size_t lo, size_t hi)
{
    const run_job *j = arg;
    const vs_knn_batch *b = j->b;
    size_t k = b->k, i, c;

    for (i = lo; i < hi; i++) {
        qstate *s = &j->st[i];
        vs_hit *h = xmallocarray(s->ncand ? s->ncand : 1, sizeof *h);
        size_t n = 0;
        for (c = 0; c < s->ncand; c++) {
            if (!(s->cand[c].hi >= s->tau))
                continue;
            h[n].id = s->cand[c].id;
            h[n].score = exact_score(b, j->U, &j->qs[i], j->how, s->cand[c].id);
            if (!isnan(h[n].score))
                n++;
        }
        s->rescored = n;
        qsort(h, n, sizeof *h, cmp_hits);
        j->nhits[i] = n < k ? n : k;
        memcpy(j->hits + i * k, h, j->nhits[i] * sizeof *h);
        free(h);
        free(s->cand);
        free(s->heap);
    }
}

void vs_knn_batch_run(vs_knn_batch *b, const float *U, size_t nu, const vs_knn_query *qs,
                      size_t nq, vs_knn_combine how, vs_hit *hits, size_t *nhits)
{
    const vs_model *m = b->m;
    size_t dim = m->dim, tile = TILE_FLOATS / (nu ? nu : 1), i, c;
    int nt = b->threads, ntu = b->threads;
    run_job job;

    tile = tile < MIN_TILE ? MIN_TILE : tile > MAX_TILE ? MAX_TILE : tile;
    tile -= tile % 16;
    if (nt > (int)(nq / PER_THREAD))
        nt = (int)(nq / PER_THREAD);
    if (nt < 1)
        nt = 1;
    if (ntu > (int)(nu / U_PER_THREAD))
        ntu = (int)(nu / U_PER_THREAD);
    if (ntu < 1)
        ntu = 1;
    memset(&job, 0, sizeof job);
    job.b = b;
    job.U = U;
    job.nu = nu;
    job.qs = qs;
    job.how = how;
    job.hits = hits;
    job.nhits = nhits;
    job.st = xcalloc(nq ? nq : 1, sizeof *job.st);
    if (b->qb != NULL)
        vs_qscan_block_queries(b->qb, U, nu);
    vs_parallel_for(ntu, nu, bounds_u, &job);
    vs_parallel_for(nt, nq, bounds_q, &job);
    for (job.t0 = 0; job.t0 < b->limit; job.t0 += tile) {
        job.tn = b->limit - job.t0 < tile ? b->limit - job.t0 : tile;
        job.tn16 = (job.tn + 15) & ~(size_t)15;
        if (b->qb != NULL) {
            /* the tile's rows packed for the integer product, and their
             * share of the bound */
            vs_qscan_block_tile(b->qb, job.t0, job.tn);
            for (c = 0; c < job.tn16; c++) {
                b->rn[c] = c < job.tn ? b->qi->rnorm[job.t0 + c] : 0;
                b->qe[c] = c < job.tn ? b->qi->qerr[job.t0 + c] : 0;
            }
        } else {
            /* E (nu, tn) = U (nu, dim) . W[t0 : t0 + tn]^T (dim, tn), on
             * this thread (BLAS has its own), divided by the norms in
             * estimates(); past tn, NaN */
            for (c = 0; c < job.tn16; c++) {
                float nr = c < job.tn ? b->norms[job.t0 + c] : NAN;
                b->inv[c] = nr > 0 && isfinite(nr) ? 1.0f / nr : NAN;
            }
            vs_sgemm(0, 1, nu, job.tn, dim, 1.0f, U, dim, m->vecs + job.t0 * dim, dim, 0.0f,
                     b->E, job.tn16);
            for (i = 0; i < nu; i++)
                for (c = job.tn; c < job.tn16; c++)
                    b->E[i * job.tn16 + c] = 0;
        }
        vs_parallel_for(ntu, nu, estimates, &job);
        /* the scans run between two products, never during one */
        vs_parallel_for(nt, nq, scan_range, &job);
    }
    vs_parallel_for(nt, nq, finish_range, &job);
    b->rescored = 0;
    for (i = 0; i < nq; i++)
        b->rescored += job.st[i].rescored;
    free(job.st);
}
