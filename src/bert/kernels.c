/*
 * kernels.c - element-wise steps of the encoder. See kernels.h.
 *
 * Why this file exists: in a bert-base forward pass the matrix products take
 * about 85% of the time; the rest is GELU over every FF activation (4.7
 * million erf for 128 tokens), softmax over every attention score (2.4
 * million exp) and LayerNorm. libm's erff and expf are scalar calls, so
 * those steps alone cost a tenth of the pass. Here they are branch-free
 * inline functions inside loops that run in blocks of LANES floats with a
 * fixed trip count, which GCC's -O2 vectorizer (the "very cheap" cost
 * model) turns into SIMD code without -ffast-math, as wide as the CPU
 * takes (CLONES below):
 *
 * - clamps compare the floats' bit patterns as integers (an integer min is
 *   vectorizable, a float one is not without -ffinite-math-only);
 * - sums and maxima keep LANES partial results, combined at the end.
 *
 * erf(x) = x P(x^2) / Q(x^2) on |x| <= 3.925 and +-1 beyond, P and Q of
 * degree 5, fitted for this file (iterated weighted least squares towards
 * minimax on [0, 3.925]); float32 error under 4e-7. e^x = 2^k e^r with
 * k = round(x / ln 2), r = x - k ln 2 (ln 2 in two parts), e^r by its
 * degree-7 Taylor polynomial; relative error about 1e-7 for x <= 0.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kernels.h"

#define LANES 8

/* The steps a forward pass spends time in are built three times: for any
 * x86-64 (SSE2: 4 lanes), x86-64-v3 (AVX2, FMA: 8) and x86-64-v4
 * (AVX-512); the loader picks the one the CPU runs (GCC's target_clones,
 * an ifunc). Named by feature level, not by a CPU ("arch=haswell"): such
 * a clone is picked by the CPU's model, which libgcc does not know for
 * CPUs newer than itself, and the default would run on every recent one. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define CLONES __attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4")))
#define INLINE static inline __attribute__((always_inline))
#else
#define CLONES
#define INLINE static inline
#endif

INLINE float from_bits(uint32_t u)
{
    float f;

    memcpy(&f, &u, sizeof f);
    return f;
}

INLINE uint32_t to_bits(float f)
{
    uint32_t u;

    memcpy(&u, &f, sizeof u);
    return u;
}

INLINE float erf_inline(float x)
{
    uint32_t u = to_bits(x), a = u & 0x7fffffffu, lim = 0x407b3333u; /* 3.925f */
    float t, p, q;

    /* |x| clamped to 3.925, where erf is 1 to within float32 */
    x = from_bits((a < lim ? a : lim) | (u & 0x80000000u));
    t = x * x;
    p = 2.0307103583694364e-06f;
    p = p * t + 2.8742805320653916e-04f;
    p = p * t + 3.8748640458817806e-03f;
    p = p * t + 5.3079856777821570e-02f;
    p = p * t + 1.9294271010795652e-01f;
    p = p * t + 1.1283790217379541e+00f;
    q = 3.8026401914303950e-05f;
    q = q * t + 1.1893343025604908e-03f;
    q = q * t + 1.5185497633481775e-02f;
    q = q * t + 1.1515460799024464e-01f;
    q = q * t + 5.0432268136575840e-01f;
    q = q * t + 1.0f;
    return x * p / q;
}

/* e^x for x <= 0 (larger x overflow). */
INLINE float exp_neg_inline(float x)
{
    const float magic = 12582912.0f;   /* 1.5 * 2^23: adding it rounds */
    uint32_t u = to_bits(x), lim = 0xc2ae999au;   /* -87.3f */
    uint32_t k;
    float t, r, p;

    /* x >= -87.3: for negative floats a larger pattern is a smaller value */
    x = from_bits(u < lim ? u : lim);
    t = x * 1.44269504088896341f + magic;   /* k = round(x / ln 2) */
    k = to_bits(t) - to_bits(magic);
    t -= magic;
    r = x - t * 0.693145751953125f;         /* ln 2 = 0.693145751953125 */
    r = r - t * 1.428606765330187e-06f;     /*      + 1.4286067653e-06 */
    p = r * (1.0f / 5040.0f) + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    return p * from_bits((k + 127u) << 23);   /* times 2^k */
}

float vs_k_erf(float x)
{
    return erf_inline(x);
}

float vs_k_exp_neg(float x)
{
    return exp_neg_inline(x);
}

INLINE float gelu_inline(float x)
{
    return 0.5f * x * (1.0f + erf_inline(x * 0.70710678118654752f));
}

