/*
 * tok_bpefiles.c - reads a byte-level BPE tokenizer from the pair of files
 * GPT-2 and RoBERTa ship without tokenizer.json (FORMATS.md section 10):
 *
 *   vocab.json   {"piece": id, ...}, pieces in the byte alphabet
 *                (space is "Ġ", newline "Ċ")
 *   merges.txt   "#version: 0.2" (optional), then one merge "a b" a line,
 *                the line order being the rank
 *
 * It becomes what Hugging Face's converter makes of them: the ByteLevel
 * pre-tokenizer (no prefix space), BPE without an unknown token, and, when
 * <s> and </s> are pieces, RoBERTa's template <s> A </s></s> B </s> with its
 * offset trimming; <s> <pad> </s> <unk> <mask> are special tokens (<mask>
 * taking the spaces before it).
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../readfile.h"
#include "../xalloc.h"
#include "tok_impl.h"

static int read_vocab_json(const char *path, vs_vocab **out, vs_error *err)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr), *x;
    const char **names = NULL;
    const char *key;
    size_t n = 0, i;
    vs_vocab *v;

    *out = NULL;
    if (root == NULL)
        return vs_fail(err, "%s: not valid JSON: %s (line %d, column %d)", path,
                       jerr.text, jerr.line, jerr.column);
    if (!json_is_object(root)) {
        json_decref(root);
        return vs_fail(err, "%s: should be an object {\"piece\": id, ...}", path);
    }
    json_object_foreach(root, key, x) {
        json_int_t id = json_is_integer(x) ? json_integer_value(x) : -1;
        if (id < 0 || id >= (1 << 26)) {
            free(names);
            json_decref(root);
            return vs_fail(err, "%s: the id of '%.60s' is not an integer from 0 "
                           "to %d", path, key, (1 << 26) - 1);
        }
        if ((size_t)id >= n) {
            names = xreallocarray(names, (size_t)id + 1, sizeof *names);
            for (i = n; i <= (size_t)id; i++)
                names[i] = NULL;
            n = (size_t)id + 1;
        }
        if (names[id] == NULL)
            names[id] = key;
    }
    v = vs_vocab_new(n);
    for (i = 0; i < n; i++)
        if (names[i] == NULL || vs_vocab_add(v, names[i], strlen(names[i]), NULL) < 0) {
            char ph[48];
            int k = snprintf(ph, sizeof ph, "[unused-id-%zu]", i);
            vs_vocab_add(v, ph, (size_t)k, NULL);
        }
    free(names);
    json_decref(root);
    *out = v;
    return 0;
}

static int read_merges_txt(const char *path, tk_model *m, vs_error *err)
{
    char *text, *line, *next;
    size_t len, lineno = 0;
    uint32_t rank = 0;

    if (vs_read_text_file(path, TK_FILE_MAX, &text, &len, err) < 0)
        return -1;
    m->merges = tk_pairmap_new(len / 8);
    for (line = text; line < text + len; line = next) {
        char *nl = memchr(line, '\n', (size_t)(text + len - line)), *sp;
        size_t n = nl ? (size_t)(nl - line) : (size_t)(text + len - line);
        long a, b, ab;
        next = line + n + 1;
        lineno++;
        if (n > 0 && line[n - 1] == '\r')
            n--;
        if (n == 0 || (lineno == 1 && strncmp(line, "#version", 8) == 0))
            continue;
        sp = memchr(line, ' ', n);
        if (sp == NULL || memchr(sp + 1, ' ', n - (size_t)(sp + 1 - line)) != NULL) {
            free(text);
            return vs_fail(err, "%s: line %zu: a merge is two pieces and one "
                           "space (\"a b\")", path, lineno);
        }
        a = vs_vocab_find(m->vocab, line, (size_t)(sp - line));
        b = vs_vocab_find(m->vocab, sp + 1, n - (size_t)(sp + 1 - line));
        memmove(sp, sp + 1, n - (size_t)(sp + 1 - line));
        ab = vs_vocab_find(m->vocab, line, n - 1);
        if (a < 0 || b < 0 || ab < 0) {
            free(text);
            return vs_fail(err, "%s: line %zu: the merge names a piece that "
                           "vocab.json lacks", path, lineno);
        }
        tk_pairmap_add(m->merges, (int32_t)a, (int32_t)b, rank++, (int32_t)ab);
    }
    free(text);
    return 0;
}

int tk_read_bpe_files(const char *vocab_json, const char *merges_txt,
                      vs_tokenizer **out, vs_error *err)
{
    static const char *const specials[] = {"<s>", "<pad>", "</s>", "<unk>",
                                           "<mask>"};
    vs_tokenizer *tk = tk_new("byte-level BPE", vocab_json);
    struct vs_tokenizer_impl *t = tk->impl;
    tk_pre *p;
    size_t i;
    int32_t bos, eos;

    *out = NULL;
    if (read_vocab_json(vocab_json, &t->vocab, err) < 0)
        goto fail;
    t->model.type = TK_M_BPE;
    t->model.vocab = t->vocab;
    t->model.cache = tk_cache_new();
    if (read_merges_txt(merges_txt, &t->model, err) < 0)
        goto fail;
    p = tk_add_pre(tk, TK_P_BYTELEVEL);
    p->use_regex = 1;
    if (tk_regex_new(tk_gpt2_pattern, strlen(tk_gpt2_pattern), 0, &p->re, err) < 0)
        goto fail;
    for (i = 0; i < sizeof specials / sizeof specials[0]; i++) {
        int32_t id = tk_find(tk, specials[i]);
        if (id >= 0) {
            tk_added *a = tk_add_token(tk, specials[i], strlen(specials[i]), id, 1);
            a->lstrip = i == 4;
        }
    }
    bos = tk_find(tk, "<s>");
    eos = tk_find(tk, "</s>");
    if (bos >= 0 && eos >= 0) {
        tk_set_template(tk, bos, eos, eos, 0);
        t->post.trim_offsets = 1;
    }
    if (tk_finish(tk, err) < 0)
        goto fail;
    *out = tk;
    return 0;
fail:
    vs_tokenizer_free(tk);
    return -1;
}
