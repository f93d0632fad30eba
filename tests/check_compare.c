/*
 * check_compare.c - two models side by side (src/compare.c): `overlap`,
 * `align` and `compare`.
 *
 * Against tests/gen-compare-reference.py (numpy, float64) on three pairs:
 * a synthetic pair whose shared words are not the second model's first
 * rows (so its rows are copied for the search) with a zero vector, two
 * gensim word2vec runs on one corpus (the searches run in place), and the
 * sample models (different sizes and dimensions). Overlap: the words
 * compared, in order, and each word's Jaccard index equal to the
 * reference's (a word whose k-th and (k+1)-th cosines lie within 1e-5 may
 * differ: a float32 search may take either), the mean within 1e-6 when no
 * such word differs. Alignment: the rotation and every aligned row within
 * 1e-4 of numpy's SVD solution, the cosines within 1e-5, and the aligned
 * copy keeps the neighbours of the model it was made from.
 * compare: the marks (* in both lists, - not in the other model) agree
 * with the two nn lists. Errors: a model that is not open, one named
 * twice, different dimensions, too few shared words, bad options.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "cmdtest.h"
#include "compare.h"
#include "query.h"
#include "xalloc.h"

#define COMPARE VS_TESTDATA "/compare"

/* The lines of a reference file (xmalloc'd text; *n lines, NUL-ended). */
static char **read_lines(const char *path, size_t *n, char **text)
{
    FILE *f = fopen(path, "rb");
    long len;
    char **lines = NULL, *p, *save = NULL;
    size_t cap = 0;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    *text = xmalloc((size_t)len + 1);
    ck_assert_uint_eq(fread(*text, 1, (size_t)len, f), (size_t)len);
    (*text)[len] = '\0';
    fclose(f);
    *n = 0;
    for (p = strtok_r(*text, "\n", &save); p != NULL; p = strtok_r(NULL, "\n", &save)) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 256;
            lines = xreallocarray(lines, cap, sizeof *lines);
        }
        lines[(*n)++] = p;
    }
    return lines;
}

static const struct {
    const char *name, *a, *b;
    size_t top, k;
} overlaps[] = {
    {"syn", COMPARE "/syn-a.txt", COMPARE "/syn-b.txt", 0, 5},
    {"alice", COMPARE "/alice-s1.txt", COMPARE "/alice-s2.txt", 200, 10},
    {"books", VS_SRCDIR "/samples/gutenberg-sg64.bin",
     VS_SRCDIR "/samples/gutenberg-w2v-cbow32.bin", 500, 10},
};

START_TEST(test_overlap)
{
    char path[1024], *text, **lines;
    vs_model *a = vs_test_load(overlaps[_i].a, NULL), *b = vs_test_load(overlaps[_i].b, NULL);
    vs_overlap res;
    vs_error err;
    double mean, diff = 0;
    size_t n, nlines, k, shared, i, differ = 0, ambiguous_differ = 0;

    snprintf(path, sizeof path, "%s/overlap-%s.tsv", VS_TESTREF, overlaps[_i].name);
    lines = read_lines(path, &nlines, &text);
    ck_assert_int_eq(sscanf(lines[0], "# mean %lf n %zu k %zu shared %zu", &mean, &n, &k,
                            &shared), 4);
    ck_assert_msg(vs_overlap_run(a, b, overlaps[_i].top, overlaps[_i].k, 2, NULL, &res, &err) ==
                      0, "%s", err.msg);
    ck_assert_uint_eq(res.shared, shared);
    ck_assert_uint_eq(res.k, k);
    ck_assert_uint_eq(res.n, n);
    ck_assert_uint_eq(nlines, n + 1);
    for (i = 0; i < n; i++) {
        char *word = lines[i + 1], *t1 = strchr(word, '\t'), *t2;
        double j;
        int amb;
        ck_assert_ptr_nonnull(t1);
        *t1 = '\0';
        j = strtod(t1 + 1, &t2);
        amb = atoi(t2 + 1);
        ck_assert_str_eq(vs_vocab_word(a->vocab, res.rows[i]), word);
        if (fabs(res.jaccard[i] - j) > 1e-9) {
            ck_assert_msg(amb, "%s: '%s' has Jaccard %.6f, the reference %.6f",
                          overlaps[_i].name, word, res.jaccard[i], j);
            ambiguous_differ++;
        }
        differ += fabs(res.jaccard[i] - j) > 1e-9;
    }
    diff = fabs(res.mean - mean);
    fprintf(stderr, "overlap %s: mean %.6f, reference %.6f, diff %.3g; %zu near ties differ\n",
            overlaps[_i].name, res.mean, mean, diff, ambiguous_differ);
    if (differ == 0)
        ck_assert_double_le(diff, 1e-6);
    else
        ck_assert_double_le(diff, (double)differ / (double)n);
    vs_overlap_free(&res);
    free(lines);
    free(text);
    vs_model_free(a);
    vs_model_free(b);
}
END_TEST

