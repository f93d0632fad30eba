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

#define TILE_BYTES (1u << 20)  /* fixed-point estimates per tile (1 MB: they
                                  stay in the L2 cache while every query
                                  reads them) */
#define MIN_TILE 256           /* rows of the matrix per tile, at least */
#define MAX_TILE 16384         /* and at most */
#define PER_THREAD 64          /* queries worth a thread of their own */
#define U_PER_THREAD 16        /* vectors of U worth a thread of their own */
#define U_CHUNK 8              /* vectors of U through the float scratch at
                                  once (8-bit product) */

/* Estimates are kept as round-toward-zero(E * FIX) in 16 bits: scores of
 * up to three cosines stay below 4 in size, FIX * 4 < 32767, and the
 * integer sums are exact; each term is off by less than 1 / FIX, which the
 * bounds add. */
#define FIX 8192.0f

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
    int16_t *E;             /* (nu, ld): the tile's estimates, fixed point */
    float *F;               /* (nu, ld): the f32 product of the tile */
    float *rn, *qe;         /* tile: the rows' rnorm and qerr (0 with f32) */
    float *inv;             /* tile: 1 / norm, NaN for a row that never ranks
                               (a zero row) and past the end */
    unsigned char *ok;      /* tile: 1 for a row that may rank */
    float *ua, *ub, *uc;    /* per vector of U: its cosines' bound, as alpha,
                               beta, gamma above (3CosMul's terms) */
    size_t rescored;
};

/* Rows per tile for nu vectors: 1 MB of estimates, a multiple of 64. */
static size_t tile_rows(size_t nu)
{
    size_t tile = TILE_BYTES / sizeof(int16_t) / (nu ? nu : 1);

    tile = tile < MIN_TILE ? MIN_TILE : tile > MAX_TILE ? MAX_TILE : tile;
    return tile - tile % 64;
}

