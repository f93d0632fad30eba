/*
 * check_plugin.c - the plugin host and the PCA plugin: the PCA of the first
 * 1000 words of the Gutenberg model and of a random matrix equal
 * scikit-learn's (tests/gen-pca-reference.py) to 1e-4 up to the sign of each
 * component, with the explained variance ratios; a plugin built for another
 * ABI is refused with a message naming the file and both versions; a
 * third-party plugin built against the public header alone is found through
 * VECSCOPE_PLUGIN_PATH; an unknown plugin name is a clear error; the pca
 * command's result and its refusal of NaN rows and unknown words; every
 * parameter of the build tree's plugins is an option of the command that
 * runs the plugin.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "cmd/cmd.h"
#include "session.h"
#include "vocab.h"
#include "format/format.h"
#include "model.h"
#include "plugin.h"
#include "xalloc.h"

#define TOL 1e-4

/* A reference file: "# explained_variance_ratio r1 r2 r3", then label c1 c2
 * c3 rows. Returns rows read; Y (rows, 3), evr (3). */
static size_t read_ref(const char *path, float **Y, double evr[3])
{
    FILE *f = fopen(path, "r");
    char line[4096];
    size_t n = 0, cap = 0;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    ck_assert(fgets(line, sizeof line, f) != NULL);
    ck_assert_int_eq(sscanf(line, "# explained_variance_ratio %lf %lf %lf", &evr[0],
                            &evr[1], &evr[2]), 3);
    *Y = NULL;
    while (fgets(line, sizeof line, f) != NULL) {
        char *t = strrchr(line, '\t'), *p;
        int c;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            *Y = xreallocarray(*Y, cap, 3 * sizeof **Y);
        }
        /* the label may hold anything but a tab: parse from the right */
        for (c = 2; c >= 0; c--) {
            ck_assert_ptr_nonnull(t);
            (*Y)[n * 3 + (size_t)c] = strtof(t + 1, NULL);
            *t = '\0';
            p = strrchr(line, '\t');
            t = p;
        }
        n++;
    }
    fclose(f);
    return n;
}

/* Max |got - ref| over Y (n, dims) against ref (n, 3), each column compared
 * with the sign that fits it. */
static double max_diff_up_to_sign(const float *got, const float *ref, size_t n,
                                  size_t dims)
{
    double worst = 0;
    size_t i, j;

    for (j = 0; j < dims; j++) {
        double dp = 0, dm = 0;
        for (i = 0; i < n; i++) {
            double g = got[i * dims + j], r = ref[i * 3 + j];
            dp = fmax(dp, fabs(g - r));
            dm = fmax(dm, fabs(g + r));
        }
        worst = fmax(worst, fmin(dp, dm));
    }
    return worst;
}

static const vs_plugin *pca_plugin(void)
{
    vs_error err;
    const vs_plugin *p;

    vs_plugins_reset();
    unsetenv("VECSCOPE_PLUGIN_PATH");
    p = vs_plugin_find("pca", &err);
    ck_assert_msg(p != NULL, "%s", err.msg);
    return p;
}

static void check_pca(const float *X, size_t n, size_t d, const char *ref_path,
                      const char *what)
{
    const vs_plugin *p = pca_plugin();
    float *ref, *Y = xmallocarray(n, 3 * sizeof *Y);
    double evr[3], info[3];
    struct vs_plugin_result res = {info, NULL, 0, 0};
    size_t nref = read_ref(ref_path, &ref, evr), dims, j;
    vs_error err;

    ck_assert_uint_eq(nref, n);
    for (dims = 2; dims <= 3; dims++) {
        double diff, ediff = 0;
        ck_assert_msg(vs_plugin_project(p, X, n, d, (int)dims, NULL, Y, &res, NULL, &err) == 0,
                      "%s", err.msg);
        diff = max_diff_up_to_sign(Y, ref, n, dims);
        for (j = 0; j < dims; j++)
            ediff = fmax(ediff, fabs(info[j] - evr[j]));
        printf("pca %s %zu-D vs scikit-learn: max diff %.3g (coordinates), %.3g "
               "(explained variance ratio)\n", what, dims, diff, ediff);
        ck_assert_msg(diff < TOL, "%s %zu-D: max diff %g", what, dims, diff);
        ck_assert_msg(ediff < 1e-6, "%s %zu-D: ratio diff %g", what, dims, ediff);
    }
    free(Y);
    free(ref);
    vs_plugins_reset();
}

