/*
 * main.c - the vecscope program: options, models named on the command line,
 * then the REPL, the full-screen interface (--tui), commands from -c, a
 * script from -f, or a script on stdin.
 *
 * Exit status: 0 when every command succeeded, 1 when one failed (batch mode
 * stops there and names the line), 2 for a usage error.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bert/linear.h"
#include "blas.h"
#include "cmd/cmd.h"
#include "cmd/script.h"
#include "frontend.h"
#include "notebook.h"
#include "repl.h"
#include "session.h"
#include "tui/tui.h"
#include "utf8.h"
#include "xalloc.h"

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: vecscope [OPTION]... [MODEL]...\n"
            "Explore word embeddings in a terminal: nearest neighbours, analogies,\n"
            "similarity and more, on word2vec, GloVe, fastText and vecscope cache files,\n"
            "and BERT's word pieces, contextual vectors and attention heads.\n"
            "\n"
            "Each MODEL is loaded at start; the last one is in use. Without -c or -f,\n"
            "vecscope reads commands interactively, or from standard input when it is\n"
            "not a terminal.\n"
            "\n"
            "  -c, --command=CMDS      run CMDS (separated by ';') and exit\n"
            "  -f, --file=SCRIPT       run the commands in SCRIPT and exit\n"
            "      --replay=NOTEBOOK   run the commands of a notebook written by\n"
            "                          'record NOTEBOOK.md', showing each, and exit\n"
            "      --tui               the full-screen interface (F1 in it lists the keys)\n"
            "      --tsv               print results as tab-separated values\n"
            "      --json              print results as JSON\n"
            "  -q, --quiet             no notes such as 'loaded ...' (warnings and errors stay)\n"
            "      --format=FORMAT     read MODELs as FORMAT instead of detecting it\n"
            "      --limit=N           read only the first N words of each MODEL\n"
            "      --encoding-errors=MODE  strict (default), replace or ignore\n"
            "      --threads=N         threads for loading and BLAS (default: all cores;\n"
            "                          also VECSCOPE_THREADS)\n"
            "      --precision=P       load encoders with their Linear layers in f32\n"
            "                          (default), bf16 or int8 (see 'help load')\n"
            "  -h, --help              display this help and exit\n"
            "  -V, --version           output version information and exit\n"
            "\n"
            "Examples:\n"
            "  vecscope vectors.bin\n"
            "  vecscope --tui vectors.bin\n"
            "  vecscope --tsv vectors.bin -c 'nn king -k 5; analogy man king woman'\n"
            "  vecscope --replay demo.md\n"
            "\n"
            "Type 'help' at the prompt for the commands.\n"
            "Report bugs to: %s\n",
            PACKAGE_BUGREPORT);
}

static void version(void)
{
    printf("vecscope %s\n"
           "Copyright (C) 2026 the vecscope authors.\n"
           "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
           "This is free software: you are free to change and redistribute it.\n"
           "There is NO WARRANTY, to the extent permitted by law.\n",
           PACKAGE_VERSION);
}

/* Prints a message about a value from the command line or the environment
 * (fmt has one %s for it) on stderr, the value escaped (vs_escape): it must
 * not carry control bytes to the terminal. */
static void say(const char *fmt, const char *arg)
{
    char *e = vs_escape(arg, strlen(arg));

    fprintf(stderr, fmt, e);
    free(e);
}

/* Closes standard output, which must have taken everything written to it:
 * a failed write makes the exit status 1, a reader that went away (| head)
 * is not an error. Returns the exit status. */
static int close_stdout(int rc)
{
    errno = 0;
    if (fclose(stdout) != 0 && errno != EPIPE) {
        if (vs_frontend_output_status != 2)
            fprintf(stderr, "vecscope: cannot write the output: %s\n", strerror(errno));
        return 1;
    }
    return rc;
}

/* Runs each line of f; stops at the first failure. name labels errors. */
static int run_stream(vs_session *s, FILE *f, const char *name, enum vs_output out,
                      const vs_render_opts *o)
{
    char *line = NULL, *shown = vs_escape(name, strlen(name));
    size_t cap = 0, len;
    long lineno = 0;
    int rc = 0, got;
    vs_error err;

    while (!s->quit) {
        char where[512];
        lineno++;
        got = vs_script_read_line(f, &line, &cap, &len, shown, lineno, &err);
        if (got < 0) {
            vs_render_error(NULL, err.msg, o);
            rc = 1;
            break;
        }
        if (got == 0)
            break;
        snprintf(where, sizeof where, "%s:%ld", shown, lineno);
        if (vs_frontend_run(s, line, where, out, o) < 0) {
            rc = 1;
            break;
        }
    }
    free(line);
    free(shown);
    return rc;
}

