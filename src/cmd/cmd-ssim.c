/*
 * cmd-ssim.c - `ssim TEXT1 ||| TEXT2`: how alike two sentences are
 * (encoders).
 */
#include "config.h"

#include <stdlib.h>

#include "textargs.h"
#include "xalloc.h"

static int exec_ssim(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_model(s);
    size_t D, layer;
    vs_pooling pool;
    char *text, *t1, *t2;
    float *v;
    int rc;

    if (vs_bert_pool_args("ssim", a, m, &pool, &layer, err) < 0)
        return -1;
    D = vs_pooling_dim(&pool, vs_bert_of(m)->enc->cfg.hidden);
    text = vs_bert_text(a, 0);
    v = xmallocarray(2 * D, sizeof *v);
    rc = vs_bert_split_pair("ssim", text, &t1, &t2, err);
    if (rc == 0 && (vs_bert_sentence(m, t1, &pool, layer, v, err) < 0 ||
                    vs_bert_sentence(m, t2, &pool, layer, v + D, err) < 0))
        rc = vs_fail_prefix(err, "ssim");
    if (rc == 0) {
        vs_result_title(r, "cosine(\"%s\", \"%s\")", t1, t2);
        vs_result_set_scalar(r, "cosine", vs_bert_cosine(v, v + D, D));
    }
    free(v);
    free(text);
    return rc;
}

const vs_cmd vs_cmd_ssim = {
    .name = "ssim",
    .usage = "ssim [--pool MODE] [--layer L] TEXT1 ||| TEXT2",
    .summary = "cosine similarity of two sentence vectors (encoders)",
    .help = "Encodes TEXT1 and TEXT2 separately, each as 'embed' does (same\n"
            "--pool and --layer), and prints the cosine of the two vectors.",
    .min_args = 1,
    .text_from = 1,
    .max_args = -1,
    .opts = vs_bert_pool_opts,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_ssim,
};
