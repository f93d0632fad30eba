/*
 * corpus.h - a training corpus read once into memory: the vocabulary (words
 * with at least min_count occurrences, most frequent first) and the text as
 * a stream of word ids, one sentence after another.
 *
 * A corpus is UTF-8 text; tokens are separated by ASCII whitespace (space,
 * tab, CR, LF, VT, FF). Each line is a sentence: context windows never cross
 * a line break, as gensim's LineSentence reads a file (a line is a paragraph
 * in most corpora, and a paragraph break is a change of subject). A line of
 * more than VS_CORPUS_MAX_SENTENCE kept words is cut into sentences of that
 * many. Words below min_count are dropped before anything else, as word2vec
 * and gensim do, so windows are counted over the kept words.
 *
 * Ties in frequency are ordered by first appearance in the corpus (what
 * Python's Counter.most_common and gensim's stable sort give).
 *
 * Memory: 4 bytes per kept token, plus the vocabulary.
 */
#ifndef VS_TRAIN_CORPUS_H
#define VS_TRAIN_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "../error.h"
#include "../progress.h"
#include "../vocab.h"

#define VS_CORPUS_MAX_SENTENCE 10000
/* The id that ends a sentence in the stream. */
#define VS_CORPUS_EOS UINT32_MAX

typedef struct vs_corpus {
    vs_vocab *vocab;     /* the kept words, most frequent first */
    uint64_t *counts;    /* vocab->n counts */
    uint32_t *ids;       /* nids: word ids, each sentence ended by VS_CORPUS_EOS */
    size_t nids;
    uint64_t words;      /* kept tokens (sum of counts) */
    uint64_t raw_tokens; /* tokens in the file, kept or not */
    uint64_t lines;      /* lines in the file */
    size_t raw_types;    /* distinct tokens in the file */
    size_t sentences;
} vs_corpus;

/* Reads path. Fails, naming the file, when it cannot be read, holds a token
 * that is not UTF-8 or holds a NUL byte (line and byte offset), is empty, or
 * has no word with min_count occurrences. Reports progress as "reading
 * CORPUS" and stops on Ctrl-C. min_count 0 is taken as 1. */
int vs_corpus_read(const char *path, uint64_t min_count,
                   const vs_progress *progress, vs_corpus **out, vs_error *err);

void vs_corpus_free(vs_corpus *c);

#endif
