/*
 * blas.h - the few BLAS calls vecscope makes, wrapped so the maths elsewhere
 * reads plainly, and the one place that sets the BLAS thread count.
 */
#ifndef VS_BLAS_H
#define VS_BLAS_H

#include <stddef.h>

/* Sets the threads OpenBLAS uses. vecscope never runs its own worker threads
 * while a BLAS call is running, so there is one pool at a time. */
void vs_blas_threads(int n);

/* The threads OpenBLAS uses (set by vs_blas_threads): what vecscope's own
 * matrix kernels (bert/linear.h) split their work into. */
int vs_blas_threads_get(void);

/* A (rows, dim) row-major, x (dim) -> y (rows) = A x. */
void vs_gemv(const float *A, size_t rows, size_t dim, const float *x, float *y);

/* x . y over n floats. */
float vs_dot(const float *x, const float *y, size_t n);

/* Euclidean norm of x (n), accumulated in double. */
double vs_norm(const float *x, size_t n);

/* Scales x (n) to unit length in place; a zero vector stays zero. */
void vs_normalize(float *x, size_t n);

/* C (m, n) = alpha * op(A) . op(B) + beta * C, all row-major, where op(A)
 * is (m, k): A itself (lda >= k) or, when transa, the transpose of a (k, m)
 * A (lda >= m); op(B) is (k, n): B (ldb >= n) or, when transb, the
 * transpose of an (n, k) B, such as a Linear layer's [out, in] weight
 * (ldb >= k). ldc >= n. Every size must fit in an int (asserted). */
void vs_sgemm(int transa, int transb, size_t m, size_t n, size_t k, float alpha,
              const float *A, size_t lda, const float *B, size_t ldb,
              float beta, float *C, size_t ldc);

/* The same product in double precision (as vs_sgemm, with doubles). */
void vs_dgemm(int transa, int transb, size_t m, size_t n, size_t k, double alpha,
              const double *A, size_t lda, const double *B, size_t ldb,
              double beta, double *C, size_t ldc);

#endif
