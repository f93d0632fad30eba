/*
 * gemm.c - the tile kernels of vs_linear (see gemm.h for the layouts).
 *
 * A tile is up to mr rows of x by one panel of 32 channels, over the whole
 * depth, its sums kept in registers (or AMX tiles) from the first input to
 * the last: each panel of weights is packed once at load and read straight,
 * and the rows of x are read in place (f32) or as linear.c converted them.
 * Each kernel is the same loop:
 *
 *   for each step of the depth (1 input for f32, a pair for bf16, four for
 *   int8): load the panel's 2 x 16 channels at that step, and for each row
 *   r broadcast x[r] at that step and multiply-add it into the row's two
 *   accumulators.
 *
 * AVX-512: 12 rows x 2 zmm accumulators (24 of 32 registers), one fused
 * instruction per 16 channels per step: vfmadd231ps (f32), vdpbf16ps
 * (bf16: a pair of bfloat16 products summed into float32), vpdpbusd (int8:
 * four u8 x s8 products summed into int32, exactly). AVX2: 2 rows x 4 ymm;
 * bf16 widens the pairs to float32 (a bfloat16 is the top half of a float),
 * int8 uses vpmaddubsw, which sums two u8 x s8 products into 16 bits with
 * saturation, so activations keep 7 bits there (2 x 127 x 127 < 32767: the
 * reduced range fbgemm uses for the same instruction). AMX: 32 rows x 32
 * channels as four 16 x 16 tiles of C, two tiles of x and two of the
 * panel per 64 (int8) or 32 (bf16) inputs.
 *
 * The sums are exact in int8 and in float32 order-dependent as any BLAS:
 * the kernels of one precision agree to rounding, not bit for bit.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#include <sys/syscall.h>
#include <unistd.h>
#define VS_X86 1
#endif

#include "gemm.h"

#define PANEL VS_LINEAR_PANEL

/* ---- shared by the kernels ---- */

static float bf16_value(uint16_t h)
{
    uint32_t u = (uint32_t)h << 16;
    float f;

    memcpy(&f, &u, sizeof f);
    return f;
}

/* The rows' pointers: row r of the tile, or the last row where r is past
 * rows (computed, never stored), so that no kernel reads past x. */
static void row_ptrs(const vs_tile *t, size_t mr, const unsigned char **a)
{
    size_t r;

    for (r = 0; r < mr; r++)
        a[r] = t->a + (r < t->rows ? r : t->rows - 1) * t->lda;
}

/* y (rows, cols) from the integer sums acc (rows, 32):
 * y = (acc - za[r] colsum[j]) sa[r] sw[j] */
static void int8_store(const vs_tile *t, const int32_t *acc)
{
    size_t r, j;

    for (r = 0; r < t->rows; r++)
        for (j = 0; j < t->cols; j++)
            t->c[r * t->ldc + j] =
                (float)(acc[r * PANEL + j] - t->za[r] * t->colsum[j]) * (t->sa[r] * t->sw[j]);
}

static int always(void)
{
    return 1;
}

/* ---- the rows of x: bfloat16, or 8 bits with a scale and a zero point ---- */

#define BLOCK 16

/* The bfloat16 nearest to x[i] for the 16 values of a block: integer
 * operations on the bits, which the vectorizer takes whole. */
static void bf16_block(const float *x, uint16_t *out)
{
    uint32_t u[BLOCK];
    size_t i;

    memcpy(u, x, sizeof u);
    for (i = 0; i < BLOCK; i++)
        out[i] = (uint16_t)((u[i] + 0x7fffu + ((u[i] >> 16) & 1u)) >> 16);
}

/* Cloned by feature (not "arch=", which picks by CPU model); the same bits
 * from every clone. clang 14 emits no symbol for a cloned function called
 * from another file: one plain copy there. */
#if VS_X86 && !defined(__clang__)
__attribute__((target_clones("default", "avx2", "avx512f")))
#endif
void vs_gemm_to_bf16(const float *x, size_t n, uint16_t *out)
{
    float tail[BLOCK] = {0};
    uint16_t t[BLOCK];
    size_t i;

    for (i = 0; i + BLOCK <= n; i += BLOCK)
        bf16_block(x + i, out + i);
    if (i < n) {
        memcpy(tail, x + i, (n - i) * sizeof(float));
        bf16_block(tail, t);
        memcpy(out + i, t, (n - i) * sizeof(uint16_t));
    }
}

