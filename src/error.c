/*
 * error.c - filling a vs_error. See error.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

int vs_fail(vs_error *err, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return -1;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

int vs_fail_prefix(vs_error *err, const char *fmt, ...)
{
    char prefix[VS_ERROR_MAX], old[VS_ERROR_MAX];
    va_list ap;

    if (err == NULL)
        return -1;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    snprintf(err->msg, sizeof err->msg, "%s: %s", prefix, old);
    return -1;
}

void vs_error_clear(vs_error *err)
{
    if (err != NULL)
        err->msg[0] = '\0';
}
