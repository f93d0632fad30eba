/*
 * fasttext.h - what the fastText .bin loader offers beyond vs_format: the
 * model's training arguments for `info`, and the subword machinery (the
 * hash and the n-gram rows of a word) for tests and for anyone who wants to
 * show how a vector was built.
 *
 * A model loaded by vs_format_fasttext_bin has kind VS_MODEL_SUBWORD and its
 * ext is the loader's private struct; the functions below check that and do
 * nothing (or fail) for any other model.
 */
#ifndef VS_FASTTEXT_H
#define VS_FASTTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "../model.h"
#include "../result.h"
#include "format.h"

/* The loader (format name "fasttext-bin"); vs_formats[] lists it. */
extern const vs_format vs_format_fasttext_bin;

/* Is m a model read by the fastText .bin loader (with its subword parts)? */
int vs_fasttext_is(const vs_model *m);

/* Appends rows to r, a table of two columns (field, value), describing the
 * fastText parts of m: file version, model and loss, dim, minn, maxn,
 * bucket, the other training arguments, labels, tokens, pruning and
 * quantization. Does nothing when m is not a fastText .bin model. */
void vs_fasttext_info(const vs_model *m, vs_result *r);

/* fastText's 32-bit string hash (Dictionary::hash): FNV-1a whose bytes are
 * sign-extended before the xor. */
uint32_t vs_fasttext_hash(const char *s, size_t len);

/* The input-matrix rows of the character n-grams of word[0..len) (not the
 * word's own row), in fastText's order: nwords + (hash % bucket), remapped
 * through the pruning index. Writes at most max rows to rows and returns
 * how many there are (which may be more than max). Returns 0 for a model
 * that is not a fastText .bin model. */
size_t vs_fasttext_ngram_rows(const vs_model *m, const char *word, size_t len,
                              int64_t *rows, size_t max);

#endif
