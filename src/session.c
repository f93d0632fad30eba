/*
 * session.c - the open models of one REPL, batch run or TUI. See session.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

    for (i = 0; i < s->nmodels; i++)
        vs_model_free(s->models[i]);
    free(s->models);
    s->models = NULL;
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

void vs_session_add(vs_session *s, vs_model *m)
{
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
    s->models[s->nmodels] = m;
    s->cur = (long)s->nmodels++;
}

int vs_session_close(vs_session *s, const char *name)
{
    size_t i;

    for (i = 0; i < s->nmodels; i++) {
        if (strcmp(s->models[i]->name, name) != 0)
            continue;
        vs_model_free(s->models[i]);
        memmove(s->models + i, s->models + i + 1,
                (s->nmodels - i - 1) * sizeof *s->models);
        s->nmodels--;
        if (s->cur == (long)i)
            s->cur = s->nmodels ? (long)s->nmodels - 1 : -1;
        else if (s->cur > (long)i)
            s->cur--;
        return 0;
    }
    return -1;
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
