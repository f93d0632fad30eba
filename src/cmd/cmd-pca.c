/*
 * cmd-pca.c - `pca SELECTION`: a 2-D or 3-D map of chosen words by principal
 * component analysis, computed by the "pca" plugin (plugins/pca). The
 * selection and the plugin call are shared with tsne (src/cmd/project.c).
 */
#include "config.h"

#include "cmd.h"
#include "grouping.h"
#include "plotopts.h"
#include "project.h"
#include "selection.h"

static const vs_opt pca_opts[] = {
    VS_SELECTION_OPTS,
    VS_GROUPING_OPTS,
    {"dims", 0, VS_OPT_INT, "2|3", "dimensions of the map (default 2)"},
    {"out", 0, VS_OPT_STRING, "FILE", "write the map to FILE: a picture (.png, .svg, "
                                      ".pdf) or the table (.tsv)"},
    VS_PLOT_OPTS,
    {NULL, 0, 0, NULL, NULL}
};

static int exec_pca(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    return vs_project(s, a, "pca", NULL, r, err);
}

const vs_cmd vs_cmd_pca = {
    .name = "pca",
    .aliases = NULL,
    .usage = "pca " VS_SELECTION_USAGE " " VS_GROUPING_USAGE " [--dims 2|3] [--out FILE] "
             VS_PLOT_USAGE,
    .summary = "a 2-D or 3-D map of words by principal component analysis",
    .help = "Projects the vectors of the selected words onto their top 2 (or 3)\n"
            "principal components, as scikit-learn's PCA does (up to the sign of\n"
            "each component), and reports the variance each component explains.\n"
            "The words are those on the line, the first N of the vocabulary\n"
            "(--top), those of a file (--file: one a line, an optional second\n"
            "column naming a group), or words and their K nearest neighbours\n"
            "(--near WORD, repeated for several groups). A word is one point:\n"
            "repeats are left out. A word the model has no vector for is an error.\n"
            "--out FILE writes the map to FILE as its extension says, a picture\n"
            "(.png, .svg, .pdf: axis titles, a legend, the words you named in bold)\n"
            "or the table (.tsv), and prints one line saying so. --plot draws the\n"
            "map in the terminal (sixel, or characters); --labels auto (the\n"
            "default) labels the words you named, then the most frequent or nearest\n"
            "words where a label fits over no point and no other label; all or\n"
            "none label every point or none.\n"
            "The work is done by the pca plugin (see `plugins`).",
    .min_args = 0,
    .max_args = -1,
    .opts = pca_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_pca,
};
