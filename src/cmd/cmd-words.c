/*
 * cmd-words.c - `words REGEX`: the vocabulary's words that a regular
 * expression matches, with their ranks.
 */
#include "config.h"

#include <stdlib.h>

#include "cmd.h"
#include "vocabgrep.h"
#include "xalloc.h"

static const vs_opt words_opts[] = {
    {"limit", 0, VS_OPT_INT, "N", "list at most N words (default 100)"},
    {NULL, 0, 0, NULL, NULL}
};

static int exec_words(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *m = vs_session_model(s);
    size_t max = vs_arg_at_most(a, "limit", 100, m->n), nids, total, i;
    uint32_t *ids;

    if (vs_arg_int(a, "limit", 100) < 1)
        return vs_fail(err, "words: --limit must be at least 1");
    ids = xmallocarray(max ? max : 1, sizeof *ids);
    if (vs_vocab_grep(m->vocab, m->n, a->argv[0], max, ids, &nids, &total, err) < 0) {
        free(ids);
        return vs_fail_prefix(err, "words");
    }
    vs_result_title(r, "words of %s matching %s, with their ranks", m->name, a->argv[0]);
    r->kind = VS_RESULT_RANKED;
    r->score_name = "rank";
    r->whole_scores = 1;
    for (i = 0; i < nids; i++)
        vs_result_add_ranked(r, vs_vocab_word(m->vocab, ids[i]), (double)ids[i] + 1.0);
    if (total > nids)
        vs_result_note(r, "%zu of %zu matching words shown; --limit N shows more", nids, total);
    free(ids);
    return 0;
}

const vs_cmd vs_cmd_words = {
    .name = "words",
    .aliases = (const char *const[]){"grep", NULL},
    .usage = "words REGEX [--limit N]",
    .summary = "the vocabulary's words that a regular expression matches, with their ranks",
    .help = "Lists the words of the model that REGEX matches, in vocabulary order,\n"
            "each with its rank (1 = the first row: the most frequent word in most\n"
            "files). REGEX is a Perl-style pattern (PCRE2) in UTF-8 mode: it matches\n"
            "anywhere in the word unless ^ and $ anchor it; '.' is one character;\n"
            "\\w and \\p{L} take letters of every script; (?i) ignores case. A\n"
            "pattern with blanks goes in double quotes, and one that starts with\n"
            "'#' too (or write \\#). --limit N lists at most N words (default 100)\n"
            "and a note counts the rest.\n"
            "  words ^un.*able$      words (?i)^paris$      words \\p{Cyrillic}",
    .min_args = 1,
    .max_args = 1,
    .complete = "-",
    .opts = words_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_words,
};
