/*
 * tsne.c - the t-SNE projection plugin: t-distributed stochastic neighbour
 * embedding with the semantics of scikit-learn 1.2's TSNE (its documentation
 * and source were read for the algorithm and its constants; the code is
 * ours).
 *
 *   X (n, d)        the input rows
 *   P               input affinities calibrated to the perplexity
 *                   (affinity.c): over the k = min(n - 1, 3 perplexity + 1)
 *                   nearest neighbours (Barnes-Hut), or all pairs (exact)
 *   Y (n, D)        the map, D = out_dims; starts as the PCA of X scaled so
 *                   the first coordinate has standard deviation 1e-4, plus a
 *                   perturbation of 1e-3 of that drawn from the seed (or,
 *                   init=random, 1e-4 N(0, 1) from the seed)
 *   w_ij            (1 + |y_i - y_j|^2 / a)^(-(a + 1) / 2), a = max(D - 1, 1)
 *   Z               sum over i != j of w_ij;  q_ij = w_ij / Z
 *   grad_i          c (sum_j e p_ij w_ij (y_i - y_j) - sum_j w_ij^2 (y_i - y_j) / Z),
 *                   c = 2 (a + 1) / a, e the exaggeration; the second sum
 *                   (and Z) over all pairs (method exact), by a Barnes-Hut
 *                   tree (barnes_hut, sptree.c) or by interpolation on a grid
 *                   and FFT (fft, 2-D only, fftgrid.c); the first over P's
 *                   entries. Method auto: exact under 500 points, else fft
 *                   in 2-D and barnes_hut in 1-D and 3-D.
 *   KL              sum p_ij log(p_ij / q_ij), every 50 iterations and at the
 *                   end (with the exaggerated P during exaggeration, as
 *                   scikit-learn's progress; the final one with P itself).
 *                   The final KL, the iterations run and the perplexity
 *                   used are the run's figures ("KL divergence",
 *                   "iterations", "perplexity" in the result); the progress
 *                   labels show them as they go. Without a perplexity, 30,
 *                   or (n - 1) / 3 when 3 x 30 + 1 neighbours are more
 *                   than the points (then "default perplexity" is 30)
 *
 * The descent: 250 iterations with P exaggerated 12 times and momentum 0.5,
 * then momentum 0.8 to the last iteration (the update and gains start again
 * at the switch); per coordinate, gain + 0.2 when the gradient changes sign
 * against the update, * 0.8 otherwise, at least 0.01; learning rate "auto" =
 * max(n / 12 / 4, 50). Each stage stops early when the KL has not improved
 * for 300 iterations (250 in the first; checked every 50) or the gradient's
 * norm falls to 1e-7, as scikit-learn's do: an early stop of the first
 * stage starts the second with the next iteration (a PCA start 1e-4 wide
 * can sit still under the exaggeration until its gradient vanishes), an
 * early stop of the second ends the run.
 *
 * Determinism: the work of a step is cut into fixed chunks of points; each
 * point's sums are its own, and the sums over points (Z, KL) are added in
 * point order by one thread. The map depends on the data and the parameters
 * only - the thread count changes the speed, not the bits.
 */
#include <cblas.h>
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vecscope-plugin.h"
#include "common/random.h"
#include "common/report.h"
#include "tsne-internal.h"

#define DEFAULT_PERPLEXITY 30.0
#define EXAGGERATION 12.0
#define EXPLORATION_ITER 250
#define CHECK_EVERY 50
#define NO_PROGRESS_ITER 300
#define MIN_GRAD_NORM 1e-7
#define MIN_GAIN 0.01
#define EXACT_BELOW 500      /* method auto: exact under this many points */
#define EXACT_MAX 20000      /* n^2 floats: 1.6 GB at 20000 */
#define BLOCK 2048           /* rows per block of the PCA */

enum { P_PERPLEXITY, P_ITER, P_SEED, P_THETA, P_METHOD, P_THREADS, P_INIT,
       P_LEARNING_RATE, NPARAMS };

