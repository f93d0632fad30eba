/*
 * plot.h - pictures of results: through gnuplot into a .png, .svg or .pdf
 * file or a sixel terminal, or as vecscope's own characters (termplot.h).
 *
 * A map (POINTS) is drawn on a plot area whose place in the picture is
 * fixed here (not left to gnuplot), so the labels can be placed in pixels
 * (labels.h): beside their points, over no point and no other label. The
 * words the user asked for are drawn larger, in bold, and always labelled;
 * groups take the palette's colours (palette.h) and a shape each, with a
 * legend; the axes carry titles (the command's: "PC1 (41.2 % of the
 * variance)", "t-SNE 1 (perplexity 5, ...)"); a 3-D map is a 2 x 2 set of
 * views (mapview.h). A heatmap (MATRIX: attention) has the query tokens
 * down, the key tokens across, the ramp's colours under the chosen scale
 * (linear or square root) and a colour bar in the weights' own values.
 *
 * Words never become gnuplot commands: every label and tick reaches gnuplot
 * as a quoted field of an inline data block (vs_plot_quote), and the title,
 * legend entries and the output path as single-quoted strings (no escapes
 * but '' for a quote). Control characters are shown as \n, \x1b first.
 */
#ifndef VS_PLOT_H
#define VS_PLOT_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "mapview.h"
#include "result.h"

enum { VS_PLOT_LABELS_AUTO, VS_PLOT_LABELS_ALL, VS_PLOT_LABELS_NONE };

/* How a drawing in a terminal is made. */
enum vs_plot_term {
    VS_PLOT_TEXT,   /* vecscope's own characters: Braille dots, blocks (termplot.h) */
    VS_PLOT_SIXEL,  /* a picture, by gnuplot's sixelgd terminal */
    VS_PLOT_DUMB    /* gnuplot's dumb character terminal (on request only) */
};

/* What --out FILE writes, by FILE's extension (any case). */
enum vs_outfile {
    VS_OUTFILE_UNKNOWN,
    VS_OUTFILE_TSV,  /* .tsv: the data as a table */
    VS_OUTFILE_PNG,
    VS_OUTFILE_SVG,
    VS_OUTFILE_PDF
};

/* What to draw into. For a file, out and labels; for a terminal drawing,
 * the front end fills in what it knows of its terminal (ui/frontend.c's
 * vs_frontend_plot_target): zero means the default (80x24 characters,
 * 1000x750 pixels, no colour, vecscope's characters). */
typedef struct vs_plot_opts {
    const char *out;        /* .png/.svg/.pdf file, or NULL = draw in the terminal */
    int labels;             /* VS_PLOT_LABELS_AUTO, _ALL, _NONE */
    FILE *stream;           /* where a terminal drawing goes; NULL = standard output */
    enum vs_plot_term term; /* how */
    int cols, rows;         /* the drawing's size in characters */
    int px, py;             /* and in pixels, when the terminal tells */
    int colours;            /* the terminal's colours: 0, 8 or 256 */
} vs_plot_opts;

/* Draws r (POINTS or MATRIX). A file is written to a temporary name in its
 * folder and renamed when gnuplot succeeded, so a failure leaves nothing
 * behind. Errors: gnuplot missing (names the Debian package), an unknown
 * extension, an unwritable folder, gnuplot's own message (its first error
 * line), a result that is not a map or matrix. */
int vs_plot_result(const vs_result *r, const vs_plot_opts *o, vs_error *err);

/* Whether the picture file at path is whole: a PNG ends with its IEND
 * chunk, an SVG with </svg>, a PDF holds %%EOF near its end (gnuplot may
 * exit 0 after a failed write; a cut picture must not replace a file).
 * Other kinds are taken as whole. */
int vs_plot_picture_complete(const char *path, enum vs_outfile kind);

/* What path's extension says --out writes (VS_OUTFILE_UNKNOWN for none or
 * another; NULL is unknown). */
enum vs_outfile vs_outfile_of(const char *path);

/* vs_outfile_of(path), or -1 with an error naming the extensions there
 * are when it is unknown. */
int vs_outfile_check(const char *path, vs_error *err);

/* "a PNG picture", "a TSV table": what a kind of file holds, for a line
 * that says what was written. */
const char *vs_outfile_what(enum vs_outfile kind);

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

/* --- the layout of a map's picture, exposed for tests/check_plot.c --- */

/* One label as drawn: its box and its text's anchor (the left end, at
 * mid-height), in pixels of the picture with y down. */
typedef struct vs_plot_label {
    size_t point;            /* the point it names */
    size_t panel;            /* the view it is in */
    int marked;              /* a word the user asked for: larger, bold */
    int moved;               /* set apart: a leader line joins it to its point */
    double x0, y0, x1, y1;   /* the box */
    double ax, ay;           /* the text's anchor */
    double px, py;           /* the point */
} vs_plot_label;

/* One view of the map and where it is drawn. */
typedef struct vs_plot_panel {
    vs_map_view view;
    double x0, y0, x1, y1;      /* the plot area, pixels, y down */
    double xlo, xhi, ylo, yhi;  /* the data shown across and up */
    const char *xtitle, *ytitle; /* axis titles (borrowed); NULL: none (oblique) */
} vs_plot_panel;

typedef struct vs_plot_layout {
    int width, height;        /* the picture, pixels */
    size_t npanels;
    vs_plot_panel panel[4];
    float *xy;                /* npanels x npoints x 2: each point in each view */
    double point_size;        /* gnuplot's ps for a point; marked points 1.5 x */
    int legend;               /* 1: a legend of the groups at the right */
    vs_plot_label *labels;
    size_t nlabels;
} vs_plot_layout;

/* The layout of r's picture (POINTS, 2 or 3 dimensions) with --labels
 * mode labels. Free with vs_plot_layout_free. */
void vs_plot_map_layout(const vs_result *r, int labels, vs_plot_layout *L);
void vs_plot_layout_free(vs_plot_layout *L);

/* Width in pixels of s (as vs_escape shows it) in the pictures' Sans at
 * size points, bold or not (DejaVu Sans as cairo draws it at 96 dpi). */
double vs_plot_text_width(const char *s, double size, int bold);

#endif
