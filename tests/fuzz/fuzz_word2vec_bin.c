/*
 * fuzz_word2vec_bin.c - libFuzzer harness for word2vec's binary format (a "count dim" header, then a word, a blank and dim float32s per row).
 *
 * The input is the whole file; see fuzz_load in fuzz.c for what a load
 * must do. Seeds: tests/fuzz/corpus/word2vec_bin/.
 */
#include "config.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_load("model.bin", "word2vec-bin", data, size);
    return 0;
}
