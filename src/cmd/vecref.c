/*
 * vecref.c - kept vectors and @ references (see vecref.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "format/vecfile.h"
#include "utf8.h"
#include "vecref.h"
#include "xalloc.h"

int vs_vecref_valid_name(const char *name)
{
    size_t i, n = strlen(name);
    char c = name[0];

    if (n == 0 || n > 64 || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
        return 0;
    for (i = 1; i < n; i++) {
        c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

static void kept_free(void *obj)
{
    vs_kept_vector *k = obj;

    free(k->v);
    free(k->model);
    free(k->source);
    free(k);
}

void vs_vecref_keep(vs_session *s, const char *name, const vs_result *r,
                    const char *model, const char *source)
{
    vs_kept_vector *k = xcalloc(1, sizeof *k);

    k->dim = r->dim;
    k->v = xmallocarray(r->dim ? r->dim : 1, sizeof *k->v);
    memcpy(k->v, r->vec, r->dim * sizeof *k->v);
    k->model = xstrdup(model ? model : "");
    k->source = xstrdup(source);
    vs_session_item_put(s, VS_VECTOR_KIND, name, k, kept_free);
}

const vs_kept_vector *vs_vecref_find(const vs_session *s, const char *name)
{
    return vs_session_item_find(s, VS_VECTOR_KIND, name);
}

void vs_vecrefs_free(vs_vecrefs *refs)
{
    size_t i;

    for (i = 0; i < refs->n; i++)
        free(refs->owned[i]);
    free(refs->owned);
    refs->owned = NULL;
    refs->n = 0;
}

/* A reference names a file when it holds a '.' or a '/'. */
static int names_file(const char *ref)
{
    return strchr(ref, '/') != NULL || strchr(ref, '.') != NULL;
}

/* Notes in r, once, that @name was made in another model. */
static void note_foreign(vs_result *r, const char *name, const vs_kept_vector *k,
                         const vs_model *m)
{
    char *note;
    size_t i;

    if (r == NULL || strcmp(k->model, m->name) == 0)
        return;
    note = xasprintf("warning: @%s was made in %s, not in %s; the two models' spaces are not "
                     "the same", name, k->model, m->name);
    for (i = 0; i < r->nnotes; i++)
        if (strcmp(r->notes[i], note) == 0)
            break;
    if (i == r->nnotes)
        vs_result_note(r, "%s", note);
    free(note);
}

int vs_vecref_resolve(const char *cmd, vs_session *s, const vs_model *m,
                      const char *word, vs_vecrefs *refs, const float **vec,
                      vs_result *r, vs_error *err)
{
    const char *ref = word + 1;
    const vs_kept_vector *k;
    char *shown;
    size_t dim;

    if (word[0] != '@' || ref[0] == '\0')
        return 0;
    if ((k = vs_vecref_find(s, ref)) != NULL) {
        if (k->dim != m->dim)
            return vs_fail(err, "%s: @%s has %zu numbers (made by '%s' in %s), but %s has %zu "
                           "dimensions; keep a vector of this model", cmd, ref, k->dim,
                           k->source, k->model, m->name, m->dim);
        note_foreign(r, ref, k, m);
        *vec = k->v;
        return 1;
    }
    if (names_file(ref)) {
        float *v;
        if (vs_vecfile_read(ref, &v, &dim, err) < 0)
            return vs_fail_prefix(err, "%s", cmd);
        if (dim != m->dim) {
            free(v);
            shown = vs_escape(ref, strlen(ref));
            vs_fail(err, "%s: the vector in %s has %zu numbers, but %s has %zu dimensions",
                    cmd, shown, dim, m->name, m->dim);
            free(shown);
            return -1;
        }
        refs->owned = xreallocarray(refs->owned, refs->n + 1, sizeof *refs->owned);
        refs->owned[refs->n++] = v;
        *vec = v;
        return 1;
    }
    if (m->vocab != NULL && vs_model_find(m, word) >= 0)
        return 0;
    shown = vs_escape(ref, strlen(ref));
    vs_fail(err, "%s: nothing is kept as '%s'; keep a vector with 'COMMAND ... as %s' "
            "(vec, embed, ctx), or name a file with a '.' or '/' in it ('vars' lists what "
            "is kept)", cmd, shown, shown);
    free(shown);
    return -1;
}

int vs_vecref_terms(const char *cmd, vs_session *s, const vs_model *m, vs_term *terms,
                    size_t n, vs_vecrefs *refs, vs_result *r, vs_error *err)
{
    size_t i;

    for (i = 0; i < n; i++) {
        const float *v = NULL;
        int rc = vs_vecref_resolve(cmd, s, m, terms[i].word, refs, &v, r, err);
        if (rc < 0)
            return -1;
        terms[i].vec = rc == 1 ? v : NULL;
    }
    return 0;
}

int vs_vecref_vector(const char *cmd, vs_session *s, vs_model *m, const char *item,
                     float *out, vs_result *r, vs_error *err)
{
    vs_vecrefs refs = {NULL, 0};
    const float *v = NULL;
    long id;
    int rc = vs_vecref_resolve(cmd, s, m, item, &refs, &v, r, err);

    if (rc == 1)
        memcpy(out, v, m->dim * sizeof *out);
    else if (rc == 0)
        rc = vs_word_vector(m, item, out, &id, err);
    vs_vecrefs_free(&refs);
    return rc < 0 ? -1 : 0;
}
