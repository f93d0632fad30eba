/*
 * kernels.h - the element-wise steps of the encoder (bias, residual, GELU,
 * LayerNorm, softmax), written so that the compiler turns them into SIMD
 * code at the project's default -O2. Matrix products are not here: they go
 * through BLAS (blas.h).
 *
 * Shapes: rows x m, row-major. Arrays passed to one call do not overlap.
 */
#ifndef VS_BERT_KERNELS_H
#define VS_BERT_KERNELS_H

#include <stddef.h>

/* x (rows, m) <- x + bias (m) on every row. */
void vs_k_add_bias(float *x, const float *bias, size_t rows, size_t m);

/* x (rows, m) <- x + bias (m) + r (rows, m): a Linear's bias and the
 * residual connection in one pass. */
void vs_k_add_bias_residual(float *x, const float *bias, const float *r,
                            size_t rows, size_t m);

/* x (rows, m) <- gelu(x + bias): the exact (erf) GELU, x Phi(x). */
void vs_k_bias_gelu(float *x, const float *bias, size_t rows, size_t m);

/* x (rows, m) <- act(x + bias) for the other activations of config.json:
 * the tanh approximation of GELU ("gelu_new", "gelu_pytorch_tanh",
 * "gelu_fast"); z sigmoid(beta z) (beta 1: "silu"/"swish"; 1.702:
 * "quick_gelu"); relu; tanh. */
void vs_k_bias_gelu_tanh(float *x, const float *bias, size_t rows, size_t m);
void vs_k_bias_swish(float *x, const float *bias, size_t rows, size_t m,
                     float beta);
void vs_k_bias_relu(float *x, const float *bias, size_t rows, size_t m);
void vs_k_bias_tanh(float *x, const float *bias, size_t rows, size_t m);

/* x (rows, m) <- (x - mean) / sqrt(var + eps) * g + b over each row, with
 * the biased variance. */
void vs_k_layer_norm(float *x, size_t rows, size_t m, const float *g,
                     const float *b, float eps);

/* p (rows, m) <- softmax of each row. entropy (rows), when not NULL, gets
 * each row's entropy -sum p log p in nats, from the same pass (log z minus
 * the p-weighted mean of the shifted scores: one log a row, not one a
 * probability). */
void vs_k_softmax_rows(float *p, size_t rows, size_t m, float *entropy);

/* The scalar functions the kernels use, for tests: erf(x) to within 4e-7
 * absolute, and e^x for x <= 0 to within 2e-7 relative (below -87.3 it
 * stays at e^-87.3, about 1.2e-38). */
float vs_k_erf(float x);
float vs_k_exp_neg(float x);
/* 1 / (1 + e^-x), to within 3e-7 relative. */
float vs_k_sigmoid(float x);

#endif
