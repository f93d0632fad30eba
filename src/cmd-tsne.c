/*
 * cmd-tsne.c - `tsne SELECTION`: a 2-D or 3-D map of chosen words by t-SNE,
 * computed by the "tsne" plugin (plugins/tsne). The options perplexity,
 * iter and seed are handed to the plugin as its parameters of those names
 * (src/project.c).
 */
#include "config.h"

#include "cmd.h"
#include "plot.h"
#include "project.h"
#include "selection.h"

static const vs_opt tsne_opts[] = {
    VS_SELECTION_OPTS,
    {"dims", 0, VS_OPT_INT, "2|3", "dimensions of the map (default 2)"},
    {"perplexity", 0, VS_OPT_REAL, "P", "effective number of neighbours (default 30)"},
    {"iter", 0, VS_OPT_INT, "N", "iterations (default 1000)"},
    {"seed", 0, VS_OPT_INT, "S", "random seed (default 0)"},
    {"out", 0, VS_OPT_STRING, "FILE", "also write the points to FILE: a picture "
                                      "if it ends in .png, .svg or .pdf, else TSV"},
    VS_PLOT_OPTS,
    {NULL, 0, 0, NULL, NULL}
};

static int exec_tsne(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    return vs_project(s, a, "tsne", r, err);
}

const vs_cmd vs_cmd_tsne = {
    .name = "tsne",
    .aliases = NULL,
    .usage = "tsne " VS_SELECTION_USAGE " [--dims 2|3] [--perplexity P] [--iter N] "
             "[--seed S] [--out FILE] "
             VS_PLOT_USAGE,
    .summary = "a 2-D or 3-D map of words by t-SNE",
    .help = "Places the selected words so that neighbours in the model stay\n"
            "neighbours on the map (t-distributed stochastic neighbour embedding,\n"
            "as scikit-learn's TSNE). The words are chosen as for pca: on the\n"
            "line, --top N, --file F or --near WORD (repeated for several groups).\n"
            "--perplexity sets the effective number of neighbours each point keeps\n"
            "(it must be smaller than the number of words), --iter the number of\n"
            "iterations and --seed the random start; the same seed and thread\n"
            "count give the same map. Progress shows the iteration and the KL\n"
            "divergence; Ctrl-C stops it. --out FILE also writes the points as TSV,\n"
            "or as a picture when FILE ends in .png, .svg or .pdf; --plot draws\n"
            "the map in the terminal and --labels chooses the labels, as for pca.\n"
            "The work is done by the tsne plugin (see `plugins`).",
    .min_args = 0,
    .max_args = -1,
    .opts = tsne_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_tsne,
};
