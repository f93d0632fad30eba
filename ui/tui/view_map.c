/*
 * view_map.c - a POINTS result (pca, tsne, umap, any projection) drawn in
 * the pane by the shared character rasteriser (src/termplot.h: Braille
 * dots, or a disc a point when there is room, labels placed where they
 * cover no point and no other label, the groups in the palette's colours),
 * so the TUI and the prompt's --plot draw a map alike; explored as the
 * Embedding Projector's map:
 *
 *   - arrows select the nearest point in their direction (the view follows
 *     it), Enter lists its nearest neighbours in the model (`nn WORD`),
 *     marking those on the map (underlined);
 *   - / searches the words with a regular expression (PCRE2, the one regex
 *     engine of the program, with Unicode properties; case is ignored) and
 *     shows the matches reversed, [ and ] go from one match to the next;
 *   - F7 colours the points by the next of the result's groupings (the
 *     selection's groups, --clusters K, --groups FILE), F8 by K k-means
 *     clusters computed now (`cluster --clusters K` on the map's words);
 *     the colouring chosen is the result's groups, so the picture F9 draws
 *     has it too;
 *   - + and - zoom about the selected point, * zooms to the matches (or the
 *     neighbours on the map), 0 or Home shows the whole map, Shift+arrows
 *     pan; Esc clears the search and the neighbours;
 *   - a 3-D map is seen obliquely (mapview.h) with its box's axes: < and >
 *     (or , and .) turn it about its third axis, { and } tilt it;
 *   - F9 hands the map to the plotter (handoff.c).
 *
 * The right column (on a wide pane) lists the selected point, its
 * neighbours and the matches; the last line is the legend of the colours.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapview.h"
#include "plot.h"
#include "termplot.h"
#include "ui.h"
#include "xalloc.h"

#define NEIGHBOURS 10

/* The map view's state. */
struct map {
    vs_map_view view;              /* a 3-D map's oblique view; a 2-D map's axes */
    float *xy;                     /* the points as the view shows them */
    double minx, maxx, miny, maxy; /* their extent (a 3-D map's: every turn's) */
    double cx, cy, zoom;           /* the centre shown, and the zoom (1: everything) */
    int grouping;         /* the result's grouping that colours the points, or -1 */
    int sel;              /* the selected point, or -1 */
    char *pattern;        /* the search, or NULL */
    unsigned char *match; /* per point: matches the search */
    size_t nmatch;
    /* the selected point's neighbours in the model: word, cosine, and the
     * point it is on the map (-1: not on it) */
    int near_of; /* the point they are of, or -1 */
    char *near_word[NEIGHBOURS];
    double near_cos[NEIGHBOURS];
    int near_pt[NEIGHBOURS];
    size_t nnear;
    /* the last drawing's size in cells, for the window and clicks */
    int cw, ch;
};

static struct map *map_of(const ui *u)
{
    return u->views[UI_VIEW_MAP];
}

static void drop_near(struct map *m)
{
    size_t i;

    for (i = 0; i < m->nnear; i++)
        free(m->near_word[i]);
    m->nnear = 0;
    m->near_of = -1;
}

static void drop_search(struct map *m)
{
    free(m->pattern);
    free(m->match);
    m->pattern = NULL;
    m->match = NULL;
    m->nmatch = 0;
}

static void drop(struct map *m)
{
    drop_near(m);
    drop_search(m);
    free(m->xy);
    memset(m, 0, sizeof *m);
    m->sel = m->near_of = m->grouping = -1;
}

static void *init(void)
{
    struct map *m = xcalloc(1, sizeof(struct map));

    m->sel = m->near_of = m->grouping = -1;
    return m;
}

static void free_state(void *state)
{
    if (state != NULL)
        drop(state);
    free(state);
}

static void leave(ui *u)
{
    drop(map_of(u));
}

/* The points as the view shows them, and their extent: the points' own
 * on a straight view, a disc that holds every turn on the oblique one (so
 * turning keeps the scale). */
static void project(const vs_result *r, struct map *m)
{
    size_t i;
    int seen = 0;

    vs_map_project(r, &m->view, m->xy);
    if (m->view.a < 0) {
        double R = vs_map_radius(r) * 1.05;
        R = R > 0 ? R : 1;
        m->minx = m->miny = -R;
        m->maxx = m->maxy = R;
        return;
    }
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
}

