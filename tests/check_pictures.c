/*
 * check_pictures.c - the pictures by their content: the palette (every
 * group colour's terminal index is the nearest one, the ramp's ends, the
 * scales), the character canvas (known dots give known Braille cells, text
 * wins over dots, wide characters take two cells, colour escapes only when
 * asked), the map in characters (known points in known cells; labels
 * beside their points, never on a dot's cell), the heatmap in characters
 * (labels across, the shade of each weight under the linear and the square
 * root scale, numbers and a key when the labels do not fit), the colour bar,
 * the head view's lines (a line per weight over the threshold, the key
 * asked for always) and the whole head view, points with emphasis (their
 * attributes, labelled first), the layout of
 * a map's picture (every word asked for labelled, no two label boxes
 * overlapping, none over a point, all inside their view; axis titles; four
 * views for 3-D), the SVG that gnuplot draws from it (each label's text
 * where the layout put it, the axis titles, the legend; skipped without
 * gnuplot), and the reading of a terminal's answer to the DA1 query (sixel
 * or not, from canned answers).
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "canvas.h"
#include "check_suites.h"
#include "labels.h"
#include "mapview.h"
#include "palette.h"
#include "plot.h"
#include "termplot.h"
#include "termquery.h"
#include "xalloc.h"

/* --- the palette --- */

START_TEST(test_palette)
{
    size_t k;
    unsigned char rgb[3];

    for (k = 0; k < VS_PALETTE_NGROUPS; k++) {
        const vs_colour *c = vs_palette_group(k);
        if (c->xterm >= 0)
            ck_assert_int_eq(c->xterm, vs_palette_xterm(c->r, c->g, c->b));
    }
    ck_assert_ptr_eq(vs_palette_group(VS_PALETTE_NGROUPS), vs_palette_group(0));
    ck_assert_int_eq(vs_palette_xterm(255, 0, 0), 196);
    ck_assert_int_eq(vs_palette_xterm(0, 0, 0), 16);
    ck_assert_int_eq(vs_palette_xterm(128, 128, 128), 244);  /* the grey ramp */
    vs_palette_ramp(0, rgb);
    ck_assert(rgb[0] == 0x44 && rgb[1] == 0x01 && rgb[2] == 0x54);
    vs_palette_ramp(1, rgb);
    ck_assert(rgb[0] == 0xFD && rgb[1] == 0xE7 && rgb[2] == 0x25);
    vs_palette_ramp(2, rgb);  /* clamped */
    ck_assert(rgb[0] == 0xFD);
    ck_assert_double_eq_tol(vs_scale_apply(VS_SCALE_SQRT, 0.25), 0.5, 1e-12);
    ck_assert_double_eq_tol(vs_scale_apply(VS_SCALE_LINEAR, 0.25), 0.25, 1e-12);
    ck_assert_double_eq_tol(vs_scale_apply(VS_SCALE_SQRT, -1), 0, 1e-12);
    ck_assert_int_eq(vs_scale_parse("sqrt"), VS_SCALE_SQRT);
    ck_assert_int_eq(vs_scale_parse("log"), -1);
    /* the inverse, for the numbers of a colour bar */
    ck_assert_double_eq_tol(vs_scale_invert(VS_SCALE_SQRT, 0.5), 0.25, 1e-12);
    ck_assert_double_eq_tol(vs_scale_invert(VS_SCALE_LINEAR, 0.5), 0.5, 1e-12);
    ck_assert_double_eq_tol(vs_scale_invert(VS_SCALE_SQRT, 2), 1, 1e-12);
    ck_assert_double_eq_tol(vs_scale_apply(VS_SCALE_SQRT, vs_scale_invert(VS_SCALE_SQRT, 0.3)),
                            0.3, 1e-12);
    /* a matrix's own scale: cosines from -1 to 1, then weights by their
     * square root; vs_scale_value undoes vs_scale_of */
    {
        static const float v[2] = {-1.0f, 0.5f};
        const char *const lab[2] = {"a", "b"};
        vs_result r;
        vs_result_init(&r);
        vs_result_set_matrix(&r, 1, 2, lab, lab, v);
        vs_result_matrix_scale(&r, "word", "word", "cosine", -1.0, 1.0);
        ck_assert_double_eq_tol(vs_scale_of(&r, 0.0), 0.5, 1e-12);
        ck_assert_double_eq_tol(vs_scale_of(&r, -1.0), 0.0, 1e-12);
        ck_assert_double_eq_tol(vs_scale_value(&r, 0.75), 0.5, 1e-12);
        vs_result_matrix_scale(&r, "query token", "key token", "attention weight", 0.0, 1.0);
        r.plot_scale = VS_SCALE_SQRT;
        ck_assert_double_eq_tol(vs_scale_of(&r, 0.25), 0.5, 1e-12);
        ck_assert_double_eq_tol(vs_scale_value(&r, 0.5), 0.25, 1e-12);
        ck_assert_double_eq_tol(vs_scale_value(&r, vs_scale_of(&r, 0.09)), 0.09, 1e-12);
        vs_result_clear(&r);
    }
}
END_TEST

