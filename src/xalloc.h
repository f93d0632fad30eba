/*
 * xalloc.h - allocation that never returns NULL.
 *
 * Running out of memory is fatal: these print one line naming the size that
 * could not be had and exit with status 3, so callers never check. Code that
 * sizes an allocation from a file checks the size against the file's length
 * first (see format/), so a hostile file cannot reach this path with an
 * absurd size.
 */
#ifndef VS_XALLOC_H
#define VS_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* xmalloc(count * size) with an overflow check. */
void *xmallocarray(size_t count, size_t size);
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
