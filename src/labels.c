/*
 * labels.c - which labels of a map to draw, and where (see labels.h).
 *
 * The points are binned in a uniform grid over the unit square, so both
 * questions asked of them are local: the distance from a point to its
 * nearest neighbour (rings of cells until the ring is farther than the
 * best found) and whether a label box would cover a point's mark (the
 * cells under the box). Labels are then placed greedily: each in the first
 * of its candidate places that is free, so a map of n points costs about n
 * candidate checks of a few cells each; the labels already placed are
 * binned in a grid of their own for the same reason.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "xalloc.h"

/* Room for rounding: boxes that share an edge (snapped to the same cell
 * boundary, computed two ways) must not count as overlapping. */
#define EPS 1e-9

/* A uniform grid over [0, 1]^2: cell c holds the points
 * idx[start[c] .. start[c+1]). */
typedef struct grid {
    size_t g;  /* g x g cells */
    size_t *start, *idx;
} grid;

static size_t cell_of(double v, size_t g)
{
    double c = v * (double)g;

    if (!(c >= 0))
        return 0;
    return c >= (double)g ? g - 1 : (size_t)c;
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

int vs_label_boxes_overlap(const vs_label_box *a, const vs_label_box *b)
{
    return a->x0 < b->x1 - EPS && b->x0 < a->x1 - EPS && a->y0 < b->y1 - EPS &&
           b->y0 < a->y1 - EPS;
}

/* How many points other than self have a mark that b covers. */
static size_t points_under(const grid *G, const float *xy, const vs_label_geom *geo,
                           const vs_label_box *b, size_t self, size_t stop)
{
    size_t x0 = cell_of(b->x0 - geo->mark_w, G->g), x1 = cell_of(b->x1 + geo->mark_w, G->g);
    size_t y0 = cell_of(b->y0 - geo->mark_h, G->g), y1 = cell_of(b->y1 + geo->mark_h, G->g);
    size_t x, y, k, hits = 0;

    for (y = y0; y <= y1; y++)
        for (x = x0; x <= x1; x++)
            for (k = G->start[y * G->g + x]; k < G->start[y * G->g + x + 1]; k++) {
                size_t j = G->idx[k];
                vs_label_box m;
                if (j == self)
                    continue;
                m.x0 = xy[2 * j] - geo->mark_w;
                m.x1 = xy[2 * j] + geo->mark_w;
                m.y0 = xy[2 * j + 1] - geo->mark_h;
                m.y1 = xy[2 * j + 1] + geo->mark_h;
                if (vs_label_boxes_overlap(b, &m) && ++hits >= stop)
                    return hits;
            }
    return hits;
}

static double snap(double v, double step)
{
    return step > 0 ? round(v / step) * step : v;
}

/* Where a label of size len starts along one axis, for a point at p: past
 * it by off (dir 1), before it by off (dir -1), or centred on it (0). */
static double side(double p, int dir, double off, double len)
{
    return dir > 0 ? p + off : dir < 0 ? p - off - len : p - len / 2;
}

/* Candidate place c (0..7: right, above, left, below, then the corners
 * above right, above left, below right, below left) at distance level
 * (0: beside the point; 1, 2: set further out) for a label w wide. */
static vs_label_box candidate(const float *xy, size_t i, double w, const vs_label_geom *geo,
                              int c, int level)
{
    static const int dx[8] = {1, 0, -1, 0, 1, -1, 1, -1}, dy[8] = {0, 1, 0, -1, 1, 1, -1, -1};
    double px = xy[2 * i], py = xy[2 * i + 1], h = geo->height;
    double far = level * 1.5 * h, x0, y0;
    vs_label_box b;

    x0 = side(px, dx[c], geo->gap + far, w);
    y0 = side(py, dy[c], geo->vgap + far, h);
    b.x0 = snap(x0, geo->snap_x);
    b.y0 = snap(y0, geo->snap_y);
    b.x1 = b.x0 + w;
    b.y1 = b.y0 + h;
    b.moved = level > 0;
    return b;
}

static int inside(const vs_label_box *b)
{
    return b->x0 >= -EPS && b->x1 <= 1 + EPS && b->y0 >= -EPS && b->y1 <= 1 + EPS;
}

/* The labels placed so far, binned in a uniform grid over the unit square
 * (a box in every cell it touches, cells as lists through next[]), so that
 * what a candidate overlaps is found among its neighbours, not among all
 * the labels placed: `--labels all` on thousands of points stays linear. */
typedef struct placed {
    vs_label_box *box;   /* the boxes, in the order placed */
    size_t n;
    size_t g;            /* g x g cells */
    size_t *head;        /* the last entry of each cell, or SIZE_MAX */
    size_t *next, *id;   /* entries: the box, and the cell's entry before */
    size_t nent, cap;
    unsigned *seen;      /* per box: the query that last counted it */
    unsigned query;
} placed;

static void placed_init(placed *P, size_t n)
{
    size_t c;

    memset(P, 0, sizeof *P);
    P->box = xmallocarray(n ? n : 1, sizeof *P->box);
    P->seen = xcalloc(n ? n : 1, sizeof *P->seen);
    P->g = (size_t)sqrt((double)n) + 1;
    P->head = xmallocarray(P->g * P->g, sizeof *P->head);
    for (c = 0; c < P->g * P->g; c++)
        P->head[c] = SIZE_MAX;
}

static void placed_free(placed *P)
{
    free(P->box);
    free(P->seen);
    free(P->head);
    free(P->next);
    free(P->id);
}

static void placed_add(placed *P, const vs_label_box *b)
{
    size_t x0 = cell_of(b->x0, P->g), x1 = cell_of(b->x1, P->g);
    size_t y0 = cell_of(b->y0, P->g), y1 = cell_of(b->y1, P->g), x, y;

    P->box[P->n] = *b;
    for (y = y0; y <= y1; y++)
        for (x = x0; x <= x1; x++) {
            if (P->nent == P->cap) {
                P->cap = P->cap ? 2 * P->cap : 64;
                P->next = xreallocarray(P->next, P->cap, sizeof *P->next);
                P->id = xreallocarray(P->id, P->cap, sizeof *P->id);
            }
            P->id[P->nent] = P->n;
            P->next[P->nent] = P->head[y * P->g + x];
            P->head[y * P->g + x] = P->nent++;
        }
    P->n++;
}

/* How many of the placed boxes b overlaps, counting to stop at most. */
static size_t labels_under(placed *P, const vs_label_box *b, size_t stop)
{
    size_t x0 = cell_of(b->x0, P->g), x1 = cell_of(b->x1, P->g);
    size_t y0 = cell_of(b->y0, P->g), y1 = cell_of(b->y1, P->g), x, y, e, hits = 0;

    P->query++;
    for (y = y0; y <= y1; y++)
        for (x = x0; x <= x1; x++)
            for (e = P->head[y * P->g + x]; e != SIZE_MAX; e = P->next[e]) {
                size_t j = P->id[e];
                if (P->seen[j] == P->query)
                    continue;  /* in two cells: counted once */
                P->seen[j] = P->query;
                if (vs_label_boxes_overlap(b, &P->box[j]) && ++hits >= stop)
                    return hits;
            }
    return hits;
}

static const double *sort_key;
static int sort_desc;

static int by_key(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double x = sort_key[i], y = sort_key[j];

    if (x != y)
        return (x < y) == !sort_desc ? -1 : 1;
    return i < j ? -1 : 1;
}

size_t vs_labels_place(const float *xy, size_t n, const double *width,
                       const vs_label_geom *geom, const unsigned char *must,
                       const double *priority, unsigned char *show, vs_label_box *box)
{
    placed P;
    double *iso = NULL;
    size_t *order = xmallocarray(n ? n : 1, sizeof *order);
    size_t i, k, no = 0;
    grid G;

    grid_build(&G, xy, n);
    placed_init(&P, n);
    memset(show, 0, n);
    /* 1. the marked points: the first free place, near to far; else the
     * place with the fewest labels, then points, under it */
    for (i = 0; i < n && must != NULL; i++) {
        vs_label_box best, b;
        double best_cost = HUGE_VAL;
        int c, level, done = 0;
        if (!must[i])
            continue;
        for (level = 0; level < 3 && !done; level++)
            for (c = 0; c < 8 && !done; c++) {
                size_t nl, npt;
                double cost;
                b = candidate(xy, i, width[i], geom, c, level);
                nl = labels_under(&P, &b, 8);
                npt = points_under(&G, xy, geom, &b, i, 8);
                cost = (inside(&b) ? 0 : 1e9) + 1000.0 * (double)nl + (double)npt;
                if (cost < best_cost) {
                    best_cost = cost;
                    best = b;
                }
                done = cost == 0;
            }
        placed_add(&P, &best);
        show[i] = 1;
        if (box != NULL)
            box[i] = best;
    }
    /* 2. the others, in order, where a place beside them is free */
    for (i = 0; i < n; i++)
        if (!show[i])
            order[no++] = i;
    if (priority == NULL) {
        iso = xmallocarray(n ? n : 1, sizeof *iso);
        for (k = 0; k < no; k++)
            iso[order[k]] = nearest(&G, xy, order[k]);
    }
    sort_key = priority != NULL ? priority : iso;
    sort_desc = priority == NULL;
    qsort(order, no, sizeof *order, by_key);
    for (k = 0; k < no && P.n < geom->cap; k++) {
        size_t j = order[k];
        int c;
        if (!(xy[2 * j] >= 0 && xy[2 * j] <= 1 && xy[2 * j + 1] >= 0 && xy[2 * j + 1] <= 1))
            continue;
        for (c = 0; c < 8; c++) {
            vs_label_box b = candidate(xy, j, width[j], geom, c, 0);
            if (!inside(&b) || labels_under(&P, &b, 1) > 0 ||
                points_under(&G, xy, geom, &b, j, 1) > 0)
                continue;
            placed_add(&P, &b);
            show[j] = 1;
            if (box != NULL)
                box[j] = b;
            break;
        }
    }
    free(G.start);
    free(G.idx);
    k = P.n;
    placed_free(&P);
    free(iso);
    free(order);
    return k;
}
