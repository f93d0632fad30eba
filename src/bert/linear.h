/*
 * linear.h - the encoder's Linear layers, y (n, out) = x (n, in) . W^T, in
 * the precision the model was opened with, their weights packed once at
 * load.
 *
 * Every matrix product of the encoder with a weight matrix goes through
 * vs_linear_apply; the element-wise steps around it (bias, residual,
 * activation, LayerNorm, softmax) stay in float32 (kernels.h). Precisions:
 *
 *   f32   float32 weights and arithmetic.
 *   bf16  weights rounded to bfloat16 at load, activations rounded to
 *         bfloat16 at each call, products summed in float32.
 *   int8  dynamic quantization: each output channel's weights in 8 bits
 *         with its own scale (symmetric, -127..127), quantized once at load;
 *         each token's activations in 8 bits at each call (asymmetric: a
 *         scale and a zero point per row, from the row's range), products
 *         summed in 32-bit integers and scaled back to float32.
 *
 * The weights are packed into panels of VS_LINEAR_PANEL output channels in
 * the order the kernel reads them, so no call repacks them (a BLAS sgemm on
 * [out, in] weights copies them again at every call). The kernel is picked
 * at run time from what the CPU has (linear.c): AMX tiles, AVX-512 (VNNI
 * for int8, BF16 for bf16), AVX2, or portable C.
 */
#ifndef VS_BERT_LINEAR_H
#define VS_BERT_LINEAR_H

#include <stddef.h>
#include <stdint.h>

#include "../error.h"

enum vs_precision { VS_PREC_F32, VS_PREC_BF16, VS_PREC_INT8 };

#define VS_NPRECISIONS 3

/* Output channels per packed panel. */
#define VS_LINEAR_PANEL 32

/* "f32", "bf16", "int8". */
const char *vs_precision_name(enum vs_precision p);

/* *p = the precision called s; -1 with a message listing them otherwise. */
int vs_precision_parse(const char *s, enum vs_precision *p, vs_error *err);

struct vs_gemm_kernel;

typedef struct vs_linear {
    size_t out, in;
    enum vs_precision prec;
    const struct vs_gemm_kernel *kernel;  /* what the panels are packed for */
    size_t kpad;           /* in, padded to the kernel's step */
    void *w;               /* ceil(out / PANEL) panels, owned, 64-byte aligned */
    float *scale;          /* int8: each output channel's scale (out padded) */
    int32_t *colsum;       /* int8: the sum of each channel's 8-bit weights */
    size_t bytes;          /* memory held by w, scale and colsum */
} vs_linear;

/* Packs W (out, in), a Linear layer's [out, in] float32 weight, into L for
 * precision p and the kernel this CPU runs. W is not kept: L owns copies.
 * Returns -1 with a message only when the memory cannot be had. */
int vs_linear_pack(vs_linear *L, const float *W, size_t out, size_t in,
                   enum vs_precision p, vs_error *err);

/* Frees what L holds and zeroes it; a zeroed L is a no-op. */
void vs_linear_free(vs_linear *L);

/* y (n, out) = x (n, in) . W^T, without a bias (the next element-wise step
 * adds it). x and y do not overlap. Runs on the BLAS thread count
 * (vs_blas_threads), split by panels. */
void vs_linear_apply(const vs_linear *L, const float *x, size_t n, float *y);

/* The name of the kernel L was packed for. */
const char *vs_linear_kernel(const vs_linear *L);

/* The kernel vs_linear_pack picks for p on this CPU: "avx512-vnni",
 * "amx-int8", "avx2", "portable", ... (a static string). The environment
 * variable VECSCOPE_LINEAR (amx, avx512, avx2, portable) caps it at a lesser
 * one, for tests and benchmarks; it is read at each pack. */
const char *vs_linear_kernel_name(enum vs_precision p);

#endif
