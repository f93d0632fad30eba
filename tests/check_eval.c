/*
 * check_eval.c - `eval analogy` and `eval sim` against gensim 4.2.
 *
 * tests/data/eval/reference.tsv (made by tests/gen-eval-reference.py) holds
 * gensim's per-section counts for evaluate_word_analogies and its Pearson,
 * Spearman and OOV ratio for evaluate_word_pairs, on the word2vec-format
 * models in tests/data, for several restrict_vocab and case settings and
 * for files with quirks (case variants, non-ASCII upper-casing, CRLF, blank,
 * malformed and comment lines). Every row must match exactly (counts) or to
 * 1e-6 (correlations). Also: Python's str.upper() in C, the statistics,
 * malformed lines reported with file:line, unusable files, cancellation,
 * and the figures of EXPECTED.md 2.1 on the full questions-words.txt when
 * ../shared/data is present.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_suites.h"
#include "eval/eval.h"
#include "format/format.h"
#include "model.h"
#include "progress.h"
#include "xalloc.h"

#define EVALDATA VS_TESTDATA "/eval"

static vs_model *load_model(const char *rel)
{
    char path[1024];
    vs_load_opts o;
    vs_model *m = NULL;
    vs_error err;

    snprintf(path, sizeof path, "%s/%s", VS_TESTDATA, rel);
    memset(&o, 0, sizeof o);
    o.threads = 1;
    ck_assert_msg(vs_format_load(path, &o, &m, &err) == 0, "%s: %s", path, err.msg);
    return m;
}

START_TEST(test_upper)
{
    static const char *const t[][2] = {
        {"paris", "PARIS"}, {"Straße", "STRASSE"}, {"ǆemal", "ǄEMAL"}, {"ǅemal", "ǄEMAL"},
        {"ﬁne", "FINE"}, {"café", "CAFÉ"}, {"naïve", "NAÏVE"},
        {"ΐx", "\xce\x99\xcc\x88\xcc\x81" "X"},             /* U+0390 -> U+0399 U+0308 U+0301 */
        {"ŉ", "\xca\xbc" "N"},              /* U+0149 -> U+02BC N */
        {"ﬀ", "FF"}, {"ᾳ", "\xce\x91\xce\x99"},     /* U+1FB3 -> U+0391 U+0399 */
        {"москва", "МОСКВА"}, {"日本", "日本"},
        {"a\xff" "b", "A\xff" "B"}, {"", ""},
        {"ǰ", "J" "\xcc\x8c"},              /* U+01F0 -> J U+030C */
        {"ı", "I"}, {"ſ", "S"},
    };
    size_t i, len;

    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        char *u = vs_eval_upper(t[i][0], strlen(t[i][0]), &len);
        ck_assert_msg(strcmp(u, t[i][1]) == 0, "upper(%s) = %s, Python says %s", t[i][0], u,
                      t[i][1]);
        ck_assert_uint_eq(len, strlen(t[i][1]));
        free(u);
    }
}
END_TEST

START_TEST(test_stats)
{
    /* values from scipy.stats.pearsonr / spearmanr */
    static const double x[] = {1, 2, 3, 4, 5}, y[] = {2, 1, 4, 3, 5};
    static const double a[] = {1, 1, 2, 2, 3, 7}, b[] = {3, 4, 4, 5, 5, 9};
    static const double c[] = {2, 2, 2};

    ck_assert_double_eq_tol(vs_eval_pearson(x, y, 5), 0.8, 1e-12);
    ck_assert_double_eq_tol(vs_eval_spearman(x, y, 5), 0.8, 1e-12);
    /* ties: average ranks (scipy 1.10 on Debian 12) */
    ck_assert_double_eq_tol(vs_eval_pearson(a, b, 6), 0.9742498034004611, 1e-12);
    ck_assert_double_eq_tol(vs_eval_spearman(a, b, 6), 0.8939393939393938, 1e-12);
    ck_assert(isnan(vs_eval_pearson(c, x, 3)));
    ck_assert(isnan(vs_eval_pearson(x, y, 1)));
}
END_TEST