/* From a row's range [lo <= 0, hi >= 0]: the scale s, its inverse and the
 * zero point z of 0..qmax (a row of zeros gets s 1, z 0). */
static float quant_params(float lo, float hi, int qmax, float *s, int32_t *z)
{
    float step = (hi - lo) / (float)qmax;
    long zp;

    if (!(step >= 1e-30f)) {
        *s = 1.0f;
        *z = 0;
        return 1.0f;
    }
    zp = lrintf(-lo / step);
    *s = step;
    *z = (int32_t)(zp < 0 ? 0 : zp > qmax ? qmax : zp);
    return 1.0f / step;
}

static void quantize_portable(const float *x, size_t n, int qmax, uint8_t *q, float *s,
                              int32_t *z)
{
    float lo = 0.0f, hi = 0.0f, inv;
    size_t i;

    for (i = 0; i < n; i++) {
        lo = x[i] < lo ? x[i] : lo;
        hi = x[i] > hi ? x[i] : hi;
    }
    inv = quant_params(lo, hi, qmax, s, z);
    for (i = 0; i < n; i++) {
        long v = lrintf(x[i] * inv) + *z;
        q[i] = (uint8_t)(v < 0 ? 0 : v > qmax ? qmax : v);
    }
}

/* ---- portable C ---- */

#define MR_PORTABLE 4

static void tile_f32_portable(const vs_tile *t)
{
    const float *b = (const float *)(const void *)t->b;
    size_t r, k, j;

    for (r = 0; r < t->rows; r++) {
        const float *a = (const float *)(const void *)(t->a + r * t->lda);
        float acc[PANEL] = {0};
        for (k = 0; k < t->depth; k++)
            for (j = 0; j < PANEL; j++)
                acc[j] += a[k] * b[k * PANEL + j];
        for (j = 0; j < t->cols; j++)
            t->c[r * t->ldc + j] = t->accumulate ? t->c[r * t->ldc + j] + acc[j] : acc[j];
    }
}

static void tile_bf16_portable(const vs_tile *t)
{
    const uint16_t *b = (const uint16_t *)(const void *)t->b;
    size_t r, p, j;

    for (r = 0; r < t->rows; r++) {
        const uint16_t *a = (const uint16_t *)(const void *)(t->a + r * t->lda);
        float acc[PANEL] = {0};
        for (p = 0; p < t->depth / 2; p++) {
            float a0 = bf16_value(a[2 * p]), a1 = bf16_value(a[2 * p + 1]);
            const uint16_t *bp = b + p * 2 * PANEL;
            for (j = 0; j < PANEL; j++)
                acc[j] += a0 * bf16_value(bp[2 * j]) + a1 * bf16_value(bp[2 * j + 1]);
        }
        memcpy(t->c + r * t->ldc, acc, t->cols * sizeof(float));
    }
}

static void tile_int8_portable(const vs_tile *t)
{
    const int8_t *b = (const int8_t *)(const void *)t->b;
    int32_t acc[MR_PORTABLE * PANEL];
    size_t r, k, j;

    memset(acc, 0, sizeof acc);
    for (r = 0; r < t->rows; r++) {
        const uint8_t *a = t->a + r * t->lda;
        int32_t *s = acc + r * PANEL;
        for (k = 0; k < t->depth; k += 4)
            for (j = 0; j < PANEL; j++) {
                const int8_t *w = b + k * PANEL + 4 * j;
                s[j] += a[k] * w[0] + a[k + 1] * w[1] + a[k + 2] * w[2] + a[k + 3] * w[3];
            }
    }
    int8_store(t, acc);
}

static const vs_gemm_kernel k_f32_portable = {
    "portable", VS_PREC_F32, 0, MR_PORTABLE, 1, 768, 0, 0, 0, always, tile_f32_portable, NULL, NULL,
};
static const vs_gemm_kernel k_bf16_portable = {
    "portable", VS_PREC_BF16, 0, MR_PORTABLE, 2, 0, 0, 0, 0, always, tile_bf16_portable, NULL, NULL,
};
static const vs_gemm_kernel k_int8_portable = {
    "portable", VS_PREC_INT8, 0, MR_PORTABLE, 4, 0, 255, 0, 0, always, tile_int8_portable, NULL, NULL,
};