/* A model and a copy of itself agree everywhere; the mean comes out as a
 * scalar with --show 0. */
START_TEST(test_overlap_self)
{
    vs_session s;
    vs_result r;

    vs_session_init(&s);
    vs_result_init(&r);
    vs_test_run(&s, "load " COMPARE "/alice-s1.txt as x", &r);
    vs_test_run(&s, "load " COMPARE "/alice-s1.txt as y", &r);
    vs_test_run(&s, "overlap x y --top 0 -k 7 --show 0", &r);
    ck_assert_int_eq(r.kind, VS_RESULT_SCALAR);
    ck_assert_double_eq_tol(r.scalar, 1.0, 1e-12);
    vs_test_run(&s, "load " COMPARE "/alice-s2.txt as z", &r);
    vs_test_run(&s, "overlap x z --top 50 --show 3", &r);
    ck_assert_int_eq(r.kind, VS_RESULT_RANKED);
    ck_assert_uint_eq(r.nitems, 3);
    ck_assert_double_le(r.items[0].score, r.items[1].score);
    ck_assert_double_le(r.items[1].score, r.items[2].score);
    vs_result_clear(&r);
    vs_session_free(&s);
}
END_TEST

static const struct {
    const char *name, *a, *b;
    size_t top;
} aligns[] = {
    {"syn", COMPARE "/syn-a.txt", COMPARE "/syn-b.txt", 0},
    {"alice", COMPARE "/alice-s1.txt", COMPARE "/alice-s2.txt", 100},
};

