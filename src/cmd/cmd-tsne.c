/*
 * cmd-tsne.c - `tsne SELECTION`: a 2-D or 3-D map of chosen words by t-SNE,
 * computed by the "tsne" plugin (plugins/tsne). The options perplexity,
 * iter, seed, theta, method and init are handed to the plugin as its
 * parameters of those names, and the session's thread count as "threads"
 * (src/cmd/project.c).
 *
 * The final KL divergence travels in the plugin's last progress label
 * ("tsne: done after N iterations, KL divergence X", see
 * vs_project_report): the command turns it into a note.
 */
#include "config.h"

#include <string.h>

#include "cmd.h"
#include "plotopts.h"
#include "project.h"
#include "result.h"
#include "selection.h"
#include "session.h"

static const vs_opt tsne_opts[] = {
    VS_SELECTION_OPTS,
    {"dims", 0, VS_OPT_INT, "2|3", "dimensions of the map (default 2)"},
    {"perplexity", 0, VS_OPT_REAL, "P", "effective number of neighbours (default 30)"},
    {"iter", 0, VS_OPT_INT, "N", "iterations, at least 250 (default 1000)"},
    {"seed", 0, VS_OPT_INT, "S", "random seed (default 0)"},
    {"theta", 0, VS_OPT_REAL, "T", "Barnes-Hut accuracy (default 0.5)"},
    {"method", 0, VS_OPT_STRING, "M", "auto, exact, barnes_hut or fft (default auto)"},
    {"init", 0, VS_OPT_STRING, "I", "pca or random (default pca)"},
    {"out", 0, VS_OPT_STRING, "FILE", "also write the points to FILE: a picture "
                                      "if it ends in .png, .svg or .pdf, else TSV"},
    VS_PLOT_OPTS,
    {NULL, 0, 0, NULL, NULL}
};

static int exec_tsne(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    char done[160];
    const char *kl;
    int rc = vs_project_report(s, a, "tsne", r, done, sizeof done, err);

    if (rc == 0 && (kl = strstr(done, "done after ")) != NULL)
        vs_result_note(r, "t-SNE %s", kl);
    return rc;
}

const vs_cmd vs_cmd_tsne = {
    .name = "tsne",
    .aliases = NULL,
    .usage = "tsne " VS_SELECTION_USAGE " [--dims 2|3] [--perplexity P] [--iter N] "
             "[--seed S] [--theta T] [--method M] [--init I] [--out FILE] "
             VS_PLOT_USAGE,
    .summary = "a 2-D or 3-D map of words by t-SNE",
    .help = "Places the selected words so that neighbours in the model stay\n"
            "neighbours on the map (t-distributed stochastic neighbour embedding,\n"
            "as scikit-learn's TSNE). The words are chosen as for pca: on the\n"
            "line, --top N, --file F or --near WORD (repeated for several groups).\n"
            "--perplexity sets the effective number of neighbours each point keeps\n"
            "(it must be smaller than the number of words), --iter the number of\n"
            "iterations (at least 250) and --seed the random part of the start;\n"
            "the same seed gives the same map, whatever the thread count.\n"
            "--method exact computes every pair's force (the default under 500\n"
            "words), fft interpolates the far forces on a grid (the default from\n"
            "500 words in 2-D), barnes_hut groups far words in a tree (the default\n"
            "from 500 words in 3-D), --theta setting how far (0.5). --init random\n"
            "starts from noise instead of the PCA.\n"
            "Progress shows the iteration and the KL divergence, the final KL is\n"
            "a note; Ctrl-C stops it. --out FILE also writes the points as TSV,\n"
            "or as a picture when FILE ends in .png, .svg or .pdf; --plot draws\n"
            "the map in the terminal and --labels chooses the labels, as for pca.\n"
            "The work is done by the tsne plugin (see `plugins`).",
    .min_args = 0,
    .max_args = -1,
    .opts = tsne_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_tsne,
};
