/*
 * canvas.c - a drawing in character cells (see canvas.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "canvas.h"
#include "palette.h"
#include "utf8.h"
#include "xalloc.h"

static const unsigned char dot_bit[4][2] = {
    {0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}
};

vs_canvas *vs_canvas_new(int w, int h)
{
    vs_canvas *c = xmalloc(sizeof *c);
    int i;

    c->w = w > 0 ? w : 1;
    c->h = h > 0 ? h : 1;
    c->cells = xcalloc((size_t)c->w * (size_t)c->h, sizeof *c->cells);
    for (i = 0; i < c->w * c->h; i++)
        c->cells[i].ink = VS_INK_NONE;
    return c;
}

void vs_canvas_free(vs_canvas *c)
{
    if (c == NULL)
        return;
    free(c->cells);
    free(c);
}

void vs_canvas_dot(vs_canvas *c, int dx, int dy, int ink)
{
    vs_cell *cell;

    if (dx < 0 || dy < 0 || dx >= 2 * c->w || dy >= 4 * c->h)
        return;
    cell = &c->cells[(dy / 4) * c->w + dx / 2];
    if (cell->glyph[0] != '\0' || cell->tail)
        return;  /* text wins */
    cell->dots |= dot_bit[dy % 4][dx % 2];
    cell->ink = ink;
}

void vs_canvas_line(vs_canvas *c, int x0, int y0, int x1, int y1, int ink)
{
    /* Bresenham: step along the longer axis, one dot a step */
    int dx = abs(x1 - x0), dy = -abs(y1 - y0);
    int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, e = dx + dy;

    for (;;) {
        int e2;
        vs_canvas_dot(c, x0, y0, ink);
        if (x0 == x1 && y0 == y1)
            break;
        e2 = 2 * e;
        if (e2 >= dy) {
            e += dy;
            x0 += sx;
        }
        if (e2 <= dx) {
            e += dx;
            y0 += sy;
        }
    }
}

void vs_canvas_attr(vs_canvas *c, int x, int y, int attr)
{
    if (x >= 0 && y >= 0 && x < c->w && y < c->h)
        c->cells[y * c->w + x].attr |= (unsigned char)attr;
}

const vs_cell *vs_canvas_at(const vs_canvas *c, int x, int y)
{
    if (x < 0 || y < 0 || x >= c->w || y >= c->h)
        return NULL;
    return &c->cells[y * c->w + x];
}

int vs_canvas_text(vs_canvas *c, int x, int y, const char *s, int maxw, int ink, int attr)
{
    char *e;
    const utf8proc_uint8_t *p;
    utf8proc_ssize_t len, adv;
    utf8proc_int32_t cp;
    int col = 0;
    vs_cell *last = NULL;

    if (y < 0 || y >= c->h || maxw <= 0)
        return 0;
    e = vs_escape(s, strlen(s));
    p = (const utf8proc_uint8_t *)e;
    len = (utf8proc_ssize_t)strlen(e);
    while (len > 0 && (adv = utf8proc_iterate(p, len, &cp)) > 0) {
        int cw = utf8proc_charwidth(cp);
        if (cw <= 0) {
            /* a combining mark joins the character before it, if room */
            if (last != NULL && strlen(last->glyph) + (size_t)adv < sizeof last->glyph)
                memcpy(last->glyph + strlen(last->glyph), p, (size_t)adv);
        } else {
            vs_cell *cell;
            if (col + cw > maxw || x + col + cw > c->w)
                break;
            if (x + col >= 0) {
                cell = &c->cells[y * c->w + x + col];
                memset(cell->glyph, 0, sizeof cell->glyph);
                memcpy(cell->glyph, p, (size_t)adv);
                cell->dots = 0;
                cell->tail = 0;
                cell->ink = ink;
                cell->attr = (unsigned char)attr;
                last = cell;
                if (cw == 1 && x + col + 1 < c->w && cell[1].tail) {
                    cell[1].tail = 0;  /* a wide character's tail, now alone */
                    cell[1].ink = VS_INK_NONE;
                }
                if (cw == 2) {
                    vs_cell *t = cell + 1;
                    memset(t, 0, sizeof *t);
                    t->tail = 1;
                    t->ink = ink;
                }
            }
            col += cw;
        }
        p += adv;
        len -= adv;
    }
    free(e);
    return col;
}

