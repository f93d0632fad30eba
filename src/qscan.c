/*
 * qscan.c - exact top-k from a scan of 8-bit unit rows (see qscan.h).
 *
 * The bound. For row i let u_i = row_i / norm_i (real arithmetic on the
 * stored floats), Q_i its 8-bit copy with scale s_i, and e_i = u_i - s_i Q_i
 * (stored: ||e_i||, measured in double, rounded up). The query q is cut the
 * same way: q = t r + d, r small integers. Then the cosine
 *     c_i = u_i . q = s_i t (Q_i . r) + (s_i Q_i) . d + e_i . (t r) + e_i . d
 * and by Cauchy-Schwarz
 *     |c_i - s_i t (Q_i . r)| <= ||s_i Q_i|| ||d|| + ||e_i|| (||t r|| + ||d||).
 * The f32 score the exact scan shows, fl(row_i . q) / norm_i, differs from
 * c_i by at most the rounding of a dim-term float sum, bounded by
 * (dim + 4) 2^-23 ||q|| (a float dot's error is at most dim 2^-24 of the sum
 * of |row_ij q_j|, itself at most norm_i ||q||), which the margin adds.
 *
 * The integer dot. The hardware multiplies unsigned by signed bytes, so the
 * query goes unsigned: r' = r + B, and Q_i . r = Q_i . r' - B sum(Q_i).
 * AVX-512 VNNI (vpdpbusd) sums four byte products into 32 bits exactly:
 * r in [-127, 127], B = 128. AVX2's vpmaddubsw sums two into 16 bits with
 * saturation, so the query keeps 7 bits: r in [-63, 63], B = 64, and a pair
 * is at most 2 * 127 * 127 = 32258. The portable loop uses the first form.
 */
#include "config.h"

#include "qscan.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define VS_X86 1
#endif

#include "parallel.h"
#include "xalloc.h"

/* ---- the f32 dot both exact paths use ---- */

#if VS_X86
__attribute__((target_clones("default", "arch=haswell", "arch=skylake-avx512")))
#endif
float vs_qscan_dot(const float *a, const float *b, size_t dim)
{
    float acc[16] = {0}, tail = 0;
    size_t i, l;

    for (i = 0; i + 16 <= dim; i += 16)
        for (l = 0; l < 16; l++)
            acc[l] += a[i + l] * b[i + l];
    for (; i < dim; i++)
        tail += a[i] * b[i];
    for (l = 8; l > 0; l /= 2)
        for (i = 0; i < l; i++)
            acc[i] += acc[i + l];
    return acc[0] + tail;
}

void vs_qscan_scores_f32(const vs_model *m, const float *q, size_t limit, float *scores)
{
    const float *norms = m->norms;
    size_t i;

    for (i = 0; i < limit; i++)
        scores[i] = vs_qscan_dot(m->vecs + i * m->dim, q, m->dim) / norms[i];
}

/* ---- the index ---- */

static size_t align64(size_t x)
{
    return (x + 63) / 64 * 64;
}

size_t vs_qindex_bytes(size_t n, size_t dim)
{
    return align64(n * VS_QSCAN_STRIDE(dim)) + 3 * align64(n * sizeof(float)) +
           align64(n * sizeof(int32_t));
}

void vs_qindex_wrap(vs_qindex *qi, size_t n, size_t dim, const void *base)
{
    /* the arrays are only read once built, so a read-only mapping serves */
    char *p = (char *)(uintptr_t)base;

    memset(qi, 0, sizeof *qi);
    qi->n = n;
    qi->dim = dim;
    qi->stride = VS_QSCAN_STRIDE(dim);
    qi->q = (int8_t *)p;
    p += align64(n * qi->stride);
    qi->scale = (float *)(void *)p;
    p += align64(n * sizeof(float));
    qi->rnorm = (float *)(void *)p;
    p += align64(n * sizeof(float));
    qi->qerr = (float *)(void *)p;
    p += align64(n * sizeof(float));
    qi->qsum = (int32_t *)(void *)p;
}

void vs_qindex_free(vs_qindex *qi)
{
    if (qi == NULL)
        return;
    free(qi->block);
    memset(qi, 0, sizeof *qi);
}

/* A norm measured in double, rounded up so it bounds the real value. */
static float up(double x)
{
    float f = (float)(x * (1 + 1e-9) + 1e-30);

    return f < x ? nextafterf(f, INFINITY) : f;
}

