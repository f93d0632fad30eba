/*
 * fuzz_safetensors.c - libFuzzer harness for model.safetensors in a BERT folder. The input is the
 * weights file; config.json and vocab.txt are the fixed small ones of
 * fuzz_bert.h, so the tensors' names, shapes and dtypes are checked against
 * a real configuration (see fuzz_bert_folder in fuzz.c).
 *
 * Seeds: tests/fuzz/corpus/safetensors/.
 */
#include "config.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bert_folder(NULL, 0, NULL, 0, data, size);
    return 0;
}
