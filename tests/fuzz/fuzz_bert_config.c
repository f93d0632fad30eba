/*
 * fuzz_bert_config.c - libFuzzer harness for a BERT folder's config.json. The
 * input is config.json; vocab.txt and the weights are the fixed small ones,
 * so each number in the configuration meets tensors of the real shapes.
 *
 * Seeds: tests/fuzz/corpus/bert_config/.
 */
#include "config.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bert_folder(data, size, NULL, 0, NULL, 0);
    return 0;
}
