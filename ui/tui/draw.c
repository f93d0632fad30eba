/*
 * draw.c - putting text on the screen safely.
 *
 * Words come from model files and may hold escape sequences, control
 * characters or bytes that are not UTF-8; every string goes through
 * vs_escape (utf8.c) before it reaches curses. Widths are utf8proc's, as in
 * the text renderer, so a CJK word or an emoji takes two columns and the
 * columns after it stay aligned; callers place each field at its own column
 * rather than trusting the cursor.
 *
 * Drawings in characters (maps, the head view, the colour bar) are made on
 * src/canvas.h's canvas by src/termplot.c, the same code that draws them at
 * the prompt, and copied to the screen here (ui_blit), their inks turned
 * into the interface's colour pairs.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ui.h"
#include "utf8.h"

/* Columns of code point cp as utf8proc sees them (never negative). */
static int cp_width(utf8proc_int32_t cp)
{
    int w = utf8proc_charwidth(cp);

    return w < 0 ? 0 : w;
}

/* How many bytes of the escaped, valid string e fit in maxw columns; the
 * columns they take in *cols. */
static size_t fit(const char *e, int maxw, int *cols)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)e;
    size_t len = strlen(e), i = 0;
    int w = 0;

    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        int cw;
        if (n <= 0)
            break;  /* cannot happen after vs_escape */
        cw = cp_width(cp);
        if (w + cw > maxw)
            break;
        w += cw;
        i += (size_t)n;
    }
    *cols = w;
    return i;
}

int ui_put(int y, int x, const char *s, int maxw)
{
    char *e;
    size_t n;
    int cols;

    if (maxw <= 0 || s == NULL)
        return 0;
    e = vs_escape(s, strlen(s));
    n = fit(e, maxw, &cols);
    if (n > 0)
        mvaddnstr(y, x, e, (int)n);
    free(e);
    return cols;
}

int ui_put_from(int y, int x, const char *s, int skip, int maxw)
{
    char *e;
    size_t start;
    int cols, n;

    if (maxw <= 0 || s == NULL)
        return 0;
    e = vs_escape(s, strlen(s));
    start = fit(e, skip, &cols);
    /* a wide character cut by the left edge is left out whole */
    if (cols < skip && e[start] != '\0') {
        start += 1;
        while ((e[start] & 0xC0) == 0x80)
            start++;
    }
    n = (int)fit(e + start, maxw, &cols);
    if (n > 0)
        mvaddnstr(y, x, e + start, n);
    free(e);
    return cols;
}

int ui_width(const char *s)
{
    char *e = vs_escape(s, strlen(s));
    int w;

    fit(e, 1 << 30, &w);
    free(e);
    return w;
}

void ui_fill(int y, int x, int n, const char *ch)
{
    int i;

    for (i = 0; i < n; i++)
        mvaddstr(y, x + i, ch);
}

void ui_glyph(int y, int x, const char *g)
{
    mvaddstr(y, x, g);
}

int ui_put_cut(int y, int x, const char *s, int maxw)
{
    int w;

    if (maxw <= 0 || s == NULL)
        return 0;
    if (ui_width(s) <= maxw)
        return ui_put(y, x, s, maxw);
    w = ui_put(y, x, s, maxw - 1);
    mvaddstr(y, x + w, "\u2026");
    return w + 1;
}

void ui_put_scrolled(int y, int x, const char *s, int skip, int maxw)
{
    int w = ui_width(s), left = skip > 0, right;

    if (maxw <= 0)
        return;
    if (skip > w)
        skip = w;
    right = w - skip > maxw - left;
    ui_put_from(y, x + left, s, skip, maxw - left - right);
    attron(A_BOLD);
    if (left)
        mvaddstr(y, x, "\u2039");
    if (right)
        mvaddstr(y, x + maxw - 1, "\u203a");
    attroff(A_BOLD);
}

void ui_colour(ui *u, int pair, int on)
{
    if (!u->colors)
        return;
    if (on)
        attron(COLOR_PAIR(pair));
    else
        attroff(COLOR_PAIR(pair));
}

