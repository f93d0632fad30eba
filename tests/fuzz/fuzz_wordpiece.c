/*
 * fuzz_wordpiece.c - libFuzzer harness for the WordPiece tokenizer (basic
 * tokenization: cleaning, lowercasing, accent stripping, punctuation and CJK
 * splitting; then greedy longest-match word pieces).
 *
 * The vocabulary is bert-base-uncased's (tests/data/bert/vocab), read once.
 * The input's first byte sets the options (bit 0 lowercase, bits 1-2 accent
 * stripping: default, never, always; bit 3 CJK splitting); the rest is the
 * text, encoded as a pair when it holds "|||". Every id must be a token of
 * the vocabulary. Seeds: tests/fuzz/corpus/wordpiece/.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bert/tokenizer.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static vs_vocab *vocab;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int accents[4] = {-1, 0, 1, -1};
    vs_wordpiece *wp;
    vs_tokens tok;
    vs_error err;
    char *text;
    size_t i;

    if (vocab == NULL) {
        const char *p = fuzz_srcfile("tests/data/bert/vocab/bert-base-uncased-vocab.txt");
        if (vs_bert_vocab_load(p, &vocab, NULL, &err) < 0) {
            fprintf(stderr, "fuzz: %s\n", err.msg);
            abort();
        }
    }
    if (size == 0)
        return 0;
    if (vs_wordpiece_new(vocab, NULL, &wp, &err) < 0) {
        fprintf(stderr, "fuzz: %s\n", err.msg);
        abort();
    }
    wp->do_lower_case = data[0] & 1;
    wp->strip_accents = accents[(data[0] >> 1) & 3];
    wp->split_cjk = (data[0] >> 3) & 1;
    text = fuzz_cstr(data + 1, size - 1);
    vs_tokens_init(&tok);
    if (vs_wordpiece_encode_text(wp, text, &tok, &err) == 0) {
        for (i = 0; i < tok.n; i++)
            if (tok.ids[i] < 0 || (size_t)tok.ids[i] >= vocab->n ||
                vs_wordpiece_token(wp, tok.ids[i]) == NULL) {
                fprintf(stderr, "fuzz: piece %zu has id %d, outside the vocabulary\n",
                        i, (int)tok.ids[i]);
                abort();
            }
    }
    vs_tokens_free(&tok);
    free(text);
    vs_wordpiece_free(wp);
    return 0;
}
