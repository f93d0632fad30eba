/*
 * view_map.c - a POINTS result (pca, tsne, any projection) drawn with
 * Braille dots (canvas.c), to explore as the Embedding Projector's map:
 *
 *   - arrows select the nearest point in their direction (the view follows
 *     it), Enter lists its nearest neighbours in the model (`nn WORD`),
 *     marking those on the map;
 *   - / searches the words with a regular expression (PCRE2, the one regex
 *     engine of the program, with Unicode properties; case is ignored) and
 *     highlights the matches, [ and ] go from one match to the next;
 *   - F7 colours the points by the next of the result's groupings (the
 *     selection's groups, --clusters K, --groups FILE), F8 by K k-means
 *     clusters computed now (`cluster --clusters K` on the map's words);
 *   - + and - zoom about the selected point, * zooms to the matches (or the
 *     neighbours on the map), 0 or Home shows the whole map, Shift+arrows
 *     pan; Esc clears the search and the neighbours;
 *   - F9 hands the map to gnuplot (handoff.c).
 *
 * A 3-D map shows its first two axes. The right column (on a wide pane)
 * lists the selected point, its neighbours and the matches; the last line
 * is the legend of the colours.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "xalloc.h"

#define NEIGHBOURS 10

/* The map view's state. */
struct map {
    double minx, maxx, miny, maxy; /* the extent of the points */
    double cx, cy, zoom;           /* the centre shown, and the zoom (1: everything) */
    int grouping;        /* the result's grouping that colours the points, or -1 */
    const char **groups; /* its distinct names in order, borrowed from the result */
    size_t ngroups;
    int *group_of;        /* per point */
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
    /* the last drawing's canvas, for selecting by direction */
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
    free(m->groups);
    free(m->group_of);
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

/* Colours the points by grouping g of the result (-1: one colour). */
static void use_grouping(ui *u, int g)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    size_t i, k;

    free(m->groups);
    m->groups = NULL;
    m->ngroups = 0;
    m->grouping = g;
    if (m->group_of == NULL)
        m->group_of = xcalloc(r->npoints + 1, sizeof *m->group_of);
    memset(m->group_of, 0, (r->npoints + 1) * sizeof *m->group_of);
    if (g < 0 || (size_t)g >= r->ngroupings)
        return;
    m->groups = xmallocarray(r->npoints + 1, sizeof *m->groups);
    for (i = 0; i < r->npoints; i++) {
        const char *name = r->groupings[g].of[i];
        for (k = 0; k < m->ngroups; k++)
            if (strcmp(m->groups[k], name) == 0)
                break;
        if (k == m->ngroups)
            m->groups[m->ngroups++] = name;
        m->group_of[i] = (int)k;
    }
}

/* The extent of the shown points, and their colours: the grouping the
 * pictures use (the last one the command made). */
static void enter(ui *u)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    size_t i;

    drop(m);
    m->zoom = 1.0;
    if (r->npoints == 0 || r->pdims < 2)
        return;
    m->minx = m->maxx = r->coords[0];
    m->miny = m->maxy = r->coords[1];
    for (i = 0; i < r->npoints; i++) {
        double x = r->coords[i * r->pdims], y = r->coords[i * r->pdims + 1];
        m->minx = x < m->minx ? x : m->minx;
        m->maxx = x > m->maxx ? x : m->maxx;
        m->miny = y < m->miny ? y : m->miny;
        m->maxy = y > m->maxy ? y : m->maxy;
    }
    m->cx = (m->minx + m->maxx) / 2;
    m->cy = (m->miny + m->maxy) / 2;
    use_grouping(u, r->ngroupings > 0 ? (int)r->ngroupings - 1 : -1);
    if (r->pdims > 2)
        ui_message(u, 0, "a %zu-D map: the view shows its first two axes", r->pdims);
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

/* Point i's dot on a canvas of W x H cells: 1, or 0 when it is outside. */
static int dot_of(const ui *u, size_t i, int W, int H, int *dx, int *dy)
{
    const vs_result *r = &u->res;
    const struct map *m = map_of(u);
    double hx, hy, x = r->coords[i * r->pdims], y = r->coords[i * r->pdims + 1], fx, fy;

    half_span(m, &hx, &hy);
    fx = (x - (m->cx - hx)) / (2 * hx);
    fy = ((m->cy + hy) - y) / (2 * hy);
    if (!(fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1))
        return 0;
    *dx = (int)(fx * (2 * W - 1) + 0.5);
    *dy = (int)(fy * (4 * H - 1) + 0.5);
    return 1;
}

