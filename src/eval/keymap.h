/*
 * keymap.h - gensim's ok_vocab: the words an evaluation may use (the first
 * N of the model) under the key it matches them by (str.upper() unless
 * case-sensitive), the first, most frequent, case variant winning; and the
 * start both benchmarks share: their file read whole and the keys built.
 */
#ifndef VS_EVAL_KEYMAP_H
#define VS_EVAL_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

#include "eval.h"
#include "vocab.h"

typedef struct vs_eval_keymap {
    vs_vocab *keys;       /* key strings; key id = its id here */
    uint32_t *row_of;     /* key id -> the first model row with that key */
    uint32_t *key_of;     /* model row (< n) -> key id */
    size_t n;             /* rows considered: the first n */
    int upper;
} vs_eval_keymap;

/* The N of o for m: o->restrict_vocab, or every row when it is 0 or more
 * than the model has. */
size_t vs_eval_restrict(const vs_model *m, const vs_eval_opts *o);

/* The keys of the first n rows of m, upper-cased when upper. Free with
 * vs_eval_keymap_free. */
void vs_eval_keymap_build(vs_eval_keymap *km, const vs_model *m, size_t n, int upper);
void vs_eval_keymap_free(vs_eval_keymap *km);

/* Reads the evaluation file at path whole (*buf, *len bytes, a NUL after:
 * free it) and builds km for m's first N words, N from o (km->n; free km).
 * Returns 0, or -1 with nothing to free. */
int vs_eval_begin(vs_model *m, const char *path, const vs_eval_opts *o, char **buf,
                  size_t *len, vs_eval_keymap *km, vs_error *err);

/* The key id of word[0..len), or -1. */
long vs_eval_keymap_find(const vs_eval_keymap *km, const char *word, size_t len);

#endif
