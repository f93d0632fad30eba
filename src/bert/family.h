/*
 * family.h - the encoder families vecscope runs, and where each keeps its
 * weights: the tensor names of Hugging Face's modeling_<family>.py
 * (FORMATS.md section 9), one table row a family.
 *
 * Every family here is BERT's post-LayerNorm Transformer encoder; they
 * differ in names, in the embeddings (RoBERTa's position ids count from
 * after the padding index; DistilBERT has no token types; ALBERT and
 * ELECTRA embed in a smaller size E and project it to the hidden size H),
 * in ALBERT's layers sharing weights, and in their heads. The forward pass
 * (encoder.c) reads the names from here and knows the rest by the flags.
 */
#ifndef VS_BERT_FAMILY_H
#define VS_BERT_FAMILY_H

#include <stddef.h>

enum vs_family_id {
    VS_FAMILY_BERT,
    VS_FAMILY_DISTILBERT,
    VS_FAMILY_ROBERTA,
    VS_FAMILY_XLM_ROBERTA,
    VS_FAMILY_CAMEMBERT,
    VS_FAMILY_ALBERT,
    VS_FAMILY_ELECTRA,
    VS_NFAMILIES
};

/* Flags of a family's shape. */
enum {
    /* position id of token t = pad_token_id + 1 + t (padding tokens get
     * pad_token_id): RoBERTa's create_position_ids_from_input_ids */
    VS_FAM_POS_AFTER_PAD = 1 << 0,
    /* config.json says dim, n_layers, n_heads, hidden_dim, activation;
     * LayerNorm epsilon fixed at 1e-12 (DistilBERT) */
    VS_FAM_DISTIL_CONFIG = 1 << 1,
    /* layers share num_hidden_groups groups of weights (ALBERT) */
    VS_FAM_LAYER_GROUPS = 1 << 2,
    /* the embeddings have their own size E, embedding_size, projected to
     * H by the embeddings' projection (ALBERT, ELECTRA) */
    VS_FAM_EMBEDDING_SIZE = 1 << 3
};

/* A head found by name only, for `info` (ELECTRA's replaced-token
 * detection): commands do not run it. The task heads (classifiers,
 * question answering) are heads.h's. */
typedef struct vs_family_head {
    const char *tensor;   /* the weight that marks it, without the prefix */
    const char *what;     /* "replaced-token detection (...)" */
} vs_family_head;

/* Names below: a LayerNorm or Linear name is the base of its ".weight" and
 * ".bias"; NULL: the family has no such tensor. */

/* The embeddings: words (V, E), positions (P, E), token types (T, E),
 * their LayerNorm (E), and the E -> H projection (H, E): ALBERT's always,
 * ELECTRA's only when E != H. Under the prefix. */
typedef struct vs_embedding_names {
    const char *word, *position, *token_type, *norm, *project;
} vs_embedding_names;

/* Encoder layer N (ALBERT: layer group N): layer has one %zu; the parts
 * follow it. Under the prefix. */
typedef struct vs_layer_names {
    const char *layer;
    const char *query, *key, *value;   /* (H, H) each */
    const char *attn_out, *attn_norm;  /* (H, H), LayerNorm (H) */
    const char *ffn_in, *ffn_out;      /* (I, H), (H, I) */
    const char *out_norm;              /* LayerNorm (H) */
} vs_layer_names;

/* The masked-LM head: dense (E', H) -> act -> LayerNorm (E') -> decoder
 * (V, E') + bias (V). decoder is the weight's full name; it may be left
 * out (tied to the word embeddings). The bias may be stored under either
 * name. Not under the prefix. */
typedef struct vs_mlm_names {
    const char *dense, *norm, *decoder, *bias, *bias_alt;
    int exact_gelu;   /* the head's activation is the erf GELU, whatever
                         the config's activation */
    const char *what; /* the head's tensors, for messages: "lm_head.*" */
    const char *hint; /* where to find a checkpoint that has it */
} vs_mlm_names;

/* One family. */
typedef struct vs_family {
    enum vs_family_id id;
    const char *model_type;    /* config.json's model_type */
    const char *name;          /* as its authors write it: "RoBERTa" */
    const char *prefix;        /* base_model_prefix and a dot: "roberta." */
    unsigned flags;
    const vs_embedding_names *emb;
    const vs_layer_names *layer;
    const char *pooler;        /* tanh(W h[0] + b), (H, H), under the prefix */
    const vs_mlm_names *mlm;   /* NULL: the family has none */
    /* next-sentence (BERT) and sentence-order (ALBERT) heads: (2, H) over
     * the pooler's output; not under the prefix */
    const char *nsp, *sop;
    const vs_family_head *others;  /* ends with a NULL tensor */
} vs_family;

/* The family whose model_type is type, or NULL. */
const vs_family *vs_family_find(const char *type);

/* The family of id. */
const vs_family *vs_family_get(enum vs_family_id id);

/* "bert, distilbert, roberta, ...": the model types vecscope reads. */
const char *vs_family_list(void);

#endif
