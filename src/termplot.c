/*
 * termplot.c - maps and heatmaps in characters (see termplot.h).
 *
 * A map: the points are binned into Braille dots; each label's place is
 * chosen by labels.c on the grid of cells (the point at its cell's centre,
 * boxes snapped to whole cells), so a label never covers a cell that holds
 * a dot nor another label. The figure around it is a title, for each view
 * a line naming its up axis, a frame, a line naming its across axis, and a
 * legend of the groups.
 *
 * A heatmap: a row of cells a query token, a column a key token, each
 * cell's colour the ramp's at the scaled weight (palette.h). Without 256
 * colours the weight is a shade: · ░ ▒ ▓ █.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headview.h"
#include "labels.h"
#include "mapview.h"
#include "palette.h"
#include "plot.h"
#include "termplot.h"
#include "utf8.h"
#include "xalloc.h"

const char *vs_termplot_shape(size_t k)
{
    static const char *const shapes[] = {"\u25cf", "\u25cb", "\u25a0", "\u25a1", "\u25b2",
                                         "\u25b3", "\u25c6", "\u25c7", "+", "x"};

    return shapes[k % (sizeof shapes / sizeof *shapes)];
}

/* --- a map --- */

enum { MARK_DOTS, MARK_DISCS, MARK_SHAPES };

void vs_termplot_fit(const float *xy, size_t n, int w, int h, vs_termmap *m)
{
    double xlo = HUGE_VAL, xhi = -HUGE_VAL, ylo = HUGE_VAL, yhi = -HUGE_VAL, s, cx, cy;
    int dw = 2 * (w > 1 ? w : 1), dh = 4 * (h > 1 ? h : 1);
    size_t i;

    for (i = 0; i < n; i++) {
        double x = xy[2 * i], y = xy[2 * i + 1];
        if (!isfinite(x) || !isfinite(y))
            continue;
        xlo = x < xlo ? x : xlo;
        xhi = x > xhi ? x : xhi;
        ylo = y < ylo ? y : ylo;
        yhi = y > yhi ? y : yhi;
    }
    if (xlo > xhi)
        xlo = ylo = -1, xhi = yhi = 1;
    /* units per dot: the larger need of the two, a dot of margin each side
     * (a dot is as wide as it is high: a cell is about twice as high as
     * wide, and holds 2 x 4 dots) */
    s = fmax((xhi - xlo) / (dw - 2 > 1 ? dw - 2 : 1), (yhi - ylo) / (dh - 2 > 1 ? dh - 2 : 1));
    if (!(s > 0))
        s = 1.0 / dw;
    cx = (xlo + xhi) / 2;
    cy = (ylo + yhi) / 2;
    m->xlo = cx - s * dw / 2;
    m->xhi = cx + s * dw / 2;
    m->ylo = cy - s * dh / 2;
    m->yhi = cy + s * dh / 2;
}

/* The dot of (x, y) in a dw x dh field under window m, or 0 when it is
 * outside. */
static int dot_of(const vs_termmap *m, double x, double y, int dw, int dh, int *dx, int *dy)
{
    double fx = (x - m->xlo) / (m->xhi - m->xlo) * dw, fy = (m->yhi - y) / (m->yhi - m->ylo) * dh;

    if (!(fx >= 0 && fx < dw && fy >= 0 && fy < dh))
        return 0;
    *dx = (int)fx;
    *dy = (int)fy;
    return 1;
}

int vs_termplot_cell(const vs_termmap *m, int w, int h, double x, double y, int *cx, int *cy)
{
    int dx, dy;

    if (w < 1 || h < 1 || !dot_of(m, x, y, 2 * w, 4 * h, &dx, &dy))
        return 0;
    *cx = dx / 2;
    *cy = dy / 4;
    return 1;
}

