/*
 * tui.h - the full-screen interface (`vecscope --tui`, `tui` at the prompt).
 */
#ifndef VS_TUI_H
#define VS_TUI_H

#include "session.h"

/* Runs the interface on the terminal until quit, Ctrl-D or F10, then
 * restores the terminal. Returns 0, or -1 when curses cannot start (no
 * terminal, unknown TERM). */
int vs_tui(vs_session *s);

#endif