/* One configuration of reference.tsv: its rows. */
struct ref_group {
    char kind[16], model[256], file[256];
    long restrict_vocab;
    int cs, mul;
    size_t first, count;   /* rows [first, first + count) */
};

START_TEST(test_reference)
{
    FILE *f = fopen(EVALDATA "/reference.tsv", "r");
    char line[4096];
    char **rows = NULL;
    size_t nrows = 0, cap = 0, i, groups = 0, sections = 0;
    double maxd = 0;
    vs_model *m = NULL;
    char loaded[256] = "";

    ck_assert_ptr_nonnull(f);
    while (fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (nrows == cap) {
            cap = cap ? 2 * cap : 256;
            rows = xreallocarray(rows, cap, sizeof *rows);
        }
        rows[nrows++] = xstrdup(line);
    }
    fclose(f);
    ck_assert_uint_gt(nrows, 100);
    for (i = 0; i < nrows;) {
        char *fl[11], *copy = xstrdup(rows[i]), *p = copy;
        size_t nf = 0, j;
        struct ref_group g;
        vs_eval_opts o;
        vs_error err;
        while (nf < 11) {
            fl[nf++] = p;
            p = strchr(p, '\t');
            if (p == NULL)
                break;
            *p++ = '\0';
        }
        memset(&g, 0, sizeof g);
        snprintf(g.kind, sizeof g.kind, "%s", fl[0]);
        snprintf(g.model, sizeof g.model, "%s", fl[1]);
        snprintf(g.file, sizeof g.file, "%s", fl[2]);
        g.restrict_vocab = atol(fl[3]);
        g.cs = atoi(fl[4]);
        g.mul = strcmp(g.kind, "analogy") == 0 ? atoi(fl[5]) : 0;
        if (strcmp(loaded, g.model) != 0) {
            vs_model_free(m);
            m = load_model(g.model);
            snprintf(loaded, sizeof loaded, "%s", g.model);
        }
        memset(&o, 0, sizeof o);
        o.restrict_vocab = (size_t)g.restrict_vocab;
        o.case_sensitive = g.cs;
        o.mul = g.mul;
        {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", VS_TESTDATA, g.file);
            if (strcmp(g.kind, "sim") == 0) {
                vs_sim_result r;
                double d[3];
                ck_assert_uint_eq(nf, 8);
                ck_assert_msg(vs_eval_sim(m, path, &o, &r, &err) == 0, "%s", err.msg);
                d[0] = fabs(r.pearson - strtod(fl[5], NULL));
                d[1] = fabs(r.spearman - strtod(fl[6], NULL));
                d[2] = fabs(r.oov_fraction - strtod(fl[7], NULL));
                for (j = 0; j < 3; j++) {
                    ck_assert_msg(d[j] <= 1e-6, "%s on %s, restrict %ld, cs %d: %s %.9f, "
                                  "gensim %s", g.file, g.model, g.restrict_vocab, g.cs,
                                  j == 0 ? "pearson" : j == 1 ? "spearman" : "oov",
                                  j == 0 ? r.pearson : j == 1 ? r.spearman : r.oov_fraction,
                                  fl[5 + j]);
                    if (d[j] > maxd)
                        maxd = d[j];
                }
                vs_sim_result_free(&r);
                i++;
            } else {
                vs_analogy_result r;
                size_t k;
                ck_assert_msg(vs_eval_analogy(m, path, &o, &r, &err) == 0, "%s", err.msg);
                /* the rows of this configuration: its sections, then total */
                for (k = 0; k <= r.nsections; k++, i++) {
                    char *gl[11], *c2 = xstrdup(rows[i]), *q = c2;
                    size_t ng = 0;
                    const vs_analogy_section *sec = k < r.nsections ? &r.sections[k] : &r.total;
                    while (ng < 11) {
                        gl[ng++] = q;
                        q = strchr(q, '\t');
                        if (q == NULL)
                            break;
                        *q++ = '\0';
                    }
                    ck_assert_uint_eq(ng, 10);
                    ck_assert_msg(strcmp(gl[1], g.model) == 0 && strcmp(gl[2], g.file) == 0 &&
                                  atol(gl[3]) == g.restrict_vocab && atoi(gl[4]) == g.cs &&
                                  atoi(gl[5]) == g.mul,
                                  "%s on %s: %zu sections, reference has another count",
                                  g.file, g.model, r.nsections);
                    ck_assert_str_eq(sec->name, gl[6]);
                    ck_assert_msg(sec->correct == (size_t)atol(gl[7]) &&
                                  sec->seen == (size_t)atol(gl[8]) &&
                                  sec->oov == (size_t)atol(gl[9]),
                                  "%s on %s, restrict %ld, cs %d, mul %d, section '%s': "
                                  "%zu/%zu (%zu skipped), gensim %s/%s (%s skipped)",
                                  g.file, g.model, g.restrict_vocab, g.cs, g.mul, sec->name,
                                  sec->correct, sec->seen, sec->oov, gl[7], gl[8], gl[9]);
                    free(c2);
                    sections++;
                }
                vs_analogy_result_free(&r);
            }
        }
        groups++;
        free(copy);
    }
    printf("eval parity: %zu configurations, %zu analogy sections equal to gensim; "
           "word pairs max |diff| %.2g\n", groups, sections, maxd);
    vs_model_free(m);
    for (i = 0; i < nrows; i++)
        free(rows[i]);
    free(rows);
}
END_TEST

