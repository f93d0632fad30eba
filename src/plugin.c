/*
 * plugin.c - the plugin host. See plugin.h.
 *
 * "Run from the build tree" means /proc/self/exe lies under VS_BUILDDIR:
 * then the freshly built plugins (libtool keeps the .so in .libs/ beside
 * the .la) are found before any installed ones, so tests and uninstalled
 * runs never pick up a stale copy.
 */
#include "config.h"

#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugin.h"
#include "xalloc.h"

static vs_plugin *loaded;
static size_t nloaded;
static char **problems;
static size_t nproblems;
static int scanned;

int vs_plugin_open(const char *file, vs_plugin *p, vs_error *err)
{
    const struct vs_projector *(*entry)(void);
    const struct vs_projector *proj;
    struct stat st;
    void *h;
    const char *e;

    /* dlopen of a FIFO would wait for a writer, of a device read it */
    if (stat(file, &st) == 0 && !S_ISREG(st.st_mode))
        return vs_fail(err, "plugin %s: not a regular file, so not a plugin", file);
    dlerror();
    h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        e = dlerror();
        return vs_fail(err, "plugin %s: cannot load it: %s", file, e ? e : "unknown error");
    }
    *(void **)(&entry) = dlsym(h, VS_PLUGIN_ENTRY);
    if (entry == NULL) {
        e = dlerror();
        vs_fail(err, "plugin %s: no %s symbol, so it is not a vecscope plugin (%s)",
                file, VS_PLUGIN_ENTRY, e ? e : "symbol is NULL");
        dlclose(h);
        return -1;
    }
    proj = entry();
    if (proj == NULL) {
        vs_fail(err, "plugin %s: %s() returned NULL", file, VS_PLUGIN_ENTRY);
        dlclose(h);
        return -1;
    }
    if (proj->abi != VS_PLUGIN_ABI) {
        vs_fail(err, "plugin %s: built for plugin ABI %d, but this vecscope speaks ABI %d; "
                "rebuild it against this vecscope's vecscope-plugin.h",
                file, proj->abi, VS_PLUGIN_ABI);
        dlclose(h);
        return -1;
    }
    if (proj->name == NULL || proj->name[0] == '\0' || proj->run == NULL) {
        vs_fail(err, "plugin %s: its projector has no name or no run function", file);
        dlclose(h);
        return -1;
    }
    p->file = xstrdup(file);
    p->handle = h;
    p->proj = proj;
    return 0;
}

void vs_plugin_close(vs_plugin *p)
{
    if (p == NULL)
        return;
    if (p->handle != NULL)
        dlclose(p->handle);
    free(p->file);
    p->file = NULL;
    p->handle = NULL;
    p->proj = NULL;
}

/* Appends a copy of s to the NULL-terminated list *v (*n entries). */
static void push(char ***v, size_t *n, const char *s)
{
    *v = xreallocarray(*v, *n + 2, sizeof **v);
    (*v)[(*n)++] = xstrdup(s);
    (*v)[*n] = NULL;
}

/* Is this program running from inside the build tree? */
static int run_uninstalled(void)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    size_t blen = strlen(VS_BUILDDIR);

    if (len <= 0)
        return 0;
    exe[len] = '\0';
    return strncmp(exe, VS_BUILDDIR, blen) == 0 && exe[blen] == '/';
}

char **vs_plugin_dirs(void)
{
    char **dirs = NULL;
    size_t n = 0;
    const char *env = getenv("VECSCOPE_PLUGIN_PATH");

    if (run_uninstalled()) {
        /* each plugins/<name>/.libs of the build tree */
        char path[PATH_MAX];
        struct dirent **ents;
        int ne, i;

        snprintf(path, sizeof path, "%s/plugins", VS_BUILDDIR);
        ne = scandir(path, &ents, NULL, alphasort);
        for (i = 0; i < ne; i++) {
            struct stat st;
            if (ents[i]->d_name[0] != '.') {
                snprintf(path, sizeof path, "%s/plugins/%s/.libs", VS_BUILDDIR,
                         ents[i]->d_name);
                if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
                    push(&dirs, &n, path);
            }
            free(ents[i]);
        }
        if (ne >= 0)
            free(ents);
    }
    if (env != NULL) {
        /* colon-separated; empty entries (which would mean ".") are skipped */
        const char *s = env;
        while (*s) {
            size_t len = strcspn(s, ":");
            if (len > 0 && s[0] == '/') {
                char *d = xstrndup(s, len);
                push(&dirs, &n, d);
                free(d);
            }
            s += len;
            if (*s == ':')
                s++;
        }
    }
    push(&dirs, &n, VS_PKGLIBDIR "/plugins");
    return dirs;
}

void vs_plugin_dirs_free(char **dirs)
{
    size_t i;

    if (dirs == NULL)
        return;
    for (i = 0; dirs[i] != NULL; i++)
        free(dirs[i]);
    free(dirs);
}

static int is_so(const struct dirent *e)
{
    size_t len = strlen(e->d_name);

    return e->d_name[0] != '.' && len > 3 && strcmp(e->d_name + len - 3, ".so") == 0;
}