vs_knn_batch *vs_knn_batch_new(vs_model *m, const vs_qindex *qi, size_t limit, size_t max_u,
                               size_t k, int threads)
{
    vs_knn_batch *b = xcalloc(1, sizeof *b);
    size_t nu = max_u ? max_u : 1, cap = TILE_BYTES / sizeof(int16_t);

    b->m = m;
    b->qi = qi;
    b->norms = vs_model_norms(m);
    b->limit = limit;
    b->max_u = max_u;
    b->k = k;
    b->threads = threads < 1 ? 1 : threads;
    /* the largest tile times its vectors (tile_rows): MIN_TILE * max_u or
     * 1 MB of estimates */
    if (cap < nu * MIN_TILE)
        cap = nu * MIN_TILE;
    b->E = xmallocarray(cap, sizeof *b->E);
    if (qi == NULL)
        b->F = xmallocarray(cap, sizeof *b->F);
    b->rn = xcalloc(MAX_TILE, sizeof *b->rn);
    b->qe = xcalloc(MAX_TILE, sizeof *b->qe);
    b->inv = xmallocarray(MAX_TILE, sizeof *b->inv);
    b->ok = xmalloc(MAX_TILE);
    b->ua = xmallocarray(nu, sizeof *b->ua);
    b->ub = xmallocarray(nu, sizeof *b->ub);
    b->uc = xmallocarray(nu, sizeof *b->uc);
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
    free(b->F);
    free(b->rn);
    free(b->qe);
    free(b->inv);
    free(b->ok);
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

/* A tile as the queries read it. */
typedef struct tile_view {
    const int16_t *E;          /* (nu, ld): per vector of U, its rows' estimates */
    const float *rn, *qe;      /* per row: the bound's factors */
    const unsigned char *ok;   /* per row: 1 when it may rank */
    float rnmax, qemax;        /* their largest over the tile */
    size_t ld;                 /* rows, rounded up to 64 (the padding: E 0, ok 0) */
    uint32_t base;             /* the tile's first row */
} tile_view;

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define VS_X86 1
#endif

/* The fixed-point threshold a sum of estimates must reach for its row's
 * upper bound (at most the sum / FIX + bmax) to reach tau, less one for
 * the float rounding of this. */
static int16_t threshold(float tau, float bmax)
{
    float th = (tau - bmax) * FIX;

    if (!(th > -32767.0f))
        return INT16_MIN;
    if (th > 32767.0f)
        return INT16_MAX;
    return (int16_t)((int)floorf(th) - 1);
}

/* One row of the tile for query s, scored by one cosine (cos) or 3CosAdd
 * (u[1] + u[2] - u[0]): its interval, offered when its upper bound reaches
 * the threshold. Every scan decides here; the vector ones only skip the
 * rows that cannot pass. */
static void row_lin(qstate *s, size_t k, const tile_view *tv, const int16_t *ea,
                    const int16_t *eb, const int16_t *ec, int cos, size_t c,
                    const uint32_t *ex)
{
    float est, bnd;

    if (!tv->ok[c])
        return;
    est = (float)(cos ? ea[c] : (int)eb[c] + ec[c] - ea[c]) / FIX;
    bnd = s->alpha * tv->rn[c] + s->beta * tv->qe[c] + s->gamma;
    if (est + bnd >= s->tau)
        offer(s, k, tv->base + (uint32_t)c, est + bnd, est - bnd, ex);
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

/* What a 3CosMul query's scan needs: its three rows of E and the bounds of
 * its three cosines (alpha, beta, gamma of each). */
typedef struct mul_terms {
    const int16_t *e[3];
    float ta[3], tb[3], tc[3];
} mul_terms;

/* One row of the tile for query s by 3CosMul, as row_lin. */
static void row_mul(qstate *s, size_t k, const tile_view *tv, const mul_terms *mt, size_t c,
                    const uint32_t *ex)
{
    float est[3], bd[3], lo, hi;
    int t;

    if (!tv->ok[c])
        return;
    for (t = 0; t < 3; t++) {
        est[t] = (float)mt->e[t][c] / FIX;
        bd[t] = mt->ta[t] * tv->rn[c] + mt->tb[t] * tv->qe[c] + mt->tc[t];
    }
    mul_interval(est, bd, &lo, &hi);
    if (hi >= s->tau)
        offer(s, k, tv->base + (uint32_t)c, hi, lo, ex);
}

/*
 * The scans of a tile for one query. The vector ones test 64 rows at a
 * time against the tile's largest bound: COS and 3CosAdd sum the rows'
 * 16-bit estimates exactly and compare the sums with one fixed-point
 * threshold; 3CosMul computes its upper bound in float. Almost every group
 * falls short and costs a few instructions; the rows that pass go to
 * row_lin / row_mul. The plain scan gives every row to them.
 */
typedef void (*lin_fn)(qstate *s, size_t k, const tile_view *tv, const uint32_t *u, int cos,
                       const uint32_t *ex);
typedef void (*mul_fn)(qstate *s, size_t k, const tile_view *tv, const mul_terms *mt,
                       const uint32_t *ex);
typedef void (*fixed_fn)(const float *x, const float *w, size_t n, int16_t *e);

static void lin_plain(qstate *s, size_t k, const tile_view *tv, const uint32_t *u, int cos,
                      const uint32_t *ex)
{
    const int16_t *ea = tv->E + u[0] * tv->ld, *eb = tv->E + u[1] * tv->ld;
    const int16_t *ec = tv->E + u[2] * tv->ld;
    size_t c;

    for (c = 0; c < tv->ld; c++)
        row_lin(s, k, tv, ea, eb, ec, cos, c, ex);
}

static void mul_plain(qstate *s, size_t k, const tile_view *tv, const mul_terms *mt,
                      const uint32_t *ex)
{
    size_t c;

    for (c = 0; c < tv->ld; c++)
        row_mul(s, k, tv, mt, c, ex);
}

#if VS_X86
__attribute__((target("avx2"))) static void lin_avx2(qstate *s, size_t k, const tile_view *tv,
                                                     const uint32_t *u, int cos,
                                                     const uint32_t *ex)
{
    const int16_t *ea = tv->E + u[0] * tv->ld, *eb = tv->E + u[1] * tv->ld;
    const int16_t *ec = tv->E + u[2] * tv->ld;
    float bmax = s->alpha * tv->rnmax + s->beta * tv->qemax + s->gamma;
    size_t j, h;

    for (j = 0; j < tv->ld; j += 64) {
        /* sum >= t as sum > t - 1 (t - 1 >= INT16_MIN - 1 wraps: skip it) */
        int16_t t = threshold(s->tau, bmax);
        __m256i tm = _mm256_set1_epi16((int16_t)(t - 1));
        uint32_t m[4];
        for (h = 0; h < 4; h++) {
            __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(ea + j + 16 * h));
            if (!cos)
                x = _mm256_sub_epi16(
                    _mm256_add_epi16(
                        _mm256_loadu_si256((const __m256i *)(const void *)(eb + j + 16 * h)),
                        _mm256_loadu_si256((const __m256i *)(const void *)(ec + j + 16 * h))),
                    x);
            /* two bits a lane; keep the even ones */
            m[h] = t == INT16_MIN ? 0x55555555u
                                  : (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi16(x, tm)) &
                                        0x55555555u;
        }
        for (h = 0; h < 4; h++)
            while (m[h]) {
                size_t l = (size_t)__builtin_ctz(m[h]) / 2;
                m[h] &= m[h] - 1;
                row_lin(s, k, tv, ea, eb, ec, cos, j + 16 * h + l, ex);
            }
    }
}

__attribute__((target("avx2,fma"))) static void mul_avx2(qstate *s, size_t k,
                                                         const tile_view *tv,
                                                         const mul_terms *mt,
                                                         const uint32_t *ex)
{
    const __m256 one = _mm256_set1_ps(1), half = _mm256_set1_ps(0.5f);
    const __m256 eps = _mm256_set1_ps(1e-6f), wide = _mm256_set1_ps(1 + 1e-5f);
    const __m256 fix = _mm256_set1_ps(1 / FIX), zero = _mm256_setzero_ps();
    __m256 bd[3];
    size_t j, c;
    int t;

    for (t = 0; t < 3; t++)
        bd[t] = _mm256_set1_ps(mt->ta[t] * tv->rnmax + mt->tb[t] * tv->qemax + mt->tc[t]);
    for (j = 0; j < tv->ld; j += 8) {
        __m256 xl[3], xh[3], hi, tau = _mm256_set1_ps(s->tau);
        unsigned m;
        for (t = 0; t < 3; t++) {
            __m256 x = _mm256_mul_ps(
                _mm256_cvtepi32_ps(_mm256_cvtepi16_epi32(
                    _mm_loadu_si128((const __m128i *)(const void *)(mt->e[t] + j)))),
                fix);
            xl[t] = _mm256_mul_ps(_mm256_sub_ps(_mm256_add_ps(one, x), bd[t]), half);
            xh[t] = _mm256_mul_ps(_mm256_add_ps(_mm256_add_ps(one, x), bd[t]), half);
        }
        hi = _mm256_mul_ps(
            _mm256_div_ps(_mm256_mul_ps(xh[1], xh[2]), _mm256_add_ps(xl[0], eps)), wide);
        /* a term that may be below 0 goes to the rows too */
        m = (unsigned)_mm256_movemask_ps(_mm256_or_ps(
            _mm256_cmp_ps(hi, tau, _CMP_GE_OQ),
            _mm256_or_ps(_mm256_cmp_ps(xl[0], zero, _CMP_LT_OQ),
                         _mm256_or_ps(_mm256_cmp_ps(xl[1], zero, _CMP_LT_OQ),
                                      _mm256_cmp_ps(xl[2], zero, _CMP_LT_OQ)))));
        while (m) {
            c = j + (size_t)__builtin_ctz(m);
            m &= m - 1;
            row_mul(s, k, tv, mt, c, ex);
        }
    }
}

__attribute__((target("avx512f,avx512bw"))) static void
lin_avx512(qstate *s, size_t k, const tile_view *tv, const uint32_t *u, int cos,
           const uint32_t *ex)
{
    const int16_t *ea = tv->E + u[0] * tv->ld, *eb = tv->E + u[1] * tv->ld;
    const int16_t *ec = tv->E + u[2] * tv->ld;
    float bmax = s->alpha * tv->rnmax + s->beta * tv->qemax + s->gamma;
    size_t j, h;

    for (j = 0; j < tv->ld; j += 64) {
        __m512i t = _mm512_set1_epi16(threshold(s->tau, bmax));
        uint64_t m = 0;
        for (h = 0; h < 2; h++) {
            __m512i x = _mm512_loadu_si512((const void *)(ea + j + 32 * h));
            if (!cos)
                x = _mm512_sub_epi16(
                    _mm512_add_epi16(_mm512_loadu_si512((const void *)(eb + j + 32 * h)),
                                     _mm512_loadu_si512((const void *)(ec + j + 32 * h))),
                    x);
            m |= (uint64_t)_mm512_cmpge_epi16_mask(x, t) << (32 * h);
        }
        while (m) {
            size_t l = (size_t)__builtin_ctzll(m);
            m &= m - 1;
            row_lin(s, k, tv, ea, eb, ec, cos, j + l, ex);
        }
    }
}

__attribute__((target("avx512f,avx512bw"))) static void
mul_avx512(qstate *s, size_t k, const tile_view *tv, const mul_terms *mt, const uint32_t *ex)
{
    const __m512 one = _mm512_set1_ps(1), half = _mm512_set1_ps(0.5f);
    const __m512 eps = _mm512_set1_ps(1e-6f), wide = _mm512_set1_ps(1 + 1e-5f);
    const __m512 fix = _mm512_set1_ps(1 / FIX), zero = _mm512_setzero_ps();
    __m512 bd[3];
    size_t j, c;
    int t;

    for (t = 0; t < 3; t++)
        bd[t] = _mm512_set1_ps(mt->ta[t] * tv->rnmax + mt->tb[t] * tv->qemax + mt->tc[t]);
    for (j = 0; j < tv->ld; j += 16) {
        __m512 xl[3], xh[3], hi;
        __mmask16 m;
        for (t = 0; t < 3; t++) {
            __m512 x = _mm512_mul_ps(
                _mm512_cvtepi32_ps(_mm512_cvtepi16_epi32(
                    _mm256_loadu_si256((const __m256i *)(const void *)(mt->e[t] + j)))),
                fix);
            xl[t] = _mm512_mul_ps(_mm512_sub_ps(_mm512_add_ps(one, x), bd[t]), half);
            xh[t] = _mm512_mul_ps(_mm512_add_ps(_mm512_add_ps(one, x), bd[t]), half);
        }
        hi = _mm512_mul_ps(
            _mm512_div_ps(_mm512_mul_ps(xh[1], xh[2]), _mm512_add_ps(xl[0], eps)), wide);
        /* a term that may be below 0 goes to the rows too */
        m = _mm512_cmp_ps_mask(hi, _mm512_set1_ps(s->tau), _CMP_GE_OQ) |
            _mm512_cmp_ps_mask(xl[0], zero, _CMP_LT_OQ) |
            _mm512_cmp_ps_mask(xl[1], zero, _CMP_LT_OQ) |
            _mm512_cmp_ps_mask(xl[2], zero, _CMP_LT_OQ);
        while (m) {
            c = j + (size_t)__builtin_ctz(m);
            m &= (__mmask16)(m - 1);
            row_mul(s, k, tv, mt, c, ex);
        }
    }
}
#endif

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
    size_t t0, tn;
    tile_view view;
    lin_fn lin;
    mul_fn mul;
    fixed_fn fixed;
} run_job;

