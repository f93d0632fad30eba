/*
 * cmd.h - the command table.
 *
 * Every command is one `const vs_cmd` in its own file src/cmd/cmd-<verb>.c, listed
 * once in the table in cmd.c. The REPL, batch mode and the TUI dispatch through
 * vs_cmd_run; help, completion and the man-page check read the same table.
 * Arguments are parsed once, against the command's option list, before exec
 * runs (args.h); exec fills a vs_result and never prints.
 */
#ifndef VS_CMD_H
#define VS_CMD_H

#include "args.h"
#include "error.h"
#include "knn.h"
#include "render.h"
#include "result.h"
#include "session.h"

enum {
    VS_CMD_NEEDS_MODEL = 1 << 0,  /* fails without an open model */
    VS_CMD_NEEDS_BERT = 1 << 2,   /* needs a BERT model (load DIR) */
    VS_CMD_OWN_AS = 1 << 3        /* reads a final `as NAME` itself, as a name
                                     for what it makes (load: a model, probe:
                                     a probe); for every other command,
                                     `as NAME` keeps the vector it gives
                                     (vecref.h) */
};

struct vs_cmd {
    const char *name;
    const char *const *aliases;  /* NULL-terminated, or NULL */
    const char *usage;           /* "nn QUERY [-k K] [--restrict N]" */
    const char *summary;         /* one line for `help` */
    const char *help;            /* paragraphs for `help CMD` */
    int min_args, max_args;      /* positional; max -1 = unlimited */
    const vs_opt *opts;          /* terminated by a zero entry; may be NULL */
    /* What Tab completion offers for the positional arguments: a word per
     * argument, separated by blanks, the last standing for the rest too:
     * a|b|c (those values), FILE (file names), MODEL (the open models'
     * names), COMMAND (the commands), - (nothing). NULL: the current
     * model's words. */
    const char *complete;
    /* 0, or for a command that takes text (the encoder commands): 1 + the
     * index of the positional where the text begins. That positional is
     * then the rest of the line after the options, exactly as typed
     * (quotes, '#', tabs and runs of blanks kept), one argument. */
    int text_from;
    unsigned flags;
    int (*exec)(vs_session *s, const vs_args *a, vs_result *r, vs_error *err);
};

/* The table, NULL-terminated, in the order `help` lists it. */
extern const vs_cmd *const vs_cmd_table[];

/* Finds a command by name, alias, or unique prefix. An unknown or ambiguous
 * name is an error listing what it could be. */
const vs_cmd *vs_cmd_lookup(const char *name, vs_error *err);

/* Splits a line into words: blanks separate, double quotes group (with \" and
 * \\ inside), '#' at the start of a word begins a comment. *argv is
 * xmalloc'd with its strings; free with vs_argv_free. */
int vs_split_words(const char *line, int *argc, char ***argv, vs_error *err);
void vs_argv_free(int argc, char **argv);

/* Splits a -c string on ';' (and newlines) outside quotes into commands; a
 * '\;' is a ';' inside its command (the text of an encoder command). *cmds is
 * NULL-terminated; free with vs_argv_free(n, cmds). */
int vs_split_commands(const char *text, int *n, char ***cmds, vs_error *err);

/* Runs one command line. `out` is the default output mode (the program's
 * --tsv/--json); the line may override it, and *mode gets the mode in effect.
 * An empty or comment-only line succeeds with an empty result. A line that
 * ends in `as NAME` (both words unquoted) keeps the command's vector under
 * NAME, and its result is a note saying so; a command whose result is not a
 * vector fails (unless it is VS_CMD_OWN_AS). The command sees NAME as
 * a->as, so that one that can give a vector or something else (ctx) gives
 * the vector. */
int vs_cmd_run(vs_session *s, const char *line, enum vs_output out,
               enum vs_output *mode, vs_result *r, vs_error *err);

/* Parses an --encoding-errors value (strict, replace, ignore). */
int vs_parse_encoding_errors(const char *s, enum vs_encoding_errors *e,
                             vs_error *err);

/* The positionals argv[0..argc) joined by single spaces (xmalloc'd): the
 * text of a query or of a sentence, as the user typed it less extra blanks. */
char *vs_join_words(int argc, char *const *argv);

/* Turns k-NN hits into a ranked result (scores named "cosine"). */
void vs_hits_to_result(const vs_model *m, const vs_hit *hits, size_t n,
                       vs_result *r);

/* The commands, one per file src/cmd/cmd-<name>.c. */
extern const vs_cmd vs_cmd_align, vs_cmd_analogy, vs_cmd_answer, vs_cmd_attn,
    vs_cmd_classify, vs_cmd_close, vs_cmd_cluster, vs_cmd_compare, vs_cmd_ctx,
    vs_cmd_ctxsim, vs_cmd_distill, vs_cmd_embed, vs_cmd_eval, vs_cmd_export, vs_cmd_fill,
    vs_cmd_help, vs_cmd_info, vs_cmd_load, vs_cmd_models, vs_cmd_nn, vs_cmd_nsp,
    vs_cmd_odd, vs_cmd_overlap, vs_cmd_pca, vs_cmd_plugins, vs_cmd_probe, vs_cmd_quit,
    vs_cmd_record, vs_cmd_save, vs_cmd_sim, vs_cmd_simmat, vs_cmd_ssim, vs_cmd_tag,
    vs_cmd_tokenize, vs_cmd_train, vs_cmd_tsne, vs_cmd_tui, vs_cmd_umap, vs_cmd_use,
    vs_cmd_vars, vs_cmd_vec, vs_cmd_words;

#endif
