/*
 * labels.h - which labels of a map to draw when they cannot all be read.
 *
 * A map of a thousand words with every word written on it is a grey smear.
 * vs_labels_pick chooses a readable few: the points the caller marks (plot.c
 * marks the query words and one word a group), then the most isolated
 * points whose label fits where it overlaps nothing already placed. Pure
 * geometry on the unit square: the caller scales the map and measures the
 * labels.
 */
#ifndef VS_LABELS_H
#define VS_LABELS_H

#include <stddef.h>

/* Which labels `--labels auto` draws. xy: n points (x, y), scaled so the
 * picture is [0, 1] x [0, 1]; width[i]: label i's width in that scale;
 * height: a line's height. Every marked point (must[i] != 0; must may be
 * NULL) is labelled. Then, most isolated first (the distance to the
 * nearest other point), a point is labelled if its label box (centred
 * horizontally on the point, one line above it) lies inside the picture and
 * overlaps no label already placed, until cap labels are placed in all.
 * Sets show[i] to 0 or 1 and returns the number labelled. */
size_t vs_labels_pick(const float *xy, size_t n, const double *width, double height,
                      const unsigned char *must, size_t cap, unsigned char *show);

#endif
