/*
 * encoder.h - a Transformer encoder of one of the families of family.h
 * (BERT, DistilBERT, RoBERTa, XLM-R, CamemBERT, ALBERT, ELECTRA): its
 * weights, carved out of the mapped checkpoint (weights.h: safetensors or
 * pytorch_model.bin, whole or sharded), its forward pass and its heads.
 *
 * Shapes below: n tokens, H hidden size, A heads, d = H / A, I the
 * feed-forward width, E the embeddings' width (H but for ALBERT and
 * ELECTRA), V the vocabulary, P the positions, T the token types, L the
 * layers. Linear weights are stored as PyTorch does, [out, in].
 *
 * Hidden states are numbered as Hugging Face's output_hidden_states:
 * hidden state 0 is the embeddings' output and hidden state i (1..L) is the
 * output of encoder layer i - 1. Attention is numbered by layer 0..L-1 and
 * head 0..A-1.
 */
#ifndef VS_BERT_ENCODER_H
#define VS_BERT_ENCODER_H

#include <stddef.h>
#include <stdint.h>

#include "../error.h"
#include "../format/weights.h"
#include "bert_config.h"
#include "linear.h"
#include "tokenizer.h"

/* One encoder layer's weights (ALBERT's layers share their group's). The
 * Linear layers are packed in the model's precision (linear.h); query, key
 * and value are one product, their weights stacked. */
typedef struct vs_bert_layer {
    vs_linear qkv;               /* [query; key; value] (3H, H) */
    float *bqkv;                 /* their biases (3H), owned */
    vs_linear wo;                /* attention output dense (H, H) */
    const float *bo;             /* (H) */
    const float *ln1_g, *ln1_b;  /* attention output LayerNorm (H), (H) */
    vs_linear wi;                /* intermediate dense (I, H) */
    const float *bi;             /* (I) */
    vs_linear wf;                /* output dense (H, I) */
    const float *bf;             /* (H) */
    const float *ln2_g, *ln2_b;  /* output LayerNorm (H), (H) */
    int shared;                  /* a copy of an earlier layer's (ALBERT):
                                    the packed weights are that layer's */
} vs_bert_layer;

typedef struct vs_bert {
    vs_bert_config cfg;
    const vs_family *fam;        /* cfg.family: the tensor names */
    vs_weights *w;               /* owned: the weights point into it */
    const char *prefix;          /* the family's prefix ("bert.") or "" */
    enum vs_dtype dtype;         /* of the word embeddings (F32, F16, BF16) */
    size_t params;               /* parameters used (shared ones once) */

    const float *word_emb;       /* (V, E) */
    const float *pos_emb;        /* (P, E) */
    const float *type_emb;       /* (T, E); NULL: no token types */
    const float *emb_ln_g, *emb_ln_b;  /* (E), (E) */
    const float *proj_w, *proj_b;      /* E -> H (H, E), (H); NULL: none */
    vs_linear proj;                    /* proj_w packed */
    vs_bert_layer *layer;        /* L layers */
    enum vs_precision precision; /* of the Linear layers (cfg.precision) */
    size_t packed_bytes;         /* memory the packed weights hold */

    const float *pool_w, *pool_b;  /* pooler (H, H), (H); NULL: none */

    /* Masked-LM head (the family's: cls.predictions, lm_head, vocab_*,
     * predictions, generator_*); mlm_w NULL: none. Its width is E. */
    enum vs_bert_act mlm_act;
    const float *mlm_w, *mlm_b;        /* transform dense (E, H), (E) */
    const float *mlm_ln_g, *mlm_ln_b;  /* transform LayerNorm (E), (E) */
    const float *mlm_dec;              /* decoder (V, E): word_emb when tied */
    const float *mlm_bias;             /* (V) */

    /* Next-sentence head (cls.seq_relationship.*); nsp_w NULL: none. */
    const float *nsp_w, *nsp_b;        /* (2, H), (2) */
    /* ALBERT's sentence-order head (sop_classifier.classifier.*): found,
     * shape-checked, named by `info`; no command runs it. */
    const float *sop_w, *sop_b;        /* (2, H), (2) */
} vs_bert;

/* The result of one forward pass. */
typedef struct vs_bert_out {
    size_t n, hidden, layers, heads;
    float *hidden_states;  /* (L + 1, n, H): see the numbering above */
    float *attn;           /* (L, A, n, n) softmax probabilities, row = query
                              token, column = key token; NULL unless captured */
    float *attn_entropy;   /* (L, A, n) each attention row's entropy in nats,
                              with attn */
} vs_bert_out;

