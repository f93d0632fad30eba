/*
 * cmd-vec.c - `vec WORD`: a word's vector; `vec A - B + C`: the vector nn
 * searches with for that query; `vec @NAME`: a kept vector.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "query.h"
#include "vecref.h"
#include "xalloc.h"

static int exec_vec(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *m = vs_session_model(s);
    vs_term *terms = xmallocarray((size_t)a->argc, sizeof *terms);
    float *v = xmallocarray(m->dim ? m->dim : 1, sizeof *v);
    vs_vecrefs refs = {NULL, 0};
    size_t nterms = 0;
    char *q = vs_join_words(a->argc, a->argv);
    long id;
    int rc = vs_query_parse(a->argc, a->argv, terms, &nterms, err);

    if (rc < 0)
        vs_fail_prefix(err, "vec");
    else
        rc = vs_vecref_terms("vec", s, m, terms, nterms, &refs, r, err);
    if (rc == 0 && nterms == 1 && terms[0].weight > 0) {
        /* one word: its row; one vector: itself */
        if (terms[0].vec != NULL) {
            memcpy(v, terms[0].vec, m->dim * sizeof *v);
            vs_result_title(r, "%s (%zu dimensions)", q, m->dim);
        } else if ((rc = vs_word_vector(m, q, v, &id, err)) == 0) {
            vs_result_title(r, "%s%s (%zu dimensions)", q,
                            id < 0 ? ", built from subwords" : "", m->dim);
        }
    } else if (rc == 0 && (rc = vs_query_vector(m, terms, nterms, v, NULL, err)) == 0) {
        vs_result_title(r, "%s: the unit mean of its terms' unit vectors, nn's query "
                           "(%zu dimensions)", q, m->dim);
    }
    if (rc == 0)
        vs_result_set_vector(r, q, v, m->dim);
    vs_vecrefs_free(&refs);
    free(q);
    free(v);
    free(terms);
    return rc;
}

const vs_cmd vs_cmd_vec = {
    .name = "vec",
    .aliases = (const char *const[]){"vector", NULL},
    .usage = "vec WORD | vec WORD + WORD - WORD | vec @NAME",
    .summary = "print the vector of a word, of a query, or a kept vector",
    .help = "Prints the word's vector. With --tsv: one line of numbers written with\n"
            "9 significant digits, which read back as the same float32 values.\n"
            "\n"
            "Words joined by ' + ' and ' - ' (king - man + woman) give the vector nn\n"
            "searches with for that query: the mean of the terms' unit vectors,\n"
            "made unit (gensim's most_similar). @NAME is a vector kept with 'as\n"
            "NAME', @FILE one read from a file, and either may be a term.\n"
            "'vec ... as NAME' keeps the vector for nn, sim and simmat (@NAME).",
    .min_args = 1,
    .max_args = -1,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_vec,
};
