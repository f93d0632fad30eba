/*
 * plot.c - results drawn by gnuplot (see plot.h).
 *
 * The script is built in memory and handed to gnuplot.c, which runs the
 * program; which labels a map shows is labels.c's choice. The script's own
 * checks (a terminal this gnuplot lacks) end it with a "VSERR: " line, which
 * becomes the error message as it is.
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
 * - Single-quoted strings in commands (title, legend, output file) have no
 *   escapes at all; a ' inside is written ''.
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

#include "atomicfile.h"
#include "gnuplot.h"
#include "headview.h"
#include "labels.h"
#include "plot.h"
#include "utf8.h"
#include "xalloc.h"

/* --- what to draw into --- */

enum picture { PIC_NONE, PIC_PNG, PIC_SVG, PIC_PDF };

static enum picture picture_kind(const char *path)
{
    const char *dot = strrchr(path, '.');

    if (dot == NULL || strchr(dot, '/') != NULL)
        return PIC_NONE;
    if (strcasecmp(dot, ".png") == 0)
        return PIC_PNG;
    if (strcasecmp(dot, ".svg") == 0)
        return PIC_SVG;
    if (strcasecmp(dot, ".pdf") == 0)
        return PIC_PDF;
    return PIC_NONE;
}

int vs_plot_is_picture(const char *path)
{
    return path != NULL && picture_kind(path) != PIC_NONE;
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

/* --- the script --- */

/* How the picture is made, and its size in characters for the label boxes. */
typedef struct target {
    enum picture pic;  /* PIC_NONE: a terminal */
    int sixel;
    int cols, rows;    /* a terminal's character cells */
    int px, py;        /* a sixel picture's size in pixels */
    int color;
} target;

/* Picture sizes: 1000 x 750 pixels with text of ~7 x 14 pixels. */
#define PIC_W 1000
#define PIC_H 750

static void put_terminal(FILE *f, const target *t, const char *tmp_out)
{
    static const char *const has =
        "strstrt(' '.GPVAL_TERMINALS.' ', ' %s ') > 0";

    switch (t->pic) {
    case PIC_PNG:
        fprintf(f, "if (");
        fprintf(f, has, "pngcairo");
        fprintf(f, ") { set terminal pngcairo size %d,%d } else { if (", PIC_W, PIC_H);
        fprintf(f, has, "png");
        fprintf(f, ") { set terminal png size %d,%d } else { print 'VSERR: this gnuplot "
                   "has neither the pngcairo nor the png terminal'; exit status 3 } }\n",
                PIC_W, PIC_H);
        break;
    case PIC_SVG:
        fprintf(f, "if (!(");
        fprintf(f, has, "svg");
        fprintf(f, ")) { print 'VSERR: this gnuplot has no svg terminal'; exit status 3 }\n"
                   "set terminal svg size %d,%d\n", PIC_W, PIC_H);
        break;
    case PIC_PDF:
        fprintf(f, "if (!(");
        fprintf(f, has, "pdfcairo");
        fprintf(f, ")) { print 'VSERR: this gnuplot has no pdfcairo terminal'; "
                   "exit status 3 }\nset terminal pdfcairo size 10in,7.5in\n");
        break;
    case PIC_NONE:
        if (t->sixel) {
            fprintf(f, "if (");
            fprintf(f, has, "sixelgd");
            fprintf(f, ") { set terminal sixelgd size %d,%d truecolor } else { "
                       "set terminal dumb size %d,%d%s }\n",
                    t->px, t->py, t->cols, t->rows, t->color ? " ansi256" : "");
        } else {
            fprintf(f, "set terminal dumb size %d,%d%s\n", t->cols, t->rows,
                    t->color ? " ansi256" : "");
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

static void put_title(FILE *f, const vs_result *r)
{
    if (r->title != NULL) {
        char *q = vs_plot_squote(r->title);
        fprintf(f, "set title %s\n", q);
        free(q);
    }
}

/* The data range [lo, hi] of column c, widened by 5% each side (12.5% above
 * for y), and to a unit span when all values are equal. */
static void range_of(const vs_result *r, size_t c, double *lo, double *hi)
{
    size_t i;
    double a = HUGE_VAL, b = -HUGE_VAL, pad;

    for (i = 0; i < r->npoints; i++) {
        double v = r->coords[i * r->pdims + c];
        if (isfinite(v)) {
            a = v < a ? v : a;
            b = v > b ? v : b;
        }
    }
    if (a > b)
        a = b = 0;
    pad = b > a ? (b - a) * 0.05 : 0.5;
    *lo = a - pad;
    /* y: room for the label a line above the highest point */
    *hi = b + (c == 1 ? 2.5 : 1) * pad;
}

/* The groups in order of first appearance: gi[i] is point i's group. */
static size_t group_index(const vs_result *r, size_t *gi, const char ***names)
{
    const char **g = xmallocarray(r->npoints ? r->npoints : 1, sizeof *g);
    size_t ng = 0, i, k;

    for (i = 0; i < r->npoints; i++) {
        const char *name = r->groups != NULL ? r->groups[i] : "";
        for (k = 0; k < ng && strcmp(g[k], name) != 0; k++)
            ;
        if (k == ng)
            g[ng++] = name;
        gi[i] = k;
    }
    *names = g;
    return ng;
}

/* Which points get a label: all, none, or vs_labels_pick on the map
 * as drawn (the query words and the point nearest each group's centre are
 * marked). A 3-D map is judged on its x and y: the view gnuplot turns it
 * to is not known here, so its labels may overlap more. */
static void choose_labels(const vs_result *r, int mode, const target *t,
                          const size_t *gi, size_t ng, unsigned char *show)
{
    size_t n = r->npoints, i, k;
    float *xy;
    double *w, lo[2], hi[2], cw, lh;
    unsigned char *must;

    if (mode != VS_PLOT_LABELS_AUTO) {
        memset(show, mode == VS_PLOT_LABELS_ALL, n);
        return;
    }
    xy = xmallocarray(n ? n : 1, 2 * sizeof *xy);
    w = xmallocarray(n ? n : 1, sizeof *w);
    must = xcalloc(n ? n : 1, 1);
    range_of(r, 0, &lo[0], &hi[0]);
    range_of(r, 1, &lo[1], &hi[1]);
    /* a character's width and a line's height, as fractions of the plot
     * area (the picture less its borders, tics and title) */
    if (t->pic == PIC_NONE && !t->sixel) {
        cw = 1.0 / (t->cols > 14 ? t->cols - 12 : 2);
        lh = 1.0 / (t->rows > 6 ? t->rows - 5 : 1);
    } else {
        cw = 7.5 / (PIC_W - 250);
        lh = 14.0 / (PIC_H - 120);
    }
    for (i = 0; i < n; i++) {
        char *e = vs_escape(r->labels[i], strlen(r->labels[i]));
        xy[2 * i] = (float)((r->coords[i * r->pdims] - lo[0]) / (hi[0] - lo[0]));
        xy[2 * i + 1] = (float)((r->coords[i * r->pdims + 1] - lo[1]) / (hi[1] - lo[1]));
        if (!isfinite(xy[2 * i]) || !isfinite(xy[2 * i + 1]))
            xy[2 * i] = xy[2 * i + 1] = -1;  /* not drawn: never labelled but if marked */
        w[i] = (vs_display_width(e) + 1) * cw;
        must[i] = r->marked != NULL && r->marked[i];
        free(e);
    }
    /* the point nearest each group's centre */
    if (r->groups != NULL)
        for (k = 0; k < ng; k++) {
            double cx = 0, cy = 0, best = HUGE_VAL;
            size_t cnt = 0, bi = 0;
            for (i = 0; i < n; i++)
                if (gi[i] == k) {
                    cx += xy[2 * i];
                    cy += xy[2 * i + 1];
                    cnt++;
                }
            cx /= (double)cnt;
            cy /= (double)cnt;
            for (i = 0; i < n; i++)
                if (gi[i] == k) {
                    double d = hypot(xy[2 * i] - cx, xy[2 * i + 1] - cy);
                    if (d < best) {
                        best = d;
                        bi = i;
                    }
                }
            must[bi] = 1;
        }
    vs_labels_pick(xy, n, w, lh, must, 60, show);
    free(xy);
    free(w);
    free(must);
}

static void put_points(FILE *f, const vs_result *r, int labels, const target *t)
{
    size_t n = r->npoints, d = r->pdims < 3 ? 2 : 3, i, j, k, ng, nl = 0;
    size_t *gi = xmallocarray(n ? n : 1, sizeof *gi);
    unsigned char *show = xcalloc(n ? n : 1, 1);
    const char **names;
    double lo, hi;

    ng = group_index(r, gi, &names);
    choose_labels(r, labels, t, gi, ng, show);
    put_title(f, r);
    for (j = 0; j < d; j++) {
        range_of(r, j, &lo, &hi);
        fprintf(f, "set %crange [%.9g:%.9g]\n", "xyz"[j], lo, hi);
    }
    if (r->groups != NULL)
        fprintf(f, "set key %s\n", t->pic == PIC_NONE ? "below" : "outside right top");
    else
        fprintf(f, "unset key\n");
    if (d == 3)
        fprintf(f, "set ticslevel 0\n");
    /* the points, one block (index) a group */
    fprintf(f, "$pts << EOD\n");
    for (k = 0; k < ng; k++) {
        if (k > 0)
            fprintf(f, "\n\n");
        for (i = 0; i < n; i++)
            if (gi[i] == k) {
                for (j = 0; j < d; j++)
                    fprintf(f, "%s%.9g", j ? " " : "", r->coords[i * r->pdims + j]);
                fputc('\n', f);
            }
    }
    fprintf(f, "EOD\n$lab << EOD\n");
    for (i = 0; i < n; i++)
        if (show[i]) {
            char *q = vs_plot_quote(r->labels[i]);
            for (j = 0; j < d; j++)
                fprintf(f, "%.9g ", r->coords[i * r->pdims + j]);
            fprintf(f, "%s\n", q);
            free(q);
            nl++;
        }
    fprintf(f, "EOD\n%s ", d == 3 ? "splot" : "plot");
    for (k = 0; k < ng; k++) {
        /* a colour and a shape a group (a letter in a dumb drawing) */
        static const int pt[] = {7, 5, 9, 13, 11, 3, 1, 2, 4, 6, 8, 10, 12, 14};
        fprintf(f, "%s$pts index %zu using %s with points pt %d ps 0.6 lc %zu ", k ? ", " : "",
                k, d == 3 ? "1:2:3" : "1:2", pt[k % (sizeof pt / sizeof *pt)], k + 1);
        if (r->groups != NULL) {
            char *q = vs_plot_squote(names[k][0] ? names[k] : "(no group)");
            fprintf(f, "title %s", q);
            free(q);
        } else {
            fprintf(f, "notitle");
        }
    }
    if (nl > 0)
        fprintf(f, ", $lab using %s with labels noenhanced offset 0,1 notitle",
                d == 3 ? "1:2:3:4" : "1:2:3");
    fprintf(f, "\n");
    free(gi);
    free(show);
    free(names);
}

/* A heatmap: column j (key token) across, row i (query token) down, the
 * first row at the top, each cell shaded by vs_matrix_shade (the colour
 * scale's ticks name the weights). The tokens come from two data blocks of
 * their own (xtic(), ytic()) plotted far outside the range, so only their
 * tick labels show. A picture gets an image; a dumb drawing a shade
 * character a cell. With matrix_view VS_VIEW_LINES, the head view instead
 * (headview.c). */
static void put_matrix(FILE *f, const vs_result *r, const target *t)
{
    static const char *const shade[] = {"\u00b7", "\u2591", "\u2592", "\u2593", "\u2588"};
    static const double ticks[] = {0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 1};
    int image = t->pic != PIC_NONE || t->sixel;
    size_t i, j;

    put_title(f, r);
    if (r->matrix_view == VS_VIEW_LINES) {
        vs_plot_head_view(f, r, image);
        return;
    }
    fprintf(f, "unset key\nset xrange [-0.5:%zu.5]\nset yrange [%zu.5:-0.5]\n"
               "set cbrange [0:1]\nset xlabel 'key token'\nset ylabel 'query token'\n"
               "set cblabel 'weight (%s scale)'\n"
               "set palette defined (0 '#ffffff', 1 '#08306b')\n"
               "set tics scale 0\n",
            r->mcols ? r->mcols - 1 : 0, r->mrows ? r->mrows - 1 : 0,
            r->matrix_scale == VS_SCALE_LINEAR ? "linear" : "square-root");
    fprintf(f, "set cbtics (");
    for (i = 0; i < sizeof ticks / sizeof ticks[0]; i++)
        fprintf(f, "%s'%g' %.6f", i ? ", " : "", ticks[i], vs_matrix_shade(r, ticks[i]));
    fprintf(f, ")\n");
    fprintf(f, image ? "set xtics rotate by 45 right\n" : "unset colorbox\n");
    fprintf(f, "$m << EOD\n");
    for (i = 0; i < r->mrows; i++)
        for (j = 0; j < r->mcols; j++) {
            double v = vs_matrix_shade(r, r->matrix[i * r->mcols + j]);
            int k = (int)(v * 5.0);
            k = k < 0 ? 0 : k > 4 ? 4 : k;
            fprintf(f, "%zu %zu %.6f \"%s\"\n", j, i, v, shade[k]);
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

int vs_plot_picture_complete(const char *path, int kind)
{
    char tail[1024];
    size_t n = file_tail(path, tail, sizeof tail), i;

    switch (kind) {
    case PIC_PNG:  /* the IEND chunk: length 0, "IEND", its CRC */
        return n >= 12 && memcmp(tail + n - 12, "\0\0\0\0IEND\xae\x42\x60\x82", 12) == 0;
    case PIC_SVG:  /* the closing tag, then only blanks */
        while (n > 0 && (tail[n - 1] == '\n' || tail[n - 1] == ' ' || tail[n - 1] == '\r'))
            n--;
        return n >= 6 && memcmp(tail + n - 6, "</svg>", 6) == 0;
    case PIC_PDF:  /* the end-of-file marker in the last kilobyte */
        for (i = 0; i + 5 <= n; i++)
            if (memcmp(tail + i, "%%EOF", 5) == 0)
                return 1;
        return 0;
    default:
        return 1;
    }
}

int vs_plot_result(const vs_result *r, const vs_plot_opts *o, vs_error *err)
{
    target t;
    char *script = NULL;
    vs_afile af;
    size_t len = 0;
    FILE *f;
    int fd = o->fd > 0 ? o->fd : STDOUT_FILENO, rc;

    if (r->kind != VS_RESULT_POINTS && r->kind != VS_RESULT_MATRIX)
        return vs_fail(err, "only a map (pca, tsne) or an attention matrix (attn "
                            "--layer L --head H) can be plotted");
    if (r->kind == VS_RESULT_POINTS && r->pdims < 2)
        return vs_fail(err, "a map needs 2 or 3 dimensions to be plotted, not %zu",
                       r->pdims);
    memset(&t, 0, sizeof t);
    t.color = o->color;
    if (o->out != NULL) {
        t.pic = picture_kind(o->out);
        if (t.pic == PIC_NONE)
            return vs_fail(err, "cannot tell the kind of picture from '%s': name a "
                                ".png, .svg or .pdf file", o->out);
    } else {
        t.sixel = o->sixel;
        t.cols = o->cols;
        t.rows = o->rows;
        t.px = o->px;
        t.py = o->py;
        if (t.px < 200 || t.py < 150) {
            t.px = PIC_W;
            t.py = PIC_H;
        }
        t.cols = t.cols > 0 ? t.cols : 80;
        t.rows = t.rows > 0 ? t.rows : 24;
        if (t.cols < 20 || t.rows < 8)
            return vs_fail(err, "a %dx%d drawing is too small to plot in: at least 20x8",
                           t.cols, t.rows);
    }
    /* the file: a temporary name in its folder, made now so an unwritable
     * folder is reported before gnuplot runs; gnuplot writes into it */
    memset(&af, 0, sizeof af);
    if (o->out != NULL && vs_afile_open(&af, o->out, 0, err) < 0)
        return -1;
    f = open_memstream(&script, &len);
    put_terminal(f, &t, af.tmp);
    if (r->kind == VS_RESULT_POINTS)
        put_points(f, r, o->labels, &t);
    else
        put_matrix(f, r, &t);
    if (af.tmp != NULL)
        fprintf(f, "set output\n");
    fclose(f);
    rc = vs_gnuplot_run(script, len, fd, err);
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
