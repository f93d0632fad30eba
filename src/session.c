/*
 * session.c - the open models of one REPL, batch run or TUI. See session.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "filemap.h"
#include "session.h"
#include "xalloc.h"

void vs_session_init(vs_session *s)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    memset(s, 0, sizeof *s);
    s->cur = -1;
    s->threads = n > 0 ? (int)n : 1;
    s->encoding_errors = VS_ENC_STRICT;
}

void vs_session_free(vs_session *s)
{
    size_t i;

    for (i = 0; i < s->nmodels; i++) {
        vs_afile_unprotect(s->guards[i]);
        vs_model_free(s->models[i]);
    }
    free(s->models);
    free(s->guards);
    s->models = NULL;
    s->guards = NULL;
    s->nmodels = 0;
    s->cur = -1;
    for (i = 0; i < s->nitems; i++) {
        s->items[i].free_fn(s->items[i].obj);
        free(s->items[i].name);
    }
    free(s->items);
    s->items = NULL;
    s->nitems = 0;
}

vs_model *vs_session_model(const vs_session *s)
{
    return s->cur >= 0 ? s->models[s->cur] : NULL;
}

vs_model *vs_session_find(const vs_session *s, const char *name)
{
    size_t i;

    for (i = 0; i < s->nmodels; i++)
        if (strcmp(s->models[i]->name, name) == 0)
            return s->models[i];
    return NULL;
}

vs_model *vs_session_lookup(const vs_session *s, const char *cmd, const char *name,
                            vs_error *err)
{
    size_t i, len = strlen(name), nfound = 0;
    vs_model *m = vs_session_find(s, name), *found = NULL;
    char list[512] = "";

    if (m != NULL)
        return m;
    for (i = 0; i < s->nmodels; i++)
        if (len > 0 && strncmp(s->models[i]->name, name, len) == 0) {
            found = s->models[i];
            nfound++;
            strncat(list, nfound > 1 ? ", " : "", sizeof list - strlen(list) - 1);
            strncat(list, found->name, sizeof list - strlen(list) - 1);
        }
    if (nfound == 1)
        return found;
    if (nfound > 1)
        vs_fail(err, "%s: '%s' could be any of %s; give more of the name", cmd, name, list);
    else
        vs_fail(err, "%s: no open model is called '%s'; 'models' lists them", cmd, name);
    return NULL;
}

void vs_session_add(vs_session *s, vs_model *m)
{
    char *why;

    if (vs_session_find(s, m->name) != NULL) {
        char *base = xstrdup(m->name), *name = NULL;
        int k;
        for (k = 2;; k++) {
            free(name);
            name = xasprintf("%s-%d", base, k);
            if (vs_session_find(s, name) == NULL)
                break;
        }
        vs_model_set_name(m, name);
        free(name);
        free(base);
    }
    s->models = xreallocarray(s->models, s->nmodels + 1, sizeof *s->models);
    s->guards = xreallocarray(s->guards, s->nmodels + 1, sizeof *s->guards);
    s->models[s->nmodels] = m;
    why = xasprintf("the file model '%s' was read from", m->name);
    s->guards[s->nmodels] = m->path != NULL ? vs_afile_protect(m->path, why) : -1;
    free(why);
    s->cur = (long)s->nmodels++;
}

int vs_session_close(vs_session *s, const char *name)
{
    size_t i;

    for (i = 0; i < s->nmodels; i++) {
        if (strcmp(s->models[i]->name, name) != 0)
            continue;
        vs_afile_unprotect(s->guards[i]);
        vs_model_free(s->models[i]);
        memmove(s->models + i, s->models + i + 1,
                (s->nmodels - i - 1) * sizeof *s->models);
        memmove(s->guards + i, s->guards + i + 1, (s->nmodels - i - 1) * sizeof *s->guards);
        s->nmodels--;
        if (s->cur == (long)i)
            s->cur = s->nmodels ? (long)s->nmodels - 1 : -1;
        else if (s->cur > (long)i)
            s->cur--;
        return 0;
    }
    return -1;
}

/* Whether model m was read from path: path is its file, or a file in its
 * folder (an encoder's weights). */
static int reads(const vs_model *m, const char *path)
{
    size_t n;

    if (m->path == NULL)
        return 0;
    n = strlen(m->path);
    return strncmp(path, m->path, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

int vs_session_reap_damaged(vs_session *s, vs_error *err)
{
    char *path, *names = NULL;
    int found = 0;

    while ((path = vs_filemap_take_damaged()) != NULL) {
        size_t i = 0;
        while (i < s->nmodels) {
            if (reads(s->models[i], path)) {
                char *more = xasprintf("%s%s'%s'", names ? names : "", names ? ", " : "",
                                       s->models[i]->name);
                free(names);
                names = more;
                vs_session_close(s, s->models[i]->name);
            } else {
                i++;
            }
        }
        if (!found)
            vs_fail(err, "%s changed size on disk while it was in use (another program "
                         "truncated or rewrote it), so this answer is not shown", path);
        found = 1;
        free(path);
    }
    if (found && names != NULL) {
        char *msg = xasprintf("%s; closed model %s: load it again", err->msg, names);
        vs_fail(err, "%s", msg);
        free(msg);
    }
    free(names);
    return found ? -1 : 0;
}

static vs_session_item *item_find(const vs_session *s, const char *kind, const char *name)
{
    size_t i;

    for (i = 0; i < s->nitems; i++)
        if (strcmp(s->items[i].kind, kind) == 0 && strcmp(s->items[i].name, name) == 0)
            return &s->items[i];
    return NULL;
}

void *vs_session_item_find(const vs_session *s, const char *kind, const char *name)
{
    vs_session_item *it = item_find(s, kind, name);

    return it != NULL ? it->obj : NULL;
}

int vs_session_item_put(vs_session *s, const char *kind, const char *name, void *obj,
                        void (*free_fn)(void *obj))
{
    vs_session_item *it = item_find(s, kind, name);

    if (it != NULL) {
        it->free_fn(it->obj);
        it->obj = obj;
        it->free_fn = free_fn;
        return 1;
    }
    s->items = xreallocarray(s->items, s->nitems + 1, sizeof *s->items);
    it = &s->items[s->nitems++];
    it->kind = kind;
    it->name = xstrdup(name);
    it->obj = obj;
    it->free_fn = free_fn;
    return 0;
}

int vs_session_item_drop(vs_session *s, const char *kind, const char *name)
{
    vs_session_item *it = item_find(s, kind, name);
    size_t i;

    if (it == NULL)
        return -1;
    i = (size_t)(it - s->items);
    it->free_fn(it->obj);
    free(it->name);
    memmove(s->items + i, s->items + i + 1, (s->nitems - i - 1) * sizeof *s->items);
    s->nitems--;
    return 0;
}