/* Each vector's bound on its cosines' estimates (ua, ub, uc), and each
 * query's for its score (alpha, beta, gamma): with the f32 product, twice
 * an f32 score's rounding (the product's and the exact score's); with the
 * 8-bit one, qscan's bound plus the exact score's rounding; and the fixed
 * point's cut, 1 / FIX a term. */
static void bounds_u(void *arg, size_t lo, size_t hi)
{
    static const float one = 1.0f;
    run_job *j = arg;
    vs_knn_batch *b = j->b;
    size_t dim = b->m->dim, u;

    for (u = lo; u < hi; u++) {
        double margin = vs_qscan_margin(j->U + u * dim, dim), dn = 0, qn = 0;
        uint32_t which = (uint32_t)u;
        if (b->qb != NULL)
            vs_qscan_block_bound(b->qb, &which, &one, 1, &dn, &qn);
        b->ua[u] = up(dn);
        b->ub[u] = up(qn);
        b->uc[u] = up(b->qb != NULL ? margin : 2 * margin) + SLACK + 1 / FIX;
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
        s->gamma = up(margin) + SLACK + (float)n / FIX;
    }
}

/* e (n) = the fixed-point estimates x * w * FIX (w NULL: 1), rounded
 * toward zero; NaN and what is out of range give INT16_MIN or INT16_MAX
 * (rows that never rank: their ok is 0). n: a multiple of 16. */
