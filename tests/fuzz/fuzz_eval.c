/*
 * fuzz_eval.c - libFuzzer harness for the evaluation-file parsers: Google's
 * analogy questions (": section" lines, then four words a line) and
 * word-pair similarity sets (two words and a score a line, tabs or blanks,
 * '#' comments, CRLF).
 *
 * The model is tests/data/eval/case-model.txt (44 words of dimension 8),
 * read once, whose words are those of the analogy and similarity fixtures,
 * so fuzzed files find known words. The input's first byte picks the parser
 * (bit 0: analogy or similarity), the case matching (bit 1), 3CosMul (bit 2)
 * and a vocabulary restriction (bit 3: the first 20 words); the rest is the
 * file. A failure must name the file. Seeds: tests/fuzz/corpus/eval/.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"
#include "format/format.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static vs_model *model;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vs_eval_opts o;
    vs_error err;
    const char *p;

    if (model == NULL) {
        vs_load_opts lo;
        memset(&lo, 0, sizeof lo);
        lo.threads = 1;
        if (vs_format_load(fuzz_srcfile("tests/data/eval/case-model.txt"), &lo,
                           &model, &err) < 0) {
            fprintf(stderr, "fuzz: %s\n", err.msg);
            abort();
        }
    }
    if (size == 0)
        return 0;
    memset(&o, 0, sizeof o);
    o.case_sensitive = (data[0] >> 1) & 1;
    o.mul = (data[0] >> 2) & 1;
    o.restrict_vocab = (data[0] >> 3) & 1 ? 20 : 0;
    o.threads = 1;
    p = fuzz_file("eval.txt", data + 1, size - 1);
    if (data[0] & 1) {
        vs_analogy_result res;
        if (vs_eval_analogy(model, p, &o, &res, &err) < 0)
            fuzz_expect_named(&err, p);
        else
            vs_analogy_result_free(&res);
    } else {
        vs_sim_result res;
        if (vs_eval_sim(model, p, &o, &res, &err) < 0)
            fuzz_expect_named(&err, p);
        else
            vs_sim_result_free(&res);
    }
    return 0;
}