int vs_qindex_build(const vs_model *m, vs_qindex *qi, const vs_progress *progress,
                    vs_error *err)
{
    size_t n = m->n, dim = m->dim, i, j, bytes = vs_qindex_bytes(n, dim);
    const float *norms = m->norms;
    void *block;

    memset(qi, 0, sizeof *qi);
    if (norms == NULL)
        return vs_fail(err, "the 8-bit copy needs the row norms first");
    block = NULL;
    if (posix_memalign(&block, 64, bytes ? bytes : 64) != 0)
        return vs_fail(err, "not enough memory for the 8-bit copy of the rows (%zu MiB)",
                       bytes >> 20);
    vs_qindex_wrap(qi, n, dim, block);
    qi->block = block;
    for (i = 0; i < n; i++) {
        const float *row = m->vecs + i * dim;
        int8_t *qr = qi->q + i * qi->stride;
        double norm = norms[i], mx = 0, e2 = 0, r2 = 0, s;
        int32_t sum = 0;

        memset(qr, 0, qi->stride);
        if (!(norm > 0) || !isfinite(norm)) {
            qi->scale[i] = qi->rnorm[i] = qi->qerr[i] = 0;
            qi->qsum[i] = 0;
            continue;
        }
        for (j = 0; j < dim; j++)
            mx = fmax(mx, fabs(row[j] / norm));
        s = (float)(mx / 127);
        if (s == 0)
            s = FLT_MIN;
        for (j = 0; j < dim; j++) {
            double u = row[j] / norm, v = nearbyint(u / s), e;
            v = v > 127 ? 127 : v < -127 ? -127 : v;
            qr[j] = (int8_t)v;
            sum += (int32_t)v;
            e = u - s * v;
            e2 += e * e;
            r2 += s * v * s * v;
        }
        qi->scale[i] = (float)s;
        qi->rnorm[i] = up(sqrt(r2));
        qi->qerr[i] = up(sqrt(e2));
        qi->qsum[i] = sum;
        if (i % 65536 == 65535 &&
            vs_progress_step(progress, "8-bit copy of the rows", (double)i / (double)n, err)) {
            vs_qindex_free(qi);
            return -1;
        }
    }
    return 0;
}

int vs_qindex_row_ok(const vs_model *m, const vs_qindex *qi, size_t i)
{
    const float *row = m->vecs + i * m->dim;
    const int8_t *qr = qi->q + i * qi->stride;
    double norm = m->norms[i], s = qi->scale[i], e2 = 0, r2 = 0;
    int32_t sum = 0;
    size_t j;

    if (!(norm > 0) || !isfinite(norm))
        return s == 0 && qi->qsum[i] == 0;
    if (!(s > 0) || !isfinite(s))
        return 0;
    for (j = 0; j < qi->stride; j++) {
        if (j >= m->dim) {
            if (qr[j] != 0)
                return 0;  /* the padding the scan reads must be zero */
            continue;
        }
        double u = row[j] / norm, e = u - s * qr[j];
        sum += qr[j];
        e2 += e * e;
        r2 += s * qr[j] * s * qr[j];
    }
    /* the stored norms must bound the ones measured now */
    return sum == qi->qsum[i] && (double)qi->qerr[i] >= sqrt(e2) * (1 - 1e-6) &&
           (double)qi->rnorm[i] >= sqrt(r2) * (1 - 1e-6);
}

/* ---- the integer scan ---- */

/* dots[i] = Q_i . r' for i in [lo, hi); r' has stride bytes */
typedef void (*scan_fn)(const vs_qindex *qi, const uint8_t *r, size_t lo, size_t hi,
                        int32_t *dots);

static void scan_portable(const vs_qindex *qi, const uint8_t *r, size_t lo, size_t hi,
                          int32_t *dots)
{
    size_t i, j;

    for (i = lo; i < hi; i++) {
        const int8_t *qr = qi->q + i * qi->stride;
        int32_t s = 0;
        for (j = 0; j < qi->stride; j++)
            s += (int32_t)r[j] * qr[j];
        dots[i] = s;
    }
}

#if VS_X86
__attribute__((target("avx2"))) static void scan_avx2(const vs_qindex *qi, const uint8_t *r,
                                                      size_t lo, size_t hi, int32_t *dots)
{
    const __m256i ones = _mm256_set1_epi16(1);
    size_t i, j;

    for (i = lo; i < hi; i++) {
        const int8_t *qr = qi->q + i * qi->stride;
        __m256i acc = _mm256_setzero_si256();
        __m128i s;
        for (j = 0; j < qi->stride; j += 32) {
            __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(r + j));
            __m256i b = _mm256_load_si256((const __m256i *)(const void *)(qr + j));
            /* u8 x s8 pairs into s16 (no saturation: see the top), then
             * pairs of those into s32 */
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(a, b), ones));
        }
        s = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
        s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
        s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
        dots[i] = _mm_cvtsi128_si32(s);
    }
}

