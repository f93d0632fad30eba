/*
 * project.h - a map of the selected words by a projection plugin: what the
 * pca and tsne commands share.
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

#endif
