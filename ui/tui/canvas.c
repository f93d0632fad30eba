/*
 * canvas.c - a Braille canvas for the views that draw lines and points
 * (the attention head view, the map): each character cell holds 2 x 4
 * dots, so a W x H area is a canvas of 2W x 4H dots.
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

#include <stdlib.h>

#include "ui.h"
#include "xalloc.h"

static const unsigned char dot_bit[4][2] = {
    {0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};

struct ui_canvas {
    int w, h;            /* cells */
    unsigned char *bits; /* w * h */
    int *pair;           /* w * h: the colour of the cell's last dot */
};

ui_canvas *ui_canvas_new(int w, int h)
{
    ui_canvas *c = xcalloc(1, sizeof *c);

    c->w = w > 0 ? w : 0;
    c->h = h > 0 ? h : 0;
    c->bits = xcalloc((size_t)c->w * c->h + 1, 1);
    c->pair = xcalloc((size_t)c->w * c->h + 1, sizeof *c->pair);
    return c;
}

void ui_canvas_free(ui_canvas *c)
{
    if (c == NULL)
        return;
    free(c->bits);
    free(c->pair);
    free(c);
}

void ui_canvas_dot(ui_canvas *c, int x, int y, int pair)
{
    size_t k;

    if (x < 0 || y < 0 || x >= 2 * c->w || y >= 4 * c->h)
        return;
    k = (size_t)(y / 4) * c->w + x / 2;
    c->bits[k] |= dot_bit[y % 4][x % 2];
    c->pair[k] = pair;
}

void ui_canvas_line(ui_canvas *c, int x0, int y0, int x1, int y1, int pair)
{
    /* Bresenham: one dot per step of the longer axis */
    int dx = abs(x1 - x0), dy = -abs(y1 - y0), sx = x0 < x1 ? 1 : -1,
        sy = y0 < y1 ? 1 : -1;
    int e = dx + dy;

    for (;;) {
        int e2 = 2 * e;
        ui_canvas_dot(c, x0, y0, pair);
        if (x0 == x1 && y0 == y1)
            break;
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

int ui_canvas_used(const ui_canvas *c, int cx, int cy)
{
    if (cx < 0 || cy < 0 || cx >= c->w || cy >= c->h)
        return 0;
    return c->bits[(size_t)cy * c->w + cx] != 0;
}

void ui_canvas_draw(ui *u, const ui_canvas *c, int y, int x)
{
    int cx, cy;

    for (cy = 0; cy < c->h; cy++)
        for (cx = 0; cx < c->w; cx++) {
            size_t k = (size_t)cy * c->w + cx;
            unsigned b = c->bits[k];
            /* U+2800 + b in UTF-8: E2 A0|(b>>6) 80|(b&63) */
            char g[4] = {(char)0xE2, (char)(0xA0 | (b >> 6)), (char)(0x80 | (b & 0x3F)),
                         0};
            if (b == 0)
                continue;
            if (c->pair[k])
                ui_colour(u, c->pair[k], 1);
            ui_glyph(y + cy, x + cx, g);
            if (c->pair[k])
                ui_colour(u, c->pair[k], 0);
        }
}
