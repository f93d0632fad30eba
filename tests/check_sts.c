/*
 * check_sts.c - `eval sts` (src/eval/sts.c): sentence-pair similarity.
 *
 * Against tests/gen-sts-reference.py (scipy's pearsonr and spearmanr of the
 * cosines numpy, gensim and PyTorch give): a static model with the mean
 * and SIF (Zipf weights, and weights from a counts file), the tiny test
 * encoder with each pooling at the last layer and the mean at layer 1 (its
 * 24 positions cut most sentences), and the demo encoder with each
 * pooling; every figure within 1e-6.
 * The reader: the three layouts (a header naming the columns in two
 * orders), extra columns, CRLF, a blank line, and the
 * malformed lines reported with file:line and skipped; a file with no usable
 * line is an error. Options that belong to another benchmark or another
 * kind of model are refused.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "cmdtest.h"
#include "eval/sts.h"
#include "xalloc.h"

#define STS VS_TESTDATA "/sts"
#define REFTSV VS_TESTREF "/sts.tsv"

/* One line of tests/ref/sts.tsv. */
struct ref {
    char file[64], model[128], pool[16], layer[16], counts[128];
    double pearson, spearman;
};

static size_t read_refs(struct ref *r, size_t max)
{
    FILE *f = fopen(REFTSV, "r");
    size_t n = 0;

    ck_assert_ptr_nonnull(f);
    while (n < max && fscanf(f, "%63[^\t]\t%127[^\t]\t%15[^\t]\t%15[^\t]\t%127[^\t]\t%lf\t%lf\n",
                             r[n].file, r[n].model, r[n].pool, r[n].layer, r[n].counts,
                             &r[n].pearson, &r[n].spearman) == 7)
        n++;
    fclose(f);
    return n;
}

START_TEST(test_reference)
{
    struct ref refs[32];
    size_t n = read_refs(refs, 32), i;
    vs_session s;
    vs_result r;
    char line[1024];

    ck_assert_uint_ge(n, 12);
    vs_session_init(&s);
    vs_result_init(&r);
    for (i = 0; i < n; i++) {
        const struct ref *x = &refs[i];
        double p, q;
        snprintf(line, sizeof line, "load %s/%s", VS_SRCDIR, x->model);
        vs_test_run(&s, line, &r);
        snprintf(line, sizeof line, "eval sts %s/%s --pool %s", STS, x->file, x->pool);
        if (strcmp(x->layer, "-") != 0 && strcmp(x->layer, "last") != 0)
            snprintf(line + strlen(line), sizeof line - strlen(line), " --layer %s", x->layer);
        if (strcmp(x->counts, "-") != 0)
            snprintf(line + strlen(line), sizeof line - strlen(line), " --counts %s/%s",
                     VS_SRCDIR, x->counts);
        vs_test_run(&s, line, &r);
        ck_assert_int_eq(r.kind, VS_RESULT_TABLE);
        ck_assert_uint_eq(r.rows, 1);
        ck_assert_str_eq(r.cells[0], x->pool);
        p = strtod(r.cells[1], NULL);
        q = strtod(r.cells[2], NULL);
        fprintf(stderr, "sts %s %s %s layer %s: pearson diff %.3g, spearman diff %.3g\n",
                x->file, x->model, x->pool, x->layer, fabs(p - x->pearson),
                fabs(q - x->spearman));
        ck_assert_msg(fabs(p - x->pearson) <= 1e-6 && fabs(q - x->spearman) <= 1e-6,
                      "%s: pearson %.8f spearman %.8f, scipy %.8f %.8f", line, p, q, x->pearson,
                      x->spearman);
        vs_test_run(&s, "close", &r);
    }
    vs_result_clear(&r);
    vs_session_free(&s);
}
END_TEST

