/*
 * textargs.h - what the encoder commands (tokenize, embed, ssim, attn, fill,
 * ctx, ctxsim, nsp, classify, tag, answer) share on their command line:
 * the text, pairs, and the pooling options. The vectors themselves come
 * from bert/pool.h.
 *
 * Text commands take their options first and the text is the rest of the
 * line: the command layer has split it into words (quotes grouping), and
 * vs_bert_text joins them again with single spaces, which the tokenizer
 * reads the same as the original blanks. "TEXT1 ||| TEXT2" writes a pair.
 */
#ifndef VS_CMD_TEXTARGS_H
#define VS_CMD_TEXTARGS_H

#include "bert/pool.h"
#include "cmd.h"

/* The positionals from first on, joined by single spaces (xmalloc'd). */
char *vs_bert_text(const vs_args *a, int first);

/* vs_bert_text with each invalid UTF-8 sequence replaced by U+FFFD, as the
 * tokenizer reads it, so that the tokens' offsets index this text. */
char *vs_bert_text_utf8(const vs_args *a, int first);

/* Splits text at its first "|||" into two trimmed halves (both pointing into
 * text, which is modified). Fails, naming cmd, when there is no "|||" or a
 * half is empty. */
int vs_bert_split_pair(const char *cmd, char *text, char **a, char **b,
                       vs_error *err);

/* embed's and ssim's options: --pool model|mean|cls|max|mean-sqrt-len|
 * weightedmean|lasttoken|pooler (or modes joined by '+'), --layer L; the
 * macro for a command that has more options. */
#define VS_BERT_POOL_OPTS                                                             \
    {"pool", 0, VS_OPT_STRING, "MODE",                                                \
     "how tokens become one vector: model (the default: the model's own), mean, "     \
     "cls, max, mean-sqrt-len, weightedmean, lasttoken, pooler, or modes joined "     \
     "by '+'"},                                                                       \
    {"layer", 0, VS_OPT_INT, "L", "hidden state L (0 = embeddings; default the last)"}
extern const vs_opt vs_bert_pool_opts[];

/* Checks --pool and --layer against m (an encoder): *pool gets the pooling
 * (the model's own by default, or for --pool model: its
 * sentence-transformers pipeline's, else the mean; another --pool value
 * replaces the whole pipeline, normalisation included), *layer the hidden
 * state (the last by default). Fails when the model's pipeline is one
 * vecscope does not run and no --pool is given. */
int vs_bert_pool_args(const char *cmd, const vs_args *a, const vs_model *m,
                      vs_pooling *pool, size_t *layer, vs_error *err);

#endif
