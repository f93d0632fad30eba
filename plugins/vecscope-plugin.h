/*
 * vecscope-plugin.h - the projection plugin ABI of vecscope. This is the only
 * header a plugin includes; it needs nothing but the C standard library.
 *
 * A plugin is a shared object (a libtool -module) that exports one symbol,
 *
 *     const struct vs_projector *vs_projector_entry(void);
 *
 * returning a static description of one projector: the ABI version it was
 * built for, a name ("pca"), a one-line help, its parameters, and run().
 * The host (vecscope) dlopens the file with RTLD_NOW | RTLD_LOCAL, calls
 * vs_projector_entry, and refuses the plugin when abi != VS_PLUGIN_ABI.
 *
 * Rules for run():
 *   - X, params and progress are borrowed: read them, never keep or free them.
 *   - Y (n x out_dims, row-major) and result (and the arrays it points to)
 *     belong to the host; run() writes them and nothing else.
 *   - Numbers about the whole run (how many iterations, the final value of
 *     the objective) go into result as named figures, never into a progress
 *     label: labels are for people to watch.
 *   - run() never prints and never exits. On failure it writes a one-line
 *     message (no trailing period or newline) into err (errlen bytes,
 *     NUL-terminated) and returns -1.
 *   - Long work calls progress->step now and then (progress may be NULL);
 *     a nonzero answer means the user cancelled: stop, write "interrupted"
 *     into err and return -1.
 *   - A plugin must be reentrant: no global state that outlives a call.
 */
#ifndef VECSCOPE_PLUGIN_H
#define VECSCOPE_PLUGIN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Raised whenever a struct below changes its layout or meaning. */
#define VS_PLUGIN_ABI 2

/* The name of the exported entry symbol, for hosts that look it up. */
#define VS_PLUGIN_ENTRY "vs_projector_entry"

enum vs_param_type { VS_PARAM_INT, VS_PARAM_REAL, VS_PARAM_STRING };

/* One parameter a projector takes ("perplexity"); the list ends with a
 * zero entry (name NULL). */
struct vs_param {
    const char *name;
    enum vs_param_type type;
    const char *def;    /* the default, as text ("30"), for help */
    const char *help;
};

/* The value of params[i] for a call: one entry per vs_param, same order.
 * set is 0 when the user gave none (then the projector uses its default). */
struct vs_param_value {
    int set;
    long long i;        /* VS_PARAM_INT */
    double d;           /* VS_PARAM_REAL */
    const char *s;      /* VS_PARAM_STRING (borrowed) */
};

/* Progress report: what = a short label, fraction in [0, 1]. Returns
 * nonzero when the work should stop. */
struct vs_plugin_progress {
    int (*step)(void *ud, const char *what, double fraction);
    void *ud;
};

/* A number about a whole run ("iterations", "KL divergence"). name is a
 * string of the plugin's that lives as long as the plugin is loaded (a
 * literal). */
struct vs_figure {
    const char *name;
    double value;
};

/* What run() gives back besides Y. The host owns it and its arrays, and
 * may pass NULL for it when it wants nothing back. */
struct vs_plugin_result {
    double *info;               /* out_dims numbers (see info_name), or NULL */
    struct vs_figure *figures;  /* room for max_figures figures, or NULL */
    size_t max_figures;
    size_t nfigures;            /* 0 at the call; run() counts what it adds */
};

/* Adds the figure name = value to r (r may be NULL). Returns 0, or -1 when
 * the host gave no room for it. */
static inline int vs_plugin_add_figure(struct vs_plugin_result *r, const char *name,
                                       double value)
{
    if (r == NULL || r->figures == NULL || r->nfigures >= r->max_figures)
        return -1;
    r->figures[r->nfigures].name = name;
    r->figures[r->nfigures++].value = value;
    return 0;
}

struct vs_projector {
    int abi;                         /* VS_PLUGIN_ABI when built */
    const char *name;                /* command-line name, [a-z0-9_-]+ */
    const char *help;                /* one line */
    const struct vs_param *params;   /* zero-terminated list, or NULL */
    const char *info_name;           /* what result->info holds per output
                                      * dimension ("explained variance
                                      * ratio"), or NULL if nothing */
    /* X (n, d) row-major -> Y (n, out_dims) row-major. When result is not
     * NULL: result->info (out_dims) gets one number per output dimension
     * when info_name is set and info is not NULL, and the run's final
     * figures are added with vs_plugin_add_figure. Returns 0, or -1 with a
     * message in err. */
    int (*run)(const float *X, size_t n, size_t d, int out_dims,
               const struct vs_param_value *params,
               const struct vs_plugin_progress *progress, float *Y,
               struct vs_plugin_result *result, char *err, size_t errlen);
};

/* The one symbol a plugin exports. */
const struct vs_projector *vs_projector_entry(void);

#ifdef __cplusplus
}
#endif

#endif
