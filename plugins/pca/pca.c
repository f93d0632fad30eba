/*
 * pca.c - the PCA projection plugin: exact principal components.
 *
 * The same answer as scikit-learn's PCA(n_components=k).fit_transform, up to
 * the sign of each component, computed through the covariance matrix rather
 * than an SVD of the data: for n >> d that is d x d work after one pass.
 *
 *   mean (d)         column means, accumulated in double
 *   C (d, d)         sum over rows of (x - mean)(x - mean)^T: float ssyrk on
 *                    blocks of rows, each block's product added into a
 *                    double matrix, so rounding grows with the block, not n
 *   V (d, k)         the top-k eigenvectors of C (LAPACKE_dsyevr), largest
 *                    first, each signed so its largest-magnitude entry is
 *                    positive
 *   Y (n, k)         (X - mean) V, block by block (sgemm)
 *   info (k)         explained variance ratio: eigenvalue / trace(C), in
 *                    result->info
 */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vecscope-plugin.h"
#include "common/report.h"

#define BLOCK 2048  /* rows per block */

/* X (n, d) -> mean (d), in double. */
static void column_means(const float *X, size_t n, size_t d, double *mean)
{
    size_t i, j;

    memset(mean, 0, d * sizeof *mean);
    for (i = 0; i < n; i++)
        for (j = 0; j < d; j++)
            mean[j] += X[i * d + j];
    for (j = 0; j < d; j++)
        mean[j] /= (double)n;
}

/* rows (m, d) of X minus mean -> B (m, d), float. */
static void center_block(const float *X, size_t m, size_t d, const double *mean,
                         float *B)
{
    size_t i, j;

    for (i = 0; i < m; i++)
        for (j = 0; j < d; j++)
            B[i * d + j] = (float)((double)X[i * d + j] - mean[j]);
}

static int pca_run(const float *X, size_t n, size_t d, int out_dims,
                   const struct vs_param_value *params,
                   const struct vs_plugin_progress *progress, float *Y,
                   struct vs_plugin_result *result, char *err, size_t errlen)
{
    size_t k = (size_t)out_dims, i, j, r0, m;
    double *mean = NULL, *C = NULL, *w = NULL, *Z = NULL, trace = 0;
    float *B = NULL, *Cf = NULL, *V = NULL;
    int *isuppz = NULL, found = 0, rc = -1;
    lapack_int info_l;

    (void)params;
    if (out_dims < 1 || k > d)
        return vsp_fail(err, errlen,
                        "pca: the output dimensions must be between 1 and the input's");
    if (n < 2)
        return vsp_fail(err, errlen, "pca: needs at least 2 points");
    if (d > 46340)  /* d * d must fit the BLAS int */
        return vsp_fail(err, errlen, "pca: too many dimensions");
    mean = malloc(d * sizeof *mean);
    C = calloc(d * d, sizeof *C);
    Cf = malloc(d * d * sizeof *Cf);
    B = malloc((n < BLOCK ? n : BLOCK) * d * sizeof *B);
    w = malloc(d * sizeof *w);
    Z = malloc(d * k * sizeof *Z);
    V = malloc(d * k * sizeof *V);
    isuppz = malloc(2 * k * sizeof *isuppz);
    if (!mean || !C || !Cf || !B || !w || !Z || !V || !isuppz) {
        vsp_fail(err, errlen, "pca: out of memory");
        goto out;
    }

    /* 1. column means */
    column_means(X, n, d, mean);

    /* 2. covariance (unscaled): upper triangle of C += B^T B per block */
    for (r0 = 0; r0 < n; r0 += BLOCK) {
        m = n - r0 < BLOCK ? n - r0 : BLOCK;
        center_block(X + r0 * d, m, d, mean, B);
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)m, 1.0f,
                    B, (int)d, 0.0f, Cf, (int)d);
        for (i = 0; i < d; i++)
            for (j = i; j < d; j++)
                C[i * d + j] += Cf[i * d + j];
        if (vsp_cancelled(progress, "pca: covariance", 0.5 * (double)(r0 + m) / (double)n)) {
            vsp_fail(err, errlen, "interrupted");
            goto out;
        }
    }
    for (i = 0; i < d; i++)
        trace += C[i * d + i];

    /* 3. the k largest eigenpairs (dsyevr returns them in ascending order) */
    info_l = LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'V', 'I', 'U', (lapack_int)d, C,
                            (lapack_int)d, 0, 0, (lapack_int)(d - k + 1),
                            (lapack_int)d, 0.0, &found, w, Z, (lapack_int)k,
                            isuppz);
    if (info_l != 0 || (size_t)found != k) {
        vsp_fail(err, errlen, "pca: the eigensolver failed (dsyevr info %d)", (int)info_l);
        goto out;
    }
    /* V column c = eigenvector of the c-th largest eigenvalue, sign fixed */
    for (i = 0; i < k; i++) {
        size_t src = k - 1 - i, amax = 0;
        double s;
        for (j = 0; j < d; j++)
            if (fabs(Z[j * k + src]) > fabs(Z[amax * k + src]))
                amax = j;
        s = Z[amax * k + src] < 0 ? -1.0 : 1.0;
        for (j = 0; j < d; j++)
            V[j * k + i] = (float)(s * Z[j * k + src]);
        if (result != NULL && result->info != NULL)
            result->info[i] = trace > 0 ? (w[src] > 0 ? w[src] : 0) / trace : 0;
    }

    /* 4. coordinates: Y (m, k) = B (m, d) V (d, k) per block */
    for (r0 = 0; r0 < n; r0 += BLOCK) {
        m = n - r0 < BLOCK ? n - r0 : BLOCK;
        center_block(X + r0 * d, m, d, mean, B);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)k,
                    (int)d, 1.0f, B, (int)d, V, (int)k, 0.0f, Y + r0 * k, (int)k);
        if (vsp_cancelled(progress, "pca: projecting", 0.5 + 0.5 * (double)(r0 + m) / (double)n)) {
            vsp_fail(err, errlen, "interrupted");
            goto out;
        }
    }
    rc = 0;
out:
    free(mean);
    free(C);
    free(Cf);
    free(B);
    free(w);
    free(Z);
    free(V);
    free(isuppz);
    return rc;
}

static const struct vs_projector pca = {
    .abi = VS_PLUGIN_ABI,
    .name = "pca",
    .help = "principal component analysis: exact top components of the covariance",
    .params = NULL,
    .info_name = "explained variance ratio",
    .run = pca_run,
};

const struct vs_projector *vs_projector_entry(void)
{
    return &pca;
}
