/*
 * labels.c - which labels of a map to draw (see labels.h).
 *
 * The distance from each point to its nearest neighbour comes from a
 * uniform grid over the unit square, searched in rings of cells, so a map
 * of n points costs about n cells' worth of work rather than n^2. Label
 * boxes are then placed greedily, most isolated point first, each checked
 * against the boxes already placed.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "xalloc.h"

/* A uniform grid over [0, 1]^2 for nearest-neighbour distances: cell
 * c holds the points idx[start[c] .. start[c+1]). */
typedef struct grid {
    size_t g;          /* g x g cells */
    size_t *start, *idx;
} grid;

static size_t cell_of(float v, size_t g)
{
    long c = (long)(v * (float)g);

    return c < 0 ? 0 : (size_t)c >= g ? g - 1 : (size_t)c;
}

static void grid_build(grid *G, const float *xy, size_t n)
{
    size_t i, *fill;

    G->g = (size_t)sqrt((double)n) + 1;
    G->start = xcalloc(G->g * G->g + 1, sizeof *G->start);
    G->idx = xmallocarray(n ? n : 1, sizeof *G->idx);
    for (i = 0; i < n; i++)
        G->start[cell_of(xy[2 * i + 1], G->g) * G->g + cell_of(xy[2 * i], G->g) + 1]++;
    for (i = 0; i < G->g * G->g; i++)
        G->start[i + 1] += G->start[i];
    fill = xmallocarray(G->g * G->g, sizeof *fill);
    memcpy(fill, G->start, G->g * G->g * sizeof *fill);
    for (i = 0; i < n; i++)
        G->idx[fill[cell_of(xy[2 * i + 1], G->g) * G->g + cell_of(xy[2 * i], G->g)]++] = i;
    free(fill);
}

/* Distance from point i to its nearest other point: rings of cells around
 * its own, until the ring is farther than the best distance found. */
static double nearest(const grid *G, const float *xy, size_t i)
{
    long g = (long)G->g, cx = (long)cell_of(xy[2 * i], G->g),
         cy = (long)cell_of(xy[2 * i + 1], G->g), ring, x, y;
    double best = HUGE_VAL, cw = 1.0 / (double)g;

    for (ring = 0; ring <= g; ring++) {
        if (best < HUGE_VAL && (double)(ring - 1) * cw > best)
            break;
        for (y = cy - ring; y <= cy + ring; y++)
            for (x = cx - ring; x <= cx + ring; x++) {
                size_t k;
                if (x < 0 || y < 0 || x >= g || y >= g)
                    continue;
                if (labs(x - cx) != ring && labs(y - cy) != ring)
                    continue;  /* inside the ring: done already */
                for (k = G->start[y * g + x]; k < G->start[y * g + x + 1]; k++) {
                    size_t j = G->idx[k];
                    double dx = xy[2 * j] - xy[2 * i], dy = xy[2 * j + 1] - xy[2 * i + 1];
                    double d = sqrt(dx * dx + dy * dy);
                    if (j != i && d < best)
                        best = d;
                }
            }
    }
    return best;
}

typedef struct box {
    double x0, y0, x1, y1;
} box;

static box label_box(const float *xy, size_t i, const double *width, double height)
{
    box b;

    b.x0 = xy[2 * i] - width[i] / 2;
    b.x1 = xy[2 * i] + width[i] / 2;
    b.y0 = xy[2 * i + 1] + height / 2;  /* labels sit a line above their point */
    b.y1 = xy[2 * i + 1] + 3 * height / 2;
    return b;
}

static int overlaps(const box *a, const box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static const double *sort_key;

static int by_isolation(const void *a, const void *b)
{
    double x = sort_key[*(const size_t *)a], y = sort_key[*(const size_t *)b];

    if (x != y)
        return x > y ? -1 : 1;
    return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

size_t vs_labels_pick(const float *xy, size_t n, const double *width, double height,
                      const unsigned char *must, size_t cap, unsigned char *show)
{
    box *placed = xmallocarray(n ? n : 1, sizeof *placed);
    double *iso = xmallocarray(n ? n : 1, sizeof *iso);
    size_t *order = xmallocarray(n ? n : 1, sizeof *order);
    size_t i, k, np = 0, no = 0;
    grid G;

    /* 1. the marked points, whatever the overlap */
    for (i = 0; i < n; i++) {
        show[i] = must != NULL && must[i];
        if (show[i])
            placed[np++] = label_box(xy, i, width, height);
    }
    /* 2. the others, most isolated first, where their label fits */
    grid_build(&G, xy, n);
    for (i = 0; i < n; i++)
        if (!show[i]) {
            iso[i] = nearest(&G, xy, i);
            order[no++] = i;
        }
    sort_key = iso;
    qsort(order, no, sizeof *order, by_isolation);
    for (k = 0; k < no && np < cap; k++) {
        box b = label_box(xy, order[k], width, height);
        size_t j;
        if (b.x0 < 0 || b.x1 > 1 || b.y1 > 1)
            continue;  /* it would be cut off at the border */
        for (j = 0; j < np && !overlaps(&b, &placed[j]); j++)
            ;
        if (j == np) {
            placed[np++] = b;
            show[order[k]] = 1;
        }
    }
    free(G.start);
    free(G.idx);
    free(placed);
    free(iso);
    free(order);
    return np;
}
