/*
 * logreg.c - multinomial logistic regression trained by L-BFGS (see
 * logreg.h).
 *
 * The parameters are one vector theta = [W (k, d) row-major, b (k)]. One
 * evaluation of J and its gradient, over the n training rows in blocks:
 *     Z (n, k) = X W' + 1 b'                 dgemm
 *     loss_i   = logsumexp(Z_i) - Z_i[y_i]    per row, shifted by its max
 *     R (n, k) = softmax(Z) - onehot(y)
 *     dW (k, d) = R' X + W / C               dgemm
 *     db (k)    = column sums of R
 * X is copied to double once (n x d x 8 bytes) so that every product is a
 * dgemm in the precision scikit-learn uses.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../blas.h"
#include "../xalloc.h"
#include "logreg.h"

void vs_logreg_defaults(vs_logreg_params *p)
{
    memset(p, 0, sizeof *p);
    p->C = 1.0;
    p->max_iter = 100;
    p->tol = 1e-4;
}

void vs_logreg_init(vs_logreg *m, size_t k, size_t d)
{
    m->k = k;
    m->d = d;
    m->w = xcalloc(k * d, sizeof *m->w);
    m->b = xcalloc(k, sizeof *m->b);
}

void vs_logreg_free(vs_logreg *m)
{
    if (m == NULL)
        return;
    free(m->w);
    free(m->b);
    m->w = m->b = NULL;
}

/* What one evaluation needs. */
typedef struct problem {
    const double *X;       /* n x d */
    const int *y;          /* n */
    size_t n, d, k;
    double C;
    double *Z;             /* n x k scratch */
    /* progress */
    const vs_progress *progress;
    int max_iter;
} problem;

/* Row z (k) -> its softmax in place; returns logsumexp(z). */
static double softmax_row(double *z, size_t k)
{
    double mx = z[0], sum = 0.0;
    size_t c;

    for (c = 1; c < k; c++)
        if (z[c] > mx)
            mx = z[c];
    for (c = 0; c < k; c++) {
        z[c] = exp(z[c] - mx);
        sum += z[c];
    }
    for (c = 0; c < k; c++)
        z[c] /= sum;
    return mx + log(sum);
}

/* Rows per block: a block of X (BLOCK x d doubles) is read by the second
 * product while the first has just brought it into the cache. */
#define BLOCK 256

/* J(theta) and its gradient g; theta = [W (k, d), b (k)]. */
static double objective(const double *theta, double *g, void *ud)
{
    problem *pb = ud;
    size_t n = pb->n, d = pb->d, k = pb->k, i, c, r0;
    const double *W = theta, *b = theta + k * d;
    double *gW = g, *gb = g + k * d, *Z = pb->Z, loss = 0.0, pen = 0.0;

    /* dW starts as W / C (the penalty's gradient); the blocks add R' X */
    for (i = 0; i < k * d; i++) {
        gW[i] = W[i] / pb->C;
        pen += W[i] * W[i];
    }
    memset(gb, 0, k * sizeof *gb);
    for (r0 = 0; r0 < n; r0 += BLOCK) {
        size_t m = n - r0 < BLOCK ? n - r0 : BLOCK;
        const double *Xb = pb->X + r0 * d;
        /* Z = X W' + b */
        for (i = 0; i < m; i++)
            memcpy(Z + i * k, b, k * sizeof *Z);
        vs_dgemm(0, 1, m, k, d, 1.0, Xb, d, W, d, 1.0, Z, k);
        /* the loss, and R = softmax(Z) - onehot(y) in Z */
        for (i = 0; i < m; i++) {
            double *z = Z + i * k;
            int y = pb->y[r0 + i];
            double zy = z[y];
            loss += softmax_row(z, k) - zy;
            z[y] -= 1.0;
            for (c = 0; c < k; c++)
                gb[c] += z[c];
        }
        /* dW += R' X */
        vs_dgemm(1, 0, k, d, m, 1.0, Z, k, Xb, d, 1.0, gW, d);
    }
    return loss + pen / (2.0 * pb->C);
}

