/*
 * view_map.c - a POINTS result (pca, tsne, any projection) drawn with
 * Braille dots: each character cell holds 2 x 4 dots, so a pane of W x H
 * cells is a canvas of 2W x 4H dots. Each point is one dot, its label to
 * the right (left at the right edge) where the cells are free, its group's colour on both. Arrows
 * pan, + and - zoom about the centre, 0 shows the whole map again; g and G
 * hand the same result to gnuplot (handoff.c). A 3-D map shows its first two
 * axes.
 *
 * Braille dot bits (U+2800 + bits), by dot column and row:
 *
 *      col 0  col 1
 *   0   0x01   0x08
 *   1   0x02   0x10
 *   2   0x04   0x20
 *   3   0x40   0x80
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "xalloc.h"

static const unsigned char dot_bit[4][2] = {
    {0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}
};

/* The map view's state: the extent of the points, what is shown of it, and
 * the groups. */
struct map {
    double minx, maxx, miny, maxy;
    double cx, cy, zoom;   /* the centre shown, and the zoom (1: everything) */
    const char **groups;   /* distinct group names in order, borrowed from the result */
    size_t ngroups;
    int *group_of;         /* per point */
};

static struct map *map_of(const ui *u)
{
    return u->views[UI_VIEW_MAP];
}

static void drop(struct map *m)
{
    free(m->groups);
    free(m->group_of);
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

/* The extent of the shown points, and their groups. */
static void enter(ui *u)
{
    const vs_result *r = &u->res;
    struct map *m = map_of(u);
    size_t i, g;

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
    m->group_of = xcalloc(r->npoints, sizeof *m->group_of);
    if (r->groups != NULL) {
        m->groups = xmallocarray(r->npoints, sizeof *m->groups);
        for (i = 0; i < r->npoints; i++) {
            for (g = 0; g < m->ngroups; g++)
                if (strcmp(m->groups[g], r->groups[i]) == 0)
                    break;
            if (g == m->ngroups)
                m->groups[m->ngroups++] = r->groups[i];
            m->group_of[i] = (int)g;
        }
    }
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

static void group_colour(ui *u, int g, int on)
{
    int pair = UI_C_GROUP0 + g % UI_C_NGROUPS;

    if (!u->colors)
        return;
    if (on)
        attron(COLOR_PAIR(pair));
    else
        attroff(COLOR_PAIR(pair));
}

static void draw(ui *u, ui_rect r)
{
    const vs_result *res = &u->res;
    struct map *m = map_of(u);
    int W = r.w - 2, H = r.h - 2, cx, cy;
    unsigned char *bits;
    int *colour;
    char *used;
    double hx, hy;
    size_t i;
    char info[160];

    if (res->npoints == 0 || res->pdims < 2 || W < 4 || H < 2) {
        ui_put(r.y + 1, r.x + 1, "(no points to draw)", r.w - 2);
        return;
    }
    half_span(m, &hx, &hy);
    bits = xcalloc((size_t)W * H, 1);
    colour = xcalloc((size_t)W * H, sizeof *colour);
    used = xcalloc((size_t)W * H, 1);
    /* dots: x to the right, y up */
    for (i = 0; i < res->npoints; i++) {
        double x = res->coords[i * res->pdims], y = res->coords[i * res->pdims + 1];
        double fx = (x - (m->cx - hx)) / (2 * hx), fy = ((m->cy + hy) - y) / (2 * hy);
        int dx, dy;
        if (!(fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1))
            continue;
        dx = (int)(fx * (2 * W - 1) + 0.5);
        dy = (int)(fy * (4 * H - 1) + 0.5);
        bits[(dy / 4) * W + dx / 2] |= dot_bit[dy % 4][dx % 2];
        colour[(dy / 4) * W + dx / 2] = m->group_of ? m->group_of[i] : 0;
    }
    for (cy = 0; cy < H; cy++)
        for (cx = 0; cx < W; cx++)
            if (bits[cy * W + cx]) {
                /* U+2800 + bits, as UTF-8: E2 A0|(b>>6) 80|(b&63) */
                unsigned b = bits[cy * W + cx];
                char g[4] = {(char)0xE2, (char)(0xA0 | (b >> 6)), (char)(0x80 | (b & 0x3F)), 0};
                group_colour(u, colour[cy * W + cx], 1);
                ui_glyph(r.y + 1 + cy, r.x + 1 + cx, g);
                group_colour(u, colour[cy * W + cx], 0);
                used[cy * W + cx] = 1;
            }
    /* labels, right of their dot, where no other label or dot is */
    for (i = 0; i < res->npoints; i++) {
        double x = res->coords[i * res->pdims], y = res->coords[i * res->pdims + 1];
        double fx = (x - (m->cx - hx)) / (2 * hx), fy = ((m->cy + hy) - y) / (2 * hy);
        int lw = ui_width(res->labels[i]), k, ok = 1, px, py;
        if (!(fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1))
            continue;
        px = (int)(fx * (2 * W - 1) + 0.5) / 2;
        py = (int)(fy * (4 * H - 1) + 0.5) / 4;
        /* right of the dot, or left of it at the right edge */
        px = px + 1 + lw <= W ? px + 1 : px - lw;
        if (px < 0)
            continue;
        for (k = 0; k < lw && ok; k++)
            if (used[py * W + px + k])
                ok = 0;
        if (!ok)
            continue;
        group_colour(u, m->group_of ? m->group_of[i] : 0, 1);
        ui_put(r.y + 1 + py, r.x + 1 + px, res->labels[i], lw);
        group_colour(u, m->group_of ? m->group_of[i] : 0, 0);
        for (k = 0; k < lw; k++)
            used[py * W + px + k] = 1;
    }
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
            group_colour(u, (int)g, 1);
            ui_glyph(r.y + r.h - 1, x, "\u25cf");
            x += 2;
            x += ui_put(r.y + r.h - 1, x, m->groups[g], r.x + r.w - x) + 2;
            group_colour(u, (int)g, 0);
        }
    }
    free(bits);
    free(colour);
    free(used);
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
    (void)u;
    return "arrows pan  + - zoom  0 reset  g gnuplot  G to file  ? help";
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
