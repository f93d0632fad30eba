/*
 * wordsim.c - `eval sim`: how well a model's cosine similarities follow
 * the human scores of a word-pair set (WordSim-353, SimLex-999), computed
 * as gensim 4.2's evaluate_word_pairs computes it (see eval.h).
 *
 * gensim details followed here (gensim/models/keyedvectors.py): the file is
 * read in text mode (universal newlines); '#' lines are comments; gensim
 * splits on the delimiter (tab) and needs three fields, the last a float;
 * here a line without a tab is split on whitespace instead, so
 * space-separated files work too. Words are matched through ok_vocab
 * (keymap.h); Pearson and Spearman (average ranks, stats.c) of the gold
 * scores against dot(unitvec(a), unitvec(b)).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "keymap.h"
#include "lines.h"
#include "xalloc.h"

void vs_sim_result_free(vs_sim_result *res)
{
    if (res == NULL)
        return;
    vs_eval_skips_free(&res->skips);
    memset(res, 0, sizeof *res);
}

/* Parses a whole token as a finite number. */
static int parse_score(const char *s, size_t len, double *out)
{
    char tmp[64], *e;

    if (len == 0 || len >= sizeof tmp)
        return -1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    errno = 0;
    *out = strtod(tmp, &e);
    if (*e != '\0' || errno == ERANGE || !isfinite(*out))
        return -1;
    return 0;
}

/* dot(unit(a), unit(b)) for rows a and b. */
static double row_cosine(const vs_model *m, const float *norms, uint32_t a, uint32_t b)
{
    const float *x = vs_model_row(m, a), *y = vs_model_row(m, b);
    double s = 0;
    size_t j;

    for (j = 0; j < m->dim; j++)
        s += (double)(x[j] / norms[a]) * (double)(y[j] / norms[b]);
    return s;
}

int vs_eval_sim(vs_model *m, const char *path, const vs_eval_opts *o,
                vs_sim_result *res, vs_error *err)
{
    char *buf = NULL;
    size_t len, nrows, line = 0, cap = 0, wellformed = 0;
    const char *p, *end;
    double *gold = NULL, *model = NULL;
    vs_eval_keymap km;
    const float *norms;
    int rc = -1;

    memset(res, 0, sizeof *res);
    if (vs_eval_begin(m, path, o, &buf, &len, &km, err) < 0)
        return -1;
    nrows = res->restrict_vocab = km.n;
    norms = vs_model_norms(m);
    for (p = buf, end = buf + len; p < end;) {
        /* universal newlines: \n, \r\n or \r ends a line */
        const char *le = p;
        vs_eval_span f[4];
        size_t nf = 0;
        double score;
        while (le < end && *le != '\n' && *le != '\r')
            le++;
        line++;
        if (p < le && *p == '#') {
            ; /* a comment */
        } else if (memchr(p, '\t', (size_t)(le - p)) != NULL) {
            /* tab-separated (gensim's delimiter): three fields */
            const char *s = p;
            for (;;) {
                const char *t = memchr(s, '\t', (size_t)(le - s));
                const char *fe = t ? t : le;
                if (nf < 4)
                    f[nf] = vs_eval_strip(s, (size_t)(fe - s));
                nf++;
                if (t == NULL)
                    break;
                s = t + 1;
            }
        } else {
            nf = vs_eval_split(p, (size_t)(le - p), f, 4);
        }
        if (p < le && *p == '#') {
            ;
        } else if (nf == 0 || (nf == 1 && f[0].len == 0)) {
            ; /* a blank line */
        } else if (nf != 3 || f[0].len == 0 || f[1].len == 0) {
            char *e = vs_eval_shown(p, (size_t)(le - p));
            vs_eval_skip(&res->skips, path, line,
                      "expected WORD1 WORD2 SCORE (tab- or space-separated), found \"%s\"", e);
            free(e);
        } else if (parse_score(f[2].s, f[2].len, &score) < 0) {
            char *e = vs_eval_shown(f[2].s, f[2].len);
            vs_eval_skip(&res->skips, path, line, "the score \"%s\" is not a number", e);
            free(e);
        } else {
            long ka = vs_eval_keymap_find(&km, f[0].s, f[0].len), kb = vs_eval_keymap_find(&km, f[1].s, f[1].len);
            wellformed++;
            if (ka < 0 || kb < 0) {
                res->oov++;
            } else {
                if (res->pairs == cap) {
                    cap = cap ? 2 * cap : 1024;
                    gold = xreallocarray(gold, cap, sizeof *gold);
                    model = xreallocarray(model, cap, sizeof *model);
                }
                gold[res->pairs] = score;
                model[res->pairs] = row_cosine(m, norms, km.row_of[ka], km.row_of[kb]);
                res->pairs++;
            }
        }
        /* past the line end: \r\n counts as one */
        if (le < end && *le == '\r' && le + 1 < end && le[1] == '\n')
            le++;
        p = le < end ? le + 1 : end;
        if ((line & 1023) == 0 &&
            vs_progress_step(o->progress, "evaluating word pairs", (double)(p - buf) / (double)len,
                             err) < 0)
            goto done;
    }
    vs_progress_done(o->progress);
    if (wellformed == 0) {
        vs_eval_fail_unusable(err, path, "no usable line: expected WORD1 WORD2 SCORE lines",
                              &res->skips);
        goto done;
    }
    if (res->pairs == 0) {
        vs_fail(err, "%s: all %zu pairs have a word outside the first %zu words of %s",
                path, res->oov, nrows, m->name);
        goto done;
    }
    res->pearson = vs_eval_pearson(gold, model, res->pairs);
    res->spearman = vs_eval_spearman(gold, model, res->pairs);
    if (!isfinite(res->pearson) || !isfinite(res->spearman)) {
        /* a correlation of one pair, or of scores that do not vary */
        vs_fail(err, "%s: %zu pair%s in the vocabulary of %s, %s: a correlation needs at "
                     "least two pairs whose scores differ (gold and model alike)",
                path, res->pairs, res->pairs == 1 ? "" : "s", m->name,
                res->pairs < 2 ? "too few" : "but their scores do not vary");
        goto done;
    }
    res->oov_fraction = (double)res->oov / (double)(res->pairs + res->oov);
    rc = 0;
done:
    if (rc != 0)
        vs_sim_result_free(res);
    vs_eval_keymap_free(&km);
    free(gold);
    free(model);
    free(buf);
    return rc;
}
