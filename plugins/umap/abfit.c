/*
 * abfit.c - the a and b of UMAP's low-dimensional similarity
 * 1 / (1 + a d^2b), fitted to the shape min_dist and spread ask for, as the
 * reference's find_ab_params fits them with scipy's curve_fit (a nonlinear
 * least-squares fit from a = b = 1; the algorithm, not the code):
 *
 *   x_i   300 points evenly spaced over [0, 3 spread], both ends included
 *   y_i   1 where x_i < min_dist, else exp(-(x_i - min_dist) / spread)
 *   f_i   1 / (1 + a x_i^2b)
 *   min   sum (f_i - y_i)^2 over a, b, by Levenberg-Marquardt with the
 *         exact Jacobian: df/da = -u / (1 + a u)^2, df/db = -2 a u ln(x) /
 *         (1 + a u)^2, u = x^2b (0 at x = 0)
 */
#include <math.h>

#include "umap-internal.h"

#define NPOINTS 300
#define MAX_STEPS 500

/* The sum of squares at (a, b), and when J is not NULL the normal
 * equations' J^T J (JJ, 3 entries: aa, ab, bb) and J^T r (Jr, 2). */
static double residual(const double *x, const double *y, double a, double b, double *JJ,
                       double *Jr)
{
    double s = 0;
    int i;

    if (JJ != NULL)
        JJ[0] = JJ[1] = JJ[2] = Jr[0] = Jr[1] = 0;
    for (i = 0; i < NPOINTS; i++) {
        double u = x[i] > 0 ? pow(x[i], 2 * b) : 0, q = 1 + a * u, f = 1 / q;
        double r = f - y[i];
        s += r * r;
        if (JJ != NULL) {
            double ja = -u / (q * q), jb = x[i] > 0 ? -2 * a * u * log(x[i]) / (q * q) : 0;
            JJ[0] += ja * ja;
            JJ[1] += ja * jb;
            JJ[2] += jb * jb;
            Jr[0] += ja * r;
            Jr[1] += jb * r;
        }
    }
    return s;
}

int umap_find_ab(double min_dist, double spread, double *a_out, double *b_out)
{
    double x[NPOINTS], y[NPOINTS], a = 1, b = 1, lambda = 1e-3, s, JJ[3], Jr[2];
    int i, step;

    for (i = 0; i < NPOINTS; i++) {
        x[i] = 3 * spread * i / (NPOINTS - 1);
        y[i] = x[i] < min_dist ? 1.0 : exp(-(x[i] - min_dist) / spread);
    }
    s = residual(x, y, a, b, JJ, Jr);
    for (step = 0; step < MAX_STEPS; step++) {
        /* solve (J^T J + lambda diag(J^T J)) delta = -J^T r */
        double m00 = JJ[0] * (1 + lambda), m11 = JJ[2] * (1 + lambda), m01 = JJ[1];
        double det = m00 * m11 - m01 * m01, da, db, na, nb, ns;
        if (!(det > 0) || !isfinite(det))
            return -1;
        da = -(m11 * Jr[0] - m01 * Jr[1]) / det;
        db = -(m00 * Jr[1] - m01 * Jr[0]) / det;
        na = a + da;
        nb = b + db;
        ns = nb > 0 ? residual(x, y, na, nb, NULL, NULL) : INFINITY;
        if (ns < s) {
            /* accepted; done once a step no longer moves the answer */
            int small = fabs(da) <= 1e-12 * fabs(a) && fabs(db) <= 1e-12 * fabs(b);
            a = na;
            b = nb;
            s = residual(x, y, a, b, JJ, Jr);
            lambda = fmax(lambda / 10, 1e-12);
            if (small)
                break;
        } else if ((lambda *= 10) > 1e12) {
            break;   /* no step lowers the sum: a minimum, to rounding */
        }
    }
    if (step == MAX_STEPS || !isfinite(a) || !isfinite(b))
        return -1;
    *a_out = a;
    *b_out = b;
    return 0;
}
