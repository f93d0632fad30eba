/*
 * readfile.h - the one reader of a whole file that a user names (an
 * evaluation set, a word list): read at once into memory, with a NUL after
 * the bytes so that parsers can stop on it.
 */
#ifndef VS_READFILE_H
#define VS_READFILE_H

#include <stddef.h>
#include <sys/stat.h>

#include "error.h"

/* Opens path for reading without waiting: a FIFO with no writer would block
 * open(2) before its type could be seen. *st gets its fstat. A regular file
 * comes back ready for blocking reads; anything else comes back as it is,
 * for the caller to refuse by st->st_mode with its own words. Returns the
 * descriptor, or -1 with errno set (open or fstat failed). */
int vs_open_file(const char *path, struct stat *st);

/* Reads the regular file at path into *buf (malloc'd; *len bytes, then a
 * NUL; the bytes may hold NULs too). Refuses, with a message naming path,
 * what is not a regular file (a directory, a FIFO, a device: it would block
 * or never end) and a file of more than max_bytes. Returns 0, or -1 with
 * *buf NULL. */
int vs_read_text_file(const char *path, size_t max_bytes, char **buf, size_t *len,
                      vs_error *err);

#endif
