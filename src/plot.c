/*
 * plot.c - results drawn by gnuplot (see plot.h).
 *
 * A map's picture is laid out here, in pixels, before gnuplot sees it: the
 * plot areas are fixed with `set margins at screen`, the data ranges are
 * chosen so one unit is as long across as up (distances on the map mean
 * something), and the labels are placed by labels.c in each plot area, so
 * their boxes are known (vs_plot_map_layout, checked by the tests against
 * the SVG gnuplot writes). The script is built in memory and handed to
 * gnuplot.c, which runs the program. The script's own checks (a terminal
 * this gnuplot lacks) end it with a "VSERR: " line, which becomes the error
 * message as it is.
 *
 * What gnuplot 5.4 does with text, and how this file keeps words inert:
 * - Data lines of an inline block ($d << EOD ... EOD) are read verbatim
 *   until the line "EOD"; every line we write starts with a number, so no
 *   word can end the block.
 * - A field that starts with " runs to the next " (a backslash does not
 *   protect a quote reliably: `"x\" y"` reads as `x`), then its backslash
 *   escapes are expanded (\\, \n, \ooo). So a label is written with its
 *   backslashes doubled and every " as the octal escape \042: no quote is
 *   left inside the field, and the text comes back unchanged.
 * - Single-quoted strings in commands (title, legend, axis titles, output
 *   file) have no escapes at all; a ' inside is written ''.
 * - Enhanced text (^ _ @ & { }) is switched off with `set termoption
 *   noenhanced` and `noenhanced` on the labels.
 * - Newlines and other control characters are shown as \n, \x1b (vs_escape)
 *   before any of this, so they can neither break a line of the script nor
 *   reach the terminal through a dumb drawing.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

#include "atomicfile.h"
#include "gnuplot.h"
#include "headview.h"
#include "labels.h"
#include "palette.h"
#include "plot.h"
#include "termplot.h"
#include "utf8.h"
#include "xalloc.h"

/* --- what to draw into --- */

enum vs_outfile vs_outfile_of(const char *path)
{
    static const struct {
        const char *ext;
        enum vs_outfile kind;
    } known[] = {{".tsv", VS_OUTFILE_TSV}, {".png", VS_OUTFILE_PNG},
                 {".svg", VS_OUTFILE_SVG}, {".pdf", VS_OUTFILE_PDF}};
    const char *dot = path != NULL ? strrchr(path, '.') : NULL;
    size_t k;

    if (dot == NULL || strchr(dot, '/') != NULL)
        return VS_OUTFILE_UNKNOWN;
    for (k = 0; k < sizeof known / sizeof *known; k++)
        if (strcasecmp(dot, known[k].ext) == 0)
            return known[k].kind;
    return VS_OUTFILE_UNKNOWN;
}

int vs_outfile_check(const char *path, vs_error *err)
{
    enum vs_outfile k = vs_outfile_of(path);

    if (k == VS_OUTFILE_UNKNOWN)
        return vs_fail(err, "cannot tell what to write from the name '%s': end it in .png, "
                            ".svg or .pdf for a picture, or .tsv for the table", path);
    return (int)k;
}

const char *vs_outfile_what(enum vs_outfile kind)
{
    switch (kind) {
    case VS_OUTFILE_TSV: return "a TSV table";
    case VS_OUTFILE_PNG: return "a PNG picture";
    case VS_OUTFILE_SVG: return "an SVG picture";
    case VS_OUTFILE_PDF: return "a PDF picture";
    case VS_OUTFILE_UNKNOWN: break;
    }
    return "a file";
}

int vs_plot_is_picture(const char *path)
{
    enum vs_outfile k = vs_outfile_of(path);

    return k == VS_OUTFILE_PNG || k == VS_OUTFILE_SVG || k == VS_OUTFILE_PDF;
}

int vs_plot_parse_labels(const char *s, int *labels, vs_error *err)
{
    if (strcmp(s, "auto") == 0)
        *labels = VS_PLOT_LABELS_AUTO;
    else if (strcmp(s, "all") == 0)
        *labels = VS_PLOT_LABELS_ALL;
    else if (strcmp(s, "none") == 0)
        *labels = VS_PLOT_LABELS_NONE;
    else
        return vs_fail(err, "--labels is all, none or auto, not '%s'", s);
    return 0;
}

/* --- quoting --- */

char *vs_plot_quote(const char *s)
{
    char *e = vs_escape(s, strlen(s)), *q, *p;
    const char *c;

    /* worst case: every byte a quote (4 bytes), plus the two quotes */
    q = p = xmalloc(4 * strlen(e) + 3);
    *p++ = '"';
    for (c = e; *c; c++) {
        if (*c == '\\') {
            *p++ = '\\';
            *p++ = '\\';
        } else if (*c == '"') {
            memcpy(p, "\\042", 4);
            p += 4;
        } else {
            *p++ = *c;
        }
    }
    *p++ = '"';
    *p = '\0';
    free(e);
    return q;
}

char *vs_plot_squote(const char *s)
{
    char *e = vs_escape(s, strlen(s)), *q, *p;
    const char *c;

    q = p = xmalloc(2 * strlen(e) + 3);
    *p++ = '\'';
    for (c = e; *c; c++) {
        if (*c == '\'')
            *p++ = '\'';
        *p++ = *c;
    }
    *p++ = '\'';
    *p = '\0';
    free(e);
    return q;
}

/* --- text sizes --- */

/* The advance of each printable ASCII character (33..126) of DejaVu Sans
 * at 10 points as cairo draws it at 96 dpi, in pixels (measured from
 * gnuplot's pngcairo: a run of 20 of each between bars). */
