/*
 * plugin.h - the plugin host: finds projection plugins, loads them, checks
 * their ABI version and runs them (the ABI is plugins/vecscope-plugin.h).
 *
 * Plugins are searched, in order, in the build tree when this program runs
 * from it (VS_BUILDDIR/plugins/<name>/.libs), in each folder of
 * $VECSCOPE_PLUGIN_PATH (colon-separated), and in VS_PKGLIBDIR/plugins; never
 * in the current directory. The first plugin of a name wins. The registry is
 * loaded once per process, on first use.
 */
#ifndef VS_PLUGIN_H
#define VS_PLUGIN_H

#include <stddef.h>

#include "error.h"
#include "progress.h"
#include "vecscope-plugin.h"

typedef struct vs_plugin {
    char *file;                      /* the shared object's path */
    void *handle;                    /* from dlopen */
    const struct vs_projector *proj; /* borrowed from the plugin */
} vs_plugin;

/* Opens one plugin file: dlopen(RTLD_NOW | RTLD_LOCAL), the entry symbol,
 * the ABI check. On error nothing stays loaded. */
int vs_plugin_open(const char *file, vs_plugin *p, vs_error *err);
void vs_plugin_close(vs_plugin *p);

/* The folders searched, in order (NULL-terminated, xmalloc'd with its
 * strings; free with vs_plugin_dirs_free). */
char **vs_plugin_dirs(void);
void vs_plugin_dirs_free(char **dirs);

/* Every loaded plugin (borrowed, *n of them), loading them on first use.
 * problems (may be NULL) gets the messages of files that were refused
 * (borrowed, *nproblems of them). */
const vs_plugin *vs_plugins(size_t *n, const char *const **problems,
                            size_t *nproblems);

/* The plugin named name, or an error listing the ones there are and why
 * any were refused. */
const vs_plugin *vs_plugin_find(const char *name, vs_error *err);

/* Unloads everything, so the next vs_plugins searches again (tests). */
void vs_plugins_reset(void);

/* Runs a projector: X (n, d) -> Y (n, dims). res may be NULL; else
 * res->info (dims doubles, or NULL) gets the per-dimension numbers when the
 * projector has any (else NaN), and res->figures (room for
 * res->max_figures) its final figures, res->nfigures of them. vals has one
 * entry per parameter of the projector, in its order, or is NULL for the
 * defaults; progress may be NULL; Ctrl-C cancels. */
int vs_plugin_project(const vs_plugin *p, const float *X, size_t n, size_t d,
                      int dims, const struct vs_param_value *vals, float *Y,
                      struct vs_plugin_result *res, const vs_progress *prog,
                      vs_error *err);

/* The value of the figure called name in res, into *value; -1 when the run
 * reported none of that name. */
int vs_plugin_figure(const struct vs_plugin_result *res, const char *name,
                     double *value);

#endif
