/*
 * view_map.c - a POINTS result (pca, tsne, any projection) drawn in the
 * pane by the shared character rasteriser (src/termplot.h: Braille dots, or
 * a disc a point when there is room, labels placed where they cover no
 * point and no other label, the groups in the palette's colours), so the
 * TUI and the prompt's --plot draw a map alike. Arrows pan, + and - zoom
 * about the centre, 0 shows the whole map again; a 3-D map is seen
 * obliquely and [ ] turn it about its third axis, { } tilt it; g and G
 * hand the same result to gnuplot (handoff.c).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "mapview.h"
#include "plot.h"
#include "termplot.h"
#include "ui.h"
#include "xalloc.h"

/* The map view's state: the points as seen (a 3-D map turned), their
 * extent, what is shown of it, and the groups. */
struct map {
    vs_map_view view;      /* a 3-D map's oblique view; a 2-D map's axes */
    float *xy;             /* the points as the view shows them */
    double minx, maxx, miny, maxy;
    double cx, cy, zoom;   /* the centre shown, and the zoom (1: everything) */
    const char **groups;   /* distinct group names in order, borrowed from the result */
    size_t ngroups;
};

static struct map *map_of(const ui *u)
{
    return u->views[UI_VIEW_MAP];
}

static void drop(struct map *m)
{
    free(m->xy);
    free(m->groups);
    memset(m, 0, sizeof *m);
}

static void *init(void)
{
    return xcalloc(1, sizeof(struct map));
}

static void leave(ui *u)
{
    drop(map_of(u));
}

/* The points as the view shows them, and their extent. */
static void project(const vs_result *r, struct map *m)
{
    size_t i;
    int seen = 0;

    vs_map_project(r, &m->view, m->xy);
    for (i = 0; i < r->npoints; i++) {
        double x = m->xy[2 * i], y = m->xy[2 * i + 1];
        if (!isfinite(x) || !isfinite(y))
            continue;
        m->minx = !seen || x < m->minx ? x : m->minx;
        m->maxx = !seen || x > m->maxx ? x : m->maxx;
        m->miny = !seen || y < m->miny ? y : m->miny;
        m->maxy = !seen || y > m->maxy ? y : m->maxy;
        seen = 1;
    }
    m->cx = (m->minx + m->maxx) / 2;
    m->cy = (m->miny + m->maxy) / 2;
}

/* The view, the projected points, and the groups. */
static void enter(ui *u)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    size_t *gi;

    drop(m);
    m->zoom = 1.0;
    if (r->npoints == 0 || r->pdims < 2)
        return;
    {
        vs_map_view views[4];
        vs_map_views(r, views);
        m->view = views[0];  /* oblique for 3-D, axes 1 and 2 for 2-D */
    }
    m->xy = xmallocarray(r->npoints, 2 * sizeof *m->xy);
    project(r, m);
    gi = xmallocarray(r->npoints, sizeof *gi);
    m->ngroups = r->groups != NULL ? vs_map_groups(r, gi, &m->groups) : 0;
    free(gi);
    if (r->pdims > 2)
        ui_message(u, 0, "a %zu-D map seen obliquely: [ ] turn it, { } tilt it", r->pdims);
}

/* The half-widths of the data shown, with a margin, at the current zoom. */
static void half_span(const struct map *m, double *hx, double *hy)
{
    *hx = (m->maxx - m->minx) / 2 * 1.08 / m->zoom;
    *hy = (m->maxy - m->miny) / 2 * 1.08 / m->zoom;
    if (!(*hx > 1e-12))
        *hx = 1.0 / m->zoom;
    if (!(*hy > 1e-12))
        *hy = 1.0 / m->zoom;
}

/* A canvas cell's ink as a colour pair. */
static int pair_of(const ui *u, int ink)
{
    if (!u->colors || ink == VS_INK_NONE)
        return 0;
    if (VS_INK_IS_RAMP(ink))
        return u->colors == 256 ? UI_C_RAMP0 + (int)(VS_INK_RAMP_T(ink) * (UI_C_NRAMP - 1) + 0.5)
                                : 0;
    return UI_C_GROUP0 + ink % UI_C_NGROUPS;
}

/* Copies the canvas to the screen at (y, x). */
static void blit(const ui *u, const vs_canvas *c, int y, int x)
{
    int cx, cy;

    for (cy = 0; cy < c->h; cy++)
        for (cx = 0; cx < c->w; cx++) {
            const vs_cell *cell = vs_canvas_at(c, cx, cy);
            char g[8];
            int pair = pair_of(u, cell->ink);
            attr_t a = (cell->attr & VS_CELL_BOLD ? A_BOLD : 0) |
                       (cell->attr & VS_CELL_DIM ? A_DIM : 0) | (pair ? COLOR_PAIR(pair) : 0);
            vs_cell_utf8(cell, g);
            if (g[0] == '\0' || (g[0] == ' ' && g[1] == '\0'))
                continue;
            attron(a);
            ui_glyph(y + cy, x + cx, g);
            attroff(a);
        }
}

