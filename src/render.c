/*
 * render.c - results as aligned text for a person, as TSV for a program, or
 * as JSON.
 *
 * Text output escapes control characters and invalid UTF-8 in words (a model
 * file must not be able to drive the terminal) and aligns columns by display
 * width. TSV is bare data, one row a line, no header, no colour: scores with
 * 8 digits after the point, vector components with %.9g so they read back as
 * the same float32. JSON is one object a result, on one line. Notes go to
 * the message stream in every mode, so standard output carries only data.
 */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "palette.h"
#include "render.h"
#include "utf8.h"
#include "xalloc.h"

#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_RED "\033[31m"
#define C_YELLOW "\033[33m"
#define C_CYAN "\033[36m"
#define C_OFF "\033[0m"

static const char *col(const vs_render_opts *o, const char *c)
{
    return o->color ? c : "";
}

/* The same for the message stream. */
static const char *mcol(const vs_render_opts *o, const char *c)
{
    return o->msg_color ? c : "";
}

/* Writes s escaped, padded with spaces to width columns. */
static void put_padded(FILE *f, const char *s, int width)
{
    char *e = vs_escape(s, strlen(s));
    int w = vs_display_width(e);

    fputs(e, f);
    for (; w < width; w++)
        fputc(' ', f);
    free(e);
}

/* Writes text line by line, each escaped: the line breaks stay. */
static void put_lines(FILE *f, const char *text)
{
    while (*text != '\0') {
        size_t n = strcspn(text, "\n");
        char *e = vs_escape(text, n);

        fputs(e, f);
        free(e);
        text += n;
        if (*text == '\n') {
            fputc('\n', f);
            text++;
        }
    }
}

static int escaped_width(const char *s)
{
    char *e = vs_escape(s, strlen(s));
    int w = vs_display_width(e);

    free(e);
    return w;
}

static void text_ranked(const vs_result *r, const vs_render_opts *o)
{
    size_t i;
    int w = 4;

    for (i = 0; i < r->nitems; i++) {
        int x = escaped_width(r->items[i].term);
        if (x > w)
            w = x;
    }
    if (w > 40)
        w = 40;
    for (i = 0; i < r->nitems; i++) {
        fprintf(o->out, "%s%3zu%s  ", col(o, C_DIM), i + 1, col(o, C_OFF));
        put_padded(o->out, r->items[i].term, w);
        fprintf(o->out, r->whole_scores ? "  %s%9.0f%s\n" : "  %s%9.6f%s\n", col(o, C_CYAN),
                r->items[i].score, col(o, C_OFF));
    }
    if (r->nitems == 0)
        fprintf(o->out, "(no results)\n");
}

static void text_vector(const vs_result *r, const vs_render_opts *o)
{
    size_t i;

    for (i = 0; i < r->dim; i++)
        fprintf(o->out, "%13.9g%s", r->vec[i], (i % 6 == 5 || i + 1 == r->dim) ? "\n" : " ");
}

static void text_table(const vs_result *r, const vs_render_opts *o)
{
    int *w = xcalloc(r->cols, sizeof *w);
    size_t i, j;
    int header = 0;

    for (j = 0; j < r->cols; j++) {
        w[j] = escaped_width(r->header[j]);
        header |= r->header[j][0] != '\0';
    }
    for (i = 0; i < r->rows; i++)
        for (j = 0; j < r->cols; j++) {
            int x = escaped_width(r->cells[i * r->cols + j]);
            if (x > w[j])
                w[j] = x;
        }
    /* a two-column table is a field/value list: no header line */
    if (header && r->cols > 2) {
        fputs(col(o, C_BOLD), o->out);
        for (j = 0; j < r->cols; j++) {
            put_padded(o->out, r->header[j], j + 1 < r->cols ? w[j] : 0);
            fputs(j + 1 < r->cols ? "  " : "", o->out);
        }
        fprintf(o->out, "%s\n", col(o, C_OFF));
    }
    for (i = 0; i < r->rows; i++) {
        for (j = 0; j < r->cols; j++) {
            if (r->cols == 2 && j == 0)
                fputs(col(o, C_DIM), o->out);
            put_padded(o->out, r->cells[i * r->cols + j], j + 1 < r->cols ? w[j] : 0);
            if (r->cols == 2 && j == 0)
                fputs(col(o, C_OFF), o->out);
            fputs(j + 1 < r->cols ? "  " : "", o->out);
        }
        fputc('\n', o->out);
    }
    free(w);
}