/* 1 / (1 + e^-z) from e = e^-|z| alone: 1 / (1 + e) for z >= 0 and
 * e / (1 + e) below, picked by the sign bit (a blend, not a branch), so
 * that neither side loses precision to cancellation. */
INLINE float sigmoid_inline(float z)
{
    uint32_t u = to_bits(z), neg = 0u - (u >> 31);
    float e = exp_neg_inline(from_bits(u | 0x80000000u));
    float r = 1.0f / (1.0f + e);

    return from_bits((to_bits(r) & ~neg) | (to_bits(e * r) & neg));
}

/* The tanh GELU, x/2 (1 + tanh(u)) with u = sqrt(2/pi) (x + 0.044715 x^3),
 * written as x sigmoid(2u) (the same function: (1 + tanh u) / 2 =
 * sigmoid(2u)). */
INLINE float gelu_tanh_inline(float x)
{
    return x * sigmoid_inline(1.5957691216057308f * (x + 0.044715f * x * x * x));
}

float vs_k_sigmoid(float x)
{
    return sigmoid_inline(x);
}

/* y (m) <- y + b (m) */
INLINE void add_row(float *restrict y, const float *restrict b, size_t m)
{
    size_t i, j;

    for (i = 0; i + LANES <= m; i += LANES)
        for (j = i; j < i + LANES; j++)
            y[j] += b[j];
    for (; i < m; i++)
        y[i] += b[i];
}

/* y (m) <- y + b (m) + s (m) */
INLINE void add2_row(float *restrict y, const float *restrict b,
                            const float *restrict s, size_t m)
{
    size_t i, j;

    for (i = 0; i + LANES <= m; i += LANES)
        for (j = i; j < i + LANES; j++)
            y[j] += b[j] + s[j];
    for (; i < m; i++)
        y[i] += b[i] + s[i];
}

/* y (m) <- gelu(y + b (m)) */
INLINE void bias_gelu_row(float *restrict y, const float *restrict b,
                                 size_t m)
{
    size_t i, j;

    for (i = 0; i + LANES <= m; i += LANES)
        for (j = i; j < i + LANES; j++)
            y[j] = gelu_inline(y[j] + b[j]);
    for (; i < m; i++)
        y[i] = gelu_inline(y[i] + b[i]);
}

/* y (m) <- gelu_tanh(y + b (m)) */
INLINE void bias_gelu_tanh_row(float *restrict y, const float *restrict b,
                                      size_t m)
{
    size_t i, j;

    for (i = 0; i + LANES <= m; i += LANES)
        for (j = i; j < i + LANES; j++)
            y[j] = gelu_tanh_inline(y[j] + b[j]);
    for (; i < m; i++)
        y[i] = gelu_tanh_inline(y[i] + b[i]);
}

/* y (m) <- z sigmoid(beta z) with z = y + b (m) */
INLINE void bias_swish_row(float *restrict y, const float *restrict b,
                                  size_t m, float beta)
{
    size_t i, j;

    for (i = 0; i + LANES <= m; i += LANES)
        for (j = i; j < i + LANES; j++) {
            float z = y[j] + b[j];
            y[j] = z * sigmoid_inline(beta * z);
        }
    for (; i < m; i++) {
        float z = y[i] + b[i];
        y[i] = z * sigmoid_inline(beta * z);
    }
}

CLONES
void vs_k_add_bias(float *x, const float *bias, size_t rows, size_t m)
{
    size_t r;

    for (r = 0; r < rows; r++)
        add_row(x + r * m, bias, m);
}

CLONES
void vs_k_add_bias_residual(float *x, const float *bias, const float *res,
                            size_t rows, size_t m)
{
    size_t r;

    for (r = 0; r < rows; r++)
        add2_row(x + r * m, bias, res + r * m, m);
}

CLONES
void vs_k_bias_gelu(float *x, const float *bias, size_t rows, size_t m)
{
    size_t r;

    for (r = 0; r < rows; r++)
        bias_gelu_row(x + r * m, bias, m);
}

CLONES
void vs_k_bias_gelu_tanh(float *x, const float *bias, size_t rows, size_t m)
{
    size_t r;

    for (r = 0; r < rows; r++)
        bias_gelu_tanh_row(x + r * m, bias, m);
}

CLONES
void vs_k_bias_swish(float *x, const float *bias, size_t rows, size_t m,
                     float beta)
{
    size_t r;

    for (r = 0; r < rows; r++)
        bias_swish_row(x + r * m, bias, m, beta);
}

void vs_k_bias_relu(float *x, const float *bias, size_t rows, size_t m)
{
    size_t r, i;

    for (r = 0; r < rows; r++)
        for (i = 0; i < m; i++) {
            float y = x[r * m + i] + bias[i];
            x[r * m + i] = y > 0.0f ? y : 0.0f;
        }
}

