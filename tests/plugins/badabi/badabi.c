/*
 * badabi.c - a plugin built for a future ABI (VS_PLUGIN_ABI + 41): the host
 * must refuse it with a message naming the file and both versions, and must
 * never call its run().
 */
#include <stdlib.h>

#include "vecscope-plugin.h"

static int badabi_run(const float *X, size_t n, size_t d, int out_dims,
                      const struct vs_param_value *params,
                      const struct vs_plugin_progress *progress, float *Y,
                      struct vs_plugin_result *result, char *err, size_t errlen)
{
    (void)X; (void)n; (void)d; (void)out_dims; (void)params; (void)progress;
    (void)Y; (void)result; (void)err; (void)errlen;
    abort();  /* never reached: the host refuses this plugin */
}

static const struct vs_projector badabi = {
    .abi = VS_PLUGIN_ABI + 41,
    .name = "badabi",
    .help = "a plugin with the wrong ABI version",
    .run = badabi_run,
};

const struct vs_projector *vs_projector_entry(void)
{
    return &badabi;
}
