/*
 * fuzz_st_modules.c - libFuzzer harness for a sentence-transformers
 * pipeline (src/format/st_modules.c). The input is modules.json, then a NUL
 * byte and 1_Pooling/config.json (a fixed mean-pooling config when there is
 * no NUL), so malformed lists, module types and paths meet a Pooling config
 * that is malformed too. A failure must name the file at fault.
 *
 * Seeds: tests/fuzz/corpus/st_modules/.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "format/st_modules.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char pooling[] = "{\"pooling_mode_mean_tokens\": true}";
    const uint8_t *nul = memchr(data, 0, size);
    size_t head = nul != NULL ? (size_t)(nul - data) : size;
    char folder[512], sub[600];
    vs_st_pipeline p;
    vs_error err;
    int rc;

    snprintf(folder, sizeof folder, "%s/st", fuzz_dir());
    snprintf(sub, sizeof sub, "%s/1_Pooling", folder);
    mkdir(folder, 0700);
    mkdir(sub, 0700);
    fuzz_file("st/modules.json", data, head);
    if (nul != NULL)
        fuzz_file("st/1_Pooling/config.json", nul + 1, size - head - 1);
    else
        fuzz_file("st/1_Pooling/config.json", (const uint8_t *)pooling,
                  sizeof pooling - 1);
    rc = vs_st_pipeline_load(folder, &p, &err);
    if (rc < 0)
        fuzz_expect_named(&err, folder);
    else
        vs_st_pipeline_free(&p);
    return 0;
}
