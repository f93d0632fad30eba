/*
 * palette.c - the group colours and the value ramp (see palette.h).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "palette.h"
#include "result.h"

/* Okabe-Ito, ordered so the first groups are the most distinct on white and
 * on a dark terminal; black shows as the terminal's own foreground (-1), as
 * black on a dark background would vanish. The xterm entries are
 * vs_palette_xterm of the colour (tests/check_plot.c checks them). */
static const vs_colour groups[VS_PALETTE_NGROUPS] = {
    {0x00, 0x72, 0xB2, "blue", 25, 4},
    {0xD5, 0x5E, 0x00, "vermillion", 166, 1},
    {0x00, 0x9E, 0x73, "bluish green", 35, 2},
    {0xCC, 0x79, 0xA7, "reddish purple", 175, 5},
    {0xE6, 0x9F, 0x00, "orange", 178, 3},
    {0x56, 0xB4, 0xE9, "sky blue", 74, 6},
    {0x00, 0x00, 0x00, "black", -1, -1},
    {0xF0, 0xE4, 0x42, "yellow", 221, 3},
};

/* viridis at 0, 1/8, ..., 1 (matplotlib's table, as R's viridisLite
 * prints viridis(9)); between stops the ramp is linear in sRGB. */
static const unsigned char ramp[9][3] = {
    {0x44, 0x01, 0x54}, {0x47, 0x2D, 0x7B}, {0x3B, 0x52, 0x8B},
    {0x2C, 0x72, 0x8E}, {0x21, 0x90, 0x8C}, {0x27, 0xAD, 0x81},
    {0x5D, 0xC8, 0x63}, {0xAA, 0xDC, 0x32}, {0xFD, 0xE7, 0x25},
};

const vs_colour *vs_palette_group(size_t k)
{
    return &groups[k % VS_PALETTE_NGROUPS];
}

void vs_palette_hex(const vs_colour *c, char buf[8])
{
    snprintf(buf, 8, "#%02x%02x%02x", c->r, c->g, c->b);
}

/* The level of the 6-step cube (0, 95, 135, ..., 255) nearest to v. */
static int cube_step(int v)
{
    static const int level[6] = {0, 95, 135, 175, 215, 255};
    int k, best = 0;

    for (k = 1; k < 6; k++)
        if (abs(v - level[k]) < abs(v - level[best]))
            best = k;
    return best;
}

static int sq(int v)
{
    return v * v;
}

int vs_palette_xterm(int r, int g, int b)
{
    static const int level[6] = {0, 95, 135, 175, 215, 255};
    int cr = cube_step(r), cg = cube_step(g), cb = cube_step(b);
    int dc = sq(r - level[cr]) + sq(g - level[cg]) + sq(b - level[cb]);
    /* the grey ramp: 232 + k is 8 + 10 k */
    int mean = (r + g + b) / 3, k = (mean - 3) / 10, dg;

    k = k < 0 ? 0 : k > 23 ? 23 : k;
    dg = sq(r - (8 + 10 * k)) + sq(g - (8 + 10 * k)) + sq(b - (8 + 10 * k));
    return dg < dc ? 232 + k : 16 + 36 * cr + 6 * cg + cb;
}

void vs_palette_ramp(double t, unsigned char rgb[3])
{
    double f;
    int k, c;

    if (!(t > 0))
        t = 0;
    if (t > 1)
        t = 1;
    f = t * 8;
    k = (int)f;
    if (k > 7)
        k = 7;
    f -= k;
    for (c = 0; c < 3; c++)
        rgb[c] = (unsigned char)lround(ramp[k][c] + f * (ramp[k + 1][c] - ramp[k][c]));
}

double vs_scale_apply(enum vs_scale scale, double v)
{
    if (!(v > 0))
        return 0;
    if (v > 1)
        v = 1;
    return scale == VS_SCALE_SQRT ? sqrt(v) : v;
}

double vs_scale_invert(enum vs_scale scale, double t)
{
    if (!(t > 0))
        return 0;
    if (t > 1)
        t = 1;
    return scale == VS_SCALE_SQRT ? t * t : t;
}

double vs_scale_of(const vs_result *r, double v)
{
    return vs_scale_apply(r->plot_scale == VS_SCALE_SQRT ? VS_SCALE_SQRT : VS_SCALE_LINEAR,
                          vs_result_matrix_pos(r, v));
}

double vs_scale_value(const vs_result *r, double t)
{
    double lo = r->mhi > r->mlo ? r->mlo : 0.0, hi = r->mhi > r->mlo ? r->mhi : 1.0;

    return lo + (hi - lo) * vs_scale_invert(r->plot_scale == VS_SCALE_SQRT ? VS_SCALE_SQRT
                                                                            : VS_SCALE_LINEAR,
                                            t);
}

int vs_scale_parse(const char *s)
{
    if (strcmp(s, "linear") == 0)
        return VS_SCALE_LINEAR;
    if (strcmp(s, "sqrt") == 0)
        return VS_SCALE_SQRT;
    return -1;
}

const char *vs_scale_name(enum vs_scale scale)
{
    return scale == VS_SCALE_SQRT ? "sqrt" : "linear";
}
