/*
 * lbfgs.h - unconstrained minimisation by limited-memory BFGS (Nocedal 1980;
 * Liu & Nocedal 1989): the two-loop recursion over the last m steps, and a
 * line search that ends on a step satisfying the strong Wolfe conditions
 * (bracketing, then zoom with safeguarded cubic interpolation: Nocedal &
 * Wright, Numerical Optimization, 2nd ed., algorithms 3.5 and 3.6).
 *
 * The stopping rules are those of scipy's L-BFGS-B (which scikit-learn's
 * lbfgs solver calls), so that `probe train --max-iter N --tol T` means what
 * LogisticRegression(max_iter=N, tol=T) means: the largest gradient
 * component at most gtol, or a relative decrease of f below ftol, or
 * max_iter iterations.
 */
#ifndef VS_PROBE_LBFGS_H
#define VS_PROBE_LBFGS_H

#include <stddef.h>

#include "../error.h"

/* f(x) with its gradient g (n) at x (n). A value that is not finite counts
 * as "too far" and makes the line search step back. */
typedef double (*vs_lbfgs_fn)(const double *x, double *g, void *ud);

/* Called after each iteration (iteration count from 1, the value, the
 * largest gradient component). A return of -1, with a message in err, stops
 * the minimisation with that error (Ctrl-C). */
typedef int (*vs_lbfgs_iter_fn)(void *ud, int iter, double f, double gmax,
                                vs_error *err);

typedef struct vs_lbfgs_params {
    int m;              /* correction pairs kept (10, scipy's maxcor) */
    int max_iter;       /* iterations at most (100) */
    int max_eval;       /* evaluations of f at most (15000, scipy's maxfun) */
    int max_ls;         /* evaluations per line search at most (20, scipy's maxls) */
    double gtol;        /* stop when max |g_i| <= gtol (1e-5; scipy's pgtol) */
    double ftol;        /* stop when (f_k - f_k+1) / max(|f_k|, |f_k+1|, 1)
                           <= ftol (2.22e-9: scipy's factr 1e7 times the
                           double epsilon) */
    double c1, c2;      /* the Wolfe constants: sufficient decrease 1e-4,
                           curvature 0.9 */
    vs_lbfgs_iter_fn on_iter;  /* or NULL */
    void *on_iter_ud;
} vs_lbfgs_params;

/* Why the minimisation stopped. */
enum vs_lbfgs_stop {
    VS_LBFGS_GTOL,       /* the gradient is small: converged */
    VS_LBFGS_FTOL,       /* f no longer decreases: converged */
    VS_LBFGS_MAX_ITER,   /* max_iter reached */
    VS_LBFGS_MAX_EVAL,   /* max_eval reached */
    VS_LBFGS_LINE_SEARCH /* no step along the search direction lowered f
                            enough (rounding): x is the last iterate */
};

typedef struct vs_lbfgs_report {
    enum vs_lbfgs_stop stop;
    int iters;          /* iterations done */
    int evals;          /* evaluations of f */
    double f;           /* f at the returned x */
    double gmax;        /* the largest |g_i| there */
} vs_lbfgs_report;

/* The defaults above. */
void vs_lbfgs_defaults(vs_lbfgs_params *p);

/* A phrase for a stop reason ("converged: ..."). */
const char *vs_lbfgs_stop_name(enum vs_lbfgs_stop stop);

/* 1 when the stop reason means convergence (GTOL or FTOL). */
int vs_lbfgs_converged(enum vs_lbfgs_stop stop);

/* Minimises f from x (n), leaving the best point found in x and what
 * happened in *rep. Returns 0, or -1 when on_iter stopped it (x is then
 * the last iterate) or f is not finite at the start. */
int vs_lbfgs_minimize(size_t n, double *x, vs_lbfgs_fn f, void *ud,
                      const vs_lbfgs_params *p, vs_lbfgs_report *rep,
                      vs_error *err);

#endif
