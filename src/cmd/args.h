/*
 * args.h - a command's options, and the words of one command line parsed
 * against them.
 *
 * A command declares its options in a table (vs_opt, ended by a zero
 * entry). Before exec runs, vs_args_parse reads the words after the
 * command's name against that table once into a vs_args sized from it: one
 * value a declared option, and every value of a repeatable option, with no
 * limit on either. exec reads the values back by the option's long name;
 * asking for a name the command does not declare is a bug, and fails an
 * assert.
 */
#ifndef VS_ARGS_H
#define VS_ARGS_H

#include <stddef.h>

#include "error.h"
#include "render.h"

/* VS_OPT_STRINGS is a string option that may be given several times: every
 * value is kept (vs_arg_count, vs_arg_nth); vs_arg_str gives the last. */
enum vs_opt_type { VS_OPT_FLAG, VS_OPT_INT, VS_OPT_REAL, VS_OPT_STRING, VS_OPT_STRINGS };

typedef struct vs_opt {
    const char *name;       /* long name, without "--" */
    char short_name;        /* 'k' for -k, or 0 */
    enum vs_opt_type type;
    const char *arg_name;   /* the value in usage lines: "K", "N"; an option
                             * that takes one of a few values lists them
                             * joined by '|' ("sqrt|linear"), and FILE, F or
                             * DIR names a file or folder: completion
                             * (ui/lineedit.c) offers those values, or file
                             * names, and nothing else */
    const char *help;
} vs_opt;

typedef struct vs_cmd vs_cmd;

/* The value of one declared option on the line (the last, when given
 * twice). */
struct vs_optval {
    int set;
    long long i;            /* VS_OPT_INT */
    double d;               /* VS_OPT_REAL */
    const char *s;          /* the text given (borrowed from the line's words) */
};

/* One value of a repeatable option. */
struct vs_repval {
    size_t opt;             /* index in cmd->opts */
    const char *s;          /* borrowed from the line's words */
};

typedef struct vs_args {
    const vs_cmd *cmd;
    int argc;               /* positional arguments */
    char **argv;
    struct vs_optval *opt;  /* nopts, in the order of cmd->opts (xmalloc'd) */
    size_t nopts;
    struct vs_repval *rep;  /* the values of repeatable options, in order
                             * (nrep of them, room for caprep; xmalloc'd) */
    size_t nrep, caprep;
    enum vs_output output;  /* --tsv / --json on this command, else the default */
    const char *as;         /* NAME of a line ending in `as NAME` (cmd.c), which
                               keeps the command's vector, or NULL */
} vs_args;

/* Parses argv[0..argc), the words after the command's name, against c's
 * options into *a; --tsv and --json (any command) set a->output, which
 * starts as out. The positionals are moved to the front of argv, in order;
 * *a borrows argv and its words, so they must outlive it. An error is a
 * message naming the option and the command's usage; a->output still says
 * what came before it. Free *a with vs_args_free either way. */
int vs_args_parse(const vs_cmd *c, int argc, char **argv, enum vs_output out,
                  vs_args *a, vs_error *err);
void vs_args_free(vs_args *a);

/* Whether w is an option word (not "-", "+" or a negative number). */
int vs_arg_is_option(const char *w);

/* Whether the option word w of c takes its value as the next word (-k,
 * --restrict; not a flag, not --k=5 or -k5). */
int vs_opt_takes_value(const vs_cmd *c, const char *w);

/* The option of c named name (long name), or NULL. */
const vs_opt *vs_cmd_opt(const vs_cmd *c, const char *name);

/* Option values by long name. The name must be one of the command's
 * options: asking for another is an assertion failure. */
int vs_arg_set(const vs_args *a, const char *name);
long long vs_arg_int(const vs_args *a, const char *name, long long def);
/* An option that counts answers (-k): its value (or def), but at most max,
 * the model's words. No more answers exist, and the count sizes an
 * allocation, so `nn the -k 1000000000000000000` must not ask for exabytes
 * (found by tests/fuzz/fuzz_line). */
size_t vs_arg_at_most(const vs_args *a, const char *name, long long def, size_t max);
double vs_arg_real(const vs_args *a, const char *name, double def);
const char *vs_arg_str(const vs_args *a, const char *name, const char *def);

/* A repeatable option's values: how many were given, and the k-th of them
 * (NULL past the end). */
int vs_arg_count(const vs_args *a, const char *name);
const char *vs_arg_nth(const vs_args *a, const char *name, int k);

#endif