/* After each iteration: the progress bar, and Ctrl-C. */
static int on_iter(void *ud, int iter, double f, double gmax, vs_error *err)
{
    const problem *pb = ud;
    char what[128];

    snprintf(what, sizeof what, "probe: iteration %d, loss %.6g, gradient %.3g", iter, f,
             gmax);
    return vs_progress_step(pb->progress, what, (double)iter / (double)pb->max_iter, err);
}

int vs_logreg_train(const float *X, size_t n, size_t d, const int *y, size_t k,
                    const vs_logreg_params *p, vs_logreg *out, vs_lbfgs_report *rep,
                    vs_error *err)
{
    size_t i, np = k * d + k;
    double *Xd, *theta;
    vs_lbfgs_params lp;
    problem pb;
    int rc;

    memset(out, 0, sizeof *out);
    for (i = 0; i < n * d; i++)
        if (!isfinite(X[i]))
            return vs_fail(err, "row %zu, component %zu of the vectors is not a number",
                           i / d + 1, i % d + 1);
    Xd = xmallocarray(n * d, sizeof *Xd);
    for (i = 0; i < n * d; i++)
        Xd[i] = X[i];
    theta = xcalloc(np, sizeof *theta);
    memset(&pb, 0, sizeof pb);
    pb.X = Xd;
    pb.y = y;
    pb.n = n;
    pb.d = d;
    pb.k = k;
    pb.C = p->C;
    pb.Z = xmallocarray(BLOCK * k, sizeof *pb.Z);
    pb.progress = p->progress;
    pb.max_iter = p->max_iter > 0 ? p->max_iter : 1;

    vs_lbfgs_defaults(&lp);
    lp.max_iter = p->max_iter;
    lp.gtol = p->tol;
    lp.on_iter = on_iter;
    lp.on_iter_ud = &pb;
    rc = vs_lbfgs_minimize(np, theta, objective, &pb, &lp, rep, err);
    vs_progress_done(p->progress);
    if (rc == 0) {
        vs_logreg_init(out, k, d);
        memcpy(out->w, theta, k * d * sizeof *theta);
        memcpy(out->b, theta + k * d, k * sizeof *theta);
    }
    free(pb.Z);
    free(theta);
    free(Xd);
    return rc;
}

/* z (k) = W x + b for one row x (d). */
static void scores(const vs_logreg *m, const float *x, double *z)
{
    size_t c, j;

    for (c = 0; c < m->k; c++) {
        const double *w = m->w + c * m->d;
        double s = m->b[c];
        for (j = 0; j < m->d; j++)
            s += w[j] * (double)x[j];
        z[c] = s;
    }
}

double vs_logreg_objective(const vs_logreg *m, const float *X, size_t n, const int *y,
                           double C)
{
    double *z = xmallocarray(m->k, sizeof *z), loss = 0.0, pen = 0.0;
    size_t i;

    for (i = 0; i < n; i++) {
        scores(m, X + i * m->d, z);
        loss -= z[y[i]];
        loss += softmax_row(z, m->k);
    }
    for (i = 0; i < m->k * m->d; i++)
        pen += m->w[i] * m->w[i];
    free(z);
    return loss + pen / (2.0 * C);
}

void vs_logreg_proba(const vs_logreg *m, const float *X, size_t n, double *P)
{
    size_t i;

    for (i = 0; i < n; i++) {
        scores(m, X + i * m->d, P + i * m->k);
        softmax_row(P + i * m->k, m->k);
    }
}

void vs_logreg_predict(const vs_logreg *m, const float *X, size_t n, int *pred)
{
    double *z = xmallocarray(m->k, sizeof *z);
    size_t i, c;

    for (i = 0; i < n; i++) {
        size_t best = 0;
        scores(m, X + i * m->d, z);
        for (c = 1; c < m->k; c++)
            if (z[c] > z[best])
                best = c;
        pred[i] = (int)best;
    }
    free(z);
}
