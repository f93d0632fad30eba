/*
 * palette.h - the colours of every picture: one list of group colours and
 * one colour ramp, used by the gnuplot pictures (plot.c), the character
 * drawings (termplot.c) and the TUI (ui/tui), so a group has the same
 * colour wherever it is shown.
 *
 * Groups take the Okabe-Ito colours (Okabe and Ito, "Color Universal
 * Design", 2008), which people with any common colour-vision deficiency
 * tell apart; its yellow, faint on white, comes last. A terminal shows each
 * as the nearest colour of the 256-colour cube, or of the 8 basic colours.
 * Values in [0, 1] (attention) take the viridis ramp (van der Walt and
 * Smith, matplotlib 2.0): perceptually even, readable in grey, the same
 * on dark and light backgrounds.
 */
#ifndef VS_PALETTE_H
#define VS_PALETTE_H

#include <stddef.h>

struct vs_result;

/* The number of distinct group colours; group k takes colour k % this. */
#define VS_PALETTE_NGROUPS 8

typedef struct vs_colour {
    unsigned char r, g, b;
    const char *name;  /* "blue", "vermillion": for the legend of a plain drawing */
    short xterm;       /* the nearest colour of a 256-colour terminal (16..255) */
    short ansi;        /* the nearest of the 8 basic colours (COLOR_RED = 1 ...) */
} vs_colour;

/* Group k's colour (any k: the colours repeat). */
const vs_colour *vs_palette_group(size_t k);

/* "#rrggbb" of c into buf (8 bytes). */
void vs_palette_hex(const vs_colour *c, char buf[8]);

/* The index of the 256-colour cube (16 + 36 r + 6 g + b) or grey ramp
 * (232..255) entry nearest to (r, g, b). */
int vs_palette_xterm(int r, int g, int b);

/* The ramp's colour at t in [0, 1] (clamped) into rgb. */
void vs_palette_ramp(double t, unsigned char rgb[3]);

/* How a value in [0, 1] maps to the ramp: linearly, or by its square root
 * (small values spread out). */
enum vs_scale { VS_SCALE_LINEAR, VS_SCALE_SQRT };

/* v in [0, 1] (clamped) as a position on the ramp under scale. */
double vs_scale_apply(enum vs_scale scale, double v);

/* Its inverse: the value that lands at t in [0, 1] (clamped) on the ramp,
 * for the numbers of a colour bar. */
double vs_scale_invert(enum vs_scale scale, double t);

/* Where a value v of a MATRIX r lands on the ramp (0 to 1): its place on
 * r's scale [mlo, mhi] (vs_result_matrix_pos) under r->plot_scale. Every
 * drawing of a matrix (text, TUI, characters, pictures) shades through this. */
double vs_scale_of(const struct vs_result *r, double v);

/* Its inverse: the value of r that lands at t in [0, 1] on the ramp, for
 * the numbers of a colour bar. */
double vs_scale_value(const struct vs_result *r, double t);

/* Parses "linear" or "sqrt"; -1 for anything else. */
int vs_scale_parse(const char *s);

/* "linear" or "sqrt". */
const char *vs_scale_name(enum vs_scale scale);

#endif