/* MATRIX as a heatmap: each value as a shaded block (light to full in five
 * steps by each value's place on the scale r->mlo to r->mhi, under
 * r->plot_scale: vs_scale_of) and two decimals, under the column labels. */
static void text_matrix(const vs_result *r, const vs_render_opts *o)
{
    static const char *const shade[] = {" ", "\u2591", "\u2592", "\u2593", "\u2588"};
    size_t i, j;
    int lw = 0, *cw = xcalloc(r->mcols ? r->mcols : 1, sizeof *cw);
    int minw = r->mlo < 0 ? 6 : 5;  /* a shade and "0.42", or "-0.42" */

    for (i = 0; i < r->mrows; i++)
        if (escaped_width(r->row_labels[i]) > lw)
            lw = escaped_width(r->row_labels[i]);
    fputs(col(o, C_BOLD), o->out);
    put_padded(o->out, "", lw);
    for (j = 0; j < r->mcols; j++) {
        cw[j] = escaped_width(r->col_labels[j]);
        if (cw[j] < minw)
            cw[j] = minw;
        fputs("  ", o->out);
        put_padded(o->out, r->col_labels[j], j + 1 < r->mcols ? cw[j] : 0);
    }
    fprintf(o->out, "%s\n", col(o, C_OFF));
    for (i = 0; i < r->mrows; i++) {
        fputs(col(o, C_DIM), o->out);
        put_padded(o->out, r->row_labels[i], lw);
        fputs(col(o, C_OFF), o->out);
        for (j = 0; j < r->mcols; j++) {
            double v = r->matrix[i * r->mcols + j];
            int k = (int)(vs_scale_of(r, v) * 5.0);
            char cell[32];
            k = k < 0 ? 0 : k > 4 ? 4 : k;
            snprintf(cell, sizeof cell, "%s%.2f", shade[k], v);
            fputs("  ", o->out);
            fputs(col(o, C_CYAN), o->out);
            put_padded(o->out, cell, j + 1 < r->mcols ? cw[j] : 0);
            fputs(col(o, C_OFF), o->out);
        }
        fputc('\n', o->out);
    }
    free(cw);
}

static const char *const axis_names[] = {"x", "y", "z"};

/* POINTS as text: word, x, y(, z)(, group), aligned. */
static void text_points(const vs_result *r, const vs_render_opts *o)
{
    size_t i, j;
    int w = 4;

    for (i = 0; i < r->npoints; i++) {
        int lw = escaped_width(r->labels[i]);
        if (lw > w)
            w = lw;
    }
    fprintf(o->out, "%s", col(o, C_DIM));
    put_padded(o->out, "word", w);
    for (j = 0; j < r->pdims && j < 3; j++)
        fprintf(o->out, "  %12s", axis_names[j]);
    if (r->groups != NULL)
        fprintf(o->out, "  group");
    fprintf(o->out, "%s\n", col(o, C_OFF));
    for (i = 0; i < r->npoints; i++) {
        put_padded(o->out, r->labels[i], w);
        for (j = 0; j < r->pdims; j++)
            fprintf(o->out, "  %s%12.6f%s", col(o, C_CYAN),
                    r->coords[i * r->pdims + j], col(o, C_OFF));
        if (r->groups != NULL) {
            fputs("  ", o->out);
            put_padded(o->out, r->groups[i], 0);
        }
        fputc('\n', o->out);
    }
}

