/*
 * tok_dir.c - which file of an encoder folder is its tokenizer, and the
 * special tokens its configuration names.
 *
 * The order is Hugging Face's: tokenizer.json holds the whole pipeline and
 * wins; without it the slow tokenizers' files: vocab.txt (BERT, DistilBERT,
 * ELECTRA), vocab.json + merges.txt (RoBERTa, GPT-2), spiece.model (ALBERT,
 * T5), sentencepiece.bpe.model (XLM-R, CamemBERT: fairseq's ids).
 * tokenizer_config.json and special_tokens_map.json name the special tokens
 * ({"mask_token": "<mask>"} or {"mask_token": {"content": "<mask>"}}).
 */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../xalloc.h"
#include "tok_impl.h"

static char *file_in(const char *dir, const char *name)
{
    char *p = xasprintf("%s/%s", dir, name);
    struct stat sb;

    if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode))
        return p;
    free(p);
    return NULL;
}

static const char *const role_key[VS_TOK_NSPECIAL] = {
    "pad_token", "unk_token", "cls_token", "sep_token", "mask_token",
    "bos_token", "eos_token"
};

/* The roles a configuration file names; do_lower_case into *lower (-1 when
 * it does not say). A file that is not valid JSON is an error. */
static int read_roles(vs_tokenizer *tk, const char *path, int *lower,
                      vs_error *err)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr), *v;
    int i;

    if (root == NULL)
        return vs_fail(err, "%s: not valid JSON: %s (line %d, column %d)", path,
                       jerr.text, jerr.line, jerr.column);
    for (i = 0; i < VS_TOK_NSPECIAL; i++) {
        int32_t id;
        v = json_object_get(root, role_key[i]);
        if (json_is_object(v))
            v = json_object_get(v, "content");
        if (!json_is_string(v))
            continue;
        id = tk_find(tk, json_string_value(v));
        if (id >= 0)
            tk->special_id[i] = id;
    }
    v = json_object_get(root, "do_lower_case");
    if (lower && json_is_boolean(v))
        *lower = json_is_true(v);
    json_decref(root);
    return 0;
}

/* A Lowercase normalizer in front of the others. */
static void lowercase_first(vs_tokenizer *tk)
{
    struct vs_tokenizer_impl *t = tk->impl;
    tk_norm low;

    tk_add_norm(tk, TK_N_LOWERCASE);
    low = t->norm[t->nnorm - 1];
    memmove(t->norm + 1, t->norm, (t->nnorm - 1) * sizeof *t->norm);
    t->norm[0] = low;
    tk->do_lower_case = 1;
}

/* vocab.txt (+ tokenizer_config.json) as BERT's tokenizer. */
static int open_vocab_txt(const char *dir, const char *path, size_t max_pieces,
                          vs_tokenizer **out, vs_error *err)
{
    char *tc = file_in(dir, "tokenizer_config.json");
    vs_vocab *vocab = NULL;
    vs_wordpiece *wp = NULL;
    vs_tokenizer *tk;
    size_t dups = 0, dropped = 0, i;

    if (vs_bert_vocab_load(path, &vocab, &dups, err) < 0) {
        free(tc);
        return -1;
    }
    if (max_pieces > 0 && vocab->n > max_pieces) {
        /* Lines past the model's vocab_size have no embedding row (a real
         * fixture, camphr's ner_bert, has 405 lines for 402 rows); Hugging
         * Face would fail only when one is used. Keep the first ones. */
        vs_vocab *cut = vs_vocab_new(max_pieces);
        for (i = 0; i < max_pieces; i++)
            vs_vocab_add(cut, vs_vocab_word(vocab, i), vs_vocab_len(vocab, i), NULL);
        dropped = vocab->n - max_pieces;
        vs_vocab_free(vocab);
        vocab = cut;
    }
    if (vs_wordpiece_new(vocab, tc, &wp, err) < 0) {
        if (strstr(err->msg, "the vocabulary has no") == err->msg)
            vs_fail_prefix(err, "%s", path);
        vs_vocab_free(vocab);
        free(tc);
        return -1;
    }
    tk = vs_tokenizer_from_wordpiece(wp);
    tk->impl->vocab_borrowed = 0;   /* the tokenizer owns vocab now */
    tk->source = xstrdup(path);
    tk->duplicates = dups;
    tk->dropped = dropped;
    vs_wordpiece_free(wp);
    free(tc);
    *out = tk;
    return 0;
}

int vs_tokenizer_open_dir(const char *dir, size_t max_pieces,
                          vs_tokenizer **out, vs_error *err)
{
    char *path, *merges = NULL;
    vs_tokenizer *tk = NULL;
    int rc = -1, lower = -1, is_model = 0;

    *out = NULL;
    if ((path = file_in(dir, "tokenizer.json")) != NULL)
        rc = tk_read_json(path, &tk, err);
    else if ((path = file_in(dir, "vocab.txt")) != NULL) {
        rc = open_vocab_txt(dir, path, max_pieces, out, err);
        free(path);
        return rc;
    } else if ((path = file_in(dir, "vocab.json")) != NULL &&
               (merges = file_in(dir, "merges.txt")) != NULL)
        rc = tk_read_bpe_files(path, merges, &tk, err);
    else {
        free(path);
        is_model = 1;
        if ((path = file_in(dir, "spiece.model")) != NULL)
            rc = tk_read_spm(path, 0, &tk, err);
        else if ((path = file_in(dir, "sentencepiece.bpe.model")) != NULL)
            rc = tk_read_spm(path, 1, &tk, err);
        else
            return vs_fail(err, "%s: no tokenizer: no vocab.txt, and no "
                           "tokenizer.json, vocab.json + merges.txt, "
                           "spiece.model or sentencepiece.bpe.model either", dir);
    }
    free(path);
    free(merges);
    if (rc < 0)
        return -1;
    /* the configuration's names for the special tokens */
    path = file_in(dir, "special_tokens_map.json");
    if (path != NULL && read_roles(tk, path, NULL, err) < 0)
        rc = -1;
    free(path);
    path = file_in(dir, "tokenizer_config.json");
    if (rc == 0 && path != NULL && read_roles(tk, path, &lower, err) < 0)
        rc = -1;
    free(path);
    if (rc < 0) {
        vs_tokenizer_free(tk);
        return -1;
    }
    if (is_model && lower == 1)
        lowercase_first(tk);
    *out = tk;
    return 0;
}

int vs_tokenizer_open_file(const char *path, vs_tokenizer **out, vs_error *err)
{
    const char *base = strrchr(path, '/');
    size_t n;

    base = base ? base + 1 : path;
    n = strlen(base);
    *out = NULL;
    if (strcmp(base, "vocab.json") == 0) {
        char *merges = xasprintf("%.*smerges.txt", (int)(base - path), path);
        int rc = tk_read_bpe_files(path, merges, out, err);
        free(merges);
        return rc;
    }
    if (n >= 5 && strcmp(base + n - 5, ".json") == 0)
        return tk_read_json(path, out, err);
    if (n >= 6 && strcmp(base + n - 6, ".model") == 0)
        return tk_read_spm(path, strcmp(base, "sentencepiece.bpe.model") == 0,
                           out, err);
    if (n >= 4 && strcmp(base + n - 4, ".txt") == 0) {
        char *dir = xstrndup(path, (size_t)(base - path));
        int rc = open_vocab_txt(dir[0] ? dir : ".", path, 0, out, err);
        free(dir);
        return rc;
    }
    return vs_fail(err, "%s: not a tokenizer file (tokenizer.json, vocab.txt, "
                   "a SentencePiece .model)", path);
}
