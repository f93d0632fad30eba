/*
 * fuzz_tokenizer_json.c - libFuzzer harness for the tokenizer.json reader
 * (src/bert/tok_json.c) and the pipeline it builds: normalizers, PCRE2
 * patterns, pre-tokenizers, the WordPiece, BPE and Unigram models,
 * templates, added tokens.
 *
 * The input is the file. A file that reads must then tokenize a few texts
 * (accents, CJK, emoji, controls, long runs, special-token strings, a pair)
 * with every id inside the vocabulary and every offset inside the text,
 * start <= end. A failure must name the file. Seeds:
 * tests/fuzz/corpus/tokenizer_json/ (small tokenizer.json files).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bert/tok_impl.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const texts[] = {
    "Hello, world! The quick brown fox.",
    "caf\xc3\xa9 e\xcc\x81l\xc3\xa8ve \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80 x",
    "tabs\t\tand   spaces\n\x01\x7f end",
    "<s> [CLS] <mask> [MASK] </s> [SEP] <unk> [UNK] <pad>",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "1234567 3.14 -- under_score",
    "first ||| second half",
    "",
};

/* Aborts unless tok is sound for tk and a text of len bytes. */
static void check(const vs_tokenizer *tk, const vs_tokens *tok, size_t len)
{
    size_t i;

    for (i = 0; i < tok->n; i++) {
        if (tok->ids[i] < 0 || (size_t)tok->ids[i] >= vs_tokenizer_size(tk)) {
            fprintf(stderr, "fuzz: piece %zu has id %d, outside the vocabulary "
                    "of %zu\n", i, (int)tok->ids[i], vs_tokenizer_size(tk));
            abort();
        }
        if (tok->start[i] > tok->end[i] || tok->end[i] > len) {
            fprintf(stderr, "fuzz: piece %zu at [%u, %u) of %zu bytes\n", i,
                    tok->start[i], tok->end[i], len);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vs_tokenizer *tk;
    vs_tokens tok;
    vs_error err;
    size_t i;

    if (tk_read_json_text((const char *)data, size, "fuzz.json", &tk, &err) < 0) {
        fuzz_expect_named(&err, "fuzz.json");
        return 0;
    }
    vs_tokens_init(&tok);
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (vs_tokenizer_encode_text(tk, texts[i], &tok, &err) == 0)
            check(tk, &tok, strlen(texts[i]));
    }
    vs_tokens_free(&tok);
    vs_tokenizer_free(tk);
    return 0;
}
