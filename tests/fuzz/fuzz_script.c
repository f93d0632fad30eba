/*
 * fuzz_script.c - libFuzzer harness for the script reader (vecscope -f
 * FILE, or commands on standard input): any bytes, NULs and endless lines
 * included, are read line by line as bounded text; each line read is split
 * into words and its command looked up (not run: fuzz_line runs them). A
 * line is never longer than VS_SCRIPT_LINE_MAX, holds no NUL or newline,
 * and a failure names the script. (The line bound itself, 1 MiB, is past
 * libFuzzer's input sizes: tests/cli/streams.t reads /dev/zero and a longer
 * line.) Seeds: tests/fuzz/corpus/script/.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/script.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fmemopen((void *)data, size, "rb");
    char *line = NULL;
    size_t cap = 0, len;
    long lineno = 0;
    vs_error err;
    int got;

    if (f == NULL)
        return 0;
    for (;;) {
        int argc;
        char **argv;
        lineno++;
        got = vs_script_read_line(f, &line, &cap, &len, "fuzz.vs", lineno, &err);
        if (got < 0) {
            fuzz_expect_named(&err, "fuzz.vs");
            break;
        }
        if (got == 0)
            break;
        if (len > VS_SCRIPT_LINE_MAX || strlen(line) != len || memchr(line, '\n', len))
            abort();  /* a line is bounded, whole and NUL-free */
        if (vs_split_words(line, &argc, &argv, &err) == 0) {
            if (argc > 0)
                (void)vs_cmd_lookup(argv[0], &err);
            vs_argv_free(argc, argv);
        }
    }
    free(line);
    fclose(f);
    return 0;
}
