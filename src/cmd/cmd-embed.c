/*
 * cmd-embed.c - `embed TEXT`: a sentence vector from an encoder.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "textargs.h"
#include "xalloc.h"

static int exec_embed(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_model(s);
    size_t D, layer;
    vs_pooling pool;
    char *text;
    float *v;
    int rc;

    if (vs_bert_pool_args("embed", a, m, &pool, &layer, err) < 0)
        return -1;
    D = vs_pooling_dim(&pool, vs_bert_of(m)->enc->cfg.hidden);
    text = vs_bert_text(a, 0);
    v = xmallocarray(D, sizeof *v);
    rc = vs_bert_sentence(m, text, &pool, layer, v, err);
    if (rc == 0)
        vs_result_set_vector(r, text, v, D);
    else
        vs_fail_prefix(err, "embed");
    free(v);
    free(text);
    return rc;
}

const vs_cmd vs_cmd_embed = {
    .name = "embed",
    .aliases = (const char *const[]){"sentence", NULL},
    .usage = "embed [--pool MODE] [--layer L] TEXT",
    .summary = "the sentence vector of a text (encoders)",
    .help = "Encodes TEXT and prints one vector for it, pooled as the model pools:\n"
            "a sentence-transformers folder's own pooling (modules.json,\n"
            "1_Pooling/config.json, and 2_Normalize's L2 normalisation), otherwise\n"
            "the mean of the last layer's vectors over all tokens, special tokens\n"
            "included; 'info' says which. --pool replaces it: mean, cls (the first\n"
            "token), max (each column's largest value), mean-sqrt-len (the sum\n"
            "over the square root of the length), weightedmean (token t weighted\n"
            "t + 1), lasttoken, or several joined by '+', concatenated in\n"
            "sentence-transformers' order (cls, max, mean, mean-sqrt-len,\n"
            "weightedmean, lasttoken); pooler is the model's pooler,\n"
            "tanh(dense(h[0])). --layer L pools hidden state L instead of the last\n"
            "(0 is the embeddings' output, as in Hugging Face's hidden_states).\n"
            "--tsv prints one line of numbers.",
    .min_args = 1,
    .text_from = 1,
    .max_args = -1,
    .opts = vs_bert_pool_opts,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_embed,
};