void vs_k_bias_tanh(float *x, const float *bias, size_t rows, size_t m)
{
    size_t r, i;

    for (r = 0; r < rows; r++)   /* rare (no published encoder), left scalar */
        for (i = 0; i < m; i++)
            x[r * m + i] = tanhf(x[r * m + i] + bias[i]);
}

/* The sum of x (m), in LANES partial sums. */
INLINE float sum(const float *x, size_t m)
{
    float acc[LANES] = {0};
    float s = 0.0f;
    size_t i, j;

    for (i = 0; i + LANES <= m; i += LANES)
        for (j = 0; j < LANES; j++)
            acc[j] += x[i + j];
    for (; i < m; i++)
        s += x[i];
    for (j = 0; j < LANES; j++)
        s += acc[j];
    return s;
}

/* y (m) <- (y - mean) * inv * g + b */
INLINE void scale_shift_row(float *restrict y, float mean, float inv,
                                   const float *restrict g,
                                   const float *restrict b, size_t m)
{
    size_t i, j;

    for (i = 0; i + LANES <= m; i += LANES)
        for (j = i; j < i + LANES; j++)
            y[j] = (y[j] - mean) * inv * g[j] + b[j];
    for (; i < m; i++)
        y[i] = (y[i] - mean) * inv * g[i] + b[i];
}

CLONES
void vs_k_layer_norm(float *x, size_t rows, size_t m, const float *g,
                     const float *b, float eps)
{
    size_t r, i, j;

    for (r = 0; r < rows; r++) {
        float *y = x + r * m;
        float acc[LANES] = {0};
        float mean = sum(y, m) / (float)m, var = 0.0f;
        /* the biased variance, sum (y - mean)^2 / m */
        for (i = 0; i + LANES <= m; i += LANES)
            for (j = 0; j < LANES; j++)
                acc[j] += (y[i + j] - mean) * (y[i + j] - mean);
        for (; i < m; i++)
            var += (y[i] - mean) * (y[i] - mean);
        for (j = 0; j < LANES; j++)
            var += acc[j];
        scale_shift_row(y, mean, 1.0f / sqrtf(var / (float)m + eps), g, b, m);
    }
}

/* An int that orders like the float f (for finite f and infinities). */
INLINE int32_t ordered(float f)
{
    int32_t i = (int32_t)to_bits(f);

    return i ^ (int32_t)((uint32_t)(i >> 31) >> 1);
}

/* The largest of x (m), m >= 1. */
INLINE float max_of(const float *x, size_t m)
{
    int32_t acc[LANES];
    int32_t best = ordered(x[0]);
    size_t i, j;

    for (j = 0; j < LANES; j++)
        acc[j] = best;
    for (i = 0; i + LANES <= m; i += LANES)
        for (j = 0; j < LANES; j++) {
            int32_t v = ordered(x[i + j]);
            acc[j] = v > acc[j] ? v : acc[j];
        }
    for (; i < m; i++) {
        int32_t v = ordered(x[i]);
        best = v > best ? v : best;
    }
    for (j = 0; j < LANES; j++)
        best = acc[j] > best ? acc[j] : best;
    /* ordered() is its own inverse */
    return from_bits((uint32_t)ordered(from_bits((uint32_t)best)));
}

CLONES
void vs_k_softmax_rows(float *p, size_t rows, size_t m, float *entropy)
{
    size_t r, i, j;

    if (m == 0)
        return;
    for (r = 0; r < rows; r++) {
        float *restrict y = p + r * m;
        float max = max_of(y, m), z, inv;
        float acc[LANES] = {0}, et = 0.0f;
        /* y = e^t with t = y - max <= 0; et = sum of e^t t, for the entropy */
        for (i = 0; i + LANES <= m; i += LANES)
            for (j = 0; j < LANES; j++) {
                float t = y[i + j] - max;
                y[i + j] = exp_neg_inline(t);
                acc[j] += y[i + j] * t;
            }
        for (; i < m; i++) {
            float t = y[i] - max;
            y[i] = exp_neg_inline(t);
            et += y[i] * t;
        }
        z = sum(y, m);
        inv = 1.0f / z;
        for (i = 0; i + LANES <= m; i += LANES)
            for (j = i; j < i + LANES; j++)
                y[j] *= inv;
        for (; i < m; i++)
            y[i] *= inv;
        /* with p = e^t / z: -sum p log p = log z - sum p t */
        if (entropy != NULL) {
            for (j = 0; j < LANES; j++)
                et += acc[j];
            entropy[r] = logf(z) - et * inv;
        }
    }
}