/* Without --pool every pooling is scored, each equal to its own run. */
START_TEST(test_every_pooling)
{
    vs_session s;
    vs_result all, one;
    static const char *const pools[] = {"mean", "cls", "pooler"};
    char line[512];
    size_t i;

    vs_session_init(&s);
    vs_result_init(&all);
    vs_result_init(&one);
    vs_test_run(&s, "load " VS_TESTDATA "/bert/tiny-f32", &all);
    vs_test_run(&s, "eval sts " STS "/books-stsb.tsv", &all);
    ck_assert_uint_eq(all.rows, 3);
    for (i = 0; i < 3; i++) {
        snprintf(line, sizeof line, "eval sts %s/books-stsb.tsv --pool %s", STS, pools[i]);
        vs_test_run(&s, line, &one);
        ck_assert_str_eq(all.cells[i * 3], pools[i]);
        ck_assert_str_eq(all.cells[i * 3 + 1], one.cells[1]);
        ck_assert_str_eq(all.cells[i * 3 + 2], one.cells[2]);
    }
    vs_test_run(&s, "load " VS_SRCDIR "/samples/gutenberg-sg64.bin", &all);
    vs_test_run(&s, "eval sts " STS "/books-plain.tsv", &all);
    ck_assert_uint_eq(all.rows, 2);
    ck_assert_str_eq(all.cells[0], "mean");
    ck_assert_str_eq(all.cells[3], "sif");
    vs_result_clear(&all);
    vs_result_clear(&one);
    vs_session_free(&s);
}
END_TEST