size_t vs_termplot_map(vs_canvas *c, int x, int y, int w, int h, const vs_result *r,
                       const float *xy, const vs_termmap *m)
{
    size_t n = r->npoints, i, ng, np = 0, *gi;
    const char **names;
    int dw = 2 * w, dh = 4 * h, pass, marks;
    int *dot;
    float *u;
    double *wid, *prio;
    unsigned char *must, *show, *all = NULL;
    vs_label_box *box;
    vs_label_geom g;

    if (w < 1 || h < 1 || n == 0)
        return 0;
    gi = xmallocarray(n, sizeof *gi);
    dot = xmallocarray(n, 2 * sizeof *dot);
    u = xmallocarray(n, 2 * sizeof *u);
    wid = xmallocarray(n, sizeof *wid);
    prio = xmallocarray(n, sizeof *prio);
    must = xcalloc(n, 1);
    show = xcalloc(n, 1);
    box = xmallocarray(n, sizeof *box);
    ng = vs_map_groups(r, gi, &names);
    /* how a point is drawn: a shape a group without colour, a disc a cell
     * when there is room, else a dot */
    marks = m->colours == 0 && r->groups != NULL ? MARK_SHAPES
          : n <= (size_t)(w * h) / 8             ? MARK_DISCS
                                                 : MARK_DOTS;
    /* 1. the points: the others first, the words asked for over them */
    for (i = 0; i < n; i++)
        if (!dot_of(m, xy[2 * i], xy[2 * i + 1], dw, dh, &dot[2 * i], &dot[2 * i + 1]))
            dot[2 * i] = dot[2 * i + 1] = -1;
    for (pass = 0; pass < 2; pass++)
        for (i = 0; i < n; i++) {
            int em = m->emphasis != NULL ? m->emphasis[i] : 0;
            int hi = (r->marked != NULL && r->marked[i]) ||
                     (m->highlight != NULL && m->highlight[i]) || em != 0;
            if (dot[2 * i] < 0 || hi != pass)
                continue;
            if (marks != MARK_DOTS)
                vs_canvas_text(c, x + dot[2 * i] / 2, y + dot[2 * i + 1] / 4,
                               marks == MARK_SHAPES ? vs_termplot_shape(gi[i]) : "\u25cf", 1,
                               VS_INK_GROUP(gi[i]), (hi ? VS_CELL_BOLD : 0) | em);
            else
                vs_canvas_dot(c, 2 * x + dot[2 * i], 4 * y + dot[2 * i + 1],
                              VS_INK_GROUP(gi[i]));
            if (em != 0)
                vs_canvas_attr(c, x + dot[2 * i] / 2, y + dot[2 * i + 1] / 4, em);
        }
    /* 2. the labels, on the grid of cells: each point at its cell's centre */
    for (i = 0; i < n; i++) {
        if (dot[2 * i] < 0) {
            u[2 * i] = u[2 * i + 1] = -1;
        } else {
            u[2 * i] = (float)((dot[2 * i] / 2 + 0.5) / w);
            u[2 * i + 1] = (float)(1 - (dot[2 * i + 1] / 4 + 0.5) / h);
        }
        /* a label and a blank cell, so two labels never run together */
        wid[i] = (double)(vs_display_width(r->labels[i]) + 1) / w;
    }
    vs_map_label_plan(r, xy, gi, ng, must, prio);
    for (i = 0; i < n; i++) {
        must[i] = (must[i] || (m->highlight != NULL && m->highlight[i])) && dot[2 * i] >= 0;
        if (m->emphasis != NULL && m->emphasis[i])
            prio[i] -= 1e15;  /* before every point without emphasis */
    }
    memset(&g, 0, sizeof g);
    g.height = 1.0 / h;
    g.gap = 0.5 / w;
    g.vgap = 0.5 / h;
    g.mark_w = 0.25 / w;
    g.mark_h = 0.25 / h;
    g.snap_x = 1.0 / w;
    g.snap_y = 1.0 / h;
    g.cap = (size_t)(w * h) / 40 + 4;
    if (m->labels == VS_PLOT_LABELS_ALL) {
        all = xmalloc(n);
        for (i = 0; i < n; i++)
            all[i] = dot[2 * i] >= 0;
    } else if (m->labels == VS_PLOT_LABELS_NONE) {
        for (i = 0; i < n; i++)
            must[i] = m->highlight != NULL && m->highlight[i] && dot[2 * i] >= 0;
        g.cap = 0;
    }
    np = vs_labels_place(u, n, wid, &g, all != NULL ? all : must, prio, show, box);
    for (i = 0; i < n; i++)
        if (show[i]) {
            /* the text at the box's end nearer its point: left of a point,
             * the blank cell is the left one */
            int cx = (int)lround(box[i].x0 * w), cy = h - (int)lround(box[i].y1 * h);
            if (box[i].x1 <= u[2 * i])
                cx++;
            vs_canvas_text(c, x + cx, y + cy, r->labels[i], w - cx, VS_INK_GROUP(gi[i]),
                           (must[i] ? VS_CELL_BOLD : 0) |
                               (m->emphasis != NULL ? m->emphasis[i] : 0));
        }
    free(gi);
    free(names);
    free(dot);
    free(u);
    free(wid);
    free(prio);
    free(must);
    free(show);
    free(all);
    free(box);
    return np;
}

