/*
 * bert_config.h - an encoder's family, shape and settings, from Hugging
 * Face's config.json (transformers' BertConfig, RobertaConfig,
 * DistilBertConfig, AlbertConfig, ElectraConfig; FORMATS.md sections 5 and
 * 9). (Not called config.h, which is the name of autoconf's header.)
 */
#ifndef VS_BERT_CONFIG_H
#define VS_BERT_CONFIG_H

#include <jansson.h>
#include <stddef.h>

#include "../error.h"
#include "family.h"
#include "linear.h"

/* The activations of transformers' ACT2FN that encoders use. */
enum vs_bert_act {
    VS_ACT_GELU,       /* "gelu", "gelu_python": x Phi(x), with erf (exact) */
    VS_ACT_GELU_TANH,  /* "gelu_new", "gelu_pytorch_tanh", "gelu_fast" */
    VS_ACT_RELU,       /* "relu" */
    VS_ACT_QUICK_GELU, /* "quick_gelu": x sigmoid(1.702 x) */
    VS_ACT_SILU,       /* "silu", "swish": x sigmoid(x) */
    VS_ACT_TANH        /* "tanh" */
};

typedef struct vs_bert_config {
    const vs_family *family;  /* from model_type; BERT when there is none */
    size_t vocab_size;        /* rows of the word embeddings */
    size_t hidden;            /* hidden_size (DistilBERT: dim) */
    size_t embedding;         /* E, the embeddings' width: embedding_size
                                 (ALBERT, ELECTRA), else hidden */
    size_t layers;            /* num_hidden_layers (n_layers) */
    size_t groups;            /* ALBERT's num_hidden_groups: layer i runs
                                 the weights of group i / (layers / groups);
                                 other families: layers (none shared) */
    size_t heads;             /* num_attention_heads (n_heads) */
    size_t intermediate;      /* intermediate_size (hidden_dim) */
    size_t max_positions;     /* max_position_embeddings */
    size_t type_vocab_size;   /* token types (segments); default 2; 0 for
                                 DistilBERT, which has none */
    long pad_token_id;        /* RoBERTa's positions start after it */
    float layer_norm_eps;     /* default 1e-12 */
    enum vs_bert_act act;     /* hidden_act (activation); default "gelu",
                                 ALBERT's "gelu_new" */
    char act_name[32];
    char architecture[64];    /* architectures[0] ("BertForMaskedLM"), or
                                 "" when config.json names none */
    enum vs_precision precision;  /* not from config.json: the precision
                                     the Linear layers run in (the loader's
                                     choice; 0, f32, by default) */
} vs_bert_config;

/* Reads path (a config.json). model_type picks the family (one of
 * vs_family_list(); "bert" when absent) and with it the keys: required are
 * hidden_size, num_hidden_layers, num_attention_heads, intermediate_size,
 * vocab_size, max_position_embeddings (DistilBERT: dim, n_layers, n_heads,
 * hidden_dim, vocab_size, max_position_embeddings);
 * position_embedding_type, when given, must be "absolute"; ALBERT's
 * inner_group_num must be 1. Errors name the file and the key. */
int vs_bert_config_load(const char *path, vs_bert_config *cfg, vs_error *err);

/* *out = the JSON object in the file path (json_decref it). Fails, naming
 * the file and the line and column, when it cannot be read, is not JSON or
 * is not an object. The reader of config.json and its sibling files. */
int vs_json_object_load(const char *path, json_t **out, vs_error *err);

/* The layer group whose weights layer i runs: int(i / (layers / groups)),
 * in double precision as Python computes it (ALBERT); i otherwise. */
size_t vs_bert_group_of(const vs_bert_config *cfg, size_t i);

#endif