void ui_box(ui *u, ui_rect r, const char *title, const char *right, const char *foot,
            int focused)
{
    int y, attr = focused ? A_BOLD : 0, pair = focused ? UI_C_FOCUS : UI_C_FRAME;
    int rw = right != NULL ? ui_width(right) + 2 : 0, fw = foot && *foot ? ui_width(foot) : 0;

    if (r.h < 2 || r.w < 4)
        return;
    attron(attr);
    ui_colour(u, pair, 1);
    ui_glyph(r.y, r.x, "\u250c");
    ui_fill(r.y, r.x + 1, r.w - 2, "\u2500");
    ui_glyph(r.y, r.x + r.w - 1, "\u2510");
    for (y = r.y + 1; y < r.y + r.h - 1; y++) {
        ui_glyph(y, r.x, "\u2502");
        ui_glyph(y, r.x + r.w - 1, "\u2502");
    }
    ui_glyph(r.y + r.h - 1, r.x, "\u2514");
    ui_fill(r.y + r.h - 1, r.x + 1, r.w - 2, "\u2500");
    ui_glyph(r.y + r.h - 1, r.x + r.w - 1, "\u2518");
    ui_colour(u, pair, 0);
    /* the title, left; the note, right; each between spaces */
    if (title != NULL && r.w - 4 - rw > 2) {
        mvaddstr(r.y, r.x + 1, " ");
        ui_put_cut(r.y, r.x + 2, title, r.w - 5 - rw);
        addstr(" ");
    }
    if (right != NULL && rw + 4 < r.w)
        ui_put(r.y, r.x + r.w - 1 - rw, right, rw - 1);
    attroff(attr);
    if (fw > 0 && fw + 4 < r.w) {
        attron(A_BOLD);
        ui_colour(u, UI_C_MARK, 1);
        ui_put(r.y + r.h - 1, r.x + r.w - 2 - fw, foot, fw);
        ui_colour(u, UI_C_MARK, 0);
        attroff(A_BOLD);
    }
}

void ui_foot(ui *u, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(u->foot, sizeof u->foot, fmt, ap);
    va_end(ap);
}

int ui_wrap(int y, int x, const char *s, int w, int maxlines, int draw)
{
    char *e;
    const utf8proc_uint8_t *p;
    size_t len, i = 0;
    int lines = 0;

    if (s == NULL || *s == '\0' || w < 2 || maxlines < 1)
        return 0;
    e = vs_escape(s, strlen(s));
    p = (const utf8proc_uint8_t *)e;
    len = strlen(e);
    while (i < len && lines < maxlines) {
        /* one line: as many characters as fit, broken after the last blank
         * when the text goes on */
        size_t j = i, brk = 0;
        int cw = 0;
        while (j < len) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t n = utf8proc_iterate(p + j, (utf8proc_ssize_t)(len - j), &cp);
            int c;
            if (n <= 0)
                break;
            c = cp_width(cp);
            if (cw + c > w)
                break;
            cw += c;
            j += (size_t)n;
            if (cp == ' ')
                brk = j;
        }
        if (j < len && brk > i)
            j = brk;
        if (j == i)  /* a character wider than the line */
            break;
        lines++;
        if (draw) {
            int last = lines == maxlines && j < len;
            int cols;
            size_t n = last ? fit(e + i, w - 1, &cols) : j - i;
            mvaddnstr(y + lines - 1, x, e + i, (int)n);
            if (last)
                addstr("\u2026");
        }
        i = j;
        while (i < len && e[i] == ' ')
            i++;
    }
    free(e);
    return lines;
}

int ui_ink_pair(const ui *u, int ink)
{
    if (!u->colors || ink == VS_INK_NONE)
        return 0;
    if (VS_INK_IS_RAMP(ink)) {
        int k = (int)(VS_INK_RAMP_T(ink) * (UI_C_NRAMP - 1) + 0.5);
        return u->colors == 256 ? UI_C_INK0 + (k < 0 ? 0 : k >= UI_C_NRAMP ? UI_C_NRAMP - 1 : k)
                                : 0;
    }
    return UI_C_GROUP0 + ink % UI_C_NGROUPS;
}

void ui_blit(const ui *u, const vs_canvas *c, int y, int x)
{
    int cx, cy;

    for (cy = 0; cy < c->h; cy++)
        for (cx = 0; cx < c->w; cx++) {
            const vs_cell *cell = vs_canvas_at(c, cx, cy);
            char g[8];
            int pair = ui_ink_pair(u, cell->ink);
            attr_t a = (cell->attr & VS_CELL_BOLD ? A_BOLD : 0) |
                       (cell->attr & VS_CELL_DIM ? A_DIM : 0) |
                       (cell->attr & VS_CELL_REVERSE ? A_REVERSE : 0) |
                       (cell->attr & VS_CELL_UNDERLINE ? A_UNDERLINE : 0) |
                       (pair ? COLOR_PAIR(pair) : 0);
            vs_cell_utf8(cell, g);
            if (g[0] == '\0' || (g[0] == ' ' && g[1] == '\0' && cell->attr == 0))
                continue;
            attron(a);
            ui_glyph(y + cy, x + cx, g);
            attroff(a);
        }
}
