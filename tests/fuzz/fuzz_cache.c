/*
 * fuzz_cache.c - libFuzzer harness for the native cache that 'save' writes (mapped, not parsed).
 *
 * The input is the whole file; see fuzz_load in fuzz.c for what a load
 * must do. Seeds: tests/fuzz/corpus/cache/.
 */
#include "config.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_load("model.vscache", "vecscope-cache", data, size);
    return 0;
}
