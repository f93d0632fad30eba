/*
 * check_umap.c - the UMAP plugin, its pieces and the umap command.
 *
 * The pieces, built in from plugins/umap/: the curve's a and b against
 * scipy's curve_fit as umap-learn's find_ab_params uses it
 * (tests/gen-umap-abparams.py, 8 values of min_dist: within 1e-5 relative,
 * the fit at least as close); rho and sigma of every point and the symmetric fuzzy graph
 * against umap-js's smoothKNNDistance and fuzzySimplicialSet on the same
 * exact neighbours (tests/gen-umap-reference.js, the first 60 words of the
 * cbow32 model, k = 15); the bisection's defining sum and the fuzzy union
 * a + b - ab checked from the returned rho and sigma; the spectral start
 * against LAPACK's dense eigenvectors of the same normalised Laplacian, and
 * a graph in two parts reported as such.
 *
 * Quality against umap-js (tests/gen-umap-reference.js ran it with 5 seeds
 * on the first 1,500 words of tests/data/gutenberg-w2v-cbow32.bin in 2-D and
 * 3-D, and on tests/data/tsne/blobs-400x10.tsv in 2-D): the plugin's maps
 * (seeds 1, 2, 3) have a mean trustworthiness (k = 10, tests/maptest.c) at
 * least umap-js's mean minus 0.01, and a random linear projection of the
 * same rows (the control, which shows the bound can fail) falls below that
 * bound.
 *
 * Determinism (same seed, 1 or 2 threads: same bytes; another seed, another
 * map), cancel (at once, midway through the neighbours, during the
 * layout), small selections (5 and 3 points: the neighbourhood clamped),
 * duplicates and identical points (finite maps), bad parameters, and the
 * umap command (a POINTS result with its notes).
 */
#include "config.h"

#include <lapacke.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "maptest.h"
#include "umap-internal.h"
#include "cmd/cmd.h"
#include "format/format.h"
#include "model.h"
#include "plugin.h"
#include "session.h"
#include "vocab.h"
#include "xalloc.h"

#define WORDS 1500
#define NB VS_TEST_BLOBS
#define DB VS_TEST_BLOBS_DIM

/* The first n rows of the cbow32 model, through vecscope's loader; *d gets
 * the dimension. */
static float *read_words(size_t n, size_t *d)
{
    vs_load_opts o;
    vs_model *m = NULL;
    vs_error err;
    float *X;

    memset(&o, 0, sizeof o);
    o.threads = 1;
    o.limit = n;
    ck_assert_msg(vs_format_load(VS_TESTDATA "/gutenberg-w2v-cbow32.bin", &o, &m, &err) == 0,
                  "%s", err.msg);
    ck_assert_uint_eq(m->n, n);
    *d = m->dim;
    X = xmallocarray(n * m->dim, sizeof *X);
    memcpy(X, m->vecs, n * m->dim * sizeof *X);
    vs_model_free(m);
    return X;
}

/* --- the curve --- */

/* The fit's sum of squares at (a, b), as find_ab_params defines it. */
static double curve_sse(double min_dist, double spread, double a, double b)
{
    double s = 0;
    int i;

    for (i = 0; i < 300; i++) {
        double x = 3 * spread * i / 299, y = x < min_dist ? 1 : exp(-(x - min_dist) / spread);
        double f = 1 / (1 + a * pow(x, 2 * b));
        s += (f - y) * (f - y);
    }
    return s;
}

/* a and b within 1e-5 of scipy's (which stops at a relative reduction of
 * 1.5e-8 of the sum of squares), and a fit at least as close as scipy's. */