#if VS_X86

/* ---- AVX2 ---- */

#define MR_AVX2 2

static int has_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

/* quantize_portable in 8 lanes (the same roundings: the same bytes) */
__attribute__((target("avx2,fma"))) static void quantize_avx2(const float *x, size_t n,
                                                            int qmax, uint8_t *q, float *s,
                                                            int32_t *z)
{
    __m256 lo = _mm256_setzero_ps(), hi = lo, inv;
    __m256i vz, top = _mm256_set1_epi32(qmax), zero = _mm256_setzero_si256();
    float l[8], h[8], mn = 0.0f, mx = 0.0f;
    size_t i;

    for (i = 0; i + 8 <= n; i += 8) {
        __m256 v = _mm256_loadu_ps(x + i);
        lo = _mm256_min_ps(lo, v);
        hi = _mm256_max_ps(hi, v);
    }
    _mm256_storeu_ps(l, lo);
    _mm256_storeu_ps(h, hi);
    for (; i < n; i++) {
        mn = x[i] < mn ? x[i] : mn;
        mx = x[i] > mx ? x[i] : mx;
    }
    for (i = 0; i < 8; i++) {
        mn = l[i] < mn ? l[i] : mn;
        mx = h[i] > mx ? h[i] : mx;
    }
    inv = _mm256_set1_ps(quant_params(mn, mx, qmax, s, z));
    vz = _mm256_set1_epi32(*z);
    for (i = 0; i + 8 <= n; i += 8) {
        __m256i v = _mm256_add_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + i), inv)), vz);
        __m128i w;
        v = _mm256_min_epi32(_mm256_max_epi32(v, zero), top);
        w = _mm_packus_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
        _mm_storel_epi64((__m128i *)(void *)(q + i), _mm_packus_epi16(w, w));
    }
    for (; i < n; i++) {
        long v = lrintf(x[i] * (1.0f / *s)) + *z;
        q[i] = (uint8_t)(v < 0 ? 0 : v > qmax ? qmax : v);
    }
}

/* Stores the float sums acc[r][q] (q: 4 x 8 channels) of rows < rows. */
__attribute__((target("avx2,fma"), always_inline)) static inline void
store_avx2(const vs_tile *t, __m256 acc[MR_AVX2][4])
{
    float buf[PANEL];
    size_t r, q;

    for (r = 0; r < MR_AVX2 && r < t->rows; r++) {
        float *c = t->c + r * t->ldc;
        if (t->cols == PANEL && t->accumulate) {
            for (q = 0; q < 4; q++)
                _mm256_storeu_ps(c + 8 * q, _mm256_add_ps(_mm256_loadu_ps(c + 8 * q), acc[r][q]));
        } else if (t->cols == PANEL) {
            for (q = 0; q < 4; q++)
                _mm256_storeu_ps(c + 8 * q, acc[r][q]);
        } else {
            size_t j;
            for (q = 0; q < 4; q++)
                _mm256_storeu_ps(buf + 8 * q, acc[r][q]);
            for (j = 0; j < t->cols; j++)
                c[j] = t->accumulate ? c[j] + buf[j] : buf[j];
        }
    }
}

__attribute__((target("avx2,fma"))) static void tile_f32_avx2(const vs_tile *t)
{
    const unsigned char *a[MR_AVX2];
    const float *b = (const float *)(const void *)t->b;
    __m256 acc[MR_AVX2][4];
    size_t r, q, k;

    row_ptrs(t, MR_AVX2, a);
    for (r = 0; r < MR_AVX2; r++)
        for (q = 0; q < 4; q++)
            acc[r][q] = _mm256_setzero_ps();
    for (k = 0; k < t->depth; k++, b += PANEL) {
        __m256 w[4];
        for (q = 0; q < 4; q++)
            w[q] = _mm256_load_ps(b + 8 * q);
        for (r = 0; r < MR_AVX2; r++) {
            __m256 x = _mm256_broadcast_ss((const float *)(const void *)a[r] + k);
            for (q = 0; q < 4; q++)
                acc[r][q] = _mm256_fmadd_ps(x, w[q], acc[r][q]);
        }
    }
    store_avx2(t, acc);
}

