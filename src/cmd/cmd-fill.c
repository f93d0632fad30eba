/*
 * cmd-fill.c - `fill TEXT`: the masked-LM head's guesses for each mask
 * token ([MASK], or the family's own such as <mask>) in a text (the
 * family's head: cls.predictions, lm_head, vocab_projector, predictions,
 * generator_lm_head).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "textargs.h"
#include "xalloc.h"

static const vs_opt fill_opts[] = {
    {"k", 'k', VS_OPT_INT, "K", "how many tokens per [MASK] (default 5)"},
    {NULL, 0, 0, NULL, NULL}
};

static int exec_fill(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_model(s);
    const vs_bert_model *bm = vs_bert_of(m);
    int32_t mask = bm->tok->special_id[VS_TOK_MASK];
    int32_t cls = bm->tok->special_id[VS_TOK_CLS];
    size_t k = vs_arg_at_most(a, "k", 5, m->n), i, nmask = 0;
    int32_t *ids;
    float *probs;
    vs_tokens tok;
    vs_bert_out o;
    char *text;
    int rc;

    if (bm->enc->mlm_w == NULL && bm->enc->fam->mlm == NULL)
        return vs_fail(err, "fill: %s is a %s model, which has no masked-LM head",
                       m->name, bm->enc->fam->name);
    if (bm->enc->mlm_w == NULL)
        return vs_fail(err, "fill: %s has no masked-LM head (%s): it was saved "
                            "without it; %s", m->name, bm->enc->fam->mlm->what,
                       bm->enc->fam->mlm->hint);
    if (mask < 0)
        return vs_fail(err, "fill: the tokenizer of %s has no mask token", m->name);
    if (k == 0)
        return vs_fail(err, "fill: -k must be at least 1");
    text = vs_bert_text(a, 0);
    ids = xmallocarray(k, sizeof *ids);
    probs = xmallocarray(k, sizeof *probs);
    rc = vs_bert_run(m, text, 0, &tok, &o, err);
    if (rc < 0)
        vs_fail_prefix(err, "fill");
    else
        vs_result_table(r, 3, "position", "token", "probability");
    for (i = 0; rc == 0 && i < tok.n; i++) {
        long got, j;
        char pos[32], p[32];
        if (tok.ids[i] != mask)
            continue;
        nmask++;
        got = vs_bert_fill_mask(bm->enc, &o, i, k, ids, probs, err);
        if (got < 0) {
            rc = vs_fail_prefix(err, "fill");
            break;
        }
        snprintf(pos, sizeof pos, "%zu", i);
        for (j = 0; j < got; j++) {
            snprintf(p, sizeof p, "%.6f", probs[j]);
            vs_result_row(r, pos, vs_tokenizer_token(bm->tok, ids[j]), p);
        }
    }
    if (rc == 0 && nmask == 0)
        rc = vs_fail(err, "fill: the text has no %s to fill",
                     vs_tokenizer_token(bm->tok, mask));
    if (rc == 0)
        vs_result_title(r, "fill-mask by %s (positions count tokens from 0 at %s)",
                        m->name, cls >= 0 ? vs_tokenizer_token(bm->tok, cls)
                                          : "the first token");
    vs_bert_out_free(&o);
    vs_tokens_free(&tok);
    free(probs);
    free(ids);
    free(text);
    return rc;
}

const vs_cmd vs_cmd_fill = {
    .name = "fill",
    .aliases = (const char *const[]){"fill-mask", NULL},
    .usage = "fill [-k K] TEXT",
    .summary = "the K most likely tokens for each mask token in a text",
    .help = "Encodes TEXT and, for each mask token in it (the tokenizer's own:\n"
            "[MASK], <mask>), lists the K tokens the masked-LM head finds most\n"
            "likely there, with their probabilities (softmax over the whole\n"
            "vocabulary). Positions count tokens from 0 at the first special\n"
            "token. --tsv prints 'position<TAB>token<TAB>probability'. Needs a\n"
            "checkpoint with its family's MLM head: BERT's cls.predictions,\n"
            "RoBERTa's lm_head, DistilBERT's vocab_projector, ALBERT's\n"
            "predictions, ELECTRA's generator (not its discriminator).",
    .min_args = 1,
    .text_from = 1,
    .max_args = -1,
    .opts = fill_opts,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_fill,
};
