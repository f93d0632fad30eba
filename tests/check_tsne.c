/*
 * check_tsne.c - the t-SNE plugin through the plugin host.
 *
 * Quality against scikit-learn 1.2 (tests/gen-tsne-reference.py ran its TSNE
 * on the same 400 points, tests/data/tsne): for the exact method (2-D), the
 * Barnes-Hut tree (2-D and 3-D) and the FFT grid (2-D, against
 * scikit-learn's Barnes-Hut), the map's trustworthiness (k = 10, computed
 * by tests/maptest.c) is at least scikit-learn's minus 0.01 and the final KL
 * divergence (the plugin's last progress label) at most 1.05 times
 * scikit-learn's. Final figures: the iterations and the final KL come back
 * in the run's result, as the last label shows them, within the room the
 * host gives.
 * Determinism: the same seed gives the same bytes, with 1 thread or 2; another
 * seed another map. Cancel: a progress callback that answers nonzero stops the
 * run with "interrupted", at once or midway. Bad input: a perplexity too
 * large for the points (the message names the limit), fewer than 4 points, a
 * NaN (refused by the plugin, and by the tsne command before the plugin is
 * called), duplicate points (accepted: finite maps, nothing divides by
 * zero), too few iterations, an unknown method; an unknown plugin name; a
 * plugin folder holding a file that is not a shared object and one that
 * cannot be read (both named in the message, tsne still found).
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_suites.h"
#include "maptest.h"
#include "tsne-internal.h"
#include "cmd/cmd.h"
#include "model.h"
#include "plugin.h"
#include "session.h"
#include "vocab.h"
#include "xalloc.h"

#define NB VS_TEST_BLOBS
#define DB VS_TEST_BLOBS_DIM
#define ND 200   /* points of the determinism test */

static const vs_plugin *tsne_plugin(void)
{
    return vs_test_plugin("tsne");
}

/* scikit-learn's trustworthiness and KL for the run called name. */
static void read_reference(const char *name, double *trust, double *kl)
{
    FILE *f = fopen(VS_TESTDATA "/tsne/reference.tsv", "r");
    char line[512], nm[64], method[64];
    int dims, iter;
    double perp;

    ck_assert_ptr_nonnull(f);
    while (fgets(line, sizeof line, f) != NULL)
        if (line[0] != '#' && sscanf(line, "%63s %63s %d %lf %d %lf %lf", nm, method, &dims,
                                     &perp, &iter, trust, kl) == 7 &&
            strcmp(nm, name) == 0) {
            fclose(f);
            return;
        }
    fclose(f);
    ck_abort_msg("no reference run %s", name);
}

/* Maps the blobs with method and dims; checks against the reference ref. */
static void check_quality(const char *method, int dims, const char *perplexity,
                          const char *ref)
{
    const vs_plugin *p = tsne_plugin();
    struct vs_param_value *v = vs_test_params(p);
    float *X = vs_test_read_blobs(), *Y = xmallocarray(NB, (size_t)dims * sizeof *Y);
    struct vs_test_done done = {"tsne: done", ""};
    vs_progress prog = {vs_test_keep_done, &done};
    double sk_trust, sk_kl, trust, kl;
    const char *k;
    vs_error err;
    size_t i;

    read_reference(ref, &sk_trust, &sk_kl);
    vs_test_set_param(p, v, "method", method);
    vs_test_set_param(p, v, "perplexity", perplexity);
    vs_test_set_param(p, v, "threads", "2");
        ck_assert_msg(vs_plugin_project(p, X, NB, DB, dims, v, Y, NULL, &prog, &err) == 0, "%s",
                  err.msg);
    for (i = 0; i < NB * (size_t)dims; i++)
        ck_assert(isfinite(Y[i]));
    k = strstr(done.text, "KL divergence ");
    ck_assert_msg(k != NULL, "last label: %s", done.text);
    kl = atof(k + strlen("KL divergence "));
    trust = vs_test_trustworthiness(X, DB, Y, (size_t)dims, NB, 10);
    printf("tsne %s %d-D vs scikit-learn (%s): trustworthiness %.4f vs %.4f (diff %+.4f), "
           "KL %.4f vs %.4f (ratio %.3f)\n", method, dims, ref, trust, sk_trust,
           trust - sk_trust, kl, sk_kl, kl / sk_kl);
    ck_assert_msg(trust >= sk_trust - 0.01, "trustworthiness %g < %g - 0.01", trust, sk_trust);
    ck_assert_msg(kl <= 1.05 * sk_kl, "KL %g > 1.05 * %g", kl, sk_kl);
    free(v);
    free(X);
    free(Y);
    vs_plugins_reset();
}

