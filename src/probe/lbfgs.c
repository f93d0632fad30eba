/*
 * lbfgs.c - limited-memory BFGS with a strong-Wolfe line search (see
 * lbfgs.h).
 *
 * One iteration: the direction d = -H g from the two-loop recursion over the
 * last m pairs (s, y) = (x_k+1 - x_k, g_k+1 - g_k), H_0 = (s'y / y'y) I from
 * the newest pair; a step a along d with
 *     f(x + a d) <= f(x) + c1 a g'd           (sufficient decrease)
 *     |g(x + a d)'d| <= c2 |g'd|              (strong curvature)
 * found by bracketing (from a = 1, or 1/||g|| on the first iteration as
 * L-BFGS-B starts, four times longer each try) and zooming in by cubic
 * interpolation; then the new pair. Vectors of n doubles throughout; the
 * work is in f.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../xalloc.h"
#include "lbfgs.h"

void vs_lbfgs_defaults(vs_lbfgs_params *p)
{
    memset(p, 0, sizeof *p);
    p->m = 10;
    p->max_iter = 100;
    p->max_eval = 15000;
    p->max_ls = 20;
    p->gtol = 1e-5;
    p->ftol = 2.220446049250313e-09;
    p->c1 = 1e-4;
    p->c2 = 0.9;
}

const char *vs_lbfgs_stop_name(enum vs_lbfgs_stop stop)
{
    switch (stop) {
    case VS_LBFGS_GTOL:
        return "converged: the gradient is below the tolerance";
    case VS_LBFGS_FTOL:
        return "converged: the objective no longer decreases";
    case VS_LBFGS_MAX_ITER:
        return "stopped at the iteration limit before converging";
    case VS_LBFGS_MAX_EVAL:
        return "stopped at the evaluation limit before converging";
    case VS_LBFGS_LINE_SEARCH:
        return "stopped: no step lowered the objective further (rounding)";
    }
    return "stopped";
}

int vs_lbfgs_converged(enum vs_lbfgs_stop stop)
{
    return stop == VS_LBFGS_GTOL || stop == VS_LBFGS_FTOL;
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0.0;
    size_t i;

    for (i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

static double max_abs(const double *a, size_t n)
{
    double m = 0.0;
    size_t i;

    for (i = 0; i < n; i++)
        if (fabs(a[i]) > m)
            m = fabs(a[i]);
    return m;
}

/* The evaluations of f along x + a d, with the last one kept. */
typedef struct line {
    size_t n;
    const double *x, *d;
    double *xt, *gt;     /* the last point tried and its gradient */
    double ft;           /* f there */
    vs_lbfgs_fn f;
    void *ud;
    int evals;           /* evaluations during this search */
    int *total;          /* evaluations in all */
} line;

/* phi(a) = f(x + a d) and phi'(a) = g(x + a d)'d; the point and its
 * gradient stay in xt, gt. */
static double phi(line *l, double a, double *dphi)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        l->xt[i] = l->x[i] + a * l->d[i];
    l->ft = l->f(l->xt, l->gt, l->ud);
    l->evals++;
    (*l->total)++;
    *dphi = dot(l->gt, l->d, l->n);
    if (!isfinite(*dphi))
        l->ft = INFINITY;
    return l->ft;
}

/* The minimiser of the cubic through (a, fa, ga) and (b, fb, gb), kept
 * within the middle 80% of [a, b] (either order): the bisection when the
 * cubic has none there. */
static double cubic_min(double a, double fa, double ga, double b, double fb, double gb)
{
    double lo = a < b ? a : b, hi = a < b ? b : a, w = hi - lo;
    double d1 = ga + gb - 3.0 * (fa - fb) / (a - b), r = d1 * d1 - ga * gb, t;

    if (isfinite(fb) && isfinite(r) && r >= 0.0) {
        double d2 = (b > a ? 1.0 : -1.0) * sqrt(r), den = gb - ga + 2.0 * d2;
        t = den != 0.0 ? b - (b - a) * (gb + d2 - d1) / den : NAN;
    } else {
        t = NAN;
    }
    if (!isfinite(t))
        return 0.5 * (lo + hi);
    if (t < lo + 0.1 * w)
        t = lo + 0.1 * w;
    if (t > hi - 0.1 * w)
        t = hi - 0.1 * w;
    return t;
}

