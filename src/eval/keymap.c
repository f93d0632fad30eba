/*
 * keymap.c - see keymap.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "lines.h"
#include "readfile.h"
#include "xalloc.h"

size_t vs_eval_restrict(const vs_model *m, const vs_eval_opts *o)
{
    return o->restrict_vocab == 0 || o->restrict_vocab > m->n ? m->n : o->restrict_vocab;
}

void vs_eval_keymap_build(vs_eval_keymap *km, const vs_model *m, size_t n, int upper)
{
    size_t i;

    km->n = n;
    km->upper = upper;
    km->keys = vs_vocab_new(n);
    km->row_of = xmallocarray(n ? n : 1, sizeof *km->row_of);
    km->key_of = xmallocarray(n ? n : 1, sizeof *km->key_of);
    /* ok_vocab is built from the end so that the first case variant wins;
     * here the first one to be added keeps the key */
    for (i = 0; i < n; i++) {
        const char *w = vs_vocab_word(m->vocab, i);
        size_t len = vs_vocab_len(m->vocab, i), klen = len, first = 0;
        char *key = NULL;
        long id;
        if (upper)
            key = vs_eval_upper(w, len, &klen);
        id = vs_vocab_add(km->keys, key ? key : w, klen, &first);
        if (id >= 0) {
            km->row_of[id] = (uint32_t)i;
            km->key_of[i] = (uint32_t)id;
        } else {
            km->key_of[i] = (uint32_t)first;   /* a later case variant */
        }
        free(key);
    }
}

int vs_eval_begin(vs_model *m, const char *path, const vs_eval_opts *o, char **buf,
                  size_t *len, vs_eval_keymap *km, vs_error *err)
{
    const char *nul;

    if (vs_read_text_file(path, VS_EVAL_MAX_FILE, buf, len, err) < 0)
        return -1;
    /* a NUL would end a word early without a trace: name where it is */
    nul = memchr(*buf, '\0', *len);
    if (nul != NULL) {
        size_t line = 1, col = 1;
        const char *p;
        for (p = *buf; p < nul; p++, col++)
            if (*p == '\n')
                line++, col = 0;
        free(*buf);
        *buf = NULL;
        return vs_fail(err, "%s:%zu:%zu: a NUL byte; an evaluation file is text", path, line,
                       col);
    }
    vs_model_norms(m);   /* computed once here, before any thread reads them */
    vs_eval_keymap_build(km, m, vs_eval_restrict(m, o), !o->case_sensitive);
    return 0;
}

long vs_eval_keymap_find(const vs_eval_keymap *km, const char *word, size_t len)
{
    long id;

    if (km->upper) {
        size_t klen;
        char *key = vs_eval_upper(word, len, &klen);
        id = vs_vocab_find(km->keys, key, klen);
        free(key);
    } else {
        id = vs_vocab_find(km->keys, word, len);
    }
    return id;
}

void vs_eval_keymap_free(vs_eval_keymap *km)
{
    vs_vocab_free(km->keys);
    free(km->row_of);
    free(km->key_of);
}