/* A frame of box-drawing characters around the w x h cells inside (x, y). */
static void frame(vs_canvas *c, int x, int y, int w, int h)
{
    int i;

    vs_canvas_text(c, x - 1, y - 1, "\u250c", 1, VS_INK_NONE, VS_CELL_DIM);
    vs_canvas_text(c, x + w, y - 1, "\u2510", 1, VS_INK_NONE, VS_CELL_DIM);
    vs_canvas_text(c, x - 1, y + h, "\u2514", 1, VS_INK_NONE, VS_CELL_DIM);
    vs_canvas_text(c, x + w, y + h, "\u2518", 1, VS_INK_NONE, VS_CELL_DIM);
    for (i = 0; i < w; i++) {
        vs_canvas_text(c, x + i, y - 1, "\u2500", 1, VS_INK_NONE, VS_CELL_DIM);
        vs_canvas_text(c, x + i, y + h, "\u2500", 1, VS_INK_NONE, VS_CELL_DIM);
    }
    for (i = 0; i < h; i++) {
        vs_canvas_text(c, x - 1, y + i, "\u2502", 1, VS_INK_NONE, VS_CELL_DIM);
        vs_canvas_text(c, x + w, y + i, "\u2502", 1, VS_INK_NONE, VS_CELL_DIM);
    }
}

/* The corners of the oblique view's box in dots of the w x h cells under
 * window m (clamped onto the field), and the edges and name places of its
 * axes (mapview.h). */
static void box_dots(int w, int h, const vs_result *r, const vs_map_view *v,
                     const vs_termmap *m, int dx[8], int dy[8], int edge[3][2], float at[3][2],
                     int halign[3])
{
    float k[8][2];
    int a;

    vs_map_box(r, v, k);
    vs_map_box_axes((const float(*)[2])k, edge, at, halign);
    for (a = 0; a < 8; a++) {
        double fx = (k[a][0] - m->xlo) / (m->xhi - m->xlo) * 2 * w;
        double fy = (m->yhi - k[a][1]) / (m->yhi - m->ylo) * 4 * h;
        dx[a] = isfinite(fx) ? (int)fmin(fmax(fx, 0), 2 * w - 1) : 0;
        dy[a] = isfinite(fy) ? (int)fmin(fmax(fy, 0), 4 * h - 1) : 0;
    }
}

void vs_termplot_axes(vs_canvas *c, int x, int y, int w, int h, const vs_result *r,
                      const vs_map_view *v, const vs_termmap *m)
{
    float at[3][2];
    int a, dx[8], dy[8], edge[3][2], halign[3];

    box_dots(w, h, r, v, m, dx, dy, edge, at, halign);
    for (a = 0; a < 3; a++)
        vs_canvas_line(c, 2 * x + dx[edge[a][0]], 4 * y + dy[edge[a][0]],
                       2 * x + dx[edge[a][1]], 4 * y + dy[edge[a][1]], VS_INK_NONE);
}