static const unsigned char ascii_px[94] = {
    5, 6, 11, 8, 13, 10, 4, 5, 5, 7, 11, 4, 5, 4, 4,          /* ! .. / */
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8,                             /* 0 .. 9 */
    4, 4, 11, 11, 11, 7, 13,                                  /* : .. @ */
    9, 9, 9, 10, 8, 8, 10, 10, 4, 4, 9, 7, 12, 10, 10, 8, 10, /* A .. Q */
    9, 8, 8, 10, 9, 13, 9, 8, 9,                              /* R .. Z */
    5, 4, 5, 11, 7, 7,                                        /* [ .. ` */
    8, 8, 7, 8, 8, 5, 8, 8, 4, 4, 8, 4, 13, 8, 8, 8, 8,       /* a .. q */
    5, 7, 5, 8, 8, 11, 8, 8, 7,                               /* r .. z */
    8, 4, 8, 11                                               /* { .. ~ */
};

double vs_plot_text_width(const char *s, double size, int bold)
{
    char *e = vs_escape(s, strlen(s));
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)e;
    utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(e), adv;
    utf8proc_int32_t cp;
    double w = 0;

    while (len > 0 && (adv = utf8proc_iterate(p, len, &cp)) > 0) {
        if (cp == ' ')
            w += 4.2;
        else if (cp > 32 && cp < 127)
            w += ascii_px[cp - 33];
        else
            w += 8.0 * (utf8proc_charwidth(cp) > 1 ? 1.7 : utf8proc_charwidth(cp) > 0);
        p += adv;
        len -= adv;
    }
    free(e);
    return w * size / 10.0 * (bold ? 1.12 : 1.0);
}

/* The fonts, in points (pngcairo and pdfcairo; svg sizes are in pixels,
 * so the script scales them by 4/3). */
#define FONT_LABEL  10.0   /* a label gnuplot's automatic choice adds */
#define FONT_MARKED 11.0   /* a word the user asked for, bold */
#define FONT_TITLE  15.0
#define FONT_AXIS   12.0
#define FONT_TICS   10.0
#define FONT_KEY    12.0
#define PX_PER_PT   (96.0 / 72.0)

/* Picture sizes: a 2-D map 1000 x 750 pixels, a 3-D map's four views
 * 1200 x 1000. */
#define PIC_W   1000
#define PIC_H   750
#define PIC3_W  1200
#define PIC3_H  1000

/* --- the layout of a map --- */

/* The data range of xy's column c (n points), or [-1, 1] when empty. */
static void extent(const float *xy, size_t n, int c, double *lo, double *hi)
{
    size_t i;
    double a = HUGE_VAL, b = -HUGE_VAL;

    for (i = 0; i < n; i++) {
        double v = xy[2 * i + c];
        if (isfinite(v) && isfinite(xy[2 * i + 1 - c])) {
            a = v < a ? v : a;
            b = v > b ? v : b;
        }
    }
    if (a > b)
        a = -1, b = 1;
    if (b - a < 1e-12 * (fabs(a) + fabs(b) + 1e-30)) {
        a -= 0.5 * (fabs(a) > 0 ? fabs(a) : 1);
        b += 0.5 * (fabs(b) > 0 ? fabs(b) : 1);
    }
    *lo = a;
    *hi = b;
}

/* The ranges of panel P for the points xy: the data with a margin of pad
 * pixels each side, widened across or up so a unit is as long both ways. */
static void fit_ranges(vs_plot_panel *P, const float *xy, size_t n, double pad)
{
    double xlo, xhi, ylo, yhi, w = P->x1 - P->x0, h = P->y1 - P->y0;
    double iw = w - 2 * pad, ih = h - 2 * pad, s, cx, cy;

    extent(xy, n, 0, &xlo, &xhi);
    extent(xy, n, 1, &ylo, &yhi);
    if (iw < w / 2)
        iw = w / 2;
    if (ih < h / 2)
        ih = h / 2;
    /* pixels per unit: the smaller of the two, so both spans fit */
    s = fmin(iw / (xhi - xlo), ih / (yhi - ylo));
    cx = (xlo + xhi) / 2;
    cy = (ylo + yhi) / 2;
    P->xlo = cx - w / 2 / s;
    P->xhi = cx + w / 2 / s;
    P->ylo = cy - h / 2 / s;
    P->yhi = cy + h / 2 / s;
}

/* Point size (gnuplot's ps) for n points: large for a few, small for
 * thousands, so a cloud stays a cloud and a handful can be seen from the
 * back of a room. The mark is about 6 ps + 1 pixels across. */
static double point_size_for(size_t n)
{
    if (n <= 30)
        return 1.8;
    if (n <= 200)
        return 1.4;
    if (n <= 1000)
        return 1.0;
    if (n <= 5000)
        return 0.7;
    return 0.5;
}

/* Places the labels of panel k: its points in the unit square of the plot
 * area, every label measured in its font, then labels.c. */