START_TEST(quality_exact_2d)
{
    check_quality("exact", 2, "20", "exact-2d");
}
END_TEST

START_TEST(quality_bh_2d)
{
    check_quality("barnes_hut", 2, "30", "bh-2d");
}
END_TEST

START_TEST(quality_fft_2d)
{
    check_quality("fft", 2, "30", "bh-2d");
}
END_TEST

START_TEST(quality_bh_3d)
{
    check_quality("barnes_hut", 3, "30", "bh-3d");
}
END_TEST

/* The run's final figures (vecscope-plugin.h): the iterations run and the
 * final KL divergence come back in the result, the same numbers as the last
 * progress label; nothing else; with room for one figure, only the first. */
START_TEST(final_figures)
{
    const vs_plugin *p = tsne_plugin();
    struct vs_param_value *v = vs_test_params(p);
    float *X = vs_test_read_blobs(), *Y = xmallocarray(ND, 2 * sizeof *Y);
    struct vs_test_done done = {"tsne: done", ""};
    vs_progress prog = {vs_test_keep_done, &done};
    struct vs_figure fig[4];
    struct vs_plugin_result res = {NULL, fig, 4, 3};  /* the host resets nfigures */
    double it, kl, x;
    char want[256];
    vs_error err;

    vs_test_set_param(p, v, "perplexity", "10");
    vs_test_set_param(p, v, "iter", "300");
    ck_assert_msg(vs_plugin_project(p, X, ND, DB, 2, v, Y, &res, &prog, &err) == 0, "%s",
                  err.msg);
    ck_assert_uint_eq(res.nfigures, 3);
    ck_assert_int_eq(vs_plugin_figure(&res, "iterations", &it), 0);
    ck_assert_int_eq(vs_plugin_figure(&res, "KL divergence", &kl), 0);
    ck_assert_int_eq(vs_plugin_figure(&res, "perplexity", &x), 0);
    ck_assert_double_eq(x, 10);
    ck_assert_int_eq(vs_plugin_figure(&res, "default perplexity", &x), -1);
    printf("tsne final figures: iterations %.0f, KL divergence %.6f\n", it, kl);
    ck_assert(it >= 250 && it <= 300 && it == floor(it));
    ck_assert(isfinite(kl) && kl > 0);
    snprintf(want, sizeof want, "tsne: done after %.0f iterations, KL divergence %.6f", it,
             kl);
    ck_assert_str_eq(done.text, want);
    /* room for one: the first figure only, nothing written past it */
    res.max_figures = 1;
    fig[1].name = "untouched";
    ck_assert_msg(vs_plugin_project(p, X, ND, DB, 2, v, Y, &res, NULL, &err) == 0, "%s",
                  err.msg);
    ck_assert_uint_eq(res.nfigures, 1);
    ck_assert_str_eq(fig[0].name, "iterations");
    ck_assert_str_eq(fig[1].name, "untouched");
    ck_assert_int_eq(vs_plugin_figure(&res, "KL divergence", &x), -1);
    free(v);
    free(X);
    free(Y);
    vs_plugins_reset();
}
END_TEST

/* One run of the first n blobs; returns 0 or -1 with the message in err. */
static int run_tsne(const vs_plugin *p, const float *X, size_t n, size_t d,
                    const char *method, const char *seed, const char *threads, float *Y,
                    vs_error *err)
{
    struct vs_param_value *v = vs_test_params(p);
    int rc;

    vs_test_set_param(p, v, "method", method);
    vs_test_set_param(p, v, "perplexity", "10");
    vs_test_set_param(p, v, "iter", "300");
    vs_test_set_param(p, v, "seed", seed);
    vs_test_set_param(p, v, "threads", threads);
    rc = vs_plugin_project(p, X, n, d, 2, v, Y, NULL, NULL, err);
    free(v);
    return rc;
}

/* The first ND blobs, 300 iterations, each method: seed 7 with 1 thread,
 * with 2 threads and again; seed 8. */
