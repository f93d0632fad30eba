/*
 * cmd-cluster.c - `cluster SELECTION [--clusters K]`: the selected words in
 * K groups by k-means on their unit vectors (src/kmeans.c): a row per word,
 * cluster by cluster, each cluster's words nearest its mean direction
 * first, with their cosine to it. The map commands colour by the same
 * clusters with --clusters K (src/cmd/grouping.c), and the TUI's map by
 * this command's rows.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"
#include "cmd.h"
#include "grouping.h"
#include "selection.h"
#include "xalloc.h"

static const vs_opt cluster_opts[] = {
    VS_SELECTION_OPTS,
    {"clusters", 0, VS_OPT_INT, "K", "how many clusters (default 8, as scikit-learn)"},
    {"seed", 0, VS_OPT_INT, "S", "random seed of the starts (default 0)"},
    {NULL, 0, 0, NULL, NULL}};

/* A word of a cluster and its cosine to the cluster's mean direction. */
struct member {
    size_t word;
    double cos;
};

static int by_cos(const void *a, const void *b)
{
    const struct member *x = a, *y = b;

    if (x->cos != y->cos)
        return x->cos < y->cos ? 1 : -1;
    return (x->word > y->word) - (x->word < y->word);
}

static int exec_cluster(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *m = vs_session_model(s);
    long long k = vs_arg_int(a, "clusters", 8);
    uint64_t seed = (uint64_t)vs_arg_int(a, "seed", 0);
    vs_selection sel;
    const float *X;
    float *owned = NULL, *U = NULL;
    int *lab = NULL, rc = -1;
    double inertia;
    size_t i, j, c, d = m->dim;

    if (vs_select(m, a, &sel, err) < 0)
        return -1;
    if (k < 1 || (unsigned long long)k > sel.n) {
        vs_fail(err, "cluster: --clusters must be 1 to %zu (the words), not %lld",
                sel.n, k);
        goto out;
    }
    if (vs_selection_vectors(m, &sel, "cluster", &X, &owned, err) < 0)
        goto out;
    lab = xmallocarray(sel.n, sizeof *lab);
    if (vs_cluster_vectors("cluster", X, sel.n, d, (size_t)k, seed, s->progress, lab,
                           &inertia, err) < 0)
        goto out;
    /* each cluster's words, by cosine to the cluster's mean unit vector */
    U = xmallocarray(sel.n, d * sizeof *U);
    memcpy(U, X, sel.n * d * sizeof *U);
    for (i = 0; i < sel.n; i++)
        vs_normalize(U + i * d, d);
    vs_result_title(r, "%lld clusters of %zu words of %s (k-means of the unit vectors)",
                    k, sel.n, m->name);
    vs_result_table(r, 3, "cluster", "word", "cosine to the centre");
    for (c = 0; c < (size_t)k; c++) {
        float *mean = xcalloc(d, sizeof *mean);
        struct member *mem = xmallocarray(sel.n, sizeof *mem);
        size_t nm = 0;
        char cs[32], co[32];
        for (i = 0; i < sel.n; i++)
            if (lab[i] == (int)c) {
                for (j = 0; j < d; j++)
                    mean[j] += U[i * d + j];
                mem[nm++].word = i;
            }
        vs_normalize(mean, d);
        for (i = 0; i < nm; i++)
            mem[i].cos = vs_dot(U + mem[i].word * d, mean, d);
        qsort(mem, nm, sizeof *mem, by_cos);
        snprintf(cs, sizeof cs, "%zu", c + 1);
        for (i = 0; i < nm; i++) {
            snprintf(co, sizeof co, "%.6f", mem[i].cos);
            vs_result_row(r, cs, sel.words[mem[i].word], co);
        }
        free(mem);
        free(mean);
    }
    vs_result_note(r, "k-means: inertia %.6f (best of 10 starts, seed %llu)", inertia,
                   (unsigned long long)seed);
    if (sel.dropped > 0)
        vs_result_note(r, "%zu repeated word%s left out", sel.dropped,
                       sel.dropped == 1 ? "" : "s");
    rc = 0;
out:
    free(U);
    free(lab);
    free(owned);
    vs_selection_free(&sel);
    return rc;
}

const vs_cmd vs_cmd_cluster = {
    .name = "cluster",
    .aliases = (const char *const[]){"kmeans", NULL},
    .usage = "cluster " VS_SELECTION_USAGE " [--clusters K] [--seed S]",
    .summary = "the selected words in K clusters by k-means",
    .help = "Groups the selected words into K clusters (--clusters, default 8) by\n"
            "k-means on their vectors scaled to unit length, so that direction\n"
            "counts and not length, as for cosine: scikit-learn's KMeans (k-means++\n"
            "starts, Lloyd's iterations, the best of 10 starts by inertia). The\n"
            "words are chosen as for pca: on the line, --top N, --file F or --near\n"
            "WORD. A row per word: its cluster, the word and its cosine to the\n"
            "cluster's mean direction, cluster by cluster, the nearest first. The\n"
            "same --seed gives the same clusters. pca and tsne take --clusters K to\n"
            "colour a map by them; in the TUI, F8 on a map does.",
    .min_args = 0,
    .max_args = -1,
    .opts = cluster_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_cluster,
};
