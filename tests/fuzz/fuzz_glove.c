/*
 * fuzz_glove.c - libFuzzer harness for GloVe's text format (no header; words may contain blanks, the last dim fields are the vector).
 *
 * The input is the whole file; see fuzz_load in fuzz.c for what a load
 * must do. Seeds: tests/fuzz/corpus/glove/.
 */
#include "config.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_load("glove.txt", "glove-text", data, size);
    return 0;
}
