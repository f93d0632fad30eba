/*
 * vocab.h - the word <-> id map of a model.
 *
 * Words are byte strings (normally UTF-8) kept in one blob, each followed by a
 * NUL; offs[i] is where word i starts and offs[n] is the end of the blob, so a
 * word's length is offs[i+1] - offs[i] - 1 (words may hold any byte but NUL).
 * Lookup is an open-addressing hash table of uint32 ids, sized a power of two
 * and at most half full. The three arrays are either owned (built by a
 * loader with vs_vocab_add) or borrowed from a mapping (vs_vocab_wrap, used
 * by the native cache so that opening needs no rebuild).
 */
#ifndef VS_VOCAB_H
#define VS_VOCAB_H

#include <stddef.h>
#include <stdint.h>

#define VS_VOCAB_EMPTY UINT32_MAX
#define VS_VOCAB_MAX_WORDS ((size_t)UINT32_MAX - 1)

typedef struct vs_vocab {
    size_t n;              /* words */
    const char *blob;      /* words, NUL after each */
    const uint64_t *offs;  /* n + 1 offsets into blob */
    const uint32_t *table; /* hash slots: word id or VS_VOCAB_EMPTY */
    uint64_t table_size;   /* a power of two */
    int owned;             /* the arrays are ours to free */
    /* builder state (owned vocabularies only) */
    size_t cap, blob_len, blob_cap;
} vs_vocab;

/* A new empty vocabulary; expected is a size hint (0 if unknown). */
vs_vocab *vs_vocab_new(size_t expected);

/* A vocabulary over borrowed arrays (not copied; they must outlive it). */
vs_vocab *vs_vocab_wrap(size_t n, const char *blob, const uint64_t *offs,
                        const uint32_t *table, uint64_t table_size);

void vs_vocab_free(vs_vocab *v);

/* Appends a word of len bytes. Returns its new id, or -1 when the word is
 * already present (then *first, if not NULL, is the id of the earlier one)
 * or when the word holds a NUL byte (*first is then set to SIZE_MAX). */
long vs_vocab_add(vs_vocab *v, const char *word, size_t len, size_t *first);

/* The id of a word, or -1. */
long vs_vocab_find(const vs_vocab *v, const char *word, size_t len);

static inline const char *vs_vocab_word(const vs_vocab *v, size_t id)
{
    return v->blob + v->offs[id];
}

/* (0 rather than a wrapped-around size for offsets that are out of order,
 * which only a mapped file zeroed under us can have: see filemap.h) */
static inline size_t vs_vocab_len(const vs_vocab *v, size_t id)
{
    return v->offs[id + 1] > v->offs[id] ? (size_t)(v->offs[id + 1] - v->offs[id] - 1) : 0;
}

/* The hash used by the table (also stored by the native cache: changing it
 * changes the cache format). */
uint64_t vs_vocab_hash(const char *s, size_t len);

/* Bytes of memory the vocabulary holds (0 for the borrowed arrays). */
size_t vs_vocab_memory(const vs_vocab *v);

#endif