START_TEST(find_ab_params)
{
    FILE *f = fopen(VS_TESTDATA "/umap/abparams.tsv", "r");
    char line[256];
    int cases = 0;

    ck_assert_ptr_nonnull(f);
    while (fgets(line, sizeof line, f) != NULL) {
        double spread, md, ra, rb, a, b;
        if (line[0] == '#' || sscanf(line, "%lf %lf %lf %lf", &spread, &md, &ra, &rb) != 4)
            continue;
        ck_assert_int_eq(umap_find_ab(md, spread, &a, &b), 0);
        printf("umap find_ab min_dist %g: a %.9f b %.9f, scipy %.9f %.9f (rel diff %.1e %.1e), "
               "sum of squares %.12f vs %.12f\n", md, a, b, ra, rb, fabs(a - ra) / ra,
               fabs(b - rb) / rb, curve_sse(md, spread, a, b), curve_sse(md, spread, ra, rb));
        ck_assert_double_eq_tol(a / ra, 1.0, 1e-5);
        ck_assert_double_eq_tol(b / rb, 1.0, 1e-5);
        ck_assert(curve_sse(md, spread, a, b) <= curve_sse(md, spread, ra, rb) * (1 + 1e-12));
        cases++;
    }
    fclose(f);
    ck_assert_int_eq(cases, 8);
}
END_TEST

/* --- the fuzzy simplicial set --- */

/* X (n, d) -> nbr, dist (n, k): the exact neighbours, the point itself
 * first, Euclidean, as the plugin builds them. */
static void neighbours(const float *X, size_t n, size_t d, size_t k, int *nbr, double *dist)
{
    ck_assert_int_eq(umap_neighbours(X, n, d, k, 2, NULL, NULL, nbr, dist), 0);
}

/* G's weight of (i, j), or -1 when G has no such edge. */
static double edge(const struct vsp_csr *G, size_t i, size_t j)
{
    size_t t;

    for (t = G->row[i]; t < G->row[i + 1]; t++)
        if ((size_t)G->col[t] == j)
            return G->val[t];
    return -1;
}

/* rho, sigma and w against umap-js on 60 words with k = 15. */
START_TEST(fuzzy_vs_umap_js)
{
    enum { N = 60, K = 15 };
    size_t d, i, t, nw = 0, edges = 0;
    float *X = read_words(N, &d);
    int nbr[N * K];
    double dist[N * K], rho[N], sigma[N], max_rho = 0, max_sigma = 0, max_w = 0;
    struct vsp_csr G;
    FILE *f = fopen(VS_TESTDATA "/umap/fuzzy-60.tsv", "r");
    char line[256], kind[16];

    ck_assert_ptr_nonnull(f);
    neighbours(X, N, d, K, nbr, dist);
    ck_assert_int_eq(umap_fuzzy_graph(nbr, dist, N, K, 2, &G, rho, sigma), 0);
    while (fgets(line, sizeof line, f) != NULL) {
        long a, b;
        double v, got;
        if (line[0] == '#')
            continue;
        if (sscanf(line, "%15s %ld %lf", kind, &a, &v) == 3 && strcmp(kind, "rho") == 0) {
            max_rho = fmax(max_rho, fabs(rho[a] - v) / v);
            ck_assert_msg(fabs(rho[a] - v) <= 1e-12 * v, "rho %ld: %.17g, umap-js %.17g", a,
                          rho[a], v);
        } else if (sscanf(line, "%15s %ld %lf", kind, &a, &v) == 3 &&
                   strcmp(kind, "sigma") == 0) {
            max_sigma = fmax(max_sigma, fabs(sigma[a] - v) / v);
            ck_assert_msg(fabs(sigma[a] - v) <= 1e-6 * v, "sigma %ld: %.17g, umap-js %.17g", a,
                          sigma[a], v);
        } else if (sscanf(line, "%15s %ld %ld %lf", kind, &a, &b, &v) == 4 &&
                   strcmp(kind, "w") == 0) {
            got = edge(&G, (size_t)a, (size_t)b);
            max_w = fmax(max_w, fabs(got - v));
            ck_assert_msg(fabs(got - v) <= 1e-6, "w %ld %ld: %.9g, umap-js %.9g", a, b, got, v);
            nw++;
        }
    }
    fclose(f);
    for (i = 0; i < N; i++)
        for (t = G.row[i]; t < G.row[i + 1]; t++)
            edges++;
    printf("umap fuzzy graph vs umap-js (60 words, k = 15): %zu edges, max rel diff rho %.1e, "
           "sigma %.1e, max abs diff w %.1e\n", edges, max_rho, max_sigma, max_w);
    ck_assert_uint_eq(edges, nw);
    vsp_csr_free(&G);
    free(X);
}
END_TEST

