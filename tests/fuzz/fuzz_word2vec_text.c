/*
 * fuzz_word2vec_text.c - libFuzzer harness for word2vec's text format (a "count dim" header, then a word and dim numbers a line).
 *
 * The input is the whole file; see fuzz_load in fuzz.c for what a load
 * must do. Seeds: tests/fuzz/corpus/word2vec_text/.
 */
#include "config.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_load("model.txt", "word2vec-text", data, size);
    return 0;
}
