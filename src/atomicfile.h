/*
 * atomicfile.h - the one way vecscope writes a file the user named.
 *
 * Every file the program writes (save, train's vectors, --out tables and
 * pictures, export, the TUI's plots) is written under a temporary name in the
 * target's folder and renamed over the target only once every write and the
 * close have succeeded: a failed or interrupted write leaves the old file as
 * it was and no temporary file behind.
 *
 * The target is checked first. A folder, a device, a FIFO or a socket is
 * refused (renaming over it would destroy it); a symbolic link is followed
 * and its target is replaced, the link stays; a file registered with
 * vs_afile_protect (the file an open model was read from, the corpus being
 * trained on) is refused with the reason registered. New files get mode
 * 0666 masked by the umask, as any program's.
 *
 * Messages have one form: "cannot write PATH: REASON".
 */
#ifndef VS_ATOMICFILE_H
#define VS_ATOMICFILE_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

/* fsync the data before the rename and the folder after it (save, train,
 * export: files a user keeps). */
#define VS_AFILE_SYNC 1

typedef struct vs_afile {
    char *path;  /* the name the user gave, for messages */
    char *dest;  /* what the rename replaces: path, or the end of its links */
    char *tmp;   /* the temporary file beside dest */
    FILE *f;     /* a stream on tmp */
    int flags;
} vs_afile;

/* Checks path and opens a temporary file for it. On failure a is left
 * empty (vs_afile_abort on it does nothing) and err says why. */
int vs_afile_open(vs_afile *a, const char *path, int flags, vs_error *err);

/* fwrite to the temporary file, checked; -1 with a message on failure. */
int vs_afile_write(vs_afile *a, const void *data, size_t len, vs_error *err);

/* Flushes, checks every write, closes (and fsyncs with VS_AFILE_SYNC), and
 * renames the temporary file over the target. On failure the temporary file
 * is removed and the target is untouched. Always releases a. */
int vs_afile_commit(vs_afile *a, vs_error *err);

/* Removes the temporary file and releases a; a no-op on an empty a. */
void vs_afile_abort(vs_afile *a);

/* Whether path could be written, by the same checks and a trial temporary
 * file (removed at once): for commands that work a long time before they
 * write, so a bad name is reported first. */
int vs_afile_check(const char *path, vs_error *err);

/* Registers a file that must not be replaced while it is in use, with the
 * reason given in the refusal ("the file model 'books' was read from");
 * returns a handle for vs_afile_unprotect, or -1 when path cannot be
 * examined (it is then not protected: nothing could replace what is not
 * there). The reason is copied. */
int vs_afile_protect(const char *path, const char *why);
void vs_afile_unprotect(int handle);

#endif
