/*
 * script.c - reading a script of commands (vecscope -f FILE, or standard
 * input): bounded text, one command a line (see script.h).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "progress.h"
#include "script.h"
#include "xalloc.h"

int vs_script_read_line(FILE *f, char **buf, size_t *cap, size_t *len, const char *name,
                        long lineno, vs_error *err)
{
    int c;

    *len = 0;
    for (;;) {
        c = getc(f);
        if (c == EOF) {
            if (ferror(f)) {
                if (vs_interrupted)
                    return vs_fail(err, "%s:%ld: interrupted while reading", name, lineno);
                return vs_fail(err, "%s:%ld: cannot read: %s", name, lineno, strerror(errno));
            }
            if (*len == 0)
                return 0;
            break;
        }
        if (c == '\n')
            break;
        if (c == '\0')
            return vs_fail(err, "%s:%ld:%zu: a NUL byte; a script is text, one command a "
                                "line", name, lineno, *len + 1);
        if (*len >= VS_SCRIPT_LINE_MAX)
            return vs_fail(err, "%s:%ld: the line is longer than %d bytes; a script holds "
                                "one command a line", name, lineno, VS_SCRIPT_LINE_MAX);
        if (*len + 1 >= *cap) {
            *cap = *cap ? 2 * *cap : 256;
            *buf = xrealloc(*buf, *cap);
        }
        (*buf)[(*len)++] = (char)c;
    }
    if (*buf == NULL)
        *buf = xmalloc(*cap = 256);
    (*buf)[*len] = '\0';
    return 1;
}