__attribute__((target("avx512f,avx512bw,avx512vnni"))) static void
scan_vnni(const vs_qindex *qi, const uint8_t *r, size_t lo, size_t hi, int32_t *dots)
{
    size_t i, j;

    /* four rows at a time share each load of the query */
    for (i = lo; i + 4 <= hi; i += 4) {
        const int8_t *q0 = qi->q + i * qi->stride;
        __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0;
        for (j = 0; j < qi->stride; j += 64) {
            __m512i x = _mm512_loadu_si512((const void *)(r + j));
            a0 = _mm512_dpbusd_epi32(a0, x, _mm512_load_si512((const void *)(q0 + j)));
            a1 = _mm512_dpbusd_epi32(a1, x,
                                     _mm512_load_si512((const void *)(q0 + qi->stride + j)));
            a2 = _mm512_dpbusd_epi32(
                a2, x, _mm512_load_si512((const void *)(q0 + 2 * qi->stride + j)));
            a3 = _mm512_dpbusd_epi32(
                a3, x, _mm512_load_si512((const void *)(q0 + 3 * qi->stride + j)));
        }
        dots[i] = _mm512_reduce_add_epi32(a0);
        dots[i + 1] = _mm512_reduce_add_epi32(a1);
        dots[i + 2] = _mm512_reduce_add_epi32(a2);
        dots[i + 3] = _mm512_reduce_add_epi32(a3);
    }
    for (; i < hi; i++) {
        const int8_t *qr = qi->q + i * qi->stride;
        __m512i a = _mm512_setzero_si512();
        for (j = 0; j < qi->stride; j += 64)
            a = _mm512_dpbusd_epi32(a, _mm512_loadu_si512((const void *)(r + j)),
                                    _mm512_load_si512((const void *)(qr + j)));
        dots[i] = _mm512_reduce_add_epi32(a);
    }
}
#endif

/* ---- the integer product of a batch ---- */

/*
 * A batch (vs_qscan_topk_batch) packs a tile of rows 16 at a time: group g,
 * step d (4 bytes, four dimensions, of each of the 16 rows) at
 * tile + (g * steps + d) * 64, row r of the group at byte 4 r. One 64-byte
 * load then holds a step of 16 rows, and a query's 4 bytes broadcast
 * against it give 16 partial dots at once: the dots of 8 queries and 32
 * rows accumulate in registers with no horizontal sums.
 */

/* dots[j * ld + r] = (row r of the tile) . u_j for the 8 queries u_j (u +
 * j * ustride, steps * 4 bytes each) and the rows of groups (an even
 * number of) groups. */
typedef void (*tile_fn)(const int8_t *tile, size_t groups, size_t steps, const uint8_t *u,
                        size_t ustride, int32_t *dots, size_t ld);

static void tile_portable(const int8_t *tile, size_t groups, size_t steps, const uint8_t *u,
                          size_t ustride, int32_t *dots, size_t ld)
{
    size_t g, j, r, d, b;

    for (j = 0; j < 8; j++)
        for (g = 0; g < groups; g++)
            for (r = 0; r < 16; r++) {
                int32_t sum = 0;
                for (d = 0; d < steps; d++)
                    for (b = 0; b < 4; b++)
                        sum += (int32_t)u[j * ustride + 4 * d + b] *
                               tile[(g * steps + d) * 64 + 4 * r + b];
                dots[j * ld + g * 16 + r] = sum;
            }
}

#if VS_X86
__attribute__((target("avx2"))) static void tile_avx2(const int8_t *tile, size_t groups,
                                                      size_t steps, const uint8_t *u,
                                                      size_t ustride, int32_t *dots, size_t ld)
{
    const __m256i ones = _mm256_set1_epi16(1);
    size_t g, d, j, q0;

    for (g = 0; g < groups; g++) {
        const int8_t *t0 = tile + g * steps * 64;
        for (q0 = 0; q0 < 8; q0 += 4) {
            __m256i a[4][2];
#pragma GCC unroll 4
            for (j = 0; j < 4; j++)
                a[j][0] = a[j][1] = _mm256_setzero_si256();
            for (d = 0; d < steps; d++) {
                __m256i x0 = _mm256_load_si256((const __m256i *)(const void *)(t0 + d * 64));
                __m256i x1 =
                    _mm256_load_si256((const __m256i *)(const void *)(t0 + d * 64 + 32));
#pragma GCC unroll 4
                for (j = 0; j < 4; j++) {
                    int32_t w;
                    __m256i bq;
                    memcpy(&w, u + (q0 + j) * ustride + 4 * d, 4);
                    bq = _mm256_set1_epi32(w);
                    /* u8 x s8 pairs into s16 (7-bit queries: no saturation),
                     * then pairs of those into s32 */
                    a[j][0] = _mm256_add_epi32(
                        a[j][0], _mm256_madd_epi16(_mm256_maddubs_epi16(bq, x0), ones));
                    a[j][1] = _mm256_add_epi32(
                        a[j][1], _mm256_madd_epi16(_mm256_maddubs_epi16(bq, x1), ones));
                }
            }
#pragma GCC unroll 4
            for (j = 0; j < 4; j++) {
                _mm256_storeu_si256((__m256i *)(void *)(dots + (q0 + j) * ld + g * 16), a[j][0]);
                _mm256_storeu_si256((__m256i *)(void *)(dots + (q0 + j) * ld + g * 16 + 8),
                                    a[j][1]);
            }
        }
    }
}

