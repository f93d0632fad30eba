/*
 * fuzz_spm_model.c - libFuzzer harness for the SentencePiece .model reader
 * (src/bert/tok_spm.c: the protobuf read by tags, the precompiled character
 * map's double array) and the Unigram and BPE models it builds.
 *
 * The input is the file, read twice: with SentencePiece's ids and with
 * fairseq's (XLM-R). A model that reads must tokenize a few texts with
 * every id inside the vocabulary and every offset inside the text. A
 * failure must name the file. Seeds: tests/fuzz/corpus/spm_model/.
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
    "  tabs\t\tand   spaces\n\x01\x7f end  ",
    "<s> <mask> </s> <unk> <pad> [CLS] [MASK]",
    "\xef\xbd\x86\xef\xbd\x95\xef\xbd\x8c\xef\xbd\x8c \xef\xac\x81",
    "first ||| second half",
    "",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fairseq;

    for (fairseq = 0; fairseq < 2; fairseq++) {
        vs_tokenizer *tk;
        vs_tokens tok;
        vs_error err;
        size_t i, k;
        if (tk_read_spm_bytes(data, size, "fuzz.model", fairseq, &tk, &err) < 0) {
            fuzz_expect_named(&err, "fuzz.model");
            continue;
        }
        vs_tokens_init(&tok);
        for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
            if (vs_tokenizer_encode_text(tk, texts[i], &tok, &err) < 0)
                continue;
            for (k = 0; k < tok.n; k++)
                if (tok.ids[k] < 0 || (size_t)tok.ids[k] >= vs_tokenizer_size(tk) ||
                    tok.start[k] > tok.end[k] || tok.end[k] > strlen(texts[i])) {
                    fprintf(stderr, "fuzz: piece %zu: id %d of %zu, [%u, %u)\n", k,
                            (int)tok.ids[k], vs_tokenizer_size(tk), tok.start[k],
                            tok.end[k]);
                    abort();
                }
        }
        vs_tokens_free(&tok);
        vs_tokenizer_free(tk);
    }
    return 0;
}