/* Runs -c text: commands separated by ';' or newlines. */
static int run_commands(vs_session *s, const char *text, enum vs_output out,
                        const vs_render_opts *o)
{
    vs_error err;
    char **cmds;
    int n, i, rc = 0;

    if (vs_split_commands(text, &n, &cmds, &err) < 0) {
        vs_render_error("-c", err.msg, o);
        return 1;
    }
    for (i = 0; i < n && !s->quit; i++) {
        char where[64];
        snprintf(where, sizeof where, "-c command %d", i + 1);
        if (vs_frontend_run(s, cmds[i], where, out, o) < 0) {
            rc = 1;
            break;
        }
    }
    vs_argv_free(n, cmds);
    return rc;
}

/* Runs the commands of a notebook (record FILE.md), each shown first as
 * after a prompt when the output is text. A failure stops the replay,
 * unless the notebook wrote the command down as failing ("vecscope
 * fails"): that error is part of the demo. */
static int run_replay(vs_session *s, const char *path, enum vs_output out,
                      const vs_render_opts *o)
{
    vs_notebook_cmd *cmds;
    vs_error err;
    size_t n, i;
    char *shown = vs_escape(path, strlen(path));
    int rc = 0;

    if (vs_notebook_read(path, &cmds, &n, &err) < 0) {
        vs_render_error(NULL, err.msg, o);
        free(shown);
        return 1;
    }
    for (i = 0; i < n && !s->quit; i++) {
        char where[512];
        if (out == VS_OUT_TEXT) {
            const vs_model *m = vs_session_model(s);
            const char *name = m != NULL ? m->name : "vecscope";
            char *e = vs_escape(name, strlen(name)), *l = vs_escape(cmds[i].line,
                                                                   strlen(cmds[i].line));
            fprintf(o->out, "%s%s> %s%s\n", o->color ? "\033[1m" : "", e, l,
                    o->color ? "\033[0m" : "");
            fflush(o->out);
            free(e);
            free(l);
        }
        snprintf(where, sizeof where, "%s:%zu", shown, cmds[i].lineno);
        if (vs_frontend_run(s, cmds[i].line, where, out, o) < 0 && !cmds[i].may_fail) {
            rc = 1;
            break;
        }
    }
    vs_notebook_cmds_free(cmds, n);
    free(shown);
    return rc;
}

