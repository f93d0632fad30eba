/*
 * query.h - the word-vector questions: most similar (with + and - terms),
 * analogies by 3CosAdd and 3CosMul, similarity, odd one out.
 *
 * Each follows the gensim 4.2 KeyedVectors method it names, so that answers
 * agree with it to float rounding: terms are unit vectors, their weighted mean
 * is normalized, and words named in the query are left out of the answer.
 */
#ifndef VS_QUERY_H
#define VS_QUERY_H

#include <stddef.h>

#include "error.h"
#include "knn.h"
#include "model.h"

/* A term of a query: a word, or a vector given as it is (a kept vector, one
 * read from a file). A given vector enters the mean unnormalized and leaves
 * no word out of the answer, as a numpy array among gensim's positive or
 * negative keys does. */
typedef struct vs_term {
    const char *word;  /* the word; for a given vector, its name (messages) */
    float weight;      /* +1 or -1 */
    const float *vec;  /* the given vector (the model's dim floats), or NULL */
} vs_term;

/* Parses "king - man + woman" (already split into words) into terms (vec
 * NULL). A word standing first, or after '+', is positive; after '-',
 * negative. */
int vs_query_parse(int argc, char *const *argv, vs_term *terms, size_t *nterms,
                   vs_error *err);

/* The vector of a word (its row, or the model's out-of-vocabulary vector):
 * out gets dim floats, *id the row or -1. An unknown word is an error that
 * suggests close spellings. */
int vs_word_vector(vs_model *m, const char *word, float *out, long *id,
                   vs_error *err);

/* How the nearest rows are found. VS_SCAN_8BIT goes through the 8-bit copy
 * of the unit rows (qscan.h), built on first use: the exact answer, a
 * quarter of the reading. VS_SCAN_F32 scores every row in f32 (--exact-scan:
 * for comparison, and the fallback when the copy cannot be had). Both give
 * the same rows and the same scores. */
enum vs_scan { VS_SCAN_8BIT, VS_SCAN_F32 };

/* The k rows of [0, limit) nearest by cosine to the unit vector q (dim),
 * leaving out exclude[0..nexclude): best first, ties by lower id. */
int vs_nearest(vs_model *m, const float *q, size_t limit, const uint32_t *exclude,
               size_t nexclude, size_t k, enum vs_scan scan, vs_hit *out, size_t *nout,
               vs_error *err);

/* out (dim) = the query vector of most_similar: the weighted mean of the
 * terms' unit vectors (a given vector as it is), made unit. ids (nterms)
 * gets each term's row, or -1 (a given vector, a word built from subwords);
 * it may be NULL. Fails when the mean is zero. */
int vs_query_vector(vs_model *m, const vs_term *terms, size_t nterms, float *out,
                    long *ids, vs_error *err);

/* gensim most_similar(positive, negative, topn=k, restrict_vocab=limit).
 * limit 0 = all rows. out: k hits. */
int vs_most_similar(vs_model *m, const vs_term *terms, size_t nterms, size_t k,
                    size_t limit, enum vs_scan scan, vs_hit *out, size_t *nout,
                    vs_error *err);

/* gensim most_similar_cosmul(positive, negative, topn=k). */
int vs_most_similar_cosmul(vs_model *m, const vs_term *terms, size_t nterms,
                           size_t k, size_t limit, enum vs_scan scan, vs_hit *out,
                           size_t *nout, vs_error *err);

/* out (na, nb) = the cosines of the rows of A (na, dim) with the rows of B
 * (nb, dim): each row made unit (a zero row stays zero, so its cosines are
 * 0, as gensim's unitvec leaves it), then one product. */
void vs_cosine_matrix(const float *A, size_t na, const float *B, size_t nb,
                      size_t dim, float *out);

/* gensim similarity(a, b). */
int vs_similarity(vs_model *m, const char *a, const char *b, double *sim,
                  vs_error *err);

/* gensim doesnt_match: order[0..n) gets indexes into words sorted by cosine
 * to the mean of the unit vectors, lowest (the odd one) first; cos[i] is the
 * cosine of words[order[i]]. */
int vs_doesnt_match(vs_model *m, char *const *words, size_t n, size_t *order,
                    float *cos, vs_error *err);

/* Up to max words of the vocabulary that are close spellings of word (edit
 * distance, then frequency rank), written into err-ready text:
 * "did you mean: a, b, c?" or "" when nothing is close. */
void vs_suggest(const vs_model *m, const char *word, char *buf, size_t size);

#endif
