/*
 * check_linear.c - the encoder's Linear layers at each precision
 * (bert/linear.h) on every kernel this CPU runs (VECSCOPE_LINEAR caps the
 * pick), on awkward shapes: one row, rows that do not fill a tile, depths
 * that are not a multiple of the kernel's step, channels that do not fill
 * a panel. Each product is checked against the exact one, computed here in
 * double from the same float32 inputs, within what the precision allows:
 *
 *   f32   the rounding of a float sum: in * 2^-23 * sum |x w|
 *   bf16  the same, from x and W rounded to bfloat16 here
 *   int8  the quantization error: each activation is off by at most its
 *         row's step s_x (half a step, or a whole one where the clamp at
 *         the top of the range bites), each weight by half its channel's
 *         step s_w, so |y - xW| <= s_x sum |w| + s_w / 2 sum (|x| + s_x)
 *
 * and the int8 kernels that quantize alike (8-bit activations) must agree
 * bit for bit: their sums are exact integers, their scaling the same
 * operations in the same order.
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"
#include "bert/gemm.h"
#include "bert/linear.h"
#include "check_suites.h"
#include "random.h"
#include "xalloc.h"

static const char *const tiers[] = {"portable", "avx2", "avx512", "amx"};

static const size_t shapes[][3] = {   /* n, in, out */
    {1, 1, 1}, {3, 5, 2}, {13, 100, 33}, {33, 768, 40}, {70, 300, 65},
    {12, 64, 32}, {40, 130, 96},
};