/* The view, the projected points, and the colouring: the grouping the
 * command made last (the result's groups, which pictures use). */
static void enter(ui *u)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    vs_map_view views[4];

    drop(m);
    m->zoom = 1.0;
    if (r->npoints == 0 || r->pdims < 2)
        return;
    vs_map_views(r, views);
    m->view = views[0]; /* oblique for 3-D, axes 1 and 2 for 2-D */
    m->xy = xmallocarray(r->npoints, 2 * sizeof *m->xy);
    project(r, m);
    m->cx = (m->minx + m->maxx) / 2;
    m->cy = (m->miny + m->maxy) / 2;
    m->grouping = r->ngroupings > 0 ? (int)r->ngroupings - 1 : -1;
    if (r->pdims > 2)
        ui_message(u, 0, "a %zu-D map seen obliquely: < > turn it, { } tilt it", r->pdims);
}

/* The window shown on a w x h cell area: the extent fitted with a unit as
 * long across as up (vs_termplot_fit), narrowed by the zoom about the
 * centre. The last drawing's area, or 76 x 20 before the first. */
static void window(const struct map *m, vs_termmap *tm)
{
    float box[4] = {(float)m->minx, (float)m->miny, (float)m->maxx, (float)m->maxy};
    double hx, hy;

    memset(tm, 0, sizeof *tm);
    vs_termplot_fit(box, 2, m->cw > 0 ? m->cw : 76, m->ch > 0 ? m->ch : 20, tm);
    hx = (tm->xhi - tm->xlo) / 2 / m->zoom;
    hy = (tm->yhi - tm->ylo) / 2 / m->zoom;
    tm->xlo = m->cx - hx;
    tm->xhi = m->cx + hx;
    tm->ylo = m->cy - hy;
    tm->yhi = m->cy + hy;
}

/* The half-widths of the window shown. */
static void half_span(const struct map *m, double *hx, double *hy)
{
    vs_termmap tm;

    window(m, &tm);
    *hx = (tm.xhi - tm.xlo) / 2;
    *hy = (tm.yhi - tm.ylo) / 2;
}

/* 1 if point i is one of the neighbours shown. */
static int is_near(const struct map *m, size_t i)
{
    size_t k;

    for (k = 0; k < m->nnear; k++)
        if (m->near_pt[k] == (int)i)
            return 1;
    return 0;
}

/* The right column: the selected point, its neighbours, the matches. */
static void draw_panel(ui *u, ui_rect p)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    int y = p.y;
    size_t k, i;
    char line[256];

    for (k = 0; k < (size_t)p.h; k++)
        ui_glyph(p.y + (int)k, p.x - 1, "\u2502");
    if (m->sel >= 0) {
        attron(A_BOLD);
        ui_put_cut(y++, p.x, r->labels[m->sel], p.w);
        attroff(A_BOLD);
        if (m->grouping >= 0 && y < p.y + p.h) {
            snprintf(line, sizeof line, "%s: %s", r->groupings[m->grouping].name,
                     r->groupings[m->grouping].of[m->sel]);
            ui_put_cut(y++, p.x, line, p.w);
        }
    } else {
        attron(A_DIM);
        y += ui_wrap(y, p.x,
                     "arrows select a point; Enter lists its neighbours; / searches",
                     p.w, 3, 1);
        attroff(A_DIM);
    }
    if (m->nnear > 0 && m->near_of == m->sel && y + 1 < p.y + p.h) {
        attron(A_DIM);
        ui_put_cut(y++, p.x, "neighbours (model):", p.w);
        attroff(A_DIM);
        for (k = 0; k < m->nnear && y < p.y + p.h; k++) {
            snprintf(line, sizeof line, "%s %.2f", m->near_word[k], m->near_cos[k]);
            attron(m->near_pt[k] >= 0 ? A_BOLD | A_UNDERLINE : 0);
            ui_put_cut(y, p.x + 2, line, p.w - 2);
            attroff(A_BOLD | A_UNDERLINE);
            if (m->near_pt[k] >= 0)
                ui_glyph(y, p.x, "\u25cf");
            y++;
        }
    }
    if (m->pattern != NULL && y + 1 < p.y + p.h) {
        snprintf(line, sizeof line, "/%s/: %zu match%s", m->pattern, m->nmatch,
                 m->nmatch == 1 ? "" : "es");
        y++;
        attron(A_DIM);
        ui_put_cut(y++, p.x, line, p.w);
        attroff(A_DIM);
        for (i = 0; i < r->npoints && y < p.y + p.h; i++)
            if (m->match[i]) {
                attron((int)i == m->sel ? A_REVERSE : 0);
                ui_colour(u, UI_C_MATCH, 1);
                ui_put_cut(y++, p.x, r->labels[i], p.w);
                ui_colour(u, UI_C_MATCH, 0);
                attroff(A_REVERSE);
            }
    }
}