static void draw(ui *u, ui_rect r)
{
    const vs_result *res = &u->res;
    struct map *m = map_of(u);
    int W = r.w - 2, H = r.h - 2;
    double hx, hy;
    vs_termmap tm;
    vs_canvas *c;
    char info[160];

    if (res->npoints == 0 || res->pdims < 2 || m->xy == NULL || W < 4 || H < 2) {
        ui_put(r.y + 1, r.x + 1, "(no points to draw)", r.w - 2);
        return;
    }
    half_span(m, &hx, &hy);
    memset(&tm, 0, sizeof tm);
    tm.xlo = m->cx - hx;
    tm.xhi = m->cx + hx;
    tm.ylo = m->cy - hy;
    tm.yhi = m->cy + hy;
    tm.labels = VS_PLOT_LABELS_AUTO;
    tm.colours = u->colors;
    c = vs_canvas_new(W, H);
    if (m->view.a < 0)
        vs_termplot_axes(c, 0, 0, W, H, res, &m->view, &tm);
    vs_termplot_map(c, 0, 0, W, H, res, m->xy, &tm);
    if (m->view.a < 0)
        vs_termplot_axis_names(c, 0, 0, W, H, res, &m->view, &tm);
    blit(u, c, r.y + 1, r.x + 1);
    vs_canvas_free(c);
    if (m->view.a < 0)
        snprintf(info, sizeof info, "%zu points, 3-D at azimuth %.0f, elevation %.0f, zoom %.2gx",
                 res->npoints, m->view.az, m->view.el, m->zoom);
    else
        snprintf(info, sizeof info, "%zu points, zoom %.2gx, x %.3g..%.3g, y %.3g..%.3g",
                 res->npoints, m->zoom, m->cx - hx, m->cx + hx, m->cy - hy, m->cy + hy);
    attron(A_DIM);
    ui_put(r.y, r.x + 1, info, r.w - 2);
    attroff(A_DIM);
    /* the groups' legend on the last row */
    {
        int x = r.x + 1;
        size_t g;
        for (g = 0; g < m->ngroups && x < r.x + r.w - 4; g++) {
            int pair = pair_of(u, VS_INK_GROUP(g));
            if (pair)
                attron(COLOR_PAIR(pair));
            ui_glyph(r.y + r.h - 1, x, u->colors ? "\u25cf" : vs_termplot_shape(g));
            x += 2;
            x += ui_put(r.y + r.h - 1, x, m->groups[g], r.x + r.w - x) + 2;
            if (pair)
                attroff(COLOR_PAIR(pair));
        }
    }
}

/* Turns a 3-D map's view by daz, del degrees and shows all of it again. */
static void turn(ui *u, double daz, double del)
{
    struct map *m = map_of(u);

    if (m->view.a >= 0 || m->xy == NULL)
        return;
    m->view.az = fmod(m->view.az + daz + 360.0, 360.0);
    m->view.el = fmin(fmax(m->view.el + del, -90.0), 90.0);
    project(&u->res, m);
}

static int key(ui *u, int is_key, wint_t ch)
{
    struct map *m = map_of(u);
    double hx, hy;

    half_span(m, &hx, &hy);
    if (!is_key) {
        switch (ch) {
        case '+': case '=': m->zoom *= 1.25; return 1;
        case '-': case '_': m->zoom = m->zoom / 1.25 < 0.2 ? 0.2 : m->zoom / 1.25; return 1;
        case '0':
            m->zoom = 1.0;
            m->cx = (m->minx + m->maxx) / 2;
            m->cy = (m->miny + m->maxy) / 2;
            return 1;
        case '[': turn(u, -15, 0); return 1;
        case ']': turn(u, 15, 0); return 1;
        case '{': turn(u, 0, -15); return 1;
        case '}': turn(u, 0, 15); return 1;
        case 'g': ui_plot(u, NULL); return 1;
        case 'G': ui_plot_ask(u); return 1;
        case 'h': m->cx -= hx / 5; return 1;
        case 'l': m->cx += hx / 5; return 1;
        case 'k': m->cy += hy / 5; return 1;
        case 'j': m->cy -= hy / 5; return 1;
        default: return 0;
        }
    }
    switch (ch) {
    case KEY_LEFT: m->cx -= hx / 5; return 1;
    case KEY_RIGHT: m->cx += hx / 5; return 1;
    case KEY_UP: m->cy += hy / 5; return 1;
    case KEY_DOWN: m->cy -= hy / 5; return 1;
    default: return 0;
    }
}

static const char *hint(const ui *u)
{
    return map_of(u)->view.a < 0 ? "arrows pan  + - zoom  [ ] turn  { } tilt  0 reset  g gnuplot  G to file"
                                 : "arrows pan  + - zoom  0 reset  g gnuplot  G to file  ? help";
}

const struct ui_view_ops ui_view_map = {
    .init = init,
    .free = free,
    .enter = enter,
    .leave = leave,
    .draw = draw,
    .key = key,
    .hint = hint,
};
