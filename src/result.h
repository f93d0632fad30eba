/*
 * result.h - typed results of commands.
 *
 * A command never prints: it fills a vs_result, and a renderer (render.h,
 * the TUI) turns it into text, TSV, JSON or a pane. Notes are side messages
 * (a warning about duplicate words, "loaded X") that renderers show apart
 * from the data and never in TSV output on stdout.
 */
#ifndef VS_RESULT_H
#define VS_RESULT_H

#include <stddef.h>

enum vs_result_kind {
    VS_RESULT_NONE,    /* nothing but notes */
    VS_RESULT_RANKED,  /* (term, score) list, best first */
    VS_RESULT_SCALAR,  /* one number */
    VS_RESULT_VECTOR,  /* float32 vector */
    VS_RESULT_TABLE,   /* rows of strings under a header */
    VS_RESULT_TEXT,    /* preformatted text (help) */
    VS_RESULT_POINTS,  /* labelled points of a map (pca, tsne) */
    VS_RESULT_MATRIX   /* numbers under row and column labels, on a scale
                          (attention weights in [0, 1], cosines in [-1, 1]) */
};

/* A MATRIX's picture (attn --view): a heatmap, or bertviz's head view. */
enum { VS_VIEW_HEATMAP, VS_VIEW_LINES };

typedef struct vs_ranked {
    char *term;
    double score;
} vs_ranked;

typedef struct vs_result {
    enum vs_result_kind kind;
    char *title;        /* a heading for text output, or NULL */
    char **notes;       /* side messages */
    size_t nnotes;

    vs_ranked *items;   /* RANKED */
    size_t nitems, items_cap;
    const char *score_name;  /* "cosine", "score": a column name for JSON/text */
    int whole_scores;        /* 1: the scores are whole numbers (ranks), shown
                                without decimals */

    double scalar;      /* SCALAR */
    const char *scalar_name;

    float *vec;         /* VECTOR */
    size_t dim;
    char *vec_term;

    size_t rows, cols;  /* TABLE: header has cols strings; cells rows x cols */
    char **header;
    char **cells;
    size_t cells_cap;

    char *text;         /* TEXT */

    char *out_path;     /* also write the data as TSV to this file (--out), or NULL */

    size_t npoints, pdims;  /* POINTS: npoints labels, coords npoints x pdims */
    char **labels;
    char **groups;          /* npoints group names, or NULL when ungrouped */
    float *coords;
    double *axis_info;      /* pdims numbers per axis (explained variance), or NULL */
    char *axis_info_name;   /* "explained_variance_ratio": a JSON key */
    char **axis_titles;     /* pdims titles for a picture's axes ("PC1 (23.1 % of
                               the variance)"), or NULL: "axis 1", ... */

    size_t mrows, mcols;    /* MATRIX: mrows x mcols values, row-major */
    char **row_labels, **col_labels;
    float *matrix;
    int matrix_view;        /* VS_VIEW_HEATMAP or VS_VIEW_LINES */
    char *row_title, *col_title;  /* what the rows and the columns are ("query
                                     token", "word"), for a picture's axes; or
                                     NULL: no axis title */
    char *value_title;      /* what the values are ("attention weight",
                               "cosine"), for a colour bar; or NULL */
    double mlo, mhi;        /* the values' scale, lightest to darkest: [0, 1]
                               unless vs_result_matrix_scale says otherwise */

    /* A picture asked for (--plot, or --out with a .png/.svg/.pdf name):
     * the front end draws it in the terminal, or vs_cmd_run writes out_path
     * through gnuplot (plot.h) instead of TSV. */
    int plot;               /* 1: draw it */
    int plot_labels;        /* VS_PLOT_LABELS_AUTO, _ALL, _NONE (plot.h) */
    unsigned char *marked;  /* POINTS: npoints flags, 1 = a selected or queried
                               word that --labels auto always labels; or NULL */
    int plot_scale;         /* MATRIX: how a value's place on [mlo, mhi]
                               (vs_result_matrix_pos) maps to colours and
                               shades in the text, the TUI and pictures alike:
                               enum vs_scale (palette.h), linear (0) or square
                               root */
    /* POINTS: every way of colouring the points that the command knows: the
     * selection's groups, k-means clusters (--clusters K), a file's groups
     * (--groups FILE); each a name and npoints group names ("" for none).
     * groups (above) is a copy of the last added, which pictures and TSV
     * use; the TUI lets the user choose. */
    struct vs_grouping {
        char *name;
        char **of;
    } *groupings;
    size_t ngroupings;
    /* Set by vs_cmd_run once out_path is written: the renderers show one
     * line naming the file (out_what: "a PNG picture", "a TSV table")
     * instead of the data. */
    int out_written;
    const char *out_what;
} vs_result;

