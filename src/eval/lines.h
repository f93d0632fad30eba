/*
 * lines.h - reading the lines of an evaluation file as gensim does: words
 * split on Python's whitespace (str.split(), str.strip()), and the lines
 * that cannot be used counted, with the first messages kept.
 */
#ifndef VS_EVAL_LINES_H
#define VS_EVAL_LINES_H

#include <stddef.h>

#include "eval.h"

/* The most bytes an evaluation file may have: the largest sets are a few
 * megabytes, so anything near this is the wrong file. */
#define VS_EVAL_MAX_FILE ((size_t)1 << 30)

/* A piece of a line: s[0..len), not NUL-terminated. */
typedef struct vs_eval_span {
    const char *s;
    size_t len;
} vs_eval_span;

/* Splits s[0..len) on runs of Python whitespace into at most max words in
 * w; returns how many words there are (which may be more than max). */
size_t vs_eval_split(const char *s, size_t len, vs_eval_span *w, size_t max);

/* s[0..len) without Python whitespace at either end. */
vs_eval_span vs_eval_strip(const char *s, size_t len);

/* Counts a malformed line of path, keeping "PATH:LINE: message" for the
 * first VS_EVAL_MAX_MESSAGES. */
void vs_eval_skip(vs_eval_skips *sk, const char *path, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

void vs_eval_skips_free(vs_eval_skips *sk);

/* The error for a file without a usable line: "PATH: WHAT (N malformed
 * lines skipped; the first: ...)". Returns -1. */
int vs_eval_fail_unusable(vs_error *err, const char *path, const char *what,
                          const vs_eval_skips *sk);

/* An escaped excerpt (60 bytes at most) of a line, for messages. Caller
 * frees. */
char *vs_eval_shown(const char *s, size_t len);

#endif