/* The defining sum of sigma, and w = a + b - ab from the returned rho and
 * sigma, on 60 words with k = 8 (a neighbourhood the reference data does
 * not cover). */
START_TEST(fuzzy_properties)
{
    enum { N = 60, K = 8 };
    size_t d, i, j, t;
    float *X = read_words(N, &d);
    int nbr[N * K];
    double dist[N * K], rho[N], sigma[N], a[N][N];
    struct vsp_csr G;

    neighbours(X, N, d, K, nbr, dist);
    ck_assert_int_eq(umap_fuzzy_graph(nbr, dist, N, K, 1, &G, rho, sigma), 0);
    memset(a, 0, sizeof a);
    for (i = 0; i < N; i++) {
        double psum = 0;
        ck_assert(rho[i] > 0 && rho[i] == dist[i * K + 1]);
        for (t = 1; t < K; t++) {
            double e = exp(-fmax(dist[i * K + t] - rho[i], 0) / sigma[i]);
            psum += e;
            a[i][nbr[i * K + t]] = e;
        }
        ck_assert_double_eq_tol(psum, log2(K), 1e-5);
    }
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++) {
            double want = a[i][j] + a[j][i] - a[i][j] * a[j][i], got = edge(&G, i, j);
            if (want == 0)
                ck_assert_msg(got == -1, "edge %zu %zu should not be there", i, j);
            else
                ck_assert_msg(fabs(got - want) <= 1e-6, "w %zu %zu: %g, want %g", i, j, got,
                              want);
            ck_assert(edge(&G, i, j) == edge(&G, j, i));
        }
    vsp_csr_free(&G);
    free(X);
}
END_TEST

/* --- the spectral start --- */

/* The same eigenvectors as LAPACK's dense solver finds for the graph of
 * 300 words (k = 15), up to sign; a graph of two far groups is reported in
 * two parts. */
