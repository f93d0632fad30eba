/*
 * cmd-tsne.c - `tsne SELECTION`: a 2-D or 3-D map of chosen words by t-SNE,
 * computed by the "tsne" plugin (plugins/tsne). The options perplexity,
 * iter, seed, theta, method, init, learning-rate and threads are handed to
 * the plugin as its parameters of those names; without --threads, the
 * session's thread count (src/cmd/project.c). The plugin's final figures
 * (the iterations run, the final KL divergence) become a note.
 */
#include "config.h"

#include "cmd.h"
#include "grouping.h"
#include "plotopts.h"
#include "plugin.h"
#include "project.h"
#include "selection.h"

static const vs_opt tsne_opts[] = {
    VS_SELECTION_OPTS,
    VS_GROUPING_OPTS,
    {"dims", 0, VS_OPT_INT, "2|3", "dimensions of the map (default 2)"},
    {"perplexity", 0, VS_OPT_REAL, "P", "effective number of neighbours (default 30, "
                                        "or (words - 1) / 3 when fewer than 91 words)"},
    {"iter", 0, VS_OPT_INT, "N", "iterations, at least 250 (default 1000)"},
    {"seed", 0, VS_OPT_INT, "S", "random seed (default 0)"},
    {"theta", 0, VS_OPT_REAL, "T", "Barnes-Hut accuracy (default 0.5)"},
    {"method", 0, VS_OPT_STRING, "auto|exact|barnes_hut|fft", "auto, exact, barnes_hut or fft (default auto)"},
    {"init", 0, VS_OPT_STRING, "pca|random", "pca or random (default pca)"},
    {"learning-rate", 0, VS_OPT_REAL, "R", "step size (default auto: max(words / 48, 50))"},
    {"threads", 0, VS_OPT_INT, "T", "worker threads (default: the session's --threads; "
                                    "the map does not depend on them)"},
    {"out", 0, VS_OPT_STRING, "FILE", "write the map to FILE: a picture (.png, .svg, "
                                      ".pdf) or the table (.tsv)"},
    VS_PLOT_OPTS,
    {NULL, 0, 0, NULL, NULL}
};

/* The plugin's final figures as notes: "t-SNE done after N iterations, KL
 * divergence X", and, when the default perplexity was too large for the
 * words (the plugin then reports "default perplexity"), the one used. The
 * axes' titles name the method and its perplexity. */
static void tsne_notes(const struct vs_plugin_result *res, vs_result *r)
{
    double it, kl, perp, dflt;
    int have = vs_plugin_figure(res, "iterations", &it) == 0 &&
               vs_plugin_figure(res, "KL divergence", &kl) == 0;

    if (vs_plugin_figure(res, "default perplexity", &dflt) == 0 &&
        vs_plugin_figure(res, "perplexity", &perp) == 0)
        vs_result_note(r, "perplexity %.3g: the default, %g, needs more than 3 x %g + 1 "
                          "words, and the map has %zu (--perplexity sets it)",
                       perp, dflt, dflt, r->npoints);
    if (have)
        vs_result_note(r, "t-SNE done after %.0f iterations, KL divergence %.6f", it, kl);
    if (vs_plugin_figure(res, "perplexity", &perp) == 0 && have)
        vs_result_axis_title(r, 0, "t-SNE 1 (perplexity %.3g, %.0f iterations, KL "
                                   "divergence %.3f)", perp, it, kl);
    else
        vs_result_axis_title(r, 0, "t-SNE 1");
    vs_result_axis_title(r, 1, "t-SNE 2");
    vs_result_axis_title(r, 2, "t-SNE 3");
}

static int exec_tsne(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    return vs_project(s, a, "tsne", tsne_notes, r, err);
}

const vs_cmd vs_cmd_tsne = {
    .name = "tsne",
    .aliases = NULL,
    .usage = "tsne " VS_SELECTION_USAGE " " VS_GROUPING_USAGE " [--dims 2|3] [--perplexity P] [--iter N] "
             "[--seed S] [--theta T] [--method M] [--init I] [--learning-rate R] "
             "[--threads T] [--out FILE] "
             VS_PLOT_USAGE,
    .summary = "a 2-D or 3-D map of words by t-SNE",
    .help = "Places the selected words so that neighbours in the model stay\n"
            "neighbours on the map (t-distributed stochastic neighbour embedding,\n"
            "as scikit-learn's TSNE). The words are chosen as for pca: on the\n"
            "line, --top N, --file F or --near WORD (repeated for several groups).\n"
            "--perplexity sets the effective number of neighbours each point keeps\n"
            "(it must be smaller than the number of words; without it, 30, or\n"
            "(words - 1) / 3 for fewer than 91 words, with a note), --iter the number of\n"
            "iterations (at least 250) and --seed the random part of the start;\n"
            "the same seed gives the same map, whatever the thread count.\n"
            "--method exact computes every pair's force (the default under 500\n"
            "words), fft interpolates the far forces on a grid (the default from\n"
            "500 words in 2-D), barnes_hut groups far words in a tree (the default\n"
            "from 500 words in 3-D), --theta setting how far (0.5). --init random\n"
            "starts from noise instead of the PCA. --learning-rate sets the step\n"
            "size (auto: the number of words / 48, at least 50) and --threads the\n"
            "number of threads (the session's --threads unless given).\n"
            "Progress shows the iteration and the KL divergence, the final KL is\n"
            "a note; Ctrl-C stops it. --out FILE writes the map to FILE, a picture\n"
            "(.png, .svg, .pdf) or the table (.tsv), and says so in one line;\n"
            "--plot draws it in the terminal, --labels chooses the labels, as for pca.\n"
            "The work is done by the tsne plugin (see `plugins`).",
    .min_args = 0,
    .max_args = -1,
    .opts = tsne_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_tsne,
};