static void place_labels(const vs_result *r, int mode, vs_plot_layout *L, size_t k,
                         const unsigned char *must, const double *priority, size_t cap)
{
    const vs_plot_panel *P = &L->panel[k];
    size_t n = r->npoints, i;
    const float *xy = L->xy + k * n * 2;
    float *u = xmallocarray(n ? n : 1, 2 * sizeof *u);
    double *w = xmallocarray(n ? n : 1, sizeof *w);
    double pw = P->x1 - P->x0, ph = P->y1 - P->y0, lh = FONT_LABEL * PX_PER_PT * 1.25;
    double mark = (6 * L->point_size * 1.5 + 2) / 2;  /* the larger, marked mark */
    unsigned char *show = xcalloc(n ? n : 1, 1), *all = NULL;
    vs_label_box *box = xmallocarray(n ? n : 1, sizeof *box);
    vs_label_geom g;

    for (i = 0; i < n; i++) {
        int big = must != NULL && must[i];
        u[2 * i] = (float)((xy[2 * i] - P->xlo) / (P->xhi - P->xlo));
        u[2 * i + 1] = (float)((xy[2 * i + 1] - P->ylo) / (P->yhi - P->ylo));
        if (!isfinite(u[2 * i]) || !isfinite(u[2 * i + 1]))
            u[2 * i] = u[2 * i + 1] = -1;  /* not drawn */
        /* the text, and 2 pixels of air either side */
        w[i] = (vs_plot_text_width(r->labels[i], big ? FONT_MARKED : FONT_LABEL, big) + 4) /
               pw;
    }
    memset(&g, 0, sizeof g);
    g.height = lh / ph;
    g.gap = (mark + 2) / pw;
    g.vgap = (mark + 1) / ph;
    g.mark_w = mark / pw;
    g.mark_h = mark / ph;
    g.cap = cap;
    if (mode == VS_PLOT_LABELS_ALL) {
        all = xmalloc(n ? n : 1);
        memset(all, 1, n);
        g.cap = n;
    }
    if (mode != VS_PLOT_LABELS_NONE)
        vs_labels_place(u, n, w, &g, all != NULL ? all : must, priority, show, box);
    for (i = 0; i < n; i++) {
        vs_plot_label *l;
        if (!show[i])
            continue;
        L->labels = xreallocarray(L->labels, L->nlabels + 1, sizeof *L->labels);
        l = &L->labels[L->nlabels++];
        l->point = i;
        l->panel = k;
        l->marked = must != NULL && must[i];
        l->moved = box[i].moved;
        /* unit square (y up) -> pixels (y down) */
        l->x0 = P->x0 + box[i].x0 * pw;
        l->x1 = P->x0 + box[i].x1 * pw;
        l->y0 = P->y1 - box[i].y1 * ph;
        l->y1 = P->y1 - box[i].y0 * ph;
        l->ax = l->x0 + 2;
        l->ay = (l->y0 + l->y1) / 2;
        l->px = P->x0 + u[2 * i] * pw;
        l->py = P->y1 - u[2 * i + 1] * ph;
    }
    free(u);
    free(w);
    free(show);
    free(all);
    free(box);
}

void vs_plot_map_layout(const vs_result *r, int labels, vs_plot_layout *L)
{
    size_t n = r->npoints, k, ng, *gi = xmallocarray(n ? n : 1, sizeof *gi);
    const char **names;
    double legend_w = 0, top, left, bottom, right;
    unsigned char *must = xcalloc(n ? n : 1, 1);
    double *priority = xmallocarray(n ? n : 1, sizeof *priority);
    vs_map_view views[4];

    memset(L, 0, sizeof *L);
    ng = vs_map_groups(r, gi, &names);
    L->npanels = vs_map_views(r, views);
    L->width = L->npanels > 1 ? PIC3_W : PIC_W;
    L->height = L->npanels > 1 ? PIC3_H : PIC_H;
    L->point_size = point_size_for(n);
    L->legend = r->groups != NULL;
    if (L->legend) {
        for (k = 0; k < ng; k++)
            legend_w = fmax(legend_w, vs_plot_text_width(names[k], FONT_KEY, 0));
        legend_w = fmin(legend_w, 260) + 60;
    }
    /* the room around the plot areas: title above, tics and axis titles
     * left and below, the legend at the right */
    top = r->title != NULL ? 50 : 20;
    left = 10;
    right = L->width - 20 - legend_w;
    bottom = L->height - 10;
    L->xy = xmallocarray(L->npanels * (n ? n : 1), 2 * sizeof *L->xy);
    for (k = 0; k < L->npanels; k++) {
        vs_plot_panel *P = &L->panel[k];
        size_t row = k / 2, col = k % 2, cols = L->npanels > 1 ? 2 : 1;
        double cw = (right - left) / (double)cols;
        double ch = (bottom - top) / (double)(L->npanels > 1 ? 2 : 1);
        int oblique = views[k].a < 0;
        P->view = views[k];
        /* the cell of the 2 x 2 grid (or the whole), less room for the tics
         * (55 left, 30 below) and the axis titles (25 each) */
        P->x0 = left + (double)col * cw + (oblique ? 30 : 80);
        P->x1 = left + (double)(col + 1) * cw - 20;
        P->y0 = top + (double)row * ch + (L->npanels > 1 ? 30 : 10);
        P->y1 = top + (double)(row + 1) * ch - (oblique ? 30 : 65);
        if (!oblique) {
            P->xtitle = vs_map_axis_title(r, (size_t)views[k].a);
            P->ytitle = vs_map_axis_title(r, (size_t)views[k].b);
        }
        vs_map_project(r, &views[k], L->xy + k * n * 2);
        if (oblique) {
            /* the whole box in view, not only the points */
            float *all = xmallocarray(n + 8, 2 * sizeof *all);
            memcpy(all, L->xy + k * n * 2, n * 2 * sizeof *all);
            vs_map_box(r, &views[k], (float(*)[2])(all + 2 * n));
            fit_ranges(P, all, n + 8, 40);
            free(all);
        } else {
            fit_ranges(P, L->xy + k * n * 2, n, 30);
        }
    }
    /* the labels, in the first view by its own geometry, then the others */
    for (k = 0; k < L->npanels; k++) {
        vs_map_label_plan(r, L->xy + k * n * 2, gi, ng, must, priority);
        place_labels(r, labels, L, k, labels == VS_PLOT_LABELS_NONE ? NULL : must, priority,
                     L->npanels > 1 ? 30 : 60);
    }
    free(gi);
    free(names);
    free(must);
    free(priority);
}

