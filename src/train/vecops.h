/*
 * vecops.h - the three small vector loops training spends its time in,
 * written with GCC vector types so that they use SIMD at the project's
 * ordinary -O2, whatever the machine. The order of the additions is fixed,
 * so a run is reproducible bit for bit on one build.
 */
#ifndef VS_TRAIN_VECOPS_H
#define VS_TRAIN_VECOPS_H

#include <stddef.h>

/* x . y over n floats. */
float vs_k_dot(const float *x, const float *y, size_t n);

/* y (n) += a x (n). */
void vs_k_axpy(float a, const float *x, float *y, size_t n);

/* x (n) *= a. */
void vs_k_scale(float a, float *x, size_t n);

/* n floats, 64-byte aligned, uninitialised; free() releases them. */
float *vs_k_alloc(size_t n);

#endif
