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
    char old[VS_ERROR_MAX];
    size_t n;
    va_list ap;

    if (err == NULL)
        return -1;
    memcpy(old, err->msg, sizeof old);
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    n = strlen(err->msg);
    if (n + 2 < sizeof err->msg) {
        /* ": " and as much of the old message as fits, cut if need be */
        size_t room = sizeof err->msg - n - 3, len = strnlen(old, sizeof old - 1);
        if (len > room)
            len = room;
        memcpy(err->msg + n, ": ", 2);
        memcpy(err->msg + n + 2, old, len);
        err->msg[n + 2 + len] = '\0';
    }
    return -1;
}

void vs_error_clear(vs_error *err)
{
    if (err != NULL)
        err->msg[0] = '\0';
}