void vs_plot_layout_free(vs_plot_layout *L)
{
    free(L->xy);
    free(L->labels);
    memset(L, 0, sizeof *L);
}

/* --- the script --- */

/* How the picture is made. */
typedef struct target {
    enum vs_outfile pic;     /* VS_OUTFILE_UNKNOWN: a terminal */
    enum vs_plot_term term;
    int cols, rows;          /* a dumb drawing's character cells */
    int px, py;              /* a sixel picture's size in pixels */
    int colours;
    double font_scale;       /* svg sizes its fonts in pixels: 4/3 */
} target;

static void put_terminal(FILE *f, const target *t, int w, int h, const char *tmp_out)
{
    static const char *const has =
        "strstrt(' '.GPVAL_TERMINALS.' ', ' %s ') > 0";

    switch (t->pic) {
    case VS_OUTFILE_PNG:
        fprintf(f, "if (");
        fprintf(f, has, "pngcairo");
        fprintf(f, ") { set terminal pngcairo size %d,%d font 'Sans,10' } else { if (", w, h);
        fprintf(f, has, "png");
        fprintf(f, ") { set terminal png size %d,%d } else { print 'VSERR: this gnuplot "
                   "has neither the pngcairo nor the png terminal'; exit status 3 } }\n",
                w, h);
        break;
    case VS_OUTFILE_SVG:
        fprintf(f, "if (!(");
        fprintf(f, has, "svg");
        fprintf(f, ")) { print 'VSERR: this gnuplot has no svg terminal'; exit status 3 }\n"
                   "set terminal svg size %d,%d font 'Sans,13'\n", w, h);
        break;
    case VS_OUTFILE_PDF:
        fprintf(f, "if (!(");
        fprintf(f, has, "pdfcairo");
        fprintf(f, ")) { print 'VSERR: this gnuplot has no pdfcairo terminal'; "
                   "exit status 3 }\nset terminal pdfcairo size %.3fin,%.3fin font 'Sans,10'\n",
                w / 96.0, h / 96.0);
        break;
    case VS_OUTFILE_TSV:
    case VS_OUTFILE_UNKNOWN:
        if (t->term == VS_PLOT_SIXEL) {
            fprintf(f, "if (");
            fprintf(f, has, "sixelgd");
            fprintf(f, ") { set terminal sixelgd size %d,%d truecolor font 'Sans,10' } else { "
                       "print 'VSERR: this gnuplot has no sixelgd terminal: set "
                       "VECSCOPE_PLOT=text'; exit status 3 }\n",
                    t->px, t->py);
        } else {
            fprintf(f, "set terminal dumb size %d,%d%s\n", t->cols, t->rows,
                    t->colours ? " ansi256" : "");
        }
        break;
    }
    if (tmp_out != NULL) {
        char *q = vs_plot_squote(tmp_out);
        fprintf(f, "set output %s\n", q);
        free(q);
    }
    fprintf(f, "set termoption noenhanced\nset encoding utf8\n");
}

/* A font specification for size points in target t. */
static void font(char buf[48], const target *t, const char *face, double size)
{
    snprintf(buf, 48, "'%s,%.1f'", face, size * t->font_scale);
}

static void put_title(FILE *f, const vs_result *r, const target *t, int screen)
{
    char fn[48];

    if (r->title != NULL) {
        char *q = vs_plot_squote(r->title);
        font(fn, t, "Sans Bold", FONT_TITLE);
        if (screen)
            fprintf(f, "set label 1001 %s at screen 0.5, screen 0.975 center font %s front\n",
                    q, fn);
        else
            fprintf(f, "set title %s font %s\n", q, fn);
        free(q);
    }
}

/* The shapes of the groups, filled, and each one's outline (gnuplot's
 * point types: circle, square, triangle up, diamond, triangle down). */
static const int shape_fill[] = {7, 5, 9, 13, 11};
static const int shape_line[] = {6, 4, 8, 12, 10};
#define NSHAPES (sizeof shape_fill / sizeof *shape_fill)

/* A panel's margins (at screen fractions), ranges and axes. */
static void put_panel_frame(FILE *f, const vs_plot_layout *L, const vs_plot_panel *P,
                            const target *t)
{
    char fn[48];

    fprintf(f, "set lmargin at screen %.6f\nset rmargin at screen %.6f\n"
               "set tmargin at screen %.6f\nset bmargin at screen %.6f\n",
            P->x0 / L->width, P->x1 / L->width, 1 - P->y0 / L->height,
            1 - P->y1 / L->height);
    fprintf(f, "set xrange [%.9g:%.9g]\nset yrange [%.9g:%.9g]\n", P->xlo, P->xhi, P->ylo,
            P->yhi);
    if (P->xtitle != NULL) {
        char *qx = vs_plot_squote(P->xtitle), *qy = vs_plot_squote(P->ytitle);
        font(fn, t, "Sans", FONT_AXIS);
        fprintf(f, "set border 3 lc rgb '#555555'\nset xtics nomirror out scale 0.6 "
                   "textcolor rgb '#333333'\nset ytics nomirror out scale 0.6 textcolor "
                   "rgb '#333333'\n");
        font(fn, t, "Sans", FONT_TICS);
        fprintf(f, "set tics font %s\n", fn);
        font(fn, t, "Sans", FONT_AXIS);
        fprintf(f, "set xlabel %s font %s offset 0,0.3\nset ylabel %s font %s offset 0.5,0\n",
                qx, fn, qy, fn);
        free(qx);
        free(qy);
    } else {
        fprintf(f, "unset border\nunset xtics\nunset ytics\nunset xlabel\nunset ylabel\n");
    }
}

