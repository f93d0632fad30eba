/*
 * cmd-embed.c - `embed TEXT`: a sentence vector from a BERT model.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "textargs.h"
#include "xalloc.h"

static int exec_embed(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_model(s);
    size_t H = vs_bert_of(m)->enc->cfg.hidden, layer;
    const char *pool;
    char *text;
    float *v;
    int rc;

    if (vs_bert_pool_args("embed", a, m, &pool, &layer, err) < 0)
        return -1;
    text = vs_bert_text(a, 0);
    v = xmallocarray(H, sizeof *v);
    rc = vs_bert_sentence(m, text, pool, layer, v, err);
    if (rc == 0)
        vs_result_set_vector(r, text, v, H);
    else
        vs_fail_prefix(err, "embed");
    free(v);
    free(text);
    return rc;
}

const vs_cmd vs_cmd_embed = {
    .name = "embed",
    .aliases = (const char *const[]){"sentence", NULL},
    .usage = "embed [--pool mean|cls|pooler] [--layer L] TEXT",
    .summary = "the sentence vector of a text (BERT)",
    .help = "Encodes TEXT and prints one vector for it: by default the mean of the\n"
            "last layer's vectors over all tokens, [CLS] and [SEP] included, as\n"
            "sentence-transformers does. --pool cls takes the vector of [CLS];\n"
            "--pool pooler the pooler's tanh(dense(h[CLS])). --layer L takes hidden\n"
            "state L instead of the last (0 is the embeddings' output, as in Hugging\n"
            "Face's hidden_states). --tsv prints one line of numbers.",
    .min_args = 1,
    .max_args = -1,
    .opts = vs_bert_pool_opts,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_embed,
};
