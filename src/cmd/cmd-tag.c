/*
 * cmd-tag.c - `tag TEXT`: a fine-tuned token-classification head (named
 * entities, parts of speech) on each word of a text, and the entities
 * merged from its BIO/IOB2 tags: as a table of words or of entities, under
 * the text with the entities marked.
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

static const vs_opt tag_opts[] = {
    {"entities", 0, VS_OPT_FLAG, NULL,
     "a row per entity (merged from B-/I- tags) instead of per word"},
    {NULL, 0, 0, NULL, NULL}
};

/* The text with each entity written [TYPE words] (xmalloc'd). */
static char *marked_text(const char *text, const vs_entity *e, size_t ne)
{
    size_t len = strlen(text), i, cap = len + 1, at = 0;
    char *out;
    uint32_t from = 0;

    for (i = 0; i < ne; i++)
        cap += e[i].type_len + 3;
    out = xmalloc(cap);
    for (i = 0; i < ne; i++) {
        memcpy(out + at, text + from, e[i].start - from);
        at += e[i].start - from;
        out[at++] = '[';
        memcpy(out + at, e[i].type, e[i].type_len);
        at += e[i].type_len;
        out[at++] = ' ';
        memcpy(out + at, text + e[i].start, e[i].end - e[i].start);
        at += e[i].end - e[i].start;
        out[at++] = ']';
        from = e[i].end;
    }
    memcpy(out + at, text + from, len - from);
    out[at + len - from] = '\0';
    return out;
}

/* The row of one span: its text, then label and probability, then its
 * character offsets. */
static void span_row(vs_result *r, const char *text, uint32_t start,
                     uint32_t end, const char *label, size_t label_len,
                     double p)
{
    char *word = xstrndup(text + start, end - start);
    char *lab = xstrndup(label, label_len);
    char prob[32], s[32], e[32];

    snprintf(prob, sizeof prob, "%.6f", p);
    snprintf(s, sizeof s, "%zu", vs_utf8_chars(text, start));
    snprintf(e, sizeof e, "%zu", vs_utf8_chars(text, end));
    vs_result_row(r, word, lab, prob, s, e);
    free(lab);
    free(word);
}

static int exec_tag(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_model(s);
    const vs_bert_model *bm = vs_bert_of(m);
    const vs_bert_heads *h = bm->heads;
    int entities = vs_arg_set(a, "entities");
    float *probs = NULL;
    vs_tag_word *w = NULL;
    vs_entity *e = NULL;
    size_t nw = 0, ne = 0, i;
    vs_tokens tok;
    vs_bert_out o;
    char *text, *marked;
    int rc;

    if (!vs_bert_heads_has(h, VS_HEAD_TOKEN))
        return vs_bert_head_missing(h, VS_HEAD_TOKEN, "tag", err);
    text = vs_bert_text_utf8(a, 0);
    if (strstr(text, "|||") != NULL) {
        free(text);
        return vs_fail(err, "tag: one text, please: '|||' makes a pair, and a "
                            "token classifier tags one text");
    }
    rc = vs_bert_run(m, text, 0, &tok, &o, err);
    if (rc == 0) {
        probs = xmallocarray(tok.n, h->nlabels * sizeof *probs);
        rc = vs_bert_token_probs(h, bm->enc, &o, probs, err);
    }
    if (rc < 0) {
        vs_fail_prefix(err, "tag");
        goto done;
    }
    w = xmallocarray(tok.n, sizeof *w);
    e = xmallocarray(tok.n, sizeof *e);
    nw = vs_tag_words(&tok, probs, h->nlabels, w);
    ne = vs_tag_entities(w, nw, h->labels, e);
    marked = marked_text(text, e, ne);
    vs_result_title(r, "%s by %s (a word's label is its first piece's): %s",
                    entities ? "entities" : "tags", m->name, marked);
    free(marked);
    if (entities) {
        vs_result_table(r, 5, "entity", "type", "score", "start", "end");
        for (i = 0; i < ne; i++)
            span_row(r, text, e[i].start, e[i].end, e[i].type, e[i].type_len,
                     e[i].score);
    } else {
        vs_result_table(r, 5, "word", "label", "probability", "start", "end");
        for (i = 0; i < nw; i++) {
            const char *lab = h->labels[w[i].label];
            span_row(r, text, w[i].start, w[i].end, lab, strlen(lab), w[i].prob);
        }
    }
done:
    vs_bert_out_free(&o);
    vs_tokens_free(&tok);
    free(e);
    free(w);
    free(probs);
    free(text);
    return rc;
}

const vs_cmd vs_cmd_tag = {
    .name = "tag",
    .usage = "tag [--entities] TEXT",
    .summary = "label each word with a fine-tuned token classifier (NER), and its entities",
    .help = "Runs the checkpoint's token-classification head (a\n"
            "<Family>ForTokenClassification, such as a named-entity tagger) on\n"
            "TEXT. Each word (the tokenizer's words) gets the label of highest\n"
            "probability in its first piece, with that probability (the\n"
            "aggregation \"first\" of Hugging Face's pipeline). Words then merge\n"
            "into entities by their BIO/IOB2 tags: a word joins the entity\n"
            "before it when its type is the same and its tag is not B-; O is no\n"
            "entity; an entity's score is the mean of its words'. The title\n"
            "shows the text with the entities marked [TYPE words]; the table\n"
            "has a row per word, or per entity with --entities. start and end\n"
            "count characters of TEXT (end exclusive).",
    .min_args = 1,
    .max_args = -1,
    .text_from = 1,
    .opts = tag_opts,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_tag,
};
