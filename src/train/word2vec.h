/*
 * word2vec.h - training word2vec (Mikolov et al. 2013) on a corpus in
 * memory: skip-gram or CBOW, negative sampling and/or hierarchical softmax,
 * as the original word2vec tool does it.
 *
 * Threads update the shared weights without locks (Hogwild), taking pieces
 * of about 10,000 words in corpus order; with one thread and a fixed seed
 * the result is the same bytes every time. The calling thread only watches: it reports
 * progress and turns Ctrl-C into a stop. No BLAS call runs meanwhile.
 */
#ifndef VS_TRAIN_WORD2VEC_H
#define VS_TRAIN_WORD2VEC_H

#include <stddef.h>
#include <stdint.h>

#include "../error.h"
#include "../progress.h"
#include "corpus.h"

typedef struct vs_w2v_params {
    int sg;            /* 1 skip-gram, 0 CBOW (mean of the context) */
    int hs;            /* hierarchical softmax */
    int negative;      /* negative samples per word; 0 = none */
    size_t dim;
    int window;        /* the largest window; each word draws 1..window */
    double sample;     /* subsampling threshold; 0 = none */
    double alpha;      /* starting learning rate, decayed linearly */
    int epochs;
    int threads;
    uint64_t seed;
} vs_w2v_params;

/* The original word2vec tool's defaults (CBOW, dim 100, window 5, negative
 * 5, no HS, sample 1e-3, alpha 0.05 for CBOW and 0.025 for skip-gram, 5
 * epochs), one thread, seed 1. */
void vs_w2v_defaults(vs_w2v_params *p, int sg);

/* What a training run did. */
typedef struct vs_train_stats {
    double seconds;         /* training alone (not reading the corpus; GloVe:
                               counting the co-occurrences and fitting) */
    uint64_t words;         /* corpus words processed, over all epochs */
    double words_per_sec;
    double last_rate;       /* word2vec: learning rate at the end */
    double loss;            /* GloVe: the last epoch's mean cost */
} vs_train_stats;

/* Trains on c. On success *vecs is c->vocab->n x p->dim (malloc'd, the
 * input vectors, in vocabulary order). Fails on bad parameters (the message
 * names the option) or when interrupted ("interrupted ..."), leaving
 * nothing. */
int vs_w2v_train(const vs_corpus *c, const vs_w2v_params *p,
                 const vs_progress *progress, float **vecs,
                 vs_train_stats *stats, vs_error *err);

/* The Huffman tree of hierarchical softmax over n words with counts
 * (most frequent first): word i's code is len[i] bits code[i][0..len)
 * (0 or 1), walking from the root through inner nodes point[i][0..len)
 * (0 .. n-2, the root is n-2). */
#define VS_HUFFMAN_MAX_CODE 64
typedef struct vs_huffman {
    size_t n;
    uint8_t *len;       /* n */
    uint8_t *code;      /* n x VS_HUFFMAN_MAX_CODE */
    uint32_t *point;    /* n x VS_HUFFMAN_MAX_CODE */
} vs_huffman;

/* Builds the tree (n >= 1; one word gets a code of length 0). Returns -1
 * with a message if a code would exceed VS_HUFFMAN_MAX_CODE bits. */
int vs_huffman_build(const uint64_t *counts, size_t n, vs_huffman *h, vs_error *err);
void vs_huffman_free(vs_huffman *h);

#endif
