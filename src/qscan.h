/*
 * qscan.h - exact nearest neighbours from a scan of an 8-bit copy of the
 * unit rows.
 *
 * An exact f32 search reads every byte of the matrix (480 MB for 400,000 x
 * 300) and is bound by memory bandwidth. Beside the matrix, a model may keep
 * its unit rows in 8 bits (per-row scale), a quarter of the bytes. A query
 * scans the 8-bit copy and gets, for every row, an approximate cosine and a
 * bound on its error (from the quantization errors of the row and of the
 * query, stored and measured exactly, with Cauchy-Schwarz, plus a margin for
 * the f32 arithmetic itself). Only the rows whose upper bound reaches the
 * k-th best lower bound can be among the k best; they are scored again in
 * f32, exactly as the f32 scan scores every row (vs_qscan_dot), and ranked
 * as vs_topk ranks. The answer is the exact one, not an approximation:
 * identical rows, identical scores, identical ties.
 *
 * The scan runs on AVX-512 VNNI, AVX2 or portable C, picked at run time.
 */
#ifndef VS_QSCAN_H
#define VS_QSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "knn.h"
#include "model.h"
#include "progress.h"

/* Bytes of one 8-bit row: dim rounded up to 64 (the scan's step). */
#define VS_QSCAN_STRIDE(dim) (((dim) + 63) / 64 * 64)

typedef struct vs_qindex {
    size_t n, dim, stride;
    int8_t *q;         /* n x stride: row i = round(u_i / scale_i), zero padded */
    float *scale;      /* n: max |u_ij| / 127 (0 for a zero row) */
    float *rnorm;      /* n: || scale_i q_i ||, rounded up */
    float *qerr;       /* n: || u_i - scale_i q_i ||, rounded up */
    int32_t *qsum;     /* n: the sum of row i's 8-bit values */
    void *block;       /* the one allocation holding all of it, or NULL when
                          it lives in a mapped file */
} vs_qindex;

/* Builds the 8-bit copy of m's unit rows (one pass; m's norms are computed
 * if they are not yet). Returns 0, or -1 with a message when the memory
 * cannot be had. Progress may be NULL. */
int vs_qindex_build(const vs_model *m, vs_qindex *qi, const vs_progress *progress,
                    vs_error *err);

/* Points qi at arrays laid out as vs_qindex_bytes describes, starting at base
 * (a mapping): nothing is copied or freed. */
void vs_qindex_wrap(vs_qindex *qi, size_t n, size_t dim, const void *base);

/* The bytes the arrays of an index of n rows of dim take, in the order q,
 * scale, rnorm, qerr, qsum (each 64-byte aligned): what the native cache
 * stores. */
size_t vs_qindex_bytes(size_t n, size_t dim);

void vs_qindex_free(vs_qindex *qi);

/* Whether row i of a stored index still bounds row i of m (m's norms
 * computed): its scale, the sum of its bytes, and stored error and row norms
 * no smaller than they measure now, zero padding. For the sample checks at
 * open of a cache that holds the copy. */
int vs_qindex_row_ok(const vs_model *m, const vs_qindex *qi, size_t i);

/* Gives m the index qi (xmalloc'd; its arrays owned, or in m's mapping):
 * it is freed with m. */
void vs_qscan_attach(vs_model *m, vs_qindex *qi);

/* The f32 dot product the exact scan and the re-ranking both use, so that a
 * row gets the same score either way. */
float vs_qscan_dot(const float *a, const float *b, size_t dim);

/* The exact f32 scan: scores[i] = vs_qscan_dot(row_i, q) / norm_i for i in
 * [0, limit) (q a unit vector); a zero row scores NaN. */
void vs_qscan_scores_f32(const vs_model *m, const float *q, size_t limit, float *scores);

/* The k best rows of [0, limit) by cosine to the unit vector q, leaving out
 * exclude[0..nexclude), best first, ties by lower id: what vs_topk over
 * vs_qscan_scores_f32 gives, found through the 8-bit scan. *rescored gets
 * how many rows were scored again in f32 (may be NULL). Returns how many. */
size_t vs_qscan_topk(const vs_model *m, const vs_qindex *qi, const float *q, size_t limit,
                     const uint32_t *exclude, size_t nexclude, size_t k, vs_hit *out,
                     size_t *rescored);

/* The 3CosMul score of row with the unit vectors u (nterms x dim) whose
 * weight is +1 (positive) or -1 (negative), as gensim's most_similar_cosmul:
 * the product over positive terms of (1 + cos) / 2, over (the product over
 * negative terms of (1 + cos) / 2) + 1e-6; cos through vs_qscan_dot. */
float vs_qscan_cosmul(const vs_model *m, size_t row, const float *u, const float *weight,
                      size_t nterms);

/* The k best rows of [0, limit) by vs_qscan_cosmul, as vs_qscan_topk: the
 * exact answer, found through one 8-bit scan per term. */
size_t vs_qscan_topk_cosmul(const vs_model *m, const vs_qindex *qi, const float *u,
                            const float *weight, size_t nterms, size_t limit,
                            const uint32_t *exclude, size_t nexclude, size_t k, vs_hit *out,
                            size_t *rescored);

/* m's index, built on first use (it then lives with m and is counted in its
 * memory); NULL with a message when the memory cannot be had. */
const vs_qindex *vs_qscan_index(vs_model *m, vs_error *err);

/* "avx512-vnni", "avx2" or "portable": the scan this CPU runs. */
const char *vs_qscan_isa(void);

#endif