/* bf16 on AVX2: a 32-bit word holds a pair of bfloat16 (the lower input
 * first); shifted left 16 it is the first as a float, masked the second. */
__attribute__((target("avx2,fma"))) static void tile_bf16_avx2(const vs_tile *t)
{
    const unsigned char *a[MR_AVX2];
    const __m256i *b = (const __m256i *)(const void *)t->b;
    const __m256i hi = _mm256_set1_epi32((int)0xffff0000u);
    __m256 acc[MR_AVX2][4];
    size_t r, q, p;

    row_ptrs(t, MR_AVX2, a);
    for (r = 0; r < MR_AVX2; r++)
        for (q = 0; q < 4; q++)
            acc[r][q] = _mm256_setzero_ps();
    for (p = 0; p < t->depth / 2; p++, b += 4) {
        __m256 x0[MR_AVX2], x1[MR_AVX2];
        for (r = 0; r < MR_AVX2; r++) {
            int32_t v;
            __m256i x;
            memcpy(&v, a[r] + 4 * p, 4);
            x = _mm256_set1_epi32(v);
            x0[r] = _mm256_castsi256_ps(_mm256_slli_epi32(x, 16));
            x1[r] = _mm256_castsi256_ps(_mm256_and_si256(x, hi));
        }
        for (q = 0; q < 4; q++) {
            __m256i w = _mm256_load_si256(b + q);
            __m256 w0 = _mm256_castsi256_ps(_mm256_slli_epi32(w, 16));
            __m256 w1 = _mm256_castsi256_ps(_mm256_and_si256(w, hi));
            for (r = 0; r < MR_AVX2; r++)
                acc[r][q] = _mm256_fmadd_ps(x1[r], w1, _mm256_fmadd_ps(x0[r], w0, acc[r][q]));
        }
    }
    store_avx2(t, acc);
}

__attribute__((target("avx2,fma"))) static void tile_int8_avx2(const vs_tile *t)
{
    const unsigned char *a[MR_AVX2];
    const __m256i *b = (const __m256i *)(const void *)t->b;
    const __m256i ones = _mm256_set1_epi16(1);
    __m256i acc[MR_AVX2][4];
    int32_t sums[MR_AVX2 * PANEL];
    size_t r, q, p;

    row_ptrs(t, MR_AVX2, a);
    for (r = 0; r < MR_AVX2; r++)
        for (q = 0; q < 4; q++)
            acc[r][q] = _mm256_setzero_si256();
    for (p = 0; p < t->depth / 4; p++, b += 4) {
        __m256i x[MR_AVX2];
        for (r = 0; r < MR_AVX2; r++) {
            int32_t v;
            memcpy(&v, a[r] + 4 * p, 4);
            x[r] = _mm256_set1_epi32(v);
        }
        for (q = 0; q < 4; q++) {
            __m256i w = _mm256_load_si256(b + q);
            for (r = 0; r < MR_AVX2; r++)
                /* u8 x s8 pairs into s16 (activations of 7 bits: no
                 * saturation), then pairs of those into s32 */
                acc[r][q] = _mm256_add_epi32(
                    acc[r][q], _mm256_madd_epi16(_mm256_maddubs_epi16(x[r], w), ones));
        }
    }
    for (r = 0; r < MR_AVX2; r++)
        for (q = 0; q < 4; q++)
            _mm256_storeu_si256((__m256i *)(void *)(sums + r * PANEL + 8 * q), acc[r][q]);
    int8_store(t, sums);
}

static const vs_gemm_kernel k_f32_avx2 = {
    "avx2", VS_PREC_F32, 1, MR_AVX2, 1, 768, 0, 0, 0, has_avx2, tile_f32_avx2, NULL, NULL,
};
static const vs_gemm_kernel k_bf16_avx2 = {
    "avx2", VS_PREC_BF16, 1, MR_AVX2, 2, 0, 0, 0, 0, has_avx2, tile_bf16_avx2, NULL, NULL,
};
static const vs_gemm_kernel k_int8_avx2 = {
    "avx2", VS_PREC_INT8, 1, MR_AVX2, 4, 0, 127, 0, 0, has_avx2, tile_int8_avx2, NULL, NULL,
};

