/*
 * model.h - an open model: vocabulary, matrix, and by kind its extra parts.
 *
 * The matrix is n x dim float32, row-major. It is either owned (malloc'd by a
 * text or word2vec loader) or points into a read-only mapping (the native
 * cache). Row norms are kept beside it instead of a second, normalized copy,
 * so memory stays close to the size of the matrix: cosine(i, q) for a unit
 * query q is (row_i . q) / norms[i], as gensim computes it.
 *
 * A model of a kind that can build vectors for words outside its vocabulary
 * (fastText subwords) sets oov_vector; everything else leaves it NULL.
 */
#ifndef VS_MODEL_H
#define VS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "vocab.h"

enum vs_model_kind {
    VS_MODEL_STATIC,   /* word vectors only */
    VS_MODEL_SUBWORD,  /* word vectors plus subword buckets (fastText .bin) */
    VS_MODEL_ENCODER   /* a BERT-style encoder */
};

typedef struct vs_model vs_model;
struct vs_result;

struct vs_model {
    char *name;          /* as the user calls it ("glove", "m1") */
    char *path;          /* the file it came from */
    const char *format;  /* the loader's format name (static string) */
    enum vs_model_kind kind;
    size_t n, dim;
    vs_vocab *vocab;     /* n words */
    float *vecs;         /* n x dim */
    float *norms;        /* n; NULL until vs_model_norms computes it */
    int vecs_owned;      /* vecs and norms were malloc'd */
    void *map;           /* a mapping backing vecs/norms/vocab, or NULL */
    size_t map_len;
    size_t duplicates;   /* duplicate words skipped at load (first kept) */
    size_t bad_utf8;     /* words whose invalid UTF-8 was replaced/dropped */
    size_t file_size;    /* bytes of the file it was read from */

    /* Writes the vector of a word outside the vocabulary into out (dim
     * floats); returns 0, or -1 with a message. NULL: the model has none. */
    int (*oov_vector)(const vs_model *m, const char *word, size_t len,
                      float *out, vs_error *err);
    /* Appends (field, value) rows about the kind-specific parts to r, a
     * two-column table (what `info` shows after the common rows). NULL:
     * nothing beyond the common rows. */
    void (*describe)(const vs_model *m, struct vs_result *r);
    /* The 8-bit copy of the unit rows the exact search scans (qscan.h),
     * built on first use or mapped from a native cache; NULL until then. */
    void *qindex;
    void (*qindex_free)(void *qindex);
    size_t qindex_memory;         /* bytes it holds (0 when mapped) */

    void *ext;                    /* kind-specific parts */
    void (*ext_free)(void *ext);  /* frees ext */
    size_t ext_memory;            /* bytes held by ext */
};

/* A new model that takes ownership of vocab and vecs (vecs: n x dim, malloc'd).
 * name and path are copied; format must be a static string. */
vs_model *vs_model_new(const char *path, const char *format, vs_vocab *vocab,
                       float *vecs, size_t n, size_t dim);

void vs_model_free(vs_model *m);

/* Renames the model (copies name). */
void vs_model_set_name(vs_model *m, const char *name);

/* The Euclidean norm of row[0..dim), summed in double, as float. Every
 * norm vecscope stores comes from this function, so norms agree across
 * formats, the native cache and lazily computed ones. */
float vs_row_norm(const float *row, size_t dim);

/* The row norms, computed on first use (not thread-safe against itself). */
const float *vs_model_norms(vs_model *m);

/* Row i. */
static inline const float *vs_model_row(const vs_model *m, size_t i)
{
    return m->vecs + i * m->dim;
}

/* The id of a word, or -1. */
long vs_model_find(const vs_model *m, const char *word);

/* Bytes the model holds in memory (matrix, norms, vocabulary, extras). */
size_t vs_model_memory(const vs_model *m);

#endif