__attribute__((target("avx512f,avx512bw,avx512vnni"))) static void
tile_vnni(const int8_t *tile, size_t groups, size_t steps, const uint8_t *u, size_t ustride,
          int32_t *dots, size_t ld)
{
    size_t g, d, j;

    for (g = 0; g < groups; g += 2) {
        const int8_t *t0 = tile + g * steps * 64, *t1 = t0 + steps * 64;
        __m512i a0[8], a1[8];
#pragma GCC unroll 8
        for (j = 0; j < 8; j++)
            a0[j] = a1[j] = _mm512_setzero_si512();
        for (d = 0; d < steps; d++) {
            __m512i x0 = _mm512_load_si512((const void *)(t0 + d * 64));
            __m512i x1 = _mm512_load_si512((const void *)(t1 + d * 64));
#pragma GCC unroll 8
            for (j = 0; j < 8; j++) {
                int32_t w;
                __m512i bq;
                memcpy(&w, u + j * ustride + 4 * d, 4);
                bq = _mm512_set1_epi32(w);
                a0[j] = _mm512_dpbusd_epi32(a0[j], bq, x0);
                a1[j] = _mm512_dpbusd_epi32(a1[j], bq, x1);
            }
        }
#pragma GCC unroll 8
        for (j = 0; j < 8; j++) {
            _mm512_storeu_si512((void *)(dots + j * ld + g * 16), a0[j]);
            _mm512_storeu_si512((void *)(dots + j * ld + g * 16 + 16), a1[j]);
        }
    }
}
#endif

/* The scan this CPU runs, and the query's range and offset for it. The
 * environment variable VECSCOPE_QSCAN (portable, avx2) picks a lesser one,
 * for tests and benchmarks. */
static scan_fn pick_with(int *range, int *offset, const char **name, tile_fn *tile)
{
    const char *want = getenv("VECSCOPE_QSCAN");

    if (want != NULL && strcmp(want, "portable") == 0)
        goto portable;
#if VS_X86
    __builtin_cpu_init();
    if ((want == NULL || strcmp(want, "avx2") != 0) && __builtin_cpu_supports("avx512f") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vnni")) {
        *range = 127;
        *offset = 128;
        *name = "avx512-vnni";
        *tile = tile_vnni;
        return scan_vnni;
    }
    if (__builtin_cpu_supports("avx2")) {
        *range = 63;
        *offset = 64;
        *name = "avx2";
        *tile = tile_avx2;
        return scan_avx2;
    }
#endif
portable:
    *range = 127;
    *offset = 128;
    *name = "portable";
    *tile = tile_portable;
    return scan_portable;
}

static scan_fn pick(int *range, int *offset, const char **name)
{
    tile_fn tile;

    return pick_with(range, offset, name, &tile);
}

const char *vs_qscan_isa(void)
{
    int range, offset;
    const char *name;

    pick(&range, &offset, &name);
    return name;
}

/* ---- the search ---- */

/* A query cut into the scan's integers, with what its error bound needs. */
struct prepared {
    uint8_t *r;        /* stride bytes: r + offset */
    double t;          /* q = t r + d */
    double dn, qhat;   /* ||d|| and ||t r||, rounded up */
    double margin;     /* the f32 score's own rounding, and more */
    int offset;
};

/* Cuts q into the scan's integers, written into r (stride bytes), which
 * p->r then points to. */
static void prepare_into(const vs_qindex *qi, const float *q, int range, int offset,
                         struct prepared *p, uint8_t *r)
{
    double mx = 0, d2 = 0, r2 = 0, qn2 = 0;
    size_t j;

    for (j = 0; j < qi->dim; j++) {
        mx = fmax(mx, fabs(q[j]));
        qn2 += (double)q[j] * q[j];
    }
    p->t = mx > 0 ? mx / range : 1;
    p->offset = offset;
    p->r = r;
    memset(p->r, offset, qi->stride); /* padding: r = 0 */
    for (j = 0; j < qi->dim; j++) {
        double v = nearbyint(q[j] / p->t), dj;
        v = v > range ? range : v < -range ? -range : v;
        p->r[j] = (uint8_t)(v + offset);
        dj = q[j] - p->t * v;
        d2 += dj * dj;
        r2 += v * v;
    }
    p->dn = sqrt(d2) * (1 + 1e-9);
    p->qhat = p->t * sqrt(r2) * (1 + 1e-9);
    /* the f32 score's rounding (a dim-term sum), and the float the
     * estimate is kept in */
    p->margin = ((double)qi->dim + 4) * ldexp(1.0, -23) * sqrt(qn2) + ldexp(1.0, -22);
}

/* prepare_into a buffer of its own (free p->r). */
static void prepare(const vs_qindex *qi, const float *q, int range, int offset,
                    struct prepared *p)
{
    uint8_t *r;

    if (posix_memalign((void **)&r, 64, qi->stride) != 0)
        abort();
    prepare_into(qi, q, range, offset, p, r);
}

/* Row i's cosine to the prepared query: the estimate and its error bound. */
static inline double estimate(const vs_qindex *qi, const struct prepared *p, int32_t dot,
                              size_t i, double *bound)
{
    *bound = (double)qi->rnorm[i] * p->dn + (double)qi->qerr[i] * (p->qhat + p->dn) +
             p->margin;
    return (double)qi->scale[i] * p->t * ((double)dot - (double)p->offset * qi->qsum[i]);
}

/* a ranks before b: higher score, then lower id (as vs_topk) */
static int better(const vs_hit *a, const vs_hit *b)
{
    return a->score > b->score || (a->score == b->score && a->id < b->id);
}

