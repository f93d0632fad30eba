/*
 * modelpair.h - what the commands that set two models side by side
 * (compare, overlap, align) share: the two open models named on the line.
 */
#ifndef VS_CMD_MODELPAIR_H
#define VS_CMD_MODELPAIR_H

#include "cmd.h"

/* The open models named argv[0] and argv[1] into *a and *b. Fails, naming
 * the command, when one is not open or both are the same model. */
int vs_model_pair(vs_session *s, const vs_args *args, vs_model **a, vs_model **b,
                  vs_error *err);

/* A count option (--top, --show, -k): its value or def, at least lo. */
int vs_count_opt(const vs_args *args, const char *name, long long def, long long lo,
                 size_t *out, vs_error *err);

#endif
