/*
 * check_distill.c - `distill` and its engine (src/train/distill.c): static
 * word vectors from an encoder.
 *
 * Against tests/gen-distill-reference.py (the Hugging Face tokenizers
 * library's pieces and offsets, a PyTorch forward pass): on the tiny test
 * encoder over tests/data/distill/tiny.txt (lines past its 24 positions,
 * words of several pieces, words the vocabulary lacks, UTF-8, typographic
 * apostrophes, underscores) with the last layer, the mean of all layers and
 * the first piece, layer 1 with --max-words, layer 0; and on the demo
 * encoder (samples/bert-gutenberg-mini) over 40 lines of Alice, 12 of them
 * past its 128 positions. The vocabulary, its order and every component
 * (within 1e-4) must agree; a control shows that another layer's vectors
 * do not.
 * The windows: every window within reach, starting where a word may start,
 * overlapping the last, together covering the line.
 * Behaviour: the file written opens as the current model; errors (not an
 * encoder, bad options, no word above --min-count, unwritable OUT); Ctrl-C
 * leaves nothing.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "cmdtest.h"
#include "format/format.h"
#include "progress.h"
#include "train/distill.h"
#include "xalloc.h"

#define TOL 1e-4

/* The largest difference between the model at got and the reference
 * tests/ref/distill-NAME.vec, whose words must be the same and in order. */
static double diff_to_ref(const vs_model *got, const char *name)
{
    char path[1024];
    vs_model *ref;
    double worst = 0;
    size_t i;

    snprintf(path, sizeof path, "%s/distill-%s.vec", VS_TESTREF, name);
    ref = vs_test_load(path, "word2vec-text");
    ck_assert_uint_eq(got->n, ref->n);
    ck_assert_uint_eq(got->dim, ref->dim);
    for (i = 0; i < ref->n; i++)
        ck_assert_msg(strcmp(vs_vocab_word(got->vocab, i), vs_vocab_word(ref->vocab, i)) == 0,
                      "%s: word %zu is '%s', the reference's '%s'", name, i,
                      vs_vocab_word(got->vocab, i), vs_vocab_word(ref->vocab, i));
    for (i = 0; i < ref->n * ref->dim; i++) {
        double d = fabs((double)got->vecs[i] - ref->vecs[i]);
        if (d > worst || isnan(d))
            worst = isnan(d) ? INFINITY : d;
    }
    vs_model_free(ref);
    return worst;
}

static const struct {
    const char *name, *model, *corpus, *opts;
} cases[] = {
    {"tiny-last", "tests/data/bert/tiny-f32", "distill/tiny.txt", "--min-count 1"},
    {"tiny-avg", "tests/data/bert/tiny-f32", "distill/tiny.txt",
     "--layer avg --pool first --min-count 2"},
    {"tiny-l1", "tests/data/bert/tiny-f32", "distill/tiny.txt",
     "--layer 1 --max-words 12 --min-count 1"},
    {"tiny-l0", "tests/data/bert/tiny-f32", "distill/tiny.txt", "--layer 0 --min-count 1"},
    {"mini", "samples/bert-gutenberg-mini", "distill/alice-40.txt",
     "--min-count 2 --max-words 40"},
};

START_TEST(test_reference)
{
    char *dir = vs_test_tmpdir(), line[4096];
    vs_session s;
    vs_result r;
    double d;

    vs_session_init(&s);
    vs_result_init(&r);
    snprintf(line, sizeof line, "load %s/%s as enc", VS_SRCDIR, cases[_i].model);
    vs_test_run(&s, line, &r);
    snprintf(line, sizeof line, "distill %s/%s %s/%s.bin %s --threads 1", VS_TESTDATA,
             cases[_i].corpus, dir, cases[_i].name, cases[_i].opts);
    vs_test_run(&s, line, &r);
    ck_assert_str_eq(vs_session_model(&s)->name, cases[_i].name);
    ck_assert_str_eq(vs_session_model(&s)->format, "word2vec-bin");
    ck_assert_ptr_nonnull(vs_test_field(&r, "lines in windows"));
    ck_assert_msg(atoi(vs_test_field(&r, "lines in windows")) > 0,
                  "%s: no line was read in windows", cases[_i].name);
    d = diff_to_ref(vs_session_model(&s), cases[_i].name);
    fprintf(stderr, "distill %s: max diff %.3g (tolerance %g)\n", cases[_i].name, d, TOL);
    ck_assert_msg(d <= TOL, "%s: max diff %g", cases[_i].name, d);
    vs_result_clear(&r);
    vs_session_free(&s);
    vs_test_rmdir(dir);
}
END_TEST