/* --- the canvas --- */

/* Row y of c as plain text. */
static char *row_text(const vs_canvas *c, int y)
{
    char *s = xmalloc((size_t)c->w * 8 + 1);
    int x;

    s[0] = '\0';
    for (x = 0; x < c->w; x++) {
        char g[8];
        vs_cell_utf8(vs_canvas_at(c, x, y), g);
        strcat(s, g);
    }
    return s;
}

/* Row y of c is want. */
static void check_row(const vs_canvas *c, int y, const char *want)
{
    char *row = row_text(c, y);

    ck_assert_str_eq(row, want);
    free(row);
}

START_TEST(test_canvas)
{
    vs_canvas *c = vs_canvas_new(4, 2);
    char *out = NULL;
    size_t len = 0;
    FILE *f;

    vs_canvas_dot(c, 0, 0, VS_INK_GROUP(0));  /* cell (0, 0), bit 0x01 */
    vs_canvas_dot(c, 1, 3, VS_INK_GROUP(0));  /* cell (0, 0), bit 0x80 */
    vs_canvas_dot(c, 7, 5, VS_INK_GROUP(1));  /* cell (3, 1), bit 0x10 */
    vs_canvas_dot(c, 8, 0, 0);                /* outside: ignored */
    check_row(c, 0, "\u2881   ");
    check_row(c, 1, "   \u2810");
    /* text replaces dots, and dots do not go over text */
    ck_assert_int_eq(vs_canvas_text(c, 0, 0, "ab", 10, VS_INK_NONE, 0), 2);
    vs_canvas_dot(c, 0, 0, 0);
    check_row(c, 0, "ab  ");
    /* a wide character takes two cells; one that does not fit is left out;
     * control characters are shown escaped */
    ck_assert_int_eq(vs_canvas_text(c, 2, 1, "\u732b\u732b", 10, VS_INK_NONE, 0), 2);
    check_row(c, 1, "  \u732b");
    ck_assert_int_eq(vs_canvas_text(c, 0, 1, "\n", 10, VS_INK_NONE, 0), 2);
    check_row(c, 1, "\\n\u732b");
    /* plain: no escapes, trailing blanks dropped */
    f = open_memstream(&out, &len);
    ck_assert_int_eq(vs_canvas_write(c, f, 0), 0);
    fclose(f);
    ck_assert_str_eq(out, "ab\n\\n\u732b\n");
    free(out);
    /* in 256 colours: a group's ink is its palette colour */
    vs_canvas_free(c);
    c = vs_canvas_new(2, 1);
    vs_canvas_dot(c, 0, 0, VS_INK_GROUP(1));
    f = open_memstream(&out, &len);
    vs_canvas_write(c, f, 256);
    fclose(f);
    {
        char want[64];
        snprintf(want, sizeof want, "\033[0;38;5;%dm\u2801\033[0m\n", vs_palette_group(1)->xterm);
        ck_assert_str_eq(out, want);
    }
    free(out);
    vs_canvas_free(c);
}
END_TEST

/* --- the map in characters --- */

