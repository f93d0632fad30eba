/*
 * qscan.c - exact top-k from a scan of 8-bit unit rows (see qscan.h).
 *
 * The bound. For row i let u_i = row_i / norm_i (real arithmetic on the
 * stored floats), Q_i its 8-bit copy with scale s_i, and e_i = u_i - s_i Q_i
 * (stored: ||e_i||, measured in double, rounded up). The query q is cut the
 * same way: q = t r + d, r small integers, t a float. Then the cosine
 *     c_i = u_i . q = s_i t (Q_i . r) + (s_i Q_i) . d + e_i . q
 * and by Cauchy-Schwarz
 *     |c_i - s_i t (Q_i . r)| <= ||s_i Q_i|| ||d|| + ||e_i|| ||q||.
 * The bound is linear in q's cut: for a sum of cut queries, v = sum_k w_k
 * q_k, the estimate is the same sum of their estimates and d the same sum
 * of their residuals (vs_qscan_block_bound), which the batched scan uses
 * for 3CosAdd. The f32 score the exact scan shows, fl(row_i . q) / norm_i,
 * differs from c_i by at most the rounding of a dim-term float sum, bounded
 * by (dim + 4) 2^-23 ||q|| (a float dot's error is at most dim 2^-24 of the
 * sum of |row_ij q_j|, itself at most norm_i ||q||), which the margin adds
 * (vs_qscan_margin).
 *
 * The integer dot. The hardware multiplies unsigned by signed bytes, so the
 * query goes unsigned: r' = r + B, and Q_i . r = Q_i . r' - B sum(Q_i).
 * AVX-512 VNNI (vpdpbusd) sums four byte products into 32 bits exactly:
 * r in [-127, 127], B = 128. AVX2's vpmaddubsw sums two into 16 bits with
 * saturation, so the query keeps 7 bits: r in [-63, 63], B = 64, and a pair
 * is at most 2 * 127 * 127 = 32258. The portable loop uses the first form.
 * The batched scan keeps its estimates in float (three roundings of 2^-24
 * relative, inside the margin's 2^-22).
 *
 * Many queries at once (vs_qscan_block). The rows of a tile are packed in
 * panels of 16: for each 4 bytes of the row, the 4 bytes of 16 rows side by
 * side (64 bytes). One vpdpbusd then multiplies 4 bytes of a query,
 * broadcast, with 4 bytes of 16 rows, and the 16 sums it keeps are the
 * query's dots with 16 rows, with no reduction across lanes; each panel
 * load serves 8 queries, each query load 2 panels (as a matrix product's
 * kernel keeps a block of C in registers). AMX (tdpbusd) multiplies 16
 * queries by 16 rows over 64 bytes in one instruction from the same panels:
 * a panel's 64-byte groups are the rows of the B tile it wants.
 */
#include "config.h"

#include "qscan.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define VS_X86 1
#endif

#include "blas.h"
#include "xalloc.h"

/* ---- the f32 dot both exact paths use ---- */

/* GCC's clones by feature ("arch=" ones run only on that very CPU); none
 * contracts a multiply and an add, so all give the same bits. clang 14
 * emits no symbol for a cloned function called from another file, so it
 * builds one plain copy. */
#if VS_X86 && !defined(__clang__)
#define QSCAN_CLONES __attribute__((target_clones("default", "avx2", "avx512f")))
#else
#define QSCAN_CLONES
#endif

QSCAN_CLONES
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

/* round(x) to the nearest integer, ties to even, for |x| < 2^51: adding
 * and taking away 1.5 2^52 leaves no fraction bits (round to nearest, the
 * default mode): nearbyint without a library call, so the loop below
 * vectorizes. */
static inline double round_even(double x)
{
    const double magic = 6755399441055744.0;

    return (x + magic) - magic;
}

#define LANES 8  /* independent sums, so that the loops vectorize */

/* Row i's 8-bit copy: its scale, bytes and sum, and its norms (see the
 * top), the sums over LANES interleaved lanes. */