static int cmp_hits(const void *a, const void *b)
{
    const vs_hit *x = a, *y = b;

    return better(x, y) ? -1 : better(y, x) ? 1 : 0;
}

static int excluded(uint32_t id, const uint32_t *ex, size_t nex)
{
    size_t i;

    for (i = 0; i < nex; i++)
        if (ex[i] == id)
            return 1;
    return 0;
}

/* A min-heap of the k largest lower bounds seen. */
static void heap_push(float *h, size_t *len, size_t k, float v)
{
    size_t i;

    if (*len < k) {
        i = (*len)++;
        while (i > 0 && h[(i - 1) / 2] > v) {
            h[i] = h[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        h[i] = v;
        return;
    }
    if (v <= h[0])
        return;
    i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i;
        float wv = v;
        if (l < *len && h[l] < wv)
            w = l, wv = h[l];
        if (r < *len && h[r] < wv)
            w = r;
        if (w == i)
            break;
        h[i] = h[w];
        i = w;
    }
    h[i] = v;
}

/* The search both scores share. For every row of [0, limit) that may rank
 * (not a zero row, not excluded), bounds(ctx, i, &lo, &hi) gives an interval
 * that holds the row's exact score; exact(ctx, i) computes that score as the
 * f32 path does. Rows whose upper bound reaches the k-th largest lower bound
 * are scored exactly and ranked. */
typedef void (*bounds_fn)(void *ctx, size_t i, double *lo, double *hi);
typedef float (*exact_fn)(void *ctx, size_t i);

static size_t select_topk(const vs_qindex *qi, size_t limit, const uint32_t *exclude,
                          size_t nexclude, size_t k, bounds_fn bounds, exact_fn exact,
                          void *ctx, vs_hit *out, size_t *rescored)
{
    size_t i, len = 0, ncand = 0, cap = 0, nout, hk = k < limit ? k : limit;
    float *heap = xmallocarray(hk ? hk : 1, sizeof *heap), tau;
    vs_hit *cand = NULL;

    for (i = 0; i < limit; i++) {
        double lo, hi;
        if (qi->scale[i] == 0)
            continue;  /* a zero row never ranks */
        bounds(ctx, i, &lo, &hi);
        if ((len == hk && (float)lo <= heap[0]) ||
            (nexclude && excluded((uint32_t)i, exclude, nexclude)))
            continue;
        heap_push(heap, &len, hk, (float)lo);
    }
    tau = len < k ? -INFINITY : heap[0];
    free(heap);
    for (i = 0; i < limit; i++) {
        double lo, hi;
        vs_hit h;
        if (qi->scale[i] == 0)
            continue;
        bounds(ctx, i, &lo, &hi);
        if (hi < (double)tau || (nexclude && excluded((uint32_t)i, exclude, nexclude)))
            continue;
        h.id = (uint32_t)i;
        h.score = exact(ctx, i);
        if (isnan(h.score))
            continue;
        if (ncand == cap) {
            cap = cap ? 2 * cap : 64;
            cand = xreallocarray(cand, cap, sizeof *cand);
        }
        cand[ncand++] = h;
    }
    if (rescored != NULL)
        *rescored = ncand;
    qsort(cand, ncand, sizeof *cand, cmp_hits);
    nout = ncand < k ? ncand : k;
    memcpy(out, cand, nout * sizeof *out);
    free(cand);
    return nout;
}

/* ---- one cosine ---- */

struct cos_ctx {
    const vs_model *m;
    const vs_qindex *qi;
    const float *q;
    struct prepared p;
    int32_t *dots;
};

static void cos_bounds(void *v, size_t i, double *lo, double *hi)
{
    struct cos_ctx *c = v;
    double e, est = estimate(c->qi, &c->p, c->dots[i], i, &e);

    *lo = est - e;
    *hi = est + e;
}

static float cos_exact(void *v, size_t i)
{
    struct cos_ctx *c = v;

    return vs_qscan_dot(c->m->vecs + i * c->m->dim, c->q, c->m->dim) / c->m->norms[i];
}

size_t vs_qscan_topk(const vs_model *m, const vs_qindex *qi, const float *q, size_t limit,
                     const uint32_t *exclude, size_t nexclude, size_t k, vs_hit *out,
                     size_t *rescored)
{
    int range, offset;
    const char *name;
    scan_fn scan = pick(&range, &offset, &name);
    struct cos_ctx c;
    size_t nout;

    if (rescored != NULL)
        *rescored = 0;
    if (k == 0 || limit == 0)
        return 0;
    if (limit > qi->n)
        limit = qi->n;
    c.m = m;
    c.qi = qi;
    c.q = q;
    prepare(qi, q, range, offset, &c.p);
    c.dots = xmallocarray(limit, sizeof *c.dots);
    scan(qi, c.p.r, 0, limit, c.dots);
    nout = select_topk(qi, limit, exclude, nexclude, k, cos_bounds, cos_exact, &c, out,
                       rescored);
    free(c.dots);
    free(c.p.r);
    return nout;
}

/* ---- 3CosMul ---- */

float vs_qscan_cosmul(const vs_model *m, size_t row, const float *u, const float *weight,
                      size_t nterms)
{
    float pos = 1.0f, neg = 1.0f;
    size_t t;

    for (t = 0; t < nterms; t++) {
        float c = (1.0f + vs_qscan_dot(m->vecs + row * m->dim, u + t * m->dim, m->dim) /
                              m->norms[row]) / 2.0f;
        if (weight[t] > 0)
            pos *= c;
        else
            neg *= c;
    }
    return pos / (neg + 0.000001f);
}

struct mul_ctx {
    const vs_model *m;
    const vs_qindex *qi;
    const float *u, *weight;
    size_t nterms;
    struct prepared *p;
    int32_t **dots;
};

/* Interval arithmetic on each term's shifted cosine (1 + cos) / 2, which is
 * in [0, 1] for the exact value; the float evaluation of the score is
 * covered by widening the result by a relative 1e-5. */
static void mul_bounds(void *v, size_t i, double *lo, double *hi)
{
    struct mul_ctx *c = v;
    double plo = 1, phi = 1, nlo = 1, nhi = 1;
    size_t t;

    for (t = 0; t < c->nterms; t++) {
        double e, est = estimate(c->qi, &c->p[t], c->dots[t][i], i, &e);
        double clo = fmax(0.0, (1 + est - e) / 2), chi = fmin(1.0, (1 + est + e) / 2);
        if (clo > chi)
            clo = chi;
        if (c->weight[t] > 0)
            plo *= clo, phi *= chi;
        else
            nlo *= clo, nhi *= chi;
    }
    *lo = plo / (nhi + 1e-6) * (1 - 1e-5) - 1e-9;
    *hi = phi / (nlo + 1e-6) * (1 + 1e-5) + 1e-9;
}

static float mul_exact(void *v, size_t i)
{
    struct mul_ctx *c = v;

    return vs_qscan_cosmul(c->m, i, c->u, c->weight, c->nterms);
}

size_t vs_qscan_topk_cosmul(const vs_model *m, const vs_qindex *qi, const float *u,
                            const float *weight, size_t nterms, size_t limit,
                            const uint32_t *exclude, size_t nexclude, size_t k, vs_hit *out,
                            size_t *rescored)
{
    int range, offset;
    const char *name;
    scan_fn scan = pick(&range, &offset, &name);
    struct mul_ctx c;
    size_t t, nout;

    if (rescored != NULL)
        *rescored = 0;
    if (k == 0 || limit == 0 || nterms == 0)
        return 0;
    if (limit > qi->n)
        limit = qi->n;
    c.m = m;
    c.qi = qi;
    c.u = u;
    c.weight = weight;
    c.nterms = nterms;
    c.p = xmallocarray(nterms, sizeof *c.p);
    c.dots = xmallocarray(nterms, sizeof *c.dots);
    for (t = 0; t < nterms; t++) {
        prepare(qi, u + t * m->dim, range, offset, &c.p[t]);
        c.dots[t] = xmallocarray(limit, sizeof **c.dots);
        scan(qi, c.p[t].r, 0, limit, c.dots[t]);
    }
    nout = select_topk(qi, limit, exclude, nexclude, k, mul_bounds, mul_exact, &c, out,
                       rescored);
    for (t = 0; t < nterms; t++) {
        free(c.dots[t]);
        free(c.p[t].r);
    }
    free(c.dots);
    free(c.p);
    return nout;
}

/* ---- many queries at once ---- */

/*
 * vs_qscan_topk_batch: each worker takes BATCH_Q queries at a time and
 * passes over the 8-bit rows once for all of them, a tile of BATCH_ROWS
 * rows at a time (packed as above, so that the tile's integer dots with 8
 * queries come from one product). Each query then keeps, as select_topk
 * does, the k largest lower bounds seen; a row is a candidate when its upper
 * bound reaches the k-th of them so far. That threshold only rises, so every
 * row whose bound reaches the final threshold is among the candidates; at
 * the end those are scored in f32 and ranked as select_topk ranks them: the
 * answer of vs_qscan_topk for each query, row for row.
 */
#define BATCH_Q 64        /* queries a worker takes at a time (a multiple of 8) */
#define BATCH_ROWS 512    /* rows per tile (a multiple of 32) */

/* A candidate row and its upper bound. */
struct cand {
    uint32_t id;
    double hi;
};

/* One query's running search. */
struct qstate {
    struct prepared p;
    float *heap;          /* the k largest lower bounds so far (a min-heap) */
    size_t len;
    float tau;            /* heap[0] once it holds k, else -inf */
    struct cand *c;       /* rows whose upper bound reached tau when seen */
    size_t nc, capc;
};

struct batch {
    const vs_model *m;
    const vs_qindex *qi;
    const float *Q;
    size_t nq, limit, k, hk, nblocks;
    const uint32_t *exclude;
    vs_hit *out;
    size_t *nout;
    int range, offset;
    tile_fn tile;
    vs_parallel_queue queue;
    atomic_size_t done;
    atomic_int stop;
    const vs_progress *progress;
    const char *what;
};

/* A worker's scratch. */
struct bwork {
    int8_t *tile;         /* BATCH_ROWS x stride, packed */
    uint8_t *u;           /* BATCH_Q x stride: the queries' bytes */
    int32_t *dots;        /* BATCH_Q x BATCH_ROWS */
    double *hi, *sc, *qs, *ea, *eb;   /* BATCH_ROWS each */
    struct qstate st[BATCH_Q];
};

/* tile: rows [r0, r0 + n) of qi packed in groups of 16, rows past n (up to
 * groups * 16) zero. */
static void pack_tile(const vs_qindex *qi, size_t r0, size_t n, size_t groups, int8_t *tile)
{
    size_t steps = qi->stride / 4, g, r, d;

    for (g = 0; g < groups; g++) {
        int8_t *base = tile + g * steps * 64;
        for (r = 0; r < 16; r++) {
            size_t row = g * 16 + r;
            const int8_t *src = qi->q + (r0 + row) * qi->stride;
            if (row >= n) {
                for (d = 0; d < steps; d++)
                    memset(base + d * 64 + r * 4, 0, 4);
                continue;
            }
            for (d = 0; d < steps; d++)
                memcpy(base + d * 64 + r * 4, src + d * 4, 4);
        }
    }
}

/* Row `row` (dot with the query) offered to query state st of query number
 * q: its bounds against the threshold, the heap, the candidates. */
static void offer(const struct batch *b, struct qstate *st, size_t q, size_t row, int32_t dot)
{
    double e, est, lo, hi;
    size_t i, j;

    if (b->qi->scale[row] == 0 || row == b->exclude[q])
        return;  /* a zero row never ranks; the query's own row is left out */
    est = estimate(b->qi, &st->p, dot, row, &e);
    lo = est - e;
    hi = est + e;
    if (hi < (double)st->tau)
        return;
    heap_push(st->heap, &st->len, b->hk, (float)lo);
    if (st->len == b->k)
        st->tau = st->heap[0];
    if (st->nc == st->capc) {
        /* drop what the threshold has passed before growing */
        for (i = j = 0; i < st->nc; i++)
            if (st->c[i].hi >= (double)st->tau)
                st->c[j++] = st->c[i];
        st->nc = j;
        if (st->nc == st->capc || st->nc * 2 > st->capc) {
            st->capc = st->capc ? 2 * st->capc : 64;
            st->c = xreallocarray(st->c, st->capc, sizeof *st->c);
        }
    }
    st->c[st->nc].id = (uint32_t)row;
    st->c[st->nc].hi = hi;
    st->nc++;
}

/* The candidates that reach the final threshold, scored in f32 and ranked:
 * the query's answer. */
static void finish_query(const struct batch *b, struct qstate *st, size_t q)
{
    const float *u = b->Q + q * b->m->dim;
    vs_hit *h = xmallocarray(st->nc ? st->nc : 1, sizeof *h);
    size_t i, n = 0;

    for (i = 0; i < st->nc; i++) {
        size_t row = st->c[i].id;
        if (st->c[i].hi < (double)st->tau)
            continue;
        h[n].id = (uint32_t)row;
        h[n].score = vs_qscan_dot(b->m->vecs + row * b->m->dim, u, b->m->dim) / b->m->norms[row];
        if (!isnan(h[n].score))
            n++;
    }
    qsort(h, n, sizeof *h, cmp_hits);
    b->nout[q] = n < b->k ? n : b->k;
    memcpy(b->out + q * b->k, h, b->nout[q] * sizeof *h);
    free(h);
}

/* Queries [q0, q0 + nb) against every row. */
static void batch_block(struct batch *b, struct bwork *w, size_t q0, size_t nb)
{
    const vs_qindex *qi = b->qi;
    size_t stride = qi->stride, steps = stride / 4, nb8 = (nb + 7) / 8 * 8, j, r, t0;

    for (j = 0; j < nb8; j++) {
        if (j < nb) {
            struct qstate *st = &w->st[j];
            prepare_into(qi, b->Q + (q0 + j) * qi->dim, b->range, b->offset, &st->p,
                         w->u + j * stride);
            st->len = 0;
            st->tau = -INFINITY;
            st->nc = 0;
        } else {
            memset(w->u + j * stride, b->offset, stride);  /* a zero query: unused */
        }
    }
    for (t0 = 0; t0 < b->limit; t0 += BATCH_ROWS) {
        size_t n = b->limit - t0 < BATCH_ROWS ? b->limit - t0 : BATCH_ROWS;
        size_t groups = (n + 31) / 32 * 2;
        if (atomic_load(&b->stop))
            return;
        pack_tile(qi, t0, n, groups, w->tile);
        for (j = 0; j < nb8; j += 8)
            b->tile(w->tile, groups, steps, w->u + j * stride, stride, w->dots + j * BATCH_ROWS,
                    BATCH_ROWS);
        for (r = 0; r < n; r++) {
            w->sc[r] = qi->scale[t0 + r];
            w->qs[r] = qi->qsum[t0 + r];
            w->ea[r] = qi->rnorm[t0 + r];
            w->eb[r] = qi->qerr[t0 + r];
        }
        for (j = 0; j < nb; j++) {
            struct qstate *st = &w->st[j];
            const int32_t *dj = w->dots + j * BATCH_ROWS;
            double t = st->p.t, off = st->p.offset, dn = st->p.dn, qd = st->p.qhat + st->p.dn;
            double mg = st->p.margin, thr = (double)st->tau - 1e-9;
            /* each row's upper bound, as estimate() gives it give or take a
             * rounding (offer() decides with estimate() itself) */
            for (r = 0; r < n; r++)
                w->hi[r] = w->sc[r] * t * ((double)dj[r] - off * w->qs[r]) + w->ea[r] * dn +
                           w->eb[r] * qd + mg;
            for (r = 0; r < n; r++)
                if (w->hi[r] >= thr) {
                    offer(b, st, q0 + j, t0 + r, dj[r]);
                    thr = (double)st->tau - 1e-9;
                }
        }
    }
    for (j = 0; j < nb; j++)
        finish_query(b, &w->st[j], q0 + j);
}

static void batch_worker(void *ctx, int t)
{
    struct batch *b = ctx;
    struct bwork w;
    size_t stride = b->qi->stride, block, j;

    (void)t;
    memset(&w, 0, sizeof w);
    if (posix_memalign((void **)&w.tile, 64, BATCH_ROWS * stride) != 0 ||
        posix_memalign((void **)&w.u, 64, BATCH_Q * stride) != 0)
        abort();
    w.dots = xmallocarray(BATCH_Q * BATCH_ROWS, sizeof *w.dots);
    w.hi = xmallocarray(5 * BATCH_ROWS, sizeof *w.hi);
    w.sc = w.hi + BATCH_ROWS;
    w.qs = w.sc + BATCH_ROWS;
    w.ea = w.qs + BATCH_ROWS;
    w.eb = w.ea + BATCH_ROWS;
    for (j = 0; j < BATCH_Q; j++)
        w.st[j].heap = xmallocarray(b->hk ? b->hk : 1, sizeof *w.st[j].heap);
    while (!atomic_load(&b->stop) && vs_parallel_take(&b->queue, &block)) {
        size_t q0 = block * BATCH_Q;
        batch_block(b, &w, q0, b->nq - q0 < BATCH_Q ? b->nq - q0 : BATCH_Q);
        atomic_fetch_add(&b->done, 1);
    }
    for (j = 0; j < BATCH_Q; j++) {
        free(w.st[j].heap);
        free(w.st[j].c);
    }
    free(w.tile);
    free(w.u);
    free(w.dots);
    free(w.hi);
}

static int batch_watch(void *ud, vs_error *err)
{
    struct batch *b = ud;

    return vs_progress_step(b->progress, b->what,
                            (double)atomic_load(&b->done) / (double)b->nblocks, err);
}

int vs_qscan_topk_batch(const vs_model *m, const vs_qindex *qi, const float *Q, size_t nq,
                        size_t limit, const uint32_t *exclude, size_t k, int threads,
                        const vs_progress *progress, const char *what, vs_hit *out,
                        size_t *nout, vs_error *err)
{
    struct batch b;
    vs_parallel_watch watch;
    const char *name;
    size_t i;
    int rc;

    for (i = 0; i < nq; i++)
        nout[i] = 0;
    if (k == 0 || limit == 0 || nq == 0)
        return 0;
    memset(&b, 0, sizeof b);
    b.m = m;
    b.qi = qi;
    b.Q = Q;
    b.nq = nq;
    b.limit = limit > qi->n ? qi->n : limit;
    b.k = k;
    b.hk = k < b.limit ? k : b.limit;
    b.exclude = exclude;
    b.out = out;
    b.nout = nout;
    b.nblocks = (nq + BATCH_Q - 1) / BATCH_Q;
    b.progress = progress;
    b.what = what;
    pick_with(&b.range, &b.offset, &name, &b.tile);
    vs_parallel_queue_init(&b.queue, b.nblocks);
    atomic_init(&b.done, 0);
    atomic_init(&b.stop, 0);
    watch.fn = batch_watch;
    watch.ud = &b;
    watch.every_ms = 200;
    watch.stop = &b.stop;
    if (threads < 1)
        threads = 1;
    if ((size_t)threads > b.nblocks)
        threads = (int)b.nblocks;
    rc = vs_parallel_run(threads, batch_worker, &b, &watch, err);
    vs_progress_done(progress);
    return rc;
}

/* ---- a model's index ---- */

static void free_index(void *p)
{
    vs_qindex_free(p);
    free(p);
}

void vs_qscan_attach(vs_model *m, vs_qindex *qi)
{
    m->qindex = qi;
    m->qindex_free = free_index;
    m->qindex_memory = qi->block != NULL ? vs_qindex_bytes(qi->n, qi->dim) : 0;
}

const vs_qindex *vs_qscan_index(vs_model *m, vs_error *err)
{
    vs_qindex *qi;

    if (m->qindex != NULL)
        return m->qindex;
    vs_model_norms(m);
    qi = xmalloc(sizeof *qi);
    if (vs_qindex_build(m, qi, NULL, err) < 0) {
        free(qi);
        return NULL;
    }
    vs_qscan_attach(m, qi);
    return qi;
}
