/*
 * knn.h - nearest rows of a model's matrix to a query, by cosine: one query
 * at a time (vs_knn_scores + vs_topk), or many at once (vs_knn_batch).
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

/*
 * Batched top-k. Many queries whose vectors come from few distinct rows
 * (the 19,544 analogy questions of questions-words.txt use 905 words) are
 * scored against a tile of the matrix by one product,
 *     D (nu, tile) = U (nu, dim) . W_tile^T, each column / its row's norm,
 * and each query combines one or three rows of D while keeping its running
 * best k: the matrix is read once per batch instead of once per query, and
 * the flops are one product per distinct vector, not per query.
 */

/* How a query scores a row w from the cosines of w with the rows u[] of U
 * that the query names. */
typedef enum vs_knn_combine {
    VS_KNN_COS,      /* cos(w, u0): the query's own vector */
    VS_KNN_3COSADD,  /* cos(w, u1) + cos(w, u2) - cos(w, u0) */
    VS_KNN_3COSMUL   /* ((1 + cos u1)/2 (1 + cos u2)/2) / ((1 + cos u0)/2 + 1e-6),
                        gensim's most_similar_cosmul */
} vs_knn_combine;

typedef struct vs_knn_query {
    uint32_t u[3];        /* rows of U: u[0] alone (VS_KNN_COS) or all three */
    uint32_t exclude[3];  /* model rows never returned; UINT32_MAX for none */
} vs_knn_query;

/* Scratch for batches against the first `limit` rows of a model: the
 * product's tile (16 MB or more), the norms, the k and the threads. */
typedef struct vs_knn_batch vs_knn_batch;

/* Batches of at most max_u vectors of U against the first limit rows of m,
 * keeping the best k (>= 1) of each query, scanning on up to `threads`
 * threads between two products. Free with vs_knn_batch_free. */
vs_knn_batch *vs_knn_batch_new(vs_model *m, size_t limit, size_t max_u, size_t k,
                               int threads);
void vs_knn_batch_free(vs_knn_batch *b);

/* For each of the nq queries qs, the best k rows by their score (how),
 * best first, into hits[i * k ...] and their number into nhits[i]. U (nu,
 * dim), nu <= max_u: unit vectors. Equal scores keep the lower row; NaN (a
 * zero row) never ranks. hits: nq * k; nhits: nq. */
void vs_knn_batch_run(vs_knn_batch *b, const float *U, size_t nu, const vs_knn_query *qs,
                      size_t nq, vs_knn_combine how, vs_hit *hits, size_t *nhits);

#endif