void vs_termplot_axis_names(vs_canvas *c, int x, int y, int w, int h, const vs_result *r,
                            const vs_map_view *v, const vs_termmap *m)
{
    float at[3][2];
    int a, dx[8], dy[8], edge[3][2], halign[3];

    box_dots(w, h, r, v, m, dx, dy, edge, at, halign);
    for (a = 0; a < 3; a++) {
        const char *name = vs_map_axis_title(r, (size_t)a);
        char word[32];
        double fx = (at[a][0] - m->xlo) / (m->xhi - m->xlo) * w;
        double fy = (m->yhi - at[a][1]) / (m->yhi - m->ylo) * h;
        int len, cx, cy, i;
        snprintf(word, sizeof word, "%.*s", (int)strcspn(name, " "), name);
        len = vs_display_width(word);
        cx = (int)fx - (halign[a] < 0 ? len : halign[a] == 0 ? len / 2 : 0);
        cy = (int)fy;
        cx = cx < 0 ? 0 : cx + len > w ? w - len : cx;
        cy = cy < 0 ? 0 : cy >= h ? h - 1 : cy;
        /* only on blank cells: never over a point, a label or the axes */
        for (i = 0; i < len; i++) {
            const vs_cell *cell = vs_canvas_at(c, x + cx + i, y + cy);
            if (cell == NULL || cell->glyph[0] != '\0' || cell->dots != 0 || cell->tail)
                break;
        }
        if (i == len)
            vs_canvas_text(c, x + cx, y + cy, word, len, VS_INK_NONE, VS_CELL_DIM);
    }
}

static int put_map(vs_canvas *c, const vs_result *r, const vs_termplot_opts *o)
{
    size_t n = r->npoints, nv, np, k, ng, *gi = xmallocarray(n ? n : 1, sizeof *gi);
    const char **names;
    vs_map_view views[4];
    float *xy = xmallocarray(n ? n : 1, 2 * sizeof *xy);
    int legend = r->groups != NULL, top = 1, bottom = o->rows - (legend ? 1 : 0), pw;
    int shapes = o->colours == 0 && r->groups != NULL;  /* the legend's marks */

    ng = vs_map_groups(r, gi, &names);
    if (r->title != NULL)
        vs_canvas_text(c, 0, 0, r->title, o->cols, VS_INK_NONE, VS_CELL_BOLD);
    /* the views that fit side by side, at least 40 columns each */
    nv = vs_map_views(r, views);
    np = (size_t)(o->cols / 40);
    np = np < 1 ? 1 : np > nv ? nv : np;
    pw = o->cols / (int)np;
    for (k = 0; k < np; k++) {
        int x0 = (int)k * pw, iw = pw - 2 - (k + 1 < np), ih = bottom - top - 4;
        vs_termmap m;
        char head[160];
        if (iw < 4 || ih < 2)
            break;
        vs_map_project(r, &views[k], xy);
        memset(&m, 0, sizeof m);
        vs_termplot_fit(xy, n, iw, ih, &m);
        m.labels = o->labels;
        m.colours = o->colours;
        if (views[k].a < 0) {
            snprintf(head, sizeof head, "3-D (azimuth %.0f\u00b0, elevation %.0f\u00b0)",
                     views[k].az, views[k].el);
            vs_canvas_text(c, x0, top, head, pw - 1, VS_INK_NONE, VS_CELL_DIM);
            vs_termplot_axes(c, x0 + 1, top + 2, iw, ih, r, &views[k], &m);
        } else {
            snprintf(head, sizeof head, "\u2191 %s", vs_map_axis_title(r, (size_t)views[k].b));
            vs_canvas_text(c, x0, top, head, pw - 1, VS_INK_NONE, 0);
            snprintf(head, sizeof head, "%s \u2192", vs_map_axis_title(r, (size_t)views[k].a));
            {
                int hw = vs_display_width(head);
                int hx = x0 + pw - 1 - hw - (k + 1 < np);
                vs_canvas_text(c, hx > x0 ? hx : x0, top + 3 + ih, head, pw - 1, VS_INK_NONE,
                               0);
            }
        }
        frame(c, x0 + 1, top + 2, iw, ih);
        vs_termplot_map(c, x0 + 1, top + 2, iw, ih, r, xy, &m);
        if (views[k].a < 0)
            vs_termplot_axis_names(c, x0 + 1, top + 2, iw, ih, r, &views[k], &m);
    }
    /* the legend: each group's shape or coloured dot and its name */
    if (legend) {
        int x = 0;
        size_t g;
        for (g = 0; g < ng && x < o->cols - 4; g++) {
            x += vs_canvas_text(c, x, o->rows - 1, shapes ? vs_termplot_shape(g) : "\u25cf", 1,
                                VS_INK_GROUP(g), 0);
            x += 1;
            x += vs_canvas_text(c, x, o->rows - 1, names[g][0] ? names[g] : "(no group)",
                                o->cols - x, VS_INK_GROUP(g), 0);
            x += 2;
        }
        if (g < ng)
            vs_canvas_text(c, o->cols - 4, o->rows - 1, " ...", 4, VS_INK_NONE, 0);
    }
    free(gi);
    free(names);
    free(xy);
    return 0;
}