QSCAN_CLONES
static void quantize_row(const float *row, size_t dim, double norm, int8_t *qr, float *scale,
                         float *rnorm, float *qerr, int32_t *qsum)
{
    double mx = 0, s, inv_s, inv_norm = 1 / norm, e2[LANES] = {0}, r2[LANES] = {0};
    uint32_t amax[LANES] = {0}, bits;
    float famax;
    int32_t sum[LANES] = {0};
    size_t j, l;

    /* the largest |row_j / norm|: division rounds monotonically, so it is
     * that of the largest |row_j|, found on the bits (finite floats order
     * by magnitude as their bits without the sign do; the row is finite,
     * its norm is) */
    for (j = 0; j + LANES <= dim; j += LANES)
        for (l = 0; l < LANES; l++) {
            memcpy(&bits, &row[j + l], sizeof bits);
            bits &= 0x7fffffffu;
            amax[l] = bits > amax[l] ? bits : amax[l];
        }
    for (l = 0; j + l < dim; l++) {
        memcpy(&bits, &row[j + l], sizeof bits);
        bits &= 0x7fffffffu;
        amax[l] = bits > amax[l] ? bits : amax[l];
    }
    for (l = 1; l < LANES; l++)
        amax[0] = amax[l] > amax[0] ? amax[l] : amax[0];
    memcpy(&famax, &amax[0], sizeof famax);
    mx = famax / norm;
    s = (float)(mx / 127);
    if (s == 0)
        s = FLT_MIN;
    /* products by the reciprocals instead of quotients: u is then off by
     * 2^-52 relative at most, which the norms' rounding up (1e-9) covers */
    inv_s = 1 / s;
    for (j = 0; j < dim; j += LANES) {
        double u[LANES], v[LANES], e;
        size_t nl = dim - j < LANES ? dim - j : LANES;
        if (nl < LANES) {
            /* the tail: zeros after it add nothing */
            memset(u, 0, sizeof u);
            for (l = 0; l < nl; l++)
                u[l] = row[j + l] * inv_norm;
        } else {
            for (l = 0; l < LANES; l++)
                u[l] = row[j + l] * inv_norm;
        }
        for (l = 0; l < LANES; l++) {
            v[l] = round_even(u[l] * inv_s);
            v[l] = v[l] > 127 ? 127 : v[l] < -127 ? -127 : v[l];
            sum[l] += (int32_t)v[l];
            e = u[l] - s * v[l];
            e2[l] += e * e;
            r2[l] += s * v[l] * s * v[l];
        }
        for (l = 0; l < nl; l++)
            qr[j + l] = (int8_t)v[l];
    }
    for (l = 1; l < LANES; l++) {
        e2[0] += e2[l];
        r2[0] += r2[l];
        sum[0] += sum[l];
    }
    *scale = (float)s;
    *rnorm = up(sqrt(r2[0]));
    *qerr = up(sqrt(e2[0]));
    *qsum = sum[0];
}