void vs_cell_utf8(const vs_cell *cell, char buf[8])
{
    if (cell->tail) {
        buf[0] = '\0';
    } else if (cell->glyph[0] != '\0') {
        memcpy(buf, cell->glyph, 8);
        buf[7] = '\0';
    } else if (cell->dots != 0) {
        /* U+2800 + bits: E2 A0|(b >> 6) 80|(b & 63) */
        buf[0] = (char)0xE2;
        buf[1] = (char)(0xA0 | (cell->dots >> 6));
        buf[2] = (char)(0x80 | (cell->dots & 0x3F));
        buf[3] = '\0';
    } else {
        buf[0] = ' ';
        buf[1] = '\0';
    }
}

void vs_ink_sgr(int ink, int attr, int colours, char buf[32])
{
    size_t n = 0;

    buf[0] = '\0';
    if (colours == 0)
        return;
    n += (size_t)snprintf(buf + n, 32 - n, "\033[0");
    if (attr & VS_CELL_BOLD)
        n += (size_t)snprintf(buf + n, 32 - n, ";1");
    if (attr & VS_CELL_DIM)
        n += (size_t)snprintf(buf + n, 32 - n, ";2");
    if (attr & VS_CELL_UNDERLINE)
        n += (size_t)snprintf(buf + n, 32 - n, ";4");
    if (attr & VS_CELL_REVERSE)
        n += (size_t)snprintf(buf + n, 32 - n, ";7");
    if (VS_INK_IS_RAMP(ink)) {
        unsigned char rgb[3];
        vs_palette_ramp(VS_INK_RAMP_T(ink), rgb);
        if (colours >= 256)
            n += (size_t)snprintf(buf + n, 32 - n, ";38;5;%d",
                                  vs_palette_xterm(rgb[0], rgb[1], rgb[2]));
    } else if (ink >= 0) {
        const vs_colour *k = vs_palette_group((size_t)ink);
        if (colours >= 256 && k->xterm >= 0)
            n += (size_t)snprintf(buf + n, 32 - n, ";38;5;%d", k->xterm);
        else if (k->ansi >= 0)
            n += (size_t)snprintf(buf + n, 32 - n, ";%d", 30 + k->ansi);
    }
    snprintf(buf + n, 32 - n, "m");
}

int vs_canvas_write(const vs_canvas *c, FILE *f, int colours)
{
    int x, y;

    for (y = 0; y < c->h; y++) {
        int end = c->w, cur_ink = VS_INK_NONE, cur_attr = 0, styled = 0;
        /* the last cell that shows something */
        while (end > 0) {
            const vs_cell *cell = &c->cells[y * c->w + end - 1];
            if (cell->glyph[0] != '\0' || cell->dots != 0 || cell->tail)
                break;
            end--;
        }
        for (x = 0; x < end; x++) {
            const vs_cell *cell = &c->cells[y * c->w + x];
            char g[8], sgr[32];
            int blank = cell->glyph[0] == '\0' && cell->dots == 0;
            if (!blank && colours != 0 && (cell->ink != cur_ink || cell->attr != cur_attr) &&
                !cell->tail) {
                vs_ink_sgr(cell->ink, cell->attr, colours, sgr);
                fputs(sgr, f);
                cur_ink = cell->ink;
                cur_attr = cell->attr;
                styled = 1;
            }
            vs_cell_utf8(cell, g);
            fputs(g, f);
        }
        if (styled)
            fputs("\033[0m", f);
        if (fputc('\n', f) == EOF)
            return -1;
    }
    return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}
