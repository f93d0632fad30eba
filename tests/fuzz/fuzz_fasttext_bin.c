/*
 * fuzz_fasttext_bin.c - libFuzzer harness for fastText's .bin (the args, the dictionary, the input matrix and the output matrix).
 *
 * The input is the whole file; see fuzz_load in fuzz.c for what a load
 * must do. Seeds: tests/fuzz/corpus/fasttext_bin/.
 */
#include "config.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_load("model.bin", "fasttext-bin", data, size);
    return 0;
}