START_TEST(spectral_vs_dense)
{
    enum { N = 300, K = 15, DIMS = 3 };
    size_t d, i, j, t, parts;
    float *X = read_words(N, &d), Y[N * DIMS];
    int *nbr = xmallocarray(N * K, sizeof *nbr), c;
    double *dist = xmallocarray(N * K, sizeof *dist), *M = xcalloc(N * N, sizeof *M);
    double w[N], deg[N];
    struct vsp_csr G;

    neighbours(X, N, d, K, nbr, dist);
    ck_assert_int_eq(umap_fuzzy_graph(nbr, dist, N, K, 1, &G, NULL, NULL), 0);
    ck_assert_int_eq(umap_spectral(&G, DIMS, NULL, NULL, Y, &parts), 0);
    ck_assert_uint_eq(parts, 1);
    /* M = D^-1/2 W D^-1/2, dense; its eigenvectors of the largest
     * eigenvalues after the first are L's of the smallest after 0 */
    for (i = 0; i < N; i++) {
        deg[i] = 0;
        for (t = G.row[i]; t < G.row[i + 1]; t++)
            deg[i] += G.val[t];
    }
    for (i = 0; i < N; i++)
        for (t = G.row[i]; t < G.row[i + 1]; t++)
            M[i * N + (size_t)G.col[t]] = G.val[t] / sqrt(deg[i] * deg[G.col[t]]);
    ck_assert_int_eq(LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', N, M, N, w), 0);
    ck_assert_double_eq_tol(w[N - 1], 1.0, 1e-9);
    for (c = 0; c < DIMS; c++) {
        double dt = 0, ny = 0;
        size_t col = N - 2 - (size_t)c;
        for (i = 0; i < N; i++) {
            dt += Y[i * DIMS + (size_t)c] * M[i * N + col];
            ny += (double)Y[i * DIMS + (size_t)c] * Y[i * DIMS + (size_t)c];
        }
        printf("umap spectral vector %d (eigenvalue %.6f of L): |cos| with LAPACK's %.8f\n",
               c + 1, 1 - w[col], fabs(dt) / sqrt(ny));
        ck_assert_double_eq_tol(fabs(dt) / sqrt(ny), 1.0, 1e-4);
    }
    vsp_csr_free(&G);

    /* two groups far apart: words and the same words moved away */
    for (i = 0; i < 150; i++)
        for (j = 0; j < d; j++)
            X[(150 + i) * d + j] = X[i * d + j] + 1000.0f;
    neighbours(X, N, d, K, nbr, dist);
    ck_assert_int_eq(umap_fuzzy_graph(nbr, dist, N, K, 1, &G, NULL, NULL), 0);
    ck_assert_int_eq(umap_spectral(&G, 2, NULL, NULL, Y, &parts), UMAP_SPECTRAL_SPLIT);
    ck_assert_uint_eq(parts, 2);
    vsp_csr_free(&G);
    free(nbr);
    free(dist);
    free(M);
    free(X);
}
END_TEST

/* --- the plugin --- */

/* umap-js's mean trustworthiness for the run set called name. */
static double reference(const char *name)
{
    FILE *f = fopen(VS_TESTDATA "/umap/reference.tsv", "r");
    char line[512], nm[64], data[128];
    int rows, dims, k, seeds;
    double md, mean, lo, hi;

    ck_assert_ptr_nonnull(f);
    while (fgets(line, sizeof line, f) != NULL)
        if (line[0] != '#' &&
            sscanf(line, "%63s %127s %d %d %d %lf %d %lf %lf %lf", nm, data, &rows, &dims, &k,
                   &md, &seeds, &mean, &lo, &hi) == 10 &&
            strcmp(nm, name) == 0) {
            fclose(f);
            return mean;
        }
    fclose(f);
    ck_abort_msg("no reference run %s", name);
    return 0;
}

/* Y (n, dims) = X R with R (d, dims) Gaussian from a fixed seed: a map
 * that keeps little of the neighbourhoods, the test's control. */
static void random_projection(const float *X, size_t n, size_t d, int dims, float *Y)
{
    double *R = xmallocarray(d * (size_t)dims, sizeof *R);
    uint64_t s = 42;
    size_t i, j, c;

    for (i = 0; i < d * (size_t)dims; i++) {
        double u1, u2;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        u1 = ((s >> 11) + 1.0) / 9007199254740993.0;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        u2 = (s >> 11) / 9007199254740992.0;
        R[i] = sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
    }
    for (i = 0; i < n; i++)
        for (c = 0; c < (size_t)dims; c++) {
            double v = 0;
            for (j = 0; j < d; j++)
                v += X[i * d + j] * R[j * (size_t)dims + c];
            Y[i * (size_t)dims + c] = (float)v;
        }
    free(R);
}

/* The mean trustworthiness of the plugin's maps with seeds 1, 2, 3 (a map's
 * figure moves by about 0.002 with the seed) against umap-js's mean, and a
 * random projection's. */
static void check_quality(const char *name, const float *X, size_t n, size_t d, int dims)
{
    static const char *const seeds[] = {"1", "2", "3"};
    const vs_plugin *p = vs_test_plugin("umap");
    struct vs_param_value *v = vs_test_params(p);
    float *Y = xmallocarray(n, (size_t)dims * sizeof *Y);
    struct vs_test_done done = {"umap: done", ""};
    vs_progress prog = {vs_test_keep_done, &done};
    double ref = reference(name), trust = 0, each[3], control;
    vs_error err;
    size_t i, s;

    vs_test_set_param(p, v, "threads", "2");
    for (s = 0; s < 3; s++) {
        vs_test_set_param(p, v, "seed", seeds[s]);
        ck_assert_msg(vs_plugin_project(p, X, n, d, dims, v, Y, NULL, &prog, &err) == 0, "%s",
                      err.msg);
        for (i = 0; i < n * (size_t)dims; i++)
            ck_assert(isfinite(Y[i]));
        each[s] = vs_test_trustworthiness(X, d, Y, (size_t)dims, n, 10);
        trust += each[s] / 3;
    }
    random_projection(X, n, d, dims, Y);
    control = vs_test_trustworthiness(X, d, Y, (size_t)dims, n, 10);
    printf("umap %s vs umap-js: trustworthiness %.4f (seeds 1-3: %.4f %.4f %.4f) vs %.4f "
           "(diff %+.4f); random projection %.4f; %s\n", name, trust, each[0], each[1], each[2],
           ref, trust - ref, control, done.text);
    ck_assert_msg(trust >= ref - 0.01, "trustworthiness %g < umap-js's %g - 0.01", trust, ref);
    ck_assert_msg(control < ref - 0.01, "the control %g passes the bound %g: the test cannot "
                  "fail", control, ref - 0.01);
    free(v);
    free(Y);
    vs_plugins_reset();
}

START_TEST(quality_words_2d)
{
    size_t d;
    float *X = read_words(WORDS, &d);

    check_quality("words-2d", X, WORDS, d, 2);
    free(X);
}
END_TEST

START_TEST(quality_words_3d)
{
    size_t d;
    float *X = read_words(WORDS, &d);

    check_quality("words-3d", X, WORDS, d, 3);
    free(X);
}
END_TEST

START_TEST(quality_blobs_2d)
{
    float *X = vs_test_read_blobs();

    check_quality("blobs-2d", X, NB, DB, 2);
    free(X);
}
END_TEST

/* One run; returns 0 or -1 with the message in err. */
static int run_umap(const vs_plugin *p, const float *X, size_t n, size_t d, int dims,
                    const char *seed, const char *threads, float *Y, vs_error *err)
{
    struct vs_param_value *v = vs_test_params(p);
    int rc;

    vs_test_set_param(p, v, "seed", seed);
    vs_test_set_param(p, v, "threads", threads);
    vs_test_set_param(p, v, "epochs", "100");
    rc = vs_plugin_project(p, X, n, d, dims, v, Y, NULL, NULL, err);
    free(v);
    return rc;
}

START_TEST(deterministic)
{
    const vs_plugin *p = vs_test_plugin("umap");
    float *X = vs_test_read_blobs(), *a = xmallocarray(NB, 2 * sizeof *a);
    float *b = xmallocarray(NB, 2 * sizeof *b), *c = xmallocarray(NB, 2 * sizeof *c);
    vs_error err;

    ck_assert_msg(run_umap(p, X, NB, DB, 2, "7", "1", a, &err) == 0, "%s", err.msg);
    ck_assert_msg(run_umap(p, X, NB, DB, 2, "7", "2", b, &err) == 0, "%s", err.msg);
    ck_assert_msg(run_umap(p, X, NB, DB, 2, "8", "2", c, &err) == 0, "%s", err.msg);
    ck_assert_msg(memcmp(a, b, NB * 2 * sizeof *a) == 0, "seed 7: other maps with 1 and 2 threads");
    ck_assert_msg(memcmp(a, c, NB * 2 * sizeof *a) != 0, "seeds 7 and 8 gave the same map");
    ck_assert_msg(run_umap(p, X, NB, DB, 2, "7", "2", c, &err) == 0, "%s", err.msg);
    ck_assert_msg(memcmp(b, c, NB * 2 * sizeof *a) == 0, "seed 7 twice differs");
    free(X);
    free(a);
    free(b);
    free(c);
    vs_plugins_reset();
}
END_TEST

START_TEST(cancel)
{
    static const int stops[] = {1, 2, 3, 4, 50};
    const vs_plugin *p = vs_test_plugin("umap");
    struct vs_param_value *v = vs_test_params(p);
    float *X = vs_test_read_blobs(), *Y = xmallocarray(NB, 2 * sizeof *Y);
    char err[256];
    size_t i;

    for (i = 0; i < sizeof stops / sizeof stops[0]; i++) {
        int left = stops[i];
        struct vs_plugin_progress pp = {vs_test_stop_at, &left};
        err[0] = '\0';
        ck_assert_int_eq(p->proj->run(X, NB, DB, 2, v, &pp, Y, NULL, err, sizeof err), -1);
        ck_assert_str_eq(err, "interrupted");
    }
    free(v);
    free(X);
    free(Y);
    vs_plugins_reset();
}
END_TEST

/* 5 points and 3: the neighbourhood is clamped to n - 1, the maps finite;
 * 3 points in 3-D (too few for a spectral start) start at random. */
START_TEST(small_selections)
{
    const vs_plugin *p = vs_test_plugin("umap");
    struct vs_param_value *v = vs_test_params(p);
    float *X = vs_test_read_blobs(), Y[5 * 3];
    struct vs_test_done done = {"umap: done", ""};
    vs_progress prog = {vs_test_keep_done, &done};
    vs_error err;
    size_t i;

        ck_assert_msg(vs_plugin_project(p, X, 5, DB, 2, v, Y, NULL, &prog, &err) == 0, "%s",
                  err.msg);
    for (i = 0; i < 10; i++)
        ck_assert(isfinite(Y[i]));
    ck_assert_msg(strstr(done.text, "umap: done after 500 epochs, 4 neighbours") != NULL, "%s",
                  done.text);
    ck_assert_msg(vs_plugin_project(p, X, 3, DB, 2, v, Y, NULL, &prog, &err) == 0, "%s",
                  err.msg);
    ck_assert_msg(strstr(done.text, ", 2 neighbours") != NULL, "%s", done.text);
    ck_assert_msg(vs_plugin_project(p, X, 3, DB, 3, v, Y, NULL, &prog, &err) == 0, "%s",
                  err.msg);
    for (i = 0; i < 9; i++)
        ck_assert(isfinite(Y[i]));
    ck_assert_msg(strstr(done.text, "random start (too few points for a spectral start)") !=
                  NULL, "%s", done.text);
    free(v);
    free(X);
    vs_plugins_reset();
}
END_TEST

/* Rows 20..59 copies of rows 0..19, rows 0..9 all equal; then all 60
 * equal: finite maps. */
START_TEST(duplicates)
{
    const vs_plugin *p = vs_test_plugin("umap");
    struct vs_param_value *v = vs_test_params(p);
    float *B = vs_test_read_blobs(), X[60 * DB], Y[60 * 2];
    size_t i, j;
    vs_error err;

    for (i = 0; i < 60; i++)
        for (j = 0; j < DB; j++)
            X[i * DB + j] = B[(i < 10 ? 0 : i % 20) * DB + j];
    ck_assert_msg(vs_plugin_project(p, X, 60, DB, 2, v, Y, NULL, NULL, &err) == 0, "%s",
                  err.msg);
    for (i = 0; i < 120; i++)
        ck_assert_msg(isfinite(Y[i]), "coordinate %zu is %g", i, Y[i]);
    for (i = 0; i < 60 * DB; i++)
        X[i] = 1.5f;
    ck_assert_msg(vs_plugin_project(p, X, 60, DB, 2, v, Y, NULL, NULL, &err) == 0, "%s",
                  err.msg);
    for (i = 0; i < 120; i++)
        ck_assert(isfinite(Y[i]));
    free(v);
    free(B);
    vs_plugins_reset();
}
END_TEST

/* Expects run to fail with a message holding want. */
static void expect_error(const vs_plugin *p, const float *X, size_t n, int dims,
                         const struct vs_param_value *v, const char *want)
{
    float Y[NB * 4];
    vs_error err;

    ck_assert_int_eq(vs_plugin_project(p, X, n, DB, dims, v, Y, NULL, NULL, &err), -1);
    ck_assert_msg(strstr(err.msg, want) != NULL, "wanted \"%s\", got \"%s\"", want, err.msg);
}

START_TEST(bad_input)
{
    const vs_plugin *p = vs_test_plugin("umap");
    struct vs_param_value *v = vs_test_params(p);
    float *X = vs_test_read_blobs();

    expect_error(p, X, 2, 2, v, "umap: needs at least 3 points, got 2");
    expect_error(p, X, 20, 4, v, "umap: the map must have 1 to 3 dimensions, not 4");
    vs_test_set_param(p, v, "neighbors", "1");
    expect_error(p, X, 20, 2, v, "umap: neighbors must be at least 2, got 1");
    vs_test_set_param(p, v, "neighbors", "5");
    vs_test_set_param(p, v, "min-dist", "-0.5");
    expect_error(p, X, 20, 2, v, "umap: min-dist must be between 0 and 1 (the spread), got -0.5");
    vs_test_set_param(p, v, "min-dist", "1.5");
    expect_error(p, X, 20, 2, v, "umap: min-dist must be between 0 and 1");
    vs_test_set_param(p, v, "min-dist", "0.5");
    vs_test_set_param(p, v, "epochs", "0");
    expect_error(p, X, 20, 2, v, "umap: epochs must be 1 to 100000000, got 0");
    vs_test_set_param(p, v, "epochs", "20");
    vs_test_set_param(p, v, "init", "pca");
    expect_error(p, X, 20, 2, v, "umap: unknown init \"pca\" (spectral or random)");
    vs_test_set_param(p, v, "init", "random");
    X[7 * DB + 4] = NAN;
    expect_error(p, X, 20, 2, v, "umap: point 7 has a NaN or infinite component (dimension 4)");
    free(v);
    free(X);
    vs_plugins_reset();
}
END_TEST

/* The umap command: a POINTS result, the plugin's report as a note; a
 * selection of 5 words clamps the neighbourhood, with a note. */
START_TEST(umap_command)
{
    vs_session s;
    vs_result r;
    vs_error err;
    enum vs_output mode;
    size_t i;
    int done = 0, clamped = 0;
    char line[256];

    vs_plugins_reset();
    unsetenv("VECSCOPE_PLUGIN_PATH");
    vs_session_init(&s);
    vs_result_init(&r);
    snprintf(line, sizeof line, "load %s/gutenberg-w2v-cbow32.bin", VS_TESTDATA);
    ck_assert_msg(vs_cmd_run(&s, line, VS_OUT_TEXT, &mode, &r, &err) == 0, "%s", err.msg);
    vs_result_clear(&r);
    ck_assert_msg(vs_cmd_run(&s, "umap --top 40 --epochs 50", VS_OUT_TEXT, &mode, &r, &err) == 0,
                  "%s", err.msg);
    ck_assert_int_eq(r.kind, VS_RESULT_POINTS);
    ck_assert_uint_eq(r.npoints, 40);
    ck_assert_uint_eq(r.pdims, 2);
    for (i = 0; i < r.nnotes; i++)
        done |= strstr(r.notes[i], "UMAP done after 50 epochs, 15 neighbours, ") != NULL;
    ck_assert(done);
    vs_result_clear(&r);
    ck_assert_msg(vs_cmd_run(&s, "umap king queen man woman prince --dims 3", VS_OUT_TEXT, &mode,
                             &r, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(r.npoints, 5);
    ck_assert_uint_eq(r.pdims, 3);
    for (i = 0; i < r.nnotes; i++)
        clamped |= strstr(r.notes[i], "5 words allow at most 4 neighbours (the word itself "
                                      "counted): 4 used, not 15") != NULL;
    ck_assert(clamped);
    vs_result_clear(&r);
    vs_session_free(&s);
    vs_plugins_reset();
}
END_TEST

Suite *suite_umap(void)
{
    Suite *s = suite_create("umap");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, find_ab_params);
    tcase_add_test(tc, fuzzy_vs_umap_js);
    tcase_add_test(tc, fuzzy_properties);
    tcase_add_test(tc, spectral_vs_dense);
    tcase_add_test(tc, quality_words_2d);
    tcase_add_test(tc, quality_words_3d);
    tcase_add_test(tc, quality_blobs_2d);
    tcase_add_test(tc, deterministic);
    tcase_add_test(tc, cancel);
    tcase_add_test(tc, small_selections);
    tcase_add_test(tc, duplicates);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, umap_command);
    suite_add_tcase(s, tc);
    return s;
}
