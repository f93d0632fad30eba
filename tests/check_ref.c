/*
 * check_ref.c - comparing with reference outputs. See check_ref.h.
 */
#include "config.h"

#include <check.h>
#include <math.h>

#include "check_ref.h"

double ref_max_diff(const float *a, json_t *ref, size_t *count)
{
    double m = 0.0, d;
    size_t i;

    if (json_is_number(ref)) {
        d = fabs((double)a[*count] - json_number_value(ref));
        (*count)++;
        return d;
    }
    ck_assert(json_is_array(ref));
    for (i = 0; i < json_array_size(ref); i++) {
        d = ref_max_diff(a, json_array_get(ref, i), count);
        if (d > m)
            m = d;
    }
    return m;
}

void ref_softmax(float *x, size_t n)
{
    double s = 0.0;
    float max = x[0];
    size_t i;

    for (i = 1; i < n; i++)
        if (x[i] > max)
            max = x[i];
    for (i = 0; i < n; i++)
        s += exp((double)x[i] - max);
    for (i = 0; i < n; i++)
        x[i] = (float)(exp((double)x[i] - max) / s);
}

void ref_tokens(json_t *ids, json_t *types, vs_tokens *tok)
{
    size_t i;

    vs_tokens_init(tok);
    for (i = 0; i < json_array_size(ids); i++)
        vs_tokens_push(tok, (int32_t)json_integer_value(json_array_get(ids, i)),
                       (int32_t)i,
                       (uint8_t)json_integer_value(json_array_get(types, i)));
}