/* The legend of the colouring on the row at (y, x), in w columns: each
 * group's mark (its shape without colours) and name, and how many more
 * there are when they do not all fit. */
static void draw_legend(ui *u, int y, int x0, int w)
{
    const vs_result *r = &u->res;
    size_t *gi = xmallocarray(r->npoints, sizeof *gi), ng, g;
    const char **names;
    int x = x0;

    ng = vs_map_groups(r, gi, &names);
    for (g = 0; r->groups != NULL && g < ng; g++) {
        const char *name = names[g][0] ? names[g] : "(none)";
        int pair = ui_ink_pair(u, VS_INK_GROUP(g));
        if (x + ui_width(name) + 4 > x0 + w - 8) {
            char rest[32];
            snprintf(rest, sizeof rest, "+%zu more", ng - g);
            attron(A_BOLD);
            ui_put(y, x, rest, x0 + w - x);
            attroff(A_BOLD);
            break;
        }
        if (pair)
            attron(COLOR_PAIR(pair));
        ui_glyph(y, x, u->colors ? "\u25cf" : vs_termplot_shape(g));
        x += 2;
        x += ui_put(y, x, name, x0 + w - x) + 2;
        if (pair)
            attroff(COLOR_PAIR(pair));
    }
    free(gi);
    free(names);
}

static void draw(ui *u, ui_rect r)
{
    const vs_result *res = &u->res;
    struct map *m = map_of(u);
    int panel = r.w >= 60 ? 24 : 0, W = r.w - (panel ? panel + 1 : 0), H = r.h - 2;
    unsigned char *em, *hi;
    vs_termmap tm;
    vs_canvas *c;
    char info[256];
    size_t i;

    if (res->npoints == 0 || res->pdims < 2 || m->xy == NULL || W < 4 || H < 2) {
        ui_put_cut(r.y, r.x, "(no points to draw, or the pane is too small)", r.w);
        return;
    }
    m->cw = W;
    m->ch = H;
    window(m, &tm);
    tm.labels = VS_PLOT_LABELS_AUTO;
    tm.colours = u->colors;
    /* the selected point, the matches and the neighbours stand out, and the
     * selected one and the neighbours are always labelled */
    em = xcalloc(res->npoints, 1);
    hi = xcalloc(res->npoints, 1);
    for (i = 0; i < res->npoints; i++) {
        if (m->match != NULL && m->match[i])
            em[i] = VS_CELL_REVERSE;
        if (is_near(m, i)) {
            em[i] |= VS_CELL_UNDERLINE | VS_CELL_BOLD;
            hi[i] = 1;
        }
    }
    if (m->sel >= 0) {
        em[m->sel] = VS_CELL_REVERSE | VS_CELL_BOLD;
        hi[m->sel] = 1;
    }
    tm.emphasis = em;
    tm.highlight = hi;
    c = vs_canvas_new(W, H);
    if (m->view.a < 0)
        vs_termplot_axes(c, 0, 0, W, H, res, &m->view, &tm);
    vs_termplot_map(c, 0, 0, W, H, res, m->xy, &tm);
    if (m->view.a < 0)
        vs_termplot_axis_names(c, 0, 0, W, H, res, &m->view, &tm);
    /* the selected point: a ring in place of its dot */
    if (m->sel >= 0) {
        int cx, cy;
        if (vs_termplot_cell(&tm, W, H, m->xy[2 * m->sel], m->xy[2 * m->sel + 1], &cx, &cy))
            vs_canvas_text(c, cx, cy, "\u25c9", 1, VS_INK_NONE,
                           VS_CELL_BOLD | VS_CELL_REVERSE);
    }
    ui_blit(u, c, r.y + 1, r.x);
    vs_canvas_free(c);
    free(em);
    free(hi);
    if (m->view.a < 0)
        snprintf(info, sizeof info,
                 "%zu points \u00b7 3-D at azimuth %.0f\u00b0, elevation %.0f\u00b0 \u00b7 "
                 "zoom %.2gx%s%s",
                 res->npoints, m->view.az, m->view.el, m->zoom,
                 m->grouping >= 0 ? " \u00b7 colour: " : "",
                 m->grouping >= 0 ? res->groupings[m->grouping].name : "");
    else {
        /* the axes by their titles' names ("PC1", "t-SNE 2"): the picture's
         * titles up to their parameters */
        const char *ax = vs_map_axis_title(res, (size_t)m->view.a),
                   *ay = vs_map_axis_title(res, (size_t)m->view.b);
        int lx = (int)strcspn(ax, "("), ly = (int)strcspn(ay, "(");
        while (lx > 1 && ax[lx - 1] == ' ')
            lx--;
        while (ly > 1 && ay[ly - 1] == ' ')
            ly--;
        snprintf(info, sizeof info,
                 "%zu points \u00b7 zoom %.2gx%s%s \u00b7 %.*s %.3g..%.3g, %.*s %.3g..%.3g",
                 res->npoints, m->zoom, m->grouping >= 0 ? " \u00b7 colour: " : "",
                 m->grouping >= 0 ? res->groupings[m->grouping].name : "",
                 lx, ax, tm.xlo, tm.xhi, ly, ay, tm.ylo, tm.yhi);
    }
    attron(A_DIM);
    ui_put_cut(r.y, r.x, info, W);
    attroff(A_DIM);
    draw_legend(u, r.y + r.h - 1, r.x, W);
    if (panel)
        draw_panel(u, (ui_rect){r.y, r.x + W + 1, r.h, panel});
}