/* --- a heatmap --- */

/* A label cut to at most w columns, with "…" when cut (xmalloc'd). */
static char *cut(const char *s, int w, int *was_cut)
{
    char *e = vs_escape(s, strlen(s)), *out;
    int ew = vs_display_width(e);
    vs_canvas *c;
    int k, used;

    *was_cut = ew > w;
    if (!*was_cut)
        return e;
    /* the first w - 1 columns, by the canvas's own measure, then "…" */
    c = vs_canvas_new(w, 1);
    used = vs_canvas_text(c, 0, 0, e, w - 1, VS_INK_NONE, 0);
    out = xmalloc((size_t)w * 8 + 4);
    out[0] = '\0';
    for (k = 0; k < used; k++) {
        char g[8];
        vs_cell_utf8(vs_canvas_at(c, k, 0), g);
        strcat(out, g);
    }
    strcat(out, "\u2026");
    vs_canvas_free(c);
    free(e);
    return out;
}

/* A weight's ink and character: a full block in the ramp's colour, or,
 * without 256 colours, a shade. */
static void heat_cell(double t, int colours, int *ink, const char **glyph)
{
    static const char *const shade[] = {"\u00b7", "\u2591", "\u2592", "\u2593", "\u2588"};
    int s = (int)(t * 5.0);

    if (colours >= 256) {
        *ink = VS_INK_RAMP(t);
        *glyph = "\u2588";
    } else {
        *ink = VS_INK_NONE;
        *glyph = shade[s < 0 ? 0 : s > 4 ? 4 : s];
    }
}

int vs_termplot_scale(vs_canvas *c, int x, int y, int w, const vs_result *r, int colours)
{
    enum vs_scale sc = r->plot_scale == VS_SCALE_SQRT ? VS_SCALE_SQRT : VS_SCALE_LINEAR;
    int steps = w - 4 < 20 ? w - 4 : 20, used, k;
    char head[48], tail[96];

    if (steps < 4)
        return 0;
    snprintf(head, sizeof head, "%g ", vs_scale_value(r, 0.0));
    used = vs_canvas_text(c, x, y, head, w, VS_INK_NONE, 0);
    for (k = 0; k < steps; k++) {
        int ink;
        const char *glyph;
        heat_cell((k + 0.5) / steps, colours, &ink, &glyph);
        vs_canvas_text(c, x + used + k, y, glyph, 1, ink, 0);
    }
    used += steps;
    snprintf(tail, sizeof tail, " %g  %s scale: the middle is %.2g", vs_scale_value(r, 1.0),
             sc == VS_SCALE_SQRT ? "square-root" : "linear", vs_scale_value(r, 0.5));
    return used + vs_canvas_text(c, x + used, y, tail, w - used, VS_INK_NONE, 0);
}