/* The oblique view's box: its 12 edges in light grey, one along each axis
 * darker, named after its axis beyond its middle (mapview.h). */
static void put_box(FILE *f, const vs_result *r, const vs_plot_panel *P, const target *t)
{
    float c[8][2], at[3][2];
    int a, b, axis, edge[3][2], halign[3];
    char fn[48];

    vs_map_box(r, &P->view, c);
    vs_map_box_axes((const float(*)[2])c, edge, at, halign);
    fprintf(f, "$box << EOD\n");
    for (a = 0; a < 8; a++)
        for (b = a + 1; b < 8; b++) {
            int d = a ^ b, dark = 0;
            if (d != 1 && d != 2 && d != 4)
                continue;
            for (axis = 0; axis < 3; axis++)
                dark |= edge[axis][0] == a && edge[axis][1] == b;
            fprintf(f, "%.6g %.6g %.6g %.6g %d\n", c[a][0], c[a][1], c[b][0] - c[a][0],
                    c[b][1] - c[a][1], dark);
        }
    fprintf(f, "EOD\n");
    font(fn, t, "Sans", FONT_AXIS);
    for (axis = 0; axis < 3; axis++) {
        /* the title's first word: "PC1", "t-SNE" */
        const char *title = vs_map_axis_title(r, (size_t)axis);
        char word[64], *q;
        snprintf(word, sizeof word, "%.*s", (int)strcspn(title, " "), title);
        q = vs_plot_squote(word);
        fprintf(f, "set label %d %s at %.6g,%.6g %s font %s textcolor rgb '#333333' front\n",
                1100 + axis, q, at[axis][0], at[axis][1],
                halign[axis] > 0 ? "left" : halign[axis] < 0 ? "right" : "center", fn);
        free(q);
    }
    font(fn, t, "Sans", FONT_TICS);
    fprintf(f, "set label 1103 '3-D, seen from azimuth %.0f\u00b0, elevation %.0f\u00b0' "
               "at graph 0, graph 1.04 left font %s textcolor rgb '#555555' front\n",
            P->view.az, P->view.el, fn);
}

/* One panel: frame, points (a block a group, the marked ones apart: larger,
 * with an outline), labels and leader lines. Only blocks with points are
 * written and plotted: gnuplot warns of an empty one. */
