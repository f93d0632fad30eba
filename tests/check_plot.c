/*
 * check_plot.c - tests of src/plot.c and src/labels.c that need no gnuplot.
 *
 * What is tested: the quoting of words for gnuplot (every " written as
 * \042 so no quote is left inside a data field, backslashes doubled,
 * control characters shown as text; '' in single-quoted strings), the
 * placing of labels for --labels auto (a dense cloud of 1000 points gets a
 * readable few, the marked words always, even two on one spot; no chosen
 * label overlaps another or covers a point, none is cut off at the border;
 * a handful of far-apart points all get theirs, right of the point or left
 * at the border; the cap holds; isolation or the caller's priority orders
 * them; on a grid of cells they start on a cell boundary), and the small
 * parsers (--out's extensions, --labels). That gnuplot draws the
 * quoted words as text and runs none of them is tests/cli/plot.t's part.
 */
#include "config.h"

#include <check.h>
#include <math.h>
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

/* The geometry of a picture's labels: a line 1/40 of the height, gaps and
 * marks of a few pixels. */
static vs_label_geom geom_of(size_t cap)
{
    vs_label_geom g;

    memset(&g, 0, sizeof g);
    g.height = 1.0 / 40;
    g.gap = 0.006;
    g.vgap = 0.006;
    g.mark_w = 0.004;
    g.mark_h = 0.004;
    g.cap = cap;
    return g;
}

/* No shown label overlaps another or covers a point's mark (skip: marked
 * labels, which may have had no free place), and every one is inside. */
static void check_boxes(const float *xy, size_t n, const vs_label_geom *g,
                        const unsigned char *show, const vs_label_box *box,
                        const unsigned char *skip)
{
    size_t i, j;

    for (i = 0; i < n; i++) {
        if (!show[i] || (skip != NULL && skip[i]))
            continue;
        ck_assert(box[i].x0 >= -1e-9 && box[i].x1 <= 1 + 1e-9);
        ck_assert(box[i].y0 >= -1e-9 && box[i].y1 <= 1 + 1e-9);
        for (j = 0; j < n; j++) {
            vs_label_box m;
            if (j != i && show[j])
                ck_assert_msg(!vs_label_boxes_overlap(&box[i], &box[j]),
                              "labels %zu and %zu overlap", i, j);
            m.x0 = xy[2 * j] - g->mark_w;
            m.x1 = xy[2 * j] + g->mark_w;
            m.y0 = xy[2 * j + 1] - g->mark_h;
            m.y1 = xy[2 * j + 1] + g->mark_h;
            ck_assert_msg(!vs_label_boxes_overlap(&box[i], &m), "label %zu covers point %zu",
                          i, j);
        }
    }
}

START_TEST(test_labels_dense)
{
    enum { N = 1000 };
    static float xy[2 * N];
    static double w[N];
    static unsigned char must[N], show[N];
    static vs_label_box box[N];
    vs_label_geom g = geom_of(60);
    unsigned seed = 7;
    size_t i, got, nshow = 0;

    memset(must, 0, sizeof must);
    for (i = 0; i < N; i++) {
        xy[2 * i] = (float)(0.05 + 0.9 * lcg(&seed));
        xy[2 * i + 1] = (float)(0.05 + 0.85 * lcg(&seed));
        w[i] = (4 + (double)(i % 8)) / 200;  /* words of 4 to 11 characters */
    }
    /* the query words, two of them right on top of each other */
    must[3] = must[500] = must[999] = must[998] = 1;
    xy[2 * 998] = xy[2 * 999];
    xy[2 * 998 + 1] = xy[2 * 999 + 1];
    /* the cap holds, marked words included */
    got = vs_labels_place(xy, N, w, &g, must, NULL, show, box);
    ck_assert_uint_le(got, 60);
    ck_assert(show[3] && show[500] && show[998] && show[999]);
    /* no cap: the room on the picture decides */
    g.cap = N;
    got = vs_labels_place(xy, N, w, &g, must, NULL, show, box);
    for (i = 0; i < N; i++)
        nshow += show[i];
    ck_assert_uint_eq(got, nshow);
    ck_assert(show[3] && show[500] && show[998] && show[999]);
    /* far from all, but not none either */
    ck_assert_uint_lt(nshow, 300);
    ck_assert_uint_gt(nshow, 10);
    check_boxes(xy, N, &g, show, box, must);
    /* the two marked words on one spot still get two places */
    ck_assert(!vs_label_boxes_overlap(&box[998], &box[999]));
}
END_TEST

START_TEST(test_labels_sparse_and_cap)
{
    float xy[] = {0.1f, 0.1f, 0.9f, 0.1f, 0.5f, 0.5f, 0.1f, 0.8f, 0.9f, 0.8f};
    double w[] = {0.1, 0.1, 0.1, 0.1, 0.1};
    unsigned char show[5], must[5] = {0, 0, 0, 0, 1};
    vs_label_box box[5];
    vs_label_geom g = geom_of(100);

    /* room for every label: all of them, beside their points */
    ck_assert_uint_eq(vs_labels_place(xy, 5, w, &g, NULL, NULL, show, box), 5);
    check_boxes(xy, 5, &g, show, box, NULL);
    /* the first choice is right of the point, level with it */
    ck_assert(fabs(box[2].x0 - (0.5 + g.gap)) < 1e-6);
    ck_assert(fabs((box[2].y0 + box[2].y1) / 2 - 0.5) < 1e-6);
    /* at the right border: not right of the point, but above it */
    ck_assert(box[1].x0 < 0.9);
    ck_assert(box[1].y0 >= 0.1 + g.vgap - 1e-6);
    /* a cap of 2 with one marked: the marked one and one other */
    g.cap = 2;
    ck_assert_uint_eq(vs_labels_place(xy, 5, w, &g, must, NULL, show, box), 2);
    ck_assert_int_eq(show[4], 1);
    /* nothing to label */
    ck_assert_uint_eq(vs_labels_place(xy, 0, w, &g, NULL, NULL, show, box), 0);
    /* one point alone */
    ck_assert_uint_eq(vs_labels_place(xy + 4, 1, w, &g, NULL, NULL, show, box), 1);
}
END_TEST