static void fixed_plain(const float *x, const float *w, size_t n, int16_t *e)
{
    size_t c;

    for (c = 0; c < n; c++) {
        float y = x[c] * (w != NULL ? w[c] : 1.0f) * FIX;
        e[c] = y > -32768.0f && y < 32767.0f ? (int16_t)y : y > 0 ? INT16_MAX : INT16_MIN;
    }
}

#if VS_X86
__attribute__((target("avx2"))) static void fixed_avx2(const float *x, const float *w,
                                                       size_t n, int16_t *e)
{
    const __m256 fix = _mm256_set1_ps(FIX);
    size_t c;

    for (c = 0; c < n; c += 16) {
        __m256 a = _mm256_mul_ps(_mm256_loadu_ps(x + c), fix);
        __m256 b = _mm256_mul_ps(_mm256_loadu_ps(x + c + 8), fix);
        __m256i p;
        if (w != NULL) {
            a = _mm256_mul_ps(_mm256_loadu_ps(w + c), a);
            b = _mm256_mul_ps(_mm256_loadu_ps(w + c + 8), b);
        }
        /* NaN and overflow give INT32_MIN, which saturates to INT16_MIN */
        p = _mm256_packs_epi32(_mm256_cvttps_epi32(a), _mm256_cvttps_epi32(b));
        _mm256_storeu_si256((__m256i *)(void *)(e + c), _mm256_permute4x64_epi64(p, 0xd8));
    }
}