/* The colour bar on line y of c, after what the values are ("attention
 * weight: ", "cosine: ") when the line holds both whole, else after
 * "colour: ", else alone. */
static void put_scale_line(vs_canvas *c, int y, int width, const vs_result *r, int colours)
{
    vs_canvas *trial = vs_canvas_new(width > 0 ? width : 1, 1);
    int need = vs_termplot_scale(trial, 0, 0, width, r, colours), x = 0;
    char *what = r->value_title ? xasprintf("%s: ", r->value_title) : NULL;

    vs_canvas_free(trial);
    if (what != NULL && vs_display_width(what) + need <= width)
        x = vs_canvas_text(c, 0, y, what, width, VS_INK_NONE, VS_CELL_DIM);
    else if (8 + need <= width)
        x = vs_canvas_text(c, 0, y, "colour: ", width, VS_INK_NONE, VS_CELL_DIM);
    free(what);
    vs_termplot_scale(c, x, y, width - x, r, colours);
}

void vs_termplot_head_lines(vs_canvas *c, int x, int y, int w, int h, const vs_result *r,
                            long query, long key, size_t top, double min)
{
    size_t ne, k;
    vs_head_line *e;

    if (w < 1 || h < 1 || r->mrows == 0 || r->mcols == 0)
        return;
    e = vs_head_lines(r, top, top + (size_t)h, query, key, min, &ne);
    /* a token's row of dots: the second of its cell's four; a key above or
     * below the area: the line runs to the edge */
    for (k = 0; k < ne; k++) {
        long yq = (long)(e[k].i - top) * 4 + 1;
        long yk = e[k].j < top ? 0 : (long)(e[k].j - top) * 4 + 1;
        yk = yk > 4L * h - 1 ? 4L * h - 1 : yk;
        vs_canvas_line(c, 2 * x, 4 * y + (int)yq, 2 * x + 2 * w - 1, 4 * y + (int)yk,
                       VS_INK_RAMP(e[k].t));
    }
    free(e);
}

/* The head view on a canvas it makes (a row a token): the query tokens
 * right-aligned on the left, the key tokens on the right, the lines of
 * every weight that reaches HEAD_MIN of the scale between them, and the
 * colour bar. */
#define HEAD_MIN 0.5

static vs_canvas *put_head_view(const vs_result *r, const vs_termplot_opts *o)
{
    size_t n = r->mrows, m = r->mcols, rows = n > m ? n : m, i;
    int width = o->cols, lw = 4, mid, y = 0;
    vs_canvas *c = vs_canvas_new(width, (int)rows + 6);
    char line[160];

    for (i = 0; i < n; i++)
        lw = vs_display_width(r->row_labels[i]) > lw ? vs_display_width(r->row_labels[i]) : lw;
    for (i = 0; i < m; i++)
        lw = vs_display_width(r->col_labels[i]) > lw ? vs_display_width(r->col_labels[i]) : lw;
    lw = lw > width / 4 ? width / 4 : lw;
    mid = width - 2 * lw - 2;
    if (r->title != NULL)
        vs_canvas_text(c, 0, y, r->title, width, VS_INK_NONE, VS_CELL_BOLD);
    y++;
    snprintf(line, sizeof line,
             "query tokens \u2190 \u2192 key tokens: a line for each weight from %.2g up",
             vs_scale_value(r, HEAD_MIN));
    vs_canvas_text(c, 0, y++, line, width, VS_INK_NONE, VS_CELL_DIM);
    for (i = 0; i < rows; i++) {
        int was;
        if (i < n) {
            char *q = cut(r->row_labels[i], lw, &was);
            int qw = vs_display_width(q);
            vs_canvas_text(c, lw - qw, y + (int)i, q, lw, VS_INK_NONE, 0);
            free(q);
        }
        if (i < m) {
            char *k = cut(r->col_labels[i], lw, &was);
            vs_canvas_text(c, width - lw, y + (int)i, k, lw, VS_INK_NONE, 0);
            free(k);
        }
    }
    if (mid >= 4)
        vs_termplot_head_lines(c, lw + 1, y, mid, (int)rows, r, -1, -1, 0, HEAD_MIN);
    y += (int)rows + 1;
    put_scale_line(c, y, width, r, o->colours);
    c->h = y + 1;
    return c;
}

