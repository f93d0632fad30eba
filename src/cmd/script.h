/*
 * script.h - reading a script of commands (vecscope -f FILE, or standard
 * input) line by line as bounded text: a NUL byte is an error naming its
 * line and column (it would silently end the line), a line has at most
 * VS_SCRIPT_LINE_MAX bytes (an endless one, /dev/zero or a binary file, is
 * refused instead of filling memory), and Ctrl-C ends a read that waits.
 */
#ifndef VS_CMD_SCRIPT_H
#define VS_CMD_SCRIPT_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

/* The longest script line read: one command, however long its sentence. */
#define VS_SCRIPT_LINE_MAX (1 << 20)

/* Reads one line of f into *buf (*cap bytes, grown as needed; without its
 * newline; *len its length). Returns 1, 0 at the end, or -1 with a message
 * "NAME:LINE[:COLUMN]: ..." (name as it should be shown). */
int vs_script_read_line(FILE *f, char **buf, size_t *cap, size_t *len, const char *name,
                        long lineno, vs_error *err);

#endif
