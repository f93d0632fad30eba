/*
 * blas.c - see blas.h.
 */
#include "config.h"

#include <assert.h>
#include <cblas.h>
#include <limits.h>
#include <math.h>

#include "blas.h"

void vs_blas_threads(int n)
{
    openblas_set_num_threads(n > 0 ? n : 1);
}

int vs_blas_threads_get(void)
{
    return openblas_get_num_threads();
}

void vs_gemv(const float *A, size_t rows, size_t dim, const float *x, float *y)
{
    /* cblas takes int sizes: go in blocks of rows that fit. */
    size_t step = (size_t)INT_MAX / (dim ? dim : 1);

    while (rows > 0) {
        size_t r = rows < step ? rows : step;
        cblas_sgemv(CblasRowMajor, CblasNoTrans, (int)r, (int)dim, 1.0f, A,
                    (int)dim, x, 1, 0.0f, y, 1);
        A += r * dim;
        y += r;
        rows -= r;
    }
}

float vs_dot(const float *x, const float *y, size_t n)
{
    float s = 0.0f;
    size_t i;

    for (i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}

double vs_norm(const float *x, size_t n)
{
    double s = 0.0;
    size_t i;

    for (i = 0; i < n; i++)
        s += (double)x[i] * x[i];
    return sqrt(s);
}

void vs_sgemm(int transa, int transb, size_t m, size_t n, size_t k, float alpha,
              const float *A, size_t lda, const float *B, size_t ldb,
              float beta, float *C, size_t ldc)
{
    assert(m <= INT_MAX && n <= INT_MAX && k <= INT_MAX);
    assert(lda <= INT_MAX && ldb <= INT_MAX && ldc <= INT_MAX);
    if (m == 0 || n == 0)
        return;
    cblas_sgemm(CblasRowMajor, transa ? CblasTrans : CblasNoTrans,
                transb ? CblasTrans : CblasNoTrans, (int)m, (int)n, (int)k,
                alpha, A, (int)lda, B, (int)ldb, beta, C, (int)ldc);
}

void vs_dgemm(int transa, int transb, size_t m, size_t n, size_t k, double alpha,
              const double *A, size_t lda, const double *B, size_t ldb,
              double beta, double *C, size_t ldc)
{
    assert(m <= INT_MAX && n <= INT_MAX && k <= INT_MAX);
    assert(lda <= INT_MAX && ldb <= INT_MAX && ldc <= INT_MAX);
    if (m == 0 || n == 0)
        return;
    cblas_dgemm(CblasRowMajor, transa ? CblasTrans : CblasNoTrans,
                transb ? CblasTrans : CblasNoTrans, (int)m, (int)n, (int)k,
                alpha, A, (int)lda, B, (int)ldb, beta, C, (int)ldc);
}

void vs_normalize(float *x, size_t n)
{
    double len = vs_norm(x, n);
    size_t i;

    if (len > 0.0)
        for (i = 0; i < n; i++)
            x[i] = (float)(x[i] / len);
}
