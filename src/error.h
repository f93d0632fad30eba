/*
 * error.h - the message a failing function leaves for its caller.
 *
 * Functions that can fail return int (0 ok, -1 error) and write a message for
 * the user into a caller-provided vs_error: what failed, where (file, line or
 * byte offset), what was expected and what was found. The message reaches the
 * user unchanged, so it is written as a sentence fragment without a trailing
 * period or newline.
 */
#ifndef VS_ERROR_H
#define VS_ERROR_H

#include <stddef.h>

#define VS_ERROR_MAX 2048

typedef struct vs_error {
    char msg[VS_ERROR_MAX];
} vs_error;

/* Sets the message (printf-style) and returns -1, so `return vs_fail(...)`. */
int vs_fail(vs_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Puts "PREFIX: " in front of the message already in err; returns -1. */
int vs_fail_prefix(vs_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Clears the message. */
void vs_error_clear(vs_error *err);

#endif
