/*
 * knn.h - nearest rows of a model's matrix to a query, by cosine.
 */
#ifndef VS_KNN_H
#define VS_KNN_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

typedef struct vs_hit {
    uint32_t id;
    float score;
} vs_hit;

/* scores[i] = (row_i . q) / norm_i for i in [0, limit): the cosine between
 * each of the first limit rows and the unit vector q (dim). A zero row scores
 * NaN, as in gensim (it is never ranked). scores: limit floats. */
void vs_knn_scores(vs_model *m, const float *q, size_t limit, float *scores);

/* The k best of scores[0..n) whose id is not in exclude[0..nexclude), best
 * first; equal scores go by lower id; NaN never ranks. Returns how many. */
size_t vs_topk(const float *scores, size_t n, const uint32_t *exclude,
               size_t nexclude, size_t k, vs_hit *out);

#endif
