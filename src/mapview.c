/*
 * mapview.c - groups, views, projection and label plan of a map (see
 * mapview.h).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapview.h"
#include "xalloc.h"

size_t vs_map_groups(const vs_result *r, size_t *gi, const char ***names)
{
    const char **g = xmallocarray(r->npoints ? r->npoints : 1, sizeof *g);
    size_t ng = 0, i, k;

    if (r->groups == NULL || r->npoints == 0) {
        g[0] = "";
        for (i = 0; i < r->npoints; i++)
            gi[i] = 0;
        *names = g;
        return 1;
    }
    for (i = 0; i < r->npoints; i++) {
        const char *name = r->groups[i];
        for (k = 0; k < ng && strcmp(g[k], name) != 0; k++)
            ;
        if (k == ng)
            g[ng++] = name;
        gi[i] = k;
    }
    *names = g;
    return ng;
}

size_t vs_map_views(const vs_result *r, vs_map_view *views)
{
    static const int pairs[3][2] = {{0, 1}, {0, 2}, {1, 2}};
    size_t k;

    if (r->pdims < 3) {
        views[0].a = 0;
        views[0].b = 1;
        views[0].az = views[0].el = 0;
        return 1;
    }
    views[0].a = views[0].b = -1;
    views[0].az = VS_MAP_AZIMUTH;
    views[0].el = VS_MAP_ELEVATION;
    for (k = 0; k < 3; k++) {
        views[k + 1].a = pairs[k][0];
        views[k + 1].b = pairs[k][1];
        views[k + 1].az = views[k + 1].el = 0;
    }
    return 4;
}

/* The bounding box of r's points with finite coordinates, per axis (the
 * first three; 0 for a missing third). */
static void bounds(const vs_result *r, double lo[3], double hi[3])
{
    size_t i, j, d = r->pdims < 3 ? r->pdims : 3;
    int seen = 0;

    for (j = 0; j < 3; j++)
        lo[j] = hi[j] = 0;
    for (i = 0; i < r->npoints; i++) {
        const float *p = r->coords + i * r->pdims;
        int ok = 1;
        for (j = 0; j < d; j++)
            ok = ok && isfinite(p[j]);
        if (!ok)
            continue;
        for (j = 0; j < d; j++) {
            lo[j] = !seen || p[j] < lo[j] ? p[j] : lo[j];
            hi[j] = !seen || p[j] > hi[j] ? p[j] : hi[j];
        }
        seen = 1;
    }
}

/* The centre of r's bounding box and the scale that brings its largest
 * half-side to 1. */
static void box_of(const vs_result *r, double mid[3], double *scale)
{
    double lo[3], hi[3], half = 0;
    size_t j;

    bounds(r, lo, hi);
    for (j = 0; j < 3; j++) {
        mid[j] = (lo[j] + hi[j]) / 2;
        if ((hi[j] - lo[j]) / 2 > half)
            half = (hi[j] - lo[j]) / 2;
    }
    *scale = half > 0 ? 1.0 / half : 1.0;
}

/* (x, y, z), already centred and scaled, in the oblique view. */
static void turn(const vs_map_view *v, const double p[3], float out[2])
{
    double a = v->az * M_PI / 180, e = v->el * M_PI / 180;

    out[0] = (float)(p[0] * cos(a) - p[1] * sin(a));
    out[1] = (float)(p[2] * cos(e) + (p[0] * sin(a) + p[1] * cos(a)) * sin(e));
}

void vs_map_project(const vs_result *r, const vs_map_view *v, float *xy)
{
    size_t i, j, d = r->pdims;
    double mid[3], scale;

    if (v->a >= 0) {
        for (i = 0; i < r->npoints; i++) {
            xy[2 * i] = (size_t)v->a < d ? r->coords[i * d + (size_t)v->a] : 0;
            xy[2 * i + 1] = (size_t)v->b < d ? r->coords[i * d + (size_t)v->b] : 0;
        }
        return;
    }
    box_of(r, mid, &scale);
    for (i = 0; i < r->npoints; i++) {
        double p[3] = {0, 0, 0};
        for (j = 0; j < 3 && j < d; j++)
            p[j] = (r->coords[i * d + j] - mid[j]) * scale;
        turn(v, p, xy + 2 * i);
    }
}

