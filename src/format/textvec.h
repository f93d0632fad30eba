/*
 * textvec.h - machinery shared by the loaders in src/format/: the float
 * parser and the parallel line parser of the text formats (word2vec text,
 * GloVe text, fastText .vec), and the small helpers every loader needs
 * (opening a file with good errors, the row norm, the matrix allocation).
 *
 * Internal to src/format/; the rest of the program uses format.h.
 */
#ifndef VS_TEXTVEC_H
#define VS_TEXTVEC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "format.h"

/* ---- numbers ---- */

enum vs_num_status {
    VS_NUM_OK,        /* a finite float32 */
    VS_NUM_BAD,       /* not a decimal number */
    VS_NUM_NONFINITE, /* nan, inf, infinity (any case, any sign) */
    VS_NUM_RANGE      /* a number, but beyond float32 (|x| > FLT_MAX) */
};

/* Parses the decimal number at s[0..len) (the whole token: no leading or
 * trailing characters allowed) into *out. The result is bit-for-bit
 * (float)strtod(token), i.e. the correctly rounded double rounded to float,
 * which is what numpy's float32(str) and so gensim produce. Accepted:
 * [+-] digits [. digits] [e|E [+-] digits], or a leading '.'; not hex, not
 * nan/inf, not locale decimal commas. */
enum vs_num_status vs_parse_float(const char *s, size_t len, float *out);

/* ---- row helpers ---- */

/* A rows x dim float matrix for a loader (malloc'd: free() releases it;
 * large ones are aligned and asked for transparent huge pages, which makes
 * filling them much cheaper). The caller has checked rows * dim against the
 * file's size. When the memory cannot be had it returns NULL with "PATH:
 * not enough memory for the vectors (...)" in err: out of memory while
 * loading a model is a message, not an exit (see xalloc.h). */
float *vs_matrix_alloc(const char *path, size_t rows, size_t dim, vs_error *err);

/* "PATH: not enough memory for WHAT (COUNT x SIZE bytes = N MiB); ..." in
 * err; returns -1. For a model-sized xtry_mallocarray that failed. */
int vs_fail_oom(vs_error *err, const char *path, const char *what, size_t count,
                size_t size);

/* ---- files ---- */

/* Opens path for reading and checks that it is a regular file of at least 2
 * bytes. Returns the fd (and *size), or -1 with "PATH: ..." in err. */
int vs_open_model_file(const char *path, uint64_t *size, vs_error *err);

/* ---- the text formats ---- */

enum vs_text_header {
    VS_HEADER_REQUIRED, /* the first line must be "COUNT DIM" */
    VS_HEADER_AUTO      /* a first line of exactly two integers is a header */
};

/* Loads a text embedding file: an optional header line "COUNT DIM", then
 * one line per word: the word, then dim numbers, separated by spaces or
 * tabs; CRLF, trailing blanks and blank lines are fine. Without a header the
 * dimension is the number of fields of the first lines, minus one. The
 * vector is the *last* dim fields of a line, so a word may hold spaces
 * (glove.840B) as long as its last piece is not a number. Uses opts->threads
 * threads. The model's format is format_name (a static string). */
int vs_textvec_load(const char *path, const vs_load_opts *opts,
                    const char *format_name, enum vs_text_header header,
                    vs_model **out, vs_error *err);

/* How much head[0..len) looks like a text embedding file, 0..100, and
 * whether its first line is a header (*has_header). A file of one partial
 * line still scores, lower. */
int vs_textvec_sniff(const unsigned char *head, size_t len, int *has_header);

/* Parses "COUNT DIM" (spaces/tabs around, an optional '\r') in
 * line[0..len). Returns 0 and sets *count, *dim, or -1. */
int vs_parse_header(const char *line, size_t len, uint64_t *count,
                    uint64_t *dim);

/* ---- words ---- */

/* Checks word[0..len) read at byte offset off (line or entry `where`,
 * described by where_what: "line" or "entry") for UTF-8 according to
 * opts->encoding_errors. Returns 0 when the word is valid or was repaired
 * into *fixed (len in *fixed_len; *fixed must hold 3 * len bytes; *repaired
 * set to 1), or -1 with an error naming path. */
int vs_check_word(const char *path, const vs_load_opts *opts,
                  const char *word, size_t len, uint64_t off,
                  const char *where_what, uint64_t where, char *fixed,
                  size_t *fixed_len, int *repaired, vs_error *err);

/* The options to use when opts is NULL or partly unset. */
void vs_load_opts_fill(vs_load_opts *dst, const vs_load_opts *src);

#endif
