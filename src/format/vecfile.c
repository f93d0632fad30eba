/*
 * vecfile.c - one vector in a text file (see vecfile.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "readfile.h"
#include "utf8.h"
#include "vecfile.h"
#include "xalloc.h"

/* A vector file is one line; 64 MiB is some 4 million numbers. */
#define VECFILE_MAX_BYTES ((size_t)64 << 20)

/* Parses the fields of line [p, le) (line number ln of path) into *v. */
static int parse_line(const char *path, size_t ln, const char *p, const char *le,
                      float **v, size_t *dim, vs_error *err)
{
    size_t cap = 64, n = 0, field = 0;
    float *x = xmallocarray(cap, sizeof *x);

    le = vs_trim_end(p, le);
    while (p < le) {
        const char *q = p;
        float f;
        enum vs_num_status st;
        while (q < le && !vs_is_sep(*q))
            q++;
        field++;
        st = vs_parse_float(p, (size_t)(q - p), &f);
        if (st != VS_NUM_OK && !(field == 1 && st == VS_NUM_BAD)) {
            char *shown = vs_excerpt(p, (size_t)(q - p), 40);
            vs_fail(err, "%s, line %zu, field %zu: '%s' is %s; a vector file holds one "
                    "line of numbers (after an optional label)", path, ln, field, shown,
                    st == VS_NUM_BAD ? "not a number"
                    : st == VS_NUM_NONFINITE ? "not a finite number" : "beyond float32's range");
            free(shown);
            free(x);
            return -1;
        }
        if (st == VS_NUM_OK) {   /* else: the first field, a label */
            if (n == cap) {
                cap *= 2;
                x = xreallocarray(x, cap, sizeof *x);
            }
            x[n++] = f;
        }
        p = q;
        while (p < le && vs_is_sep(*p))
            p++;
    }
    if (n == 0) {
        free(x);
        return vs_fail(err, "%s, line %zu: no numbers after the label; a vector file holds "
                       "one line of numbers", path, ln);
    }
    *v = x;
    *dim = n;
    return 0;
}

int vs_vecfile_read(const char *path, float **v, size_t *dim, vs_error *err)
{
    char *buf, *p, *end;
    size_t len, ln = 0, found = 0;
    int rc = 0;

    *v = NULL;
    *dim = 0;
    if (vs_read_text_file(path, VECFILE_MAX_BYTES, &buf, &len, err) < 0)
        return -1;
    end = buf + len;
    for (p = buf; p < end && rc == 0;) {
        char *le = memchr(p, '\n', (size_t)(end - p)), *next;
        const char *s = p;
        if (le == NULL)
            le = end;
        next = le < end ? le + 1 : end;
        ln++;
        while (s < le && vs_is_blank(*s))
            s++;
        if (s < le && *s != '#') {
            if (found) {
                free(*v);
                *v = NULL;
                rc = vs_fail(err, "%s, line %zu: a second line of numbers (the first is line "
                             "%zu); a vector file holds one vector", path, ln, found);
            } else if (parse_line(path, ln, s, le, v, dim, err) < 0) {
                rc = -1;
            } else {
                found = ln;
            }
        }
        p = next;
    }
    free(buf);
    if (rc == 0 && !found)
        rc = vs_fail(err, "%s holds no vector: write one line of numbers", path);
    return rc;
}