/* --- selecting --- */

/* The point to select moving from the selected one (or the centre) in
 * direction (dx, dy) on the screen: the nearest with a positive step that
 * way, sideways steps counting double. */
static int step(ui *u, int dx, int dy)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    double hx, hy, x0, y0, best = HUGE_VAL;
    int found = -1;
    size_t i;

    half_span(m, &hx, &hy);
    if (m->sel >= 0) {
        x0 = m->xy[2 * (size_t)m->sel];
        y0 = m->xy[2 * (size_t)m->sel + 1];
    } else {
        x0 = m->cx;
        y0 = m->cy;
        dx = dy = 0; /* the point nearest the centre */
    }
    for (i = 0; i < r->npoints; i++) {
        /* in screen units: the visible span is 1 across and 1 down */
        double ex = (m->xy[2 * i] - x0) / (2 * hx);
        double ey = -(m->xy[2 * i + 1] - y0) / (2 * hy);
        double along = ex * dx + ey * dy, side = fabs(ex * dy) + fabs(ey * dx), cost;
        if ((int)i == m->sel || !isfinite(ex) || !isfinite(ey))
            continue;
        if (dx != 0 || dy != 0) {
            if (along <= 0)
                continue;
            cost = along + 2 * side;
        } else {
            cost = ex * ex + ey * ey;
        }
        if (cost < best) {
            best = cost;
            found = (int)i;
        }
    }
    return found;
}

/* Selects point i, and pans when it is out of view, as little as brings
 * it a tenth inside the edge. */
static void select_point(ui *u, int i)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    double hx, hy, x, y;

    if (i < 0 || (size_t)i >= r->npoints)
        return;
    m->sel = i;
    half_span(m, &hx, &hy);
    x = m->xy[2 * (size_t)i];
    y = m->xy[2 * (size_t)i + 1];
    if (x < m->cx - hx || x > m->cx + hx)
        m->cx = x + (x < m->cx ? 0.9 : -0.9) * hx;
    if (y < m->cy - hy || y > m->cy + hy)
        m->cy = y + (y < m->cy ? 0.9 : -0.9) * hy;
}

/* Enter: the selected word's neighbours in the model (nn WORD), marking
 * those on the map. */
