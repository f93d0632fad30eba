/*
 * project.h - a map of the selected words by a projection plugin: what the
 * pca, tsne and umap commands share.
 */
#ifndef VS_PROJECT_H
#define VS_PROJECT_H

#include "cmd.h"
#include "vecscope-plugin.h"

/* Turns the final figures of a plugin's run (vecscope-plugin.h) into notes
 * of r. */
typedef void (*vs_project_notes)(const struct vs_plugin_result *res, vs_result *r);

/* Selects the words (selection.h), gathers their vectors, runs the plugin
 * named `plugin` into a.dims (2 or 3, option --dims) dimensions and fills r
 * with the points. Options of the command whose names are parameters of
 * the plugin are handed to it (a parameter "threads" not given gets the
 * session's thread count); the rest keep the plugin's defaults. notes (may
 * be NULL) adds the command's notes from the plugin's figures, after the
 * others. */
int vs_project(vs_session *s, const vs_args *a, const char *plugin,
               vs_project_notes notes, vs_result *r, vs_error *err);

#endif
