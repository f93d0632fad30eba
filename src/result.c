/*
 * result.c - building typed results. See result.h.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "result.h"
#include "xalloc.h"

void vs_result_init(vs_result *r)
{
    memset(r, 0, sizeof *r);
    r->kind = VS_RESULT_NONE;
}

void vs_result_clear(vs_result *r)
{
    size_t i;

    free(r->title);
    for (i = 0; i < r->nnotes; i++)
        free(r->notes[i]);
    free(r->notes);
    for (i = 0; i < r->nitems; i++)
        free(r->items[i].term);
    free(r->items);
    free(r->vec);
    free(r->vec_term);
    if (r->header != NULL)
        for (i = 0; i < r->cols; i++)
            free(r->header[i]);
    free(r->header);
    for (i = 0; i < r->rows * r->cols; i++)
        free(r->cells[i]);
    free(r->cells);
    free(r->text);
    free(r->out_path);
    for (i = 0; i < r->npoints; i++) {
        if (r->labels != NULL)
            free(r->labels[i]);
        if (r->groups != NULL)
            free(r->groups[i]);
    }
    free(r->labels);
    free(r->groups);
    free(r->coords);
    free(r->axis_info);
    free(r->axis_info_name);
    if (r->axis_titles != NULL)
        for (i = 0; i < r->pdims; i++)
            free(r->axis_titles[i]);
    free(r->axis_titles);
    for (i = 0; i < r->mrows; i++)
        free(r->row_labels[i]);
    for (i = 0; i < r->mcols; i++)
        free(r->col_labels[i]);
    free(r->row_labels);
    free(r->col_labels);
    free(r->matrix);
    free(r->row_title);
    free(r->col_title);
    free(r->value_title);
    free(r->marked);
    for (i = 0; i < r->ngroupings; i++) {
        size_t j;
        for (j = 0; j < r->npoints; j++)
            free(r->groupings[i].of[j]);
        free(r->groupings[i].of);
        free(r->groupings[i].name);
    }
    free(r->groupings);
    vs_result_init(r);
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    int n;
    char *s;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    s = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
    vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
    return s;
}

void vs_result_title(vs_result *r, const char *fmt, ...)
{
    va_list ap;

    free(r->title);
    va_start(ap, fmt);
    r->title = vformat(fmt, ap);
    va_end(ap);
}

void vs_result_note(vs_result *r, const char *fmt, ...)
{
    va_list ap;

    r->notes = xreallocarray(r->notes, r->nnotes + 1, sizeof *r->notes);
    va_start(ap, fmt);
    r->notes[r->nnotes++] = vformat(fmt, ap);
    va_end(ap);
}

void vs_result_add_ranked(vs_result *r, const char *term, double score)
{
    r->kind = VS_RESULT_RANKED;
    if (r->nitems == r->items_cap) {
        r->items_cap = r->items_cap ? 2 * r->items_cap : 16;
        r->items = xreallocarray(r->items, r->items_cap, sizeof *r->items);
    }
    r->items[r->nitems].term = xstrdup(term);
    r->items[r->nitems].score = score;
    r->nitems++;
}

void vs_result_set_scalar(vs_result *r, const char *name, double value)
{
    r->kind = VS_RESULT_SCALAR;
    r->scalar_name = name;
    r->scalar = value;
}

void vs_result_set_vector(vs_result *r, const char *term, const float *v,
                          size_t dim)
{
    r->kind = VS_RESULT_VECTOR;
    free(r->vec);
    free(r->vec_term);
    r->vec = xmallocarray(dim ? dim : 1, sizeof *r->vec);
    memcpy(r->vec, v, dim * sizeof *v);
    r->dim = dim;
    r->vec_term = term ? xstrdup(term) : NULL;
}

void vs_result_table(vs_result *r, size_t cols, ...)
{
    va_list ap;
    size_t i;

    r->kind = VS_RESULT_TABLE;
    r->cols = cols;
    r->rows = 0;
    r->header = xcalloc(cols, sizeof *r->header);
    va_start(ap, cols);
    for (i = 0; i < cols; i++)
        r->header[i] = xstrdup(va_arg(ap, const char *));
    va_end(ap);
}

static void grow_cells(vs_result *r)
{
    if ((r->rows + 1) * r->cols > r->cells_cap) {
        r->cells_cap = r->cells_cap ? 2 * r->cells_cap : 16 * r->cols;
        while (r->cells_cap < (r->rows + 1) * r->cols)
            r->cells_cap *= 2;
        r->cells = xreallocarray(r->cells, r->cells_cap, sizeof *r->cells);
    }
}

void vs_result_row(vs_result *r, ...)
{
    va_list ap;
    size_t i;

    grow_cells(r);
    va_start(ap, r);
    for (i = 0; i < r->cols; i++)
        r->cells[r->rows * r->cols + i] = xstrdup(va_arg(ap, const char *));
    va_end(ap);
    r->rows++;
}

void vs_result_row_v(vs_result *r, const char *const *cells)
{
    size_t i;

    grow_cells(r);
    for (i = 0; i < r->cols; i++)
        r->cells[r->rows * r->cols + i] = xstrdup(cells[i]);
    r->rows++;
}

void vs_result_field_u(vs_result *r, const char *field, unsigned long long v)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%llu", v);
    vs_result_row(r, field, buf);
}

void vs_result_field_g(vs_result *r, const char *field, const char *fmt, double v)
{
    char buf[64];

    snprintf(buf, sizeof buf, fmt, v);
    vs_result_row(r, field, buf);
}

void vs_result_printf(vs_result *r, const char *fmt, ...)
{
    va_list ap;
    char *add;
    size_t old;

    r->kind = VS_RESULT_TEXT;
    va_start(ap, fmt);
    add = vformat(fmt, ap);
    va_end(ap);
    old = r->text ? strlen(r->text) : 0;
    r->text = xrealloc(r->text, old + strlen(add) + 1);
    strcpy(r->text + old, add);
    free(add);
}

void vs_result_set_points(vs_result *r, size_t n, size_t dims,
                          const char *const *labels, const char *const *groups,
                          const float *coords, const double *info,
                          const char *info_name)
{
    size_t i;

    r->kind = VS_RESULT_POINTS;
    r->npoints = n;
    r->pdims = dims;
    r->labels = xmallocarray(n ? n : 1, sizeof *r->labels);
    r->groups = groups ? xmallocarray(n ? n : 1, sizeof *r->groups) : NULL;
    for (i = 0; i < n; i++) {
        r->labels[i] = xstrdup(labels[i]);
        if (groups != NULL)
            r->groups[i] = xstrdup(groups[i]);
    }
    r->coords = xmallocarray(n * dims != 0 ? n * dims : 1, sizeof *r->coords);
    memcpy(r->coords, coords, n * dims * sizeof *r->coords);
    if (info != NULL) {
        r->axis_info = xmallocarray(dims, sizeof *r->axis_info);
        memcpy(r->axis_info, info, dims * sizeof *r->axis_info);
        r->axis_info_name = info_name ? xstrdup(info_name) : NULL;
    }
    if (groups != NULL)
        vs_result_add_grouping(r, "group", groups);
}

void vs_result_add_grouping(vs_result *r, const char *name, const char *const *of)
{
    struct vs_grouping *g;
    size_t i;

    r->groupings = xreallocarray(r->groupings, r->ngroupings + 1, sizeof *r->groupings);
    g = &r->groupings[r->ngroupings++];
    g->name = xstrdup(name);
    g->of = xmallocarray(r->npoints ? r->npoints : 1, sizeof *g->of);
    for (i = 0; i < r->npoints; i++)
        g->of[i] = xstrdup(of[i]);
    vs_result_use_grouping(r, r->ngroupings - 1);
}

void vs_result_use_grouping(vs_result *r, size_t k)
{
    size_t i;

    if (k >= r->ngroupings)
        return;
    if (r->groups == NULL)
        r->groups = xmallocarray(r->npoints ? r->npoints : 1, sizeof *r->groups);
    else
        for (i = 0; i < r->npoints; i++)
            free(r->groups[i]);
    for (i = 0; i < r->npoints; i++)
        r->groups[i] = xstrdup(r->groupings[k].of[i]);
}

void vs_result_axis_title(vs_result *r, size_t k, const char *fmt, ...)
{
    va_list ap;

    if (k >= r->pdims)
        return;
    if (r->axis_titles == NULL)
        r->axis_titles = xcalloc(r->pdims, sizeof *r->axis_titles);
    free(r->axis_titles[k]);
    va_start(ap, fmt);
    r->axis_titles[k] = vformat(fmt, ap);
    va_end(ap);
}

void vs_result_set_matrix(vs_result *r, size_t rows, size_t cols,
                          const char *const *row_labels,
                          const char *const *col_labels, const float *m)
{
    size_t i;

    r->kind = VS_RESULT_MATRIX;
    r->mrows = rows;
    r->mcols = cols;
    r->row_labels = xmallocarray(rows ? rows : 1, sizeof *r->row_labels);
    r->col_labels = xmallocarray(cols ? cols : 1, sizeof *r->col_labels);
    for (i = 0; i < rows; i++)
        r->row_labels[i] = xstrdup(row_labels[i]);
    for (i = 0; i < cols; i++)
        r->col_labels[i] = xstrdup(col_labels[i]);
    r->matrix = xmallocarray(rows * cols > 0 ? rows * cols : 1, sizeof *r->matrix);
    memcpy(r->matrix, m, rows * cols * sizeof *r->matrix);
    r->mlo = 0.0;
    r->mhi = 1.0;
}

void vs_result_matrix_scale(vs_result *r, const char *row_title, const char *col_title,
                            const char *value_title, double lo, double hi)
{
    free(r->row_title);
    free(r->col_title);
    free(r->value_title);
    r->row_title = row_title ? xstrdup(row_title) : NULL;
    r->col_title = col_title ? xstrdup(col_title) : NULL;
    r->value_title = value_title ? xstrdup(value_title) : NULL;
    r->mlo = lo;
    r->mhi = hi;
}

double vs_result_matrix_pos(const vs_result *r, double v)
{
    double lo = r->mhi > r->mlo ? r->mlo : 0.0, hi = r->mhi > r->mlo ? r->mhi : 1.0;

    v = (v - lo) / (hi - lo);
    return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
}

/* A table cell that shows a number that is not one: "nan", "-nan", "inf"
 * (any case), as printf writes them. */