static void put_panel(FILE *f, const vs_result *r, const vs_plot_layout *L, size_t k,
                      const size_t *gi, const char **names, size_t ng, const target *t,
                      int key)
{
    const vs_plot_panel *P = &L->panel[k];
    const float *xy = L->xy + k * r->npoints * 2;
    size_t n = r->npoints, i, g, j, nb = 0, nlab[2] = {0, 0};
    size_t *count = xcalloc(2 * ng, sizeof *count), *block = xcalloc(2 * ng, sizeof *block);
    char fn[48], fb[48];
    int first = 1, any_lead = 0;

    put_panel_frame(f, L, P, t);
    if (P->view.a < 0)
        put_box(f, r, P, t);
    /* points: a block for each (group, marked) that has any */
    for (i = 0; i < n; i++)
        if (isfinite(xy[2 * i]) && isfinite(xy[2 * i + 1]))
            count[2 * gi[i] + (r->marked != NULL && r->marked[i])]++;
    fprintf(f, "$pts%zu << EOD\n", k);
    for (g = 0; g < 2 * ng; g++) {
        if (count[g] == 0)
            continue;
        if (nb > 0)
            fprintf(f, "\n\n");
        block[g] = nb++;
        for (i = 0; i < n; i++)
            if (2 * gi[i] + (r->marked != NULL && r->marked[i]) == g &&
                isfinite(xy[2 * i]) && isfinite(xy[2 * i + 1]))
                fprintf(f, "%.9g %.9g\n", xy[2 * i], xy[2 * i + 1]);
    }
    fprintf(f, "EOD\n");
    /* labels: those chosen (index 0) and the user's words (index 1) */
    for (i = 0; i < L->nlabels; i++)
        if (L->labels[i].panel == k) {
            nlab[L->labels[i].marked]++;
            any_lead |= L->labels[i].moved;
        }
    fprintf(f, "$lab%zu << EOD\n", k);
    for (j = 0; j < 2; j++) {
        if (nlab[j] == 0)
            continue;
        if (j > 0 && nlab[0] > 0)
            fprintf(f, "\n\n");
        for (i = 0; i < L->nlabels; i++) {
            const vs_plot_label *l = &L->labels[i];
            char *q;
            if (l->panel != k || l->marked != (int)j)
                continue;
            q = vs_plot_quote(r->labels[l->point]);
            fprintf(f, "%.9g %.9g %s\n",
                    P->xlo + (l->ax - P->x0) / (P->x1 - P->x0) * (P->xhi - P->xlo),
                    P->yhi - (l->ay - P->y0) / (P->y1 - P->y0) * (P->yhi - P->ylo), q);
            free(q);
        }
    }
    fprintf(f, "EOD\n");
    if (any_lead) {
        fprintf(f, "$lead%zu << EOD\n", k);
        for (i = 0; i < L->nlabels; i++) {
            const vs_plot_label *l = &L->labels[i];
            double bx, by;
            if (l->panel != k || !l->moved)
                continue;
            /* from the point to the nearest point of the box */
            bx = fmin(fmax(l->px, l->x0), l->x1);
            by = fmin(fmax(l->py, l->y0), l->y1);
            fprintf(f, "%.9g %.9g %.9g %.9g\n",
                    P->xlo + (l->px - P->x0) / (P->x1 - P->x0) * (P->xhi - P->xlo),
                    P->yhi - (l->py - P->y0) / (P->y1 - P->y0) * (P->yhi - P->ylo),
                    (bx - l->px) / (P->x1 - P->x0) * (P->xhi - P->xlo),
                    -(by - l->py) / (P->y1 - P->y0) * (P->yhi - P->ylo));
        }
        fprintf(f, "EOD\n");
    }
    fprintf(f, "plot ");
    if (P->view.a < 0) {
        fprintf(f, "$box using 1:2:3:4:($5 > 0.5 ? 0x555555 : 0xbbbbbb) with vectors nohead "
                   "lc rgb variable lw 1 notitle");
        first = 0;
    }
    if (any_lead) {
        fprintf(f, "%s$lead%zu using 1:2:3:4 with vectors nohead lc rgb '#777777' lw 0.8 "
                   "notitle", first ? "" : ", ", k);
        first = 0;
    }
    for (g = 0; g < ng; g++) {
        char hex[8];
        int shape = (int)((g / VS_PALETTE_NGROUPS) % NSHAPES), titled = 0;
        vs_palette_hex(vs_palette_group(g), hex);
        for (j = 0; j < 2; j++) {
            double ps = L->point_size * (j ? 1.5 : 1.0);
            if (count[2 * g + j] == 0)
                continue;
            fprintf(f, "%s$pts%zu index %zu using 1:2 with points pt %d ps %.2f lc rgb '%s' ",
                    first ? "" : ", ", k, block[2 * g + j], shape_fill[shape], ps, hex);
            first = 0;
            /* the legend entry, once a group */
            if (key && r->groups != NULL && !titled) {
                char *q = vs_plot_squote(names[g][0] ? names[g] : "(no group)");
                fprintf(f, "title %s", q);
                free(q);
                titled = 1;
            } else {
                fprintf(f, "notitle");
            }
            /* the words asked for: a dark outline */
            if (j)
                fprintf(f, ", $pts%zu index %zu using 1:2 with points pt %d ps %.2f lw 1.2 "
                           "lc rgb '#222222' notitle",
                        k, block[2 * g + j], shape_line[shape], ps);
        }
    }
    font(fn, t, "Sans", FONT_LABEL);
    font(fb, t, "Sans Bold", FONT_MARKED);
    if (nlab[0] > 0)
        fprintf(f, ", $lab%zu index 0 using 1:2:3 with labels left noenhanced font %s "
                   "textcolor rgb '#333333' notitle", k, fn);
    if (nlab[1] > 0)
        fprintf(f, ", $lab%zu index %d using 1:2:3 with labels left noenhanced font %s "
                   "textcolor rgb '#000000' notitle", k, nlab[0] > 0, fb);
    fprintf(f, "\n");
    free(count);
    free(block);
}

static void put_points(FILE *f, const vs_result *r, int labels, const target *t)
{
    size_t n = r->npoints, k, ng, *gi = xmallocarray(n ? n : 1, sizeof *gi);
    const char **names;
    vs_plot_layout L;
    char fn[48];

    vs_plot_map_layout(r, labels, &L);
    ng = vs_map_groups(r, gi, &names);
    if (L.npanels > 1)
        fprintf(f, "set multiplot\n");
    put_title(f, r, t, 1);
    fprintf(f, "unset title\n");
    if (L.legend) {
        /* the legend at the right of the first view, level with its top */
        font(fn, t, "Sans", FONT_KEY);
        fprintf(f, "set key at screen %.6f, screen %.6f left top Left reverse samplen 0.5 "
                   "spacing 1.4 font %s noautotitle\n",
                (L.panel[0].x1 + (L.npanels > 1 ? L.panel[1].x1 - L.panel[0].x1 : 0) + 25) /
                    L.width,
                1 - L.panel[0].y0 / L.height, fn);
    } else {
        fprintf(f, "unset key\n");
    }
    for (k = 0; k < L.npanels; k++) {
        put_panel(f, r, &L, k, gi, names, ng, t, k == 0);
        if (k == 0 && L.npanels > 1)
            fprintf(f, "unset label 1001\nunset key\n");
        if (L.panel[k].view.a < 0)
            fprintf(f, "unset label 1100\nunset label 1101\nunset label 1102\n"
                       "unset label 1103\n");
    }
    if (L.npanels > 1)
        fprintf(f, "unset multiplot\n");
    vs_plot_layout_free(&L);
    free(gi);
    free(names);
}

/* A matrix's axis title (xlabel, ylabel) as a single-quoted string in font
 * fn, or none when the result names none. */
static void put_axis_title(FILE *f, const char *axis, const char *title, const char *fn)
{
    char *q;

    if (title == NULL) {
        fprintf(f, "unset %s\n", axis);
        return;
    }
    q = vs_plot_squote(title);
    fprintf(f, "set %s %s noenhanced font %s\n", axis, q, fn);
    free(q);
}

