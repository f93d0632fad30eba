/*
 * fftgrid.c - the repulsion of a 2-D t-SNE map by interpolation on a grid and
 * convolution by FFT (the idea of Linderman et al.'s FIt-SNE, 2019; our own
 * code and our own choices: a cubic stencil, a radix-2 FFT).
 *
 * With w_ij = 1 / (1 + |y_i - y_j|^2) and K = w^2, everything the gradient
 * needs from all pairs is four sums over j of K(y_i - y_j) times a charge:
 *
 *   phi1 = sum K,  phi2 = sum K x_j,  phi3 = sum K y_j,  phi4 = sum K |y_j|^2
 *   repulsion_i = y_i phi1 - (phi2, phi3)            (sum_j w^2 (y_i - y_j))
 *   z_i = (1 + |y_i|^2) phi1 - 2 y_i.(phi2, phi3) + phi4 - s_i
 *                                                    (sum_j!=i w_ij: w = K (1 + d^2))
 *
 * where s_i is the point's own term as the grid sees it: its charges
 * interpolated through the kernel back to itself (1 if the interpolation
 * were exact; a coarse grid sees less, and subtracting 1 would then
 * undercount z by n times the difference, which matters when the map holds
 * few points). The own term adds nothing to the repulsion. A z_i is kept at
 * least (n - 1) / (1 + 2 R^2), R the map's extent, which no map can go
 * under.
 *
 * Each sum is a convolution of the kernel with point charges. The charges
 * are spread onto an m x m grid of spacing h (each point onto its S x S
 * nearest nodes with Lagrange weights of degree S - 1, S = 6), the grid is convolved with the
 * kernel sampled on the grid by FFT (zero-padded to L = 2m so nothing wraps
 * around), and the four potentials are read back at the points with the same
 * weights. Coordinates are taken from the centre of the map, which keeps
 * |y|^2 - and the cancellation in z_i - small.
 *
 * Cost per iteration: O(n) for the spreading and the reading, O(L^2 log L)
 * for the transforms, whatever n is. h is at most H_MAX (the kernel's scale
 * is 1) and comes from a ladder of values 2^(-1/16) apart, so the kernel's
 * spectrum is recomputed only when the map has grown by a rung.
 *
 * Layout: a complex grid is two float planes (re, im), rows of L. The four
 * real charge grids travel as two complex ones (1 + i x, y + i |y|^2): the
 * kernel's spectrum is real (the kernel is even), so multiplying keeps the
 * real and imaginary parts apart. A 2-D transform is a pass over columns -
 * each butterfly combines two whole rows, which vectorises - a transpose, and
 * the pass again; zero padding lets the first pass skip the empty columns
 * and the inverse's last pass the columns nobody reads.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tsne-internal.h"

#define H_MAX 1.0
#define L_MIN 32
#define L_MAX 2048
#define RUNGS 16   /* ladder of spacings: 2^(-1/RUNGS) apart */
#define S TSNE_STENCIL

typedef float v4f __attribute__((vector_size(16)));

int tsne_fft_init(struct tsne_fft *F)
{
    memset(F, 0, sizeof *F);
    return 0;
}

void tsne_fft_free(struct tsne_fft *F)
{
    int g;

    for (g = 0; g < 2; g++) {
        free(F->re[g]);
        free(F->im[g]);
    }
    for (g = 0; g < 4; g++)
        free(F->scratch[g]);
    free(F->kspec);
    free(F->twr);
    free(F->twi);
    free(F->pt);
    memset(F, 0, sizeof *F);
}

