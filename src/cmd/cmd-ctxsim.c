/*
 * cmd-ctxsim.c - `ctxsim WORD TEXT1 ||| TEXT2`: how alike a word's meanings
 * are in two contexts (the "bank" of a river and of money).
 */
#include "config.h"

#include <stdlib.h>

#include "textargs.h"
#include "xalloc.h"

static int exec_ctxsim(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_model(s);
    size_t H = vs_bert_of(m)->enc->cfg.hidden;
    char *text = vs_bert_text(a, 1), *t1, *t2;
    float *v = xmallocarray(2 * H, sizeof *v);
    int rc = vs_bert_split_pair("ctxsim", text, &t1, &t2, err);

    if (rc == 0 && (vs_bert_word_vector(m, a->argv[0], t1, v, err) < 0 ||
                    vs_bert_word_vector(m, a->argv[0], t2, v + H, err) < 0))
        rc = vs_fail_prefix(err, "ctxsim");
    if (rc == 0) {
        vs_result_title(r, "cosine of '%s' in \"%s\" and in \"%s\"", a->argv[0], t1, t2);
        vs_result_set_scalar(r, "cosine", vs_bert_cosine(v, v + H, H));
    }
    free(v);
    free(text);
    return rc;
}

const vs_cmd vs_cmd_ctxsim = {
    .name = "ctxsim",
    .usage = "ctxsim WORD TEXT1 ||| TEXT2",
    .summary = "cosine of a word's contextual vectors in two texts (encoders)",
    .help = "Encodes TEXT1 and TEXT2 separately, takes WORD's contextual vector in\n"
            "each (as 'ctx' does) and prints their cosine: 'bank' in a sentence\n"
            "about a river and in one about money.",
    .min_args = 2,
    .text_from = 2,
    .max_args = -1,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_ctxsim,
};