static void neighbours(ui *u)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    vs_result nn;
    char *q, *line;
    size_t k, i;

    if (m->sel < 0) {
        ui_message(u, 0, "select a point first (arrows), or search for one (/)");
        return;
    }
    q = ui_quote(r->labels[m->sel]);
    line = xasprintf("nn %s -k %d", q, NEIGHBOURS);
    free(q);
    drop_near(m);
    if (ui_query(u, line, &nn) == 0 && nn.kind == VS_RESULT_RANKED) {
        size_t on = 0;
        for (k = 0; k < nn.nitems && k < NEIGHBOURS; k++) {
            m->near_word[k] = xstrdup(nn.items[k].term);
            m->near_cos[k] = nn.items[k].score;
            m->near_pt[k] = -1;
            for (i = 0; i < r->npoints; i++)
                if (strcmp(r->labels[i], nn.items[k].term) == 0) {
                    m->near_pt[k] = (int)i;
                    on++;
                    break;
                }
        }
        m->nnear = k;
        m->near_of = m->sel;
        ui_message(u, 0,
                   "the %zu nearest words to %s in the model; %zu of them on the map "
                   "(underlined); * zooms to them",
                   m->nnear, r->labels[m->sel], on);
    }
    vs_result_clear(&nn);
    free(line);
}

/* A search: the words matching pattern (PCRE2: Perl's syntax, Unicode
 * properties such as \p{Lu}, any case). */
static void search(ui *u, const char *pattern)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    pcre2_code *re;
    pcre2_match_data *md;
    int ecode;
    PCRE2_SIZE eoff;
    size_t i;

    drop_search(m);
    if (*pattern == '\0') {
        ui_message(u, 0, "search cleared");
        return;
    }
    re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                       PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF,
                       &ecode, &eoff, NULL);
    if (re == NULL) {
        PCRE2_UCHAR why[256];
        pcre2_get_error_message(ecode, why, sizeof why);
        ui_message(u, 1,
                   "search: /%s/ is not a regular expression: %s (at character %zu)",
                   pattern, (const char *)why, (size_t)eoff);
        return;
    }
    md = pcre2_match_data_create_from_pattern(re, NULL);
    m->pattern = xstrdup(pattern);
    m->match = xcalloc(r->npoints + 1, 1);
    for (i = 0; i < r->npoints; i++)
        if (pcre2_match(re, (PCRE2_SPTR)r->labels[i], PCRE2_ZERO_TERMINATED, 0, 0, md,
                        NULL) >= 0) {
            m->match[i] = 1;
            if (m->nmatch++ == 0)
                select_point(u, (int)i);
        }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    ui_message(u, 0, "/%s/: %zu of %zu words match%s", pattern, m->nmatch, r->npoints,
               m->nmatch > 0 ? "; [ ] go from one to the next, * zooms to them" : "");
}

/* The next (dir 1) or previous (-1) match after the selected point. */
static void next_match(ui *u, int dir)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    long n = (long)r->npoints, i, k;

    if (m->nmatch == 0) {
        ui_message(u, 0, "no search: / searches the words");
        return;
    }
    for (k = 1, i = m->sel; k <= n; k++) {
        i = ((m->sel < 0 ? (dir > 0 ? -1 : 0) : m->sel) + dir * k + n * 2) % n;
        if (m->match[i]) {
            select_point(u, (int)i);
            return;
        }
    }
}

/* *: the view fits the matches, or else the neighbours on the map. */
static void zoom_to_selection(ui *u)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    double x0 = HUGE_VAL, x1 = -HUGE_VAL, y0 = HUGE_VAL, y1 = -HUGE_VAL, zx, zy;
    size_t i, count = 0;

    for (i = 0; i < r->npoints; i++) {
        int in = m->nmatch > 0 ? m->match[i] : is_near(m, i) || (int)i == m->near_of;
        double x = m->xy[2 * i], y = m->xy[2 * i + 1];
        if (!in || !isfinite(x) || !isfinite(y))
            continue;
        x0 = x < x0 ? x : x0;
        x1 = x > x1 ? x : x1;
        y0 = y < y0 ? y : y0;
        y1 = y > y1 ? y : y1;
        count++;
    }
    if (count == 0) {
        ui_message(
            u, 0,
            "nothing to zoom to: search (/) or list a point's neighbours (Enter)");
        return;
    }
    m->cx = (x0 + x1) / 2;
    m->cy = (y0 + y1) / 2;
    /* the zoom that shows the box with a margin */
    zx = x1 > x0 ? (m->maxx - m->minx) / (x1 - x0) / 1.15 : 8.0;
    zy = y1 > y0 ? (m->maxy - m->miny) / (y1 - y0) / 1.15 : 8.0;
    m->zoom = zx < zy ? zx : zy;
    if (!(m->zoom >= 1.0))
        m->zoom = 1.0;
    if (m->zoom > 64)
        m->zoom = 64;
    ui_message(u, 0, "zoomed to the %zu %s", count,
               m->nmatch > 0 ? "matches" : "neighbours");
}

