/*
 * grouping.h - ways of colouring the points of a selection besides its own
 * groups: k-means clusters of the words' vectors (--clusters K, and the
 * cluster command) and the groups a file gives (--groups FILE). Commands
 * that take them put VS_GROUPING_OPTS in their option list.
 */
#ifndef VS_GROUPING_H
#define VS_GROUPING_H

#include <stddef.h>
#include <stdint.h>

#include "cmd.h"
#include "selection.h"

#define VS_GROUPING_OPTS                                                               \
    {"clusters", 0, VS_OPT_INT, "K",                                                   \
     "colour the points by K k-means clusters of "                                     \
     "their vectors"},                                                                 \
    {                                                                                  \
        "groups", 0, VS_OPT_STRING, "FILE",                                            \
            "colour the points by the groups FILE "                                    \
            "gives (a word and its group a line)"                                      \
    }

#define VS_GROUPING_USAGE "[--clusters K] [--groups FILE]"

/* k-means (kmeans.h, scikit-learn's defaults) of the rows of X (n, d)
 * scaled to unit length, so that a word's direction counts and not its
 * length, as for cosine: labels (n) in 0..k-1, numbered by first
 * appearance; *inertia that of the unit vectors. Errors start with cmd. */
int vs_cluster_vectors(const char *cmd, const float *X, size_t n, size_t d, size_t k,
                       uint64_t seed, const vs_progress *p, int *labels,
                       double *inertia, vs_error *err);

/* Adds to the POINTS result r (the words of sel, vectors X (sel->n, d))
 * the groupings a's --clusters K and --groups FILE ask for, when the
 * command declares them; k-means takes a's --seed when declared. Notes say
 * what was done (the clusters' inertia, the words a file left without a
 * group). */
int vs_grouping_apply(vs_session *s, const vs_args *a, const vs_selection *sel,
                      const float *X, size_t d, vs_result *r, vs_error *err);

#endif
