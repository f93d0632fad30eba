/*
 * textargs.c - what the encoder commands share on their command line: the
 * text after the options, "TEXT1 ||| TEXT2" pairs, --pool and --layer (see
 * textargs.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "textargs.h"
#include "utf8.h"
#include "xalloc.h"

char *vs_bert_text(const vs_args *a, int first)
{
    return vs_join_words(a->argc - first, a->argv + first);
}

char *vs_bert_text_utf8(const vs_args *a, int first)
{
    char *text = vs_bert_text(a, first), *fixed;
    size_t len = strlen(text);

    if (vs_utf8_valid_prefix(text, len) == len)
        return text;
    fixed = xmalloc(3 * len + 1);
    fixed[vs_utf8_repair(text, len, fixed, 1)] = '\0';
    free(text);
    return fixed;
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
    VS_BERT_POOL_OPTS,
    {NULL, 0, 0, NULL, NULL}
};

int vs_bert_pool_args(const char *cmd, const vs_args *a, const vs_model *m,
                      vs_pooling *pool, size_t *layer, vs_error *err)
{
    const vs_bert_model *bm = vs_bert_of(m);
    size_t L = bm->enc->cfg.layers;
    const char *name = vs_arg_str(a, "pool", "model");

    *layer = (size_t)vs_arg_int(a, "layer", (long long)L);
    if (strcmp(name, "model") == 0) {
        if (bm->is_st && bm->st.unsupported != NULL)
            return vs_fail(err, "%s: %s, so %s cannot pool as the model does; "
                           "choose a pooling with --pool (mean, cls, ...)", cmd,
                           bm->st.unsupported, m->name);
        *pool = bm->pool;
    } else {
        pool->normalize = 0;
        pool->max_tokens = 0;
        if (vs_pooling_parse(name, pool) < 0)
            return vs_fail(err, "%s: --pool is model, mean, cls, max, "
                           "mean-sqrt-len, weightedmean, lasttoken, pooler or "
                           "modes joined by '+' (cls+mean), not '%s'", cmd, name);
    }
    if (*layer > L)
        return vs_fail(err, "%s: --layer is 0 (the embeddings) to %zu, not %zu", cmd, L,
                       *layer);
    if (pool->modes == VS_POOL_POOLER && *layer != L)
        return vs_fail(err, "%s: the pooler reads the last layer only (%zu)", cmd, L);
    if (pool->modes == VS_POOL_POOLER && bm->enc->pool_w == NULL)
        return vs_fail(err, "%s: %s has no pooler%s", cmd, m->name,
                       bm->enc->fam->pooler == NULL ? " (none in its family)" : "");
    return 0;
}