double vs_map_radius(const vs_result *r)
{
    double mid[3], scale, lo[3], hi[3], sum = 0;
    size_t j;

    box_of(r, mid, &scale);
    bounds(r, lo, hi);
    for (j = 0; j < 3; j++)
        sum += (hi[j] - mid[j]) * scale * (hi[j] - mid[j]) * scale;
    return sqrt(sum);
}

void vs_map_box(const vs_result *r, const vs_map_view *v, float corners[8][2])
{
    double mid[3], scale, lo[3], hi[3];
    size_t j;
    int k;

    box_of(r, mid, &scale);
    bounds(r, lo, hi);
    for (k = 0; k < 8; k++) {
        double p[3];
        for (j = 0; j < 3; j++)
            p[j] = (((k >> j) & 1 ? hi[j] : lo[j]) - mid[j]) * scale;
        turn(v, p, corners[k]);
    }
}

void vs_map_box_axes(const float corners[8][2], int edge[3][2], float at[3][2],
                     int halign[3])
{
    double cx = 0, cy = 0;
    int a, k;

    for (k = 0; k < 8; k++) {
        cx += corners[k][0] / 8.0;
        cy += corners[k][1] / 8.0;
    }
    for (a = 0; a < 3; a++) {
        double best = HUGE_VAL, mx = 0, my = 0, dx, dy, len;
        for (k = 0; k < 8; k++) {
            int j = k | (1 << a);
            double x, y, key;
            if (k & (1 << a))
                continue;
            x = (corners[k][0] + corners[j][0]) / 2;
            y = (corners[k][1] + corners[j][1]) / 2;
            key = a < 2 ? y : x;
            if (key < best) {
                best = key;
                mx = x;
                my = y;
                edge[a][0] = k;
                edge[a][1] = j;
            }
        }
        dx = mx - cx;
        dy = my - cy;
        len = hypot(dx, dy);
        len = len > 0 ? len : 1;
        at[a][0] = (float)(mx + 0.12 * dx / len);
        at[a][1] = (float)(my + 0.12 * dy / len);
        halign[a] = dx > 0.3 * len ? 1 : dx < -0.3 * len ? -1 : 0;
    }
}

const char *vs_map_axis_title(const vs_result *r, size_t k)
{
    static const char *const plain[] = {"axis 1", "axis 2", "axis 3"};

    if (r->axis_titles != NULL && k < r->pdims && r->axis_titles[k] != NULL)
        return r->axis_titles[k];
    return k < 3 ? plain[k] : "axis";
}

void vs_map_label_plan(const vs_result *r, const float *xy, const size_t *gi, size_t ng,
                       unsigned char *must, double *priority)
{
    size_t n = r->npoints, i, k;
    size_t *rank = xcalloc(ng ? ng : 1, sizeof *rank);
    unsigned char *asked = xcalloc(ng ? ng : 1, 1);

    for (i = 0; i < n; i++) {
        must[i] = r->marked != NULL && r->marked[i];
        if (must[i])
            asked[gi[i]] = 1;
        /* the groups take turns: every group's first, then every second */
        priority[i] = (double)rank[gi[i]]++ * (double)ng + (double)gi[i];
    }
    /* a grouped map: the point nearest the centre of a group nobody named */
    for (k = 0; k < ng && r->groups != NULL; k++) {
        double cx = 0, cy = 0, best = HUGE_VAL;
        size_t cnt = 0, bi = n;
        if (asked[k])
            continue;
        for (i = 0; i < n; i++)
            if (gi[i] == k && isfinite(xy[2 * i]) && isfinite(xy[2 * i + 1])) {
                cx += xy[2 * i];
                cy += xy[2 * i + 1];
                cnt++;
            }
        if (cnt == 0)
            continue;
        cx /= (double)cnt;
        cy /= (double)cnt;
        for (i = 0; i < n; i++)
            if (gi[i] == k && isfinite(xy[2 * i]) && isfinite(xy[2 * i + 1])) {
                double d = hypot(xy[2 * i] - cx, xy[2 * i + 1] - cy);
                if (d < best) {
                    best = d;
                    bi = i;
                }
            }
        if (bi < n)
            must[bi] = 1;
    }
    free(rank);
    free(asked);
}