static const vs_plugin *find_loaded(const char *name)
{
    size_t i;

    for (i = 0; i < nloaded; i++)
        if (strcmp(loaded[i].proj->name, name) == 0)
            return &loaded[i];
    return NULL;
}

static void scan(void)
{
    char **dirs = vs_plugin_dirs();
    size_t i;
    vs_error err;

    for (i = 0; dirs[i] != NULL; i++) {
        struct dirent **ents;
        int ne = scandir(dirs[i], &ents, is_so, alphasort), j;

        for (j = 0; j < ne; j++) {
            char path[PATH_MAX];
            vs_plugin p;
            snprintf(path, sizeof path, "%s/%s", dirs[i], ents[j]->d_name);
            free(ents[j]);
            if (vs_plugin_open(path, &p, &err) < 0) {
                push(&problems, &nproblems, err.msg);
                continue;
            }
            if (find_loaded(p.proj->name) != NULL) {
                vs_plugin_close(&p);  /* an earlier folder wins */
                continue;
            }
            loaded = xreallocarray(loaded, nloaded + 1, sizeof *loaded);
            loaded[nloaded++] = p;
        }
        if (ne >= 0)
            free(ents);
    }
    vs_plugin_dirs_free(dirs);
    scanned = 1;
}

const vs_plugin *vs_plugins(size_t *n, const char *const **probs, size_t *nprobs)
{
    if (!scanned)
        scan();
    *n = nloaded;
    if (probs != NULL)
        *probs = (const char *const *)problems;
    if (nprobs != NULL)
        *nprobs = nproblems;
    return loaded;
}

const vs_plugin *vs_plugin_find(const char *name, vs_error *err)
{
    size_t n, np, i, len;
    const char *const *probs;
    const vs_plugin *p = vs_plugins(&n, &probs, &np);
    const vs_plugin *hit = find_loaded(name);

    (void)p;
    if (hit != NULL)
        return hit;
    len = (size_t)snprintf(err->msg, sizeof err->msg,
                           "no plugin named \"%s\" (loaded: ", name);
    for (i = 0; i < n && len < sizeof err->msg; i++)
        len += (size_t)snprintf(err->msg + len, sizeof err->msg - len, "%s%s",
                                i ? ", " : "", loaded[i].proj->name);
    if (len < sizeof err->msg)
        len += (size_t)snprintf(err->msg + len, sizeof err->msg - len, "%s)",
                                n ? "" : "none");
    for (i = 0; i < np && len < sizeof err->msg; i++)
        len += (size_t)snprintf(err->msg + len, sizeof err->msg - len, "; %s",
                                problems[i]);
    return NULL;
}

void vs_plugins_reset(void)
{
    size_t i;

    for (i = 0; i < nloaded; i++)
        vs_plugin_close(&loaded[i]);
    free(loaded);
    for (i = 0; i < nproblems; i++)
        free(problems[i]);
    free(problems);
    loaded = NULL;
    problems = NULL;
    nloaded = nproblems = 0;
    scanned = 0;
}

/* The plugin's progress callback, forwarded to the host's; nonzero = stop. */
static int forward_step(void *ud, const char *what, double fraction)
{
    vs_error e;

    return vs_progress_step(ud, what, fraction, &e) < 0;
}

int vs_plugin_project(const vs_plugin *p, const float *X, size_t n, size_t d,
                      int dims, const struct vs_param_value *vals, float *Y,
                      struct vs_plugin_result *res, const vs_progress *prog,
                      vs_error *err)
{
    const struct vs_param *par = p->proj->params;
    struct vs_param_value *defaults = NULL;
    struct vs_plugin_progress pp = {forward_step, (void *)prog};
    struct vs_plugin_result mine;
    size_t np = 0, i;
    int rc;

    if (vals == NULL) {
        while (par != NULL && par[np].name != NULL)
            np++;
        vals = defaults = xcalloc(np + 1, sizeof *defaults);
    }
    memset(&mine, 0, sizeof mine);
    if (res != NULL) {
        for (i = 0; i < (size_t)dims && res->info != NULL; i++)
            res->info[i] = NAN;
        res->nfigures = 0;
        mine = *res;
        if (p->proj->info_name == NULL)
            mine.info = NULL;
    }
    err->msg[0] = '\0';
    rc = p->proj->run(X, n, d, dims, vals, &pp, Y, &mine, err->msg, sizeof err->msg);
    vs_progress_done(prog);
    free(defaults);
    if (rc != 0) {
        if (err->msg[0] == '\0')
            vs_fail(err, "plugin %s failed without saying why", p->proj->name);
        return -1;
    }
    if (res != NULL)
        res->nfigures = mine.nfigures < mine.max_figures ? mine.nfigures : mine.max_figures;
    return 0;
}

int vs_plugin_figure(const struct vs_plugin_result *res, const char *name,
                     double *value)
{
    size_t i;

    for (i = 0; res != NULL && i < res->nfigures; i++)
        if (res->figures[i].name != NULL && strcmp(res->figures[i].name, name) == 0) {
            *value = res->figures[i].value;
            return 0;
        }
    return -1;
}
