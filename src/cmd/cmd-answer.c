/*
 * cmd-answer.c - `answer QUESTION ||| CONTEXT`: extractive question
 * answering with a fine-tuned head (a SQuAD model): the spans of the
 * context most likely to answer the question.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bert/heads.h"
#include "bert/tasks.h"
#include "textargs.h"
#include "utf8.h"
#include "xalloc.h"

static const vs_opt answer_opts[] = {
    {"k", 'k', VS_OPT_INT, "K", "how many answers (default 5)"},
    {"max-len", 0, VS_OPT_INT, "N", "the longest answer, in tokens (default 30)"},
    {NULL, 0, 0, NULL, NULL}
};

/* The words the tokenizer finds in q (the question's words come first in
 * the pair, so the context's are those numbered from here on). */
static int question_words(const vs_tokenizer *tk, const char *q, int32_t *nw,
                          vs_error *err)
{
    vs_tokens t;
    int rc;

    vs_tokens_init(&t);
    rc = vs_tokenizer_tokenize(tk, q, strlen(q), 0, 0, &t, err);
    *nw = t.nwords;
    if (rc == 0 && t.n == 0)
        rc = vs_fail(err, "the question has no tokens");
    vs_tokens_free(&t);
    return rc;
}

static int exec_answer(vs_session *s, const vs_args *a, vs_result *r,
                       vs_error *err)
{
    const vs_model *m = vs_session_model(s);
    const vs_bert_model *bm = vs_bert_of(m);
    const vs_bert_heads *h = bm->heads;
    long long max_len = vs_arg_int(a, "max-len", 30);
    int32_t cls = bm->tok->special_id[VS_TOK_CLS], qwords = 0;
    unsigned char *in_ctx = NULL, *in_norm = NULL;
    float *start = NULL, *end = NULL;
    vs_qa_span *spans = NULL;
    size_t k, n, t, got, i;
    char *text, *q, *c;
    vs_tokens tok;
    vs_bert_out o;
    int rc;

    if (!vs_bert_heads_has(h, VS_HEAD_QA))
        return vs_bert_head_missing(h, VS_HEAD_QA, "answer", err);
    if (max_len < 1)
        return vs_fail(err, "answer: --max-len must be at least 1");
    text = vs_bert_text_utf8(a, 0);
    vs_tokens_init(&tok);
    memset(&o, 0, sizeof o);
    rc = vs_bert_split_pair("answer", text, &q, &c, err);
    if (rc < 0)
        goto done;
    /* [CLS] QUESTION [SEP] CONTEXT [SEP] (the family's template), the
     * context's offsets counted from its first byte */
    if (question_words(bm->tok, q, &qwords, err) < 0 ||
        vs_tokenizer_encode(bm->tok, q, strlen(q), c, strlen(c), 0, &tok, err) < 0 ||
        vs_bert_encode(bm->enc, &tok, 0, &o, err) < 0) {
        rc = vs_fail_prefix(err, "answer");
        goto done;
    }
    n = tok.n;
    start = xmallocarray(2 * n, sizeof *start);
    end = start + n;
    if (vs_bert_qa_logits(h, bm->enc, &o, start, end, err) < 0) {
        rc = -1;
        goto done;
    }
    /* the candidates: the context's pieces; the softmax also keeps [CLS] */
    in_ctx = xcalloc(2 * n, 1);
    in_norm = in_ctx + n;
    for (t = 0; t < n; t++) {
        in_ctx[t] = tok.word[t] >= qwords;
        in_norm[t] = cls >= 0 && tok.ids[t] == cls;
    }
    k = vs_arg_at_most(a, "k", 5, n * n);
    if (k == 0) {
        rc = vs_fail(err, "answer: -k must be at least 1");
        goto done;
    }
    spans = xmallocarray(k, sizeof *spans);
    got = vs_qa_best_spans(start, end, n, in_ctx, in_norm, (size_t)max_len, k,
                           spans);
    vs_result_title(r, "answers by %s (score P(start) P(end); start, end: "
                    "characters of the context)", m->name);
    vs_result_table(r, 5, "answer", "score", "logit", "start", "end");
    for (i = 0; i < got; i++) {
        uint32_t b0 = tok.start[spans[i].start], b1 = tok.end[spans[i].end];
        char *ans = xstrndup(c + b0, b1 - b0);
        char sc[32], lg[32], s0[32], s1[32];
        snprintf(sc, sizeof sc, "%.6f", spans[i].score);
        snprintf(lg, sizeof lg, "%.6f", spans[i].logit);
        snprintf(s0, sizeof s0, "%zu", vs_utf8_chars(c, b0));
        snprintf(s1, sizeof s1, "%zu", vs_utf8_chars(c, b1));
        vs_result_row(r, ans, sc, lg, s0, s1);
        free(ans);
    }
    if (got == 0)
        rc = vs_fail(err, "answer: the context has no tokens");
done:
    vs_bert_out_free(&o);
    vs_tokens_free(&tok);
    free(spans);
    free(in_ctx);
    free(start);
    free(text);
    return rc;
}

const vs_cmd vs_cmd_answer = {
    .name = "answer",
    .usage = "answer [-k K] [--max-len N] QUESTION ||| CONTEXT",
    .summary = "the spans of CONTEXT that answer QUESTION (a fine-tuned QA head)",
    .help = "Runs the checkpoint's question-answering head (a\n"
            "<Family>ForQuestionAnswering, such as a SQuAD model) on the pair\n"
            "QUESTION ||| CONTEXT and lists the K best answer spans (-k, 5). A\n"
            "span runs from a start token to an end token of the context, start\n"
            "<= end, at most --max-len tokens (30); its score is P(start) x\n"
            "P(end), each the softmax of the head's logits over the context's\n"
            "tokens and [CLS], as Hugging Face's question-answering pipeline\n"
            "computes it; logit is the sum of the two logits. The answer is the\n"
            "context's text from the start token's first character to the end\n"
            "token's last; start and end count characters of CONTEXT (end\n"
            "exclusive). Question and context must fit the model together\n"
            "(no sliding window over a longer context).",
    .min_args = 1,
    .max_args = -1,
    .text_from = 1,
    .opts = answer_opts,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_answer,
};