static const struct vs_param tsne_params[] = {
    {"perplexity", VS_PARAM_REAL, "30", "effective number of neighbours, less than the "
                                        "number of points (unset: 30, or (n - 1) / 3 "
                                        "under 91 points)"},
    {"iter", VS_PARAM_INT, "1000", "iterations, at least 250"},
    {"seed", VS_PARAM_INT, "0", "seed of the start's random part"},
    {"theta", VS_PARAM_REAL, "0.5", "Barnes-Hut accuracy: 0 is exact, larger is faster"},
    {"method", VS_PARAM_STRING, "auto", "auto (exact under 500 points, else fft in 2-D, barnes_hut in 3-D), exact, barnes_hut or fft"},
    {"threads", VS_PARAM_INT, "1", "worker threads, at most 64 used (the map does not depend on them)"},
    {"init", VS_PARAM_STRING, "pca", "pca or random"},
    {"learning-rate", VS_PARAM_REAL, "auto", "step size; auto = max(n / 48, 50)"},
    {NULL, 0, NULL, NULL}
};

/* The neighbour search: by size, unless VECSCOPE_TSNE_KNN says "brute" or
 * "tree" (a test hook: both give the same map, bit for bit). */
static enum vsp_knn_mode knn_mode(void)
{
    const char *v = getenv("VECSCOPE_TSNE_KNN");

    if (v != NULL && strcmp(v, "brute") == 0)
        return VSP_KNN_BRUTE;
    if (v != NULL && strcmp(v, "tree") == 0)
        return VSP_KNN_TREE;
    return VSP_KNN_AUTO;
}

/* --- the start --- */

/* X (n, d) -> Y (n, D): PCA scores, each component signed so its largest
 * score is positive, scaled so column 0 has standard deviation 1e-4. Returns
 * -1 with a message on failure. */
static int pca_start(const float *X, size_t n, size_t d, int D, float *Y, char *err,
                     size_t errlen)
{
    size_t k = (size_t)D, i, j, r0, m;
    double *mean = calloc(d, sizeof *mean), *C = calloc(d * d, sizeof *C);
    double *w = malloc(d * sizeof *w), *Z = malloc(d * k * sizeof *Z), sd, mu;
    float *B = malloc((n < BLOCK ? n : BLOCK) * d * sizeof *B);
    float *Cf = malloc(d * d * sizeof *Cf), *V = malloc(d * k * sizeof *V);
    int *isuppz = malloc(2 * k * sizeof *isuppz), found = 0, rc = -1;
    lapack_int info;

    if (!mean || !C || !w || !Z || !B || !Cf || !V || !isuppz) {
        vsp_fail(err, errlen, "tsne: out of memory");
        goto out;
    }
    for (i = 0; i < n; i++)
        for (j = 0; j < d; j++)
            mean[j] += X[i * d + j];
    for (j = 0; j < d; j++)
        mean[j] /= (double)n;
    /* C (d, d) = sum of centred outer products, float blocks into double */
    for (r0 = 0; r0 < n; r0 += BLOCK) {
        m = n - r0 < BLOCK ? n - r0 : BLOCK;
        for (i = 0; i < m; i++)
            for (j = 0; j < d; j++)
                B[i * d + j] = (float)((double)X[(r0 + i) * d + j] - mean[j]);
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)m, 1.0f, B,
                    (int)d, 0.0f, Cf, (int)d);
        for (i = 0; i < d; i++)
            for (j = i; j < d; j++)
                C[i * d + j] += Cf[i * d + j];
    }
    info = LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'V', 'I', 'U', (lapack_int)d, C, (lapack_int)d,
                          0, 0, (lapack_int)(d - k + 1), (lapack_int)d, 0.0, &found, w, Z,
                          (lapack_int)k, isuppz);
    if (info != 0 || (size_t)found != k) {
        vsp_fail(err, errlen, "tsne: the PCA start failed (dsyevr info %d)", (int)info);
        goto out;
    }
    for (i = 0; i < k; i++)  /* largest eigenvalue first */
        for (j = 0; j < d; j++)
            V[j * k + i] = (float)Z[j * k + (k - 1 - i)];
    for (r0 = 0; r0 < n; r0 += BLOCK) {
        m = n - r0 < BLOCK ? n - r0 : BLOCK;
        for (i = 0; i < m; i++)
            for (j = 0; j < d; j++)
                B[i * d + j] = (float)((double)X[(r0 + i) * d + j] - mean[j]);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)k, (int)d,
                    1.0f, B, (int)d, V, (int)k, 0.0f, Y + r0 * k, (int)k);
    }
    /* signs: the largest |score| of each component positive */
    for (j = 0; j < k; j++) {
        size_t amax = 0;
        for (i = 1; i < n; i++)
            if (fabsf(Y[i * k + j]) > fabsf(Y[amax * k + j]))
                amax = i;
        if (Y[amax * k + j] < 0)
            for (i = 0; i < n; i++)
                Y[i * k + j] = -Y[i * k + j];
    }
    /* scale: std of column 0 -> 1e-4 (all points equal: leave them at 0) */
    for (mu = 0, i = 0; i < n; i++)
        mu += Y[i * k];
    mu /= (double)n;
    for (sd = 0, i = 0; i < n; i++)
        sd += (Y[i * k] - mu) * (Y[i * k] - mu);
    sd = sqrt(sd / (double)n);
    for (i = 0; i < n * k; i++)
        Y[i] = sd > 0 ? (float)(Y[i] / sd * 1e-4) : 0.0f;
    rc = 0;
