/*
 * vocab.c - the word <-> id map. See vocab.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vocab.h"
#include "xalloc.h"

/* FNV-1a, 64 bit. Stored in the native cache's table: do not change without
 * changing the cache version. */
uint64_t vs_vocab_hash(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037ULL;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

vs_vocab *vs_vocab_new(size_t expected)
{
    vs_vocab *v = xcalloc(1, sizeof *v);
    uint64_t *offs;

    v->owned = 1;
    v->cap = expected > 16 ? expected : 16;
    offs = xmallocarray(v->cap + 1, sizeof *offs);
    offs[0] = 0;
    v->offs = offs;
    v->blob_cap = v->cap * 8;
    v->blob = xmalloc(v->blob_cap);
    v->table_size = 32;
    while (v->table_size < 2 * v->cap)
        v->table_size *= 2;
    v->table = xmallocarray(v->table_size, sizeof *v->table);
    memset((void *)v->table, 0xff, v->table_size * sizeof *v->table);
    return v;
}

vs_vocab *vs_vocab_wrap(size_t n, const char *blob, const uint64_t *offs,
                        const uint32_t *table, uint64_t table_size)
{
    vs_vocab *v = xcalloc(1, sizeof *v);

    v->n = n;
    v->blob = blob;
    v->offs = offs;
    v->table = table;
    v->table_size = table_size;
    v->owned = 0;
    return v;
}

void vs_vocab_free(vs_vocab *v)
{
    if (v == NULL)
        return;
    if (v->owned) {
        free((void *)v->blob);
        free((void *)v->offs);
        free((void *)v->table);
    }
    free(v);
}

static int same_word(const vs_vocab *v, uint32_t id, const char *w, size_t len)
{
    return vs_vocab_len(v, id) == len &&
           memcmp(vs_vocab_word(v, id), w, len) == 0;
}

long vs_vocab_find(const vs_vocab *v, const char *word, size_t len)
{
    uint64_t mask = v->table_size - 1;
    uint64_t i = vs_vocab_hash(word, len) & mask, probes;

    if (v->table_size == 0)
        return -1;
    /* a table always has an empty slot; the bound keeps a mapped table that
     * was damaged (or zeroed, filemap.h) from probing forever */
    for (probes = 0; probes < v->table_size; probes++) {
        uint32_t id = v->table[i];
        if (id == VS_VOCAB_EMPTY)
            return -1;
        if (id < v->n && same_word(v, id, word, len))
            return (long)id;
        i = (i + 1) & mask;
    }
    return -1;
}

/* Doubles the table and puts every word back. */
static void grow_table(vs_vocab *v)
{
    uint64_t size = v->table_size * 2, mask = size - 1;
    uint32_t *t = xmallocarray(size, sizeof *t);
    size_t id;

    memset(t, 0xff, size * sizeof *t);
    for (id = 0; id < v->n; id++) {
        uint64_t i = vs_vocab_hash(vs_vocab_word(v, id), vs_vocab_len(v, id)) & mask;
        while (t[i] != VS_VOCAB_EMPTY)
            i = (i + 1) & mask;
        t[i] = (uint32_t)id;
    }
    free((void *)v->table);
    v->table = t;
    v->table_size = size;
}

long vs_vocab_add(vs_vocab *v, const char *word, size_t len, size_t *first)
{
    uint64_t mask, i;
    uint32_t *table;
    uint64_t *offs;
    char *blob;

    if (memchr(word, '\0', len) != NULL) {
        if (first != NULL)
            *first = SIZE_MAX;
        return -1;
    }
    if (2 * (v->n + 1) > v->table_size)
        grow_table(v);
    mask = v->table_size - 1;
    table = (uint32_t *)v->table;
    for (i = vs_vocab_hash(word, len) & mask; table[i] != VS_VOCAB_EMPTY;
         i = (i + 1) & mask) {
        if (same_word(v, table[i], word, len)) {
            if (first != NULL)
                *first = table[i];
            return -1;
        }
    }
    if (v->n == v->cap) {
        v->cap *= 2;
        v->offs = xreallocarray((void *)v->offs, v->cap + 1, sizeof *v->offs);
    }
    if (v->blob_len + len + 1 > v->blob_cap) {
        while (v->blob_len + len + 1 > v->blob_cap)
            v->blob_cap *= 2;
        v->blob = xrealloc((void *)v->blob, v->blob_cap);
    }
    blob = (char *)v->blob;
    offs = (uint64_t *)v->offs;
    memcpy(blob + v->blob_len, word, len);
    blob[v->blob_len + len] = '\0';
    v->blob_len += len + 1;
    offs[v->n + 1] = v->blob_len;
    table[i] = (uint32_t)v->n;
    return (long)v->n++;
}

size_t vs_vocab_memory(const vs_vocab *v)
{
    if (v == NULL || !v->owned)
        return 0;
    return v->blob_cap + (v->cap + 1) * sizeof *v->offs +
           v->table_size * sizeof *v->table;
}
