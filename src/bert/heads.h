/*
 * heads.h - the task heads of a fine-tuned encoder: sequence
 * classification, token classification and extractive question answering,
 * as Hugging Face's <Family>ForSequenceClassification,
 * <Family>ForTokenClassification and <Family>ForQuestionAnswering compute
 * them over the encoder's last hidden state (FORMATS.md section 9), with
 * the labels of config.json (id2label, problem_type).
 *
 * Each family's sequence head (H the hidden size, L the labels):
 *
 *   BERT, ALBERT    logits = classifier (L, H) . pooled            (pooler)
 *   RoBERTa, XLM-R, CamemBERT
 *                   logits = out_proj (L, H) . tanh(dense (H, H) . h[0])
 *   DistilBERT      logits = classifier (L, H) . relu(pre_classifier . h[0])
 *   ELECTRA         logits = out_proj (L, H) . gelu(dense (H, H) . h[0])
 *
 * (each Linear with its bias; h[0] the first token, [CLS] or <s>; gelu the
 * erf form). The token head of every family is classifier (L, H) over
 * every token, the question-answering head qa_outputs (2, H) over every
 * token: start and end logits.
 *
 * Which head a "classifier" tensor is: RoBERTa's and ELECTRA's sequence
 * head has classifier.dense and classifier.out_proj, DistilBERT's
 * pre_classifier; a bare classifier is then the token head. BERT and ALBERT
 * name both heads "classifier": config.json's architectures says which
 * (BertForSequenceClassification, AlbertForTokenClassification); when it
 * names another model (BertForPreTraining) the tensor is left unused, as
 * transformers leaves it; without architectures, labels that all read O,
 * B-..., I-... (or E-, S-, L-, U-) make it a token head and anything else a
 * sequence head, and heads->guessed says so.
 */
#ifndef VS_BERT_HEADS_H
#define VS_BERT_HEADS_H

#include <stddef.h>

#include "../error.h"
#include "encoder.h"

enum vs_head_kind { VS_HEAD_SEQUENCE, VS_HEAD_TOKEN, VS_HEAD_QA, VS_NHEADS };

/* What a sequence head's outputs are (config.json's problem_type; absent:
 * regression for one label, single-label classification for more, as
 * transformers decides). */
enum vs_problem {
    VS_PROBLEM_SINGLE_LABEL,  /* softmax over the labels */
    VS_PROBLEM_MULTI_LABEL,   /* a sigmoid per label */
    VS_PROBLEM_REGRESSION     /* the outputs as they are */
};

typedef struct vs_bert_heads {
    size_t nlabels;          /* rows of the classifier (0 without one) */
    char **labels;           /* nlabels names, by id: config.json's id2label,
                                else LABEL_0, LABEL_1... as transformers
                                names them */
    int labels_given;        /* id2label was in config.json */
    enum vs_problem problem; /* the sequence head's */
    int problem_given;       /* problem_type was in config.json */
    int guessed;             /* BERT/ALBERT: no architecture said whether the
                                classifier is a sequence or a token head, and
                                the labels decided */
    const char *arch_stem;   /* "Bert", "Roberta": the architectures' names */

    /* sequence classification; seq_w NULL: none */
    int seq_on_pooler;       /* over the pooler's output, else over h[0] */
    const float *seq_dense_w, *seq_dense_b;  /* (H, H), (H); NULL: none */
    enum vs_bert_act seq_act;                /* after seq_dense */
    const float *seq_w, *seq_b;              /* (L, H), (L) */
    const char *seq_what;    /* its tensors, for messages and info */

    /* token classification; tok_w NULL: none */
    const float *tok_w, *tok_b;              /* (L, H), (L) */

    /* question answering; qa_w NULL: none */
    const float *qa_w, *qa_b;                /* (2, H), (2) */

    const char *unused;      /* a head's tensors left unused, for info (static),
                                or NULL */
} vs_bert_heads;

/* Finds the task heads of b's checkpoint, and their labels in config_path
 * (config.json: architectures, id2label, problem_type). None present is no
 * error (*out has every head NULL). Fails, naming the file and the tensor,
 * when a head's shape contradicts the config or id2label the classifier, or
 * a head over the pooler finds none. Counts the heads' parameters in
 * b->params. The heads point into b's weights: free them before b. */
int vs_bert_heads_load(vs_bert *b, const char *config_path,
                       vs_bert_heads **out, vs_error *err);
void vs_bert_heads_free(vs_bert_heads *h);

/* Whether h has the head of kind k. */
int vs_bert_heads_has(const vs_bert_heads *h, enum vs_head_kind k);

/* Fails (returns -1) with "CMD: this checkpoint has no ... head
 * (<Stem>For... has one)", and what the checkpoint has instead. */
int vs_bert_head_missing(const vs_bert_heads *h, enum vs_head_kind k,
                         const char *cmd, vs_error *err);

/* "sequence classification: classifier.dense -> tanh -> classifier.out_proj
 * over <s>": the head of kind k, for info (static or in buf). */
const char *vs_bert_head_describe(const vs_bert_heads *h, enum vs_head_kind k,
                                  char *buf, size_t size);

/* logits (L) of the sequence head on the pass o. Fails without the head
 * (or, over the pooler, without a pooler). */
int vs_bert_seq_logits(const vs_bert_heads *h, const vs_bert *b,
                       const vs_bert_out *o, float *logits, vs_error *err);

/* out (L) = what the logits mean: softmax (single-label, the encoder's
 * kernel), a sigmoid each (multi-label) or the logits themselves
 * (regression). */
void vs_bert_seq_outputs(const vs_bert_heads *h, const float *logits,
                         float *out);

/* logits (n, L) of the token head over every token of o. */
int vs_bert_token_logits(const vs_bert_heads *h, const vs_bert *b,
                         const vs_bert_out *o, float *logits, vs_error *err);

/* probs (n, L) = the softmax of each token's logits. */
int vs_bert_token_probs(const vs_bert_heads *h, const vs_bert *b,
                        const vs_bert_out *o, float *probs, vs_error *err);

/* start (n) and end (n) logits of the question-answering head. */
int vs_bert_qa_logits(const vs_bert_heads *h, const vs_bert *b,
                      const vs_bert_out *o, float *start, float *end,
                      vs_error *err);

#endif