/* ---- AVX-512 ---- */

#define MR_512 12

static int has_avx512(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
}

#if HAVE_AVX512_BF16
static int has_avx512_bf16(void)
{
    return has_avx512() && __builtin_cpu_supports("avx512bf16");
}

static int has_avx512_vnni(void)
{
    return has_avx512() && __builtin_cpu_supports("avx512vnni");
}
#endif

__attribute__((target("avx512f,avx512bw"))) static void
quantize_avx512(const float *x, size_t n, int qmax, uint8_t *q, float *s, int32_t *z)
{
    __m512 lo = _mm512_setzero_ps(), hi = lo, inv;
    __m512i vz, top = _mm512_set1_epi32(qmax), zero = _mm512_setzero_si512();
    __mmask16 m = (__mmask16)((1u << (n % 16)) - 1);
    size_t i;

    for (i = 0; i + 16 <= n; i += 16) {
        __m512 v = _mm512_loadu_ps(x + i);
        lo = _mm512_min_ps(lo, v);
        hi = _mm512_max_ps(hi, v);
    }
    if (i < n) {   /* the masked lanes read 0, inside [lo, hi] already */
        __m512 v = _mm512_maskz_loadu_ps(m, x + i);
        lo = _mm512_min_ps(lo, v);
        hi = _mm512_max_ps(hi, v);
    }
    inv = _mm512_set1_ps(quant_params(_mm512_reduce_min_ps(lo), _mm512_reduce_max_ps(hi), qmax,
                                      s, z));
    vz = _mm512_set1_epi32(*z);
    for (i = 0; i + 16 <= n; i += 16) {
        __m512i v = _mm512_add_epi32(_mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(x + i), inv)), vz);
        v = _mm512_min_epi32(_mm512_max_epi32(v, zero), top);
        _mm_storeu_si128((__m128i *)(void *)(q + i), _mm512_cvtepi32_epi8(v));
    }
    if (i < n) {
        __m512i v = _mm512_add_epi32(
            _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_maskz_loadu_ps(m, x + i), inv)), vz);
        v = _mm512_min_epi32(_mm512_max_epi32(v, zero), top);
        _mm512_mask_cvtepi32_storeu_epi8(q + i, m, v);
    }
}

/* The write masks of the panel's two halves for cols channels. */
static void masks(size_t cols, __mmask16 *m0, __mmask16 *m1)
{
    *m0 = cols >= 16 ? 0xffff : (__mmask16)((1u << cols) - 1);
    *m1 = cols >= 32 ? 0xffff : cols > 16 ? (__mmask16)((1u << (cols - 16)) - 1) : 0;
}

__attribute__((target("avx512f,avx512bw"), always_inline)) static inline void
store_avx512(const vs_tile *t, __m512 c0[MR_512], __m512 c1[MR_512])
{
    __mmask16 m0, m1;
    size_t r;

    masks(t->cols, &m0, &m1);
#pragma GCC unroll 12
    for (r = 0; r < MR_512; r++)
        if (r < t->rows) {
            float *c = t->c + r * t->ldc;
            if (t->accumulate) {
                c0[r] = _mm512_add_ps(c0[r], _mm512_maskz_loadu_ps(m0, c));
                c1[r] = _mm512_add_ps(c1[r], _mm512_maskz_loadu_ps(m1, c + 16));
            }
            _mm512_mask_storeu_ps(c, m0, c0[r]);
            _mm512_mask_storeu_ps(c + 16, m1, c1[r]);
        }
}