static float bf16_round(float f)
{
    uint32_t u;

    memcpy(&u, &f, sizeof u);
    u = (u + 0x7fffu + ((u >> 16) & 1u)) & 0xffff0000u;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* v (n) uniform in [-scale, scale) */
static void fill(float *v, size_t n, uint64_t *seed, float scale)
{
    size_t i;

    for (i = 0; i < n; i++)
        v[i] = (float)(((double)(vs_random_next(seed) >> 11) * 0x1p-53 * 2.0 - 1.0) * scale);
}

/* The largest error of y (n, out) over its bound, for L packed from W. */
static double worst_ratio(const vs_linear *L, const float *x, const float *W, size_t n,
                          size_t in, size_t out, const float *y)
{
    size_t r, j, k;
    double worst = 0.0;

    for (r = 0; r < n; r++) {
        const float *xr = x + r * in;
        double lo = 0.0, hi = 0.0, sx;
        for (k = 0; k < in; k++) {
            lo = fmin(lo, xr[k]);
            hi = fmax(hi, xr[k]);
        }
        sx = (hi - lo) / (double)(L->kernel->qmax ? L->kernel->qmax : 1);
        for (j = 0; j < out; j++) {
            const float *w = W + j * in;
            double exact = 0.0, mag = 0.0, top = 0.0, sw_abs = 0.0, sx_abs = 0.0, bound;
            for (k = 0; k < in; k++)
                top = fmax(top, fabs(w[k]));
            for (k = 0; k < in; k++) {
                double a = xr[k], b = w[k];
                if (L->prec == VS_PREC_BF16) {
                    a = bf16_round(xr[k]);
                    b = bf16_round(w[k]);
                }
                exact += a * b;
                mag += fabs(a * b);
                sw_abs += fabs(b);
                sx_abs += fabs(a) + sx;
            }
            bound = (double)(in + 4) * ldexp(1.0, -23) * mag + 1e-30;
            if (L->prec == VS_PREC_INT8)
                bound += sx * sw_abs + top / 127.0 / 2.0 * sx_abs + 1e-6 * fabs(exact);
            worst = fmax(worst, fabs(y[r * out + j] - exact) / bound);
        }
    }
    return worst;
}

START_TEST(test_kernels)
{
    uint64_t seed = 18;
    size_t s, t;
    int p;

    for (p = 0; p < VS_NPRECISIONS; p++) {
        const char *seen[4] = {NULL};
        for (t = 0; t < 4; t++) {
            const char *name;
            setenv("VECSCOPE_LINEAR", tiers[t], 1);
            name = vs_linear_kernel_name((enum vs_precision)p);
            if (t > 0 && strcmp(name, seen[t - 1]) == 0) {
                seen[t] = name;
                continue;   /* this CPU has nothing better at that tier */
            }
            seen[t] = name;
            for (s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
                size_t n = shapes[s][0], in = shapes[s][1], out = shapes[s][2];
                float *x = xmallocarray(n * in, sizeof *x), *W = xmallocarray(out * in, sizeof *W);
                float *y = xmallocarray(n * out, sizeof *y);
                vs_linear L;
                vs_error err;
                double worst;
                fill(x, n * in, &seed, 3.0f);
                fill(W, out * in, &seed, 0.2f);
                if (s % 2 == 1)   /* rows of one sign: a zero point at the end */
                    for (size_t i = 0; i < n * in; i++)
                        x[i] = fabsf(x[i]);
                ck_assert_int_eq(vs_linear_pack(&L, W, out, in, (enum vs_precision)p, &err), 0);
                ck_assert_str_eq(vs_linear_kernel(&L), name);
                vs_linear_apply(&L, x, n, y);
                worst = worst_ratio(&L, x, W, n, in, out, y);
                if (worst > 1.0)
                    printf("linear %s on %s, %zu x %zu x %zu: error %.3g of its bound\n",
                           vs_precision_name((enum vs_precision)p), name, n, in, out, worst);
                ck_assert(worst <= 1.0);
                vs_linear_free(&L);
                free(x);
                free(W);
                free(y);
            }
            printf("linear %s on %s: every shape within its bound\n",
                   vs_precision_name((enum vs_precision)p), name);
        }
    }
    unsetenv("VECSCOPE_LINEAR");
}
END_TEST

/* y of every int8 kernel with 8-bit activations, on one product */
START_TEST(test_int8_exact)
{
    uint64_t seed = 7;
    size_t n = 37, in = 200, out = 70, t;
    float *x = xmallocarray(n * in, sizeof *x), *W = xmallocarray(out * in, sizeof *W);
    float *y = xmallocarray(n * out, sizeof *y), *ref = xmallocarray(n * out, sizeof *ref);
    int have = 0, compared = 0;

    fill(x, n * in, &seed, 2.0f);
    fill(W, out * in, &seed, 0.3f);
    for (t = 0; t < 4; t++) {
        vs_linear L;
        vs_error err;
        setenv("VECSCOPE_LINEAR", tiers[t], 1);
        ck_assert_int_eq(vs_linear_pack(&L, W, out, in, VS_PREC_INT8, &err), 0);
        if (L.kernel->qmax == 255) {
            vs_linear_apply(&L, x, n, have ? y : ref);
            if (have) {
                ck_assert_int_eq(memcmp(y, ref, n * out * sizeof *y), 0);
                compared++;
            }
            have = 1;
        }
        vs_linear_free(&L);
    }
    unsetenv("VECSCOPE_LINEAR");
    printf("linear int8: %d kernels with 8-bit activations agree bit for bit with the "
           "portable one\n", compared);
    free(x);
    free(W);
    free(y);
    free(ref);
}
END_TEST

/* The same product on one thread and on several, and a zero row. */
START_TEST(test_threads_and_zeros)
{
    uint64_t seed = 3;
    size_t n = 50, in = 256, out = 512;
    float *x = xmallocarray(n * in, sizeof *x), *W = xmallocarray(out * in, sizeof *W);
    float *y1 = xmallocarray(n * out, sizeof *y1), *y2 = xmallocarray(n * out, sizeof *y2);
    size_t j;
    int p;

    fill(x, n * in, &seed, 1.0f);
    fill(W, out * in, &seed, 0.1f);
    memset(x + 5 * in, 0, in * sizeof *x);   /* row 5: all zeros */
    for (p = 0; p < VS_NPRECISIONS; p++) {
        vs_linear L;
        vs_error err;
        ck_assert_int_eq(vs_linear_pack(&L, W, out, in, (enum vs_precision)p, &err), 0);
        vs_blas_threads(1);
        vs_linear_apply(&L, x, n, y1);
        vs_blas_threads(2);
        vs_linear_apply(&L, x, n, y2);
        vs_blas_threads(1);
        ck_assert_int_eq(memcmp(y1, y2, n * out * sizeof *y1), 0);
        for (j = 0; j < out; j++)
            ck_assert(y1[5 * out + j] == 0.0f);
        vs_linear_free(&L);
    }
    free(x);
    free(W);
    free(y1);
    free(y2);
}
END_TEST

START_TEST(test_names)
{
    enum vs_precision p;
    vs_error err;

    ck_assert_int_eq(vs_precision_parse("int8", &p, &err), 0);
    ck_assert_int_eq(p, VS_PREC_INT8);
    ck_assert_str_eq(vs_precision_name(VS_PREC_BF16), "bf16");
    ck_assert_int_eq(vs_precision_parse("fp16", &p, &err), -1);
    ck_assert(strstr(err.msg, "f32, bf16 and int8") != NULL);
}
END_TEST

Suite *suite_linear(void)
{
    Suite *s = suite_create("linear");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_kernels);
    tcase_add_test(tc, test_int8_exact);
    tcase_add_test(tc, test_threads_and_zeros);
    suite_add_tcase(s, tc);
    return s;
}