/* A step a along d satisfying the strong Wolfe conditions, with
 * phi(0) = f0 and phi'(0) = g0 < 0, from the first trial a1. Returns 0 with
 * the accepted point in l->xt, l->gt, l->ft (always the last one evaluated), or
 * -1 when max_ls evaluations found none. */
static int wolfe_search(line *l, const vs_lbfgs_params *p, double f0, double g0, double a1)
{
    double a_prev = 0.0, f_prev = f0, g_prev = g0, a = a1, fa, ga;
    double lo, flo, glo, hi, fhi, ghi;

    /* bracketing: grow the step until it passes a minimum along d */
    for (;;) {
        if (l->evals >= p->max_ls)
            return -1;
        fa = phi(l, a, &ga);
        if (!(fa <= f0 + p->c1 * a * g0) || (a_prev > 0.0 && fa >= f_prev)) {
            lo = a_prev, flo = f_prev, glo = g_prev;
            hi = a, fhi = fa, ghi = ga;
            break;
        }
        if (fabs(ga) <= -p->c2 * g0)
            return 0;
        if (ga >= 0.0) {
            lo = a, flo = fa, glo = ga;
            hi = a_prev, fhi = f_prev, ghi = g_prev;
            break;
        }
        a_prev = a, f_prev = fa, g_prev = ga;
        a *= 4.0;
    }

    /* zoom: lo satisfies sufficient decrease with the lowest f so far, and
     * [lo, hi] holds a step satisfying both conditions */
    for (;;) {
        if (l->evals >= p->max_ls || fabs(hi - lo) <= 1e-16 * fabs(lo))
            return -1;
        a = cubic_min(lo, flo, glo, hi, fhi, ghi);
        fa = phi(l, a, &ga);
        if (!(fa <= f0 + p->c1 * a * g0) || fa >= flo) {
            hi = a, fhi = fa, ghi = ga;
            continue;
        }
        if (fabs(ga) <= -p->c2 * g0)
            return 0;
        if (ga * (hi - lo) >= 0.0)
            hi = lo, fhi = flo, ghi = glo;
        lo = a, flo = fa, glo = ga;
    }
}

/* d = -H g by the two-loop recursion over the k newest pairs (ring buffer
 * of m, newest at index newest). */
static void direction(size_t n, const double *g, int m, int k, int newest, double *const *s,
                      double *const *y, const double *rho, double *alpha, double *d)
{
    int j, i;
    size_t t;
    double gamma, beta;

    for (t = 0; t < n; t++)
        d[t] = -g[t];
    for (j = 0; j < k; j++) {
        i = (newest - j + m) % m;
        alpha[i] = rho[i] * dot(s[i], d, n);
        for (t = 0; t < n; t++)
            d[t] -= alpha[i] * y[i][t];
    }
    if (k > 0) {
        gamma = dot(s[newest], y[newest], n) / dot(y[newest], y[newest], n);
        for (t = 0; t < n; t++)
            d[t] *= gamma;
    }
    for (j = k - 1; j >= 0; j--) {
        i = (newest - j + m) % m;
        beta = rho[i] * dot(y[i], d, n);
        for (t = 0; t < n; t++)
            d[t] += (alpha[i] - beta) * s[i][t];
    }
}

