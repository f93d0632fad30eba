/*
 * sentvec.h - sentence vectors from a static model (word2vec, GloVe,
 * fastText): the mean of the vectors of a text's words, or the SIF
 * embedding of Arora, Liang & Ma, "A simple but tough-to-beat baseline for
 * sentence embeddings" (ICLR 2017): a mean weighted by a / (a + p(w)),
 * then the set's first principal direction removed. Used by `probe` (a
 * classifier on sentence vectors) and by sentence-similarity evaluation.
 *
 * A text is cut into words as shared/data's gutenberg12.norm.txt was made
 * from the books: the typographic apostrophes U+2018 and U+2019 become ',
 * the text is lower-cased (utf8proc's simple case mapping, which differs
 * from Python's str.lower() only for U+0130 and a word-final capital
 * sigma), and the words are the matches of Python's regular expression
 * [^\W_]+(?:'[^\W_]+)* : runs of letters and numbers (Unicode categories
 * L* and N*), joined by single inner apostrophes. A word the model does
 * not have is left out.
 */
#ifndef VS_EVAL_SENTVEC_H
#define VS_EVAL_SENTVEC_H

#include <stddef.h>

#include "../model.h"

/* Arora et al.'s a, the weight parameter they recommend. */
#define VS_SIF_A 1e-3

/* Calls fn(word, len, ud) for each word of text (len bytes of UTF-8), the
 * word lower-cased, in a buffer valid during the call. Returns the number
 * of words. Bytes that are not valid UTF-8 separate words. */
size_t vs_sent_words(const char *text, size_t len,
                     void (*fn)(const char *word, size_t len, void *ud), void *ud);

/* The ids in m of text's words that m has (xmalloc'd in *ids, *nids of
 * them); *nwords gets the number of words in all. */
void vs_sent_ids(const vs_model *m, const char *text, long **ids, size_t *nids,
                 size_t *nwords);

/* p (m->n): each word's probability estimated from the model's order, which
 * is by falling frequency in the files word2vec, GloVe and fastText write:
 * Zipf's law with exponent 1, p(rank r) = 1 / (r H_n), r from 1, H_n the
 * n-th harmonic number (so the n probabilities sum to 1). */
void vs_word_probs_zipf(const vs_model *m, double *p);

/* p (m->n): count(w) / (sum of all counts) from a counts file of lines
 * "WORD COUNT" (blank- or tab-separated: word2vec's -save-vocab and GloVe's
 * vocab_count write this); a word of the model that the file lacks gets 0.
 * Errors name the file and line. */
int vs_word_probs_counts(const vs_model *m, const char *path, double *p, vs_error *err);

/* w (n) = a / (a + p) for each of the n probabilities p. */
void vs_sif_weights(const double *p, size_t n, double a, float *w);

/* v (m->dim) = the mean of the vectors of text's in-vocabulary words, each
 * weighted by weights[id] when weights (m->n) is not NULL (SIF: the
 * weighted sum over the words divided by their number, as Arora et al.).
 * Returns the number of words used; with none, v is zero. *nwords (may be
 * NULL) gets the number of words in the text. */
size_t vs_sent_vector(const vs_model *m, const char *text, const float *weights, float *v,
                      size_t *nwords);

/* u (d) = the first right singular vector of X (n, d), not centred, as the
 * SIF reference code takes it (a truncated SVD of the set of sentence
 * vectors): the top eigenvector of X'X, unit length, its largest component
 * positive. Fails only if LAPACK does. */
int vs_first_direction(const float *X, size_t n, size_t d, float *u, vs_error *err);

/* X (n, d) -= (X u) u': removes each row's component along u (d, unit). */
void vs_remove_direction(float *X, size_t n, size_t d, const float *u);

#endif
