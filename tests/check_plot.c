/*
 * check_plot.c - tests of src/plot.c and src/labels.c that need no gnuplot.
 *
 * What is tested: the quoting of words for gnuplot (every " written as
 * \042 so no quote is left inside a data field, backslashes doubled,
 * control characters shown as text; '' in single-quoted strings), the
 * choice of labels for --labels auto (a dense cloud of 1000 points gets a
 * readable few, the marked words always, no two chosen labels overlap, no
 * label is cut off at the border, a handful of far-apart points all get
 * theirs, the cap holds), and the small parsers. That gnuplot draws the
 * quoted words as text and runs none of them is tests/cli/plot.t's part.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check_suites.h"
#include "labels.h"
#include "plot.h"

static const struct {
    const char *word, *quoted;
} quote_cases[] = {
    {"plain", "\"plain\""},
    {"", "\"\""},
    {"a\"b", "\"a\\042b\""},
    {"a\\b", "\"a\\\\b\""},
    {"end\\", "\"end\\\\\""},
    {"two\nlines", "\"two\\\\nlines\""},
    {"esc\033[31m", "\"esc\\\\x1b[31m\""},
    {"\"; system(\"touch owned\") #", "\"\\042; system(\\042touch owned\\042) #\""},
    {"caf\xc3\xa9 @{}^_&", "\"caf\xc3\xa9 @{}^_&\""},
};

START_TEST(test_quote)
{
    char *q = vs_plot_quote(quote_cases[_i].word);
    size_t k;

    ck_assert_str_eq(q, quote_cases[_i].quoted);
    /* a quote only at both ends, no control characters */
    ck_assert_int_eq(q[0], '"');
    ck_assert_int_eq(q[strlen(q) - 1], '"');
    for (k = 1; k + 1 < strlen(q); k++) {
        ck_assert_int_ne(q[k], '"');
        ck_assert((unsigned char)q[k] >= 0x20);
    }
    free(q);
}
END_TEST

START_TEST(test_squote)
{
    char *q = vs_plot_squote("it's");

    ck_assert_str_eq(q, "'it''s'");
    free(q);
    q = vs_plot_squote("a\nb'; system('x') #");
    ck_assert_str_eq(q, "'a\\nb''; system(''x'') #'");
    free(q);
}
END_TEST

/* A fixed pseudo-random sequence in [0, 1). */
static double lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (double)((*s >> 8) & 0xffffff) / 16777216.0;
}

/* Same geometry as plot.c's label_box: centred, one line above. */
static int boxes_overlap(const float *xy, const double *w, double h, size_t a, size_t b)
{
    double ax0 = xy[2 * a] - w[a] / 2, ax1 = xy[2 * a] + w[a] / 2;
    double bx0 = xy[2 * b] - w[b] / 2, bx1 = xy[2 * b] + w[b] / 2;
    double ay0 = xy[2 * a + 1] + h / 2, ay1 = ay0 + h;
    double by0 = xy[2 * b + 1] + h / 2, by1 = by0 + h;

    return ax0 < bx1 && bx0 < ax1 && ay0 < by1 && by0 < ay1;
}

START_TEST(test_labels_dense)
{
    enum { N = 1000 };
    float xy[2 * N];
    double w[N], h = 1.0 / 40;
    unsigned char must[N], show[N];
    unsigned seed = 7;
    size_t i, j, got, nshow = 0;

    memset(must, 0, sizeof must);
    for (i = 0; i < N; i++) {
        xy[2 * i] = (float)(0.05 + 0.9 * lcg(&seed));
        xy[2 * i + 1] = (float)(0.05 + 0.85 * lcg(&seed));
        w[i] = (4 + (double)(i % 8)) / 100;  /* words of 4 to 11 characters */
    }
    /* the query words, two of them right on top of each other */
    must[3] = must[500] = must[999] = must[998] = 1;
    xy[2 * 998] = xy[2 * 999];
    xy[2 * 998 + 1] = xy[2 * 999 + 1];
    /* the cap plot.c uses: the cap holds, marked words included */
    got = vs_labels_pick(xy, N, w, h, must, 60, show);
    ck_assert_uint_eq(got, 60);
    ck_assert(show[3] && show[500] && show[998] && show[999]);
    /* no cap: the room on the picture decides */
    got = vs_labels_pick(xy, N, w, h, must, N, show);
    for (i = 0; i < N; i++)
        nshow += show[i];
    ck_assert_uint_eq(got, nshow);
    ck_assert(show[3] && show[500] && show[998] && show[999]);
    /* far from all, but not none either */
    ck_assert_uint_lt(nshow, 300);
    ck_assert_uint_gt(nshow, 20);
    /* no chosen label overlaps another, except marked ones among
     * themselves; none is cut off at the border */
    for (i = 0; i < N; i++) {
        if (!show[i] || must[i])
            continue;
        ck_assert(xy[2 * i] - w[i] / 2 >= 0 && xy[2 * i] + w[i] / 2 <= 1);
        ck_assert(xy[2 * i + 1] + 1.5 * h <= 1);
        for (j = 0; j < N; j++)
            if (j != i && show[j])
                ck_assert_msg(!boxes_overlap(xy, w, h, i, j), "labels %zu and %zu overlap",
                              i, j);
    }
}
END_TEST

