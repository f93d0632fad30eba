/*
 * fuzz_bert_vocab.c - libFuzzer harness for a BERT folder's vocab.txt (one token a
 * line). The input is vocab.txt; config.json and the weights are the fixed
 * small ones, so a vocabulary longer or shorter than vocab_size, or one
 * without [UNK]/[CLS]/[SEP], meets a real model.
 *
 * Seeds: tests/fuzz/corpus/bert_vocab/.
 */
#include "config.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bert_folder(NULL, 0, data, size, NULL, 0);
    return 0;
}