int vs_qindex_build(const vs_model *m, vs_qindex *qi, const vs_progress *progress,
                    vs_error *err)
{
    size_t n = m->n, dim = m->dim, i, bytes = vs_qindex_bytes(n, dim);
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
        int8_t *qr = qi->q + i * qi->stride;
        double norm = norms[i];

        memset(qr, 0, qi->stride);
        if (!(norm > 0) || !isfinite(norm)) {
            qi->scale[i] = qi->rnorm[i] = qi->qerr[i] = 0;
            qi->qsum[i] = 0;
            continue;
        }
        quantize_row(m->vecs + i * dim, dim, norm, qr, &qi->scale[i], &qi->rnorm[i],
                     &qi->qerr[i], &qi->qsum[i]);
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

/* The scans, best last. */
enum isa { ISA_PORTABLE, ISA_AVX2, ISA_VNNI, ISA_AMX };
static const char *const isa_names[] = {"portable", "avx2", "avx512-vnni", "amx-int8"};

/* The scan the environment variable VECSCOPE_QSCAN names (portable, avx2,
 * avx512-vnni), for tests and benchmarks; the best when it names none. */
static enum isa isa_cap(void)
{
    const char *want = getenv("VECSCOPE_QSCAN");
    int i;

    for (i = ISA_PORTABLE; want != NULL && i < ISA_AMX; i++)
        if (strcmp(want, isa_names[i]) == 0)
            return (enum isa)i;
    return ISA_AMX;
}

int vs_qscan_cap(void)
{
    enum isa cap = isa_cap();

    return cap == ISA_PORTABLE ? 0 : cap == ISA_AVX2 ? 1 : 2;
}

/* The best scan this CPU runs (AMX only for a batch), and no better than
 * the one VECSCOPE_QSCAN names. */
static enum isa pick_isa(int batch)
{
    enum isa cap = isa_cap();
#if VS_X86
    __builtin_cpu_init();
    (void)batch;
    if (cap >= ISA_VNNI && __builtin_cpu_supports("avx512f") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vnni"))
        return ISA_VNNI;
    if (cap >= ISA_AVX2 && __builtin_cpu_supports("avx2"))
        return ISA_AVX2;
#else
    (void)batch;
    (void)cap;
#endif
    return ISA_PORTABLE;
}

/* The query's range and offset for a scan (see the top). */
static void isa_range(enum isa isa, int *range, int *offset)
{
    *range = isa == ISA_AVX2 ? 63 : 127;
    *offset = isa == ISA_AVX2 ? 64 : 128;
}

/* The single-query scan this CPU runs, and the query's range and offset. */
static scan_fn pick(int *range, int *offset, const char **name)
{
    enum isa isa = pick_isa(0);

    isa_range(isa, range, offset);
    *name = isa_names[isa];
#if VS_X86
    if (isa == ISA_VNNI)
        return scan_vnni;
    if (isa == ISA_AVX2)
        return scan_avx2;
#endif
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

/* Cuts q (dim) for the scan: r (stride bytes) = round(q / t) + offset,
 * each |round(q / t)| <= range, the padding r = 0 (byte offset). Returns t,
 * a float so that the batched scan's float estimates use the same one. */
static double cut(const vs_qindex *qi, const float *q, int range, int offset, uint8_t *r)
{
    double mx = 0, t;
    size_t j;

    for (j = 0; j < qi->dim; j++)
        mx = fmax(mx, fabs(q[j]));
    t = mx > 0 ? (double)(float)(mx / range) : 1;
    memset(r, offset, qi->stride);
    for (j = 0; j < qi->dim; j++) {
        double v = nearbyint(q[j] / t);
        v = v > range ? range : v < -range ? -range : v;
        r[j] = (uint8_t)(v + offset);
    }
    return t;
}

/* For v = sum_k w_k q_k over n cut queries (q_k = t_k r_k + d_k): *dn =
 * ||sum_k w_k d_k|| and *qn = ||v||, in double, rounded up. */
static void residual(size_t dim, const float *const *q, const uint8_t *const *r,
                     const double *t, const float *w, size_t n, int offset, double *dn,
                     double *qn)
{
    double d2 = 0, v2 = 0;
    size_t j, k;

    for (j = 0; j < dim; j++) {
        double d = 0, v = 0;
        for (k = 0; k < n; k++) {
            d += w[k] * (q[k][j] - t[k] * (r[k][j] - offset));
            v += w[k] * (double)q[k][j];
        }
        d2 += d * d;
        v2 += v * v;
    }
    *dn = sqrt(d2) * (1 + 1e-9);
    *qn = sqrt(v2) * (1 + 1e-9);
}

double vs_qscan_margin(const float *q, size_t dim)
{
    /* the f32 score's rounding (a dim-term sum), and the float the
     * estimate is kept in */
    return ((double)dim + 4) * ldexp(1.0, -23) * vs_norm(q, dim) * (1 + 1e-9) +
           ldexp(1.0, -22);
}

/* A query cut into the scan's integers, with what its error bound needs. */
struct prepared {
    uint8_t *r;        /* stride bytes: r + offset */
    double t;          /* q = t r + d */
    double dn, qn;     /* ||d|| and ||q||, rounded up */
    double margin;     /* the f32 score's own rounding, and more */
    int offset;
};

static void prepare(const vs_qindex *qi, const float *q, int range, int offset,
                    struct prepared *p)
{
    static const float one = 1.0f;
    const uint8_t *r;

    p->offset = offset;
    if (posix_memalign((void **)&p->r, 64, qi->stride) != 0)
        abort();
    p->t = cut(qi, q, range, offset, p->r);
    r = p->r;
    residual(qi->dim, &q, &r, &p->t, &one, 1, offset, &p->dn, &p->qn);
    p->margin = vs_qscan_margin(q, qi->dim);
}

/* Row i's cosine to the prepared query: the estimate and its error bound. */
static inline double estimate(const vs_qindex *qi, const struct prepared *p,
                              const int32_t *dots, size_t i, double *bound)
{
    *bound = (double)qi->rnorm[i] * p->dn + (double)qi->qerr[i] * p->qn + p->margin;
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

/* ---- many queries at once ---- */

struct vs_qscan_block {
    const vs_qindex *qi;
    enum isa isa;
    int range, offset;
    size_t max_q, max_tile, nq;
    uint8_t *r;          /* max_q x stride: the queries cut, + offset */
    double *t;           /* max_q: their scales */
    const float *Q;      /* the queries themselves (borrowed) */
    int8_t *panel;       /* max_tile x stride: the tile's rows, in panels of 16 */
    float *scale;        /* max_tile: the rows' scales; NaN for one that never
                            ranks (a zero row) and for the padding */
    int32_t *qsum;       /* max_tile */
    size_t t0, tn, tn16;
};

static void *alloc64(size_t bytes)
{
    void *p = NULL;

    if (posix_memalign(&p, 64, bytes ? bytes : 64) != 0)
        abort();
    memset(p, 0, bytes);
    return p;
}

vs_qscan_block *vs_qscan_block_new(const vs_qindex *qi, size_t max_q, size_t max_tile)
{
    vs_qscan_block *b = xcalloc(1, sizeof *b);

    b->qi = qi;
    b->isa = pick_isa(1);
    isa_range(b->isa, &b->range, &b->offset);
    b->max_q = max_q;
    b->max_tile = (max_tile + 15) / 16 * 16;
    /* rounded up to a whole kernel block of queries, which reads them */
    b->r = alloc64((max_q + 16) * qi->stride);
    b->t = xmallocarray(max_q ? max_q : 1, sizeof *b->t);
    b->panel = alloc64(b->max_tile * qi->stride);
    b->scale = alloc64(b->max_tile * sizeof *b->scale);
    b->qsum = alloc64(b->max_tile * sizeof *b->qsum);
    return b;
}

void vs_qscan_block_free(vs_qscan_block *b)
{
    if (b == NULL)
        return;
    free(b->r);
    free(b->t);
    free(b->panel);
    free(b->scale);
    free(b->qsum);
    free(b);
}

const char *vs_qscan_block_isa(const vs_qscan_block *b)
{
    return isa_names[b->isa];
}

void vs_qscan_block_queries(vs_qscan_block *b, const float *Q, size_t nq)
{
    const vs_qindex *qi = b->qi;
    size_t i;

    assert(nq <= b->max_q);
    b->Q = Q;
    b->nq = nq;
    for (i = 0; i < nq; i++)
        b->t[i] = cut(qi, Q + i * qi->dim, b->range, b->offset, b->r + i * qi->stride);
}

void vs_qscan_block_bound(const vs_qscan_block *b, const uint32_t *which, const float *w,
                          size_t n, double *dn, double *qn)
{
    const float *q[VS_QSCAN_MAX_TERMS];
    const uint8_t *r[VS_QSCAN_MAX_TERMS];
    double t[VS_QSCAN_MAX_TERMS];
    size_t k;

    assert(n <= VS_QSCAN_MAX_TERMS);
    for (k = 0; k < n; k++) {
        q[k] = b->Q + which[k] * b->qi->dim;
        r[k] = b->r + which[k] * b->qi->stride;
        t[k] = b->t[which[k]];
    }
    residual(b->qi->dim, q, r, t, w, n, b->offset, dn, qn);
}

void vs_qscan_block_tile(vs_qscan_block *b, size_t t0, size_t tn)
{
    const vs_qindex *qi = b->qi;
    size_t stride = qi->stride, p, k4, l;

    assert(tn <= b->max_tile && t0 + tn <= qi->n);
    b->t0 = t0;
    b->tn = tn;
    b->tn16 = (tn + 15) / 16 * 16;
    /* panel p, group k4: bytes 4 k4 .. 4 k4 + 3 of rows 16 p .. 16 p + 15 */
    for (p = 0; p < b->tn16 / 16; p++)
        for (l = 0; l < 16; l++) {
            size_t j = 16 * p + l;
            const int8_t *row = qi->q + (t0 + j) * stride;
            int8_t *dst = b->panel + p * 16 * stride + 4 * l;
            if (j >= tn) {
                for (k4 = 0; k4 < stride / 4; k4++)
                    memset(dst + 64 * k4, 0, 4);
                b->scale[j] = NAN;
                b->qsum[j] = 0;
                continue;
            }
            for (k4 = 0; k4 < stride / 4; k4++)
                memcpy(dst + 64 * k4, row + 4 * k4, 4);
            b->scale[j] = qi->scale[t0 + j] > 0 ? qi->scale[t0 + j] : NAN;
            b->qsum[j] = qi->qsum[t0 + j];
        }
}

/* E[i][j] = scale_j t_i (dot_ij - offset qsum_j) for one query i and 16
 * rows j: the epilogue of every kernel, here in plain C. */
static void est16(const vs_qscan_block *b, size_t i, size_t j0, const int32_t *dot, float *e)
{
    float t = (float)b->t[i];
    size_t l;

    for (l = 0; l < 16; l++)
        e[l] = b->scale[j0 + l] * t *
               (float)(dot[l] - (int32_t)b->offset * b->qsum[j0 + l]);
}

static void est_portable(const vs_qscan_block *b, size_t lo, size_t hi, float *E, size_t ldE)
{
    const vs_qindex *qi = b->qi;
    size_t i, j, l, c;

    for (i = lo; i < hi; i++) {
        const uint8_t *r = b->r + i * qi->stride;
        for (j = 0; j < b->tn16; j += 16) {
            int32_t dot[16];
            for (l = 0; l < 16; l++) {
                const int8_t *row = qi->q + (b->t0 + j + l) * qi->stride;
                int32_t s = 0;
                if (j + l < b->tn)
                    for (c = 0; c < qi->stride; c++)
                        s += (int32_t)r[c] * row[c];
                dot[l] = s;
            }
            est16(b, i, j, dot, E + (i - lo) * ldE + j);
        }
    }
}

#if VS_X86
/* One query's 4 bytes x (bytes 4 k4 .. 4 k4 + 3 of) 16 rows, added to a0
 * (rows 0-7) and a1 (rows 8-15). */
__attribute__((target("avx2"))) static inline void avx2_step(__m256i *a0, __m256i *a1,
                                                             const uint8_t *r, __m256i p0,
                                                             __m256i p1)
{
    const __m256i ones = _mm256_set1_epi16(1);
    int32_t w;
    __m256i x;

    memcpy(&w, r, 4);
    x = _mm256_set1_epi32(w);
    *a0 = _mm256_add_epi32(*a0, _mm256_madd_epi16(_mm256_maddubs_epi16(x, p0), ones));
    *a1 = _mm256_add_epi32(*a1, _mm256_madd_epi16(_mm256_maddubs_epi16(x, p1), ones));
}

/* 4 queries x 16 rows (a panel, in two halves of 8) at a time: vpmaddubsw's
 * pairs, then vpmaddwd's. */
__attribute__((target("avx2"))) static void est_avx2(const vs_qscan_block *b, size_t lo,
                                                     size_t hi, float *E, size_t ldE)
{
    const size_t stride = b->qi->stride;
    const __m256i off = _mm256_set1_epi32(b->offset);
    size_t i0, p, k4, i, h;

    for (i0 = lo; i0 < hi; i0 += 4) {
        size_t nb = hi - i0 < 4 ? hi - i0 : 4;
        const uint8_t *r = b->r + i0 * stride;
        for (p = 0; p < b->tn16 / 16; p++) {
            const int8_t *P = b->panel + p * 16 * stride;
            __m256i a00 = _mm256_setzero_si256(), a01 = a00, a10 = a00, a11 = a00;
            __m256i a20 = a00, a21 = a00, a30 = a00, a31 = a00;
            for (k4 = 0; k4 < stride / 4; k4++) {
                __m256i p0 = _mm256_load_si256((const __m256i *)(const void *)(P + 64 * k4));
                __m256i p1 =
                    _mm256_load_si256((const __m256i *)(const void *)(P + 64 * k4 + 32));
                avx2_step(&a00, &a01, r + 4 * k4, p0, p1);
                avx2_step(&a10, &a11, r + stride + 4 * k4, p0, p1);
                avx2_step(&a20, &a21, r + 2 * stride + 4 * k4, p0, p1);
                avx2_step(&a30, &a31, r + 3 * stride + 4 * k4, p0, p1);
            }
            {
                const __m256i acc[4][2] = {{a00, a01}, {a10, a11}, {a20, a21}, {a30, a31}};
                for (i = 0; i < nb; i++) {
                    __m256 t = _mm256_set1_ps((float)b->t[i0 + i]);
                    for (h = 0; h < 2; h++) {
                        size_t j = 16 * p + 8 * h;
                        __m256i qs =
                            _mm256_load_si256((const __m256i *)(const void *)(b->qsum + j));
                        __m256 x = _mm256_cvtepi32_ps(
                            _mm256_sub_epi32(acc[i][h], _mm256_mullo_epi32(off, qs)));
                        __m256 st = _mm256_mul_ps(_mm256_load_ps(b->scale + j), t);
                        _mm256_storeu_ps(E + (i0 + i - lo) * ldE + j, _mm256_mul_ps(st, x));
                    }
                }
            }
        }
    }
}

/* The epilogue of est_vnni for query i and the 16 rows of panel p, into
 * its row e of E. */
__attribute__((target("avx512f,avx512bw,avx512vnni"))) static inline void
vnni_store(const vs_qscan_block *b, size_t i, size_t p, __m512i acc, float *e)
{
    size_t j = 16 * p;
    __m512i qs = _mm512_load_si512((const void *)(b->qsum + j));
    __m512 x = _mm512_cvtepi32_ps(
        _mm512_sub_epi32(acc, _mm512_mullo_epi32(_mm512_set1_epi32(b->offset), qs)));
    __m512 st = _mm512_mul_ps(_mm512_load_ps(b->scale + j), _mm512_set1_ps((float)b->t[i]));

    _mm512_storeu_ps(e + j, _mm512_mul_ps(st, x));
}

/* Query i's 4 bytes of group k4, broadcast. */
__attribute__((target("avx512f"))) static inline __m512i vnni_bcast(const vs_qscan_block *b,
                                                                     size_t i, size_t k4)
{
    int32_t w;

    memcpy(&w, b->r + i * b->qi->stride + 4 * k4, 4);
    return _mm512_set1_epi32(w);
}

/* 4 queries x 32 rows (two panels) at a time: 8 accumulators of 16 dots
 * each; every k4 step loads two panels' 64 bytes and broadcasts 4 queries'
 * 4 bytes. (Named accumulators: GCC spills an array of them.) */
__attribute__((target("avx512f,avx512bw,avx512vnni"))) static void
est_vnni(const vs_qscan_block *b, size_t lo, size_t hi, float *E, size_t ldE)
{
    const size_t stride = b->qi->stride, np = b->tn16 / 16;
    size_t i0, p, k4;

    for (i0 = lo; i0 < hi; i0 += 4) {
        size_t nb = hi - i0 < 4 ? hi - i0 : 4;
        for (p = 0; p < np; p += 2) {
            const int8_t *P0 = b->panel + p * 16 * stride;
            const int8_t *P1 = p + 1 < np ? P0 + 16 * stride : P0;
            __m512i a00 = _mm512_setzero_si512(), a01 = a00, a10 = a00, a11 = a00;
            __m512i a20 = a00, a21 = a00, a30 = a00, a31 = a00;
            for (k4 = 0; k4 < stride / 4; k4++) {
                __m512i p0 = _mm512_load_si512((const void *)(P0 + 64 * k4));
                __m512i p1 = _mm512_load_si512((const void *)(P1 + 64 * k4));
                __m512i x = vnni_bcast(b, i0, k4);
                a00 = _mm512_dpbusd_epi32(a00, x, p0);
                a01 = _mm512_dpbusd_epi32(a01, x, p1);
                x = vnni_bcast(b, i0 + 1, k4);
                a10 = _mm512_dpbusd_epi32(a10, x, p0);
                a11 = _mm512_dpbusd_epi32(a11, x, p1);
                x = vnni_bcast(b, i0 + 2, k4);
                a20 = _mm512_dpbusd_epi32(a20, x, p0);
                a21 = _mm512_dpbusd_epi32(a21, x, p1);
                x = vnni_bcast(b, i0 + 3, k4);
                a30 = _mm512_dpbusd_epi32(a30, x, p0);
                a31 = _mm512_dpbusd_epi32(a31, x, p1);
            }
            {
                const __m512i acc[4][2] = {{a00, a01}, {a10, a11}, {a20, a21}, {a30, a31}};
                size_t i, h;
                for (i = 0; i < nb; i++)
                    for (h = 0; h < 2 && p + h < np; h++)
                        vnni_store(b, i0 + i, p + h, acc[i][h], E + (i0 + i - lo) * ldE);
            }
        }
    }
}
#endif

void vs_qscan_block_estimates(const vs_qscan_block *b, size_t lo, size_t hi, float *E,
                              size_t ldE)
{
    assert(hi <= b->nq);
#if VS_X86
    if (b->isa == ISA_VNNI) {
        est_vnni(b, lo, hi, E, ldE);
        return;
    }
    if (b->isa == ISA_AVX2) {
        est_avx2(b, lo, hi, E, ldE);
        return;
    }
#endif
    est_portable(b, lo, hi, E, ldE);
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
