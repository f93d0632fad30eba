/*
 * plotopts.c - what a command's --plot, --labels and --out ask for (see
 * plotopts.h).
 */
#include "config.h"

#include "palette.h"
#include "plotopts.h"

int vs_plot_request(const vs_args *a, vs_result *r, vs_error *err)
{
    const char *cmd = a->cmd->name, *out = vs_arg_str(a, "out", NULL);
    int plot = vs_arg_set(a, "plot"), picture = 0;

    if (out != NULL) {
        if (vs_outfile_check(out, err) < 0)
            return vs_fail_prefix(err, "%s: --out", cmd);
        picture = vs_plot_is_picture(out);
    }
    /* --labels is the maps' (VS_PLOT_OPTS); attn's heatmap has none */
    if (vs_cmd_opt(a->cmd, "labels") != NULL && vs_arg_set(a, "labels")) {
        if (!plot && !picture)
            return vs_fail(err, "%s: --labels goes with --plot or --out FILE.png|svg|pdf",
                           cmd);
        if (vs_plot_parse_labels(vs_arg_str(a, "labels", NULL), &r->plot_labels, err) < 0)
            return vs_fail_prefix(err, "%s", cmd);
    }
    /* --scale is the heatmap's (VS_HEATMAP_OPTS) */
    if (vs_cmd_opt(a->cmd, "scale") != NULL && vs_arg_set(a, "scale")) {
        int sc = vs_scale_parse(vs_arg_str(a, "scale", NULL));
        if (sc < 0)
            return vs_fail(err, "%s: --scale is sqrt or linear, not '%s'", cmd,
                           vs_arg_str(a, "scale", NULL));
        r->plot_scale = sc;
    }
    r->plot = plot;
    return 0;
}