/* "load PATH" with the command-line options, quoting the path. */
static char *load_line(const char *path, const char *format, const char *limit,
                       const char *enc)
{
    size_t len = strlen(path), i, k = 0;
    char *q = xmalloc(2 * len + 3), *line;

    q[k++] = '"';
    for (i = 0; i < len; i++) {
        if (path[i] == '"' || path[i] == '\\')
            q[k++] = '\\';
        q[k++] = path[i];
    }
    q[k++] = '"';
    q[k] = '\0';
    line = xasprintf("load %s%s%s%s%s%s%s", q, format ? " --format " : "",
                     format ? format : "", limit ? " --limit " : "", limit ? limit : "",
                     enc ? " --encoding-errors " : "", enc ? enc : "");
    free(q);
    return line;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"command", required_argument, NULL, 'c'},
        {"file", required_argument, NULL, 'f'},
        {"tsv", no_argument, NULL, 'T'},
        {"json", no_argument, NULL, 'J'},
        {"quiet", no_argument, NULL, 'q'},
        {"format", required_argument, NULL, 'F'},
        {"limit", required_argument, NULL, 'L'},
        {"encoding-errors", required_argument, NULL, 'E'},
        {"threads", required_argument, NULL, 't'},
        {"precision", required_argument, NULL, 'P'},
        {"tui", no_argument, NULL, 'U'},
        {"replay", required_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}
    };
    const char *commands = NULL, *script = NULL, *replay = NULL, *format = NULL, *limit = NULL,
               *enc = NULL, *threads = getenv("VECSCOPE_THREADS"), *precision = NULL;
    enum vs_output out = VS_OUT_TEXT;
    vs_render_opts ro;
    vs_session s;
    int opt, i, rc = 0, quiet = 0, tui = 0;

    opterr = 0;  /* our own messages, which name the program the same way always */
    while ((opt = getopt_long(argc, argv, ":c:f:qhV", longopts, NULL)) != -1) {
        switch (opt) {
        case 'c': commands = optarg; break;
        case 'f': script = optarg; break;
        case 'T': out = VS_OUT_TSV; break;
        case 'J': out = VS_OUT_JSON; break;
        case 'q': quiet = 1; break;
        case 'F': format = optarg; break;
        case 'L': limit = optarg; break;
        case 'E': enc = optarg; break;
        case 't': threads = optarg; break;
        case 'P': precision = optarg; break;
        case 'U': tui = 1; break;
        case 'R': replay = optarg; break;
        case 'h': usage(stdout); return close_stdout(0);
        case 'V': version(); return close_stdout(0);
        case ':':
            say("vecscope: option '%s' needs a value\n"
                "Try 'vecscope --help' for more information.\n", argv[optind - 1]);
            return 2;
        default:
            if (strncmp(argv[optind - 1], "--", 2) == 0)
                say("vecscope: unknown option, or one that takes no value: '%s'\n",
                    argv[optind - 1]);
            else
                fprintf(stderr, "vecscope: unknown option '-%c'\n", optopt);
            fprintf(stderr, "Try 'vecscope --help' for more information.\n");
            return 2;
        }
    }
    if (tui && (commands != NULL || script != NULL || replay != NULL)) {
        fprintf(stderr, "vecscope: --tui cannot be used with -c, -f or --replay\n"
                        "Try 'vecscope --help' for more information.\n");
        return 2;
    }
    if (tui && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
        fprintf(stderr, "vecscope: --tui needs a terminal on standard input and output\n");
        return 2;
    }
    if ((commands != NULL) + (script != NULL) + (replay != NULL) > 1) {
        fprintf(stderr, "vecscope: -c, -f and --replay cannot be used together\n"
                        "Try 'vecscope --help' for more information.\n");
        return 2;
    }

    vs_session_init(&s);
    if (threads != NULL && threads[0] != '\0') {
        char *end;
        long t = strtol(threads, &end, 10);
        if (*end != '\0' || t < 1 || t > 1024) {
            say("vecscope: --threads (or VECSCOPE_THREADS) takes a number from 1 to 1024, "
                "not '%s'\n", threads);
            return 2;
        }
        s.threads = (int)t;
    }
    if (precision != NULL) {
        enum vs_precision p;
        vs_error perr;
        if (vs_precision_parse(precision, &p, &perr) < 0) {
            say("vecscope: --precision takes f32, bf16 or int8, not '%s'\n", precision);
            return 2;
        }
        s.precision = vs_precision_name(p);   /* a static string */
    }
    vs_blas_threads(s.threads);
    vs_frontend_signals();
    s.progress = &vs_stderr_progress;
    s.interactive = commands == NULL && script == NULL && replay == NULL &&
                    isatty(STDIN_FILENO);

    memset(&ro, 0, sizeof ro);
    ro.mode = out;
    ro.out = stdout;
    ro.msg = stderr;
    ro.quiet = quiet;
    ro.color = out == VS_OUT_TEXT && vs_frontend_color(stdout);
    ro.msg_color = vs_frontend_color(stderr);

    for (i = optind; i < argc; i++) {
        char *line = load_line(argv[i], format, limit, enc);
        char where[64];
        snprintf(where, sizeof where, "argument %d", i);
        /* notes about loading go to stderr; keep them quiet in batch TSV/JSON */
        if (vs_frontend_run(&s, line, NULL, s.interactive ? VS_OUT_TEXT : out, &ro) < 0)
            rc = 1;
        free(line);
        if (rc)
            break;
    }
    if (rc == 0 && tui) {
        vs_error terr;
        if (vs_tui(&s, &terr) < 0) {
            fprintf(stderr, "vecscope: %s\n", terr.msg);
            rc = 1;
        }
    } else if (rc == 0) {
        if (commands != NULL)
            rc = run_commands(&s, commands, out, &ro);
        else if (replay != NULL)
            rc = run_replay(&s, replay, out, &ro);
        else if (script != NULL) {
            FILE *f = strcmp(script, "-") == 0 ? stdin : fopen(script, "r");
            if (f == NULL) {
                char *e = vs_escape(script, strlen(script));
                fprintf(stderr, "vecscope: cannot open script '%s': %s\n", e,
                        strerror(errno));
                free(e);
                rc = 2;
            } else {
                rc = run_stream(&s, f, script, out, &ro);
                if (f != stdin)
                    fclose(f);
            }
        } else if (!isatty(STDIN_FILENO))
            rc = run_stream(&s, stdin, "<stdin>", out, &ro);
        else
            rc = vs_repl(&s, out, &ro);
    }
    vs_session_free(&s);
    if (vs_frontend_output_status == 1)
        rc = 0;
    if (vs_frontend_output_status == 2)
        rc = 1;
    return close_stdout(rc);
}
