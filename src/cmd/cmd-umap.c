/*
 * cmd-umap.c - `umap SELECTION`: a 2-D or 3-D map of chosen words by UMAP,
 * computed by the "umap" plugin (plugins/umap). The options neighbors,
 * min-dist, seed, epochs and init are handed to the plugin as its
 * parameters of those names, and the session's thread count as "threads"
 * (src/cmd/project.c).
 *
 * The plugin's final figures (epochs, neighbours, how it started) become
 * the note "UMAP done after N epochs, K neighbours, spectral start", and so
 * does the plugin's clamping of --neighbors to what a small selection
 * allows (one less than the number of words).
 */
#include "config.h"

#include "cmd.h"
#include "grouping.h"
#include "plotopts.h"
#include "plugin.h"
#include "project.h"
#include "result.h"
#include "selection.h"
#include "session.h"

#define DEFAULT_NEIGHBORS 15

static const vs_opt umap_opts[] = {
    VS_SELECTION_OPTS,
    VS_GROUPING_OPTS,
    {"dims", 0, VS_OPT_INT, "2|3", "dimensions of the map (default 2)"},
    {"neighbors", 0, VS_OPT_INT, "N", "size of each word's neighbourhood, the word "
                                      "counted (default 15)"},
    {"min-dist", 0, VS_OPT_REAL, "D", "how close words may come on the map, 0 to 1 "
                                      "(default 0.1)"},
    {"seed", 0, VS_OPT_INT, "S", "random seed (default 0)"},
    {"epochs", 0, VS_OPT_INT, "N", "passes of the layout (default 500, 200 above "
                                   "10,000 words)"},
    {"init", 0, VS_OPT_STRING, "I", "spectral or random (default spectral)"},
    {"threads", 0, VS_OPT_INT, "T", "worker threads of the neighbour search (default: the "
                                    "session's --threads; the map is the same for any)"},
    {"out", 0, VS_OPT_STRING, "FILE", "also write the points to FILE: a picture "
                                      "if it ends in .png, .svg or .pdf, else TSV"},
    VS_PLOT_OPTS,
    {NULL, 0, 0, NULL, NULL}
};

/* The plugin's final figures as one note. "random start because" holds why
 * the start was random (plugins/umap/umap-internal.h, UMAP_FIG_*: 1 asked,
 * 2 the neighbour graph in several parts, 3 too few points, 4 no
 * convergence). */
static void umap_notes(const struct vs_plugin_result *res, vs_result *r)
{
    double epochs, k, spectral, why = 0, parts = 1;

    if (vs_plugin_figure(res, "epochs", &epochs) != 0 ||
        vs_plugin_figure(res, "neighbours", &k) != 0 ||
        vs_plugin_figure(res, "spectral start", &spectral) != 0)
        return;
    vs_plugin_figure(res, "random start because", &why);
    vs_plugin_figure(res, "graph parts", &parts);
    if (spectral != 0)
        vs_result_note(r, "UMAP done after %.0f epochs, %.0f neighbours, spectral start",
                       epochs, k);
    else if (why == 2)
        vs_result_note(r, "UMAP done after %.0f epochs, %.0f neighbours, random start (the "
                          "neighbour graph is in %.0f separate parts)", epochs, k, parts);
    else
        vs_result_note(r, "UMAP done after %.0f epochs, %.0f neighbours, random start%s",
                       epochs, k,
                       why == 3   ? " (too few points for a spectral start)"
                       : why == 4 ? " (the spectral start did not converge)"
                                  : "");
}

static int exec_umap(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    long long want = vs_arg_int(a, "neighbors", DEFAULT_NEIGHBORS);
    int rc = vs_project(s, a, "umap", umap_notes, r, err);

    if (rc != 0)
        return rc;
    if (want > 1 && (size_t)want > r->npoints - 1)
        vs_result_note(r, "%zu words allow at most %zu neighbours (the word itself "
                          "counted): %zu used, not %lld", r->npoints, r->npoints - 1,
                       r->npoints - 1, want);
    return 0;
}

const vs_cmd vs_cmd_umap = {
    .name = "umap",
    .aliases = NULL,
    .usage = "umap " VS_SELECTION_USAGE " " VS_GROUPING_USAGE " [--dims 2|3] [--neighbors N] [--min-dist D] "
             "[--seed S] [--epochs N] [--init I] [--threads T] [--out FILE] " VS_PLOT_USAGE,
    .summary = "a 2-D or 3-D map of words by UMAP",
    .help = "Places the selected words so that each word's neighbourhood in the\n"
            "model is kept on the map (uniform manifold approximation and\n"
            "projection, as McInnes, Healy and Melville's umap-learn). The words\n"
            "are chosen as for pca: on the line, --top N, --file F or --near WORD\n"
            "(repeated for several groups).\n"
            "--neighbors sets how many nearest words (the word itself counted)\n"
            "shape each word's neighbourhood: larger keeps more of the overall\n"
            "layout, smaller more local detail (15; a selection of fewer words\n"
            "uses one less than their number, with a note). --min-dist sets how\n"
            "tightly close words may pack, from 0 to 1 (0.1). The map starts from\n"
            "the spectral embedding of the neighbour graph (or from random points\n"
            "with --init random, or when that graph falls apart into separate\n"
            "groups, which the final note says), then --epochs passes of\n"
            "stochastic gradient descent refine it (500, or 200 above 10,000\n"
            "words). --seed sets the random parts; the same seed gives the same\n"
            "map, whatever the thread count.\n"
            "Progress shows the epoch; Ctrl-C stops it. --out FILE also writes the\n"
            "points as TSV, or as a picture when FILE ends in .png, .svg or .pdf;\n"
            "--plot draws the map in the terminal and --labels chooses the labels,\n"
            "as for pca. The work is done by the umap plugin (see `plugins`).",
    .min_args = 0,
    .max_args = -1,
    .opts = umap_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_umap,
};