START_TEST(test_align)
{
    char path[1024], *text, **lines;
    vs_model *a = vs_test_load(aligns[_i].a, NULL), *b = vs_test_load(aligns[_i].b, NULL);
    vs_alignment res;
    vs_error err;
    double mean, dr = 0, dv = 0, dc = 0;
    size_t n, nlines, shared, dim, i, j, l = 1;

    snprintf(path, sizeof path, "%s/align-%s.tsv", VS_TESTREF, aligns[_i].name);
    lines = read_lines(path, &nlines, &text);
    ck_assert_int_eq(sscanf(lines[0], "# mean %lf n %zu shared %zu dim %zu", &mean, &n,
                            &shared, &dim), 4);
    ck_assert_msg(vs_align_run(a, b, aligns[_i].top, NULL, &res, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(res.n, n);
    ck_assert_uint_eq(res.shared, shared);
    ck_assert_uint_eq(nlines, 1 + dim + n + b->n);
    for (i = 0; i < dim; i++, l++) {
        char *p = lines[l] + 2;
        ck_assert(strncmp(lines[l], "R\t", 2) == 0);
        for (j = 0; j < dim; j++)
            dr = fmax(dr, fabs(res.R[i * dim + j] - strtod(p, &p)));
    }
    for (i = 0; i < n; i++, l++) {
        char *w = lines[l] + 4, *t = strchr(w, '\t');
        *t = '\0';
        ck_assert_str_eq(vs_vocab_word(a->vocab, res.rows[i]), w);
        dc = fmax(dc, fabs(res.cosine[i] - strtod(t + 1, NULL)));
    }
    for (i = 0; i < b->n; i++, l++) {
        char *w = lines[l] + 4, *p = strchr(w, '\t');
        *p = '\0';
        ck_assert_str_eq(vs_vocab_word(b->vocab, i), w);
        for (j = 0; j < dim; j++)
            dv = fmax(dv, fabs(res.vecs[i * dim + j] - strtod(p + 1, &p)));
    }
    fprintf(stderr, "align %s: max diff R %.3g, vectors %.3g, cosines %.3g, mean %.3g\n",
            aligns[_i].name, dr, dv, dc, fabs(res.mean - mean));
    ck_assert_double_le(dr, 1e-4);
    ck_assert_double_le(dv, 1e-4);
    ck_assert_double_le(dc, 1e-5);
    ck_assert_double_le(fabs(res.mean - mean), 1e-6);
    vs_alignment_free(&res);
    free(lines);
    free(text);
    vs_model_free(a);
    vs_model_free(b);
}
END_TEST

/* The aligned copy opens as the current model and has the neighbours of
 * the model it was made from (a rotation keeps cosines). */
START_TEST(test_align_command)
{
    vs_session s;
    vs_result r, r2;
    size_t i;

    vs_session_init(&s);
    vs_result_init(&r);
    vs_result_init(&r2);
    vs_test_run(&s, "load " COMPARE "/syn-a.txt as a", &r);
    vs_test_run(&s, "load " COMPARE "/syn-b.txt as b", &r);
    vs_test_run(&s, "align a b --show 5 as rot", &r);
    ck_assert_str_eq(vs_session_model(&s)->name, "rot");
    ck_assert_uint_eq(vs_session_model(&s)->n, vs_session_find(&s, "b")->n);
    ck_assert_int_eq(r.kind, VS_RESULT_RANKED);
    ck_assert_uint_eq(r.nitems, 5);
    for (i = 1; i < r.nitems; i++)
        ck_assert_double_le(r.items[i - 1].score, r.items[i].score);
    vs_test_run(&s, "nn w005 -k 8", &r);
    vs_test_run(&s, "use b", &r2);
    vs_test_run(&s, "nn w005 -k 8", &r2);
    ck_assert_uint_eq(r.nitems, r2.nitems);
    for (i = 0; i < r.nitems; i++) {
        ck_assert_str_eq(r.items[i].term, r2.items[i].term);
        ck_assert_double_eq_tol(r.items[i].score, r2.items[i].score, 1e-5);
    }
    vs_test_run(&s, "align a b", &r);
    ck_assert_str_eq(vs_session_model(&s)->name, "b-aligned");
    vs_result_clear(&r);
    vs_result_clear(&r2);
    vs_session_free(&s);
}
END_TEST

/* The cell of row i, column c of table r. */
static const char *cell(const vs_result *r, size_t i, size_t c)
{
    return r->cells[i * r->cols + c];
}

/* Whether word is among the hits of m. */
static int among(const vs_model *m, const vs_hit *h, size_t n, const char *word)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(vs_vocab_word(m->vocab, h[i].id), word) == 0)
            return 1;
    return 0;
}

