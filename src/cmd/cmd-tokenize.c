/*
 * cmd-tokenize.c - `tokenize TEXT`: the pieces of a text as the model's
 * tokenizer names them ("##ing", "Ġthe", "▁the") and their ids.
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
    rc = vs_tokenizer_encode_text(bm->tok, text, &tok, err);
    if (rc == 0) {
        int tsv = a->output == VS_OUT_TSV;
        vs_result_title(r, "%zu tokens of \"%s\" in %s", tok.n, text, m->name);
        if (tsv)
            vs_result_table(r, 2, "token", "id");
        else
            vs_result_table(r, 3, "position", "token", "id");
        for (i = 0; i < tok.n; i++) {
            const char *t = vs_tokenizer_token(bm->tok, tok.ids[i]);
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
    .summary = "the tokenizer's pieces of a text, with their ids",
    .help = "Runs the model's tokenizer (from tokenizer.json, vocab.txt, vocab.json +\n"
            "merges.txt or a SentencePiece .model: WordPiece, BPE or Unigram) over\n"
            "TEXT and lists the pieces as the tokenizer names them (\"##ing\",\n"
            "\"Ġthe\", \"▁the\") with their vocabulary ids, the special tokens\n"
            "of the template ([CLS] and [SEP], or <s> and </s>) included, numbered\n"
            "from 0 as the encoder sees them. TEXT1 ||| TEXT2 is a pair. --tsv\n"
            "prints 'token<TAB>id' per piece, without the template's tokens.",
    .min_args = 1,
    .text_from = 1,
    .max_args = -1,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_tokenize,
};
