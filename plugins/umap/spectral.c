/*
 * spectral.c - UMAP's spectral start (the reference's spectral_layout; the
 * algorithm, not the code): the map starts from the eigenvectors of the
 * graph's normalised Laplacian L = I - D^-1/2 W D^-1/2 (D the weighted
 * degrees) of the smallest eigenvalues, the first (eigenvalue 0, vector
 * D^1/2 1) left out - the Laplacian eigenmap of the fuzzy graph.
 *
 * The smallest eigenvalues of L are the largest of M = D^-1/2 W D^-1/2, and
 * M's top eigenvector u0 = D^1/2 1 / |D^1/2 1| is known, so the search runs
 * in the space orthogonal to u0: a thick-restart Lanczos iteration (Wu &
 * Simon 2000) with full reorthogonalisation. The basis V (up to MAXBASIS
 * vectors) holds the Krylov space of a fixed pseudo-random start; T = V^T M V
 * is diagonalised by LAPACK (dsyev) and when the wanted Ritz pairs' residuals
 * |beta s_last| are not all below TOL, the iteration restarts from those
 * Ritz vectors (and more, up to half the basis) plus the last residual
 * direction. Every sum is a plain loop in a fixed order: the start does not
 * depend on the thread count or on the BLAS kernel's threading.
 *
 * A graph in several parts has as many eigenvalues 0, whose vectors say only
 * which part a point is in; the reference lays the parts out separately,
 * here the caller falls back to a random start instead, as it does when the
 * iteration does not converge.
 */
#include <lapacke.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/random.h"
#include "umap-internal.h"

#define MAXBASIS 32
#define TOL 1e-6
#define MAX_RESTARTS 300

/* The number of connected parts of G (breadth first; queue and part, n
 * each, are scratch). */
static size_t count_parts(const struct vsp_csr *G, int *queue, int *part)
{
    size_t n = G->n, i, parts = 0, head, tail, t;

    for (i = 0; i < n; i++)
        part[i] = -1;
    for (i = 0; i < n; i++) {
        if (part[i] >= 0)
            continue;
        part[i] = (int)parts;
        queue[0] = (int)i;
        head = 0;
        tail = 1;
        while (head < tail) {
            size_t u = (size_t)queue[head++];
            for (t = G->row[u]; t < G->row[u + 1]; t++)
                if (part[G->col[t]] < 0) {
                    part[G->col[t]] = (int)parts;
                    queue[tail++] = G->col[t];
                }
        }
        parts++;
    }
    return parts;
}

