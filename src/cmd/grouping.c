/*
 * grouping.c - k-means clusters and a file's groups as ways of colouring
 * a map (see grouping.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"
#include "grouping.h"
#include "kmeans.h"
#include "xalloc.h"

int vs_cluster_vectors(const char *cmd, const float *X, size_t n, size_t d, size_t k,
                       uint64_t seed, const vs_progress *p, int *labels,
                       double *inertia, vs_error *err)
{
    float *U;
    vs_kmeans_opts o = vs_kmeans_defaults(k, seed);
    size_t i;
    int rc;

    if (k < 1 || k > n)
        return vs_fail(err, "%s: --clusters must be 1 to %zu (the words), not %zu", cmd,
                       n, k);
    U = xmallocarray(n ? n : 1, d * sizeof *U);
    memcpy(U, X, n * d * sizeof *U);
    for (i = 0; i < n; i++)
        vs_normalize(U + i * d, d);
    rc = vs_kmeans(U, n, d, &o, labels, NULL, inertia, p, err);
    free(U);
    if (rc < 0)
        return vs_fail_prefix(err, "%s", cmd);
    return 0;
}

/* A file's words and groups, sorted by word for bsearch. */
struct pairs {
    char **word, **group;
    size_t n, cap;
};

static void pair_add(void *ud, const char *word, const char *group)
{
    struct pairs *p = ud;

    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 64;
        p->word = xreallocarray(p->word, p->cap, sizeof *p->word);
        p->group = xreallocarray(p->group, p->cap, sizeof *p->group);
    }
    p->word[p->n] = xstrdup(word);
    p->group[p->n] = xstrdup(group ? group : "");
    p->n++;
}

static const struct pairs *sorting;

static int by_word(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcmp(sorting->word[i], sorting->word[j]);

    /* the first line of a word wins: equal words keep the file's order */
    return c != 0 ? c : (i > j) - (i < j);
}

/* --groups FILE: each point's group from the file ("" when absent). */
static int file_groups(const char *cmd, const char *path, const vs_selection *sel,
                       vs_result *r, vs_error *err)
{
    struct pairs p = {NULL, NULL, 0, 0};
    size_t *order = NULL, i, missing = 0;
    const char **of;
    const char *base = strrchr(path, '/');
    char *name;
    int rc;

    if ((rc = vs_word_file_read(cmd, path, pair_add, &p, err)) == 0 && p.n == 0)
        rc = vs_fail(err, "%s: %s has no words (a word and its group a line)", cmd,
                     path);
    if (rc == 0) {
        order = xmallocarray(p.n, sizeof *order);
        for (i = 0; i < p.n; i++)
            order[i] = i;
        sorting = &p;
        qsort(order, p.n, sizeof *order, by_word);
        of = xmallocarray(sel->n ? sel->n : 1, sizeof *of);
        for (i = 0; i < sel->n; i++) {
            size_t lo = 0, hi = p.n;
            /* the first entry not below the word */
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (strcmp(p.word[order[mid]], sel->words[i]) < 0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < p.n && strcmp(p.word[order[lo]], sel->words[i]) == 0) {
                of[i] = p.group[order[lo]];
            } else {
                of[i] = "";
                missing++;
            }
        }
        name = xasprintf("file %s", base ? base + 1 : path);
        vs_result_add_grouping(r, name, of);
        if (missing > 0)
            vs_result_note(r, "%zu of the %zu words are not in %s: they have no group",
                           missing, sel->n, path);
        free(name);
        free(of);
        free(order);
    }
    for (i = 0; i < p.n; i++) {
        free(p.word[i]);
        free(p.group[i]);
    }
    free(p.word);
    free(p.group);
    return rc;
}

int vs_grouping_apply(vs_session *s, const vs_args *a, const vs_selection *sel,
                      const float *X, size_t d, vs_result *r, vs_error *err)
{
    const char *cmd = a->cmd->name;

    if (vs_cmd_opt(a->cmd, "clusters") != NULL && vs_arg_set(a, "clusters")) {
        long long k = vs_arg_int(a, "clusters", 0);
        uint64_t seed =
            vs_cmd_opt(a->cmd, "seed") != NULL ? (uint64_t)vs_arg_int(a, "seed", 0) : 0;
        int *lab;
        char **names;
        double inertia;
        size_t i;
        if (k < 1 || (unsigned long long)k > sel->n)
            return vs_fail(err, "%s: --clusters must be 1 to %zu (the words), not %lld",
                           cmd, sel->n, k);
        lab = xmallocarray(sel->n, sizeof *lab);
        if (vs_cluster_vectors(cmd, X, sel->n, d, (size_t)k, seed, s->progress, lab,
                               &inertia, err) < 0) {
            free(lab);
            return -1;
        }
        names = xmallocarray(sel->n, sizeof *names);
        for (i = 0; i < sel->n; i++)
            names[i] = xasprintf("cluster %d", lab[i] + 1);
        vs_result_add_grouping(r, "cluster", (const char *const *)names);
        vs_result_note(r,
                       "k-means: %lld clusters of the unit vectors, inertia %.6f "
                       "(best of 10 starts, seed %llu)",
                       k, inertia, (unsigned long long)seed);
        vs_argv_free((int)sel->n, names);
        free(lab);
    }
    if (vs_cmd_opt(a->cmd, "groups") != NULL && vs_arg_set(a, "groups"))
        return file_groups(cmd, vs_arg_str(a, "groups", NULL), sel, r, err);
    return 0;
}
