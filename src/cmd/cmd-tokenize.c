/*
 * cmd-tokenize.c - `tokenize TEXT`: BERT's word pieces and their ids.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "textargs.h"

static int exec_tokenize(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_model(s);
    const vs_bert_model *bm = vs_bert_of(m);
    char *text = vs_bert_text(a, 0), pos[32], id[32];
    vs_tokens tok;
    size_t i;
    int rc;

    vs_tokens_init(&tok);
    rc = vs_wordpiece_encode_text(bm->tok, text, &tok, err);
    if (rc == 0) {
        int tsv = a->output == VS_OUT_TSV;
        vs_result_title(r, "%zu tokens of \"%s\" in %s", tok.n, text, m->name);
        if (tsv)
            vs_result_table(r, 2, "token", "id");
        else
            vs_result_table(r, 3, "position", "token", "id");
        for (i = 0; i < tok.n; i++) {
            const char *t = vs_wordpiece_token(bm->tok, tok.ids[i]);
            snprintf(id, sizeof id, "%d", (int)tok.ids[i]);
            if (tsv) {
                if (tok.word[i] >= 0)  /* not the added [CLS]/[SEP] */
                    vs_result_row(r, t, id);
                continue;
            }
            snprintf(pos, sizeof pos, "%zu", i);
            vs_result_row(r, pos, t, id);
        }
    }
    vs_tokens_free(&tok);
    free(text);
    return rc;
}

const vs_cmd vs_cmd_tokenize = {
    .name = "tokenize",
    .aliases = (const char *const[]){"tok", NULL},
    .usage = "tokenize TEXT",
    .summary = "BERT's word pieces of a text, with their ids",
    .help = "Runs the model's tokenizer (BERT's basic tokenizer, then WordPiece) over\n"
            "TEXT and lists the pieces with their vocabulary ids, [CLS] and [SEP]\n"
            "included, numbered from 0 as the encoder sees them. TEXT1 ||| TEXT2\n"
            "is a pair. --tsv prints 'token<TAB>id' per piece, without the added\n"
            "[CLS] and [SEP].",
    .min_args = 1,
    .max_args = -1,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_tokenize,
};
