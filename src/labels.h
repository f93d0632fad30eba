/*
 * labels.h - which labels of a map to draw, and where, so that they can be
 * read.
 *
 * A map of a thousand words with every word written on it is a grey smear.
 * vs_labels_place chooses a readable set and a place for each: beside its
 * point (right, left, above, below, or a corner), never over another label
 * nor over any point, inside the picture. The points the caller marks (the
 * words the user asked for) are always labelled, moved a little further
 * out when nothing beside them is free (the caller draws a leader line
 * then). Pure geometry on the unit square: the caller scales the map and
 * measures the labels; the same code serves pictures (plot.c) and
 * character drawings (termplot.c), whose cells it can snap to.
 */
#ifndef VS_LABELS_H
#define VS_LABELS_H

#include <stddef.h>

/* A label's box on the unit square, x0 < x1, y0 < y1 (y up). */
typedef struct vs_label_box {
    double x0, y0, x1, y1;
    int moved;  /* 1: set apart from its point (draw a leader line) */
} vs_label_box;

/* The geometry of a map's labels, in the unit square's scale. */
typedef struct vs_label_geom {
    double height;          /* a label's height */
    double gap;             /* between a point and a label beside it */
    double vgap;            /* between a point and a label above or below it */
    double mark_w, mark_h;  /* a point's mark: a label box keeps off the
                               rectangle point +- (mark_w, mark_h) of every
                               point */
    double snap_x, snap_y;  /* > 0: a box's corner is rounded to a multiple
                               of these (character cells) */
    size_t cap;             /* at most this many labels, marked ones included */
} vs_label_geom;

/* Chooses labels for n points xy (x, y pairs on the unit square; a point
 * outside it is never labelled unless marked) with widths width[i]. Every
 * marked point (must[i] != 0; must may be NULL) is labelled, in index
 * order, in the first free place among its candidates (beside the point,
 * then one and two label heights further out), else where it overlaps
 * least. Then the others, in the order of priority (lower first; NULL:
 * the most isolated point first), each where a candidate place beside it
 * is inside the square and overlaps no label placed and no point's mark,
 * until cap labels are placed. Sets show[i] and, for each shown label,
 * box[i] (box may be NULL). Returns the number labelled. */
size_t vs_labels_place(const float *xy, size_t n, const double *width,
                       const vs_label_geom *geom, const unsigned char *must,
                       const double *priority, unsigned char *show, vs_label_box *box);

/* 1 when the two boxes overlap (sharing an edge is not overlapping). */
int vs_label_boxes_overlap(const vs_label_box *a, const vs_label_box *b);

#endif