static int nonfinite_text(const char *c)
{
    if (*c == '-' || *c == '+')
        c++;
    return strcasecmp(c, "nan") == 0 || strcasecmp(c, "inf") == 0 ||
           strcasecmp(c, "infinity") == 0;
}

int vs_result_check_finite(const vs_result *r, char *where, size_t size)
{
    size_t i;

    switch (r->kind) {
    case VS_RESULT_RANKED:
        for (i = 0; i < r->nitems; i++)
            if (!isfinite(r->items[i].score)) {
                snprintf(where, size, "the %s of '%s'", r->score_name ? r->score_name : "score",
                         r->items[i].term);
                return -1;
            }
        break;
    case VS_RESULT_SCALAR:
        if (!isfinite(r->scalar)) {
            snprintf(where, size, "the %s", r->scalar_name ? r->scalar_name : "result");
            return -1;
        }
        break;
    case VS_RESULT_VECTOR:
        for (i = 0; i < r->dim; i++)
            if (!isfinite(r->vec[i])) {
                snprintf(where, size, "component %zu of the vector", i);
                return -1;
            }
        break;
    case VS_RESULT_TABLE:
        for (i = 0; i < r->rows * r->cols; i++)
            if (r->cells[i] != NULL && nonfinite_text(r->cells[i])) {
                snprintf(where, size, "row %zu, column '%s' of the table", i / r->cols + 1,
                         r->header[i % r->cols]);
                return -1;
            }
        break;
    case VS_RESULT_POINTS:
        for (i = 0; i < r->npoints * r->pdims; i++)
            if (!isfinite(r->coords[i])) {
                snprintf(where, size, "the coordinates of '%s'", r->labels[i / r->pdims]);
                return -1;
            }
        break;
    case VS_RESULT_MATRIX:
        for (i = 0; i < r->mrows * r->mcols; i++)
            if (!isfinite(r->matrix[i])) {
                snprintf(where, size, "row '%s', column '%s' of the matrix",
                         r->row_labels[i / r->mcols], r->col_labels[i % r->mcols]);
                return -1;
            }
        break;
    default:
        break;
    }
    return 0;
}