/* Room for an L x L problem and n points; -1 on a memory failure. */
static int reserve(struct tsne_fft *F, int L, size_t n)
{
    size_t sz = (size_t)L * (size_t)L;
    int g, t;

    if (F->pt == NULL) {
        F->pt = malloc(n * sizeof *F->pt);
        if (F->pt == NULL)
            return -1;
    }
    if (L <= F->cap)
        return 0;
    for (g = 0; g < 2; g++) {
        free(F->re[g]);
        free(F->im[g]);
        F->re[g] = aligned_alloc(64, sz * sizeof(float));
        F->im[g] = aligned_alloc(64, sz * sizeof(float));
    }
    for (g = 0; g < 4; g++) {
        free(F->scratch[g]);
        F->scratch[g] = aligned_alloc(64, sz * sizeof(float));
    }
    free(F->kspec);
    free(F->twr);
    free(F->twi);
    F->kspec = aligned_alloc(64, sz * sizeof(float));
    F->twr = malloc((size_t)L * sizeof(float));
    F->twi = malloc((size_t)L * sizeof(float));
    F->cap = 0;
    F->kL = 0;
    if (!F->re[0] || !F->re[1] || !F->im[0] || !F->im[1] || !F->scratch[0] ||
        !F->scratch[1] || !F->scratch[2] || !F->scratch[3] || !F->kspec || !F->twr ||
        !F->twi)
        return -1;
    (void)t;
    F->cap = L;
    return 0;
}

/* Twiddles of size L: exp(-2 pi i t / L), t < L / 2. */
static void twiddles(struct tsne_fft *F, int L)
{
    int t;

    if (F->twL == L)
        return;
    for (t = 0; t < L / 2; t++) {
        F->twr[t] = (float)cos(-2.0 * M_PI * t / L);
        F->twi[t] = (float)sin(-2.0 * M_PI * t / L);
    }
    F->twL = L;
}

/* In place, along the rows' axis: column c (c < width) of the L x L planes
 * (re, im) becomes its DFT (sign -1, or +1 with inverse; unscaled). width is
 * a multiple of 4. */
static void column_pass(float *re, float *im, int L, int width, const float *twr,
                        const float *twi, int inverse)
{
    int i, j, bits = 0, len, k, c;

    while ((1 << bits) < L)
        bits++;
    /* bit-reversed order of the rows */
    for (i = 0; i < L; i++) {
        for (j = 0, k = 0; k < bits; k++)
            j |= ((i >> k) & 1) << (bits - 1 - k);
        if (j > i)
            for (c = 0; c < width; c++) {
                float t = re[(size_t)i * L + c];
                re[(size_t)i * L + c] = re[(size_t)j * L + c];
                re[(size_t)j * L + c] = t;
                t = im[(size_t)i * L + c];
                im[(size_t)i * L + c] = im[(size_t)j * L + c];
                im[(size_t)j * L + c] = t;
            }
    }
    /* butterflies: rows a and b = a + len/2, twiddle of k */
    for (len = 2; len <= L; len <<= 1) {
        int half = len / 2, stride = L / len;
        for (i = 0; i < L; i += len)
            for (k = 0; k < half; k++) {
                float wr = twr[k * stride], wi = inverse ? -twi[k * stride] : twi[k * stride];
                v4f vwr = {wr, wr, wr, wr}, vwi = {wi, wi, wi, wi};
                float *ar = re + (size_t)(i + k) * L, *ai = im + (size_t)(i + k) * L;
                float *br = re + (size_t)(i + k + half) * L, *bi = im + (size_t)(i + k + half) * L;
                for (c = 0; c < width; c += 4) {
                    v4f xr, xi, yr, yi, tr, ti;
                    memcpy(&xr, ar + c, 16);
                    memcpy(&xi, ai + c, 16);
                    memcpy(&yr, br + c, 16);
                    memcpy(&yi, bi + c, 16);
                    tr = vwr * yr - vwi * yi;
                    ti = vwr * yi + vwi * yr;
                    yr = xr - tr;
                    yi = xi - ti;
                    xr = xr + tr;
                    xi = xi + ti;
                    memcpy(ar + c, &xr, 16);
                    memcpy(ai + c, &xi, 16);
                    memcpy(br + c, &yr, 16);
                    memcpy(bi + c, &yi, 16);
                }
            }
    }
}