START_TEST(test_termplot_map)
{
    const char *labels[] = {"ab", "cd", "ef"};
    float xy[] = {0.5f, 7.5f, 7.5f, 0.5f, 4.5f, 4.5f};
    vs_result r;
    vs_termmap m;
    vs_canvas *c = vs_canvas_new(4, 2);
    int x, y, k;

    vs_result_init(&r);
    vs_result_set_points(&r, 3, 2, labels, NULL, xy, NULL, NULL);
    memset(&m, 0, sizeof m);
    m.xlo = 0;
    m.xhi = 8;
    m.ylo = 0;
    m.yhi = 8;
    m.labels = VS_PLOT_LABELS_NONE;
    m.colours = 256;
    /* 8 x 8 dots: (0.5, 7.5) is dot (0, 0), (7.5, 0.5) dot (7, 7), (4.5,
     * 4.5) dot (4, 3) */
    ck_assert_uint_eq(vs_termplot_map(c, 0, 0, 4, 2, &r, xy, &m), 0);
    check_row(c, 0, "\u2801 \u2840 ");
    check_row(c, 1, "   \u2880");
    vs_canvas_free(c);
    /* room for labels: each beside its point, on no cell with a dot */
    c = vs_canvas_new(40, 8);
    m.xhi = 80;
    m.yhi = 32;
    xy[0] = 0.5f, xy[1] = 31.5f;   /* dot (0, 0): cell (0, 0) */
    xy[2] = 60.5f, xy[3] = 2.5f;   /* dot (60, 29): cell (30, 7) */
    xy[4] = 40.5f, xy[5] = 16.5f;  /* dot (40, 15): cell (20, 3) */
    vs_result_clear(&r);
    vs_result_set_points(&r, 3, 2, labels, NULL, xy, NULL, NULL);
    m.labels = VS_PLOT_LABELS_AUTO;
    ck_assert_uint_eq(vs_termplot_map(c, 0, 0, 40, 8, &r, xy, &m), 3);
    /* the first place: the cells right of the point */
    ck_assert_str_eq(vs_canvas_at(c, 1, 0)->glyph, "a");
    ck_assert_str_eq(vs_canvas_at(c, 2, 0)->glyph, "b");
    ck_assert_str_eq(vs_canvas_at(c, 31, 7)->glyph, "c");
    ck_assert_str_eq(vs_canvas_at(c, 21, 3)->glyph, "e");
    /* the points are drawn: a disc a point, the map having room */
    k = 0;
    for (y = 0; y < 8; y++)
        for (x = 0; x < 40; x++)
            k += strcmp(vs_canvas_at(c, x, y)->glyph, "\u25cf") == 0;
    ck_assert_int_eq(k, 3);
    vs_canvas_free(c);
    vs_result_clear(&r);
}
END_TEST

/* A dense cloud in characters: no label on a cell with a dot. */
START_TEST(test_termplot_dense)
{
    enum { N = 600 };
    static float xy[2 * N];
    static char *words[N];
    vs_result r;
    vs_termmap m;
    vs_canvas *c = vs_canvas_new(60, 20), *dots = vs_canvas_new(60, 20);
    unsigned s = 3;
    size_t i;
    int x, y, nlab = 0;

    for (i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        xy[2 * i] = (float)((s >> 8) % 1000);
        s = s * 1103515245u + 12345u;
        xy[2 * i + 1] = (float)((s >> 8) % 1000);
        words[i] = xasprintf("w%zu", i);
    }
    vs_result_init(&r);
    vs_result_set_points(&r, N, 2, (const char *const *)words, NULL, xy, NULL, NULL);
    memset(&m, 0, sizeof m);
    vs_termplot_fit(xy, N, 60, 20, &m);
    m.labels = VS_PLOT_LABELS_NONE;
    vs_termplot_map(dots, 0, 0, 60, 20, &r, xy, &m);
    m.labels = VS_PLOT_LABELS_AUTO;
    vs_termplot_map(c, 0, 0, 60, 20, &r, xy, &m);
    for (y = 0; y < 20; y++)
        for (x = 0; x < 60; x++)
            if (vs_canvas_at(c, x, y)->glyph[0] != '\0') {
                nlab++;
                ck_assert_msg(vs_canvas_at(dots, x, y)->dots == 0,
                              "a label covers the dot at cell (%d, %d)", x, y);
            }
    ck_assert_int_gt(nlab, 0);
    vs_canvas_free(c);
    vs_canvas_free(dots);
    vs_result_clear(&r);
    for (i = 0; i < N; i++)
        free(words[i]);
}
END_TEST

/* --- the heatmap in characters --- */

static char *draw(const vs_result *r, int cols, int colours)
{
    vs_termplot_opts o;
    vs_error err;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);

    memset(&o, 0, sizeof o);
    o.cols = cols;
    o.rows = 24;
    o.colours = colours;
    ck_assert_int_eq(vs_termplot(r, &o, f, &err), 0);
    fclose(f);
    return out;
}

