/*
 * cmd-bert.h - what the BERT commands (tokenize, embed, ssim, attn, fill,
 * ctx, ctxsim, nsp) share: the text of a command line, one forward pass over
 * it, a sentence vector and a word's contextual vector.
 *
 * Text commands take their options first and the text is the rest of the
 * line: the command layer has split it into words (quotes grouping), and
 * vs_bert_text joins them again with single spaces, which the tokenizer
 * reads the same as the original blanks. "TEXT1 ||| TEXT2" writes a pair.
 */
#ifndef VS_CMD_BERT_H
#define VS_CMD_BERT_H

#include "bert/encoder.h"
#include "cmd.h"
#include "format/bert_dir.h"

/* The positionals from first on, joined by single spaces (xmalloc'd). */
char *vs_bert_text(const vs_args *a, int first);

/* Splits text at its first "|||" into two trimmed halves (both pointing into
 * text, which is modified). Fails, naming cmd, when there is no "|||" or a
 * half is empty. */
int vs_bert_split_pair(const char *cmd, char *text, char **a, char **b,
                       vs_error *err);

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

/* out (H) = the contextual vector of word in text: the mean of the last
 * hidden state over the pieces of word's first occurrence. Fails when word
 * does not occur in text as a whole word. */
int vs_bert_word_vector(const vs_model *m, const char *word, const char *text,
                        float *out, vs_error *err);

/* embed's and ssim's options: --pool mean|cls|pooler, --layer L. */
extern const vs_opt vs_bert_pool_opts[];

/* Checks --pool and --layer against m (a BERT model): *pool gets the pooling
 * ("mean" by default), *layer the hidden state (the last by default). */
int vs_bert_pool_args(const char *cmd, const vs_args *a, const vs_model *m,
                      const char **pool, size_t *layer, vs_error *err);

/* The cosine of a and b (n floats); 0 when either is zero. */
double vs_bert_cosine(const float *a, const float *b, size_t n);

#endif