/* src (L x L) -> dst = its transpose, in tiles. */
static void transpose(const float *src, float *dst, int L)
{
    int i0, j0, i, j;

    for (i0 = 0; i0 < L; i0 += 16)
        for (j0 = 0; j0 < L; j0 += 16)
            for (i = i0; i < i0 + 16 && i < L; i++)
                for (j = j0; j < j0 + 16 && j < L; j++)
                    dst[(size_t)j * L + i] = src[(size_t)i * L + j];
}

/* Transposes the planes *re and *im through the scratch planes s[0], s[1]
 * (the pointers trade places). */
static void transpose2(float **re, float **im, float **s, int L)
{
    float *t;

    transpose(*re, s[0], L);
    transpose(*im, s[1], L);
    t = *re;
    *re = s[0];
    s[0] = t;
    t = *im;
    *im = s[1];
    s[1] = t;
}

/* The grid (re, im): nonzero in its first m columns -> spectrum, transposed
 * (which is no matter: the kernel's spectrum is symmetric). */
static void forward(float **re, float **im, float **s, int L, int m, const float *twr,
                    const float *twi)
{
    column_pass(*re, *im, L, m, twr, twi, 0);
    transpose2(re, im, s, L);
    column_pass(*re, *im, L, L, twr, twi, 0);
}

/* The inverse of forward, unscaled, good in the first m columns only. */
static void inverse(float **re, float **im, float **s, int L, int m, const float *twr,
                    const float *twi)
{
    column_pass(*re, *im, L, L, twr, twi, 1);
    transpose2(re, im, s, L);
    column_pass(*re, *im, L, m, twr, twi, 1);
}

/* The kernel 1 / (1 + r^2)^2 on the L x L grid of spacing h, offsets
 * wrapped (index a stands for a or a - L) -> its real spectrum / L^2. */
static void kernel_spectrum(struct tsne_fft *F, int L, double h)
{
    size_t sz = (size_t)L * L, i;
    int a, b;
    float *re = F->re[0], *im = F->im[0];

    for (a = 0; a < L; a++)
        for (b = 0; b < L; b++) {
            double oa = (a <= L / 2 ? a : a - L) * h, ob = (b <= L / 2 ? b : b - L) * h;
            double w = 1.0 / (1.0 + oa * oa + ob * ob);
            re[(size_t)a * L + b] = (float)(w * w);
            im[(size_t)a * L + b] = 0.0f;
        }
    forward(&F->re[0], &F->im[0], &F->scratch[0], L, L, F->twr, F->twi);
    for (i = 0; i < sz; i++)
        F->kspec[i] = F->re[0][i] / (float)sz;
    F->kL = L;
    F->kh = h;
}

/* Lagrange weights at u in [0, 1) for the S nodes -(S/2 - 1) .. S/2;
 * inv_den[k] = 1 / the product over j != k of (k - j). */
static void lagrange(double u, const double *inv_den, float *w)
{
    double pre[S + 1], suf[S + 1];
    int k, j;

    /* numerator k: the product of (u - node j) over j != k, from prefix and
     * suffix products */
    pre[0] = suf[S] = 1;
    for (j = 0; j < S; j++)
        pre[j + 1] = pre[j] * (u - (j - (S / 2 - 1)));
    for (j = S - 1; j >= 0; j--)
        suf[j] = suf[j + 1] * (u - (j - (S / 2 - 1)));
    for (k = 0; k < S; k++)
        w[k] = (float)(pre[k] * suf[k + 1] * inv_den[k]);
}

struct conv_ctx {
    struct tsne_fft *F;
    int L, m;
};

static void convolve(void *vctx, size_t lo, size_t hi)
{
    struct conv_ctx *c = vctx;
    struct tsne_fft *F = c->F;
    size_t g, i, sz = (size_t)c->L * c->L;

    for (g = lo; g < hi; g++) {
        forward(&F->re[g], &F->im[g], &F->scratch[2 * g], c->L, c->m, F->twr, F->twi);
        for (i = 0; i < sz; i++) {
            F->re[g][i] *= F->kspec[i];
            F->im[g][i] *= F->kspec[i];
        }
        inverse(&F->re[g], &F->im[g], &F->scratch[2 * g], c->L, c->m, F->twr, F->twi);
    }
}

