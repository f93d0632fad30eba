/*
 * xalloc.h - allocation that never returns NULL.
 *
 * Running out of memory is fatal: these print one line naming the size that
 * could not be had and exit with status 3, so callers never check. Code that
 * sizes an allocation from a file checks the size against the file's length
 * first (see format/), so a hostile file cannot reach this path with an
 * absurd size.
 *
 * The one exception is an allocation the size of a model (a loader's matrix,
 * a float32 copy of a tensor): a real file can be larger than the memory
 * there is, and the user should hear that and keep the session. Those go
 * through xtry_mallocarray, which returns NULL, and the loader fails with a
 * message naming the file and the size.
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
/* count * size bytes, or NULL when that overflows, exceeds
 * xalloc_try_limit, or cannot be had: for model-sized allocations whose
 * failure is a message, not an exit. */
void *xtry_mallocarray(size_t count, size_t size);
/* Allocations through xtry_mallocarray above this many bytes fail (0: no
 * limit). For tests of the out-of-memory path; never set by the program. */
extern size_t xalloc_try_limit;
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