START_TEST(test_termplot_heatmap)
{
    const char *tok[] = {"the", "cat", "sat"};
    float m[] = {1, 0, 0, 0.25f, 0.75f, 0, 0, 0, 1};
    vs_result r;
    char *out;

    vs_result_init(&r);
    vs_result_set_matrix(&r, 3, 3, tok, tok, m);
    out = draw(&r, 80, 0);
    /* the labels across, and the shades: 1 full, 0 a dot, 0.25 light */
    ck_assert_msg(strstr(out, "    the cat sat\n") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "the \u2588\u2588\u2588 \u00b7\u00b7\u00b7 \u00b7\u00b7\u00b7\n") !=
                      NULL, "%s", out);
    ck_assert_msg(strstr(out, "cat \u2591\u2591\u2591 \u2593\u2593\u2593 ") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "colour: 0 ") != NULL, "%s", out);
    ck_assert(strstr(out, " 1  linear scale: the middle is 0.5\n") != NULL);
    free(out);
    /* the square root: 0.25 is half way */
    r.plot_scale = VS_SCALE_SQRT;
    out = draw(&r, 80, 0);
    ck_assert_msg(strstr(out, "cat \u2592\u2592\u2592 ") != NULL, "%s", out);
    ck_assert(strstr(out, " 1  square-root scale: the middle is 0.25\n") != NULL);
    free(out);
    /* 256 colours: blocks in the ramp's colours */
    out = draw(&r, 80, 256);
    ck_assert(strstr(out, "\033[0;38;5;") != NULL);
    free(out);
    vs_result_clear(&r);
}
END_TEST

/* Column labels too wide for their cells: numbers, and a key. */
START_TEST(test_termplot_heatmap_key)
{
    enum { N = 12 };
    char *tok[N];
    float m[N * N];
    vs_result r;
    char *out;
    size_t i;

    for (i = 0; i < N; i++)
        tok[i] = xasprintf("token%zu", i);
    for (i = 0; i < N * N; i++)
        m[i] = (float)(i % 7) / 6.0f;
    vs_result_init(&r);
    vs_result_set_matrix(&r, N, N, (const char *const *)tok, (const char *const *)tok, m);
    out = draw(&r, 40, 0);
    ck_assert_msg(strstr(out, "key:") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "12 token11") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "1 token0") != NULL, "%s", out);
    free(out);
    vs_result_clear(&r);
    for (i = 0; i < N; i++)
        free(tok[i]);
}
END_TEST

/* The colour bar: the ramp between 0 and 1 (shades without 256 colours,
 * the ramp's colours with them), the scale's name and its middle. */
START_TEST(test_termplot_scale)
{
    const char *tok[] = {"a"};
    float m[] = {1};
    vs_result r;
    vs_canvas *c = vs_canvas_new(80, 1);
    char *row;
    int used;

    vs_result_init(&r);
    vs_result_set_matrix(&r, 1, 1, tok, tok, m);
    r.plot_scale = VS_SCALE_SQRT;
    used = vs_termplot_scale(c, 0, 0, 80, &r, 0);
    row = row_text(c, 0);
    ck_assert_msg(strncmp(row, "0 \u00b7\u00b7\u00b7\u00b7\u2591", strlen("0 \u00b7\u00b7\u00b7\u00b7\u2591")) == 0,
                  "%s", row);
    ck_assert_msg(strstr(row, "\u2588 1  square-root scale: the middle is 0.25") != NULL, "%s", row);
    ck_assert_int_eq(used, 2 + 20 + (int)strlen(" 1  square-root scale: the middle is 0.25"));
    free(row);
    vs_canvas_free(c);
    /* 256 colours: the ramp's colours, from its start to its end */
    c = vs_canvas_new(80, 1);
    vs_termplot_scale(c, 0, 0, 80, &r, 256);
    ck_assert(VS_INK_IS_RAMP(vs_canvas_at(c, 2, 0)->ink));
    ck_assert_double_lt(VS_INK_RAMP_T(vs_canvas_at(c, 2, 0)->ink), 0.1);
    ck_assert_double_gt(VS_INK_RAMP_T(vs_canvas_at(c, 21, 0)->ink), 0.9);
    vs_canvas_free(c);
    /* no room: nothing */
    c = vs_canvas_new(6, 1);
    ck_assert_int_eq(vs_termplot_scale(c, 0, 0, 6, &r, 0), 0);
    vs_canvas_free(c);
    vs_result_clear(&r);
}
END_TEST

/* The head view's lines: a query's line to each key whose weight reaches
 * the threshold, and to the key asked for whatever its weight; the whole
 * head view with the tokens in both columns. */