struct gather_ctx {
    const struct tsne_fft *F;
    const float *Y;
    int L;
    double cx, cy;
    double ktab[2 * S - 1][2 * S - 1];  /* the kernel at node offsets
                                         * -(S-1)..S-1 (rows: y) */
    double zmin;        /* the least z_i a map of this extent can have */
    double *z, *rep;
};

/* s_i: the charge at the point's own S x S nodes, through the kernel,
 * read back with the same weights: sum over nodes (a, b) and (c, e) of
 * wx[a] wy[b] wx[c] wy[e] K(node (a, b) - node (c, e)) = sum over offsets
 * (dx, dy) of cx(dx) cy(dy) K(dx, dy), c the autocorrelations of the
 * weights. */
static double self_term(const struct tsne_fft_point *p,
                        const double ktab[2 * S - 1][2 * S - 1])
{
    double cx[2 * S - 1], cy[2 * S - 1], s = 0;
    int o, a, c;

    for (o = 0; o < 2 * S - 1; o++)
        cx[o] = cy[o] = 0;
    for (a = 0; a < S; a++)
        for (c = 0; c < S; c++) {
            cx[a - c + S - 1] += (double)p->wx[a] * p->wx[c];
            cy[a - c + S - 1] += (double)p->wy[a] * p->wy[c];
        }
    for (o = 0; o < 2 * S - 1; o++) {
        double t = 0;
        for (a = 0; a < 2 * S - 1; a++)
            t += cx[a] * ktab[o][a];
        s += cy[o] * t;
    }
    return s;
}

static void gather(void *vctx, size_t lo, size_t hi)
{
    struct gather_ctx *c = vctx;
    const struct tsne_fft *F = c->F;
    size_t i;
    int a, b, L = c->L;

    for (i = lo; i < hi; i++) {
        const struct tsne_fft_point *p = &F->pt[i];
        double x = c->Y[2 * i] - c->cx, y = c->Y[2 * i + 1] - c->cy;
        double f1 = 0, f2 = 0, f3 = 0, f4 = 0;
        for (b = 0; b < S; b++) {
            size_t row = (size_t)(p->iy + b) * L + (size_t)p->ix;
            for (a = 0; a < S; a++) {
                double w = (double)p->wy[b] * p->wx[a];
                f1 += w * F->re[0][row + a];
                f2 += w * F->im[0][row + a];
                f3 += w * F->re[1][row + a];
                f4 += w * F->im[1][row + a];
            }
        }
        c->rep[2 * i] = x * f1 - f2;
        c->rep[2 * i + 1] = y * f1 - f3;
        c->z[i] = (1 + x * x + y * y) * f1 - 2 * (x * f2 + y * f3) + f4 -
                  self_term(p, c->ktab);
        if (!(c->z[i] >= c->zmin))
            c->z[i] = c->zmin;
    }
}

