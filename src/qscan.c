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

/* The scan this CPU runs, and the query's range and offset for it. The
 * environment variable VECSCOPE_QSCAN (portable, avx2) picks a lesser one,
 * for tests and benchmarks. */
static scan_fn pick(int *range, int *offset, const char **name)
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
        return scan_vnni;
    }
    if (__builtin_cpu_supports("avx2")) {
        *range = 63;
        *offset = 64;
        *name = "avx2";
        return scan_avx2;
    }
#endif
portable:
    *range = 127;
    *offset = 128;
    *name = "portable";
    return scan_portable;
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

static void prepare(const vs_qindex *qi, const float *q, int range, int offset,
                    struct prepared *p)
{
    double mx = 0, d2 = 0, r2 = 0, qn2 = 0;
    size_t j;

    for (j = 0; j < qi->dim; j++) {
        mx = fmax(mx, fabs(q[j]));
        qn2 += (double)q[j] * q[j];
    }
    p->t = mx > 0 ? mx / range : 1;
    p->offset = offset;
    if (posix_memalign((void **)&p->r, 64, qi->stride) != 0)
        abort();
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

/* Row i's cosine to the prepared query: the estimate and its error bound. */
static inline double estimate(const vs_qindex *qi, const struct prepared *p,
                              const int32_t *dots, size_t i, double *bound)
{
    *bound = (double)qi->rnorm[i] * p->dn + (double)qi->qerr[i] * (p->qhat + p->dn) +
             p->margin;
    return (double)qi->scale[i] * p->t *
           ((double)dots[i] - (double)p->offset * qi->qsum[i]);
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
    nout = ncand < k ? ncand : k;
    if (ncand > 0) {
        qsort(cand, ncand, sizeof *cand, cmp_hits);
        memcpy(out, cand, nout * sizeof *out);
    }
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
    double e, est = estimate(c->qi, &c->p, c->dots, i, &e);

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
        double e, est = estimate(c->qi, &c->p[t], c->dots[t], i, &e);
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