START_TEST(pca_gutenberg)
{
    vs_load_opts o;
    vs_model *m = NULL;
    vs_error err;

    memset(&o, 0, sizeof o);
    o.limit = 1000;
    o.threads = 1;
    ck_assert_msg(vs_format_load(VS_TESTDATA "/gutenberg-w2v-cbow32.bin", &o, &m, &err) == 0,
                  "%s", err.msg);
    ck_assert_uint_eq(m->n, 1000);
    check_pca(m->vecs, m->n, m->dim, VS_TESTDATA "/pca/gutenberg-top1000.tsv", "gutenberg");
    vs_model_free(m);
}
END_TEST

START_TEST(pca_random)
{
    FILE *f = fopen(VS_TESTDATA "/pca/random-60x9.in.tsv", "r");
    float X[60 * 9];
    char label[32];
    size_t i, j;

    ck_assert_ptr_nonnull(f);
    for (i = 0; i < 60; i++) {
        ck_assert_int_eq(fscanf(f, "%31s", label), 1);
        for (j = 0; j < 9; j++)
            ck_assert_int_eq(fscanf(f, "%f", &X[i * 9 + j]), 1);
    }
    fclose(f);
    check_pca(X, 60, 9, VS_TESTDATA "/pca/random-60x9.tsv", "random 60x9 (offset 100)");
}
END_TEST

START_TEST(pca_refuses_bad_dims)
{
    const vs_plugin *p = pca_plugin();
    /* Y and info as large as the call says (n x dims, dims): the host
     * fills info before the plugin refuses (found by AddressSanitizer when
     * they were sized for 3 dimensions) */
    float X[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13}, Y[16];
    double info[4];
    struct vs_plugin_result res = {info, NULL, 0, 0};
    vs_error err;

    ck_assert_int_eq(vs_plugin_project(p, X, 4, 3, 4, NULL, Y, &res, NULL, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "pca"));
    vs_plugins_reset();
}
END_TEST

/* Ctrl-C during a projection: the plugin sees the cancel through its
 * progress callback, stops, and the host reports "interrupted". */
START_TEST(pca_interrupted)
{
    const vs_plugin *p = pca_plugin();
    float X[60 * 9], Y[60 * 2];
    double info[2];
    struct vs_plugin_result res = {info, NULL, 0, 0};
    size_t i;
    vs_error err;

    for (i = 0; i < 60 * 9; i++)
        X[i] = (float)((i * 37) % 101) / 17.0f;
    vs_interrupted = 1;
    ck_assert_int_eq(vs_plugin_project(p, X, 60, 9, 2, NULL, Y, &res, NULL, &err), -1);
    vs_interrupted = 0;
    ck_assert_msg(strstr(err.msg, "interrupted") != NULL, "%s", err.msg);
    /* and the next run goes through */
    ck_assert_msg(vs_plugin_project(p, X, 60, 9, 2, NULL, Y, &res, NULL, &err) == 0, "%s",
                  err.msg);
    vs_plugins_reset();
}
END_TEST

START_TEST(bad_abi_refused)
{
    vs_plugin p;
    vs_error err;
    char want[256];
    const char *file = VS_BUILDDIR "/tests/plugins/badabi/.libs/badabi.so";

    ck_assert_int_eq(vs_plugin_open(file, &p, &err), -1);
    snprintf(want, sizeof want, "plugin %s: built for plugin ABI %d, but this vecscope "
             "speaks ABI %d", file, VS_PLUGIN_ABI + 41, VS_PLUGIN_ABI);
    ck_assert_msg(strstr(err.msg, want) != NULL, "got: %s", err.msg);
}
END_TEST

