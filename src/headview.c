/*
 * headview.c - the head view's gnuplot script (see headview.h).
 *
 * Query token i sits at (0, -i), key token j at (1, -j); the line from one
 * to the other is drawn in the palette's first colour, its opacity the
 * weight's place on the result's scale (vs_scale_of), as bertviz draws
 * its lines, and the heavier lines over the lighter ones.
 */
#include "config.h"

#include <stdlib.h>

#include "headview.h"
#include "palette.h"
#include "plot.h"
#include "xalloc.h"

static int lighter_first(const void *a, const void *b)
{
    const vs_head_line *x = a, *y = b;

    return (x->t > y->t) - (x->t < y->t);
}

vs_head_line *vs_head_lines(const vs_result *r, size_t from, size_t to, long query, long key,
                            double min, size_t *count)
{
    size_t n = r->mrows, m = r->mcols, i, j, ne = 0;
    vs_head_line *e = xmallocarray(n * m > 0 ? n * m : 1, sizeof *e);

    for (i = from; i < n && i < to; i++) {
        if (query >= 0 && (size_t)query != i)
            continue;
        for (j = 0; j < m; j++) {
            double t = vs_scale_of(r, r->matrix[i * m + j]);
            if (t >= min || (key >= 0 && (size_t)key == j)) {
                e[ne].i = i;
                e[ne].j = j;
                e[ne].t = t;
                ne++;
            }
        }
    }
    qsort(e, ne, sizeof *e, lighter_first);
    *count = ne;
    return e;
}

void vs_plot_head_view(FILE *f, const vs_result *r, int picture)
{
    size_t n = r->mrows, m = r->mcols, rows = n > m ? n : m, i, ne;
    vs_head_line *e = vs_head_lines(r, 0, n, -1, -1, picture ? 0.1 : 0.2, &ne);
    const vs_colour *ink = vs_palette_group(0);
    unsigned rgb = (unsigned)ink->r << 16 | (unsigned)ink->g << 8 | ink->b;

    fprintf(f,
            "unset key\nunset border\nunset tics\nunset colorbox\n"
            "set xrange [-0.6:1.6]\nset yrange [%zu.5:-0.5]\n"
            "set label 1 'query' at 0,0 right\nset label 2 'key' at 1,0 left\n",
            rows);
    /* the lines: x0 y0 dx dy colour (ARGB: the alpha byte 0 is opaque) */
    fprintf(f, "$lines << EOD\n");
    for (i = 0; i < ne; i++) {
        unsigned alpha = (unsigned)((1.0 - e[i].t) * 255.0 + 0.5);
        fprintf(f, "0.08 %zu 0.84 %d %u\n", e[i].i + 1, (int)e[i].j - (int)e[i].i,
                picture ? (alpha << 24) | rgb : rgb);
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
