/*
 * bert_config.h - a BERT model's shape and settings, from Hugging Face's
 * config.json (transformers' BertConfig; FORMATS.md section 5). (Not called
 * config.h, which is the name of autoconf's header.)
 */
#ifndef VS_BERT_CONFIG_H
#define VS_BERT_CONFIG_H

#include <stddef.h>

#include "../error.h"

enum vs_bert_act {
    VS_ACT_GELU,       /* "gelu": x * Phi(x), with erf (exact) */
    VS_ACT_GELU_TANH,  /* "gelu_new", "gelu_pytorch_tanh", "gelu_fast" */
    VS_ACT_RELU        /* "relu" */
};

typedef struct vs_bert_config {
    size_t vocab_size;        /* rows of the word embeddings */
    size_t hidden;            /* hidden_size */
    size_t layers;            /* num_hidden_layers */
    size_t heads;             /* num_attention_heads */
    size_t intermediate;      /* intermediate_size */
    size_t max_positions;     /* max_position_embeddings */
    size_t type_vocab_size;   /* token types (segments); default 2 */
    float layer_norm_eps;     /* default 1e-12 */
    enum vs_bert_act act;     /* hidden_act; default "gelu" */
    char act_name[32];
} vs_bert_config;

/* Reads path (a config.json). Required: hidden_size, num_hidden_layers,
 * num_attention_heads, intermediate_size, vocab_size,
 * max_position_embeddings; model_type, when given, must be "bert";
 * position_embedding_type, when given, must be "absolute". Errors name the
 * file and the key. */
int vs_bert_config_load(const char *path, vs_bert_config *cfg, vs_error *err);

#endif
