/*
 * session.h - what stays between commands: the open models, which one is in
 * use, and settings. The REPL, batch mode and the TUI each hold one.
 */
#ifndef VS_SESSION_H
#define VS_SESSION_H

#include <stddef.h>

#include "model.h"
#include "progress.h"
#include "utf8.h"

/* Something a command keeps between commands under a name, such as a
 * trained probe. The session owns obj and frees it with free_fn; what obj
 * is, the layer above that made it knows (kind tells the kinds apart). */
typedef struct vs_session_item {
    const char *kind;      /* a static string: "probe" */
    char *name;
    void *obj;
    void (*free_fn)(void *obj);
} vs_session_item;

typedef struct vs_session {
    vs_model **models;     /* open models, in the order opened */
    int *guards;           /* each model's file, protected from being written
                              over while it is open (vs_afile_protect) */
    size_t nmodels;
    long cur;              /* index of the model in use, -1 if none */
    int threads;           /* threads for BLAS and loaders */
    enum vs_encoding_errors encoding_errors;  /* default for load */
    const char *format;    /* default --format for load, or NULL */
    const char *precision; /* default --precision for load (an encoder's
                              Linear layers: "f32", "bf16", "int8"), or
                              NULL: f32 */
    const vs_progress *progress;
    int interactive;       /* stdin is a terminal (REPL) */
    int quit;              /* set by `quit`: the front end stops */
    int open_tui;          /* set by `tui` at the prompt: the REPL opens the
                              full-screen interface (ui/) */
    int in_tui;            /* the full-screen interface is running */
    vs_session_item *items;  /* named things kept between commands, in the
                                order made */
    size_t nitems;
} vs_session;

void vs_session_init(vs_session *s);
/* Closes every model and frees every item. */
void vs_session_free(vs_session *s);

/* The model in use, or NULL. */
vs_model *vs_session_model(const vs_session *s);
/* The open model called name, or NULL. */
vs_model *vs_session_find(const vs_session *s, const char *name);
/* The open model called name, or else the only one whose name starts with
 * name (as commands take a unique prefix); NULL with a message naming cmd
 * when none is, or listing the candidates when several are. */
vs_model *vs_session_lookup(const vs_session *s, const char *cmd, const char *name,
                            vs_error *err);
/* Adds a model (taking ownership) and makes it current. If its name is taken
 * it gets a suffix (name-2, name-3, ...). While it is open, the file it was
 * read from cannot be written over by vecscope (save, train, --out). */
void vs_session_add(vs_session *s, vs_model *m);
/* Closes the model called name; returns -1 if there is none. */
int vs_session_close(vs_session *s, const char *name);

/* Closes every model whose mapped file changed size on disk while in use
 * (filemap.h) and returns -1 with a message naming the files and the
 * models; 0 when nothing changed. */
int vs_session_reap_damaged(vs_session *s, vs_error *err);

/* The object kept as (kind, name), or NULL. */
void *vs_session_item_find(const vs_session *s, const char *kind, const char *name);
/* Keeps obj as (kind, name), taking ownership. An item already kept under
 * that name is freed and replaced: the return is then 1, else 0. */
int vs_session_item_put(vs_session *s, const char *kind, const char *name, void *obj,
                        void (*free_fn)(void *obj));
/* Frees the item (kind, name); -1 if there is none. */
int vs_session_item_drop(vs_session *s, const char *kind, const char *name);

#endif
