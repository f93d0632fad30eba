/*
 * stats.c - the correlations of the word-pair benchmark: Pearson's r and
 * Spearman's rho (ranks with ties averaged), as scipy.stats computes them
 * for gensim's evaluate_word_pairs.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "eval.h"
#include "xalloc.h"

double vs_eval_pearson(const double *x, const double *y, size_t n)
{
    double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0, r;
    size_t i;

    if (n < 2)
        return NAN;
    for (i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    for (i = 0; i < n; i++) {
        double dx = x[i] - mx, dy = y[i] - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (sxx == 0 || syy == 0)
        return NAN;
    r = sxy / sqrt(sxx * syy);
    return r > 1 ? 1 : r < -1 ? -1 : r;
}

/* A value and where it was, sorted by value, then place (a stable order
 * without a global for qsort). */
struct ranked {
    double v;
    size_t i;
};

static int cmp_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;

    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* r (n) = ranks of v, 1-based, ties given the average of their ranks. */
static void ranks(const double *v, size_t n, double *r)
{
    struct ranked *s = xmallocarray(n ? n : 1, sizeof *s);
    size_t i, j;

    for (i = 0; i < n; i++) {
        s[i].v = v[i];
        s[i].i = i;
    }
    qsort(s, n, sizeof *s, cmp_ranked);
    for (i = 0; i < n; i = j) {
        double avg;
        for (j = i + 1; j < n && s[j].v == s[i].v; j++)
            ;
        avg = (double)(i + 1 + j) / 2.0; /* mean of ranks i+1 .. j */
        for (; i < j; i++)
            r[s[i].i] = avg;
    }
    free(s);
}

double vs_eval_spearman(const double *x, const double *y, size_t n)
{
    double *rx = xmallocarray(n ? n : 1, sizeof *rx), *ry = xmallocarray(n ? n : 1, sizeof *ry);
    double rho;

    ranks(x, n, rx);
    ranks(y, n, ry);
    rho = vs_eval_pearson(rx, ry, n);
    free(rx);
    free(ry);
    return rho;
}