out:
    free(mean);
    free(C);
    free(w);
    free(Z);
    free(B);
    free(Cf);
    free(V);
    free(isuppz);
    return rc;
}

/* --- the gradient --- */

enum method { EXACT, BARNES_HUT, FFT };

struct grad {
    size_t n;
    int D;
    enum method method;
    double alpha, theta2, exag, Z;
    const struct vsp_csr *P;   /* Barnes-Hut */
    const float *Pd;               /* exact: (n, n) */
    const float *Y;                /* (n, D) */
    const struct tsne_tree *tree;
    struct tsne_fft *fft;
    double *attr, *rep;            /* (n, D) per point */
    double *z, *kl;                /* (n) per point */
};

typedef float v4f __attribute__((vector_size(16)));

/* The attraction on point i of a 2-D map with one degree of freedom, four
 * neighbours at a time: a (2) = e sum_j p_ij (y_i - y_j) / (1 + d_ij^2). */
static void attract2(const struct vsp_csr *P, const float *Y, size_t i, double exag,
                     double *a)
{
    size_t e = P->row[i], end = P->row[i + 1];
    const int *col = P->col;
    const float *val = P->val;
    float xi = Y[2 * i], yi = Y[2 * i + 1], sx, sy;
    v4f ax = {0, 0, 0, 0}, ay = {0, 0, 0, 0}, one = {1, 1, 1, 1};

    for (; e + 4 <= end; e += 4) {
        const float *y0 = Y + 2 * (size_t)col[e], *y1 = Y + 2 * (size_t)col[e + 1];
        const float *y2 = Y + 2 * (size_t)col[e + 2], *y3 = Y + 2 * (size_t)col[e + 3];
        v4f dx = {xi - y0[0], xi - y1[0], xi - y2[0], xi - y3[0]};
        v4f dy = {yi - y0[1], yi - y1[1], yi - y2[1], yi - y3[1]};
        v4f v = {val[e], val[e + 1], val[e + 2], val[e + 3]};
        v4f q = v / (one + dx * dx + dy * dy);
        ax += q * dx;
        ay += q * dy;
    }
    sx = (ax[0] + ax[1]) + (ax[2] + ax[3]);
    sy = (ay[0] + ay[1]) + (ay[2] + ay[3]);
    for (; e < end; e++) {
        const float *yj = Y + 2 * (size_t)col[e];
        float dx = xi - yj[0], dy = yi - yj[1], q = val[e] / (1 + dx * dx + dy * dy);
        sx += q * dx;
        sy += q * dy;
    }
    a[0] = exag * sx;
    a[1] = exag * sy;
}

/* a (D) = the (exaggerated) attractive force on point i: the vectorised
 * 2-D path for the Student-t kernel, else the general loop. */
static void attract(const struct grad *g, size_t i, double *a)
{
    const struct vsp_csr *P = g->P;
    const float *yi = g->Y + i * (size_t)g->D;
    int D = g->D, d;
    size_t e;

    if (D == 2 && g->alpha == 1.0) {
        attract2(P, g->Y, i, g->exag, a);
        return;
    }
    for (d = 0; d < D; d++)
        a[d] = 0;
    for (e = P->row[i]; e < P->row[i + 1]; e++) {
        const float *yj = g->Y + (size_t)P->col[e] * (size_t)D;
        double diff[3], d2 = 0, m;
        for (d = 0; d < D; d++) {
            diff[d] = (double)yi[d] - yj[d];
            d2 += diff[d] * diff[d];
        }
        m = g->exag * P->val[e] * tsne_kernel(d2, g->alpha);
        for (d = 0; d < D; d++)
            a[d] += m * diff[d];
    }
}

