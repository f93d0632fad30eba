/*
 * project.h - a map of the selected words by a projection plugin: what the
 * pca, tsne and umap commands share.
 */
#ifndef VS_PROJECT_H
#define VS_PROJECT_H

#include "cmd.h"

/* Selects the words (selection.h), gathers their vectors, runs the plugin
 * named `plugin` into a.dims (2 or 3, option --dims) dimensions and fills r
 * with the points. Options of the command whose names are parameters of
 * the plugin are handed to it; the rest keep the plugin's defaults. */
int vs_project(vs_session *s, const vs_args *a, const char *plugin, vs_result *r,
               vs_error *err);

/* vs_project, keeping the plugin's final report: its last progress label
 * that starts "PLUGIN: done" goes to done (donelen bytes; "" when none came)
 * on its way to the session's progress display. The plugin ABI has no slot
 * for figures that are not per output dimension (t-SNE's final KL, what
 * UMAP started from), so they travel in that label. */
int vs_project_report(vs_session *s, const vs_args *a, const char *plugin, vs_result *r,
                      char *done, size_t donelen, vs_error *err);

#endif