START_TEST(test_termplot_head_view)
{
    const char *tok[] = {"the", "cat", "sat"};
    /* query 0 looks at key 2, query 1 at keys 0 and 1, query 2 at key 2 */
    float m[] = {0.01f, 0.01f, 0.98f, 0.5f, 0.49f, 0.01f, 0, 0, 1};
    vs_result r;
    vs_canvas *c;
    char *out;
    int y;

    vs_result_init(&r);
    vs_result_set_matrix(&r, 3, 3, tok, tok, m);
    r.plot_scale = VS_SCALE_LINEAR;
    /* query 0 alone on 3 rows of 10 cells: its line runs from its row (dot
     * row 1) at the left to key 2's (dot row 9) at the right */
    c = vs_canvas_new(10, 3);
    vs_termplot_head_lines(c, 0, 0, 10, 3, &r, 0, -1, 0, 0.25);
    ck_assert(vs_canvas_at(c, 0, 0)->dots != 0);
    ck_assert(vs_canvas_at(c, 9, 2)->dots != 0);
    ck_assert(vs_canvas_at(c, 9, 0)->dots == 0);  /* no line to key 0 */
    ck_assert(VS_INK_IS_RAMP(vs_canvas_at(c, 9, 2)->ink));
    ck_assert_double_gt(VS_INK_RAMP_T(vs_canvas_at(c, 9, 2)->ink), 0.95);
    vs_canvas_free(c);
    /* key 0 asked for: its line too, though its weight is 0.01 */
    c = vs_canvas_new(10, 3);
    vs_termplot_head_lines(c, 0, 0, 10, 3, &r, 0, 0, 0, 0.25);
    ck_assert(vs_canvas_at(c, 9, 0)->dots != 0);
    vs_canvas_free(c);
    /* every query, from row 1 on: query 0 is above the area, so only the
     * lines of queries 1 and 2 (rows 0 and 1 of the area) */
    c = vs_canvas_new(10, 2);
    vs_termplot_head_lines(c, 0, 0, 10, 2, &r, -1, -1, 1, 0.25);
    for (y = 0; y < 2; y++)
        ck_assert(vs_canvas_at(c, 0, y)->dots != 0);
    vs_canvas_free(c);
    /* the drawing: every token on both sides, the lines, the colour bar */
    r.matrix_view = VS_VIEW_LINES;
    out = draw(&r, 80, 0);
    ck_assert_msg(strstr(out, " the \xe2") != NULL && strstr(out, " cat \xe2") != NULL &&
                      strstr(out, " sat \xe2") != NULL, "%s", out);
    ck_assert_msg(strstr(out, " the\n") != NULL && strstr(out, " cat\n") != NULL &&
                      strstr(out, " sat\n") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "linear scale: the middle is 0.5") != NULL, "%s", out);
    free(out);
    vs_result_clear(&r);
}
END_TEST

/* Points with emphasis: their marks and labels take its attributes, and
 * they are labelled before the others. */
START_TEST(test_termplot_emphasis)
{
    const char *labels[] = {"ab", "cd", "ef"};
    float xy[] = {0.5f, 31.5f, 60.5f, 2.5f, 40.5f, 16.5f};
    unsigned char em[3] = {0, VS_CELL_REVERSE, 0};
    vs_result r;
    vs_termmap m;
    vs_canvas *c = vs_canvas_new(40, 8);
    int cx, cy;

    vs_result_init(&r);
    vs_result_set_points(&r, 3, 2, labels, NULL, xy, NULL, NULL);
    memset(&m, 0, sizeof m);
    m.xhi = 80;
    m.yhi = 32;
    m.labels = VS_PLOT_LABELS_AUTO;
    m.emphasis = em;
    ck_assert_uint_eq(vs_termplot_map(c, 0, 0, 40, 8, &r, xy, &m), 3);
    /* point 1 is at cell (30, 7), its label after it */
    ck_assert_int_eq(vs_termplot_cell(&m, 40, 8, xy[2], xy[3], &cx, &cy), 1);
    ck_assert_int_eq(cx, 30);
    ck_assert_int_eq(cy, 7);
    ck_assert(vs_canvas_at(c, 30, 7)->attr & VS_CELL_REVERSE);
    ck_assert_str_eq(vs_canvas_at(c, 31, 7)->glyph, "c");
    ck_assert(vs_canvas_at(c, 31, 7)->attr & VS_CELL_REVERSE);
    ck_assert(!(vs_canvas_at(c, 1, 0)->attr & VS_CELL_REVERSE));
    ck_assert_int_eq(vs_termplot_cell(&m, 40, 8, 100, 0, &cx, &cy), 0);  /* outside */
    vs_canvas_free(c);
    vs_result_clear(&r);
}
END_TEST

/* --- the layout of a picture --- */