/* Barnes-Hut: tree positions lo..hi (neighbouring points in turn). */
static void grad_bh(void *vctx, size_t lo, size_t hi)
{
    struct grad *g = vctx;
    int D = g->D, d;
    size_t p;

    for (p = lo; p < hi; p++) {
        size_t i = (size_t)g->tree->order[p];
        const float *yi = g->Y + i * (size_t)D;
        double *a = g->attr + i * (size_t)D, *r = g->rep + i * (size_t)D;
        g->z[i] = 0;
        for (d = 0; d < D; d++)
            r[d] = 0;
        tsne_tree_repulsion(g->tree, p, yi, g->alpha, g->theta2, &g->z[i], r);
        attract(g, i, a);
    }
}

/* The attraction alone (the FFT method): points lo..hi. */
/* The repulsion of 2-D points with one degree of freedom summed over every
 * pair, as the FFT grid approximates it: for maps too small or too spread
 * out for the grid to pay (tsne_fft_repulsion returned 1). */
static void rep_direct(void *vctx, size_t lo, size_t hi)
{
    struct grad *g = vctx;
    size_t i, j, n = g->n;
    const float *Y = g->Y;

    for (i = lo; i < hi; i++) {
        double z = 0, rx = 0, ry = 0;
        for (j = 0; j < n; j++) {
            double dx = (double)Y[2 * i] - Y[2 * j], dy = (double)Y[2 * i + 1] - Y[2 * j + 1];
            double w = 1.0 / (1.0 + dx * dx + dy * dy);
            if (j == i)
                continue;
            z += w;
            rx += w * w * dx;
            ry += w * w * dy;
        }
        g->z[i] = z;
        g->rep[2 * i] = rx;
        g->rep[2 * i + 1] = ry;
    }
}

static void grad_attr(void *vctx, size_t lo, size_t hi)
{
    struct grad *g = vctx;
    size_t i;

    for (i = lo; i < hi; i++)
        attract(g, i, g->attr + i * (size_t)g->D);
}

/* Exact, 2-D, one degree of freedom: rows lo..hi against all points, four
 * at a time. The point itself (w = 1, no force) is added and its 1 taken off
 * z, which keeps the loop free of branches. */
static void grad_exact2(struct grad *g, size_t lo, size_t hi)
{
    size_t i, j, n = g->n;
    const float *Y = g->Y;
    v4f one = {1, 1, 1, 1};

    for (i = lo; i < hi; i++) {
        const float *pr = g->Pd + i * n;
        float xi = Y[2 * i], yi = Y[2 * i + 1], e = (float)g->exag;
        v4f az = {0, 0, 0, 0}, ax = az, ay = az, rx = az, ry = az;
        float z, sx, sy, tx, ty;
        for (j = 0; j + 4 <= n; j += 4) {
            const float *y = Y + 2 * j;
            v4f dx = {xi - y[0], xi - y[2], xi - y[4], xi - y[6]};
            v4f dy = {yi - y[1], yi - y[3], yi - y[5], yi - y[7]};
            v4f p = {pr[j], pr[j + 1], pr[j + 2], pr[j + 3]};
            v4f w = one / (one + dx * dx + dy * dy), pw = p * w, ww = w * w;
            az += w;
            ax += pw * dx;
            ay += pw * dy;
            rx += ww * dx;
            ry += ww * dy;
        }
        z = (az[0] + az[1]) + (az[2] + az[3]);
        sx = (ax[0] + ax[1]) + (ax[2] + ax[3]);
        sy = (ay[0] + ay[1]) + (ay[2] + ay[3]);
        tx = (rx[0] + rx[1]) + (rx[2] + rx[3]);
        ty = (ry[0] + ry[1]) + (ry[2] + ry[3]);
        for (; j < n; j++) {
            float dx = xi - Y[2 * j], dy = yi - Y[2 * j + 1];
            float w = 1 / (1 + dx * dx + dy * dy);
            z += w;
            sx += pr[j] * w * dx;
            sy += pr[j] * w * dy;
            tx += w * w * dx;
            ty += w * w * dy;
        }
        g->z[i] = (double)z - 1.0;
        g->attr[2 * i] = e * sx;
        g->attr[2 * i + 1] = e * sy;
        g->rep[2 * i] = tx;
        g->rep[2 * i + 1] = ty;
    }
}

