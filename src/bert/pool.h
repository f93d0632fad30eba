/*
 * pool.h - from an encoder's forward pass to vectors: the pass over a text,
 * sentence vectors (pooling), a word's contextual vector.
 */
#ifndef VS_BERT_POOL_H
#define VS_BERT_POOL_H

#include "../format/bert_dir.h"
#include "encoder.h"

/* Tokenizes text ("A ||| B" is a pair) and runs the encoder of m (a BERT
 * model) over it; tok and out are overwritten (free with vs_tokens_free and
 * vs_bert_out_free, also on failure). */
int vs_bert_run(const vs_model *m, const char *text, int capture_attn,
                vs_tokens *tok, vs_bert_out *out, vs_error *err);

/* out (H) = the sentence vector of text: the mean over its tokens of hidden
 * state layer (pool "mean"), that state at [CLS] (pool "cls"), or the
 * pooler's output (pool "pooler", last layer only). */
int vs_bert_sentence(const vs_model *m, const char *text, const char *pool,
                     size_t layer, float *out, vs_error *err);

/* As vs_bert_sentence, for one text (no pair) that may be longer than the
 * model takes: [CLS], its first max_position_embeddings - 2 pieces and
 * [SEP], as Hugging Face's tokenizers cut with truncation=True; *truncated
 * is set to 1 when pieces were cut (else 0). */
int vs_bert_sentence_truncated(const vs_model *m, const char *text, const char *pool,
                               size_t layer, float *out, int *truncated, vs_error *err);

/* out (H) = the contextual vector of word in text: the mean of the last
 * hidden state over the pieces of word's first occurrence. Fails when word
 * does not occur in text as a whole word. */
int vs_bert_word_vector(const vs_model *m, const char *word, const char *text,
                        float *out, vs_error *err);

/* The cosine of a and b (n floats); 0 when either is zero. */
double vs_bert_cosine(const float *a, const float *b, size_t n);

#endif
