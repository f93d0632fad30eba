/*
 * plot.h - pictures of results through gnuplot.
 *
 * A map (POINTS: 2-D plot, 3-D splot, a colour and a legend entry per group,
 * points labelled with their words) or a heatmap (MATRIX: attention, tokens
 * on both axes) is written as a gnuplot script and fed to a gnuplot process
 * through a pipe. The picture goes to a .png, .svg or .pdf file, or to this
 * terminal: sixel when the terminal can show it, else gnuplot's `dumb`
 * character drawing in the window's size.
 *
 * Words never become gnuplot commands: every label and tick reaches gnuplot
 * as a quoted field of an inline data block (vs_plot_quote), and the title,
 * legend entries and the output path as single-quoted strings (no escapes
 * but '' for a quote). Control characters are shown as \n, \x1b first.
 */
#ifndef VS_PLOT_H
#define VS_PLOT_H

#include <stddef.h>

#include "error.h"
#include "result.h"

enum { VS_PLOT_LABELS_AUTO, VS_PLOT_LABELS_ALL, VS_PLOT_LABELS_NONE };

/* What to draw into. For a file, out and labels; for a terminal drawing, the
 * front end fills in what it knows of its terminal (ui/frontend.c's
 * vs_frontend_plot_target): zero means the default (80x24 characters,
 * 1000x750 pixels, no sixel). */
typedef struct vs_plot_opts {
    const char *out;   /* .png/.svg/.pdf file, or NULL = draw in the terminal */
    int labels;        /* VS_PLOT_LABELS_AUTO, _ALL, _NONE */
    int fd;            /* where a terminal drawing goes; 0 = standard output */
    int cols, rows;    /* the drawing's size in characters */
    int px, py;        /* and in pixels, when the terminal tells */
    int sixel;         /* 1: the terminal shows sixel images */
    int color;         /* 1: a dumb drawing in ANSI colours */
} vs_plot_opts;

/* Draws r (POINTS or MATRIX) through gnuplot. A file is written to a
 * temporary name in its folder and renamed when gnuplot succeeded, so a
 * failure leaves nothing behind. Errors: gnuplot missing (names the Debian
 * package), an unknown extension, an unwritable folder, gnuplot's own
 * message (its first error line), a result that is not a map or matrix. */
int vs_plot_result(const vs_result *r, const vs_plot_opts *o, vs_error *err);

/* Whether the picture file at path is whole: a PNG ends with its IEND
 * chunk, an SVG with </svg>, a PDF holds %%EOF near its end (gnuplot may
 * exit 0 after a failed write; a cut picture must not replace a file).
 * kind: 1 PNG, 2 SVG, 3 PDF (others: 1). */
int vs_plot_picture_complete(const char *path, int kind);

/* 1 if path ends in .png, .svg or .pdf (any case): --out writes a picture. */
int vs_plot_is_picture(const char *path);

/* Parses a --labels value (all, none, auto) into *labels. */
int vs_plot_parse_labels(const char *s, int *labels, vs_error *err);

/* A label as a quoted field of a gnuplot data line (xmalloc'd): control
 * characters and invalid UTF-8 shown as \n, \xNN (vs_escape), then each
 * backslash doubled and each double quote written as \042, inside double
 * quotes. gnuplot 5.4 reads it back as the escaped text; no " is left inside
 * to end the field early. */
char *vs_plot_quote(const char *s);

/* A string as a gnuplot single-quoted string (xmalloc'd): control
 * characters escaped as above, each ' doubled. */
char *vs_plot_squote(const char *s);

#endif