/* Exact: rows lo..hi against every other point. */
static void grad_exact(void *vctx, size_t lo, size_t hi)
{
    struct grad *g = vctx;
    int D = g->D, d;
    size_t i, j, n = g->n;

    if (D == 2 && g->alpha == 1.0) {
        grad_exact2(g, lo, hi);
        return;
    }
    for (i = lo; i < hi; i++) {
        const float *yi = g->Y + i * (size_t)D;
        double *a = g->attr + i * (size_t)D, *r = g->rep + i * (size_t)D, z = 0;
        for (d = 0; d < D; d++)
            a[d] = r[d] = 0;
        for (j = 0; j < n; j++) {
            const float *yj = g->Y + j * (size_t)D;
            double diff[3], d2 = 0, w, pw;
            if (j == i)
                continue;
            for (d = 0; d < D; d++) {
                diff[d] = (double)yi[d] - yj[d];
                d2 += diff[d] * diff[d];
            }
            w = tsne_kernel(d2, g->alpha);
            pw = g->exag * g->Pd[i * n + j] * w;
            z += w;
            for (d = 0; d < D; d++) {
                a[d] += pw * diff[d];
                r[d] += w * w * diff[d];
            }
        }
        g->z[i] = z;
    }
}

/* KL divergence per point, once Z is known. */
static void kl_rows(void *vctx, size_t lo, size_t hi)
{
    struct grad *g = vctx;
    int D = g->D, d;
    size_t i, j, e, n = g->n;

    for (i = lo; i < hi; i++) {
        const float *yi = g->Y + i * (size_t)D;
        double s = 0;
        if (g->method != EXACT) {
            for (e = g->P->row[i]; e < g->P->row[i + 1]; e++) {
                const float *yj = g->Y + (size_t)g->P->col[e] * (size_t)D;
                double d2 = 0, p = g->exag * g->P->val[e], q;
                for (d = 0; d < D; d++)
                    d2 += ((double)yi[d] - yj[d]) * ((double)yi[d] - yj[d]);
                q = tsne_kernel(d2, g->alpha) / g->Z;
                s += p * log(fmax(p, FLT_MIN) / fmax(q, FLT_MIN));
            }
        } else {
            for (j = 0; j < n; j++) {
                const float *yj = g->Y + j * (size_t)D;
                double d2 = 0, p = g->exag * (double)g->Pd[i * n + j], q;
                if (j == i)
                    continue;
                for (d = 0; d < D; d++)
                    d2 += ((double)yi[d] - yj[d]) * ((double)yi[d] - yj[d]);
                q = tsne_kernel(d2, g->alpha) / g->Z;
                s += p * log(fmax(p, DBL_EPSILON) / fmax(q, DBL_EPSILON));
            }
        }
        g->kl[i] = s;
    }
}

/* Y -> grad (n, D) in float; with want_kl, *kl = the KL divergence. Returns
 * -1 on a memory failure. */
static int gradient(struct grad *g, struct tsne_tree *tree, int nthreads, float *grad,
                    int want_kl, double *kl)
{
    size_t i, n = g->n, nd = n * (size_t)g->D;
    double c = 2.0 * (g->alpha + 1.0) / g->alpha, Z = 0;

    if (g->method == BARNES_HUT) {
        if (tsne_tree_build(tree, g->Y) < 0)
            return -1;
        g->tree = tree;
        vsp_parallel(nthreads, n, grad_bh, g);
    } else if (g->method == FFT) {
        int rc = tsne_fft_repulsion(g->fft, g->Y, n, nthreads, g->z, g->rep);
        if (rc < 0)
            return -1;
        if (rc > 0)
            vsp_parallel(nthreads, n, rep_direct, g);
        vsp_parallel(nthreads, n, grad_attr, g);
    } else {
        vsp_parallel(nthreads, n, grad_exact, g);
    }
    for (i = 0; i < n; i++)
        Z += g->z[i];
    g->Z = Z > DBL_MIN ? Z : DBL_MIN;
    for (i = 0; i < nd; i++)
        grad[i] = (float)(c * (g->attr[i] - g->rep[i] / g->Z));
    if (want_kl) {
        double s = 0;
        vsp_parallel(nthreads, n, kl_rows, g);
        for (i = 0; i < n; i++)
            s += g->kl[i];
        *kl = s;
    }
    return 0;
}

