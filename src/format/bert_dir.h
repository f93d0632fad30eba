/*
 * bert_dir.h - the BERT parts of a model opened from a Hugging Face folder.
 *
 * A model of kind VS_MODEL_ENCODER has the tokenizer's vocabulary as its
 * vocabulary and the input word-embedding matrix as its vectors (so nn, sim,
 * analogy work on it as on any static model); m->ext holds the encoder and
 * the tokenizer below.
 */
#ifndef VS_BERT_DIR_H
#define VS_BERT_DIR_H

#include "../bert/encoder.h"
#include "../bert/tokenizer.h"
#include "../result.h"
#include "format.h"

typedef struct vs_bert_model {
    vs_bert *enc;        /* weights and forward pass */
    vs_tokenizer *tok;   /* the folder's tokenizer (vs_tokenizer_open_dir) */
    float *norms;        /* row norms of the input embeddings (m->norms) */
    size_t vocab_dropped;   /* pieces past vocab_size: not in the model's
                               vocabulary (vocab.txt lines are dropped from
                               the tokenizer too; a loader note) */
} vs_bert_model;

extern const vs_format vs_format_bert_dir;

/* The BERT parts of m (borrowed), or NULL when m is not a BERT model. */
vs_bert_model *vs_bert_of(const vs_model *m);

/* Opens the folder dir (config.json, model.safetensors, and the tokenizer:
 * tokenizer.json, vocab.txt, vocab.json + merges.txt or a SentencePiece
 * .model, see vs_tokenizer_open_dir). The vs_format's load function. */
int vs_bert_dir_load(const char *dir, const vs_load_opts *opts, vs_model **out,
                     vs_error *err);

/* Appends the BERT rows of `info` (layers, hidden size, heads, vocabulary,
 * max positions, dtype, heads present) to r, a field/value table; nothing
 * when m is not a BERT model. */
void vs_bert_info(const vs_model *m, vs_result *r);

#endif