/* Turns a 3-D map's view by daz, del degrees, keeping the zoom (about the
 * selected point when zoomed in). */
static void turn(ui *u, double daz, double del)
{
    struct map *m = map_of(u);

    if (m->xy == NULL)
        return;
    if (m->view.a >= 0) {
        ui_message(u, 0, "a 2-D map does not turn: < > and { } turn a 3-D one (--dims 3)");
        return;
    }
    m->view.az = fmod(m->view.az + daz + 360.0, 360.0);
    m->view.el = fmin(fmax(m->view.el + del, -90.0), 90.0);
    project(&u->res, m);
    if (m->sel >= 0 && m->zoom > 1.0) {
        m->cx = m->xy[2 * (size_t)m->sel];
        m->cy = m->xy[2 * (size_t)m->sel + 1];
    } else {
        m->cx = (m->minx + m->maxx) / 2;
        m->cy = (m->miny + m->maxy) / 2;
    }
}

/* F7: the next of the result's groupings colours the points, and becomes
 * the result's groups (what F9's picture shows). */
static void next_grouping(ui *u)
{
    vs_result *r = &u->res;
    struct map *m = map_of(u);

    if (r->ngroupings == 0) {
        ui_message(u, 0,
                   "one colour: pca, tsne and umap take --clusters K or --groups FILE; "
                   "F8 clusters this map");
        return;
    }
    m->grouping = (m->grouping + 1) % (int)r->ngroupings;
    vs_result_use_grouping(r, (size_t)m->grouping);
    ui_message(u, 0, "coloured by %s (%d of %zu)", r->groupings[m->grouping].name,
               m->grouping + 1, r->ngroupings);
}

/* F8's answer: K k-means clusters of the map's words (the cluster
 * command), as a new way of colouring, chosen at once. */
static void clusters(ui *u, const char *text)
{
    vs_result *r = &u->res;
    struct map *m = map_of(u);
    vs_result t;
    char *line, **names, *end;
    long k = strtol(text, &end, 10);
    size_t len = 64, i, j, found = 0;

    if (*text == '\0' || *end != '\0' || k < 1 || (size_t)k > r->npoints) {
        ui_message(u, 1, "clusters: give a number from 1 to %zu, not '%s'", r->npoints,
                   text);
        return;
    }
    for (i = 0; i < r->npoints; i++)
        len += 2 * strlen(r->labels[i]) + 3;
    line = xmalloc(len);
    snprintf(line, len, "cluster --clusters %ld --", k);
    for (i = 0; i < r->npoints; i++) {
        char *q = ui_quote(r->labels[i]);
        strcat(line, " ");
        strcat(line, q);
        free(q);
    }
    if (ui_query(u, line, &t) < 0) {
        free(line);
        return;
    }
    free(line);
    names = xcalloc(r->npoints + 1, sizeof *names);
    for (j = 0; t.kind == VS_RESULT_TABLE && t.cols >= 2 && j < t.rows; j++)
        for (i = 0; i < r->npoints; i++)
            if (names[i] == NULL &&
                strcmp(r->labels[i], t.cells[j * t.cols + 1]) == 0) {
                names[i] = xasprintf("cluster %s", t.cells[j * t.cols]);
                found++;
                break;
            }
    for (i = 0; i < r->npoints; i++)
        if (names[i] == NULL)
            names[i] = xstrdup("");
    {
        char name[64];
        snprintf(name, sizeof name, "k-means %ld", k);
        vs_result_add_grouping(r, name, (const char *const *)names);
    }
    m->grouping = (int)r->ngroupings - 1;
    ui_message(u, 0,
               "coloured by %ld k-means clusters of the words' vectors (%zu words); "
               "F7 goes back to the other colours",
               k, found);
    vs_argv_free((int)r->npoints, names);
    vs_result_clear(&t);
}

static void answer(ui *u, enum ui_ask ask, const char *text)
{
    if (ask == UI_ASK_SEARCH)
        search(u, text);
    else if (ask == UI_ASK_CLUSTERS)
        clusters(u, text);
}

