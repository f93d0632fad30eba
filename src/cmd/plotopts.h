/*
 * plotopts.h - the options with which a command asks for a picture (--plot,
 * --labels, --scale, --out FILE.png), shared by pca, tsne and attn. The picture itself
 * is drawn by plot.h, for the front end (--plot) or vs_cmd_run (--out).
 */
#ifndef VS_CMD_PLOTOPTS_H
#define VS_CMD_PLOTOPTS_H

#include "cmd.h"
#include "plot.h"

/* Records in r what a command's --plot, --labels, --scale and --out ask
 * for: r->plot (draw in the terminal), r->plot_labels, r->plot_scale;
 * out_path is set by the command, and its extension says what vs_cmd_run
 * writes there (.png, .svg, .pdf: a picture; .tsv: the table). Another
 * extension, --labels with neither --plot nor a picture, and an unknown
 * --labels or --scale are errors naming the command. The command declares
 * --plot and --out; --labels and --scale are read where it declares them. */
int vs_plot_request(const vs_args *a, vs_result *r, vs_error *err);

/* Shared by the map commands (pca, tsne): --plot and --labels. */
#define VS_PLOT_OPTS                                                              \
    {"plot", 0, VS_OPT_FLAG, NULL, "draw the map in the terminal"},                \
    {"labels", 0, VS_OPT_STRING, "all|none|auto", "which points get their word " \
                                                  "(default auto)"}

#define VS_PLOT_USAGE "[--plot] [--labels all|none|auto]"

/* The heatmap's (attn): how weights map to colours and shades, in the
 * text, the terminal, the TUI and pictures alike. The command sets its
 * default in r->plot_scale before vs_plot_request. */
#define VS_HEATMAP_OPTS                                                           \
    {"scale", 0, VS_OPT_STRING, "sqrt|linear", "colours by the square root of "  \
                                               "the weight (the default: small " \
                                               "weights show) or by the weight"}

#endif
