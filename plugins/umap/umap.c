/*
 * umap.c - the UMAP projection plugin: uniform manifold approximation and
 * projection (McInnes, Healy & Melville 2018, arXiv:1802.03426), with the
 * reference implementation's (umap-learn 0.5) defaults and constants; the
 * paper and that implementation's documentation and source were read for
 * the algorithm, the code is ours.
 *
 *   X (n, d)      the input rows
 *   neighbours    the k = min(neighbors, n - 1) nearest of each point, the
 *                 point itself counted as the first, as the reference
 *                 counts them: exact, Euclidean (plugins/common/knn.h)
 *   G             the fuzzy simplicial set: per-point rho and sigma, the
 *                 membership strengths, their fuzzy union (fuzzy.c); edges
 *                 lighter than max / epochs left out
 *   a, b          the curve 1 / (1 + a d^2b) fitted to min_dist with spread 1
 *                 (abfit.c)
 *   Y (n, D)      the start: the spectral embedding of G (spectral.c),
 *                 scaled so its largest |coordinate| is 10, plus N(0, 1e-4)
 *                 noise from the seed; or, when G is in several parts, when
 *                 the eigensolver fails or init=random, uniform on
 *                 [-10, 10]^D from the seed. Each column then rescaled to
 *                 [0, 10].
 *   layout        epochs of stochastic gradient descent with negative
 *                 sampling (layout.c): 500 epochs up to 10,000 points, 200
 *                 above, unless set
 *
 * The final figures (vecscope-plugin.h) say what was done: the epochs, the
 * neighbours, whether the start was spectral, and if not why ("random start
 * because": UMAP_FIG_*), with the graph's number of parts; the command
 * turns them into a note. The last progress label says the same in words.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vecscope-plugin.h"
#include "common/random.h"
#include "common/report.h"
#include "umap-internal.h"

#define SPREAD 1.0
#define SMALL_DATA 10000     /* up to this many points: 500 epochs, else 200 */

enum { P_NEIGHBORS, P_MIN_DIST, P_SEED, P_EPOCHS, P_INIT, P_THREADS, NPARAMS };

static const struct vs_param umap_params[] = {
    {"neighbors", VS_PARAM_INT, "15", "size of the local neighbourhood, the point itself counted (at most n - 1)"},
    {"min-dist", VS_PARAM_REAL, "0.1", "how close points may come on the map, 0 to 1"},
    {"seed", VS_PARAM_INT, "0", "seed of the start's random part and of the negative samples"},
    {"epochs", VS_PARAM_INT, "auto", "passes of the layout; auto = 500 up to 10,000 points, else 200"},
    {"init", VS_PARAM_STRING, "spectral", "spectral or random"},
    {"threads", VS_PARAM_INT, "1", "worker threads for the neighbours, at most 64 used (the map does not depend on them)"},
    {NULL, 0, NULL, NULL}
};

/* --- progress: the stages' shares of the bar --- */

struct stage {
    const struct vs_plugin_progress *progress;
    const char *what;
    double from, to;    /* the stage's part of [0, 1] */
    long long epochs;   /* the layout: for the label */
};

static int stage_tick(void *ud, double fraction)
{
    struct stage *s = ud;

    return vsp_cancelled(s->progress, s->what, s->from + (s->to - s->from) * fraction);
}

static int layout_tick(void *ud, double fraction)
{
    struct stage *s = ud;
    char label[96];

    snprintf(label, sizeof label, "umap: epoch %lld/%lld",
             (long long)(fraction * (double)s->epochs + 0.5), s->epochs);
    return vsp_cancelled(s->progress, label, s->from + (s->to - s->from) * fraction);
}

/* Y (n, D) -> each column moved and scaled onto [0, 10] (a column of one
 * value goes to 0). */
static void rescale(float *Y, size_t n, int D)
{
    int c;
    size_t i;

    for (c = 0; c < D; c++) {
        float lo = INFINITY, hi = -INFINITY;
        for (i = 0; i < n; i++) {
            lo = fminf(lo, Y[i * (size_t)D + (size_t)c]);
            hi = fmaxf(hi, Y[i * (size_t)D + (size_t)c]);
        }
        for (i = 0; i < n; i++) {
            float *y = &Y[i * (size_t)D + (size_t)c];
            *y = hi > lo ? 10.0f * (*y - lo) / (hi - lo) : 0.0f;
        }
    }
}