/* A heatmap: column j across, row i down, the first row at the top, the
 * axes titled as the result names them (attention: key token across, query
 * token down; a similarity matrix: words); colours from the ramp over the
 * result's scale (attention weights 0 to 1, under --scale; cosines -1 to
 * 1), and a colour bar in the values' own numbers. The labels come from two
 * data blocks of their own (xtic(), ytic()) plotted far outside the range,
 * so only their tick labels show. A dumb drawing gets a shade character a
 * cell. With matrix_view VS_VIEW_LINES, the head view instead (headview.c). */
#define MAT_LEFT  0.13  /* the heatmap's plot area, as screen fractions */
#define MAT_RIGHT 0.84

static void put_matrix(FILE *f, const vs_result *r, const target *t)
{
    static const char *const shade[] = {"\u00b7", "\u2591", "\u2592", "\u2593", "\u2588"};
    static const double ticks[] = {0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 1};
    int image = t->pic != VS_OUTFILE_UNKNOWN || t->term == VS_PLOT_SIXEL;
    enum vs_scale sc = r->plot_scale == VS_SCALE_SQRT ? VS_SCALE_SQRT : VS_SCALE_LINEAR;
    /* weights in [0, 1] get the ticks of a weight; another scale five even
     * ticks from its low end to its high end */
    int weights = !(r->mhi > r->mlo) || (r->mlo == 0.0 && r->mhi == 1.0);
    size_t i, j, k;
    char fn[48];

    put_title(f, r, t, 0);
    if (r->matrix_view == VS_VIEW_LINES) {
        vs_plot_head_view(f, r, image);
        return;
    }
    font(fn, t, "Sans", FONT_AXIS);
    fprintf(f, "unset key\nset xrange [-0.5:%zu.5]\nset yrange [%zu.5:-0.5]\n"
               "set cbrange [0:1]\nset tics scale 0\n",
            r->mcols ? r->mcols - 1 : 0, r->mrows ? r->mrows - 1 : 0);
    put_axis_title(f, "xlabel", r->col_title, fn);
    put_axis_title(f, "ylabel", r->row_title, fn);
    /* the ramp, as gnuplot's palette: nine stops */
    fprintf(f, "set palette defined (");
    for (k = 0; k <= 8; k++) {
        unsigned char rgb[3];
        vs_palette_ramp((double)k / 8, rgb);
        fprintf(f, "%s%.4f '#%02x%02x%02x'", k ? ", " : "", (double)k / 8, rgb[0], rgb[1],
                rgb[2]);
    }
    fprintf(f, ")\n");
    if (image) {
        /* the key tokens across when each fits its column, else slanted;
         * the plot area's place fixed so the columns' width is known */
        double colw = (MAT_RIGHT - MAT_LEFT) * PIC_W / (double)(r->mcols ? r->mcols : 1), lw = 0;
        for (j = 0; j < r->mcols; j++)
            lw = fmax(lw, vs_plot_text_width(r->col_labels[j], FONT_TICS, 0));
        font(fn, t, "Sans", FONT_TICS);
        fprintf(f, "set lmargin at screen %.3f\nset rmargin at screen %.3f\n", MAT_LEFT,
                MAT_RIGHT);
        fprintf(f, "set xtics %s font %s\nset ytics font %s\nset cbtics (",
                lw + 6 <= colw ? "norotate center" : "rotate by 45 right", fn, fn);
        if (weights) {
            for (k = 0; k < sizeof ticks / sizeof *ticks; k++)
                if (sc == VS_SCALE_SQRT || ticks[k] == 0 || ticks[k] >= 0.25)
                    fprintf(f, "%s'%g' %.6f", k ? ", " : "", ticks[k],
                            vs_scale_apply(sc, ticks[k]));
        } else {
            for (k = 0; k <= 4; k++)
                fprintf(f, "%s'%g' %.6f", k ? ", " : "", r->mlo + (r->mhi - r->mlo) * (double)k / 4,
                        vs_scale_apply(sc, (double)k / 4));
        }
        {
            char *q, *label = xasprintf("%s (%s scale)",
                                        r->value_title ? r->value_title : "value",
                                        sc == VS_SCALE_SQRT ? "square-root" : "linear");
            q = vs_plot_squote(label);
            fprintf(f, ")\nset cblabel %s noenhanced font %s\n", q, fn);
            free(q);
            free(label);
        }
    } else {
        fprintf(f, "unset colorbox\n");
    }
    fprintf(f, "$m << EOD\n");
    for (i = 0; i < r->mrows; i++)
        for (j = 0; j < r->mcols; j++) {
            double v = vs_scale_of(r, r->matrix[i * r->mcols + j]);
            int s = (int)(v * 5.0);
            s = s < 0 ? 0 : s > 4 ? 4 : s;
            fprintf(f, "%zu %zu %.6f \"%s\"\n", j, i, v, shade[s]);
        }
    fprintf(f, "EOD\n$xt << EOD\n");
    for (j = 0; j < r->mcols; j++) {
        char *q = vs_plot_quote(r->col_labels[j]);
        fprintf(f, "%zu %s\n", j, q);
        free(q);
    }
    fprintf(f, "EOD\n$yt << EOD\n");
    for (i = 0; i < r->mrows; i++) {
        char *q = vs_plot_quote(r->row_labels[i]);
        fprintf(f, "%zu %s\n", i, q);
        free(q);
    }
    fprintf(f, "EOD\nplot $m using %s, $xt using 1:(1e30):xtic(2) with points, "
               "$yt using (1e30):1:ytic(2) with points\n",
            image ? "1:2:3 with image" : "1:2:4 with labels noenhanced");
}

