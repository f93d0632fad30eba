/*
 * headview.h - an attention head drawn as bertviz draws its head view: the
 * tokens in two columns, queries on the left and keys on the right, each
 * query joined to each key by a line whose strength shows the weight. The
 * lines it draws are chosen here for every drawing of it; this is also the
 * gnuplot script of the picture, which plot.c writes for a MATRIX result
 * whose matrix_view is VS_VIEW_LINES (termplot.c draws the same lines in
 * characters, at the prompt and in the TUI).
 */
#ifndef VS_HEADVIEW_H
#define VS_HEADVIEW_H

#include <stdio.h>

#include "result.h"

/* A line of the head view: query i to key j, t the weight's place on the
 * result's scale (vs_scale_of: 0 to 1). */
typedef struct vs_head_line {
    size_t i, j;
    double t;
} vs_head_line;

/* The lines of r's head view (a MATRIX), lightest first so that the heavier
 * are drawn over them: for each query from from to to - 1 (only query when
 * it is >= 0), each key whose weight reaches min on the scale, and key
 * whatever its weight when it is >= 0. xmalloc'd; their number in *count.
 * The picture (below) and the character drawing (termplot.h) draw these. */
vs_head_line *vs_head_lines(const vs_result *r, size_t from, size_t to, long query, long key,
                            double min, size_t *count);

/* Writes the plot commands of r's head view to f (the terminal and the
 * title are set already). picture: a file or sixel image, where lines can
 * be translucent; else a character drawing, where only the lines of weights
 * that shade to at least a fifth are drawn (a tenth in a picture). Words reach gnuplot only as
 * quoted data (vs_plot_quote). */
void vs_plot_head_view(FILE *f, const vs_result *r, int picture);

#endif
