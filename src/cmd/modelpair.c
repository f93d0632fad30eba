/*
 * modelpair.c - see modelpair.h.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "modelpair.h"

int vs_model_pair(vs_session *s, const vs_args *args, vs_model **a, vs_model **b,
                  vs_error *err)
{
    const char *cmd = args->cmd->name;
    int i;

    for (i = 0; i < 2; i++) {
        vs_model *m = vs_session_find(s, args->argv[i]);
        if (m == NULL)
            return vs_fail(err, "%s: no open model is called '%s'; 'models' lists them", cmd,
                           args->argv[i]);
        *(i == 0 ? a : b) = m;
    }
    if (*a == *b)
        return vs_fail(err, "%s: '%s' is named twice; name two open models", cmd,
                       args->argv[0]);
    return 0;
}

int vs_count_opt(const vs_args *args, const char *name, long long def, long long lo,
                 size_t *out, vs_error *err)
{
    long long v = vs_arg_int(args, name, def);

    if (v < lo)
        return vs_fail(err, "%s: %s%s takes %lld or more, not %lld", args->cmd->name,
                       name[1] == '\0' ? "-" : "--", name, lo, v);
    *out = (size_t)(v > (long long)(SIZE_MAX >> 1) ? (long long)(SIZE_MAX >> 1) : v);
    return 0;
}
