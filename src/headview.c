/*
 * headview.c - the head view's gnuplot script (see headview.h).
 *
 * Query token i sits at (0, -i), key token j at (1, -j); the line from one
 * to the other is drawn in one colour whose opacity is the weight's shade
 * on the matrix's scale (vs_matrix_shade), as bertviz draws its lines, and
 * the heavier lines over the lighter ones.
 */
#include "config.h"

#include <stdlib.h>

#include "headview.h"
#include "plot.h"
#include "xalloc.h"

/* A line (i, j) and its shade, for sorting light to heavy. */
struct edge {
    size_t i, j;
    double s;
};

static int lighter_first(const void *a, const void *b)
{
    const struct edge *x = a, *y = b;

    return (x->s > y->s) - (x->s < y->s);
}

void vs_plot_head_view(FILE *f, const vs_result *r, int picture)
{
    size_t n = r->mrows, m = r->mcols, rows = n > m ? n : m, i, j, ne = 0;
    struct edge *e = xmallocarray(n * m > 0 ? n * m : 1, sizeof *e);

    fprintf(f,
            "unset key\nunset border\nunset tics\nunset colorbox\n"
            "set xrange [-0.6:1.6]\nset yrange [%zu.5:-0.5]\n"
            "set label 1 'query' at 0,0 right\nset label 2 'key' at 1,0 left\n",
            rows);
    /* the lines: x0 y0 dx dy colour (ARGB: the alpha byte 0 is opaque) */
    for (i = 0; i < n; i++)
        for (j = 0; j < m; j++) {
            double s = vs_matrix_shade(r, r->matrix[i * m + j]);
            if (s >= (picture ? 0.1 : 0.2)) {
                e[ne].i = i;
                e[ne].j = j;
                e[ne].s = s;
                ne++;
            }
        }
    qsort(e, ne, sizeof *e, lighter_first);
    fprintf(f, "$lines << EOD\n");
    for (i = 0; i < ne; i++) {
        unsigned alpha = (unsigned)((1.0 - e[i].s) * 255.0 + 0.5);
        fprintf(f, "0.08 %zu 0.84 %d %u\n", e[i].i + 1, (int)e[i].j - (int)e[i].i,
                picture ? (alpha << 24) | 0x08306bu : 0x08306bu);
    }
    fprintf(f, "EOD\n$tokens << EOD\n");
    for (i = 0; i < rows; i++) {
        char *q = vs_plot_quote(i < n ? r->row_labels[i] : "");
        char *k = vs_plot_quote(i < m ? r->col_labels[i] : "");
        fprintf(f, "%zu %s %s\n", i + 1, q, k);
        free(q);
        free(k);
    }
    fprintf(
        f,
        "EOD\nplot $lines using 1:2:3:4:5 with vectors nohead lw %s lc rgb variable, "
        "$tokens using (0):1:2 with labels right noenhanced, "
        "$tokens using (1):1:3 with labels left noenhanced\n",
        picture ? "3" : "1");
    free(e);
}