START_TEST(test_malformed)
{
    vs_model *m = load_model("gutenberg-w2v-cbow32.bin");
    vs_eval_opts o;
    vs_analogy_result a;
    vs_sim_result s;
    vs_error err;

    memset(&o, 0, sizeof o);
    ck_assert_int_eq(vs_eval_analogy(m, EVALDATA "/analogy-quirks.txt", &o, &a, &err), 0);
    /* "paris france london", five words, ":nospace is not a section line" */
    ck_assert_uint_eq(a.skips.count, 3);
    ck_assert_uint_eq(a.skips.nmessages, 3);
    ck_assert_msg(strstr(a.skips.messages[0], "analogy-quirks.txt:8: expected four words") != NULL,
                  "%s", a.skips.messages[0]);
    ck_assert_msg(strstr(a.skips.messages[1], "analogy-quirks.txt:9:") != NULL, "%s",
                  a.skips.messages[1]);
    ck_assert_msg(strstr(a.skips.messages[2], "analogy-quirks.txt:19:") != NULL, "%s",
                  a.skips.messages[2]);
    ck_assert_str_eq(a.sections[1].name, "odd section name");
    ck_assert_str_eq(a.sections[2].name, "empty-section");
    ck_assert_uint_eq(a.sections[2].seen + a.sections[2].oov, 0);
    vs_analogy_result_free(&a);

    /* a question before any section, and a line of three words: nothing usable */
    ck_assert_int_eq(vs_eval_analogy(m, EVALDATA "/analogy-bad.txt", &o, &a, &err), -1);
    ck_assert_msg(strstr(err.msg, "analogy-bad.txt: no usable question") != NULL, "%s", err.msg);
    ck_assert_msg(strstr(err.msg, "2 malformed lines") != NULL, "%s", err.msg);

    ck_assert_int_eq(vs_eval_sim(m, EVALDATA "/sim-quirks.txt", &o, &s, &err), 0);
    ck_assert_uint_eq(s.skips.count, 2);
    ck_assert_msg(strstr(s.skips.messages[0], "sim-quirks.txt:7: expected WORD1 WORD2 SCORE") !=
                  NULL, "%s", s.skips.messages[0]);
    ck_assert_msg(strstr(s.skips.messages[1], "sim-quirks.txt:8: the score \"seven\"") != NULL,
                  "%s", s.skips.messages[1]);
    ck_assert_uint_eq(s.pairs + s.oov, 29);
    vs_sim_result_free(&s);

    /* files with nothing usable, or not there */
    ck_assert_int_eq(vs_eval_sim(m, EVALDATA "/analogy-bad.txt", &o, &s, &err), -1);
    ck_assert_msg(strstr(err.msg, "no usable line") != NULL, "%s", err.msg);
    ck_assert_int_eq(vs_eval_sim(m, EVALDATA "/no-such-file.txt", &o, &s, &err), -1);
    ck_assert_msg(strstr(err.msg, "no-such-file.txt: cannot open") != NULL, "%s", err.msg);
    ck_assert_int_eq(vs_eval_analogy(m, "/dev/null", &o, &a, &err), -1);
    /* every pair unknown */
    o.restrict_vocab = 1;
    ck_assert_int_eq(vs_eval_sim(m, EVALDATA "/EN-MC-30.txt", &o, &s, &err), -1);
    ck_assert_msg(strstr(err.msg, "all 30 pairs") != NULL, "%s", err.msg);
    vs_model_free(m);
}
END_TEST