/* A map of n pseudo-random points in dims dimensions, three groups, the
 * first word of each asked for, and two asked-for words on one spot. */
static void make_map(vs_result *r, size_t n, size_t dims)
{
    static const char *const stems[] = {"river", "bank", "money", "water", "king",
                                         "queen", "a", "transportation", "I", "WWW"};
    char **words = xmallocarray(n, sizeof *words), **groups = xmallocarray(n, sizeof *groups);
    float *xy = xmallocarray(n, dims * sizeof *xy);
    unsigned s = 11;
    size_t i, j;

    for (i = 0; i < n; i++) {
        words[i] = xasprintf("%s%zu", stems[i % 10], i);
        groups[i] = xstrdup(i % 3 == 0 ? "alpha" : i % 3 == 1 ? "beta" : "gamma");
        for (j = 0; j < dims; j++) {
            s = s * 1103515245u + 12345u;
            xy[i * dims + j] = (float)((s >> 8) % 10000) / 100.0f;
        }
    }
    xy[4 * dims] = xy[3 * dims];
    xy[4 * dims + 1] = xy[3 * dims + 1];
    vs_result_init(r);
    vs_result_title(r, "a test map");
    vs_result_set_points(r, n, dims, (const char *const *)words, (const char *const *)groups,
                         xy, NULL, NULL);
    r->marked = xcalloc(n, 1);
    r->marked[0] = r->marked[1] = r->marked[2] = r->marked[3] = r->marked[4] = 1;
    for (j = 0; j < dims; j++)
        vs_result_axis_title(r, j, "axis title %zu", j + 1);
    for (i = 0; i < n; i++) {
        free(words[i]);
        free(groups[i]);
    }
    free(words);
    free(groups);
    free(xy);
}

/* The layout's promises: every word asked for labelled; no two boxes of a
 * view overlapping; no box over a point's mark; all inside their view. */
static void check_layout(const vs_result *r, const vs_plot_layout *L)
{
    double mark = (6 * L->point_size * 1.5 + 2) / 2;
    size_t i, j, k, n = r->npoints;

    for (k = 0; k < L->npanels; k++)
        for (i = 0; i < n; i++) {
            int found = 0;
            for (j = 0; j < L->nlabels; j++)
                found |= L->labels[j].panel == k && L->labels[j].point == i;
            if (r->marked[i])
                ck_assert_msg(found, "view %zu: %s asked for, not labelled", k, r->labels[i]);
        }
    for (i = 0; i < L->nlabels; i++) {
        const vs_plot_label *a = &L->labels[i];
        const vs_plot_panel *P = &L->panel[a->panel];
        const float *xy = L->xy + a->panel * n * 2;
        ck_assert(a->x0 >= P->x0 - 1e-6 && a->x1 <= P->x1 + 1e-6);
        ck_assert(a->y0 >= P->y0 - 1e-6 && a->y1 <= P->y1 + 1e-6);
        for (j = 0; j < L->nlabels; j++) {
            const vs_plot_label *b = &L->labels[j];
            if (j == i || b->panel != a->panel)
                continue;
            ck_assert_msg(!(a->x0 < b->x1 - 1e-6 && b->x0 < a->x1 - 1e-6 &&
                            a->y0 < b->y1 - 1e-6 && b->y0 < a->y1 - 1e-6),
                          "labels %s and %s overlap", r->labels[a->point],
                          r->labels[b->point]);
        }
        for (j = 0; j < n; j++) {
            double px = P->x0 + (xy[2 * j] - P->xlo) / (P->xhi - P->xlo) * (P->x1 - P->x0);
            double py = P->y1 - (xy[2 * j + 1] - P->ylo) / (P->yhi - P->ylo) * (P->y1 - P->y0);
            ck_assert_msg(!(a->x0 < px + mark - 1e-6 && px - mark < a->x1 - 1e-6 &&
                            a->y0 < py + mark - 1e-6 && py - mark < a->y1 - 1e-6),
                          "label %s covers point %s", r->labels[a->point], r->labels[j]);
        }
    }
}

