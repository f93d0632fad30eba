/*
 * canvas.h - a drawing in character cells: Braille dots, text and blocks,
 * each cell with a colour. The one rasteriser of vecscope's character
 * pictures: termplot.c draws maps and heatmaps on it for `--plot` in a
 * terminal, and the TUI draws its map view with the same code and copies
 * the cells to the screen.
 *
 * A cell of Braille holds 2 x 4 dots, so a canvas of w x h cells is a
 * field of 2w x 4h dots, (0, 0) the top left. The character of a cell with
 * dots is U+2800 plus the bits of its dots:
 *
 *      col 0  col 1
 *   0   0x01   0x08
 *   1   0x02   0x10
 *   2   0x04   0x20
 *   3   0x40   0x80
 *
 * Text written on a cell replaces its dots; a dot on a cell that holds text
 * is dropped, so labels stay readable.
 */
#ifndef VS_CANVAS_H
#define VS_CANVAS_H

#include <stdio.h>

/* A cell's colour: none (the terminal's own), one of the group colours
 * (palette.h), or a point of the value ramp. */
#define VS_INK_NONE      (-1)
#define VS_INK_GROUP(k)  ((int)((k) % 8))      /* 0 .. 7 */
#define VS_INK_RAMP(t)   (256 + (int)((t) * 255.0 + 0.5))  /* t in [0, 1] */
#define VS_INK_IS_RAMP(c) ((c) >= 256)
#define VS_INK_RAMP_T(c)  (((c) - 256) / 255.0)

/* Cell attributes. */
enum { VS_CELL_BOLD = 1, VS_CELL_DIM = 2, VS_CELL_REVERSE = 4, VS_CELL_UNDERLINE = 8 };

typedef struct vs_cell {
    char glyph[8];       /* UTF-8 of a text cell, "" for dots or blank */
    unsigned char dots;  /* Braille dot bits (when glyph is "") */
    unsigned char attr;  /* VS_CELL_BOLD, VS_CELL_DIM */
    unsigned char tail;  /* 1: the right half of the wide character to its left */
    int ink;             /* VS_INK_* */
} vs_cell;

typedef struct vs_canvas {
    int w, h;
    vs_cell *cells;  /* h rows of w */
} vs_canvas;

/* A blank canvas of w x h cells (w, h at least 1). */
vs_canvas *vs_canvas_new(int w, int h);
void vs_canvas_free(vs_canvas *c);

/* Sets dot (dx, dy) (0 <= dx < 2w, 0 <= dy < 4h; others are ignored) in
 * ink: the cell takes the ink of its last dot. */
void vs_canvas_dot(vs_canvas *c, int dx, int dy, int ink);

/* A straight line of dots from (x0, y0) to (x1, y1), dot coordinates. */
void vs_canvas_line(vs_canvas *c, int x0, int y0, int x1, int y1, int ink);

/* Writes s (escaped as vs_escape does, so no control character reaches
 * the terminal) from cell (x, y) rightwards, at most maxw columns and not
 * past the canvas; a wide character that does not fit is left out.
 * Returns the columns written. */
int vs_canvas_text(vs_canvas *c, int x, int y, const char *s, int maxw, int ink, int attr);

/* Adds attributes attr (VS_CELL_*) to cell (x, y); nothing outside. */
void vs_canvas_attr(vs_canvas *c, int x, int y, int attr);

/* The cell at (x, y), or NULL outside the canvas. */
const vs_cell *vs_canvas_at(const vs_canvas *c, int x, int y);

/* What cell shows, as UTF-8 into buf (8 bytes): its text, its Braille
 * character, or a space. "" for the tail of a wide character. */
void vs_cell_utf8(const vs_cell *cell, char buf[8]);

/* Writes the canvas to f, row by row, trailing blanks dropped, in colour
 * when colours is 256 or 8 (SGR escapes, reset at each line's end), plain
 * when 0. Returns 0, or -1 when a write failed (errno says why). */
int vs_canvas_write(const vs_canvas *c, FILE *f, int colours);

/* The escape sequence that selects ink (with attr) on a terminal of
 * colours 256 or 8, into buf (32 bytes); "" when colours is 0. */
void vs_ink_sgr(int ink, int attr, int colours, char buf[32]);

#endif