static void render_text(const vs_result *r, const vs_render_opts *o)
{
    if (r->title != NULL && r->kind != VS_RESULT_SCALAR && r->kind != VS_RESULT_NONE) {
        char *t = vs_escape(r->title, strlen(r->title));
        fprintf(o->out, "%s%s%s\n", col(o, C_BOLD), t, col(o, C_OFF));
        free(t);
    }
    switch (r->kind) {
    case VS_RESULT_NONE:
        break;
    case VS_RESULT_RANKED:
        text_ranked(r, o);
        break;
    case VS_RESULT_SCALAR:
        if (r->title != NULL) {
            char *t = vs_escape(r->title, strlen(r->title));
            fprintf(o->out, "%s = ", t);
            free(t);
        }
        fprintf(o->out, "%s%.6f%s\n", col(o, C_CYAN), r->scalar, col(o, C_OFF));
        break;
    case VS_RESULT_VECTOR:
        text_vector(r, o);
        break;
    case VS_RESULT_TABLE:
        text_table(r, o);
        break;
    case VS_RESULT_TEXT:
        put_lines(o->out, r->text);
        break;
    case VS_RESULT_POINTS:
        text_points(r, o);
        break;
    case VS_RESULT_MATRIX:
        text_matrix(r, o);
        break;
    }
}

/* TSV cells: tab, newline and backslash as \t \n \\, every other byte
 * that is not printable as \xNN (vs_escape_as), so rows stay rows and no
 * cell can drive a terminal. */
static void tsv_cell(FILE *f, const char *s)
{
    char *e = vs_escape_as(s, strlen(s), VS_ESC_TSV);

    fputs(e, f);
    free(e);
}

void vs_render_tsv_cell(FILE *f, const char *s)
{
    tsv_cell(f, s);
}

/* POINTS as TSV: word<TAB>x<TAB>y[<TAB>z][<TAB>group]; coordinates %.9g. */
static void points_tsv(const vs_result *r, FILE *f)
{
    size_t i, j;

    for (i = 0; i < r->npoints; i++) {
        tsv_cell(f, r->labels[i]);
        for (j = 0; j < r->pdims; j++)
            fprintf(f, "\t%.9g", r->coords[i * r->pdims + j]);
        if (r->groups != NULL) {
            fputc('\t', f);
            tsv_cell(f, r->groups[i]);
        }
        fputc('\n', f);
    }
}

/* POINTS as JSON: {"points": [{"word", "x", "y"(, "z")(, "group")}], and the
 * per-axis numbers under their name}. */
static json_t *jstr(const char *s);
static json_t *jnum(double x);

static void json_points(const vs_result *r, json_t *root)
{
    json_t *arr = json_array();
    size_t i, j;

    for (i = 0; i < r->npoints; i++) {
        json_t *p = json_object();
        json_object_set_new(p, "word", jstr(r->labels[i]));
        for (j = 0; j < r->pdims && j < 3; j++)
            json_object_set_new(p, axis_names[j], jnum(r->coords[i * r->pdims + j]));
        if (r->groups != NULL)
            json_object_set_new(p, "group", jstr(r->groups[i]));
        json_array_append_new(arr, p);
    }
    json_object_set_new(root, "points", arr);
    if (r->axis_info != NULL && r->axis_info_name != NULL) {
        arr = json_array();
        for (j = 0; j < r->pdims; j++)
            json_array_append_new(arr, jnum(r->axis_info[j]));
        json_object_set_new(root, r->axis_info_name, arr);
    }
}

/* MATRIX as TSV: "row label<TAB>v1<TAB>v2..." per row, no header. */
static void tsv_matrix(const vs_result *r, FILE *f)
{
    size_t i, j;

    for (i = 0; i < r->mrows; i++) {
        tsv_cell(f, r->row_labels[i]);
        for (j = 0; j < r->mcols; j++)
            fprintf(f, "\t%.6f", r->matrix[i * r->mcols + j]);
        fputc('\n', f);
    }
}