static int umap_run(const float *X, size_t n, size_t d, int out_dims,
                    const struct vs_param_value *params,
                    const struct vs_plugin_progress *progress, float *Y,
                    struct vs_plugin_result *result, char *err, size_t errlen)
{
    const struct vs_param_value *pv = params;
    long long neighbors = pv[P_NEIGHBORS].set ? pv[P_NEIGHBORS].i : 15;
    double min_dist = pv[P_MIN_DIST].set ? pv[P_MIN_DIST].d : 0.1;
    long long seed = pv[P_SEED].set ? pv[P_SEED].i : 0;
    long long epochs = pv[P_EPOCHS].set ? pv[P_EPOCHS].i : n <= SMALL_DATA ? 500 : 200;
    const char *init = pv[P_INIT].set && pv[P_INIT].s ? pv[P_INIT].s : "spectral";
    long long threads = pv[P_THREADS].set ? pv[P_THREADS].i : 1;
    int D = out_dims, nt, rc = -1, sp = 0;
    size_t i, k, nk, parts = 1;
    int *nbr = NULL;
    double *dist = NULL, a, b, scale;
    struct vsp_csr G;
    struct umap_layout L;
    struct stage st;
    uint64_t rng = (uint64_t)seed;
    const char *start;
    char why[96], label[192];

    memset(&G, 0, sizeof G);

    /* 1. the parameters and the input */
    if (out_dims < 1 || out_dims > 3)
        return vsp_fail(err, errlen, "umap: the map must have 1 to 3 dimensions, not %d",
                        out_dims);
    if (n < 3)
        return vsp_fail(err, errlen, "umap: needs at least 3 points, got %zu", n);
    if (n > 0x7fffffff)
        return vsp_fail(err, errlen, "umap: too many points (%zu)", n);
    if (neighbors < 2)
        return vsp_fail(err, errlen, "umap: neighbors must be at least 2, got %lld", neighbors);
    if (!(min_dist >= 0 && min_dist <= SPREAD))
        return vsp_fail(err, errlen, "umap: min-dist must be between 0 and %g (the spread), "
                    "got %g", SPREAD, min_dist);
    if (epochs < 1 || epochs > 100000000)
        return vsp_fail(err, errlen, "umap: epochs must be 1 to 100000000, got %lld", epochs);
    if (strcmp(init, "spectral") != 0 && strcmp(init, "random") != 0)
        return vsp_fail(err, errlen, "umap: unknown init \"%s\" (spectral or random)", init);
    if (threads < 1)
        return vsp_fail(err, errlen, "umap: threads must be at least 1, got %lld", threads);
    nt = threads > VSP_MAX_THREADS ? VSP_MAX_THREADS : (int)threads;
    for (i = 0; i < n * d; i++)
        if (!isfinite(X[i]))
            return vsp_fail(err, errlen, "umap: point %zu has a NaN or infinite component "
                        "(dimension %zu)", i / d, i % d);
    if (umap_find_ab(min_dist, SPREAD, &a, &b) < 0)
        return vsp_fail(err, errlen, "umap: the curve for min-dist %g cannot be fitted",
                        min_dist);
    /* the neighbourhood counts the point itself: k - 1 others */
    k = (size_t)neighbors < n - 1 ? (size_t)neighbors : n - 1;
    nk = n * k;

    nbr = malloc(nk * sizeof *nbr);
    dist = malloc(nk * sizeof *dist);
    if (!nbr || !dist) {
        vsp_fail(err, errlen, "umap: out of memory");
        goto out;
    }

    /* 2. the neighbours: the point itself, then its k - 1 nearest others */
    st.progress = progress;
    st.what = "umap: nearest neighbours";
    st.from = 0.0;
    st.to = 0.2;
    st.epochs = epochs;
    if (vsp_cancelled(progress, st.what, 0.0)) {
        vsp_fail(err, errlen, "interrupted");
        goto out;
    }
    rc = umap_neighbours(X, n, d, k, nt, stage_tick, &st, nbr, dist);
    if (rc != 0) {
        vsp_fail(err, errlen, rc > 0 ? "interrupted" : "umap: out of memory");
        rc = -1;
        goto out;
    }
    rc = -1;

    /* 3. the fuzzy simplicial set, without the edges too light to sample */
    if (umap_fuzzy_graph(nbr, dist, n, k, nt, &G, NULL, NULL) < 0) {
        vsp_fail(err, errlen, "umap: out of memory");
        goto out;
    }
    umap_graph_prune(&G, epochs > 10 ? (double)epochs : n <= SMALL_DATA ? 500.0 : 200.0);
    free(nbr);
    free(dist);
    nbr = NULL;
    dist = NULL;