/* The comparison can fail: layer 1's vectors are not the last layer's. */
START_TEST(test_reference_can_fail)
{
    char *dir = vs_test_tmpdir(), line[4096];
    vs_session s;
    vs_result r;
    vs_model *m;

    vs_session_init(&s);
    vs_result_init(&r);
    vs_test_run(&s, "load " VS_TESTDATA "/bert/tiny-f32", &r);
    snprintf(line, sizeof line, "distill %s/distill/tiny.txt %s/x.bin --layer 2 "
             "--max-words 12 --min-count 1", VS_TESTDATA, dir);
    vs_test_run(&s, line, &r);
    m = vs_session_model(&s);
    ck_assert_double_gt(diff_to_ref(m, "tiny-l1"), 100 * TOL);
    vs_result_clear(&r);
    vs_session_free(&s);
    vs_test_rmdir(dir);
}
END_TEST

/* Windows of n pieces with word starts where starts[] says (a string of
 * '1' and '0', one a piece). */
static void check_windows(const char *starts, size_t max)
{
    size_t n = strlen(starts), *ws = xmallocarray(n, sizeof *ws),
           *we = xmallocarray(n, sizeof *we), nw, w, i;
    unsigned char *cut = xmalloc(n);

    for (i = 0; i < n; i++)
        cut[i] = starts[i] == '1';
    nw = vs_distill_windows(cut, n, max, ws, we);
    ck_assert_uint_ge(nw, 1);
    ck_assert_uint_eq(ws[0], 0);
    ck_assert_uint_eq(we[nw - 1], n);
    for (w = 0; w < nw; w++) {
        ck_assert_uint_lt(ws[w], we[w]);
        ck_assert_uint_le(we[w] - ws[w], max);
        if (w > 0) {
            ck_assert_uint_gt(ws[w], ws[w - 1]);
            ck_assert_uint_le(ws[w], we[w - 1]);   /* no gap */
            ck_assert_uint_gt(we[w], we[w - 1]);
        }
        /* a window ends before a word unless none starts within reach */
        if (we[w] < n && !cut[we[w]]) {
            for (i = ws[w] + 1; i < we[w]; i++)
                ck_assert_msg(!cut[i], "%s: window %zu cut inside a word", starts, w);
        }
    }
    free(ws);
    free(we);
    free(cut);
}