/* MATRIX as JSON: {"rows": [labels], "columns": [labels], "matrix": [[...]]}. */
static void json_matrix(const vs_result *r, json_t *root)
{
    json_t *rows = json_array(), *cols = json_array(), *m = json_array();
    size_t i, j;

    for (i = 0; i < r->mrows; i++)
        json_array_append_new(rows, jstr(r->row_labels[i]));
    for (j = 0; j < r->mcols; j++)
        json_array_append_new(cols, jstr(r->col_labels[j]));
    for (i = 0; i < r->mrows; i++) {
        json_t *row = json_array();
        for (j = 0; j < r->mcols; j++)
            json_array_append_new(row, jnum(r->matrix[i * r->mcols + j]));
        json_array_append_new(m, row);
    }
    json_object_set_new(root, "rows", rows);
    json_object_set_new(root, "columns", cols);
    json_object_set_new(root, "matrix", m);
}

static void render_tsv(const vs_result *r, const vs_render_opts *o)
{
    size_t i, j;

    switch (r->kind) {
    case VS_RESULT_NONE:
        break;
    case VS_RESULT_RANKED:
        for (i = 0; i < r->nitems; i++) {
            tsv_cell(o->out, r->items[i].term);
            fprintf(o->out, r->whole_scores ? "\t%.0f\n" : "\t%.8f\n", r->items[i].score);
        }
        break;
    case VS_RESULT_SCALAR:
        fprintf(o->out, "%.8f\n", r->scalar);
        break;
    case VS_RESULT_VECTOR:
        for (i = 0; i < r->dim; i++)
            fprintf(o->out, "%s%.9g", i ? "\t" : "", r->vec[i]);
        fputc('\n', o->out);
        break;
    case VS_RESULT_TABLE:
        for (i = 0; i < r->rows; i++) {
            for (j = 0; j < r->cols; j++) {
                if (j)
                    fputc('\t', o->out);
                tsv_cell(o->out, r->cells[i * r->cols + j]);
            }
            fputc('\n', o->out);
        }
        break;
    case VS_RESULT_TEXT:
        fputs(r->text, o->out);
        break;
    case VS_RESULT_POINTS:
        points_tsv(r, o->out);
        break;
    case VS_RESULT_MATRIX:
        tsv_matrix(r, o->out);
        break;
    }
}

/* A JSON string for s; bytes that are not UTF-8 are escaped first. */
static json_t *jstr(const char *s)
{
    json_t *j;
    char *e;

    if (vs_utf8_valid_prefix(s, strlen(s)) == strlen(s))
        return json_string(s);
    e = vs_escape(s, strlen(s));
    j = json_string(e);
    free(e);
    return j;
}