static int key(ui *u, int is_key, wint_t ch)
{
    struct map *m = map_of(u);
    double hx, hy;

    if (m->xy == NULL)
        return 0;
    half_span(m, &hx, &hy);
    if (!is_key) {
        switch (ch) {
        case '+':
        case '=':
            if (m->sel >= 0) {
                m->cx = m->xy[2 * (size_t)m->sel];
                m->cy = m->xy[2 * (size_t)m->sel + 1];
            }
            m->zoom = m->zoom * 1.25 > 64 ? 64 : m->zoom * 1.25;
            return 1;
        case '-':
        case '_':
            m->zoom = m->zoom / 1.25 < 0.2 ? 0.2 : m->zoom / 1.25;
            return 1;
        case '0':
            m->zoom = 1.0;
            m->cx = (m->minx + m->maxx) / 2;
            m->cy = (m->miny + m->maxy) / 2;
            return 1;
        case '/':
            ui_ask(u, UI_ASK_SEARCH, "search (regular expression): ");
            return 1;
        case '[':
            next_match(u, -1);
            return 1;
        case ']':
            next_match(u, 1);
            return 1;
        case '*':
            zoom_to_selection(u);
            return 1;
        case '<':
        case ',':
            turn(u, -15, 0);
            return 1;
        case '>':
        case '.':
            turn(u, 15, 0);
            return 1;
        case '{':
            turn(u, 0, -15);
            return 1;
        case '}':
            turn(u, 0, 15);
            return 1;
        case '\n':
        case '\r':
            neighbours(u);
            return 1;
        case 27:
            drop_search(m);
            drop_near(m);
            ui_message(u, 0, "search and neighbours cleared");
            return 1;
        default:
            return 0;
        }
    }
    switch (ch) {
    case KEY_LEFT:
        select_point(u, step(u, -1, 0));
        return 1;
    case KEY_RIGHT:
        select_point(u, step(u, 1, 0));
        return 1;
    case KEY_UP:
        select_point(u, step(u, 0, -1));
        return 1;
    case KEY_DOWN:
        select_point(u, step(u, 0, 1));
        return 1;
    case KEY_SLEFT:
        m->cx -= hx / 5;
        return 1;
    case KEY_SRIGHT:
        m->cx += hx / 5;
        return 1;
    case KEY_SR:
        m->cy += hy / 5;
        return 1;
    case KEY_SF:
        m->cy -= hy / 5;
        return 1;
    case KEY_HOME:
        return key(u, 0, '0');
    case KEY_ENTER:
        return key(u, 0, '\n');
    case KEY_F(7):
        next_grouping(u);
        return 1;
    case KEY_F(8):
        ui_ask(u, UI_ASK_CLUSTERS, "k-means clusters (K): ");
        return 1;
    case KEY_F(9):
        ui_plot(u, NULL);
        return 1;
    default:
        return 0;
    }
}

/* A click selects the point nearest to it, on the last drawing. */
static void click(ui *u, int y, int x)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    vs_termmap tm;
    int best = -1, cx, cy;
    long bd = 1L << 30;
    size_t i;

    if (m->xy == NULL || m->cw < 1)
        return;
    window(m, &tm);
    for (i = 0; i < r->npoints; i++)
        if (vs_termplot_cell(&tm, m->cw, m->ch, m->xy[2 * i], m->xy[2 * i + 1], &cx, &cy)) {
            long ex = cx - (x - u->pane.x), ey = cy - (y - u->pane.y - 1);
            long d = ex * ex + ey * ey * 4;
            if (d < bd) {
                bd = d;
                best = (int)i;
            }
        }
    if (best >= 0)
        m->sel = best;
}

static const char *hint(const ui *u)
{
    return map_of(u)->view.a < 0
               ? "\u2191\u2193\u2190\u2192 select  < > turn  { } tilt  Enter neighbours  "
                 "/ search  [ ] match  + - * 0 zoom  F7 colour  F8 k-means  F9 picture  "
                 "F10 quit"
               : "\u2191\u2193\u2190\u2192 select  Enter neighbours  / search  [ ] match  "
                 "+ - * 0 zoom  F7 colour  F8 k-means  F9 picture  F10 quit";
}

const struct ui_view_ops ui_view_map = {
    .flags = UI_VIEW_WIDE,
    .init = init,
    .free = free_state,
    .enter = enter,
    .leave = leave,
    .draw = draw,
    .key = key,
    .click = click,
    .hint = hint,
    .answer = answer,
};