START_TEST(example_plugin_via_path)
{
    const vs_plugin *p, *all;
    const char *const *probs;
    size_t n, np, i;
    float X[8] = {1, 2, 3, 4, 5, 6, 7, 8}, Y[4];
    vs_error err;
    int bad_reported = 0;

    vs_plugins_reset();
    setenv("VECSCOPE_PLUGIN_PATH", ":relative/dir:" VS_BUILDDIR "/tests/plugins/example/.libs:"
           VS_BUILDDIR "/tests/plugins/badabi/.libs", 1);
    p = vs_plugin_find("identity", &err);
    ck_assert_msg(p != NULL, "%s", err.msg);
    ck_assert_int_eq(vs_plugin_project(p, X, 2, 4, 2, NULL, Y, NULL, NULL, &err), 0);
    ck_assert_float_eq(Y[0], 1);
    ck_assert_float_eq(Y[1], 2);
    ck_assert_float_eq(Y[2], 5);
    ck_assert_float_eq(Y[3], 6);
    /* pca is still found (build tree) and the bad plugin is listed as refused */
    ck_assert_ptr_nonnull(vs_plugin_find("pca", &err));
    all = vs_plugins(&n, &probs, &np);
    ck_assert_ptr_nonnull(all);
    for (i = 0; i < np; i++)
        bad_reported |= strstr(probs[i], "badabi.so") != NULL;
    ck_assert(bad_reported);
    ck_assert_ptr_null(vs_plugin_find("badabi", &err));
    ck_assert_msg(strstr(err.msg, "no plugin named \"badabi\"") != NULL, "%s", err.msg);
    ck_assert_msg(strstr(err.msg, "ABI") != NULL, "%s", err.msg);
    vs_plugins_reset();
    unsetenv("VECSCOPE_PLUGIN_PATH");
}
END_TEST