int tsne_fft_repulsion(struct tsne_fft *F, const float *Y, size_t n, int nthreads,
                       double *z, double *rep)
{
    double lo[2] = {Y[0], Y[1]}, hi[2] = {Y[0], Y[1]}, cx, cy, R, h, need, inv_den[S];
    int L, m, rung, a, b;
    size_t i, sz;
    struct conv_ctx cc;
    struct gather_ctx gc;

    for (i = 0; i < n; i++)
        for (a = 0; a < 2; a++) {
            lo[a] = fmin(lo[a], Y[2 * i + a]);
            hi[a] = fmax(hi[a], Y[2 * i + a]);
        }
    cx = (lo[0] + hi[0]) / 2;
    cy = (lo[1] + hi[1]) / 2;
    R = fmax(hi[0] - lo[0], hi[1] - lo[1]);
    /* 1. the grid: the smallest L whose m = L / 2 nodes cover the map at
     * spacing H_MAX or less, h the ladder's rung just above R / (m - S - 2) */
    for (L = L_MIN; L < L_MAX && R / (L / 2 - S - 2) > H_MAX; L *= 2)
        ;
    /* the grid's work (two 2-D FFTs of L x L, then the spreading) against
     * the n^2 / 2 pairs of the direct sum */
    if ((double)n * (double)n / 2 < 4.0 * L * L * log2((double)L) + 2.0 * S * S * (double)n)
        return 1;
    m = L / 2;
    need = R / (m - S - 2);
    if (need > H_MAX) {
        h = need * 1.0001;  /* beyond L_MAX: coarser than H_MAX */
    } else {
        rung = need > 0 ? (int)floor(RUNGS * log2(H_MAX / need)) : 60 * RUNGS;
        rung = rung > 60 * RUNGS ? 60 * RUNGS : rung;
        h = H_MAX * exp2(-(double)rung / RUNGS);
        if (h < need)
            h = need;
    }
    if (reserve(F, L, n) < 0)
        return -1;
    twiddles(F, L);
    if (F->kL != L || F->kh != h)
        kernel_spectrum(F, L, h);

    /* 2. spread the charges (1, x, y, |y|^2) */
    for (a = 0; a < S; a++)
        for (inv_den[a] = 1, b = 0; b < S; b++)
            if (b != a)
                inv_den[a] /= (double)(a - b);
    sz = (size_t)L * L;
    for (a = 0; a < 2; a++) {
        memset(F->re[a], 0, sz * sizeof(float));
        memset(F->im[a], 0, sz * sizeof(float));
    }
    for (i = 0; i < n; i++) {
        struct tsne_fft_point *p = &F->pt[i];
        double x = Y[2 * i] - cx, y = Y[2 * i + 1] - cy;
        double tx = x / h + (m - 1) / 2.0, ty = y / h + (m - 1) / 2.0;
        double fx = floor(tx), fy = floor(ty);
        float q2 = (float)x, q3 = (float)y, q4 = (float)(x * x + y * y);
        p->ix = (int)fx - (S / 2 - 1);
        p->iy = (int)fy - (S / 2 - 1);
        p->ix = p->ix < 0 ? 0 : p->ix > m - S ? m - S : p->ix;
        p->iy = p->iy < 0 ? 0 : p->iy > m - S ? m - S : p->iy;
        lagrange(tx - (p->ix + S / 2 - 1), inv_den, p->wx);
        lagrange(ty - (p->iy + S / 2 - 1), inv_den, p->wy);
        for (b = 0; b < S; b++) {
            size_t row = (size_t)(p->iy + b) * L + (size_t)p->ix;
            for (a = 0; a < S; a++) {
                float w = p->wy[b] * p->wx[a];
                F->re[0][row + a] += w;
                F->im[0][row + a] += w * q2;
                F->re[1][row + a] += w * q3;
                F->im[1][row + a] += w * q4;
            }
        }
    }

    /* 3. convolve both complex grids (one a thread) */
    cc.F = F;
    cc.L = L;
    cc.m = m;
    vsp_parallel(nthreads < 2 ? 1 : 2, 2, convolve, &cc);

    /* 4. the potentials at the points */
    gc.F = F;
    gc.Y = Y;
    gc.L = L;
    gc.cx = cx;
    gc.cy = cy;
    gc.z = z;
    gc.rep = rep;
    gc.zmin = (double)(n - 1) / (1.0 + 2.0 * R * R);
    for (a = 0; a < 2 * S - 1; a++)
        for (b = 0; b < 2 * S - 1; b++) {
            double oy = (a - S + 1) * h, ox = (b - S + 1) * h;
            double w = 1.0 / (1.0 + ox * ox + oy * oy);
            gc.ktab[a][b] = w * w;
        }
    vsp_parallel(nthreads, n, gather, &gc);
    F->last_L = L;
    F->last_h = h;
    return 0;
}
