/*
 * mapview.h - what every picture of a map shares, whatever draws it
 * (gnuplot in plot.c, characters in termplot.c, the TUI's map view): the
 * groups of the points, the views of a 3-D map and the projection onto
 * each, the axis titles, and which points the labels go to first.
 *
 * A 3-D map is shown as a set of views: an oblique one (the bounding box
 * turned by an azimuth and tilted by an elevation, as a drawing of a box
 * on paper) and the three pairs of axes seen straight on. The oblique view
 * is an orthographic projection: with the box centred on the origin and
 * scaled by its largest half-side, a point (x, y, z) at azimuth a and
 * elevation e lands at
 *
 *     across = x cos a - y sin a
 *     up     = z cos e + (x sin a + y cos a) sin e
 *
 * so elevation 90 looks straight down on axes 1 and 2, and 0 at axes 1
 * and 3 from the front.
 */
#ifndef VS_MAPVIEW_H
#define VS_MAPVIEW_H

#include <stddef.h>

#include "result.h"

/* The groups of r's points in order of first appearance: gi[i] is point
 * i's group (gi holds npoints); *names (xmalloc'd, the caller frees the
 * array) points at each group's name in r ("" when r has no groups).
 * Returns the number of groups: 1 for an ungrouped map. */
size_t vs_map_groups(const vs_result *r, size_t *gi, const char ***names);

/* A view of a map. */
typedef struct vs_map_view {
    int a, b;        /* axes seen straight on: a across, b up (0, 1, 2);
                        a < 0: the oblique view */
    double az, el;   /* the oblique view's azimuth and elevation, degrees */
} vs_map_view;

/* The oblique view pictures start from, in degrees. */
#define VS_MAP_AZIMUTH   35.0
#define VS_MAP_ELEVATION 25.0

/* The views a picture of r shows (at most 4 into views): a 2-D map its
 * axes 1 and 2; a 3-D map the oblique view, then axes 1-2, 1-3 and 2-3.
 * Returns how many. */
size_t vs_map_views(const vs_result *r, vs_map_view *views);

/* Points of r as view shows them: xy[2i] across, xy[2i+1] up. A straight
 * view gives the coordinates themselves; the oblique view the projection
 * above (a point with a coordinate that is not finite lands on NaN). */
void vs_map_project(const vs_result *r, const vs_map_view *v, float *xy);

/* How far from the centre the oblique view of r reaches at any azimuth
 * and elevation: its box's half-diagonal (at most the square root of 3).
 * A window this wide each way shows the map whichever way it is turned,
 * at the same scale. */
double vs_map_radius(const vs_result *r);

/* The corners of r's bounding box in the oblique view v: corner k has the
 * low (bit clear) or high (bit set) end of axis 1 in bit 0, axis 2 in bit
 * 1, axis 3 in bit 2. Its 12 edges join corners that differ in one bit. */
void vs_map_box(const vs_result *r, const vs_map_view *v, float corners[8][2]);

/* Where the oblique view names its axes: for each axis, the edge of the
 * box (corners, from vs_map_box) that runs along it on the outside of the
 * drawing (the lowest of the four for axes 1 and 2, the leftmost for axis
 * 3), as edge[a][0..1], and a place for the name beyond its middle, away
 * from the box's centre, in at[a] (halign[a]: -1 the name ends there, 0
 * centred, 1 starts there). */
void vs_map_box_axes(const float corners[8][2], int edge[3][2], float at[3][2],
                     int halign[3]);

/* The title of r's axis k (0-based): r->axis_titles[k] when the command
 * gave one, else "axis K". Borrowed, or a static string. */
const char *vs_map_axis_title(const vs_result *r, size_t k);

/* Where labels go first, for --labels auto: must[i] is 1 for the points
 * the user asked for (r->marked) and, in a group where none was asked
 * for, the point nearest the group's centre in xy (the view drawn);
 * priority[i] (lower first) takes the groups in turn, each point in its
 * group's order (for --top, the vocabulary's: frequent words first; for
 * --near, nearest first). */
void vs_map_label_plan(const vs_result *r, const float *xy, const size_t *gi, size_t ng,
                       unsigned char *must, double *priority);

#endif