/* The heatmap on a canvas it makes (its height as needed): returns it. */
static vs_canvas *put_matrix(const vs_result *r, const vs_termplot_opts *o)
{
    size_t nr = r->mrows, ncol = r->mcols, i, j, j0, chunk;
    int lw = 0, cw, avail, numbered = 0, keyed = 0, width = o->cols, y, x, ndig;
    char **rl = xmallocarray(nr ? nr : 1, sizeof *rl);
    vs_canvas *c;
    int rows_needed;

    /* the row labels: up to a quarter of the width (at least 6) */
    for (i = 0; i < nr; i++) {
        int wi = vs_display_width(r->row_labels[i]);
        lw = wi > lw ? wi : lw;
    }
    ndig = ncol > nr ? (ncol >= 100 ? 3 : ncol >= 10 ? 2 : 1) : (nr >= 100 ? 3 : nr >= 10 ? 2 : 1);
    if (lw > width / 4)
        lw = width / 4 > 6 ? width / 4 : 6;
    for (i = 0; i < nr; i++) {
        int was;
        rl[i] = cut(r->row_labels[i], lw, &was);
        keyed |= was;
    }
    /* the cells: as wide as the widest column label (plus a space) when that
     * fits, else as wide as there is room for, with numbers and a key */
    avail = width - lw - 1;
    {
        int need = 2;
        for (j = 0; j < ncol; j++) {
            int wj = vs_display_width(r->col_labels[j]) + 1;
            need = wj > need ? wj : need;
        }
        if (need * (int)ncol <= avail && need <= 12) {
            cw = need;
        } else {
            numbered = 1;
            cw = avail / (int)(ncol ? ncol : 1);
            cw = cw > ndig + 1 ? ndig + 1 : cw < 1 ? 1 : cw;
        }
    }
    keyed |= numbered;
    chunk = (size_t)(avail / cw);
    chunk = chunk < 1 ? 1 : chunk;
    /* rows: title, per chunk (header lines, the rows, a blank), the scale,
     * the key */
    rows_needed = 2 + (int)((ncol + chunk - 1) / chunk) * ((int)nr + 1 + (numbered ? ndig : 1)) +
                  2 + (keyed ? (int)((ncol + nr) * 12 / (size_t)width) + 3 : 0);
    c = vs_canvas_new(width, rows_needed);
    y = 0;
    if (r->title != NULL)
        vs_canvas_text(c, 0, y, r->title, width, VS_INK_NONE, VS_CELL_BOLD);
    y++;
    if (r->row_title != NULL || r->col_title != NULL) {
        /* what the rows and the columns are, as the result names them */
        char *axes = xasprintf("rows: %s \u2193   columns: %s \u2192",
                               r->row_title ? r->row_title : "-",
                               r->col_title ? r->col_title : "-");
        vs_canvas_text(c, 0, y, axes, width, VS_INK_NONE, VS_CELL_DIM);
        free(axes);
    }
    y++;
    for (j0 = 0; j0 < ncol; j0 += chunk) {
        size_t j1 = j0 + chunk < ncol ? j0 + chunk : ncol;
        /* the column heads: the labels, or their numbers a digit a line when
         * the cells are narrower than the numbers */
        if (!numbered) {
            for (j = j0; j < j1; j++)
                vs_canvas_text(c, lw + 1 + (int)(j - j0) * cw, y, r->col_labels[j], cw - 1,
                               VS_INK_NONE, VS_CELL_BOLD);
            y++;
        } else {
            int d;
            int lines = cw > ndig ? 1 : ndig;
            for (d = 0; d < lines; d++) {
                for (j = j0; j < j1; j++) {
                    char num[24];
                    snprintf(num, sizeof num, "%zu", j + 1);
                    if (lines == 1) {
                        vs_canvas_text(c, lw + 1 + (int)(j - j0) * cw, y, num, cw, VS_INK_NONE,
                                       VS_CELL_BOLD);
                    } else {
                        /* digit d of the number, right-aligned over ndig lines */
                        int len = (int)strlen(num), pos = d - (ndig - len);
                        char one[2] = {pos >= 0 ? num[pos] : ' ', '\0'};
                        vs_canvas_text(c, lw + 1 + (int)(j - j0) * cw, y, one, 1, VS_INK_NONE,
                                       VS_CELL_BOLD);
                    }
                }
                y++;
            }
        }
        for (i = 0; i < nr; i++) {
            vs_canvas_text(c, 0, y, rl[i], lw, VS_INK_NONE, 0);
            for (j = j0; j < j1; j++) {
                double t = vs_scale_of(r, r->matrix[i * ncol + j]);
                int ink, k;
                const char *glyph;
                heat_cell(t, o->colours, &ink, &glyph);
                for (k = 0; k < cw - (cw > 1 && !numbered ? 1 : 0); k++)
                    vs_canvas_text(c, lw + 1 + (int)(j - j0) * cw + k, y, glyph, 1, ink, 0);
            }
            y++;
        }
        y++;
    }
    /* the scale: the ramp from its low end to its high end (0 to 1 for
     * weights, -1 to 1 for cosines) */
    put_scale_line(c, y++, width, r, o->colours);
    /* the key: each numbered or cut token in full */
    if (keyed) {
        size_t nk = ncol > nr ? ncol : nr;
        const char *const *lab = ncol >= nr ? (const char *const *)r->col_labels
                                            : (const char *const *)r->row_labels;
        x = 0;
        y++;
        vs_canvas_text(c, 0, y++, "key:", width, VS_INK_NONE, VS_CELL_DIM);
        for (j = 0; j < nk && y < c->h; j++) {
            char *e = vs_escape(lab[j], strlen(lab[j]));
            char item[64];
            int iw;
            snprintf(item, sizeof item, "%zu %s", j + 1, "");
            iw = vs_display_width(item) + vs_display_width(e) + 2;
            if (x > 0 && x + iw > width) {
                x = 0;
                y++;
            }
            if (y < c->h) {
                x += vs_canvas_text(c, x, y, item, width - x, VS_INK_NONE, VS_CELL_DIM);
                x += vs_canvas_text(c, x, y, e, width - x, VS_INK_NONE, 0) + 2;
            }
            free(e);
        }
    }
    /* the rows used */
    c->h = y + 1 < c->h ? y + 1 : c->h;
    for (i = 0; i < nr; i++)
        free(rl[i]);
    free(rl);
    return c;
}

int vs_termplot(const vs_result *r, const vs_termplot_opts *o, FILE *f, vs_error *err)
{
    vs_canvas *c;
    int rc;

    if (r->kind == VS_RESULT_POINTS) {
        c = vs_canvas_new(o->cols, o->rows);
        put_map(c, r, o);
    } else if (r->kind == VS_RESULT_MATRIX && r->matrix_view == VS_VIEW_LINES) {
        c = put_head_view(r, o);
    } else if (r->kind == VS_RESULT_MATRIX) {
        c = put_matrix(r, o);
    } else {
        return vs_fail(err, "only a map or a matrix can be drawn");
    }
    rc = vs_canvas_write(c, f, o->colours);
    vs_canvas_free(c);
    if (rc < 0)
        return vs_fail(err, "cannot write the drawing: %s", strerror(errno));
    return 0;
}
