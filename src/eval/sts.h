/*
 * sts.h - sentence similarity benchmarks (`eval sts`): how well the cosines
 * of a model's sentence vectors follow human similarity scores of sentence
 * pairs, as Pearson's r and Spearman's rho (stats.c).
 *
 * Three file layouts, all tab-separated. When the first line that is not
 * blank names columns "score", "sentence1" and "sentence2" (as the copies
 * of GLUE and of sentence-transformers do, in orders of their own), every
 * line is read by those names. Otherwise each line by its number of fields:
 *   7 or more   the STS Benchmark's (Cer et al. 2017, sts-train.csv,
 *               sts-dev.csv, sts-test.csv): genre, file, year, id, score,
 *               sentence 1, sentence 2 (and in some lines source columns
 *               after them, ignored)
 *   3           score, sentence 1, sentence 2
 * A line of another shape, a score that is not a finite number or an empty
 * sentence is reported with file:line and skipped (eval.h's skips); blank
 * lines are ignored and a CR before the line end is dropped.
 *
 * Sentence vectors: an encoder's pooling (bert/pool.h: mean, cls, pooler at
 * a hidden state; a sentence longer than the encoder takes is cut), or a
 * static model's mean of word vectors or SIF embedding (sentvec.h), whose
 * first principal direction is that of all the file's sentences, as Arora
 * et al. compute it for each STS set.
 */
#ifndef VS_EVAL_STS_H
#define VS_EVAL_STS_H

#include <stddef.h>

#include "../error.h"
#include "../model.h"
#include "../bert/pooling.h"
#include "../progress.h"
#include "eval.h"

typedef struct vs_sts_data {
    size_t n;              /* pairs */
    double *gold;          /* n human scores */
    char **a, **b;         /* n first and second sentences */
    size_t stsb;           /* pairs read from STS Benchmark lines */
    size_t named;          /* pairs read by the header's column names */
    vs_eval_skips skips;
} vs_sts_data;

/* Reads the pairs of path. Fails when it cannot be read or holds no usable
 * line. */
int vs_sts_read(const char *path, vs_sts_data *d, vs_error *err);
void vs_sts_free(vs_sts_data *d);

typedef struct vs_sts_score {
    char pool[64];         /* the pooling: "mean", "sif", "cls", "pooler", ... */
    double pearson, spearman;
    size_t empty;          /* sentences without a word the model has (static:
                              a zero vector, cosine 0) */
    size_t truncated;      /* sentences cut to the encoder's length */
} vs_sts_score;

/* The scores of an encoder m with each of the npools poolings at hidden
 * state layer: one forward pass a sentence, cut to the smallest max_tokens
 * a pooling names (a sentence-transformers pipeline's) or what the model
 * takes. */
int vs_sts_encoder(const vs_model *m, const vs_sts_data *d, const vs_pooling *pools,
                   size_t npools, size_t layer, const vs_progress *progress,
                   vs_sts_score *scores, vs_error *err);

/* The score of a static model m with pool "mean" or "sif" (weights a / (a +
 * p(w)), p from the counts file, or Zipf's law over m's order when counts
 * is NULL; the first principal direction of all the sentences removed). */
int vs_sts_static(const vs_model *m, const vs_sts_data *d, const char *pool,
                  const char *counts, double a, vs_sts_score *score, vs_error *err);

#endif
