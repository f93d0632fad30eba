/*
 * bert_dir.h - the encoder parts of a model opened from a Hugging Face
 * folder (BERT or one of its families, family.h; a sentence-transformers
 * folder of one).
 *
 * A model of kind VS_MODEL_ENCODER has the tokenizer's vocabulary as its
 * vocabulary and the input word-embedding matrix as its vectors (so nn, sim,
 * analogy work on it as on any static model; for ALBERT and ELECTRA they
 * are E-wide, E the embedding size); m->ext holds the encoder, the
 * tokenizer and the pooling below.
 */
#ifndef VS_BERT_DIR_H
#define VS_BERT_DIR_H

#include "../bert/encoder.h"
#include "../bert/heads.h"
#include "../bert/tokenizer.h"
#include "../bert/pooling.h"
#include "../result.h"
#include "format.h"
#include "st_modules.h"

typedef struct vs_bert_model {
    vs_bert *enc;        /* weights and forward pass */
    vs_bert_heads *heads;   /* the fine-tuned task heads found, and their
                               labels (every head NULL when none) */
    vs_tokenizer *tok;   /* the folder's tokenizer (vs_tokenizer_open_dir) */
    float *norms;        /* row norms of the input embeddings (m->norms) */
    size_t vocab_dropped;   /* pieces past vocab_size: not in the model's
                               vocabulary (vocab.txt lines are dropped from
                               the tokenizer too; a loader note) */
    int is_st;              /* a sentence-transformers folder (modules.json) */
    vs_st_pipeline st;      /* its pipeline, when is_st */
    vs_pooling pool;        /* embed's and ssim's default: the pipeline's
                               pooling, or the mean over all tokens */
    float *proj_norms;      /* for ctx when E != H: the norm of each input
                               embedding mapped to H (V), made on first use */
} vs_bert_model;

extern const vs_format vs_format_bert_dir;

/* The encoder parts of m (borrowed), or NULL when m is not an encoder. */
vs_bert_model *vs_bert_of(const vs_model *m);

/* Opens the folder dir (config.json, model.safetensors, the tokenizer:
 * tokenizer.json, vocab.txt, vocab.json + merges.txt or a SentencePiece
 * .model, see vs_tokenizer_open_dir; a sentence-transformers modules.json
 * when present). The vs_format's load function. */
int vs_bert_dir_load(const char *dir, const vs_load_opts *opts, vs_model **out,
                     vs_error *err);

/* Appends the encoder rows of `info` (family, tokenizer, layers, sizes,
 * vocabulary, max positions, dtype, the pooling embed uses and where it
 * comes from, the heads present, the task heads' labels) to r, a field/value table; nothing when m
 * is not an encoder. */
void vs_bert_info(const vs_model *m, vs_result *r);

#endif