/* x interleaved: the 12 rows' values of a step are side by side */
__attribute__((target("avx512f,avx512bw"))) static void tile_f32_avx512(const vs_tile *t)
{
    const float *a = (const float *)(const void *)t->a;
    const float *b = (const float *)(const void *)t->b;
    __m512 c0[MR_512], c1[MR_512];
    size_t r, k;

#pragma GCC unroll 12
    for (r = 0; r < MR_512; r++)
        c0[r] = c1[r] = _mm512_setzero_ps();
    for (k = 0; k < t->depth; k++, b += PANEL, a += MR_512) {
        __m512 w0 = _mm512_load_ps(b), w1 = _mm512_load_ps(b + 16);
        _mm_prefetch((const char *)t->next + k * 128, _MM_HINT_T1);
        _mm_prefetch((const char *)t->next + k * 128 + 64, _MM_HINT_T1);
#pragma GCC unroll 12
        for (r = 0; r < MR_512; r++) {
            __m512 x = _mm512_set1_ps(a[r]);
            c0[r] = _mm512_fmadd_ps(x, w0, c0[r]);
            c1[r] = _mm512_fmadd_ps(x, w1, c1[r]);
        }
    }
    store_avx512(t, c0, c1);
}

#if HAVE_AVX512_BF16
__attribute__((target("avx512f,avx512bw,avx512bf16"))) static void
tile_bf16_avx512(const vs_tile *t)
{
    const unsigned char *a[MR_512];
    const __m512i *b = (const __m512i *)(const void *)t->b;
    __m512 c0[MR_512], c1[MR_512];
    size_t r, p;

    row_ptrs(t, MR_512, a);
#pragma GCC unroll 12
    for (r = 0; r < MR_512; r++)
        c0[r] = c1[r] = _mm512_setzero_ps();
    for (p = 0; p < t->depth / 2; p++, b += 2) {
        __m512bh w0 = (__m512bh)_mm512_load_si512(b), w1 = (__m512bh)_mm512_load_si512(b + 1);
#pragma GCC unroll 12
        for (r = 0; r < MR_512; r++) {
            __m512bh x = (__m512bh)_mm512_set1_epi32(((const int32_t *)(const void *)a[r])[p]);
            c0[r] = _mm512_dpbf16_ps(c0[r], x, w0);
            c1[r] = _mm512_dpbf16_ps(c1[r], x, w1);
        }
    }
    store_avx512(t, c0, c1);
}

__attribute__((target("avx512f,avx512bw,avx512vnni"))) static void
tile_int8_avx512(const vs_tile *t)
{
    const unsigned char *a[MR_512];
    const __m512i *b = (const __m512i *)(const void *)t->b;
    __m512i c0[MR_512], c1[MR_512];
    __m512i s0 = _mm512_loadu_si512(t->colsum), s1 = _mm512_loadu_si512(t->colsum + 16);
    __m512 w0 = _mm512_loadu_ps(t->sw), w1 = _mm512_loadu_ps(t->sw + 16);
    __m512 f0[MR_512], f1[MR_512];
    size_t r, p;

    row_ptrs(t, MR_512, a);
#pragma GCC unroll 12
    for (r = 0; r < MR_512; r++)
        c0[r] = c1[r] = _mm512_setzero_si512();
    for (p = 0; p < t->depth / 4; p++, b += 2) {
        __m512i v0 = _mm512_load_si512(b), v1 = _mm512_load_si512(b + 1);
#pragma GCC unroll 12
        for (r = 0; r < MR_512; r++) {
            __m512i x = _mm512_set1_epi32(((const int32_t *)(const void *)a[r])[p]);
            c0[r] = _mm512_dpbusd_epi32(c0[r], x, v0);
            c1[r] = _mm512_dpbusd_epi32(c1[r], x, v1);
        }
    }
    /* y = (acc - za colsum) sa sw */
#pragma GCC unroll 12
    for (r = 0; r < MR_512; r++) {
        size_t i = r < t->rows ? r : 0;
        __m512i z = _mm512_set1_epi32(t->za[i]);
        __m512 s = _mm512_set1_ps(t->sa[i]);
        f0[r] = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_sub_epi32(c0[r], _mm512_mullo_epi32(z, s0))),
                              _mm512_mul_ps(s, w0));
        f1[r] = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_sub_epi32(c1[r], _mm512_mullo_epi32(z, s1))),
                              _mm512_mul_ps(s, w1));
    }
    store_avx512(t, f0, f1);
}