START_TEST(deterministic)
{
    static const char *const methods[] = {"exact", "barnes_hut", "fft"};
    const vs_plugin *p = tsne_plugin();
    float *X = vs_test_read_blobs(), *a = xmallocarray(NB, 2 * sizeof *a);
    float *b = xmallocarray(NB, 2 * sizeof *b), *c = xmallocarray(NB, 2 * sizeof *c);
    vs_error err;
    size_t m;

    for (m = 0; m < 3; m++) {
        ck_assert_msg(run_tsne(p, X, ND, DB, methods[m], "7", "1", a, &err) == 0, "%s", err.msg);
        ck_assert_msg(run_tsne(p, X, ND, DB, methods[m], "7", "2", b, &err) == 0, "%s", err.msg);
        ck_assert_msg(run_tsne(p, X, ND, DB, methods[m], "8", "2", c, &err) == 0, "%s", err.msg);
        ck_assert_msg(memcmp(a, b, ND * 2 * sizeof *a) == 0,
                      "%s: seed 7 gave other maps with 1 and 2 threads", methods[m]);
        ck_assert_msg(memcmp(a, c, ND * 2 * sizeof *a) != 0,
                      "%s: seeds 7 and 8 gave the same map", methods[m]);
        ck_assert_msg(run_tsne(p, X, ND, DB, methods[m], "7", "2", c, &err) == 0, "%s", err.msg);
        ck_assert_msg(memcmp(b, c, ND * 2 * sizeof *a) == 0, "%s: seed 7 twice differs",
                      methods[m]);
    }
    free(X);
    free(a);
    free(b);
    free(c);
    vs_plugins_reset();
}
END_TEST