/* Without priorities the most isolated point goes first; with them, the
 * lowest priority; a tight crowd gets fewer labels than points. */
START_TEST(test_labels_order)
{
    float xy[] = {0.50f, 0.50f, 0.51f, 0.50f, 0.50f, 0.51f, 0.2f, 0.2f};
    float crowd[18];
    double w[9] = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, prio[] = {0, 1, 2, 3};
    unsigned char show[9];
    vs_label_geom g = geom_of(1);
    int i;

    ck_assert_uint_eq(vs_labels_place(xy, 4, w, &g, NULL, NULL, show, NULL), 1);
    ck_assert_int_eq(show[3], 1);
    ck_assert_uint_eq(vs_labels_place(xy, 4, w, &g, NULL, prio, show, NULL), 1);
    ck_assert_int_eq(show[0], 1);
    /* a 3 x 3 crowd: the middle one has no free place */
    for (i = 0; i < 9; i++) {
        crowd[2 * i] = 0.5f + 0.01f * (float)(i % 3);
        crowd[2 * i + 1] = 0.5f + 0.01f * (float)(i / 3);
    }
    g.cap = 100;
    ck_assert_uint_lt(vs_labels_place(crowd, 9, w, &g, NULL, NULL, show, NULL), 9);
    ck_assert_int_eq(show[4], 0);
}
END_TEST

/* On a grid of cells (snap), boxes start on cell boundaries: a point at a
 * cell's centre gets its label from the next cell on, on its own row. */
START_TEST(test_labels_snap)
{
    /* a 10 x 5 grid of cells; the point at cell (3, 2) */
    float xy[] = {0.35f, 0.5f};
    double w[] = {0.4};  /* 4 cells */
    unsigned char show[1];
    vs_label_box box[1];
    vs_label_geom g;

    memset(&g, 0, sizeof g);
    g.height = 0.2;
    g.gap = 0.05;
    g.vgap = 0.1;
    g.mark_w = 0.025;
    g.mark_h = 0.05;
    g.snap_x = 0.1;
    g.snap_y = 0.2;
    g.cap = 10;
    ck_assert_uint_eq(vs_labels_place(xy, 1, w, &g, NULL, NULL, show, box), 1);
    ck_assert(fabs(box[0].x0 * 10 - 4) < 1e-9);
    ck_assert(fabs(box[0].x1 * 10 - 8) < 1e-9);
    ck_assert(fabs(box[0].y0 * 5 - 2) < 1e-9);
}
END_TEST

START_TEST(test_parsers)
{
    vs_error err;
    int l = -1;

    ck_assert_int_eq(vs_outfile_of("map.tsv"), VS_OUTFILE_TSV);
    ck_assert_int_eq(vs_outfile_of("MAP.PNG"), VS_OUTFILE_PNG);
    ck_assert_int_eq(vs_outfile_of("a.svg"), VS_OUTFILE_SVG);
    ck_assert_int_eq(vs_outfile_of("a.pdf"), VS_OUTFILE_PDF);
    ck_assert_int_eq(vs_outfile_of("a.jpg"), VS_OUTFILE_UNKNOWN);
    ck_assert_int_eq(vs_outfile_of("points"), VS_OUTFILE_UNKNOWN);
    ck_assert_int_eq(vs_outfile_of("dir.tsv/points"), VS_OUTFILE_UNKNOWN);
    ck_assert_int_eq(vs_outfile_check("x.jpg", &err), -1);
    ck_assert_str_eq(err.msg, "cannot tell what to write from the name 'x.jpg': end it in "
                              ".png, .svg or .pdf for a picture, or .tsv for the table");
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
        enum vs_outfile kind;
        const char *bytes;
        size_t len;
        int whole;
    } cases[] = {
#define BYTES(s) s, sizeof s - 1
        {VS_OUTFILE_PNG, BYTES("\x89PNG....\0\0\0\0IEND\xae\x42\x60\x82"), 1},
        {VS_OUTFILE_PNG, BYTES("\x89PNG....\0\0\0\0IEND\xae\x42\x60"), 0},
        {VS_OUTFILE_PNG, BYTES("\x89PNG....IDAT"), 0},
        {VS_OUTFILE_SVG, BYTES("<svg>\n<g/>\n</svg>\n\n"), 1},
        {VS_OUTFILE_SVG, BYTES("<svg>\n<g/>\n</sv"), 0},
        {VS_OUTFILE_PDF, BYTES("%PDF-1.5\nxref\ntrailer\n%%EOF\n"), 1},
        {VS_OUTFILE_PDF, BYTES("%PDF-1.5\nxref\ntrai"), 0},
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
    tcase_add_test(tc, test_labels_order);
    tcase_add_test(tc, test_labels_snap);
    tcase_add_test(tc, test_parsers);
    tcase_add_test(tc, test_refused);
    suite_add_tcase(s, tc);
    return s;
}