static double dot(const double *x, const double *y, size_t n)
{
    double s = 0;
    size_t i;

    for (i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}

/* y (n) = M x = D^-1/2 W D^-1/2 x; isd (n) = D^-1/2. */
static void apply_m(const struct vsp_csr *G, const double *isd, const double *x, double *y)
{
    size_t i, t;

    for (i = 0; i < G->n; i++) {
        double s = 0;
        for (t = G->row[i]; t < G->row[i + 1]; t++)
            s += (double)G->val[t] * isd[G->col[t]] * x[G->col[t]];
        y[i] = isd[i] * s;
    }
}

/* w (n) -= its parts along u0 and V's first j vectors, twice (classical
 * Gram-Schmidt with one reorthogonalisation); h (j) gets the coefficients
 * along V when not NULL. Returns |w|. */
static double orthogonalise(double *w, const double *u0, const double *V, size_t j, size_t n,
                            double *h)
{
    size_t pass, l, i;

    if (h != NULL)
        for (l = 0; l < j; l++)
            h[l] = 0;
    for (pass = 0; pass < 2; pass++) {
        double c = dot(u0, w, n);
        for (i = 0; i < n; i++)
            w[i] -= c * u0[i];
        for (l = 0; l < j; l++) {
            const double *v = V + l * n;
            c = dot(v, w, n);
            if (h != NULL)
                h[l] += c;
            for (i = 0; i < n; i++)
                w[i] -= c * v[i];
        }
    }
    return sqrt(dot(w, w, n));
}

/* A fixed pseudo-random vector (n) on [-0.5, 0.5), the stream picked by
 * salt. */
static void start_vector(double *v, size_t n, uint64_t salt)
{
    uint64_t s = 0x853c49e6748fea9bULL ^ (salt * 0x9e3779b97f4a7c15ULL);
    size_t i;

    for (i = 0; i < n; i++)
        v[i] = vsp_uniform01(&s) - 0.5;
}

int umap_spectral(const struct vsp_csr *G, int dims, vsp_tick tick, void *ud, float *Y,
                  size_t *parts)
{
    size_t n = G->n, nev = (size_t)dims, m, p = 0, j, i, l, c, restarts;
    double *isd = NULL, *u0 = NULL, *V = NULL, *Vn = NULL, *T = NULL, *S = NULL, *theta = NULL;
    double *h = NULL, beta = 0, norm;
    int *queue = NULL, *part = NULL, rc = -1;
    uint64_t salt = 0;

    *parts = 1;
    if (n < 2 || n - 1 < nev)
        return UMAP_SPECTRAL_SMALL;
    queue = malloc(n * sizeof *queue);
    part = malloc(n * sizeof *part);
    if (queue == NULL || part == NULL)
        goto out;
    *parts = count_parts(G, queue, part);
    if (*parts > 1) {
        rc = UMAP_SPECTRAL_SPLIT;
        goto out;
    }

    m = n - 1 < MAXBASIS ? n - 1 : MAXBASIS;
    isd = malloc(n * sizeof *isd);
    u0 = malloc(n * sizeof *u0);
    V = malloc((m + 1) * n * sizeof *V);
    Vn = malloc(m * n * sizeof *Vn);
    T = calloc(m * m, sizeof *T);
    S = malloc(m * m * sizeof *S);
    theta = malloc(m * sizeof *theta);
    h = malloc((m + 1) * sizeof *h);
    if (!isd || !u0 || !V || !Vn || !T || !S || !theta || !h)
        goto out;

    /* 1. D^-1/2 and the known eigenvector u0 = D^1/2 1, normalised */
    for (i = 0; i < n; i++) {
        double deg = 0;
        for (l = G->row[i]; l < G->row[i + 1]; l++)
            deg += G->val[l];
        isd[i] = deg > 0 ? 1 / sqrt(deg) : 0;
        u0[i] = sqrt(deg);
    }
    norm = sqrt(dot(u0, u0, n));
    for (i = 0; i < n; i++)
        u0[i] /= norm;

    /* 2. the start: a fixed random direction orthogonal to u0 */
    start_vector(V, n, salt++);
    norm = orthogonalise(V, u0, V, 0, n, NULL);
    for (i = 0; i < n; i++)
        V[i] /= norm;

    for (restarts = 0; restarts < MAX_RESTARTS; restarts++) {
        size_t top;
        int conv = 1;
        /* 3. extend the basis to m vectors: column j of T = V^T M v_j */
        for (j = p; j < m; j++) {
            double *w = V + (j + 1) * n;
            apply_m(G, isd, V + j * n, w);
            beta = orthogonalise(w, u0, V, j + 1, n, h);
            for (l = 0; l <= j; l++)
                T[l * m + j] = T[j * m + l] = h[l];
            if (beta > 1e-10) {
                for (i = 0; i < n; i++)
                    w[i] /= beta;
            } else if (j + 1 < m) {
                /* an invariant subspace: go on from a fresh direction */
                start_vector(w, n, salt++);
                norm = orthogonalise(w, u0, V, j + 1, n, NULL);
                if (!(norm > 1e-10)) {
                    rc = UMAP_SPECTRAL_STUCK;
                    goto out;
                }
                for (i = 0; i < n; i++)
                    w[i] /= norm;
                beta = 0;
            } else {
                beta = 0;
            }
        }
        /* 4. the Ritz pairs: T's eigenvalues ascending, vectors in S's
         * columns; the wanted ones are the last nev */
        memcpy(S, T, m * m * sizeof *S);
        if (LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)m, S, (lapack_int)m,
                          theta) != 0) {
            rc = UMAP_SPECTRAL_STUCK;
            goto out;
        }
        for (c = 0; c < nev; c++)
            if (fabs(beta * S[(m - 1) * m + (m - 1 - c)]) > TOL)
                conv = 0;
        /* 5. converged (or the whole space spanned): the vectors, else keep
         * the top Ritz vectors and the residual direction and go on */
        top = conv || m == n - 1 ? nev : nev + (m - nev) / 2;
        if (top > m - 1 && !(conv || m == n - 1))
            top = m - 1;
        for (c = 0; c < top; c++) {
            double *v = Vn + c * n;
            for (i = 0; i < n; i++)
                v[i] = 0;
            for (l = 0; l < m; l++) {
                double s = S[l * m + (m - 1 - c)];
                const double *vl = V + l * n;
                for (i = 0; i < n; i++)
                    v[i] += s * vl[i];
            }
        }
        if (conv || m == n - 1) {
            for (c = 0; c < nev; c++) {
                const double *v = Vn + c * n;
                size_t amax = 0;
                for (i = 1; i < n; i++)
                    if (fabs(v[i]) > fabs(v[amax]))
                        amax = i;
                for (i = 0; i < n; i++)
                    Y[i * nev + c] = (float)(v[amax] < 0 ? -v[i] : v[i]);
            }
            rc = 0;
            goto out;
        }
        if (tick != NULL && tick(ud, (double)restarts / MAX_RESTARTS)) {
            rc = UMAP_SPECTRAL_STOP;
            goto out;
        }
        /* the restart: V = [top Ritz vectors, residual], T their block */
        memmove(V + top * n, V + m * n, n * sizeof *V);
        memcpy(V, Vn, top * n * sizeof *V);
        memset(T, 0, m * m * sizeof *T);
        for (c = 0; c < top; c++)
            T[c * m + c] = theta[m - 1 - c];
        p = top;
    }
    rc = UMAP_SPECTRAL_STUCK;
out:
    free(queue);
    free(part);
    free(isd);
    free(u0);
    free(V);
    free(Vn);
    free(T);
    free(S);
    free(theta);
    free(h);
    return rc;
}
