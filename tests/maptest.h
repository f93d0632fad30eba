/*
 * maptest.h - what the tests of the map plugins (check_tsne.c,
 * check_umap.c) share: the plugin found by name, its parameter list set by
 * name, and the trustworthiness of a map as sklearn.manifold.trustworthiness
 * defines it.
 */
#ifndef VS_TEST_MAPTEST_H
#define VS_TEST_MAPTEST_H

#include <stddef.h>

#include "plugin.h"

/* The plugin called name, from the build tree (VECSCOPE_PLUGIN_PATH unset,
 * the host's list reset); fails the test when it is missing. */
const vs_plugin *vs_test_plugin(const char *name);

/* A zeroed parameter list for p (free it), then one set by name (fails the
 * test when p has no such parameter); value is kept as the string and
 * parsed as the integer and the real. */
struct vs_param_value *vs_test_params(const vs_plugin *p);
void vs_test_set_param(const vs_plugin *p, struct vs_param_value *v, const char *name,
                       const char *value);

/* A host progress callback (vs_progress's report) that keeps, in the
 * struct vs_test_done its ud points to, the last label starting with
 * prefix ("tsne: done"): the plugin's final report. */
struct vs_test_done {
    const char *prefix;
    char text[256];
};
void vs_test_keep_done(void *ud, const char *what, double fraction);

/* A plugin progress callback that asks to stop on its call number *ud
 * (an int, counted down). */
int vs_test_stop_at(void *ud, const char *what, double fraction);

/* tests/data/tsne/blobs-400x10.tsv: VS_TEST_BLOBS points of
 * VS_TEST_BLOBS_DIM dimensions (a label then the numbers, a
 * line each), read into a new array (free it). */
#define VS_TEST_BLOBS 400
#define VS_TEST_BLOBS_DIM 10
float *vs_test_read_blobs(void);

/* Trustworthiness (k neighbours) of Y (n, dy) as a map of X (n, dx):
 * 1 - 2 / (n k (2n - 3k - 1)) * sum over i of sum over j among i's k nearest
 * on the map but not in X of (rank of j among i's neighbours in X - k).
 * Ranks by (squared Euclidean distance in double, index). */
double vs_test_trustworthiness(const float *X, size_t dx, const float *Y, size_t dy, size_t n,
                               size_t k);

#endif