/* Finds the weights for cfg in w, by the names of cfg's family, and
 * checks their shapes against it. Takes ownership of w, also on failure.
 * Tensor names may carry the family's prefix ("bert.", "roberta.") or not,
 * LayerNorm parameters may be weight/bias or gamma/beta; the pooler and the
 * heads are optional; unknown tensors are ignored. F16/BF16 weights are
 * converted to float32 here. The encoder's Linear layers are packed in
 * cfg->precision, and their float32 weights let go (the file's pages
 * handed back, the converted copies freed): the embeddings, LayerNorms,
 * biases and heads stay float32. */
int vs_bert_open(vs_weights *w, const vs_bert_config *cfg, vs_bert **out,
                 vs_error *err);
void vs_bert_free(vs_bert *b);

/* The forward pass over tok (ids and token types; one sequence, no
 * padding). Fails, leaving out empty, when the sequence is longer than the
 * model takes (vs_bert_max_tokens), or an id or token type is out of range
 * (token types are ignored by a family without them). With capture_attn
 * the attention probabilities of every layer and head are kept in
 * out->attn. out is overwritten (free it with vs_bert_out_free). */
int vs_bert_encode(const vs_bert *b, const vs_tokens *tok, int capture_attn,
                   vs_bert_out *out, vs_error *err);
void vs_bert_out_free(vs_bert_out *o);

/* The most tokens one pass takes: max_position_embeddings, less
 * pad_token_id + 1 where positions start after the padding index
 * (RoBERTa: 514 - 2 = 512). */
size_t vs_bert_max_tokens(const vs_bert *b);

/* Hidden state i (0..L) as (n, H), borrowed from o. */
const float *vs_bert_hidden(const vs_bert_out *o, size_t i);

/* Attention of layer l, head h as (n, n), or NULL when not captured. */
const float *vs_bert_attention(const vs_bert_out *o, size_t l, size_t h);

/* The entropies (nats) of that head's n rows, or NULL when not captured. */
const float *vs_bert_attention_entropy(const vs_bert_out *o, size_t l, size_t h);

/* out (H) = the mean of hidden state i over all n tokens ([CLS] and [SEP]
 * included, as sentence-transformers does). */
void vs_bert_mean_pool(const vs_bert_out *o, size_t i, float *out);

/* out (H) = tanh(pool_w . h_[CLS] + pool_b) on the last hidden state. Fails
 * when the checkpoint has no pooler. */
int vs_bert_pool(const vs_bert *b, const vs_bert_out *o, float *out,
                 vs_error *err);

/* logits (V) of the masked-LM head at token pos. Fails without the head,
 * naming the family's head tensors. */
int vs_bert_mlm_logits(const vs_bert *b, const vs_bert_out *o, size_t pos,
                       float *logits, vs_error *err);

/* The k most likely tokens at pos (softmax over the whole vocabulary), best
 * first: ids[k], probs[k]. Returns how many were written (min(k, V)), or -1
 * without the MLM head. */
long vs_bert_fill_mask(const vs_bert *b, const vs_bert_out *o, size_t pos,
                       size_t k, int32_t *ids, float *probs, vs_error *err);

/* probs[2] = softmax of the next-sentence head on the pooled output:
 * probs[0] is the probability that segment B follows segment A (IsNext).
 * Fails without the NSP head or the pooler, saying which head is missing
 * and what the family has instead (ALBERT: a sentence-order head). */
int vs_bert_nsp(const vs_bert *b, const vs_bert_out *o, float probs[2],
                vs_error *err);

/* Fails (returns -1) with the message vs_bert_nsp gives when b has no
 * next-sentence head, about who ("this checkpoint", a model's name). */
int vs_bert_nsp_missing(const vs_bert *b, const char *who, vs_error *err);

/* y (n, out) = x (n, in) . W^T, W (out, in) as PyTorch stores a Linear's
 * weight, the bias not added, in float32 (one sgemm): the task heads
 * (heads.c) go through it. The encoder's own Linear layers are packed at
 * load in the model's precision instead (linear.h). */
void vs_bert_linear(const float *x, size_t n, size_t in, const float *W,
                    size_t out, float *y);

/* x (n, m) <- act(x + bias (m)), the encoder's activations (kernels.c). */
void vs_bert_bias_act(float *x, const float *bias, size_t n, size_t m,
                      enum vs_bert_act act);

/* Bytes of float32 copies made at load (F16/BF16 weights) and kept. */
size_t vs_bert_converted_bytes(const vs_bert *b);

/* Bytes of the packed Linear layers (their precision: b->precision). */
size_t vs_bert_packed_bytes(const vs_bert *b);

#endif