static int group_pair(const struct map *m, size_t i)
{
    return UI_C_GROUP0 + (m->group_of != NULL ? m->group_of[i] : 0) % UI_C_NGROUPS;
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

/* The labels, in order of importance: the selected point, the matches,
 * the neighbours, the words the command was asked for, then the rest,
 * each right of its dot (left at the right edge) where no other label or
 * dot is. */
static void draw_labels(ui *u, ui_canvas *c, int y0, int x0, int W, int H, char *used)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    int pass;
    size_t i;

    for (pass = 0; pass < 5; pass++)
        for (i = 0; i < r->npoints; i++) {
            int dx, dy, px, py, lw, k, ok = 1, attr = 0, pair;
            int want = (int)i == m->sel                    ? 0
                       : m->match != NULL && m->match[i]   ? 1
                       : is_near(m, i)                     ? 2
                       : r->marked != NULL && r->marked[i] ? 3
                                                           : 4;
            if (want != pass || !dot_of(u, i, W, H, &dx, &dy))
                continue;
            lw = ui_width(r->labels[i]);
            px = dx / 2;
            py = dy / 4;
            px = px + 1 + lw <= W ? px + 1 : px - lw;
            if (px < 0)
                continue;
            for (k = 0; k < lw && ok; k++)
                if (used[py * W + px + k] ||
                    (pass > 1 && ui_canvas_used(c, px + k, py)))
                    ok = 0;
            if (!ok)
                continue;
            pair = pass == 1 ? UI_C_MATCH : group_pair(m, i);
            attr = pass == 0   ? A_REVERSE | A_BOLD
                   : pass == 1 ? A_BOLD
                   : pass == 2 ? A_UNDERLINE | A_BOLD
                   : pass == 3 ? A_BOLD
                               : 0;
            attron(attr);
            ui_colour(u, pair, 1);
            ui_put(y0 + py, x0 + px, r->labels[i], lw);
            ui_colour(u, pair, 0);
            attroff(attr);
            for (k = 0; k < lw; k++)
                used[py * W + px + k] = 1;
        }
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

static void draw(ui *u, ui_rect r)
{
    const vs_result *res = &u->res;
    struct map *m = map_of(u);
    int panel = r.w >= 60 ? 24 : 0, W = r.w - (panel ? panel + 1 : 0), H = r.h - 2;
    ui_canvas *c;
    char *used, info[256];
    double hx, hy;
    size_t i;

    if (res->npoints == 0 || res->pdims < 2 || W < 4 || H < 2) {
        ui_put_cut(r.y, r.x, "(no points to draw, or the pane is too small)", r.w);
        return;
    }
    m->cw = W;
    m->ch = H;
    half_span(m, &hx, &hy);
    c = ui_canvas_new(W, H);
    used = xcalloc((size_t)W * H + 1, 1);
    /* dots: x to the right, y up; matches in their own colour */
    for (i = 0; i < res->npoints; i++) {
        int dx, dy;
        if (dot_of(u, i, W, H, &dx, &dy))
            ui_canvas_dot(c, dx, dy,
                          m->match != NULL && m->match[i] ? UI_C_MATCH
                                                          : group_pair(m, i));
    }
    ui_canvas_draw(u, c, r.y + 1, r.x);
    /* the selected point: a ring around its dot */
    if (m->sel >= 0) {
        int dx, dy;
        if (dot_of(u, (size_t)m->sel, W, H, &dx, &dy)) {
            attron(A_BOLD | A_REVERSE);
            ui_glyph(r.y + 1 + dy / 4, r.x + dx / 2, "\u25c9");
            attroff(A_BOLD | A_REVERSE);
            used[(dy / 4) * W + dx / 2] = 1;
        }
    }
    draw_labels(u, c, r.y + 1, r.x, W, H, used);
    ui_canvas_free(c);
    free(used);
    snprintf(info, sizeof info,
             "%zu points \u00b7 zoom %.2gx%s%s \u00b7 x %.3g..%.3g, y %.3g..%.3g",
             res->npoints, m->zoom, m->grouping >= 0 ? " \u00b7 colour: " : "",
             m->grouping >= 0 ? res->groupings[m->grouping].name : "", m->cx - hx,
             m->cx + hx, m->cy - hy, m->cy + hy);
    attron(A_DIM);
    ui_put_cut(r.y, r.x, info, W);
    attroff(A_DIM);
    /* the legend on the last row */
    {
        int x = r.x, more = 0;
        size_t g;
        for (g = 0; g < m->ngroups; g++) {
            int w = ui_width(m->groups[g][0] ? m->groups[g] : "(none)") + 4;
            if (x + w > r.x + W - 8) {
                more = (int)(m->ngroups - g);
                break;
            }
            ui_colour(u, UI_C_GROUP0 + (int)g % UI_C_NGROUPS, 1);
            ui_glyph(r.y + r.h - 1, x, "\u25cf");
            x += 2;
            x += ui_put(r.y + r.h - 1, x, m->groups[g][0] ? m->groups[g] : "(none)",
                        r.x + W - x) +
                 2;
            ui_colour(u, UI_C_GROUP0 + (int)g % UI_C_NGROUPS, 0);
        }
        if (more > 0) {
            char rest[32];
            snprintf(rest, sizeof rest, "+%d more", more);
            attron(A_BOLD);
            ui_put(r.y + r.h - 1, x, rest, r.x + W - x);
            attroff(A_BOLD);
        }
    }
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
        x0 = r->coords[(size_t)m->sel * r->pdims];
        y0 = r->coords[(size_t)m->sel * r->pdims + 1];
    } else {
        x0 = m->cx;
        y0 = m->cy;
        dx = dy = 0; /* the point nearest the centre */
    }
    for (i = 0; i < r->npoints; i++) {
        /* in screen units: the visible span is 1 across and 1 down */
        double ex = (r->coords[i * r->pdims] - x0) / (2 * hx);
        double ey = -(r->coords[i * r->pdims + 1] - y0) / (2 * hy);
        double along = ex * dx + ey * dy, side = fabs(ex * dy) + fabs(ey * dx), cost;
        if ((int)i == m->sel)
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

/* Selects point i, and pans so that it is in view. */
static void select_point(ui *u, int i)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    double hx, hy, x, y;

    if (i < 0 || (size_t)i >= r->npoints)
        return;
    m->sel = i;
    half_span(m, &hx, &hy);
    x = r->coords[(size_t)i * r->pdims];
    y = r->coords[(size_t)i * r->pdims + 1];
    if (x < m->cx - hx * 0.95 || x > m->cx + hx * 0.95)
        m->cx = x;
    if (y < m->cy - hy * 0.95 || y > m->cy + hy * 0.95)
        m->cy = y;
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
        double x = r->coords[i * r->pdims], y = r->coords[i * r->pdims + 1];
        if (!in)
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
    /* the zoom that shows the box with a margin (as half_span's 1.08) */
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

/* F8's answer: K k-means clusters of the map's words (the cluster
 * command), as a new way of colouring, chosen at once. */
static void clusters(ui *u, const char *text)
{
    vs_result *r = &u->res;
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
    use_grouping(u, (int)r->ngroupings - 1);
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
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    double hx, hy;

    half_span(m, &hx, &hy);
    if (!is_key) {
        switch (ch) {
        case '+':
        case '=':
            if (m->sel >= 0) {
                m->cx = r->coords[(size_t)m->sel * r->pdims];
                m->cy = r->coords[(size_t)m->sel * r->pdims + 1];
            }
            m->zoom *= 1.25;
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
        if (r->ngroupings == 0)
            ui_message(u, 0,
                       "one colour: pca and tsne take --clusters K or --groups FILE; "
                       "F8 clusters this map");
        else
            use_grouping(u, (m->grouping + 1) % (int)r->ngroupings);
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

/* A click selects the point nearest to it. */
static void click(ui *u, int y, int x)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    int best = -1, dx, dy;
    long bd = 1L << 30;
    size_t i;

    for (i = 0; i < r->npoints; i++)
        if (dot_of(u, i, m->cw, m->ch, &dx, &dy)) {
            long ex = dx / 2 - (x - u->pane.x), ey = dy / 4 - (y - u->pane.y - 1);
            long d = ex * ex * 4 + ey * ey * 16;
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
    (void)u;
    return "\u2191\u2193\u2190\u2192 select  Enter neighbours  / search  [ ] match  + - * 0 zoom  "
           "F7 colour  F8 k-means  F9 gnuplot  F10 quit";
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