START_TEST(test_labels_sparse_and_cap)
{
    float xy[] = {0.1f, 0.1f, 0.9f, 0.1f, 0.5f, 0.5f, 0.1f, 0.8f, 0.9f, 0.8f};
    double w[] = {0.1, 0.1, 0.1, 0.1, 0.1};
    unsigned char show[5], must[5] = {0, 0, 0, 0, 1};

    /* room for every label: all of them */
    ck_assert_uint_eq(vs_labels_pick(xy, 5, w, 0.05, NULL, 100, show), 5);
    /* a cap of 2 with one marked: the marked one and one other */
    ck_assert_uint_eq(vs_labels_pick(xy, 5, w, 0.05, must, 2, show), 2);
    ck_assert_int_eq(show[4], 1);
    /* nothing to label */
    ck_assert_uint_eq(vs_labels_pick(xy, 0, w, 0.05, NULL, 10, show), 0);
    /* one point alone */
    ck_assert_uint_eq(vs_labels_pick(xy + 4, 1, w, 0.05, NULL, 10, show), 1);
}
END_TEST

/* The most isolated point is labelled before those in a crowd. */
START_TEST(test_labels_isolated_first)
{
    float xy[] = {0.50f, 0.50f, 0.51f, 0.50f, 0.50f, 0.51f, 0.2f, 0.2f};
    double w[] = {0.1, 0.1, 0.1, 0.1};
    unsigned char show[4];

    ck_assert_uint_eq(vs_labels_pick(xy, 4, w, 0.05, NULL, 1, show), 1);
    ck_assert_int_eq(show[3], 1);
    /* without a cap, the crowd of three gets one label, not three */
    ck_assert_uint_eq(vs_labels_pick(xy, 4, w, 0.05, NULL, 100, show), 2);
}
END_TEST

START_TEST(test_parsers)
{
    vs_error err;
    int l = -1;

    ck_assert(vs_plot_is_picture("map.png"));
    ck_assert(vs_plot_is_picture("dir.x/MAP.SVG"));
    ck_assert(vs_plot_is_picture("a.pdf"));
    ck_assert(!vs_plot_is_picture("map.tsv"));
    ck_assert(!vs_plot_is_picture("map.jpg"));
    ck_assert(!vs_plot_is_picture("png"));
    ck_assert(!vs_plot_is_picture("a.png/b"));
    ck_assert(!vs_plot_is_picture(NULL));
    ck_assert_int_eq(vs_plot_parse_labels("all", &l, &err), 0);
    ck_assert_int_eq(l, VS_PLOT_LABELS_ALL);
    ck_assert_int_eq(vs_plot_parse_labels("none", &l, &err), 0);
    ck_assert_int_eq(l, VS_PLOT_LABELS_NONE);
    ck_assert_int_eq(vs_plot_parse_labels("auto", &l, &err), 0);
    ck_assert_int_eq(l, VS_PLOT_LABELS_AUTO);
    ck_assert_int_eq(vs_plot_parse_labels("some", &l, &err), -1);
    ck_assert_str_eq(err.msg, "--labels is all, none or auto, not 'some'");
}
END_TEST

/* A result that is neither a map nor a matrix, and a file name gnuplot
 * cannot make a picture of: refused before gnuplot is looked for. */
START_TEST(test_refused)
{
    vs_result r;
    vs_plot_opts o;
    vs_error err;
    const char *labels[] = {"a", "b", "c"};
    float xy[] = {0, 0, 1, 1, 2, 0};

    vs_result_init(&r);
    memset(&o, 0, sizeof o);
    vs_result_set_scalar(&r, "cosine", 0.5);
    ck_assert_int_eq(vs_plot_result(&r, &o, &err), -1);
    ck_assert(strstr(err.msg, "only a map") != NULL);
    vs_result_clear(&r);
    vs_result_set_points(&r, 3, 2, labels, NULL, xy, NULL, NULL);
    o.out = "map.jpg";
    ck_assert_int_eq(vs_plot_result(&r, &o, &err), -1);
    ck_assert_str_eq(err.msg, "cannot tell the kind of picture from 'map.jpg': name a "
                              ".png, .svg or .pdf file");
    vs_result_clear(&r);
}
END_TEST

/* A picture gnuplot cut short (a full disk) is told from a whole one by its
 * end: PNG's IEND chunk, SVG's closing tag, PDF's %%EOF. */
START_TEST(test_picture_complete)
{
    static const struct {
        int kind;
        const char *bytes;
        size_t len;
        int whole;
    } cases[] = {
#define BYTES(s) s, sizeof s - 1
        {1, BYTES("\x89PNG....\0\0\0\0IEND\xae\x42\x60\x82"), 1},
        {1, BYTES("\x89PNG....\0\0\0\0IEND\xae\x42\x60"), 0},
        {1, BYTES("\x89PNG....IDAT"), 0},
        {2, BYTES("<svg>\n<g/>\n</svg>\n\n"), 1},
        {2, BYTES("<svg>\n<g/>\n</sv"), 0},
        {3, BYTES("%PDF-1.5\nxref\ntrailer\n%%EOF\n"), 1},
        {3, BYTES("%PDF-1.5\nxref\ntrai"), 0},
#undef BYTES
    };
    char path[] = "/tmp/vs-picture-XXXXXX";
    size_t k;
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        FILE *f = fopen(path, "wb");
        fwrite(cases[k].bytes, 1, cases[k].len, f);
        fclose(f);
        ck_assert_msg(vs_plot_picture_complete(path, cases[k].kind) == cases[k].whole,
                      "case %zu", k);
    }
    unlink(path);
}
END_TEST

Suite *suite_plot(void)
{
    Suite *s = suite_create("plot");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_quote, 0, (int)(sizeof quote_cases / sizeof *quote_cases));
    tcase_add_test(tc, test_picture_complete);
    tcase_add_test(tc, test_squote);
    tcase_add_test(tc, test_labels_dense);
    tcase_add_test(tc, test_labels_sparse_and_cap);
    tcase_add_test(tc, test_labels_isolated_first);
    tcase_add_test(tc, test_parsers);
    tcase_add_test(tc, test_refused);
    suite_add_tcase(s, tc);
    return s;
}