/* --- run --- */

struct tick_ctx {
    const struct vs_plugin_progress *progress;
};

static int affinity_tick(void *ud, double fraction)
{
    struct tick_ctx *t = ud;

    return vsp_cancelled(t->progress, "tsne: input affinities", 0.1 * fraction);
}

static int tsne_run(const float *X, size_t n, size_t d, int out_dims,
                    const struct vs_param_value *params,
                    const struct vs_plugin_progress *progress, float *Y,
                    struct vs_plugin_result *result, char *err, size_t errlen)
{
    const struct vs_param_value *pv = params;
    double perplexity = pv[P_PERPLEXITY].set ? pv[P_PERPLEXITY].d : DEFAULT_PERPLEXITY;
    long long iter = pv[P_ITER].set ? pv[P_ITER].i : 1000;
    long long seed = pv[P_SEED].set ? pv[P_SEED].i : 0;
    double theta = pv[P_THETA].set ? pv[P_THETA].d : 0.5;
    long long threads = pv[P_THREADS].set ? pv[P_THREADS].i : 1;
    const char *ms = pv[P_METHOD].set && pv[P_METHOD].s ? pv[P_METHOD].s : "auto";
    const char *init = pv[P_INIT].set && pv[P_INIT].s ? pv[P_INIT].s : "pca";
    double lr = pv[P_LEARNING_RATE].set ? pv[P_LEARNING_RATE].d
                                        : fmax((double)n / EXAGGERATION / 4.0, 50.0);
    int D = out_dims, nt, rc = -1;
    enum method method;
    size_t i, j, nd, k;
    struct vsp_csr P;
    struct tsne_tree tree;
    struct tsne_fft fft;
    struct grad g;
    struct tick_ctx tc;
    float *Pd = NULL;
    double kl = NAN, best_kl = INFINITY;
    float *Yw = NULL, *grad = NULL, *update = NULL, *gains = NULL;
    long long it, best_it = 0, stage2 = EXPLORATION_ITER;
    int kl_exaggerated = 0;
    uint64_t rng = (uint64_t)seed;
    char label[128];

    memset(&P, 0, sizeof P);
    memset(&tree, 0, sizeof tree);
    tsne_fft_init(&fft);
    memset(&g, 0, sizeof g);