int vs_lbfgs_minimize(size_t n, double *x, vs_lbfgs_fn f, void *ud,
                      const vs_lbfgs_params *p, vs_lbfgs_report *rep, vs_error *err)
{
    int m = p->m > 0 ? p->m : 1, k = 0, newest = -1, j, rc = 0, retried = 0;
    double **s = xcalloc((size_t)m, sizeof *s), **y = xcalloc((size_t)m, sizeof *y);
    double *rho = xcalloc((size_t)m, sizeof *rho), *alpha = xcalloc((size_t)m, sizeof *alpha);
    double *g = xmallocarray(n, sizeof *g), *d = xmallocarray(n, sizeof *d);
    double *xt = xmallocarray(n, sizeof *xt), *gt = xmallocarray(n, sizeof *gt);
    double fx, g0, a1, gnorm;
    line l;
    size_t t;

    for (j = 0; j < m; j++) {
        s[j] = xmallocarray(n, sizeof **s);
        y[j] = xmallocarray(n, sizeof **y);
    }
    memset(rep, 0, sizeof *rep);
    fx = f(x, g, ud);
    rep->evals = 1;
    if (!isfinite(fx) || !isfinite(max_abs(g, n))) {
        rc = vs_fail(err, "the objective is not finite at the starting point");
        goto out;
    }
    l.n = n;
    l.x = x;
    l.d = d;
    l.xt = xt;
    l.gt = gt;
    l.f = f;
    l.ud = ud;
    l.total = &rep->evals;
    for (;;) {
        if (max_abs(g, n) <= p->gtol) {
            rep->stop = VS_LBFGS_GTOL;
            break;
        }
        if (rep->iters >= p->max_iter) {
            rep->stop = VS_LBFGS_MAX_ITER;
            break;
        }
        if (rep->evals >= p->max_eval) {
            rep->stop = VS_LBFGS_MAX_EVAL;
            break;
        }
        direction(n, g, m, k, newest, s, y, rho, alpha, d);
        g0 = dot(g, d, n);
        if (!(g0 < 0.0)) {
            /* not a descent direction (rounding in the pairs): start the
             * memory afresh along -g */
            k = 0;
            for (t = 0; t < n; t++)
                d[t] = -g[t];
            g0 = dot(g, d, n);
        }
        /* the first step of a fresh memory is 1/||g||, as L-BFGS-B takes */
        gnorm = sqrt(dot(g, g, n));
        a1 = k == 0 ? 1.0 / gnorm : 1.0;
        l.evals = 0;
        if (wolfe_search(&l, p, fx, g0, a1) < 0) {
            if (k > 0 && !retried) {
                /* the memory may be stale: once more along -g */
                k = 0;
                retried = 1;
                continue;
            }
            rep->stop = VS_LBFGS_LINE_SEARCH;
            break;
        }
        retried = 0;
        /* the new pair, then move */
        newest = (newest + 1) % m;
        for (t = 0; t < n; t++) {
            s[newest][t] = xt[t] - x[t];
            y[newest][t] = gt[t] - g[t];
        }
        {
            double sy = dot(s[newest], y[newest], n);
            if (sy > 1e-10 * dot(y[newest], y[newest], n) && sy > 0.0) {
                rho[newest] = 1.0 / sy;
                if (k < m)
                    k++;
            } else {
                /* no positive curvature: drop the pair */
                newest = (newest - 1 + m) % m;
            }
        }
        {
            double fold = fx, den;
            memcpy(x, xt, n * sizeof *x);
            memcpy(g, gt, n * sizeof *g);
            fx = l.ft;
            rep->iters++;
            if (p->on_iter != NULL &&
                p->on_iter(p->on_iter_ud, rep->iters, fx, max_abs(g, n), err) < 0) {
                rc = -1;
                break;
            }
            den = fmax(fmax(fabs(fold), fabs(fx)), 1.0);
            if ((fold - fx) / den <= p->ftol) {
                rep->stop = VS_LBFGS_FTOL;
                break;
            }
        }
    }
    rep->f = fx;
    rep->gmax = max_abs(g, n);
out:
    for (j = 0; j < m; j++) {
        free(s[j]);
        free(y[j]);
    }
    free(s);
    free(y);
    free(rho);
    free(alpha);
    free(g);
    free(d);
    free(xt);
    free(gt);
    return rc;
}