static json_t *jnum(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

static void render_json(const vs_result *r, const vs_render_opts *o)
{
    json_t *root = json_object(), *arr;
    size_t i, j;
    char *text;

    if (r->title != NULL)
        json_object_set_new(root, "title", jstr(r->title));
    switch (r->kind) {
    case VS_RESULT_NONE:
        break;
    case VS_RESULT_RANKED:
        arr = json_array();
        for (i = 0; i < r->nitems; i++)
            json_array_append_new(arr, json_pack("{s:o, s:o}", "term", jstr(r->items[i].term),
                                                 "score",
                                                 r->whole_scores
                                                     ? json_integer((json_int_t)r->items[i].score)
                                                     : jnum(r->items[i].score)));
        json_object_set_new(root, "results", arr);
        break;
    case VS_RESULT_SCALAR:
        json_object_set_new(root, r->scalar_name ? r->scalar_name : "value", jnum(r->scalar));
        break;
    case VS_RESULT_VECTOR:
        if (r->vec_term)
            json_object_set_new(root, "term", jstr(r->vec_term));
        arr = json_array();
        for (i = 0; i < r->dim; i++)
            json_array_append_new(arr, jnum(r->vec[i]));
        json_object_set_new(root, "vector", arr);
        break;
    case VS_RESULT_TABLE:
        arr = json_array();
        for (i = 0; i < r->rows; i++) {
            json_t *row = json_object();
            for (j = 0; j < r->cols; j++)
                json_object_set_new(row, r->header[j][0] ? r->header[j] : "current",
                                    jstr(r->cells[i * r->cols + j]));
            json_array_append_new(arr, row);
        }
        json_object_set_new(root, "rows", arr);
        break;
    case VS_RESULT_TEXT:
        json_object_set_new(root, "text", jstr(r->text));
        break;
    case VS_RESULT_POINTS:
        json_points(r, root);
        break;
    case VS_RESULT_MATRIX:
        json_matrix(r, root);
        break;
    }
    if (r->kind == VS_RESULT_NONE) {
        json_decref(root);
        return;
    }
    text = json_dumps(root, JSON_REAL_PRECISION(9) | JSON_ENSURE_ASCII * 0);
    fprintf(o->out, "%s\n", text);
    free(text);
    json_decref(root);
}

/* After --out: one line naming the file and what it holds, in place of the
 * data ("wrote map.png: a PNG picture of 16 points"); in JSON an object
 * {"wrote", "holds", "points" or "rows"/"columns"}. */
static void render_written(const vs_result *r, const vs_render_opts *o)
{
    char *path = vs_escape(r->out_path, strlen(r->out_path));
    const char *what = r->out_what != NULL ? r->out_what : "the data";

    if (o->mode == VS_OUT_JSON) {
        json_t *root = json_object();
        char *text;
        json_object_set_new(root, "wrote", jstr(r->out_path));
        json_object_set_new(root, "holds", json_string(what));
        if (r->kind == VS_RESULT_POINTS) {
            json_object_set_new(root, "points", json_integer((json_int_t)r->npoints));
        } else if (r->kind == VS_RESULT_MATRIX) {
            json_object_set_new(root, "rows", json_integer((json_int_t)r->mrows));
            json_object_set_new(root, "columns", json_integer((json_int_t)r->mcols));
        }
        text = json_dumps(root, 0);
        fprintf(o->out, "%s\n", text);
        free(text);
        json_decref(root);
    } else if (r->kind == VS_RESULT_POINTS) {
        fprintf(o->out, "wrote %s: %s of %zu points\n", path, what, r->npoints);
    } else if (r->kind == VS_RESULT_MATRIX) {
        fprintf(o->out, "wrote %s: %s of a %zu x %zu matrix\n", path, what, r->mrows,
                r->mcols);
    } else {
        fprintf(o->out, "wrote %s: %s\n", path, what);
    }
    free(path);
}

int vs_render(const vs_result *r, const vs_render_opts *o)
{
    size_t i;

    /* notes go to the message stream in every mode, so stdout is only data */
    {
        for (i = 0; i < r->nnotes; i++) {
            char *e = vs_escape(r->notes[i], strlen(r->notes[i]));
            int warn = strncmp(e, "warning:", 8) == 0;
            if (o->quiet && !warn) {
                free(e);
                continue;
            }
            fprintf(o->msg, "%s%s%s\n", mcol(o, warn ? C_YELLOW : C_DIM), e, mcol(o, C_OFF));
            free(e);
        }
        fflush(o->msg);
    }
    if (r->out_written)
        render_written(r, o);
    else if (o->mode == VS_OUT_TSV)
        render_tsv(r, o);
    else if (o->mode == VS_OUT_JSON)
        render_json(r, o);
    else
        render_text(r, o);
    errno = 0;
    if (fflush(o->out) != 0 || ferror(o->out)) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    return 0;
}

void vs_render_error(const char *where, const char *msg, const vs_render_opts *o)
{
    char *e = vs_escape(msg, strlen(msg));

    fprintf(o->msg, "%s%s%s%s%s%s\n", mcol(o, C_RED), "error: ", mcol(o, C_OFF),
            where ? where : "", where ? ": " : "", e);
    fflush(o->msg);
    free(e);
}

int vs_render_tsv_file(const vs_result *r, const char *path, vs_error *err)
{
    vs_render_opts o;
    vs_afile af;

    if (vs_afile_open(&af, path, 0, err) < 0)
        return -1;
    memset(&o, 0, sizeof o);
    o.mode = VS_OUT_TSV;
    o.out = af.f;
    render_tsv(r, &o);
    return vs_afile_commit(&af, err);
}