START_TEST(test_compare)
{
    vs_session s;
    vs_result r;
    vs_model *m[2];
    vs_hit h[2][12];
    size_t nh[2], i;
    vs_term t = {"w119", 1.0f, NULL};
    vs_error err;
    int j, stars = 0, dashes = 0;

    vs_session_init(&s);
    vs_result_init(&r);
    vs_test_run(&s, "load " COMPARE "/syn-b.txt as b", &r);
    vs_test_run(&s, "load " COMPARE "/syn-a.txt as a", &r);
    vs_test_run(&s, "compare a b w119 -k 12", &r);
    m[0] = vs_session_find(&s, "a");
    m[1] = vs_session_find(&s, "b");
    for (j = 0; j < 2; j++)
        ck_assert_msg(vs_most_similar(m[j], &t, 1, 12, 0, VS_SCAN_8BIT, h[j], &nh[j], &err) == 0, "%s",
                      err.msg);
    ck_assert_int_eq(r.kind, VS_RESULT_TABLE);
    ck_assert_uint_eq(r.cols, 7);
    ck_assert_uint_eq(r.rows, 12);
    for (i = 0; i < 12; i++) {
        for (j = 0; j < 2; j++) {
            const char *mk = cell(&r, i, 1 + 3 * (size_t)j), *w = cell(&r, i, 2 + 3 * (size_t)j);
            const vs_model *other = m[1 - j];
            ck_assert_str_eq(w, vs_vocab_word(m[j]->vocab, h[j][i].id));
            ck_assert_double_eq_tol(strtod(cell(&r, i, 3 + 3 * (size_t)j), NULL), h[j][i].score,
                                    1e-6);
            if (among(other, h[1 - j], nh[1 - j], w))
                ck_assert_str_eq(mk, "*");
            else if (vs_model_find(other, w) < 0)
                ck_assert_str_eq(mk, "-");
            else
                ck_assert_str_eq(mk, "");
            stars += mk[0] == '*';
            dashes += mk[0] == '-';
        }
    }
    /* the pair is built so that both kinds of mark occur */
    ck_assert_int_gt(stars, 0);
    ck_assert_int_gt(dashes, 0);
    vs_result_clear(&r);
    vs_session_free(&s);
}
END_TEST

START_TEST(test_errors)
{
    vs_session s;
    vs_result r;

    vs_session_init(&s);
    vs_result_init(&r);
    vs_test_run_fails(&s, "overlap a b", "no open model is called 'a'");
    vs_test_run(&s, "load " COMPARE "/syn-a.txt as a", &r);
    vs_test_run(&s, "load " VS_SRCDIR "/samples/gutenberg-sg64.bin as g", &r);
    vs_test_run(&s, "load " VS_SRCDIR "/samples/gutenberg-w2v-cbow32.bin as c", &r);
    vs_test_run_fails(&s, "overlap a a", "'a' is named twice");
    vs_test_run_fails(&s, "overlap a g", "a and g share 0 words; overlap needs at least two");
    vs_test_run_fails(&s, "align g c", "g has 64 dimensions and c 32");
    vs_test_run_fails(&s, "align g c as", "usage: align");
    vs_test_run_fails(&s, "align g c to x", "usage: align");
    vs_test_run_fails(&s, "overlap g c -k 0", "-k takes 1 or more, not 0");
    vs_test_run_fails(&s, "overlap g c --top -1", "--top takes a whole number >= 0");
    vs_test_run_fails(&s, "compare g c whale -k 0", "-k takes 1 or more");
    vs_test_run_fails(&s, "compare g a whale", "compare: a: 'whale' is not in the vocabulary");
    vs_test_run_fails(&s, "compare g c", "too few arguments");
    ck_assert_uint_eq(s.nmodels, 3);
    vs_result_clear(&r);
    vs_session_free(&s);
}
END_TEST

Suite *suite_compare(void)
{
    Suite *s = suite_create("compare");
    TCase *tc = tcase_create("compare");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_overlap, 0, (int)(sizeof overlaps / sizeof overlaps[0]));
    tcase_add_test(tc, test_overlap_self);
    tcase_add_loop_test(tc, test_align, 0, (int)(sizeof aligns / sizeof aligns[0]));
    tcase_add_test(tc, test_align_command);
    tcase_add_test(tc, test_compare);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(s, tc);
    return s;
}
