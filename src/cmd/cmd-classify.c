/*
 * cmd-classify.c - `classify TEXT [||| TEXT2]`: the labels of a fine-tuned
 * sequence-classification head (a sentiment classifier, a natural language
 * inference model) with their probabilities, or a regression head's score.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bert/heads.h"
#include "textargs.h"
#include "xalloc.h"

static const vs_opt classify_opts[] = {
    {"k", 'k', VS_OPT_INT, "K", "show the K most probable labels (default all)"},
    {NULL, 0, 0, NULL, NULL}
};

/* The labels by output, highest first (ties to the lower id): for
 * regression, by id. */
static void order_labels(const vs_bert_heads *h, const float *out, size_t *ord)
{
    size_t L = h->nlabels, i, j;

    for (i = 0; i < L; i++) {
        size_t id = i;
        for (j = i; h->problem != VS_PROBLEM_REGRESSION && j > 0 &&
                    out[ord[j - 1]] < out[id]; j--)
            ord[j] = ord[j - 1];
        ord[j] = id;
    }
}

static int exec_classify(vs_session *s, const vs_args *a, vs_result *r,
                         vs_error *err)
{
    static const char *const how[] = {
        "softmax over the labels", "a sigmoid for each label: multi-label",
        "regression"};
    const vs_model *m = vs_session_model(s);
    const vs_bert_model *bm = vs_bert_of(m);
    const vs_bert_heads *h = bm->heads;
    size_t L, k, i, *ord;
    float *logits, *out;
    vs_tokens tok;
    vs_bert_out o;
    char *text;
    int rc;

    if (!vs_bert_heads_has(h, VS_HEAD_SEQUENCE))
        return vs_bert_head_missing(h, VS_HEAD_SEQUENCE, "classify", err);
    L = h->nlabels;
    k = vs_arg_at_most(a, "k", (long long)L, L);
    if (k == 0)
        return vs_fail(err, "classify: -k must be at least 1");
    text = vs_bert_text(a, 0);
    logits = xmallocarray(2 * L, sizeof *logits);
    out = logits + L;
    ord = xmallocarray(L, sizeof *ord);
    rc = vs_bert_run(m, text, 0, &tok, &o, err);
    if (rc == 0)
        rc = vs_bert_seq_logits(h, bm->enc, &o, logits, err);
    if (rc < 0) {
        vs_fail_prefix(err, "classify");
    } else if (h->problem == VS_PROBLEM_REGRESSION && L == 1) {
        vs_result_title(r, "regression score by %s", m->name);
        vs_result_set_scalar(r, "score", logits[0]);
    } else {
        vs_bert_seq_outputs(h, logits, out);
        order_labels(h, out, ord);
        vs_result_title(r, "labels by %s (%s)", m->name, how[h->problem]);
        vs_result_table(r, 3, "label",
                        h->problem == VS_PROBLEM_REGRESSION ? "score" : "probability",
                        "logit");
        for (i = 0; i < k; i++) {
            char p[32], l[32];
            snprintf(p, sizeof p, "%.6f", out[ord[i]]);
            snprintf(l, sizeof l, "%.6f", logits[ord[i]]);
            vs_result_row(r, h->labels[ord[i]], p, l);
        }
    }
    vs_bert_out_free(&o);
    vs_tokens_free(&tok);
    free(ord);
    free(logits);
    free(text);
    return rc;
}

const vs_cmd vs_cmd_classify = {
    .name = "classify",
    .usage = "classify [-k K] TEXT [||| TEXT2]",
    .summary = "the labels of a fine-tuned sequence classifier, with probabilities",
    .help = "Runs the checkpoint's sequence-classification head (a\n"
            "<Family>ForSequenceClassification: sentiment, topic, a pair's\n"
            "entailment) on TEXT, or on the pair TEXT ||| TEXT2, and lists its\n"
            "labels (config.json's id2label) by probability, with the logits:\n"
            "softmax over the labels, or a sigmoid for each label when\n"
            "problem_type is multi_label_classification. A regression head\n"
            "(one label, or problem_type regression) gives its score(s) as\n"
            "they are. -k K shows the K most probable labels. BERT and ALBERT\n"
            "read the pooler's output; RoBERTa, XLM-R, CamemBERT, DistilBERT\n"
            "and ELECTRA the first token through their own dense layer. `info`\n"
            "lists the heads and labels a checkpoint has.",
    .min_args = 1,
    .max_args = -1,
    .text_from = 1,
    .opts = classify_opts,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_classify,
};
