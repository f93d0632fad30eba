/*
 * format.h - the loader table.
 *
 * Each file in src/format/ reads one format and exports one vs_format: a
 * sniff function that says from the first bytes of a file how sure it is that
 * the file is in its format, and a load function that builds a whole vs_model
 * or fails leaving nothing behind. vs_format_load picks the loader (by
 * --format, or the most confident sniff) and runs it.
 */
#ifndef VS_FORMAT_H
#define VS_FORMAT_H

#include <stddef.h>

#include "../error.h"
#include "../model.h"
#include "../progress.h"
#include "../utf8.h"

typedef struct vs_load_opts {
    const char *format;       /* a vs_format name, or NULL to detect */
    size_t limit;             /* read only the first limit words; 0 = all */
    enum vs_encoding_errors encoding_errors;
    const vs_progress *progress;
    int threads;              /* worker threads a loader may use (>= 1) */
    const char *precision;    /* encoders: the precision of the Linear
                                 layers, "f32", "bf16" or "int8" (NULL:
                                 f32); other models ignore it */
} vs_load_opts;

/* How many bytes of the file sniff functions see. */
#define VS_SNIFF_BYTES 4096

typedef struct vs_format {
    const char *name;         /* "word2vec-bin": what --format takes */
    const char *description;  /* one line for `help load` */
    /* 0 = not this format ... 100 = certainly this format. head holds the
     * first len bytes (len < VS_SNIFF_BYTES only for short files); is_dir is
     * set when path is a directory (then head is empty). */
    int (*sniff)(const char *path, const unsigned char *head, size_t len,
                 size_t file_size, int is_dir);
    int (*load)(const char *path, const vs_load_opts *opts, vs_model **out,
                vs_error *err);
} vs_format;

/* All formats, NULL-terminated. */
extern const vs_format *const vs_formats[];

extern const vs_format vs_format_word2vec_bin;
extern const vs_format vs_format_word2vec_text;
extern const vs_format vs_format_glove_text;
extern const vs_format vs_format_fasttext_vec;
extern const vs_format vs_format_cache;

/* 1 when dir/file is a regular file (after symbolic links), else 0. */
int vs_dir_has_file(const char *dir, const char *file);

/* The format names, "a, b, c", in table order (xmalloc'd). */
char *vs_format_names(void);

/* The format called name, or NULL. */
const vs_format *vs_format_find(const char *name);

/* Opens path with the loader opts->format names, or the one whose sniff is
 * most confident. On success *out is a complete model named after the file. */
int vs_format_load(const char *path, const vs_load_opts *opts, vs_model **out,
                   vs_error *err);

/* Writes m in the native cache format to path (through a temporary file that
 * is renamed, so an interrupted save leaves no half file). */
int vs_cache_save(vs_model *m, const char *path, const vs_progress *progress,
                  vs_error *err);

/* Writes m's words and vectors to path in the word2vec binary format
 * ("COUNT DIM\n", then each word, ' ', DIM float32 in host order and '\n',
 * as word2vec.c writes it). Ctrl-C (through progress) stops it and leaves
 * no file; it goes through the atomic writer (atomicfile.h). */
int vs_word2vec_bin_save(const vs_model *m, const char *path,
                         const vs_progress *progress, vs_error *err);

/* Writes m's words and vectors to path as text lines "word v1 ... vDIM"
 * (numbers as %.9g, which gives back the same float32), after a "COUNT DIM"
 * header when header != 0 (word2vec text) or without one (GloVe text).
 * Ctrl-C and the atomic writer as vs_word2vec_bin_save. */
int vs_textvec_save(const vs_model *m, const char *path, int header,
                    const vs_progress *progress, vs_error *err);

/* For a model opened from a native cache (format "vecscope-cache"), the
 * name of the format it was first read from ("word2vec-bin", ...), borrowed
 * from the mapping; NULL for any other model. */
const char *vs_cache_source_format(const vs_model *m);

#endif
