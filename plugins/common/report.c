/*
 * report.c - a plugin's error messages and progress steps (report.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include "common/report.h"

int vsp_fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

int vsp_cancelled(const struct vs_plugin_progress *p, const char *what, double fraction)
{
    return p != NULL && p->step != NULL && p->step(p->ud, what, fraction) != 0;
}
