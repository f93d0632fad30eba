/*
 * tasks.h - from the task heads' logits (heads.h) to answers, as Hugging
 * Face's pipelines decode them: a label and a probability for each word
 * (token classification, aggregation "first"), entities merged from
 * BIO/IOB2 tags, and the best answer spans of extractive question answering.
 *
 * Words are the tokenizer's (vs_tokens.word: the pre-tokenizer's split);
 * offsets are bytes of the text the tokens came from.
 */
#ifndef VS_BERT_TASKS_H
#define VS_BERT_TASKS_H

#include <stddef.h>
#include <stdint.h>

#include "tokenizer.h"

/* One word of a tagged text. */
typedef struct vs_tag_word {
    size_t first, last;    /* its pieces: tokens first..last */
    uint32_t start, end;   /* bytes [start, end) of the text: from its first
                              piece's start to its last piece's end */
    size_t label;          /* the first piece's most probable label */
    float prob;            /* and its probability */
} vs_tag_word;

/* out (room for tok->n) = the words of tok, in order, each labelled by its
 * first piece ("first" aggregation: the label of highest probability in
 * that piece's row of probs (n, L), ties to the lower id). Tokens of no
 * word (the template's special tokens) are skipped. Returns the count. */
size_t vs_tag_words(const vs_tokens *tok, const float *probs, size_t L,
                    vs_tag_word *out);

/* An entity: a run of words of one type. */
typedef struct vs_entity {
    size_t first, last;    /* words first..last */
    const char *type;      /* its first word's label after the first '-'
                              ("PER" for B-PER), or the whole label without
                              one (borrowed from the labels), type_len bytes */
    size_t type_len;
    uint32_t start, end;   /* bytes: the first word's start, the last's end */
    double score;          /* the mean of the words' probabilities */
} vs_entity;

/* out (room for nw) = the entities of the words w (labels: the label names
 * by id), as the token-classification pipeline groups them: a label "B-X"
 * is (B, X), "I-X" (I, X), any other label L (I, L); a word joins the
 * entity before it when its X is the same as the word before's and it is
 * not B; entities named "O" are dropped. Returns the count. */
size_t vs_tag_entities(const vs_tag_word *w, size_t nw, char *const *labels,
                       vs_entity *out);

/* An answer span: tokens start..end. */
typedef struct vs_qa_span {
    size_t start, end;
    double score;          /* P(start) P(end) */
    double logit;          /* start logit + end logit */
} vs_qa_span;

/* The k best spans (fewer when there are fewer), best first, into out
 * (room for k): tokens s <= e, both with in_context set, e - s + 1 <=
 * max_len, ranked by P(s) P(e), where P is the softmax of the start (end)
 * logits over the tokens with in_context or in_norm set: the question
 * answering pipeline's search, which keeps the context and the [CLS]
 * token in the softmax. Ties go to the earlier span. */
size_t vs_qa_best_spans(const float *start, const float *end, size_t n,
                        const unsigned char *in_context,
                        const unsigned char *in_norm, size_t max_len, size_t k,
                        vs_qa_span *out);

#endif