START_TEST(test_windows)
{
    size_t ws[16], we[16];
    unsigned char all[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

    /* fits: one window */
    ck_assert_uint_eq(vs_distill_windows(all, 10, 10, ws, we), 1);
    ck_assert_uint_eq(we[0], 10);
    /* every piece a word: windows of 4 every 2 pieces */
    ck_assert_uint_eq(vs_distill_windows(all, 10, 4, ws, we), 4);
    ck_assert_uint_eq(ws[1], 2);
    ck_assert_uint_eq(we[1], 6);
    ck_assert_uint_eq(ws[3], 6);
    ck_assert_uint_eq(we[3], 10);
    check_windows("1101101110101011010", 5);
    check_windows("1000000001000000001", 4);   /* words longer than a window */
    check_windows("1111111111111111111111111111111", 7);
    check_windows("1001001001001001001001", 6);
    check_windows("10", 1);
}
END_TEST

START_TEST(test_errors)
{
    char *dir = vs_test_tmpdir(), line[4096], path[1024];
    vs_session s;
    vs_result r;
    FILE *f;

    vs_session_init(&s);
    vs_result_init(&r);
    vs_test_run(&s, "load " VS_TESTDATA "/eval/case-model.txt as words", &r);
    snprintf(line, sizeof line, "distill %s/distill/tiny.txt %s/o.bin", VS_TESTDATA, dir);
    vs_test_run_fails(&s, line, "is not an encoder");
    vs_test_run(&s, "load " VS_TESTDATA "/bert/tiny-f32 as enc", &r);
    snprintf(line, sizeof line, "distill %s/distill/tiny.txt %s/o.bin --layer 3", VS_TESTDATA,
             dir);
    vs_test_run_fails(&s, line, "--layer takes 0 to 2 (hidden states, 0 = the embeddings) or "
                                "avg, not '3'");
    snprintf(line, sizeof line, "distill %s/distill/tiny.txt %s/o.bin --layer last",
             VS_TESTDATA, dir);
    vs_test_run_fails(&s, line, "not 'last'");
    snprintf(line, sizeof line, "distill %s/distill/tiny.txt %s/o.bin --pool cls", VS_TESTDATA,
             dir);
    vs_test_run_fails(&s, line, "--pool takes mean or first, not 'cls'");
    snprintf(line, sizeof line, "distill %s/distill/tiny.txt %s/o.bin --min-count 0",
             VS_TESTDATA, dir);
    vs_test_run_fails(&s, line, "--min-count takes 1 or more");
    snprintf(line, sizeof line, "distill %s/distill/tiny.txt %s/o.bin --min-count 100",
             VS_TESTDATA, dir);
    vs_test_run_fails(&s, line, "no word occurs 100 times (the most frequent, 'the', occurs");
    snprintf(line, sizeof line, "distill %s/distill/tiny.txt %s/no/such/o.bin", VS_TESTDATA,
             dir);
    vs_test_run_fails(&s, line, "cannot write");
    snprintf(line, sizeof line, "distill %s/distill/none.txt %s/o.bin", VS_TESTDATA, dir);
    vs_test_run_fails(&s, line, "none.txt");
    snprintf(path, sizeof path, "%s/empty.txt", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("!!! ...\n\n", f);
    fclose(f);
    snprintf(line, sizeof line, "distill %s %s/o.bin", path, dir);
    vs_test_run_fails(&s, line, "holds no words");
    /* the corpus itself is never written over */
    snprintf(line, sizeof line, "distill %s %s", path, path);
    vs_test_run_fails(&s, line, "cannot write");
    ck_assert_int_eq(vs_test_files_in(dir), 1);
    ck_assert_str_eq(vs_session_model(&s)->name, "enc");
    vs_result_clear(&r);
    vs_session_free(&s);
    vs_test_rmdir(dir);
}
END_TEST

static void press_ctrl_c(void *ud, const char *what, double fraction)
{
    (void)ud;
    if (strncmp(what, "distill", 7) == 0 && fraction > 0)
        vs_interrupted = 1;
}

static const vs_progress ctrl_c = {press_ctrl_c, NULL};

START_TEST(test_cancel)
{
    char *dir = vs_test_tmpdir(), line[4096];
    vs_session s;
    vs_result r;

    vs_session_init(&s);
    vs_result_init(&r);
    vs_test_run(&s, "load " VS_TESTDATA "/bert/tiny-f32 as enc", &r);
    s.progress = &ctrl_c;
    snprintf(line, sizeof line, "distill %s/distill/tiny.txt %s/o.bin", VS_TESTDATA, dir);
    vs_test_run_fails(&s, line, "interrupted by Ctrl-C; nothing was written");
    vs_interrupted = 0;
    ck_assert_int_eq(vs_test_files_in(dir), 0);
    ck_assert_str_eq(vs_session_model(&s)->name, "enc");
    vs_result_clear(&r);
    vs_session_free(&s);
    vs_test_rmdir(dir);
}
END_TEST

Suite *suite_distill(void)
{
    Suite *s = suite_create("distill");
    TCase *tc = tcase_create("distill");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_reference, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, test_reference_can_fail);
    tcase_add_test(tc, test_windows);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_cancel);
    suite_add_tcase(s, tc);
    return s;
}