START_TEST(test_cancel)
{
    vs_model *m = load_model("gutenberg-w2v-cbow32.bin");
    vs_eval_opts o;
    vs_analogy_result a;
    vs_error err;

    memset(&o, 0, sizeof o);
    vs_interrupted = 1;
    ck_assert_int_eq(vs_eval_analogy(m, EVALDATA "/questions-words-every8.txt", &o, &a, &err), -1);
    vs_interrupted = 0;
    ck_assert_msg(strstr(err.msg, "interrupted") != NULL, "%s", err.msg);
    ck_assert_ptr_null(a.sections);
    vs_model_free(m);
}
END_TEST

/* EXPECTED.md 2.1: compute-accuracy and gensim agree on 367/3725 (restrict
 * 30000) and 257/961 (restrict 2000), per section. */
START_TEST(test_expected_full)
{
    static const size_t c30[][2] = {{0, 6}, {0, 4}, {0, 0}, {0, 0}, {57, 182}, {11, 650},
                                    {0, 56}, {33, 506}, {8, 156}, {46, 420}, {3, 53},
                                    {140, 930}, {40, 552}, {29, 210}};
    const char *qw = VS_SRCDIR "/../shared/data/eval/questions-words.txt";
    vs_model *m;
    vs_eval_opts o;
    vs_analogy_result a;
    vs_error err;
    size_t k;

    if (access(qw, R_OK) != 0) {
        printf("eval: %s not found; skipping the full questions-words.txt\n", qw);
        return;
    }
    m = load_model("gutenberg-w2v-cbow32.bin");
    memset(&o, 0, sizeof o);
    o.restrict_vocab = 30000;
    ck_assert_int_eq(vs_eval_analogy(m, qw, &o, &a, &err), 0);
    ck_assert_uint_eq(a.nsections, 14);
    for (k = 0; k < 14; k++) {
        ck_assert_uint_eq(a.sections[k].correct, c30[k][0]);
        ck_assert_uint_eq(a.sections[k].seen, c30[k][1]);
    }
    ck_assert_uint_eq(a.total.correct, 367);
    ck_assert_uint_eq(a.total.seen, 3725);
    ck_assert_uint_eq(a.questions, 19544);
    vs_analogy_result_free(&a);
    o.restrict_vocab = 2000;
    ck_assert_int_eq(vs_eval_analogy(m, qw, &o, &a, &err), 0);
    ck_assert_uint_eq(a.total.correct, 257);
    ck_assert_uint_eq(a.total.seen, 961);
    printf("eval: questions-words.txt on gutenberg-w2v-cbow32: 367/3725 (restrict 30000), "
           "257/961 (restrict 2000), as EXPECTED.md 2.1\n");
    vs_analogy_result_free(&a);
    vs_model_free(m);
}
END_TEST

Suite *suite_eval(void)
{
    Suite *s = suite_create("eval");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_upper);
    tcase_add_test(tc, test_stats);
    tcase_add_test(tc, test_reference);
    tcase_add_test(tc, test_malformed);
    tcase_add_test(tc, test_cancel);
    tcase_add_test(tc, test_expected_full);
    suite_add_tcase(s, tc);
    return s;
}