    /* 4. the start */
    st.what = "umap: spectral start";
    st.from = 0.2;
    st.to = 0.25;
    why[0] = '\0';
    if (vsp_cancelled(progress, "umap: spectral start", 0.2)) {
        vsp_fail(err, errlen, "interrupted");
        goto out;
    }
    if (strcmp(init, "spectral") == 0) {
        sp = umap_spectral(&G, D, stage_tick, &st, Y, &parts);
        if (sp < 0) {
            vsp_fail(err, errlen, "umap: out of memory");
            goto out;
        }
        if (sp == UMAP_SPECTRAL_STOP) {
            vsp_fail(err, errlen, "interrupted");
            goto out;
        }
        if (sp == UMAP_SPECTRAL_SPLIT)
            snprintf(why, sizeof why, " (the neighbour graph is in %zu separate parts)", parts);
        else if (sp == UMAP_SPECTRAL_SMALL)
            snprintf(why, sizeof why, " (too few points for a spectral start)");
        else if (sp == UMAP_SPECTRAL_STUCK)
            snprintf(why, sizeof why, " (the spectral start did not converge)");
    }
    if (strcmp(init, "spectral") == 0 && sp == 0) {
        float amax = 0;
        for (i = 0; i < n * (size_t)D; i++)
            amax = fmaxf(amax, fabsf(Y[i]));
        scale = amax > 0 ? 10.0 / amax : 1.0;
        for (i = 0; i < n * (size_t)D; i++)
            Y[i] = (float)(Y[i] * scale + 1e-4 * vsp_normal(&rng));
        start = "spectral start";
    } else {
        for (i = 0; i < n * (size_t)D; i++)
            Y[i] = (float)(vsp_uniform01(&rng) * 20.0 - 10.0);
        start = "random start";
    }
    rescale(Y, n, D);

    /* 5. the layout */
    L.n = n;
    L.dims = D;
    L.a = a;
    L.b = b;
    L.epochs = epochs;
    L.seed = (uint64_t)seed ^ 0x5851f42d4c957f2dULL;
    L.tick = layout_tick;
    L.ud = &st;
    st.from = 0.25;
    st.to = 1.0;
    rc = umap_layout(&L, &G, Y);
    if (rc != 0) {
        vsp_fail(err, errlen, rc > 0 ? "interrupted" : "umap: out of memory");
        rc = -1;
        goto out;
    }
    rc = -1;
    for (i = 0; i < n * (size_t)D; i++)
        if (!isfinite(Y[i])) {
            vsp_fail(err, errlen, "umap: the layout diverged (point %zu)", i / (size_t)D);
            goto out;
        }
    snprintf(label, sizeof label, "umap: done after %lld epochs, %zu neighbours, %s%s",
             epochs, k, start, why);
    /* the final figures, for the host's note (vecscope-plugin.h) */
    vs_plugin_add_figure(result, "epochs", (double)epochs);
    vs_plugin_add_figure(result, "neighbours", (double)k);
    vs_plugin_add_figure(result, "spectral start", strcmp(start, "spectral start") == 0);
    vs_plugin_add_figure(result, "random start because",
                         strcmp(init, "spectral") != 0 ? UMAP_FIG_ASKED
                         : sp == UMAP_SPECTRAL_SPLIT   ? UMAP_FIG_SPLIT
                         : sp == UMAP_SPECTRAL_SMALL   ? UMAP_FIG_SMALL
                         : sp == UMAP_SPECTRAL_STUCK   ? UMAP_FIG_STUCK
                                                       : 0);
    vs_plugin_add_figure(result, "graph parts", (double)parts);
    if (vsp_cancelled(progress, label, 1.0)) {
        vsp_fail(err, errlen, "interrupted");
        goto out;
    }
    rc = 0;
out:
    vsp_csr_free(&G);
    free(nbr);
    free(dist);
    return rc;
}

static const struct vs_projector umap = {
    .abi = VS_PLUGIN_ABI,
    .name = "umap",
    .help = "UMAP as umap-learn: exact neighbours, fuzzy simplicial set, spectral start, "
            "SGD with negative sampling",
    .params = umap_params,
    .info_name = NULL,
    .run = umap_run,
};

const struct vs_projector *vs_projector_entry(void)
{
    return &umap;
}
