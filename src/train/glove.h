/*
 * glove.h - training GloVe (Pennington, Socher & Manning 2014) on a corpus
 * in memory: co-occurrence counts within a symmetric window, each pair
 * weighted by 1/distance, then weighted least squares
 *   sum f(X_ij) (w_i . w~_j + b_i + b~_j - log X_ij)^2,
 *   f(x) = min(1, (x / xmax)^alpha),
 * by AdaGrad over the shuffled non-zero entries, threads updating the
 * shared weights without locks as GloVe's tool does. The saved vectors are
 * W + W~. With one thread and a fixed seed a run is reproducible.
 */
#ifndef VS_TRAIN_GLOVE_H
#define VS_TRAIN_GLOVE_H

#include <stddef.h>
#include <stdint.h>

#include "../error.h"
#include "../progress.h"
#include "corpus.h"
#include "word2vec.h"

typedef struct vs_glove_params {
    size_t dim;
    int window;      /* words on each side */
    double xmax;
    double alpha;    /* the exponent of f */
    double eta;      /* AdaGrad's initial learning rate */
    int epochs;
    int threads;
    uint64_t seed;
} vs_glove_params;

/* GloVe's tool's defaults: dim 50, window 15, xmax 100, alpha 0.75, eta
 * 0.05, 25 epochs; one thread, seed 1. */
void vs_glove_defaults(vs_glove_params *p);

/* One co-occurrence entry of word ids i <= j. For i < j, x is X_ij = X_ji;
 * for i == j it is X_ii, where each pair of equal words counts twice (once
 * for each direction), as in GloVe's cooccur. */
typedef struct vs_cooc {
    uint32_t i, j;
    float x;
} vs_cooc;

/* The non-zero co-occurrence entries of c within window words, sorted by
 * (i, j); *out is malloc'd. Reports progress, stops on Ctrl-C. */
int vs_glove_cooccur(const vs_corpus *c, int window, const vs_progress *progress,
                     vs_cooc **out, size_t *n, vs_error *err);

/* Trains on c; *vecs is c->vocab->n x p->dim (malloc'd), W + W~. stats->loss
 * is the last epoch's mean of f(X) (diff)^2 / 2 over the entries. */
int vs_glove_train(const vs_corpus *c, const vs_glove_params *p,
                   const vs_progress *progress, float **vecs,
                   vs_train_stats *stats, vs_error *err);

#endif
