/*
 * vecfile.h - one vector in a text file, as `vec --tsv` prints it and a
 * vector result's --out writes it, read back for a query (`nn @q.tsv`).
 *
 * The file holds one line of numbers separated by tabs or spaces, which may
 * start with a field that is not a number (a label, such as the word the
 * vector is of); blank lines and lines starting with '#' are skipped; CRLF
 * is fine. Every number must be a finite float32.
 */
#ifndef VS_FORMAT_VECFILE_H
#define VS_FORMAT_VECFILE_H

#include <stddef.h>

#include "../error.h"

/* Reads the vector in path: *v (xmalloc'd, *dim floats). Fails naming the
 * file, the line and the field: not a number, not finite, no numbers, a
 * second line of numbers. */
int vs_vecfile_read(const char *path, float **v, size_t *dim, vs_error *err);

#endif
