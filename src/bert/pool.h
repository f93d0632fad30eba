/*
 * pool.h - from an encoder's forward pass to vectors: the pass over a text,
 * sentence vectors (pooling), a word's contextual vector.
 */
#ifndef VS_BERT_POOL_H
#define VS_BERT_POOL_H

#include "../format/bert_dir.h"
#include "encoder.h"
#include "pooling.h"

/* Tokenizes text ("A ||| B" is a pair) and runs the encoder of m (a BERT
 * model) over it; tok and out are overwritten (free with vs_tokens_free and
 * vs_bert_out_free, also on failure). */
int vs_bert_run(const vs_model *m, const char *text, int capture_attn,
                vs_tokens *tok, vs_bert_out *out, vs_error *err);

/* out (vs_pooling_dim(pool, H)) = the sentence vector of text: the modes
 * of pool over hidden state layer (pooling.h), or the pooler's output
 * (VS_POOL_POOLER, last layer only), normalized when pool says so. */
int vs_bert_sentence(const vs_model *m, const char *text, const vs_pooling *pool,
                     size_t layer, float *out, vs_error *err);

/* As vs_bert_sentence, for one text (no pair) that may be longer than the
 * model takes: the opening special token ([CLS], <s>), its first
 * vs_bert_max_tokens - 2 pieces and the closing one ([SEP], </s>), as
 * Hugging Face's tokenizers cut with truncation=True; *truncated is set to
 * 1 when pieces were cut (else 0). */
int vs_bert_sentence_truncated(const vs_model *m, const char *text,
                               const vs_pooling *pool, size_t layer, float *out,
                               int *truncated, vs_error *err);

/* out (H) = the contextual vector of word in text: the mean of the last
 * hidden state over the pieces of word's first occurrence. Fails when word
 * does not occur in text as a whole word. */
int vs_bert_word_vector(const vs_model *m, const char *word, const char *text,
                        float *out, vs_error *err);

/* scores (V) = the cosine of v (H, the hidden size) with each input
 * embedding of m: the rows themselves when E == H; ALBERT's and ELECTRA's
 * E-wide rows as their projection to H maps them (Wp x + bp), whose norms
 * are made once and kept. */
void vs_bert_input_cosines(const vs_model *m, const float *v, float *scores);

/* The cosine of a and b (n floats); 0 when either is zero. */
double vs_bert_cosine(const float *a, const float *b, size_t n);

#endif