static const vs_gemm_kernel k_bf16_avx512 = {
    "avx512-bf16", VS_PREC_BF16, 2, MR_512, 2, 0, 0, 0, 0, has_avx512_bf16, tile_bf16_avx512,
    NULL, NULL,
};
static const vs_gemm_kernel k_int8_avx512 = {
    "avx512-vnni", VS_PREC_INT8, 2, MR_512, 4, 0, 255, 0, 0, has_avx512_vnni, tile_int8_avx512,
    NULL, NULL,
};
#endif /* HAVE_AVX512_BF16 */

static const vs_gemm_kernel k_f32_avx512 = {
    "avx512", VS_PREC_F32, 2, MR_512, 1, 768, 0, 1, 1, has_avx512, tile_f32_avx512,
    NULL, NULL,
};

/* ---- AMX ---- */

#if HAVE_AMX

#define MR_AMX 32

/* arch_prctl's request for the tile data state (Linux 5.16 and later) */
#define ARCH_REQ_XCOMP_PERM 0x1023
#define XFEATURE_XTILEDATA 18

/* The OS lets this process use the tile registers (asked once). */
static int amx_permitted(void)
{
    static int permitted = -1;

    if (permitted < 0)
        permitted = syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) == 0;
    return permitted;
}

/* CPUID leaf 7's EDX bit for an AMX feature (22 bf16, 24 tile, 25 int8):
 * asked of the CPU directly, since compilers differ in which names
 * __builtin_cpu_supports knows (clang 14 knows no AMX). */
static int cpuid7_edx(int bit)
{
    unsigned a, b, c, d;

    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (d >> bit & 1u);
}

static int has_amx_int8(void)
{
    return has_avx512() && cpuid7_edx(24) && cpuid7_edx(25) && amx_permitted();
}

static int has_amx_bf16(void)
{
    return has_avx512() && cpuid7_edx(24) && cpuid7_edx(22) && amx_permitted();
}

/* Tiles 0-3: C, 16 rows x 16 sums; 4-5: x, 16 rows x 64 bytes; 6-7: the
 * panel, 16 rows (steps of the depth) x 64 bytes (16 channels). */
struct tile_config {
    uint8_t palette;
    uint8_t start_row;
    uint8_t reserved[14];
    uint16_t colsb[16];
    uint8_t rows[16];
};

/* In static memory: GCC 12's _tile_loadconfig does not tell the compiler
 * that it reads its operand, so stores to a local one may be left out. */
static const struct tile_config amx_config = {
    1, 0, {0},
    {64, 64, 64, 64, 64, 64, 64, 64, 0, 0, 0, 0, 0, 0, 0, 0},
    {16, 16, 16, 16, 16, 16, 16, 16, 0, 0, 0, 0, 0, 0, 0, 0},
};

__attribute__((target("amx-tile"))) static void amx_begin(void)
{
    _tile_loadconfig(&amx_config);
}

__attribute__((target("amx-tile"))) static void amx_end(void)
{
    _tile_release();
}

/* The four C tiles into acc (32, 32), 4-byte sums. */
__attribute__((target("amx-tile"))) static void amx_store(void *acc, size_t ld)
{
    char *p = acc;

    _tile_stored(0, p, ld);
    _tile_stored(1, p + 64, ld);
    _tile_stored(2, p + 16 * ld, ld);
    _tile_stored(3, p + 16 * ld + 64, ld);
}

/* A row of a panel is 128 bytes (32 channels); the tiles of B take its
 * halves. x has MR_AMX rows (linear.c pads them). */
