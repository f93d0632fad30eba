/*
 * fuzz_detect.c - libFuzzer harness for format detection: every sniff function, then the loader the most confident one picks.
 *
 * The input is the whole file; see fuzz_load in fuzz.c for what a load
 * must do. Seeds: tests/fuzz/corpus/detect/.
 */
#include "config.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_load("model", NULL, data, size);
    return 0;
}
