/*
 * identity.c - a tiny third-party projection plugin, built against the public
 * header alone (vecscope-plugin.h), as an outside author would: it returns
 * the first out_dims columns of its input. The tests load it through
 * VECSCOPE_PLUGIN_PATH.
 */
#include <stdio.h>

#include "vecscope-plugin.h"

static int identity_run(const float *X, size_t n, size_t d, int out_dims,
                        const struct vs_param_value *params,
                        const struct vs_plugin_progress *progress, float *Y,
                        struct vs_plugin_result *result, char *err, size_t errlen)
{
    size_t i, j, k = (size_t)out_dims;

    (void)params;
    (void)progress;
    (void)result;
    if (out_dims < 1 || k > d) {
        snprintf(err, errlen, "identity: asked for %d of %zu dimensions", out_dims, d);
        return -1;
    }
    for (i = 0; i < n; i++)
        for (j = 0; j < k; j++)
            Y[i * k + j] = X[i * d + j];
    return 0;
}

static const struct vs_projector identity = {
    .abi = VS_PLUGIN_ABI,
    .name = "identity",
    .help = "the first dimensions of each vector, unchanged (an example plugin)",
    .run = identity_run,
};

const struct vs_projector *vs_projector_entry(void)
{
    return &identity;
}
