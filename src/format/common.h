/*
 * common.h - what the loaders and writers in src/format/ share: the float
 * parser, the fields of a text line, the sniff of the text formats, opening
 * a model file and allocating its matrix with good errors, checking a
 * word's UTF-8, and the row loop of the vector writers.
 *
 * Internal to src/format/; the rest of the program uses format.h.
 */
#ifndef VS_FORMAT_COMMON_H
#define VS_FORMAT_COMMON_H

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

/* Parses the longest prefix of [s, end) that is a decimal number into *out
 * (rounded as vs_parse_float) and sets *stop to the first byte after it.
 * Only digits, one '.', a sign and an exponent are consumed, so the caller
 * decides whether what follows may end a number. Returns VS_NUM_BAD for
 * anything that does not start like a number (nan and inf included). For a
 * loader's inner loop: one pass over the bytes, no copy. */
enum vs_num_status vs_parse_float_prefix(const char *s, const char *end,
                                         const char **stop, float *out);

/* ---- lines and fields of the text formats ---- */

/* A blank inside a line: what separates and trails fields ('\r' included,
 * so CRLF lines read as LF ones). */
static inline int vs_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* A separator between two fields. */
static inline int vs_is_sep(char c)
{
    return c == ' ' || c == '\t';
}

/* The end of line [p, le) without its trailing blanks. */
const char *vs_trim_end(const char *p, const char *le);

/* The number of blank-separated fields of [p, le). */
size_t vs_count_fields(const char *p, const char *le);

/* Parses "COUNT DIM" (spaces/tabs around, an optional '\r') in
 * line[0..len). Returns 0 and sets *count, *dim, or -1. */
int vs_parse_header(const char *line, size_t len, uint64_t *count,
                    uint64_t *dim);

/* Whether line is two whole numbers of which one has a minus sign ("-1 2"):
 * a broken header, which must not be read as a word and a number. */
int vs_signed_header(const char *line, size_t len);

/* How much head[0..len) looks like a text embedding file (an optional
 * "COUNT DIM" line, then "word v1 ... vDIM" lines), 0..100, and whether its
 * first line is a header (*has_header). A file of one partial line still
 * scores, lower. The three text formats sniff with it, and word2vec binary
 * to leave a text file alone. */
int vs_sniff_text(const unsigned char *head, size_t len, int *has_header);

/* ---- files and memory ---- */

/* Opens path for reading and checks that it is a regular file of at least 2
 * bytes. Returns the fd (and *size), or -1 with "PATH: ..." in err. */
int vs_open_model_file(const char *path, uint64_t *size, vs_error *err);

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

/* The options to use when opts is NULL or partly unset. */
void vs_load_opts_fill(vs_load_opts *dst, const vs_load_opts *src);

/* ---- words ---- */

/* An escaped copy of s[0..len) (vs_escape) cut to at most max bytes and
 * then "...", for quoting file content in messages (xmalloc'd). */
char *vs_excerpt(const char *s, size_t len, size_t max);

/* Checks word[0..len) read at byte offset off (line or entry `where`,
 * described by where_what: "line" or "entry") for UTF-8 according to
 * opts->encoding_errors. Returns 0 when the word is valid or was repaired
 * into *fixed (len in *fixed_len; *fixed must hold 3 * len bytes; *repaired
 * set to 1), or -1 with an error naming path. */
int vs_check_word(const char *path, const vs_load_opts *opts,
                  const char *word, size_t len, uint64_t off,
                  const char *where_what, uint64_t where, char *fixed,
                  size_t *fixed_len, int *repaired, vs_error *err);

/* ---- writing vectors ---- */

/* Writes m to path through the atomic writer (atomicfile.h): a "COUNT
 * DIM\n" line when header != 0, then per word its bytes, ' ', the vector as
 * put_row writes it to f, and '\n'. Progress is reported as `what`; Ctrl-C
 * (through progress) stops it and leaves no file. The formats' writers
 * (vs_word2vec_bin_save, vs_text_save) are this loop with their row. */
int vs_vectors_write(const vs_model *m, const char *path, int header,
                     void (*put_row)(FILE *f, const float *row, size_t dim),
                     const char *what, const vs_progress *progress,
                     vs_error *err);

#endif
