/*
 * cmd-ctx.c - `ctx WORD TEXT`: a word's contextual vector, and the static
 * input embeddings nearest to it.
 */
#include "config.h"

#include <stdlib.h>

#include "textargs.h"
#include "xalloc.h"

static const vs_opt ctx_opts[] = {
    {"k", 'k', VS_OPT_INT, "K", "how many neighbours (default 10)"},
    {"vector", 0, VS_OPT_FLAG, NULL, "print the vector instead of neighbours"},
    {NULL, 0, 0, NULL, NULL}
};

static int exec_ctx(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *m = vs_session_model(s);
    size_t H = vs_bert_of(m)->enc->cfg.hidden, k = vs_arg_at_most(a, "k", 10, m->n);
    size_t nhits;
    char *text = vs_bert_text(a, 1);
    float *v = xmallocarray(H, sizeof *v), *scores;
    vs_hit *hits;

    if (vs_bert_word_vector(m, a->argv[0], text, v, err) < 0) {
        free(v);
        free(text);
        return vs_fail_prefix(err, "ctx");
    }
    if (vs_arg_set(a, "vector") || a->as != NULL) {
        vs_result_set_vector(r, a->argv[0], v, H);
        free(v);
        free(text);
        return 0;
    }
    /* neighbours among the input embeddings (mapped to the hidden size
     * where they are smaller: ALBERT, ELECTRA) */
    scores = xmallocarray(m->n, sizeof *scores);
    hits = xmallocarray(k ? k : 1, sizeof *hits);
    vs_bert_input_cosines(m, v, scores);
    nhits = vs_topk(scores, m->n, NULL, 0, k, hits);
    vs_result_title(r, "input embeddings nearest to '%s' in \"%s\"", a->argv[0], text);
    vs_hits_to_result(m, hits, nhits, r);
    free(hits);
    free(scores);
    free(v);
    free(text);
    return 0;
}

const vs_cmd vs_cmd_ctx = {
    .name = "ctx",
    .aliases = (const char *const[]){"contextual", NULL},
    .usage = "ctx [-k K] [--vector] WORD TEXT",
    .summary = "a word's contextual vector in a text, and its nearest tokens (encoders)",
    .help = "Encodes TEXT and takes WORD's contextual vector there: the mean of the\n"
            "last layer's vectors over the word pieces of its first occurrence.\n"
            "Lists the K tokens of the vocabulary whose input (static) embeddings\n"
            "are nearest to it by cosine (ALBERT's and ELECTRA's smaller ones as\n"
            "their projection maps them to the hidden size); --vector prints the\n"
            "vector instead, and 'ctx WORD TEXT as NAME' keeps it for nn and sim\n"
            "(@NAME); a TEXT that must end in the words 'as x' ends in \"as x\"\n"
            "instead (the quotes reach the tokenizer, as typed).",
    .min_args = 2,
    .text_from = 2,
    .max_args = -1,
    .opts = ctx_opts,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_ctx,
};
