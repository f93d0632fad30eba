/*
 * compare.h - two models side by side: the words they share, how much
 * their neighbourhoods agree, and one rotated onto the other.
 *
 * Overlap (as in the studies of embedding stability and of semantic
 * change, e.g. Hamilton, Leskovec & Jurafsky 2016, Gonen et al. 2020): for
 * each of the most frequent shared words, its k nearest neighbours by
 * cosine in each model, searched among the shared words (a word only one
 * model has could never be a shared neighbour), and the Jaccard index of
 * the two sets: |A and B| / |A or B|. The searches are a batched exact
 * k-NN (knn.h over the 8-bit copy of qscan.h): an integer matrix product
 * of a block of queries with each tile of the 8-bit rows, not one pass
 * over the matrix per word.
 *
 * Alignment (orthogonal Procrustes, as Hamilton et al. align the decades
 * of their diachronic embeddings): the rotation R minimising ||B R - A||_F
 * over orthogonal matrices, where the rows of A and B are the unit vectors
 * of the shared words in the two models; with B^T A = U S V^T (an SVD),
 * R = U V^T. Every row of the second model is then multiplied by R: a
 * rotation keeps its lengths and cosines, so the aligned copy has the
 * neighbours of the original, now in the first model's coordinates.
 *
 * "The most frequent" is each model's order, which is by falling frequency
 * in the files word2vec, GloVe and fastText write: the shared words are
 * taken in the first model's order.
 */
#ifndef VS_COMPARE_H
#define VS_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"
#include "progress.h"

/* The words both models have, in a's order: word i is row a[i] of the first
 * model and row b[i] of the second. */
typedef struct vs_shared {
    size_t n;
    uint32_t *a, *b;
} vs_shared;

void vs_shared_words(const vs_model *a, const vs_model *b, vs_shared *sh);
void vs_shared_free(vs_shared *sh);

typedef struct vs_overlap {
    size_t shared;       /* words both models have */
    size_t n;            /* words compared (the first `top` shared ones with a
                            vector in both; zero rows are left out) */
    size_t zero;         /* shared words among the first `top` left out for
                            a zero vector in either model */
    size_t k;            /* neighbours per word (at most shared - 1) */
    double mean;         /* the mean Jaccard index */
    uint32_t *rows;      /* n: each word's row in the first model */
    double *jaccard;     /* n */
} vs_overlap;

/* The neighbourhood overlap of a and b over their `top` most frequent shared
 * words (0: all), k neighbours each; the scans between the products run on
 * `threads` threads. Ctrl-C through progress stops it. */
int vs_overlap_run(vs_model *a, vs_model *b, size_t top, size_t k, int threads,
                   const vs_progress *progress, vs_overlap *res, vs_error *err);
void vs_overlap_free(vs_overlap *res);

typedef struct vs_alignment {
    size_t shared;       /* words both models have */
    size_t n;            /* words the rotation was fitted on */
    size_t dim;
    double *R;           /* dim x dim, row-major: aligned row = row . R */
    float *vecs;         /* the second model's rows times R (its n x dim) */
    uint32_t *rows;      /* n: the fitted words' rows in the first model */
    double *cosine;      /* n: each fitted word's cosine between the first
                            model and the aligned second */
    double mean;         /* their mean */
} vs_alignment;

/* Fits R on the `top` most frequent shared words (0: all) and rotates every
 * row of b. Fails when the dimensions differ or fewer than two words are
 * shared. */
int vs_align_run(vs_model *a, vs_model *b, size_t top, const vs_progress *progress,
                 vs_alignment *res, vs_error *err);
/* Frees what res holds; res->vecs is freed too unless set to NULL first (a
 * model may take it). */
void vs_alignment_free(vs_alignment *res);

#endif
