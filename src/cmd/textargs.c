/*
 * textargs.c - what the encoder commands share on their command line: the
 * text after the options, "TEXT1 ||| TEXT2" pairs, --pool and --layer (see
 * textargs.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "textargs.h"
#include "xalloc.h"

char *vs_bert_text(const vs_args *a, int first)
{
    return vs_join_words(a->argc - first, a->argv + first);
}

/* Trims blanks at both ends of s in place. */
static char *trim(char *s)
{
    char *e;

    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        *--e = '\0';
    return s;
}

int vs_bert_split_pair(const char *cmd, char *text, char **a, char **b,
                       vs_error *err)
{
    char *bar = strstr(text, "|||");

    if (bar == NULL)
        return vs_fail(err, "%s: write the two texts as TEXT1 ||| TEXT2", cmd);
    if (strstr(bar + 3, "|||") != NULL)
        return vs_fail(err, "%s: '|||' separates two texts, and this line has more than "
                            "two; write TEXT1 ||| TEXT2", cmd);
    *bar = '\0';
    *a = trim(text);
    *b = trim(bar + 3);
    if (**a == '\0' || **b == '\0')
        return vs_fail(err, "%s: a text on each side of '|||', please", cmd);
    return 0;
}

const vs_opt vs_bert_pool_opts[] = {
    {"pool", 0, VS_OPT_STRING, "mean|cls|pooler", "how tokens become one vector (mean)"},
    {"layer", 0, VS_OPT_INT, "L", "hidden state L (0 = embeddings; default the last)"},
    {NULL, 0, 0, NULL, NULL}
};

int vs_bert_pool_args(const char *cmd, const vs_args *a, const vs_model *m,
                     const char **pool, size_t *layer, vs_error *err)
{
    size_t L = vs_bert_of(m)->enc->cfg.layers;

    *pool = vs_arg_str(a, "pool", "mean");
    *layer = (size_t)vs_arg_int(a, "layer", (long long)L);
    if (strcmp(*pool, "mean") != 0 && strcmp(*pool, "cls") != 0 &&
        strcmp(*pool, "pooler") != 0)
        return vs_fail(err, "%s: --pool is mean, cls or pooler, not '%s'", cmd, *pool);
    if (*layer > L)
        return vs_fail(err, "%s: --layer is 0 (the embeddings) to %zu, not %zu", cmd, L,
                       *layer);
    if (strcmp(*pool, "pooler") == 0 && *layer != L)
        return vs_fail(err, "%s: the pooler reads the last layer only (%zu)", cmd, L);
    return 0;
}
