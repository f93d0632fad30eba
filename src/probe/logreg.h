/*
 * logreg.h - multinomial logistic regression with an L2 penalty, the
 * objective of scikit-learn's LogisticRegression(solver='lbfgs',
 * multi_class='multinomial', C=C, fit_intercept=True): over the weights
 * W (k, d) and the intercepts b (k),
 *
 *     J(W, b) = sum_i -log softmax(W x_i + b)[y_i]  +  ||W||^2 / (2 C)
 *
 * (the intercept is not penalised), minimised by L-BFGS (lbfgs.h) from
 * zero with scikit-learn's stopping rules (tol on the largest gradient
 * component, max_iter iterations). Rows are float32, as every vector in
 * vecscope; the objective and its gradient are computed in double through
 * BLAS dgemm, so that the optimum is the same as scikit-learn's (which
 * works in float64) to its tolerance.
 */
#ifndef VS_PROBE_LOGREG_H
#define VS_PROBE_LOGREG_H

#include <stddef.h>

#include "../progress.h"
#include "lbfgs.h"

typedef struct vs_logreg {
    size_t k, d;   /* classes, features */
    double *w;     /* k x d, row c the weights of class c */
    double *b;     /* k */
} vs_logreg;

typedef struct vs_logreg_params {
    double C;          /* inverse penalty strength (1.0) */
    int max_iter;      /* L-BFGS iterations at most (100, scikit-learn's) */
    double tol;        /* stop when every gradient component is within tol
                          (1e-4, scikit-learn's) */
    const vs_progress *progress;  /* or NULL */
} vs_logreg_params;

/* scikit-learn's defaults: C 1, max_iter 100, tol 1e-4. */
void vs_logreg_defaults(vs_logreg_params *p);

/* Trains on X (n, d) with labels y (n, each in [0, k)), k >= 2, into *out
 * (free with vs_logreg_free); *rep says how the minimisation ended. Returns
 * -1 on Ctrl-C (through the progress) or a non-finite value in X. */
int vs_logreg_train(const float *X, size_t n, size_t d, const int *y, size_t k,
                    const vs_logreg_params *p, vs_logreg *out,
                    vs_lbfgs_report *rep, vs_error *err);

/* J(W, b) of m on X (n, d), y (n), with penalty C: what training minimises. */
double vs_logreg_objective(const vs_logreg *m, const float *X, size_t n, const int *y,
                           double C);

/* P (n, k) = softmax(W x_i + b) for each row x_i of X (n, d). */
void vs_logreg_proba(const vs_logreg *m, const float *X, size_t n, double *P);

/* pred (n) = the most probable class of each row of X (n, d); the lowest
 * class wins a tie, as numpy's argmax. */
void vs_logreg_predict(const vs_logreg *m, const float *X, size_t n, int *pred);

/* A model of k classes and d features, all zero. */
void vs_logreg_init(vs_logreg *m, size_t k, size_t d);

void vs_logreg_free(vs_logreg *m);

#endif
