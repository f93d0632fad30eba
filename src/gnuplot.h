/*
 * gnuplot.h - running gnuplot on a script.
 *
 * The program is gnuplot on PATH, or one of the names Debian's alternatives
 * give it (gnuplot-nox, gnuplot-x11, gnuplot-qt); never one in the current
 * folder. A missing gnuplot is a message naming the Debian package.
 *
 * A script reports its own failures by printing a line "VSERR: MESSAGE"
 * (gnuplot's print goes to standard error) and exiting with a nonzero
 * status: MESSAGE becomes the error as it is. Any other failure is
 * gnuplot's own complaint: the text after its first "line N: ", else its
 * first line.
 */
#ifndef VS_GNUPLOT_H
#define VS_GNUPLOT_H

#include <stddef.h>

#include "error.h"

/* Runs gnuplot on script[0..len) and waits for it. What gnuplot writes to
 * its standard output (a terminal drawing) is copied to fd, a leading form
 * feed dropped. Returns 0 when gnuplot exits with status 0, else -1 with
 * its message in err. */
int vs_gnuplot_run(const char *script, size_t len, int fd, vs_error *err);

#endif