START_TEST(test_layout_2d)
{
    vs_result r;
    vs_plot_layout L;
    size_t i, nauto = 0;

    make_map(&r, 120, 2);
    vs_plot_map_layout(&r, VS_PLOT_LABELS_AUTO, &L);
    ck_assert_uint_eq(L.npanels, 1);
    ck_assert_int_eq(L.legend, 1);
    ck_assert_str_eq(L.panel[0].xtitle, "axis title 1");
    ck_assert_str_eq(L.panel[0].ytitle, "axis title 2");
    check_layout(&r, &L);
    for (i = 0; i < L.nlabels; i++)
        nauto += !L.labels[i].marked;
    ck_assert_uint_gt(nauto, 10);
    /* a unit as long across as up */
    ck_assert_double_eq_tol((L.panel[0].xhi - L.panel[0].xlo) / (L.panel[0].x1 - L.panel[0].x0),
                            (L.panel[0].yhi - L.panel[0].ylo) / (L.panel[0].y1 - L.panel[0].y0),
                            1e-9);
    vs_plot_layout_free(&L);
    vs_result_clear(&r);
}
END_TEST

START_TEST(test_layout_3d)
{
    vs_result r;
    vs_plot_layout L;

    make_map(&r, 60, 3);
    vs_plot_map_layout(&r, VS_PLOT_LABELS_AUTO, &L);
    ck_assert_uint_eq(L.npanels, 4);
    ck_assert_int_lt(L.panel[0].view.a, 0);  /* the oblique view first */
    ck_assert_ptr_null(L.panel[0].xtitle);
    ck_assert_str_eq(L.panel[2].xtitle, "axis title 1");
    ck_assert_str_eq(L.panel[2].ytitle, "axis title 3");
    check_layout(&r, &L);
    vs_plot_layout_free(&L);
    vs_result_clear(&r);
}
END_TEST

/* A 3-D map's oblique view stays within vs_map_radius whichever way it is
 * turned: the TUI's window of that radius shows every turn. */
START_TEST(test_map_radius)
{
    vs_result r;
    vs_map_view v;
    float *xy = xmallocarray(50, 2 * sizeof *xy), k[8][2];
    double R, most = 0;
    int az, el, i;

    make_map(&r, 50, 3);
    R = vs_map_radius(&r);
    ck_assert_double_le(R, sqrt(3.0) + 1e-9);
    ck_assert_double_gt(R, 1.0);
    v.a = v.b = -1;
    for (az = 0; az < 360; az += 15)
        for (el = -90; el <= 90; el += 15) {
            v.az = az;
            v.el = el;
            vs_map_project(&r, &v, xy);
            for (i = 0; i < 50; i++)
                ck_assert_double_le(hypot(xy[2 * i], xy[2 * i + 1]), R + 1e-6);
            vs_map_box(&r, &v, k);
            for (i = 0; i < 8; i++) {
                double d = hypot(k[i][0], k[i][1]);
                ck_assert_double_le(d, R + 1e-6);
                most = d > most ? d : most;
            }
        }
    /* and no much wider than needed: some turn brings a corner close */
    ck_assert_double_gt(most, 0.9 * R);
    free(xy);
    vs_result_clear(&r);
}
END_TEST

/* --- the SVG gnuplot draws --- */