__attribute__((target("amx-tile,amx-int8,avx512f,avx512bw"))) static void
tile_int8_amx(const vs_tile *t)
{
    int32_t acc[MR_AMX * PANEL] __attribute__((aligned(64)));
    __m512i s0 = _mm512_loadu_si512(t->colsum), s1 = _mm512_loadu_si512(t->colsum + 16);
    __m512 w0 = _mm512_loadu_ps(t->sw), w1 = _mm512_loadu_ps(t->sw + 16);
    __mmask16 m0, m1;
    size_t k, r;

    _tile_zero(0);
    _tile_zero(1);
    _tile_zero(2);
    _tile_zero(3);
    for (k = 0; k < t->depth; k += 64) {
        const unsigned char *b = t->b + k * PANEL;   /* row k / 4 of 128 bytes */
        _tile_loadd(4, t->a + k, t->lda);
        _tile_loadd(5, t->a + 16 * t->lda + k, t->lda);
        _tile_loadd(6, b, 128);
        _tile_loadd(7, b + 64, 128);
        _tile_dpbusd(0, 4, 6);
        _tile_dpbusd(1, 4, 7);
        _tile_dpbusd(2, 5, 6);
        _tile_dpbusd(3, 5, 7);
    }
    amx_store(acc, PANEL * sizeof(int32_t));
    /* y = (acc - za colsum) sa sw */
    masks(t->cols, &m0, &m1);
    for (r = 0; r < t->rows; r++) {
        __m512i z = _mm512_set1_epi32(t->za[r]);
        __m512 s = _mm512_set1_ps(t->sa[r]);
        __m512i a0 = _mm512_load_si512(acc + r * PANEL), a1 = _mm512_load_si512(acc + r * PANEL + 16);
        _mm512_mask_storeu_ps(t->c + r * t->ldc, m0,
                              _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_sub_epi32(a0, _mm512_mullo_epi32(z, s0))),
                                            _mm512_mul_ps(s, w0)));
        _mm512_mask_storeu_ps(t->c + r * t->ldc + 16, m1,
                              _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_sub_epi32(a1, _mm512_mullo_epi32(z, s1))),
                                            _mm512_mul_ps(s, w1)));
    }
}

__attribute__((target("amx-tile,amx-bf16,avx512f,avx512bw"))) static void
tile_bf16_amx(const vs_tile *t)
{
    float acc[MR_AMX * PANEL] __attribute__((aligned(64)));
    size_t k, r;

    _tile_zero(0);
    _tile_zero(1);
    _tile_zero(2);
    _tile_zero(3);
    for (k = 0; k < t->depth; k += 32) {
        const unsigned char *b = t->b + k * 2 * PANEL;   /* row k / 2 of 128 bytes */
        _tile_loadd(4, t->a + 2 * k, t->lda);
        _tile_loadd(5, t->a + 16 * t->lda + 2 * k, t->lda);
        _tile_loadd(6, b, 128);
        _tile_loadd(7, b + 64, 128);
        _tile_dpbf16ps(0, 4, 6);
        _tile_dpbf16ps(1, 4, 7);
        _tile_dpbf16ps(2, 5, 6);
        _tile_dpbf16ps(3, 5, 7);
    }
    if (t->rows == MR_AMX && t->cols == PANEL) {
        amx_store(t->c, t->ldc * sizeof(float));
        return;
    }
    amx_store(acc, PANEL * sizeof(float));
    for (r = 0; r < t->rows; r++)
        memcpy(t->c + r * t->ldc, acc + r * PANEL, t->cols * sizeof(float));
}

static const vs_gemm_kernel k_bf16_amx = {
    "amx-bf16", VS_PREC_BF16, 3, MR_AMX, 32, 0, 0, 1, 0, has_amx_bf16, tile_bf16_amx,
    amx_begin, amx_end,
};
static const vs_gemm_kernel k_int8_amx = {
    "amx-int8", VS_PREC_INT8, 3, MR_AMX, 64, 0, 255, 1, 0, has_amx_int8, tile_int8_amx,
    amx_begin, amx_end,
};

#endif /* HAVE_AMX */

#endif /* VS_X86 */

void vs_gemm_quantize(const float *x, size_t n, int qmax, uint8_t *q, float *s, int32_t *z)
{
#if VS_X86
    if (has_avx512()) {
        quantize_avx512(x, n, qmax, q, s, z);
        return;
    }
    if (has_avx2()) {
        quantize_avx2(x, n, qmax, q, s, z);
        return;
    }
#endif
    quantize_portable(x, n, qmax, q, s, z);
}

const vs_gemm_kernel *const vs_gemm_kernels[] = {
#if VS_X86 && HAVE_AMX
    &k_bf16_amx, &k_int8_amx,
#endif
#if VS_X86 && HAVE_AVX512_BF16
    &k_bf16_avx512, &k_int8_avx512,
#endif
#if VS_X86
    &k_f32_avx512,
    &k_f32_avx2, &k_bf16_avx2, &k_int8_avx2,
#endif
    &k_f32_portable, &k_bf16_portable, &k_int8_portable,
    NULL,
};