void vs_result_init(vs_result *r);
/* Frees everything and leaves an empty result (VS_RESULT_NONE). */
void vs_result_clear(vs_result *r);

void vs_result_title(vs_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void vs_result_note(vs_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Makes r a ranked list (once) and appends (copy of term, score). */
void vs_result_add_ranked(vs_result *r, const char *term, double score);
void vs_result_set_scalar(vs_result *r, const char *name, double value);
/* Copies dim floats. term may be NULL. */
void vs_result_set_vector(vs_result *r, const char *term, const float *v,
                          size_t dim);
/* Makes r a table with cols columns named by the cols strings that follow. */
void vs_result_table(vs_result *r, size_t cols, ...);
/* Appends a row of cols strings (copied). */
void vs_result_row(vs_result *r, ...);
/* Appends a row whose cells are given as an array. */
void vs_result_row_v(vs_result *r, const char *const *cells);
/* Appends a row (field, v) to a two-column table: v as a whole number, or
 * printed by the printf format fmt (one double). */
void vs_result_field_u(vs_result *r, const char *field, unsigned long long v);
void vs_result_field_g(vs_result *r, const char *field, const char *fmt, double v);
/* Makes r a map of n points in dims dimensions: labels (n), groups (n, or
 * NULL), coords (n x dims) and info (dims, or NULL) are copied. */
void vs_result_set_points(vs_result *r, size_t n, size_t dims,
                          const char *const *labels, const char *const *groups,
                          const float *coords, const double *info,
                          const char *info_name);
/* Adds a way of colouring the npoints points of a POINTS result: name and
 * of (npoints names, "" for none) are copied, and groups becomes a copy of
 * of. */
void vs_result_add_grouping(vs_result *r, const char *name, const char *const *of);
/* Makes groups a copy of grouping k's names (k < ngroupings; another k
 * changes nothing): the colouring that pictures and TSV use. */
void vs_result_use_grouping(vs_result *r, size_t k);
/* Makes r a matrix (rows x cols values m, row-major) under row_labels (rows)
 * and col_labels (cols); all are copied. */
void vs_result_set_matrix(vs_result *r, size_t rows, size_t cols,
                          const char *const *row_labels,
                          const char *const *col_labels, const float *m);
/* Names a matrix's axes (row_title down, col_title across) and its values
 * (value_title), any of them NULL, and its scale [lo, hi] (lo < hi): a
 * heatmap runs from lo to hi (attention: 0 to 1; cosines: -1 to 1). */
void vs_result_matrix_scale(vs_result *r, const char *row_title, const char *col_title,
                            const char *value_title, double lo, double hi);
/* Where v lies on r's scale: 0 at mlo, 1 at mhi, clamped to [0, 1] (a
 * matrix without a scale of its own: [0, 1]). */
double vs_result_matrix_pos(const vs_result *r, double v);
/* Sets the title of axis k of a map (POINTS, k < pdims) from a format. */
void vs_result_axis_title(vs_result *r, size_t k, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Whether every number r shows is finite. Returns 0, or -1 with where the
 * first NaN or infinity is ("the score of 'x'", "component 3 of the
 * vector", a table cell written "nan") in where (size bytes). */
int vs_result_check_finite(const vs_result *r, char *where, size_t size);

/* Appends to the text (makes r TEXT). */
void vs_result_printf(vs_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
