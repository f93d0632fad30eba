/*
 * filemap.h - mapping a file read-only, and surviving its shrinking.
 *
 * A model or its weights may be read straight from a mapping of the file
 * (the native cache, safetensors, fastText and the text loaders while they
 * parse). If another program truncates the file meanwhile, touching the
 * lost pages raises SIGBUS, which would kill the session. Every mapping is
 * made here and registered; the front end installs vs_filemap_catch_sigbus,
 * whose handler puts zero pages in place of the whole damaged mapping, marks
 * it, and lets the program go on. The command that was running reads zeros
 * (a wrong answer it must not show): vs_filemap_take_damaged tells the
 * command layer which files changed, so it reports an error and closes the
 * models that use them.
 */
#ifndef VS_FILEMAP_H
#define VS_FILEMAP_H

#include <stddef.h>

#include "error.h"

/* Maps len bytes of fd (open for reading) privately and read-only and
 * registers the mapping under path. Returns it, or NULL with
 * "PATH: cannot map it: REASON". */
void *vs_filemap_map(int fd, size_t len, const char *path, vs_error *err);

/* Unmaps and forgets a mapping from vs_filemap_map; NULL is a no-op. */
void vs_filemap_unmap(void *map, size_t len);

/* Installs the SIGBUS handler (SA_SIGINFO). A fault outside every
 * registered mapping is not ours: the default action runs (the program
 * dies as it would have). */
void vs_filemap_catch_sigbus(void);

/* The SIGBUS handler's work, for the handler and for tests: if addr lies in
 * a registered mapping, replaces that whole mapping with zero pages, marks
 * it damaged and returns 1; else 0. Async-signal-safe. */
int vs_filemap_fault(const void *addr);

/* The path of one damaged mapping, xmalloc'd, forgetting that it was
 * damaged; NULL when none is. Call until NULL. */
char *vs_filemap_take_damaged(void);

#endif