__attribute__((target("avx512f,avx512bw"))) static void fixed_avx512(const float *x,
                                                                     const float *w, size_t n,
                                                                     int16_t *e)
{
    const __m512 fix = _mm512_set1_ps(FIX);
    size_t c;

    for (c = 0; c < n; c += 16) {
        __m512 a = _mm512_mul_ps(_mm512_loadu_ps(x + c), fix);
        if (w != NULL)
            a = _mm512_mul_ps(_mm512_loadu_ps(w + c), a);
        _mm256_storeu_si256((__m256i *)(void *)(e + c),
                            _mm512_cvtsepi32_epi16(_mm512_cvttps_epi32(a)));
    }
}
#endif

/* The fixed-point estimates of the tile for vectors [lo, hi) of U. */
static void estimates(void *arg, size_t lo, size_t hi)
{
    run_job *j = arg;
    vs_knn_batch *b = j->b;
    size_t ld = j->view.ld, u, u1;

    if (b->qb == NULL) {
        /* the f32 product, each column divided by its row's norm */
        for (u = lo; u < hi; u++)
            j->fixed(b->F + u * ld, b->inv, ld, b->E + u * ld);
        return;
    }
    {
        /* the block writes the tile's columns rounded up to 16; the rest of
         * ld (to 64) is NaN, as past the tile (the lowest estimate) */
        size_t from = (j->tn + 15) & ~(size_t)15, r, c;
        float *f = xmallocarray(U_CHUNK * ld, sizeof *f);
        for (r = 0; r < U_CHUNK; r++)
            for (c = from; c < ld; c++)
                f[r * ld + c] = NAN;
        for (u = lo; u < hi; u = u1) {
            u1 = hi - u < U_CHUNK ? hi : u + U_CHUNK;
            vs_qscan_block_estimates(b->qb, u, u1, f, ld);
            j->fixed(f, NULL, (u1 - u) * ld, b->E + u * ld);
        }
        free(f);
    }
}

