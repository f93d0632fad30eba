/*
 * cmd-fill.c - `fill TEXT`: the masked-LM head's guesses for each mask
 * token ([MASK], or the family's own such as <mask>) in a text, each shown
 * in the sentence it completes (the family's head: cls.predictions,
 * lm_head, vocab_projector, predictions, generator_lm_head).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "textargs.h"
#include "xalloc.h"

static const vs_opt fill_opts[] = {
    {"k", 'k', VS_OPT_INT, "K", "how many tokens per [MASK] (default 5)"},
    {NULL, 0, 0, NULL, NULL}
};

/* The text with its masks filled: the mask token string (mask) split the
 * text into nfill + 1 parts; fill[i] goes, in brackets, where the i-th was.
 * NULL when the text does not hold exactly nfill of them (the tokenizer
 * found a mask the text does not spell so). xmalloc'd. */
static char *filled(const char *text, const char *mask, const char *const *fill,
                    size_t nfill)
{
    size_t ml = strlen(mask), len = strlen(text) + 1, i, count = 0;
    const char *p;
    char *out, *o;

    for (p = strstr(text, mask); p != NULL; p = strstr(p + ml, mask))
        count++;
    if (count != nfill || ml == 0)
        return NULL;
    for (i = 0; i < nfill; i++)
        len += strlen(fill[i]) + 2;
    out = o = xmalloc(len);
    for (p = text, i = 0; i < nfill; i++) {
        const char *q = strstr(p, mask);
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        o += sprintf(o, "[%s]", fill[i]);
        p = q + ml;
    }
    strcpy(o, p);
    return out;
}

/* The mask is spelled in capitals: a text with "[mask]" gets a hint. */
static int no_mask(const char *text, const char *mask, vs_error *err)
{
    size_t ml = strlen(mask);
    const char *p;

    for (p = text; *p; p++)
        if (strncasecmp(p, mask, ml) == 0)
            return vs_fail(err, "fill: the text has no %s to fill: the mask token is "
                                "written %s exactly (the text has '%.*s')", mask, mask,
                           (int)ml, p);
    return vs_fail(err, "fill: the text has no %s to fill", mask);
}

static int exec_fill(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_model(s);
    const vs_bert_model *bm = vs_bert_of(m);
    int32_t mask = bm->tok->special_id[VS_TOK_MASK];
    int32_t cls = bm->tok->special_id[VS_TOK_CLS];
    size_t k = vs_arg_at_most(a, "k", 5, m->n), i, nmask = 0;
    size_t *pos = NULL, *ngot = NULL;
    int32_t *ids = NULL;
    float *probs = NULL;
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
    rc = vs_bert_run(m, text, 0, &tok, &o, err);
    if (rc < 0)
        vs_fail_prefix(err, "fill");
    /* 1. every mask's candidates: pos[q] and got[q] for the q-th mask, its
     * ids and probabilities at ids/probs + q * k */
    for (i = 0; rc == 0 && i < tok.n; i++) {
        long got;
        if (tok.ids[i] != mask)
            continue;
        pos = xreallocarray(pos, nmask + 1, sizeof *pos);
        ngot = xreallocarray(ngot, nmask + 1, sizeof *ngot);
        ids = xreallocarray(ids, (nmask + 1) * k, sizeof *ids);
        probs = xreallocarray(probs, (nmask + 1) * k, sizeof *probs);
        got = vs_bert_fill_mask(bm->enc, &o, i, k, ids + nmask * k, probs + nmask * k, err);
        if (got < 0) {
            rc = vs_fail_prefix(err, "fill");
            break;
        }
        pos[nmask] = i;
        ngot[nmask] = (size_t)got;
        nmask++;
    }
    if (rc == 0 && nmask == 0)
        rc = no_mask(text, vs_tokenizer_token(bm->tok, mask), err);
    /* 2. a row per candidate, with the sentence it makes: this candidate at
     * its mask, the best one at every other */
    if (rc == 0) {
        const char **fill = xmallocarray(nmask, sizeof *fill);
        size_t q, j;
        vs_result_table(r, 4, "position", "token", "probability", "sentence");
        for (q = 0; q < nmask; q++)
            fill[q] = vs_tokenizer_token(bm->tok, ids[q * k]);
        for (q = 0; q < nmask; q++)
            for (j = 0; j < ngot[q]; j++) {
                char ps[32], pr[32], *sent;
                const char *best = fill[q];
                fill[q] = vs_tokenizer_token(bm->tok, ids[q * k + j]);
                sent = filled(text, vs_tokenizer_token(bm->tok, mask), fill, nmask);
                fill[q] = best;
                snprintf(ps, sizeof ps, "%zu", pos[q]);
                snprintf(pr, sizeof pr, "%.6f", probs[q * k + j]);
                vs_result_row(r, ps, vs_tokenizer_token(bm->tok, ids[q * k + j]), pr,
                              sent != NULL ? sent : "");
                free(sent);
            }
        free(fill);
        vs_result_title(r, "fill-mask by %s (positions count tokens from 0 at %s)",
                        m->name, cls >= 0 ? vs_tokenizer_token(bm->tok, cls)
                                          : "the first token");
    }
    vs_bert_out_free(&o);
    vs_tokens_free(&tok);
    free(probs);
    free(ids);
    free(pos);
    free(ngot);
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
            "vocabulary), and the sentence each makes: the token in brackets\n"
            "where the mask was, the most likely token at every other mask.\n"
            "Positions count tokens from 0 at the first special token. The mask\n"
            "is written exactly as the tokenizer names it ([MASK], in capitals,\n"
            "for BERT). --tsv prints\n"
            "'position<TAB>token<TAB>probability<TAB>sentence'. Needs a checkpoint\n"
            "with its family's MLM head: BERT's cls.predictions, RoBERTa's\n"
            "lm_head, DistilBERT's vocab_projector, ALBERT's predictions,\n"
            "ELECTRA's generator (not its discriminator).",
    .min_args = 1,
    .text_from = 1,
    .max_args = -1,
    .opts = fill_opts,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_fill,
};
