/*
 * plotopts.h - the options with which a command asks for a picture (--plot,
 * --labels, --out FILE.png), shared by pca, tsne and attn. The picture itself
 * is drawn by plot.h, for the front end (--plot) or vs_cmd_run (--out).
 */
#ifndef VS_CMD_PLOTOPTS_H
#define VS_CMD_PLOTOPTS_H

#include "cmd.h"
#include "plot.h"

/* Records in r what a command's --plot, --labels and --out ask for (r->plot,
 * r->plot_labels; out_path is set by the command): a picture when --plot is
 * given or --out names a .png, .svg or .pdf file. --plot with any other
 * --out, and --labels with neither, are errors naming the command. The
 * command declares --plot and --out; --labels is read where it declares it. */
int vs_plot_request(const vs_args *a, vs_result *r, vs_error *err);

/* Shared by the map commands (pca, tsne): --plot and --labels. */
#define VS_PLOT_OPTS                                                              \
    {"plot", 0, VS_OPT_FLAG, NULL, "draw the map with gnuplot (in the terminal)"}, \
    {"labels", 0, VS_OPT_STRING, "all|none|auto", "which points get their word " \
                                                  "(default auto)"}

#define VS_PLOT_USAGE "[--plot] [--labels all|none|auto]"

#endif