/* Queries [lo, hi) over the tile. */
static void scan_range(void *arg, size_t lo, size_t hi)
{
    const run_job *j = arg;
    const vs_knn_batch *b = j->b;
    size_t k = b->k, i;

    for (i = lo; i < hi; i++) {
        const vs_knn_query *q = &j->qs[i];
        qstate *s = &j->st[i];
        if (j->how == VS_KNN_3COSMUL) {
            mul_terms mt;
            int t;
            for (t = 0; t < 3; t++) {
                mt.e[t] = j->view.E + q->u[t] * j->view.ld;
                mt.ta[t] = b->ua[q->u[t]];
                mt.tb[t] = b->ub[q->u[t]];
                mt.tc[t] = b->uc[q->u[t]];
            }
            j->mul(s, k, &j->view, &mt, q->exclude);
        } else {
            j->lin(s, k, &j->view, q->u, j->how == VS_KNN_COS, q->exclude);
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
    }
}

/* The scans and conversions this CPU runs, no better than VECSCOPE_QSCAN
 * allows (vs_qscan_cap). */
static void pick_kernels(run_job *j)
{
    int cap = vs_qscan_cap();

    j->lin = lin_plain;
    j->mul = mul_plain;
    j->fixed = fixed_plain;
#if VS_X86
    __builtin_cpu_init();
    if (cap >= 2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")) {
        j->lin = lin_avx512;
        j->mul = mul_avx512;
        j->fixed = fixed_avx512;
    } else if (cap >= 1 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        j->lin = lin_avx2;
        j->mul = mul_avx2;
        j->fixed = fixed_avx2;
    }
#else
    (void)cap;
#endif
}

/* The tile's rows [t0, t0 + tn): which may rank, their bound's factors,
 * and the product that gives their estimates. */
static void tile_setup(run_job *j)
{
    vs_knn_batch *b = j->b;
    tile_view *tv = &j->view;
    size_t c, ld = (j->tn + 63) & ~(size_t)63;

    tv->E = b->E;
    tv->rn = b->rn;
    tv->qe = b->qe;
    tv->ok = b->ok;
    tv->ld = ld;
    tv->base = (uint32_t)j->t0;
    tv->rnmax = tv->qemax = 0;
    for (c = 0; c < ld; c++) {
        float nr = c < j->tn ? b->norms[j->t0 + c] : NAN;
        b->ok[c] = nr > 0 && isfinite(nr);
        b->inv[c] = b->ok[c] ? 1.0f / nr : NAN;
        if (b->qi != NULL) {
            b->rn[c] = c < j->tn ? b->qi->rnorm[j->t0 + c] : 0;
            b->qe[c] = c < j->tn ? b->qi->qerr[j->t0 + c] : 0;
            tv->rnmax = b->rn[c] > tv->rnmax ? b->rn[c] : tv->rnmax;
            tv->qemax = b->qe[c] > tv->qemax ? b->qe[c] : tv->qemax;
        }
    }
    if (b->qi != NULL) {
        /* the rows packed for the integer product */
        vs_qscan_block_tile(b->qb, j->t0, j->tn);
    } else {
        /* F (nu, tn) = U (nu, dim) . W[t0 : t0 + tn]^T (dim, tn), on this
         * thread (BLAS has its own); the padding columns 0 (then NaN) */
        vs_sgemm(0, 1, j->nu, j->tn, b->m->dim, 1.0f, j->U, b->m->dim,
                 b->m->vecs + j->t0 * b->m->dim, b->m->dim, 0.0f, b->F, ld);
        for (c = 0; c < j->nu; c++)
            memset(b->F + c * ld + j->tn, 0, (ld - j->tn) * sizeof *b->F);
    }
}

void vs_knn_batch_run(vs_knn_batch *b, const float *U, size_t nu, const vs_knn_query *qs,
                      size_t nq, vs_knn_combine how, vs_hit *hits, size_t *nhits)
{
    size_t tile = tile_rows(nu), i;
    int nt = b->threads, ntu = b->threads;
    float *heaps;
    run_job job;

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
    heaps = xmallocarray(nq ? nq : 1, b->k * sizeof *heaps);
    for (i = 0; i < nq; i++)
        job.st[i].heap = heaps + i * b->k;
    pick_kernels(&job);
    if (b->qb != NULL)
        vs_qscan_block_queries(b->qb, U, nu);
    vs_parallel_for(ntu, nu, bounds_u, &job);
    vs_parallel_for(nt, nq, bounds_q, &job);
    for (job.t0 = 0; job.t0 < b->limit; job.t0 += tile) {
        job.tn = b->limit - job.t0 < tile ? b->limit - job.t0 : tile;
        tile_setup(&job);
        vs_parallel_for(ntu, nu, estimates, &job);
        /* the scans run between two products, never during one */
        vs_parallel_for(nt, nq, scan_range, &job);
    }
    vs_parallel_for(nt, nq, finish_range, &job);
    b->rescored = 0;
    for (i = 0; i < nq; i++)
        b->rescored += job.st[i].rescored;
    free(job.st);
    free(heaps);
}