static int have_gnuplot(void)
{
    return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* The texts of an SVG written by gnuplot: each <text>'s content and the
 * translate() of the group around it. Returns how many (at most max). */
typedef struct svg_text {
    char s[128];
    double x, y;
} svg_text;

static size_t svg_texts(const char *svg, svg_text *t, size_t max)
{
    const char *p = svg, *tr = NULL;
    size_t n = 0;

    while ((p = strstr(p, "<")) != NULL && n < max) {
        if (strncmp(p, "<g transform=\"translate(", 24) == 0) {
            tr = p + 24;
        } else if (strncmp(p, "<text>", 6) == 0 && tr != NULL) {
            const char *e = strstr(p, "</text>");
            size_t len = e != NULL ? (size_t)(e - p - 6) : 0;
            if (e != NULL && len < sizeof t[n].s) {
                memcpy(t[n].s, p + 6, len);
                t[n].s[len] = '\0';
                if (sscanf(tr, "%lf,%lf", &t[n].x, &t[n].y) == 2)
                    n++;
            }
        }
        p++;
    }
    return n;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long len;

    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    rewind(f);
    buf = xmalloc((size_t)len + 1);
    ck_assert_uint_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
    buf[len] = '\0';
    fclose(f);
    return buf;
}

static void check_svg(size_t dims)
{
    static svg_text t[4000];
    char path[] = "/tmp/vecscope-svg-XXXXXX.svg";
    vs_result r;
    vs_plot_layout L;
    vs_plot_opts o;
    vs_error err;
    size_t nt, i, j;
    char *svg;
    int fd;

    if (!have_gnuplot())
        return;  /* tests/cli/plot.t says gnuplot is needed */
    fd = mkstemps(path, 4);
    ck_assert_int_ge(fd, 0);
    close(fd);
    make_map(&r, 80, dims);
    memset(&o, 0, sizeof o);
    o.out = path;
    o.labels = VS_PLOT_LABELS_AUTO;
    ck_assert_msg(vs_plot_result(&r, &o, &err) == 0, "%s", err.msg);
    svg = slurp(path);
    unlink(path);
    nt = svg_texts(svg, t, sizeof t / sizeof *t);
    vs_plot_map_layout(&r, VS_PLOT_LABELS_AUTO, &L);
    /* every label where the layout put it: its left end at the anchor, its
     * baseline a little below the middle of its box */
    for (i = 0; i < L.nlabels; i++) {
        const vs_plot_label *l = &L.labels[i];
        int found = 0;
        for (j = 0; j < nt && !found; j++)
            found = strcmp(t[j].s, r.labels[l->point]) == 0 && fabs(t[j].x - l->ax) < 1.5 &&
                    t[j].y > l->ay - 1 && t[j].y < l->y1 + 3;
        ck_assert_msg(found, "%s is not drawn at (%.1f, %.1f)", r.labels[l->point], l->ax,
                      l->ay);
    }
    /* the words asked for, the axis titles, the title and the legend */
    for (i = 0; i < 5; i++) {
        for (j = 0; j < nt && strcmp(t[j].s, r.labels[i]) != 0; j++)
            ;
        ck_assert_msg(j < nt, "%s is missing", r.labels[i]);
    }
    for (i = 0; i < dims; i++) {
        char want[32];
        snprintf(want, sizeof want, "axis title %zu", i + 1);
        for (j = 0; j < nt && strncmp(t[j].s, want, strlen(want)) != 0; j++)
            ;
        ck_assert_msg(j < nt, "no axis title %s", want);
    }
    for (j = 0; j < nt && strcmp(t[j].s, "a test map") != 0; j++)
        ;
    ck_assert(j < nt);
    for (j = 0; j < nt && strcmp(t[j].s, "gamma") != 0; j++)
        ;
    ck_assert(j < nt);
    vs_plot_layout_free(&L);
    vs_result_clear(&r);
    free(svg);
}

START_TEST(test_svg_2d)
{
    check_svg(2);
}
END_TEST

START_TEST(test_svg_3d)
{
    check_svg(3);
}
END_TEST

/* --- the DA1 answer --- */

static const struct {
    const char *answer;
    int sixel;
} da1_cases[] = {
    {"\033[?62;4;6;22c", 1},               /* a VT220 class with sixel (xterm -ti vt340) */
    {"\033[?64;1;2;6;9;15;16;17;18;21;22;28c", 0},  /* a VT420 class without */
    {"\033[?65;4;1;2;6;21;22;17;28c", 1},  /* foot */
    {"\033[?1;2c", 0},                     /* a VT100 with AVO */
    {"\033[?1;2;4c", 1},                   /* tmux built with sixel */
    {"\033[?4;6c", 0},                     /* 4 as the class is not the attribute */
    {"xy\033[?62;22;4c", 1},               /* bytes typed ahead come first */
    {"\033[?62;4", -1},                    /* not complete yet */
    {"\033[?c", -1},                       /* no numbers */
    {"\033[?62;4x", -1},                   /* not an answer */
    {"", -1},
};

START_TEST(test_da1)
{
    const char *a = da1_cases[_i].answer;

    ck_assert_int_eq(vs_da1_sixel(a, strlen(a)), da1_cases[_i].sixel);
}
END_TEST

Suite *suite_pictures(void)
{
    Suite *s = suite_create("pictures");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_palette);
    tcase_add_test(tc, test_canvas);
    tcase_add_test(tc, test_termplot_map);
    tcase_add_test(tc, test_termplot_dense);
    tcase_add_test(tc, test_termplot_heatmap);
    tcase_add_test(tc, test_termplot_heatmap_key);
    tcase_add_test(tc, test_termplot_scale);
    tcase_add_test(tc, test_termplot_head_view);
    tcase_add_test(tc, test_termplot_emphasis);
    tcase_add_test(tc, test_layout_2d);
    tcase_add_test(tc, test_layout_3d);
    tcase_add_test(tc, test_map_radius);
    tcase_add_test(tc, test_svg_2d);
    tcase_add_test(tc, test_svg_3d);
    tcase_add_loop_test(tc, test_da1, 0, (int)(sizeof da1_cases / sizeof *da1_cases));
    suite_add_tcase(s, tc);
    return s;
}
