/*
 * project.c - selection -> vectors -> projection plugin -> points, and the
 * plugin's final report (see project.h).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grouping.h"
#include "plotopts.h"
#include "plugin.h"
#include "project.h"
#include "query.h"
#include "selection.h"
#include "xalloc.h"

/* The plugin's parameters, from the command's options of the same names; a
 * parameter "threads" the user did not give gets the session's thread count
 * (--threads, VECSCOPE_THREADS). */
static struct vs_param_value *param_values(const vs_plugin *p, const vs_args *a,
                                           int threads)
{
    const struct vs_param *par = p->proj->params;
    struct vs_param_value *v;
    size_t np = 0, i;

    while (par != NULL && par[np].name != NULL)
        np++;
    v = xcalloc(np + 1, sizeof *v);
    for (i = 0; i < np; i++) {
        const vs_opt *o = vs_cmd_opt(a->cmd, par[i].name);
        if (o == NULL || !vs_arg_set(a, o->name)) {
            if (strcmp(par[i].name, "threads") == 0 && par[i].type == VS_PARAM_INT) {
                v[i].set = 1;
                v[i].i = threads;
                v[i].d = threads;
            }
            continue;
        }
        v[i].set = 1;
        v[i].s = vs_arg_str(a, o->name, NULL);
        if (o->type == VS_OPT_INT) {
            v[i].i = vs_arg_int(a, o->name, 0);
            v[i].d = (double)v[i].i;
        } else if (o->type == VS_OPT_REAL) {
            v[i].d = vs_arg_real(a, o->name, 0);
            v[i].i = (long long)v[i].d;
        }
    }
    return v;
}

int vs_project(vs_session *s, const vs_args *a, const char *plugin,
               vs_project_notes notes, vs_result *r, vs_error *err)
{
    const char *cmd = a->cmd->name;
    vs_model *m = vs_session_model(s);
    long long dims = vs_arg_int(a, "dims", 2);
    vs_selection sel;
    const vs_plugin *p;
    struct vs_param_value *vals = NULL;
    float *X = NULL, *Y = NULL;
    const float *Xp;
    double info[3];
    struct vs_figure figures[16];
    struct vs_plugin_result res = {info, figures, sizeof figures / sizeof *figures, 0};
    size_t i;
    int rc = -1;
    vs_result g;

    vs_result_init(&g);
    if (dims != 2 && dims != 3)
        return vs_fail(err, "%s: --dims must be 2 or 3, got %lld", cmd, dims);
    if (vs_plot_request(a, r, err) < 0)
        return -1;
    if (vs_select(m, a, &sel, err) < 0)
        return -1;
    if (sel.n < 3) {
        vs_fail(err, "%s: a map needs at least 3 words, got %zu", cmd, sel.n);
        goto out;
    }
    if ((size_t)dims > m->dim) {
        vs_fail(err, "%s: the model has %zu dimensions, fewer than --dims %lld", cmd,
                m->dim, dims);
        goto out;
    }
    /* 1. the vectors, one row a word */
    if (vs_selection_vectors(m, &sel, cmd, &Xp, &X, err) < 0)
        goto out;
    /* 2. the other ways of colouring the points (--clusters, --groups),
     * before the projection so that a mistake in them costs no time; kept
     * in g until the points are made */
    g.npoints = sel.n;
    if (vs_grouping_apply(s, a, &sel, Xp, m->dim, &g, err) < 0)
        goto out;
    /* 3. the projection */
    if ((p = vs_plugin_find(plugin, err)) == NULL) {
        vs_fail_prefix(err, "%s", cmd);
        goto out;
    }
    vals = param_values(p, a, s->threads);
    Y = xmallocarray(sel.n, (size_t)dims * sizeof *Y);
    if (vs_plugin_project(p, Xp, sel.n, m->dim, (int)dims, vals, Y, &res, s->progress,
                          err) < 0) {
        /* plugins name themselves ("tsne: ..."): no second "tsne: " */
        size_t len = strlen(cmd);
        if (strncmp(err->msg, cmd, len) != 0 || strncmp(err->msg + len, ": ", 2) != 0)
            vs_fail_prefix(err, "%s", cmd);
        goto out;
    }
    /* 4. the result */
    vs_result_title(r, "%s of %zu words of %s", cmd, sel.n, m->name);
    {
        /* the info's name as a JSON key: "explained_variance_ratio" */
        char key[128], *c;
        snprintf(key, sizeof key, "%s", p->proj->info_name ? p->proj->info_name : "");
        for (c = key; *c; c++)
            if (*c == ' ')
                *c = '_';
        vs_result_set_points(r, sel.n, (size_t)dims, (const char *const *)sel.words,
                             (const char *const *)sel.groups, Y,
                             p->proj->info_name ? info : NULL,
                             p->proj->info_name ? key : NULL);
    }
    for (i = 0; i < g.ngroupings; i++)
        vs_result_add_grouping(r, g.groupings[i].name,
                               (const char *const *)g.groupings[i].of);
    for (i = 0; i < g.nnotes; i++)
        vs_result_note(r, "%s", g.notes[i]);
    if (sel.dropped > 0)
        vs_result_note(r, "%zu repeated word%s left out (one point a word)", sel.dropped,
                       sel.dropped == 1 ? "" : "s");
    if (p->proj->info_name != NULL) {
        char line[256];
        size_t len;
        double total = 0;
        len = (size_t)snprintf(line, sizeof line, "%s:", p->proj->info_name);
        for (i = 0; i < (size_t)dims && len < sizeof line; i++) {
            len += (size_t)snprintf(line + len, sizeof line - len, "%s %s%zu %.4f",
                                    i ? "," : "", strcmp(plugin, "pca") ? "axis " : "PC",
                                    i + 1, info[i]);
            total += info[i];
        }
        if (len < sizeof line)
            snprintf(line + len, sizeof line - len, " (total %.4f)", total);
        vs_result_note(r, "%s", line);
    }
    /* the axes' titles: the component and its share of the variance, or
     * the method's name and the axis (a command's notes may say more) */
    for (i = 0; i < (size_t)dims; i++) {
        if (p->proj->info_name != NULL && strcmp(plugin, "pca") == 0)
            vs_result_axis_title(r, i, "PC%zu (%.1f %% of the variance)", i + 1,
                                 100.0 * info[i]);
        else
            vs_result_axis_title(r, i, "%s %zu", cmd, i + 1);
    }
    if (notes != NULL)
        notes(&res, r);
    /* the words --labels auto always labels: those the user named (on the
     * line, or each --near word) */
    if (a->argc > 0 || vs_arg_count(a, "near") > 0) {
        r->marked = xcalloc(sel.n, 1);
        for (i = 0; i < sel.n; i++)
            r->marked[i] = a->argc > 0 || strcmp(sel.words[i], sel.groups[i]) == 0;
    }
    /* the command layer writes the file (see vs_cmd_run) */
    if (vs_arg_set(a, "out"))
        r->out_path = xstrdup(vs_arg_str(a, "out", NULL));
    rc = 0;
out:
    vs_result_clear(&g);
    free(vals);
    free(X);
    free(Y);
    vs_selection_free(&sel);
    return rc;
}