START_TEST(cancel)
{
    static const int stops[] = {1, 2, 40};
    const vs_plugin *p = tsne_plugin();
    struct vs_param_value *v = vs_test_params(p);
    float *X = vs_test_read_blobs(), *Y = xmallocarray(NB, 2 * sizeof *Y);
    char err[256];
    size_t i;

    vs_test_set_param(p, v, "perplexity", "10");
    for (i = 0; i < 3; i++) {
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

/* Expects run to fail with a message holding want. */
static void expect_error(const vs_plugin *p, const float *X, size_t n, size_t d, int dims,
                         const struct vs_param_value *v, const char *want)
{
    float *Y = xmallocarray(n ? n : 1, 3 * sizeof *Y);
    vs_error err;

    ck_assert_int_eq(vs_plugin_project(p, X, n, d, dims, v, Y, NULL, NULL, &err), -1);
    ck_assert_msg(strstr(err.msg, want) != NULL, "wanted \"%s\", got \"%s\"", want, err.msg);
    free(Y);
}

START_TEST(bad_input)
{
    const vs_plugin *p = tsne_plugin();
    struct vs_param_value *v = vs_test_params(p);
    float *X = vs_test_read_blobs();

    /* a perplexity of 30 given needs more than 30 points; the default, 30,
     * becomes (n - 1) / 3 under 91 points, and says so in the figures */
    vs_test_set_param(p, v, "perplexity", "30");
    expect_error(p, X, 30, DB, 2, v, "tsne: perplexity 30 is too large for 30 points: "
                 "it must be less than 30");
    {
        struct vs_param_value *dv = vs_test_params(p);
        float Y[30 * 2];
        struct vs_figure fig[4];
        struct vs_plugin_result res = {NULL, fig, 4, 0};
        vs_error err;
        double used, dflt;
        vs_test_set_param(p, dv, "iter", "250");
        ck_assert_msg(vs_plugin_project(p, X, 30, DB, 2, dv, Y, &res, NULL, &err) == 0, "%s",
                      err.msg);
        ck_assert_int_eq(vs_plugin_figure(&res, "perplexity", &used), 0);
        ck_assert_int_eq(vs_plugin_figure(&res, "default perplexity", &dflt), 0);
        ck_assert_double_eq_tol(used, 29.0 / 3.0, 1e-12);
        ck_assert_double_eq(dflt, 30);
        free(dv);
    }
    vs_test_set_param(p, v, "perplexity", "3");
    expect_error(p, X, 3, DB, 2, v, "tsne: needs at least 4 points, got 3");
    expect_error(p, X, 20, DB, 4, v, "tsne: the map must have 1 to 3 dimensions, not 4");
    vs_test_set_param(p, v, "iter", "249");
    expect_error(p, X, 20, DB, 2, v, "tsne: iter must be at least 250");
    vs_test_set_param(p, v, "iter", "250");
    vs_test_set_param(p, v, "method", "fast");
    expect_error(p, X, 20, DB, 2, v, "tsne: unknown method \"fast\"");
    vs_test_set_param(p, v, "method", "fft");
    expect_error(p, X, 20, DB, 3, v, "tsne: the fft method draws 2-D maps only");
    vs_test_set_param(p, v, "method", "auto");
    vs_test_set_param(p, v, "perplexity", "-1");
    expect_error(p, X, 20, DB, 2, v, "tsne: the perplexity must be positive");
    vs_test_set_param(p, v, "perplexity", "3");
    X[7 * DB + 4] = NAN;
    expect_error(p, X, 20, DB, 2, v, "tsne: point 7 has a NaN or infinite component "
                 "(dimension 4)");
    free(v);
    free(X);
    vs_plugins_reset();
}
END_TEST

/* Duplicates: 60 points, rows 20..59 copies of rows 0..19 (and rows 0..9
 * all equal): accepted by every method, finite maps, copies near each other. */
START_TEST(duplicates)
{
    static const char *const methods[] = {"exact", "barnes_hut", "fft"};
    const vs_plugin *p = tsne_plugin();
    float *B = vs_test_read_blobs(), X[60 * DB], Y[60 * 3];
    size_t i, j, m;
    vs_error err;

    for (i = 0; i < 60; i++)
        for (j = 0; j < DB; j++)
            X[i * DB + j] = B[(i < 10 ? 0 : i % 20) * DB + j];
    for (m = 0; m < 3; m++) {
        struct vs_param_value *v = vs_test_params(p);
        int dims = m == 1 ? 3 : 2;
        vs_test_set_param(p, v, "method", methods[m]);
        vs_test_set_param(p, v, "perplexity", "5");
        vs_test_set_param(p, v, "iter", "300");
        ck_assert_msg(vs_plugin_project(p, X, 60, DB, dims, v, Y, NULL, NULL, &err) == 0,
                      "%s: %s", methods[m], err.msg);
        for (i = 0; i < 60 * (size_t)dims; i++)
            ck_assert_msg(isfinite(Y[i]), "%s: coordinate %zu is %g", methods[m], i, Y[i]);
        free(v);
    }
    /* all points equal: a map of one place, still no NaN */
    for (i = 0; i < 60 * DB; i++)
        X[i] = 1.5f;
    {
        struct vs_param_value *v = vs_test_params(p);
        vs_test_set_param(p, v, "perplexity", "5");
        ck_assert_msg(vs_plugin_project(p, X, 60, DB, 2, v, Y, NULL, NULL, &err) == 0, "%s",
                      err.msg);
        for (i = 0; i < 120; i++)
            ck_assert(isfinite(Y[i]));
        free(v);
    }
    free(B);
    vs_plugins_reset();
}
END_TEST

/* --- the neighbour searches (plugins/common/knn.c, vptree.c, built in) --- */

/* n points of d dimensions: `clusters` Gaussian blobs (sd 1, centres sd 5)
 * around `offset`, then every `dup`-th point a copy of the one before
 * (dup 0: none). A fixed LCG and Box-Muller: the same data every run. */
static float *knn_data(size_t n, size_t d, size_t clusters, float offset, size_t dup)
{
    float *X = xmallocarray(n * d, sizeof *X), *C = xmallocarray(clusters * d, sizeof *C);
    uint64_t s = 12345;
    size_t i, e;

    for (i = 0; i < (n + clusters) * d; i++) {
        double u1, u2, z;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        u1 = ((s >> 11) + 1.0) / 9007199254740993.0;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        u2 = (s >> 11) / 9007199254740992.0;
        z = sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
        if (i < clusters * d)
            C[i] = (float)(5 * z);
        else
            X[i - clusters * d] = (float)z;
    }
    for (i = 0; i < n; i++)
        for (e = 0; e < d; e++)
            X[i * d + e] += C[(i % clusters) * d + e] + offset;
    for (i = 1; dup > 0 && i < n; i++)
        if (i % dup == 0)
            memcpy(X + i * d, X + (i - 1) * d, d * sizeof *X);
    free(C);
    return X;
}

static const float *ref_X;
static size_t ref_d, ref_i;

static int cmp_ref(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    double dx = vsp_dist2(ref_X + ref_i * ref_d, ref_X + (size_t)x * ref_d, ref_d);
    double dy = vsp_dist2(ref_X + ref_i * ref_d, ref_X + (size_t)y * ref_d, ref_d);

    if (dx != dy)
        return dx < dy ? -1 : 1;
    return (x > y) - (x < y);
}

/* Brute force, the tree with 1 and 2 threads, and a plain sort of every
 * other point by (distance, index) give the same indices and distances. */
static void knn_agree(const float *X, size_t n, size_t d, size_t k)
{
    int *nb = xmallocarray(n * k + 1, sizeof *nb), *nt = xmallocarray(n * k + 1, sizeof *nt);
    int *all = xmallocarray(n, sizeof *all);
    double *db = xmallocarray(n * k + 1, sizeof *db), *dt = xmallocarray(n * k + 1, sizeof *dt);
    size_t i, t, m, th;

    ck_assert_int_eq(vsp_knn(X, n, d, k, VSP_KNN_BRUTE, 1, NULL, nb, db), 0);
    for (th = 1; th <= 2; th++) {
        ck_assert_int_eq(vsp_knn(X, n, d, k, VSP_KNN_TREE, (int)th, NULL, nt, dt), 0);
        for (t = 0; t < n * k; t++)
            ck_assert_msg(nb[t] == nt[t] && db[t] == dt[t],
                          "n %zu d %zu k %zu, %zu thread(s): point %zu neighbour %zu: "
                          "brute force %d at %.17g, tree %d at %.17g",
                          n, d, k, th, t / k, t % k, nb[t], db[t], nt[t], dt[t]);
    }
    /* the reference: all others sorted */
    ref_X = X;
    ref_d = d;
    for (i = 0; i < n; i++) {
        for (t = 0, m = 0; t < n; t++)
            if (t != i)
                all[m++] = (int)t;
        ref_i = i;
        qsort(all, m, sizeof *all, cmp_ref);
        for (t = 0; t < k; t++)
            ck_assert_msg(nb[i * k + t] == all[t],
                          "n %zu d %zu k %zu: point %zu neighbour %zu is %d, not %d", n, d, k,
                          i, t, nb[i * k + t], all[t]);
    }
    free(nb);
    free(nt);
    free(all);
    free(db);
    free(dt);
}

START_TEST(knn_tree_equals_brute_force)
{
    static const struct { size_t n, d, k, clusters; float offset; size_t dup; } cases[] = {
        {600, 50, 91, 8, 0, 0},      /* the t-SNE shape: perplexity 30 */
        {400, 50, 31, 4, 300, 0},    /* far from the origin: the float band */
        {500, 3, 10, 5, 0, 3},       /* low dimension, every 3rd point a copy */
        {300, 10, 40, 1, 0, 2},      /* half the points copies */
        {11, 4, 10, 2, 0, 0},        /* n = k + 1 */
        {2, 5, 1, 1, 0, 0},
        {40, 8, 39, 3, 0, 4},
    };
    size_t c;

    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        float *X = knn_data(cases[c].n, cases[c].d, cases[c].clusters, cases[c].offset,
                            cases[c].dup);
        knn_agree(X, cases[c].n, cases[c].d, cases[c].k);
        free(X);
    }
    /* every point the same: all distances 0, the neighbours by index */
    {
        float X[30 * 5];
        size_t i;
        for (i = 0; i < 30 * 5; i++)
            X[i] = 2.25f;
        knn_agree(X, 30, 5, 12);
    }
}
END_TEST

/* The tree asked for more than n - 1 neighbours finds the n - 1 others. */
START_TEST(knn_tree_few_points)
{
    float *X = knn_data(6, 3, 2, 0, 0);
    struct vsp_vptree *t = vsp_vptree_new(X, 6, 3);
    int h[10], nbr[10];
    double hd[10], dist[10];
    size_t i, j;

    ck_assert_ptr_nonnull(t);
    for (i = 0; i < 6; i++) {
        ck_assert_uint_eq(vsp_vptree_knn(t, i, 10, h, hd, nbr, dist), 5);
        for (j = 0; j < 5; j++) {
            ck_assert_int_ne(nbr[j], (int)i);
            if (j > 0)
                ck_assert(dist[j] >= dist[j - 1]);
        }
    }
    vsp_vptree_free(t);
    t = vsp_vptree_new(X, 1, 3);
    ck_assert_uint_eq(vsp_vptree_knn(t, 0, 3, h, hd, nbr, dist), 0);
    vsp_vptree_free(t);
    free(X);
}
END_TEST

/* The map with the neighbours from the tree (VECSCOPE_TSNE_KNN=tree) is the
 * map with them from brute force, byte for byte, for both methods that use
 * them. */
START_TEST(knn_tree_same_map)
{
    static const char *const methods[] = {"barnes_hut", "fft"};
    const vs_plugin *p = tsne_plugin();
    float *X = vs_test_read_blobs(), *a = xmallocarray(NB, 2 * sizeof *a);
    float *b = xmallocarray(NB, 2 * sizeof *b);
    vs_error err;
    size_t m;

    for (m = 0; m < 2; m++) {
        setenv("VECSCOPE_TSNE_KNN", "brute", 1);
        ck_assert_msg(run_tsne(p, X, ND, DB, methods[m], "7", "2", a, &err) == 0, "%s", err.msg);
        setenv("VECSCOPE_TSNE_KNN", "tree", 1);
        ck_assert_msg(run_tsne(p, X, ND, DB, methods[m], "7", "2", b, &err) == 0, "%s", err.msg);
        unsetenv("VECSCOPE_TSNE_KNN");
        ck_assert_msg(memcmp(a, b, ND * 2 * sizeof *a) == 0,
                      "%s: the tree's neighbours gave another map", methods[m]);
    }
    free(X);
    free(a);
    free(b);
    vs_plugins_reset();
}
END_TEST

START_TEST(unknown_plugin)
{
    vs_error err;

    vs_plugins_reset();
    unsetenv("VECSCOPE_PLUGIN_PATH");
    ck_assert_ptr_null(vs_plugin_find("tsnee", &err));
    ck_assert_msg(strstr(err.msg, "no plugin named \"tsnee\" (loaded: ") != NULL, "%s", err.msg);
    ck_assert_msg(strstr(err.msg, "tsne") != NULL && strstr(err.msg, "pca") != NULL, "%s",
                  err.msg);
    vs_plugins_reset();
}
END_TEST

/* A folder on VECSCOPE_PLUGIN_PATH with a text file named .so and an
 * unreadable .so: each refused with its name, the good plugins still work. */
START_TEST(broken_plugin_files)
{
    char dir[] = "/tmp/vecscope-plugins.XXXXXX", junk[128], locked[128];
    const char *const *probs;
    size_t n, np, i;
    int junk_named = 0, locked_named = 0;
    FILE *f;
    vs_error err;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(junk, sizeof junk, "%s/junk.so", dir);
    snprintf(locked, sizeof locked, "%s/locked.so", dir);
    ck_assert_ptr_nonnull(f = fopen(junk, "w"));
    fputs("this is not a shared object\n", f);
    fclose(f);
    ck_assert_ptr_nonnull(f = fopen(locked, "w"));
    fputs("nor is this\n", f);
    fclose(f);
    ck_assert_int_eq(chmod(locked, 0), 0);
    vs_plugins_reset();
    setenv("VECSCOPE_PLUGIN_PATH", dir, 1);
    ck_assert_ptr_nonnull(vs_plugin_find("tsne", &err));
    ck_assert_ptr_nonnull(vs_plugin_find("pca", &err));
    vs_plugins(&n, &probs, &np);
    for (i = 0; i < np; i++) {
        junk_named |= strstr(probs[i], junk) != NULL && strstr(probs[i], "cannot load it") != NULL;
        locked_named |= strstr(probs[i], locked) != NULL && strstr(probs[i], "cannot load it") != NULL;
    }
    ck_assert_msg(junk_named, "%s not reported", junk);
    ck_assert_msg(locked_named, "%s not reported", locked);
    ck_assert_ptr_null(vs_plugin_find("junk", &err));
    ck_assert_msg(strstr(err.msg, junk) != NULL, "%s", err.msg);
    vs_plugins_reset();
    unsetenv("VECSCOPE_PLUGIN_PATH");
    unlink(junk);
    unlink(locked);
    rmdir(dir);
}
END_TEST

/* The tsne command: a POINTS result with the KL as a note; a NaN row is
 * refused by the host before the plugin runs; too few words for the
 * perplexity. */
START_TEST(tsne_command)
{
    vs_vocab *voc = vs_vocab_new(40);
    float *x = xmalloc(40 * 4 * sizeof *x);
    vs_session s;
    vs_result r;
    vs_error err;
    enum vs_output mode;
    size_t i;
    char w[8];
    int kl_note = 0;

    for (i = 0; i < 160; i++)
        x[i] = (float)((i * 7919) % 37) / 7.0f + (float)(i / 40);
    x[39 * 4 + 2] = NAN;
    for (i = 0; i < 40; i++) {
        snprintf(w, sizeof w, "w%zu", i);
        vs_vocab_add(voc, w, strlen(w), NULL);
    }
    vs_plugins_reset();
    unsetenv("VECSCOPE_PLUGIN_PATH");
    vs_session_init(&s);
    vs_session_add(&s, vs_model_new("/tmp/hand.txt", "test", voc, x, 40, 4));
    vs_result_init(&r);
    ck_assert_msg(vs_cmd_run(&s, "tsne --top 39 --perplexity 5 --iter 300", VS_OUT_TEXT, &mode,
                             &r, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(r.kind, VS_RESULT_POINTS);
    ck_assert_uint_eq(r.npoints, 39);
    ck_assert_uint_eq(r.pdims, 2);
    for (i = 0; i < r.nnotes; i++)
        kl_note |= strstr(r.notes[i], "t-SNE done after 300 iterations, KL divergence ") != NULL;
    ck_assert(kl_note);
    vs_result_clear(&r);
    ck_assert_int_eq(vs_cmd_run(&s, "tsne --top 40 --perplexity 5", VS_OUT_TEXT, &mode, &r,
                                &err), -1);
    ck_assert_msg(strstr(err.msg, "tsne: the vector of \"w39\" has a NaN") != NULL, "%s", err.msg);
    /* five words: the default perplexity becomes 4 / 3, with a note, and
     * the axis title names it */
    ck_assert_msg(vs_cmd_run(&s, "tsne w1 w2 w3 w4 w5", VS_OUT_TEXT, &mode, &r, &err) == 0,
                  "%s", err.msg);
    ck_assert_uint_eq(r.npoints, 5);
    for (i = 0, kl_note = 0; i < r.nnotes; i++)
        kl_note |= strstr(r.notes[i], "perplexity 1.33: the default, 30, needs more than") !=
                   NULL;
    ck_assert(kl_note);
    ck_assert_ptr_nonnull(r.axis_titles);
    ck_assert_msg(strncmp(r.axis_titles[0], "t-SNE 1 (perplexity 1.33, ", 26) == 0, "%s",
                  r.axis_titles[0]);
    ck_assert_str_eq(r.axis_titles[1], "t-SNE 2");
    vs_result_clear(&r);
    ck_assert_int_eq(vs_cmd_run(&s, "tsne w1 w2 w3 w4 w5 --perplexity 5", VS_OUT_TEXT, &mode,
                                &r, &err), -1);
    ck_assert_msg(strstr(err.msg, "perplexity 5 is too large for 5 points") != NULL, "%s",
                  err.msg);
    vs_result_clear(&r);
    vs_session_free(&s);
    vs_plugins_reset();
}
END_TEST

Suite *suite_tsne(void)
{
    Suite *s = suite_create("tsne");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, quality_exact_2d);
    tcase_add_test(tc, quality_bh_2d);
    tcase_add_test(tc, quality_fft_2d);
    tcase_add_test(tc, quality_bh_3d);
    tcase_add_test(tc, deterministic);
    tcase_add_test(tc, final_figures);
    tcase_add_test(tc, cancel);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, duplicates);
    tcase_add_test(tc, knn_tree_equals_brute_force);
    tcase_add_test(tc, knn_tree_few_points);
    tcase_add_test(tc, knn_tree_same_map);
    tcase_add_test(tc, unknown_plugin);
    tcase_add_test(tc, broken_plugin_files);
    tcase_add_test(tc, tsne_command);
    suite_add_tcase(s, tc);
    return s;
}
