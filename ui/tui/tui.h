/*
 * tui.h - the full-screen interface (`vecscope --tui`, `tui` at the prompt).
 */
#ifndef VS_TUI_H
#define VS_TUI_H

#include "error.h"
#include "session.h"

/* Runs the interface on the terminal until quit, Ctrl-D or F10, then
 * restores the terminal. Returns 0, or -1 with a message when it cannot
 * start: no terminal, TERM unset or unknown, or a terminal that cannot move
 * its cursor (dumb); the terminal is not touched then. */
int vs_tui(vs_session *s, vs_error *err);

#endif