START_TEST(not_a_plugin)
{
    vs_plugin p;
    vs_error err;

    ck_assert_int_eq(vs_plugin_open(VS_TESTDATA "/gutenberg-w2v-cbow32.bin", &p, &err), -1);
    ck_assert_msg(strstr(err.msg, "cannot load it: ") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(never_current_dir)
{
    char **dirs = vs_plugin_dirs();
    size_t i;

    setenv("VECSCOPE_PLUGIN_PATH", ".::plugins", 1);
    vs_plugin_dirs_free(dirs);
    dirs = vs_plugin_dirs();
    for (i = 0; dirs[i] != NULL; i++)
        ck_assert_msg(dirs[i][0] == '/', "relative plugin folder %s", dirs[i]);
    ck_assert_str_eq(dirs[i - 1], VS_PKGLIBDIR "/plugins");
    vs_plugin_dirs_free(dirs);
    unsetenv("VECSCOPE_PLUGIN_PATH");
}
END_TEST

/* Every parameter of every plugin of the build tree is an option, of the
 * same type, of the command named as the plugin (the one that runs it:
 * cmd-pca.c runs pca, cmd-tsne.c tsne), so a user can set each one. */
START_TEST(plugin_params_are_options)
{
    const vs_plugin *all;
    size_t n, i;
    int checked = 0, nparams = 0;

    vs_plugins_reset();
    unsetenv("VECSCOPE_PLUGIN_PATH");
    all = vs_plugins(&n, NULL, NULL);
    for (i = 0; i < n; i++) {
        const struct vs_projector *pr = all[i].proj;
        const struct vs_param *par;
        const vs_cmd *const *c;
        const vs_cmd *cmd = NULL;
        if (strncmp(all[i].file, VS_BUILDDIR "/plugins/", strlen(VS_BUILDDIR "/plugins/")) != 0)
            continue;  /* an installed plugin: not this tree's */
        for (c = vs_cmd_table; *c != NULL; c++)
            if (strcmp((*c)->name, pr->name) == 0)
                cmd = *c;
        ck_assert_msg(cmd != NULL, "plugin %s (%s): no command of its name runs it", pr->name,
                      all[i].file);
        for (par = pr->params; par != NULL && par->name != NULL; par++, nparams++) {
            const vs_opt *o = vs_cmd_opt(cmd, par->name);
            ck_assert_msg(o != NULL, "plugin %s: its parameter '%s' is no option of the %s "
                          "command: add --%s to it", pr->name, par->name, cmd->name, par->name);
            ck_assert_msg(par->type == VS_PARAM_INT ? o->type == VS_OPT_INT
                          : par->type == VS_PARAM_REAL ? o->type == VS_OPT_REAL
                          : o->type == VS_OPT_STRING || o->type == VS_OPT_STRINGS,
                          "plugin %s: its parameter '%s' and the option --%s of %s differ "
                          "in type", pr->name, par->name, par->name, cmd->name);
        }
        checked |= strcmp(pr->name, "pca") == 0 ? 1 : strcmp(pr->name, "tsne") == 0 ? 2 : 0;
    }
    printf("plugin parameters: %d, each an option of its plugin's command\n", nparams);
    ck_assert_msg(checked == 3, "pca and tsne were not both found in the build tree");
    vs_plugins_reset();
}
END_TEST

/* The pca command on a hand-made model: a POINTS result with groups from
 * --near, and the bad input that loaders cannot produce (a NaN row). */
START_TEST(pca_command)
{
    static const char *const words[] = {"a", "b", "c", "d", "bad"};
    vs_vocab *v = vs_vocab_new(5);
    float *x = xmalloc(5 * 3 * sizeof *x);
    vs_session s;
    vs_result r;
    vs_error err;
    enum vs_output mode;
    size_t i;

    for (i = 0; i < 15; i++)
        x[i] = (float)((i * 7) % 5) - 2.0f + (float)i / 10.0f;
    x[13] = NAN;
    for (i = 0; i < 5; i++)
        vs_vocab_add(v, words[i], strlen(words[i]), NULL);
    vs_plugins_reset();
    unsetenv("VECSCOPE_PLUGIN_PATH");
    vs_session_init(&s);
    vs_session_add(&s, vs_model_new("/tmp/hand.txt", "test", v, x, 5, 3));
    vs_result_init(&r);
    ck_assert_msg(vs_cmd_run(&s, "pca a b c d --dims 3", VS_OUT_TEXT, &mode, &r, &err) == 0,
                  "%s", err.msg);
    ck_assert_int_eq(r.kind, VS_RESULT_POINTS);
    ck_assert_uint_eq(r.npoints, 4);
    ck_assert_uint_eq(r.pdims, 3);
    ck_assert_ptr_null(r.groups);
    ck_assert_ptr_nonnull(r.axis_info);
    ck_assert(r.axis_info[0] >= r.axis_info[1] && r.axis_info[1] >= r.axis_info[2]);
    vs_result_clear(&r);
    ck_assert_int_eq(vs_cmd_run(&s, "pca a b bad", VS_OUT_TEXT, &mode, &r, &err), -1);
    ck_assert_msg(strstr(err.msg, "pca: the vector of \"bad\" has a NaN") != NULL, "%s", err.msg);
    ck_assert_int_eq(vs_cmd_run(&s, "pca a b zz", VS_OUT_TEXT, &mode, &r, &err), -1);
    ck_assert_msg(strstr(err.msg, "'zz'") != NULL, "%s", err.msg);
    ck_assert_int_eq(vs_cmd_run(&s, "pca --top 2", VS_OUT_TEXT, &mode, &r, &err), -1);
    ck_assert_msg(strstr(err.msg, "at least 3 words, got 2") != NULL, "%s", err.msg);
    vs_result_clear(&r);
    vs_session_free(&s);
    vs_plugins_reset();
}
END_TEST

Suite *suite_plugin(void)
{
    Suite *s = suite_create("plugin");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, pca_gutenberg);
    tcase_add_test(tc, pca_random);
    tcase_add_test(tc, pca_refuses_bad_dims);
    tcase_add_test(tc, pca_interrupted);
    tcase_add_test(tc, bad_abi_refused);
    tcase_add_test(tc, example_plugin_via_path);
    tcase_add_test(tc, not_a_plugin);
    tcase_add_test(tc, never_current_dir);
    tcase_add_test(tc, pca_command);
    tcase_add_test(tc, plugin_params_are_options);
    suite_add_tcase(s, tc);
    return s;
}