/* The last bytes of a picture file. */
static size_t file_tail(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "rb");
    long end;
    size_t n = 0;

    if (f == NULL)
        return 0;
    if (fseek(f, 0, SEEK_END) == 0 && (end = ftell(f)) >= 0) {
        long from = end > (long)size ? end - (long)size : 0;
        if (fseek(f, from, SEEK_SET) == 0)
            n = fread(buf, 1, size, f);
    }
    fclose(f);
    return n;
}

int vs_plot_picture_complete(const char *path, enum vs_outfile kind)
{
    char tail[1024];
    size_t n = file_tail(path, tail, sizeof tail), i;

    switch (kind) {
    case VS_OUTFILE_PNG:  /* the IEND chunk: length 0, "IEND", its CRC */
        return n >= 12 && memcmp(tail + n - 12, "\0\0\0\0IEND\xae\x42\x60\x82", 12) == 0;
    case VS_OUTFILE_SVG:  /* the closing tag, then only blanks */
        while (n > 0 && (tail[n - 1] == '\n' || tail[n - 1] == ' ' || tail[n - 1] == '\r'))
            n--;
        return n >= 6 && memcmp(tail + n - 6, "</svg>", 6) == 0;
    case VS_OUTFILE_PDF:  /* the end-of-file marker in the last kilobyte */
        for (i = 0; i + 5 <= n; i++)
            if (memcmp(tail + i, "%%EOF", 5) == 0)
                return 1;
        return 0;
    default:
        return 1;
    }
}

/* The size of the picture that put_points or put_matrix draws. */
static void picture_size(const vs_result *r, int *w, int *h)
{
    int three = r->kind == VS_RESULT_POINTS && r->pdims >= 3;

    *w = three ? PIC3_W : PIC_W;
    *h = three ? PIC3_H : PIC_H;
}

int vs_plot_result(const vs_result *r, const vs_plot_opts *o, vs_error *err)
{
    target t;
    char *script = NULL;
    vs_afile af;
    size_t len = 0;
    FILE *f, *stream = o->stream != NULL ? o->stream : stdout;
    int rc, w, h;

    if (r->kind != VS_RESULT_POINTS && r->kind != VS_RESULT_MATRIX)
        return vs_fail(err, "only a map (pca, tsne) or a matrix (attn --layer L --head H, "
                            "simmat) can be plotted");
    if (r->kind == VS_RESULT_POINTS && r->pdims < 2)
        return vs_fail(err, "a map needs 2 or 3 dimensions to be plotted, not %zu",
                       r->pdims);
    memset(&t, 0, sizeof t);
    t.colours = o->colours;
    t.font_scale = 1.0;
    picture_size(r, &w, &h);
    if (o->out != NULL) {
        t.pic = vs_outfile_of(o->out);
        if (!vs_plot_is_picture(o->out))
            return vs_fail(err, "cannot tell the kind of picture from '%s': name a "
                                ".png, .svg or .pdf file", o->out);
        if (t.pic == VS_OUTFILE_SVG)
            t.font_scale = PX_PER_PT;
    } else {
        t.term = o->term;
        t.cols = o->cols > 0 ? o->cols : 80;
        t.rows = o->rows > 0 ? o->rows : 24;
        if (t.cols < 20 || t.rows < 8)
            return vs_fail(err, "a %dx%d drawing is too small to plot in: at least 20x8",
                           t.cols, t.rows);
        if (t.term == VS_PLOT_TEXT) {
            vs_termplot_opts to;
            memset(&to, 0, sizeof to);
            to.cols = t.cols;
            to.rows = t.rows;
            to.colours = o->colours;
            to.labels = o->labels;
            return vs_termplot(r, &to, stream, err);
        }
        /* a sixel picture: the file's, scaled (text and all, so the
         * layout holds) to fit the window when the window says its size */
        if (o->px >= 200 && o->py >= 150) {
            double sc = fmin(fmin((double)o->px / w, (double)o->py / h), 2.0);
            sc = sc < 0.5 ? 0.5 : sc;
            t.font_scale = sc;
            w = (int)(w * sc);
            h = (int)(h * sc);
        }
        t.px = w;
        t.py = h;
    }
    /* the file: a temporary name in its folder, made now so an unwritable
     * folder is reported before gnuplot runs; gnuplot writes into it */
    memset(&af, 0, sizeof af);
    if (o->out != NULL && vs_afile_open(&af, o->out, 0, err) < 0)
        return -1;
    f = open_memstream(&script, &len);
    put_terminal(f, &t, w, h, af.tmp);
    if (r->kind == VS_RESULT_POINTS)
        put_points(f, r, o->labels, &t);
    else
        put_matrix(f, r, &t);
    if (af.tmp != NULL)
        fprintf(f, "set output\n");
    fclose(f);
    fflush(stream);
    rc = vs_gnuplot_run(script, len, fileno(stream), err);
    free(script);
    if (af.tmp != NULL) {
        struct stat st;
        if (rc == 0 && (stat(af.tmp, &st) != 0 || st.st_size == 0))
            rc = vs_fail(err, "gnuplot wrote nothing to %s", o->out);
        else if (rc == 0 && !vs_plot_picture_complete(af.tmp, t.pic))
            rc = vs_fail(err, "gnuplot's %s stops short (is the disk full?); nothing was "
                              "written", o->out);
        if (rc < 0)
            vs_afile_abort(&af);
        else
            rc = vs_afile_commit(&af, err);
    }
    return rc;
}
