/*
 * cmd-nsp.c - `nsp TEXT1 ||| TEXT2`: does TEXT2 follow TEXT1? (BERT's
 * next-sentence head)
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "textargs.h"

static int exec_nsp(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_model(s);
    const vs_bert_model *bm = vs_bert_of(m);
    char *text, *t1, *t2;
    vs_tokens tok;
    vs_bert_out o;
    float probs[2];
    int rc;

    if (bm->enc->nsp_w == NULL) {
        vs_bert_nsp_missing(bm->enc, m->name, err);
        return vs_fail_prefix(err, "nsp");
    }
    text = vs_bert_text(a, 0);
    if (strstr(text, "|||") == NULL) {
        free(text);
        return vs_fail(err, "nsp: write the two texts as TEXT1 ||| TEXT2");
    }
    rc = vs_bert_run(m, text, 0, &tok, &o, err);
    if (rc == 0)
        rc = vs_bert_nsp(bm->enc, &o, probs, err);
    if (rc < 0) {
        vs_fail_prefix(err, "nsp");
    } else {
        rc = vs_bert_split_pair("nsp", text, &t1, &t2, err);
        if (rc == 0) {
            vs_result_title(r, "P(\"%s\" follows \"%s\")", t2, t1);
            vs_result_set_scalar(r, "probability", probs[0]);
        }
    }
    vs_bert_out_free(&o);
    vs_tokens_free(&tok);
    free(text);
    return rc;
}

const vs_cmd vs_cmd_nsp = {
    .name = "nsp",
    .aliases = (const char *const[]){"next-sentence", NULL},
    .usage = "nsp TEXT1 ||| TEXT2",
    .summary = "the probability that TEXT2 follows TEXT1 (BERT's NSP head)",
    .help = "Encodes [CLS] TEXT1 [SEP] TEXT2 [SEP] and prints the next-sentence\n"
            "head's probability that TEXT2 is the continuation of TEXT1 (IsNext).\n"
            "Needs a checkpoint with that head (cls.seq_relationship.*), as\n"
            "BERT's pre-training checkpoints such as bert-base-uncased have; the\n"
            "other families have none (ALBERT's sentence-order head answers\n"
            "another question, and nsp says so).",
    .min_args = 1,
    .text_from = 1,
    .max_args = -1,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_nsp,
};
