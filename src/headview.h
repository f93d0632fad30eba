/*
 * headview.h - an attention head drawn as bertviz draws its head view: the
 * tokens in two columns, queries on the left and keys on the right, each
 * query joined to each key by a line whose strength shows the weight. The
 * TUI draws the same view in characters (ui/tui/view_attn.c); this is the
 * gnuplot script of the picture, which plot.c writes for a MATRIX result
 * whose matrix_view is VS_VIEW_LINES.
 */
#ifndef VS_HEADVIEW_H
#define VS_HEADVIEW_H

#include <stdio.h>

#include "result.h"

/* Writes the plot commands of r's head view to f (the terminal and the
 * title are set already). picture: a file or sixel image, where lines can
 * be translucent; else a character drawing, where only the lines of weights
 * that shade to at least a fifth are drawn (a tenth in a picture). Words reach gnuplot only as
 * quoted data (vs_plot_quote). */
void vs_plot_head_view(FILE *f, const vs_result *r, int picture);

#endif
