/*
 * tok_wordpiece.c - WordPiece (Hugging Face tokenizers' models/wordpiece):
 * a word is cut greedily into the longest pieces found in the vocabulary,
 * pieces after the first carrying the continuing-subword prefix ("##"). A
 * word of more than max_chars characters, or one where some step finds no
 * piece, becomes the unknown token as a whole.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../xalloc.h"
#include "tok_impl.h"

void tk_wordpiece_tokenize(const tk_model *m, const char *w, size_t n,
                           tk_toks *out)
{
    size_t chars = 0, i, start = 0, first = out->n;
    char stack[256], *key;

    for (i = 0; i < n; i++)
        chars += ((unsigned char)w[i] & 0xC0) != 0x80;
    if (chars > m->max_chars) {
        if (m->unk >= 0)
            tk_toks_push(out, m->unk, 0, (uint32_t)n);
        return;
    }
    key = n + m->prefix_len <= sizeof stack ? stack : xmalloc(n + m->prefix_len);
    memcpy(key, m->prefix, m->prefix_len);
    while (start < n) {
        size_t end = n;
        long id = -1;
        while (end > start) {
            if (start > 0) {
                memcpy(key + m->prefix_len, w + start, end - start);
                id = vs_vocab_find(m->vocab, key, m->prefix_len + end - start);
            } else
                id = vs_vocab_find(m->vocab, w, end);
            if (id >= 0)
                break;
            do   /* one character back */
                end--;
            while (end > start && ((unsigned char)w[end] & 0xC0) == 0x80);
        }
        if (id < 0) {
            out->n = first;
            if (m->unk >= 0)
                tk_toks_push(out, m->unk, 0, (uint32_t)n);
            break;
        }
        tk_toks_push(out, (int32_t)id, (uint32_t)start, (uint32_t)end);
        start = end;
    }
    if (key != stack)
        free(key);
}
