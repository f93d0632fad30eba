/*
 * termplot.h - pictures of results in characters, for a terminal without
 * sixel graphics: a map as Braille dots (8 a character cell) with its
 * labels placed by labels.c on the cells (never over a dot or another
 * label), the groups in the palette's colours (or, without colour, as
 * shapes: a filled circle, an open one, ...), axis titles and a legend; a
 * 3-D map as the views that fit side by side (mapview.h); a heatmap as
 * blocks coloured along the ramp (or shaded, without colour) under the
 * result's scale, with its row and column labels written across where they
 * fit and numbered with a key where they do not, and a colour bar; with
 * matrix_view VS_VIEW_LINES the head view: the tokens in two columns joined
 * by lines as strong as the weights (bertviz's), and the same colour bar.
 *
 * The drawing is made on a canvas (canvas.h); the TUI draws its map pane
 * with vs_termplot_map, its head view with vs_termplot_head_lines and its
 * colour bar with vs_termplot_scale on canvases of its own, so the prompt
 * and the TUI show them the same way.
 */
#ifndef VS_TERMPLOT_H
#define VS_TERMPLOT_H

#include <stdio.h>

#include "canvas.h"
#include "error.h"
#include "mapview.h"
#include "result.h"

typedef struct vs_termplot_opts {
    int cols, rows;  /* the drawing's size in characters (a heatmap may run
                        longer: one row a token) */
    int colours;     /* the terminal's colours: 0, 8 or 256 */
    int labels;      /* VS_PLOT_LABELS_* (plot.h) */
} vs_termplot_opts;

/* Draws r (POINTS or MATRIX) to f. Returns 0, or -1 with a message (a
 * write that failed, a result that cannot be drawn). */
int vs_termplot(const vs_result *r, const vs_termplot_opts *o, FILE *f, vs_error *err);

/* What part of a map's plane a drawing shows, and how. */
typedef struct vs_termmap {
    double xlo, xhi, ylo, yhi;       /* the window: across and up */
    int labels;                      /* VS_PLOT_LABELS_* */
    int colours;                     /* the terminal's: 0, 8 or 256 */
    const unsigned char *highlight;  /* points to draw bold and always label,
                                        with the words asked for (may be NULL) */
    const unsigned char *emphasis;   /* per point, VS_CELL_* attributes its mark
                                        and label take (REVERSE: a search's
                                        match), drawn over the others and
                                        labelled before them where there is
                                        room; 0 for none (may be NULL) */
} vs_termmap;

/* The window that shows all of xy (n points) on a w x h cell area with a
 * unit as long across as up, and a dot of margin. */
void vs_termplot_fit(const float *xy, size_t n, int w, int h, vs_termmap *m);

/* The cell (*cx, *cy) of the w x h cells under window m that shows the
 * point (x, y): 1, or 0 when it is outside the window. */
int vs_termplot_cell(const vs_termmap *m, int w, int h, double x, double y, int *cx, int *cy);

/* Draws the n = r->npoints points xy (a view of r: mapview.h) inside the
 * w x h cells at (x, y) of c, as m says, then the labels. A point is a
 * Braille dot in its group's ink; on a map with room (fewer points than an
 * eighth of the cells) a disc a cell; without colour and with groups, its
 * group's shape a cell. Returns the number of labels drawn. */
size_t vs_termplot_map(vs_canvas *c, int x, int y, int w, int h, const vs_result *r,
                       const float *xy, const vs_termmap *m);

/* The axes of an oblique view v of r (mapview.h) under window m, in the
 * w x h cells at (x, y): the three edges of the box that run along them,
 * in dots, drawn before the points (vs_termplot_map); then, after them,
 * each axis's name (its title's first word) where the cells are blank. */
void vs_termplot_axes(vs_canvas *c, int x, int y, int w, int h, const vs_result *r,
                      const vs_map_view *v, const vs_termmap *m);
void vs_termplot_axis_names(vs_canvas *c, int x, int y, int w, int h, const vs_result *r,
                            const vs_map_view *v, const vs_termmap *m);

/* The colour bar of a MATRIX r's scale ([mlo, mhi] under r->plot_scale) in
 * at most w cells at (x, y) of c: its low end ("0 ", "-1 "), the ramp (in
 * colour, or shades without 256 colours), its high end and the scale's
 * name with the value at its middle ("square-root scale: the middle is
 * 0.25"). Returns the columns used. */
int vs_termplot_scale(vs_canvas *c, int x, int y, int w, const vs_result *r, int colours);

/* bertviz's head view of a MATRIX r on the w x h cells at (x, y) of c: the
 * query tokens at the left edge and the key tokens at the right, a token a
 * row from top (tokens above top or below the last row are off the area),
 * each query joined to each key whose weight reaches min on r's scale by a
 * line of dots in the ramp's colour at that weight, the heavier over the
 * lighter. query >= 0: that query's lines alone; key >= 0: that key's
 * line whatever its weight. A key off the area gets a line to the edge. */
void vs_termplot_head_lines(vs_canvas *c, int x, int y, int w, int h, const vs_result *r,
                            long query, long key, size_t top, double min);

/* The shape that stands for group k on a drawing without colour. */
const char *vs_termplot_shape(size_t k);

#endif