    /* 1. the parameters and the input */
    if (out_dims < 1 || out_dims > 3)
        return vsp_fail(err, errlen, "tsne: the map must have 1 to 3 dimensions, not %d",
                        out_dims);
    if (n < 4)
        return vsp_fail(err, errlen, "tsne: needs at least 4 points, got %zu", n);
    if (n > 0x7fffffff)
        return vsp_fail(err, errlen, "tsne: too many points (%zu)", n);
    if (!(perplexity > 0) || !isfinite(perplexity))
        return vsp_fail(err, errlen, "tsne: the perplexity must be positive, got %g", perplexity);
    /* the default keeps its 3 perplexity + 1 neighbours among the points:
     * a small selection gets (n - 1) / 3, and the host says so */
    if (!pv[P_PERPLEXITY].set && 3.0 * perplexity + 1.0 > (double)n) {
        perplexity = (double)(n - 1) / 3.0;
        vs_plugin_add_figure(result, "default perplexity", DEFAULT_PERPLEXITY);
    }
    if (perplexity >= (double)n)
        return vsp_fail(err, errlen, "tsne: perplexity %g is too large for %zu points: it "
                    "must be less than %zu (without --perplexity, the default fits the "
                    "points)", perplexity, n, n);
    if (iter < EXPLORATION_ITER)
        return vsp_fail(err, errlen, "tsne: iter must be at least %d (the early exaggeration), "
                    "got %lld", EXPLORATION_ITER, iter);
    if (iter > 1000000000)
        return vsp_fail(err, errlen, "tsne: iter must be at most 1000000000, got %lld", iter);
    if (!(theta >= 0) || !isfinite(theta))
        return vsp_fail(err, errlen, "tsne: theta must be 0 or more, got %g", theta);
    if (!(lr > 0) || !isfinite(lr))
        return vsp_fail(err, errlen, "tsne: the learning rate must be positive, got %g", lr);
    if (threads < 1)
        return vsp_fail(err, errlen, "tsne: threads must be at least 1, got %lld", threads);
    nt = threads > VSP_MAX_THREADS ? VSP_MAX_THREADS : (int)threads;  /* the map is the same */
    if (strcmp(ms, "auto") == 0)
        method = n < EXACT_BELOW ? EXACT : D == 2 ? FFT : BARNES_HUT;
    else if (strcmp(ms, "fft") == 0)
        method = FFT;
    else if (strcmp(ms, "exact") == 0)
        method = EXACT;
    else if (strcmp(ms, "barnes_hut") == 0)
        method = BARNES_HUT;
    else
        return vsp_fail(err, errlen, "tsne: unknown method \"%s\" (auto, exact, barnes_hut "
                    "or fft)", ms);
    if (method == FFT && D != 2)
        return vsp_fail(err, errlen, "tsne: the fft method draws 2-D maps only, not %d-D "
                    "(use barnes_hut)", D);
    if (method == EXACT && n > EXACT_MAX)
        return vsp_fail(err, errlen, "tsne: the exact method holds n^2 numbers: at most %d "
                    "points, got %zu (use barnes_hut)", EXACT_MAX, n);
    if (strcmp(init, "pca") != 0 && strcmp(init, "random") != 0)
        return vsp_fail(err, errlen, "tsne: unknown init \"%s\" (pca or random)", init);
    if (strcmp(init, "pca") == 0 && (size_t)D > d)
        return vsp_fail(err, errlen, "tsne: a PCA start needs at least %d input dimensions, "
                    "got %zu", D, d);
    for (i = 0; i < n * d; i++)
        if (!isfinite(X[i]))
            return vsp_fail(err, errlen, "tsne: point %zu has a NaN or infinite component "
                        "(dimension %zu)", i / d, i % d);

    nd = n * (size_t)D;
    Yw = malloc(nd * sizeof *Yw);
    grad = malloc(nd * sizeof *grad);
    update = calloc(nd, sizeof *update);
    gains = malloc(nd * sizeof *gains);
    g.attr = malloc(nd * sizeof *g.attr);
    g.rep = malloc(nd * sizeof *g.rep);
    g.z = malloc(n * sizeof *g.z);
    g.kl = malloc(n * sizeof *g.kl);
    if (!Yw || !grad || !update || !gains || !g.attr || !g.rep || !g.z || !g.kl) {
        vsp_fail(err, errlen, "tsne: out of memory");
        goto out;
    }

    /* 2. the input affinities */
    tc.progress = progress;
    if (vsp_cancelled(progress, "tsne: input affinities", 0.0)) {
        vsp_fail(err, errlen, "interrupted");
        goto out;
    }
    if (method != EXACT) {
        double kk = floor(3.0 * perplexity + 1.0);
        k = kk < (double)(n - 1) ? (size_t)kk : n - 1;
        rc = tsne_affinity_knn(X, n, d, k, perplexity, knn_mode(), nt, affinity_tick,
                               &tc, &P);
        if (rc == 0 && method == BARNES_HUT)
            rc = tsne_tree_init(&tree, n, D);
    } else {
        Pd = malloc(n * n * sizeof *Pd);
        rc = Pd == NULL ? -1
                        : tsne_affinity_dense(X, n, d, perplexity, nt, affinity_tick, &tc, Pd);
    }
    if (rc != 0) {
        vsp_fail(err, errlen, rc > 0 ? "interrupted" : "tsne: out of memory");
        rc = -1;
        goto out;
    }
    rc = -1;

    /* 3. the start */
    if (strcmp(init, "pca") == 0) {
        if (pca_start(X, n, d, D, Yw, err, errlen) < 0)
            goto out;
        for (i = 0; i < nd; i++)
            Yw[i] += (float)(1e-7 * vsp_normal(&rng));
    } else {
        for (i = 0; i < nd; i++)
            Yw[i] = (float)(1e-4 * vsp_normal(&rng));
    }

