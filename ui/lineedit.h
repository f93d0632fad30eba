/*
 * lineedit.h - what the readline prompt (repl.c) and the full-screen
 * interface (ui/) share: the history file and Tab completion of commands,
 * options and the current model's words.
 */
#ifndef VS_LINEEDIT_H
#define VS_LINEEDIT_H

#include "session.h"

/* The history file: $XDG_STATE_HOME/vecscope/history, or
 * ~/.local/state/vecscope/history. Caller frees; NULL if there is no home. */
char *vs_history_path(void);

/* Sets readline's name, word breaks and completion (completing against s's
 * current model), turns off its signal handling, and reads the history file
 * once. s must outlive the editing. */
void vs_lineedit_init(vs_session *s);

/* Adds a line that is not blank to the history and appends it to the
 * history file (kept to the last 2000 lines). */
void vs_lineedit_remember(const char *line);

#endif