START_TEST(test_read)
{
    vs_sts_data d;
    vs_error err;
    size_t i;

    ck_assert_msg(vs_sts_read(STS "/books-stsb.tsv", &d, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(d.n, 24);
    ck_assert_uint_eq(d.stsb, 24);
    ck_assert_uint_eq(d.skips.count, 4);
    ck_assert_ptr_nonnull(strstr(d.skips.messages[0], "books-stsb.tsv:9: expected 7"));
    ck_assert_ptr_nonnull(strstr(d.skips.messages[1], ":10: the score \"five\" is not a "
                                                       "number"));
    ck_assert_ptr_nonnull(strstr(d.skips.messages[2], ":11: sentence 1 is empty"));
    ck_assert_ptr_nonnull(strstr(d.skips.messages[3], ":12: expected 7"));
    for (i = 0; i < d.n; i++) {
        ck_assert_ptr_null(strchr(d.a[i], '\r'));
        ck_assert_ptr_null(strchr(d.b[i], '\r'));
        ck_assert_ptr_null(strchr(d.b[i], '\t'));  /* extra columns are not sentence 2 */
    }
    ck_assert_double_eq_tol(d.gold[0], 1.667, 1e-12);
    vs_sts_free(&d);
    ck_assert_msg(vs_sts_read(STS "/books-plain.tsv", &d, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(d.n, 20);
    ck_assert_uint_eq(d.stsb, 0);
    ck_assert_uint_eq(d.skips.count, 0);
    vs_sts_free(&d);
}
END_TEST

/* A header naming the columns (sentence-transformers' layout; GLUE's, the
 * score last) reads the same pairs as the plain file. */
START_TEST(test_header)
{
    char *dir = vs_test_tmpdir(), path[1024], line[2048];
    vs_sts_data plain, d;
    vs_session s;
    vs_result a, b;
    vs_error err;
    FILE *f;
    size_t i;

    ck_assert_msg(vs_sts_read(STS "/books-plain.tsv", &plain, &err) == 0, "%s", err.msg);
    ck_assert_msg(vs_sts_read(STS "/books-header.tsv", &d, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(d.n, plain.n);
    ck_assert_uint_eq(d.named, d.n);
    for (i = 0; i < d.n; i++) {
        ck_assert_str_eq(d.a[i], plain.a[i]);
        ck_assert_str_eq(d.b[i], plain.b[i]);
        ck_assert_double_eq(d.gold[i], plain.gold[i]);
    }
    vs_sts_free(&d);
    /* GLUE's order, and a line too short for it */
    snprintf(path, sizeof path, "%s/glue.tsv", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2"
          "\tScore\n", f);
    for (i = 0; i < plain.n; i++)
        fprintf(f, "%zu\tg\tf\t2024\t%zu\ts1\ts2\t%s\t%s\t%.3f\n", i, i, plain.a[i],
                plain.b[i], plain.gold[i]);
    fputs("99\tg\tf\t2024\t99\ts1\ts2\tonly one sentence\n", f);
    fclose(f);
    ck_assert_msg(vs_sts_read(path, &d, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(d.n, plain.n);
    ck_assert_uint_eq(d.skips.count, 1);
    ck_assert_ptr_nonnull(strstr(d.skips.messages[0], "the header names column 10, and this "
                                                       "line has 8 fields"));
    for (i = 0; i < d.n; i++)
        ck_assert_double_eq(d.gold[i], plain.gold[i]);
    vs_sts_free(&d);
    vs_sts_free(&plain);
    /* and the same figures */
    vs_session_init(&s);
    vs_result_init(&a);
    vs_result_init(&b);
    vs_test_run(&s, "load " VS_SRCDIR "/samples/gutenberg-w2v-cbow32.bin", &a);
    vs_test_run(&s, "eval sts " STS "/books-plain.tsv", &a);
    snprintf(line, sizeof line, "eval sts %s", path);
    vs_test_run(&s, line, &b);
    ck_assert_uint_eq(a.rows * a.cols, b.rows * b.cols);
    for (i = 0; i < a.rows * a.cols; i++)
        ck_assert_str_eq(a.cells[i], b.cells[i]);
    vs_result_clear(&a);
    vs_result_clear(&b);
    vs_session_free(&s);
    vs_test_rmdir(dir);
}
END_TEST

START_TEST(test_errors)
{
    char *dir = vs_test_tmpdir(), path[1024], line[2048];
    vs_session s;
    vs_result r;
    FILE *f;

    vs_session_init(&s);
    vs_result_init(&r);
    snprintf(path, sizeof path, "%s/bad.tsv", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("score\ts1\ts2\nx\ty\n", f);
    fclose(f);
    vs_test_run(&s, "load " VS_SRCDIR "/samples/gutenberg-sg64.bin as g", &r);
    snprintf(line, sizeof line, "eval sts %s", path);
    vs_test_run_fails(&s, line, "no sentence pair to score");
    vs_test_run_fails(&s, "eval sts " STS "/none.tsv", "none.tsv");
    vs_test_run_fails(&s, "eval sts " STS "/books-plain.tsv --pool cls",
                      "--pool is mean or sif for a static model, not 'cls'");
    vs_test_run_fails(&s, "eval sts " STS "/books-plain.tsv --layer 1", "--layer is for encoders");
    vs_test_run_fails(&s, "eval sts " STS "/books-plain.tsv --restrict 10",
                      "--restrict is for 'eval analogy' and 'eval sim'");
    vs_test_run_fails(&s, "eval sim " STS "/books-plain.tsv --pool mean",
                      "eval sim: --pool is for 'eval sts'");
    vs_test_run_fails(&s, "eval sts " STS "/books-plain.tsv --pool sif --counts " STS "/none",
                      "none");
    vs_test_run(&s, "load " VS_TESTDATA "/bert/tiny-f32 as t", &r);
    vs_test_run_fails(&s, "eval sts " STS "/books-plain.tsv --counts x",
                      "--counts is for static models");
    vs_test_run_fails(&s, "eval sts " STS "/books-plain.tsv --pool sif",
                      "--pool is model, mean, cls, max");
    vs_test_run_fails(&s, "eval sts " STS "/books-plain.tsv --layer 3", "--layer is 0");
    vs_test_run_fails(&s, "eval sts " STS "/books-plain.tsv --pool pooler --layer 1",
                      "the pooler reads the last layer only");
    vs_result_clear(&r);
    vs_session_free(&s);
    vs_test_rmdir(dir);
}
END_TEST

Suite *suite_sts(void)
{
    Suite *s = suite_create("sts");
    TCase *tc = tcase_create("sts");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_reference);
    tcase_add_test(tc, test_every_pooling);
    tcase_add_test(tc, test_read);
    tcase_add_test(tc, test_header);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(s, tc);
    return s;
}
