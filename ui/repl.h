/*
 * repl.h - the interactive prompt on GNU readline.
 */
#ifndef VS_REPL_H
#define VS_REPL_H

#include "render.h"
#include "session.h"

/* Reads and runs lines until quit or end of input. Returns 0. */
int vs_repl(vs_session *s, enum vs_output out, const vs_render_opts *o);

#endif
