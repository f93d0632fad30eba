/*
 * render.h - turning results into text for a terminal, TSV or JSON.
 */
#ifndef VS_RENDER_H
#define VS_RENDER_H

#include <stdio.h>

#include "error.h"
#include "result.h"

/* What a result becomes: text for a terminal, TSV (--tsv), JSON (--json). */
enum vs_output { VS_OUT_TEXT, VS_OUT_TSV, VS_OUT_JSON };

typedef struct vs_render_opts {
    enum vs_output mode;
    int color;     /* ANSI colour in the data (only when out is a terminal,
                      never with NO_COLOR) */
    int msg_color; /* the same for notes and errors, which go to msg: each
                      stream is coloured only when it is itself a terminal */
    FILE *out;     /* the data */
    FILE *msg;     /* notes and errors */
    int quiet;     /* show warnings and errors, but no other notes */
} vs_render_opts;

/* Writes r (its notes to msg, its data to out) and flushes out. Returns 0,
 * or -1 when a write to out failed, with errno saying why (EPIPE: the reader
 * went away). */
int vs_render(const vs_result *r, const vs_render_opts *o);

/* Writes s as one TSV cell: tab, newline, CR and backslash as \t, \n, \r
 * and \\, so a word stays one cell of one row. */
void vs_render_tsv_cell(FILE *f, const char *s);

/* Writes r's data as TSV (what --tsv prints) to path, through a temporary
 * file in the same folder that is renamed over path, so a failure leaves no
 * half-written file. */
int vs_render_tsv_file(const vs_result *r, const char *path, vs_error *err);

/* Prints "error: MESSAGE" (coloured on a terminal) to o->msg. where may be
 * NULL or "script.vs:3". */
void vs_render_error(const char *where, const char *msg, const vs_render_opts *o);

#endif