    /* 4. the descent */
    g.n = n;
    g.D = D;
    g.method = method;
    g.alpha = D - 1 > 1 ? (double)(D - 1) : 1.0;
    g.theta2 = theta * theta;
    g.P = &P;
    g.Pd = Pd;
    g.Y = Yw;
    g.fft = &fft;
    for (it = 0; it < iter; it++) {
        int check = (it + 1) % CHECK_EVERY == 0 || it == iter - 1;
        double momentum = it < stage2 ? 0.5 : 0.8, norm2 = 0, e = NAN;
        if (it == 0 || it == stage2) {
            /* a stage begins: no update yet, gains 1, a fresh best */
            for (i = 0; i < nd; i++) {
                update[i] = 0;
                gains[i] = 1;
            }
            best_kl = INFINITY;
            best_it = it;
        }
        g.exag = it < stage2 ? EXAGGERATION : 1.0;
        if (gradient(&g, &tree, nt, grad, check, &e) < 0) {
            vsp_fail(err, errlen, "tsne: out of memory");
            goto out;
        }
        for (i = 0; i < nd; i++) {
            float gi = grad[i];
            if (update[i] * gi < 0.0f)
                gains[i] += 0.2f;
            else
                gains[i] *= 0.8f;
            if (gains[i] < (float)MIN_GAIN)
                gains[i] = (float)MIN_GAIN;
            gi *= gains[i];
            norm2 += (double)gi * gi;
            update[i] = (float)(momentum * update[i] - lr * gi);
            Yw[i] += update[i];
        }
        if (check) {
            kl = e;
            kl_exaggerated = g.exag != 1.0;
            int stop = 0;
            if (kl < best_kl) {
                best_kl = kl;
                best_it = it;
            } else if (it - best_it > (it < stage2 ? EXPLORATION_ITER : NO_PROGRESS_ITER)) {
                stop = 1;
            }
            if (sqrt(norm2) <= MIN_GRAD_NORM)
                stop = 1;
            /* a stop ends the stage: the exaggeration (the second stage
             * starts with the next iteration, as scikit-learn's second
             * _gradient_descent does), or the run */
            if (stop && it < stage2) {
                stage2 = it + 1;
            } else if (stop) {
                it++;
                break;
            }
        }
        /* every iteration, so Ctrl-C acts within one (the bar is only
         * redrawn when its percentage changes) */
        {
            if (isnan(kl))
                snprintf(label, sizeof label, "tsne: iteration %lld/%lld", it + 1, iter);
            else
                snprintf(label, sizeof label, "tsne: iteration %lld/%lld, KL divergence %.4f",
                         it + 1, iter, kl);
            if (vsp_cancelled(progress, label, 0.1 + 0.9 * (double)(it + 1) / (double)iter)) {
                vsp_fail(err, errlen, "interrupted");
                goto out;
            }
        }
    }
    /* the final KL is always that of P itself: with P exaggerated e times,
     * sum e p log(e p / q) = e (KL + log e) */
    if (kl_exaggerated)
        kl = kl / EXAGGERATION - log(EXAGGERATION);
    snprintf(label, sizeof label, "tsne: done after %lld iterations, KL divergence %.6f",
             it, kl);
    if (vsp_cancelled(progress, label, 1.0)) {
        vsp_fail(err, errlen, "interrupted");
        goto out;
    }
    for (i = 0; i < n; i++)
        for (j = 0; j < (size_t)D; j++)
            Y[i * (size_t)D + j] = Yw[i * (size_t)D + j];
    vs_plugin_add_figure(result, "iterations", (double)it);
    vs_plugin_add_figure(result, "KL divergence", kl);
    vs_plugin_add_figure(result, "perplexity", perplexity);
    rc = 0;
out:
    vsp_csr_free(&P);
    tsne_tree_free(&tree);
    tsne_fft_free(&fft);
    free(Pd);
    free(Yw);
    free(grad);
    free(update);
    free(gains);
    free(g.attr);
    free(g.rep);
    free(g.z);
    free(g.kl);
    return rc;
}

static const struct vs_projector tsne = {
    .abi = VS_PLUGIN_ABI,
    .name = "tsne",
    .help = "t-SNE as scikit-learn's TSNE: exact gradient, Barnes-Hut tree or FFT grid",
    .params = tsne_params,
    .info_name = NULL,
    .run = tsne_run,
};

const struct vs_projector *vs_projector_entry(void)
{
    return &tsne;
}
