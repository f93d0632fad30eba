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
 *   - Y (n x out_dims, row-major) and info (out_dims doubles, or NULL) belong
 *     to the host; run() writes them and nothing else.
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
#define VS_PLUGIN_ABI 1

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

struct vs_projector {
    int abi;                         /* VS_PLUGIN_ABI when built */
    const char *name;                /* command-line name, [a-z0-9_-]+ */
    const char *help;                /* one line */
    const struct vs_param *params;   /* zero-terminated list, or NULL */
    const char *info_name;           /* what info[] holds per output
                                      * dimension ("explained variance
                                      * ratio"), or NULL if nothing */
    /* X (n, d) row-major -> Y (n, out_dims) row-major; info (out_dims) gets
     * one number per output dimension when info_name is set and info is not
     * NULL. Returns 0, or -1 with a message in err. */
    int (*run)(const float *X, size_t n, size_t d, int out_dims,
               const struct vs_param_value *params,
               const struct vs_plugin_progress *progress, float *Y,
               double *info, char *err, size_t errlen);
};

/* The one symbol a plugin exports. */
const struct vs_projector *vs_projector_entry(void);

#ifdef __cplusplus
}
#endif

#endif
