/*
 * fuzz_line.c - libFuzzer harness for the REPL's line parser: splitting a
 * -c string into commands on ';', splitting a line into words (quotes,
 * escapes, comments), finding the command by name, alias or prefix, parsing
 * its options against its option list, and running it; then rendering the
 * result as text, TSV and JSON (to /dev/null) and the error, if any, as the
 * REPL shows it.
 *
 * The session holds two models, read once: a small static one
 * (tests/data/eval/case-model.txt) and a BERT one (tests/data/bert/tiny-f32).
 * The input's first byte picks the current one; the rest is the text.
 * Commands that write or read the user's files, the terminal or the set of
 * open models (load, save, close, use, eval, export, tui, train, record,
 * probe, distill, align, --file, --out, --groups, --plot) are parsed by the
 * lookup but not run.
 * Seeds: tests/fuzz/corpus/line/.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "format/format.h"
#include "fuzz.h"
#include "render.h"
#include "session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static vs_session session;
static FILE *devnull;

static void open_model(const char *rel)
{
    vs_load_opts o;
    vs_model *m;
    vs_error err;

    memset(&o, 0, sizeof o);
    o.threads = 1;
    if (vs_format_load(fuzz_srcfile(rel), &o, &m, &err) < 0) {
        fprintf(stderr, "fuzz: %s\n", err.msg);
        abort();
    }
    vs_session_add(&session, m);
}

/* May this command line run here? */
static int runnable(const char *line)
{
    static const char *const skip[] = {"load",   "save",  "close",   "use",   "eval",
                                       "export", "tui",   "train",   "record", "probe",
                                       "distill", "align", NULL};
    const vs_cmd *c;
    vs_error err;
    char **argv;
    int argc, i, ok = 1;

    if (vs_split_words(line, &argc, &argv, &err) < 0)
        return 1;   /* the run fails the same way */
    if (argc == 0) {
        vs_argv_free(argc, argv);
        return 1;
    }
    c = vs_cmd_lookup(argv[0], &err);
    for (i = 0; c != NULL && skip[i] != NULL; i++)
        if (strcmp(c->name, skip[i]) == 0)
            ok = 0;
    for (i = 1; ok && c != NULL && i < argc; i++)
        if (strncmp(argv[i], "--file", 6) == 0 || strncmp(argv[i], "--out", 5) == 0 ||
            strncmp(argv[i], "--groups", 8) == 0 || strncmp(argv[i], "--plot", 6) == 0)
            ok = 0;
    vs_argv_free(argc, argv);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vs_render_opts ro;
    vs_error err;
    char *text, **cmds;
    int n, i;

    if (devnull == NULL) {
        devnull = fopen("/dev/null", "w");
        vs_session_init(&session);
        session.threads = 1;
        open_model("tests/data/bert/tiny-f32");
        open_model("tests/data/eval/case-model.txt");
    }
    if (size == 0)
        return 0;
    session.cur = data[0] & 1;
    session.quit = 0;
    text = fuzz_cstr(data + 1, size - 1);
    memset(&ro, 0, sizeof ro);
    ro.out = devnull;
    ro.msg = devnull;
    if (vs_split_commands(text, &n, &cmds, &err) < 0) {
        vs_render_error(NULL, err.msg, &ro);
        free(text);
        return 0;
    }
    for (i = 0; i < n; i++) {
        enum vs_output mode;
        vs_result r;

        if (!runnable(cmds[i]))
            continue;
        vs_result_init(&r);
        if (vs_cmd_run(&session, cmds[i], VS_OUT_TEXT, &mode, &r, &err) < 0) {
            vs_render_error("line", err.msg, &ro);
        } else {
            for (ro.mode = VS_OUT_TEXT; ro.mode <= VS_OUT_JSON; ro.mode++)
                vs_render(&r, &ro);
        }
        vs_result_clear(&r);
    }
    vs_argv_free(n, cmds);
    free(text);
    return 0;
}
