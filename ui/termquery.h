/*
 * termquery.h - asking the terminal what it can show: whether it draws
 * sixel graphics, by its answer to the primary device attributes query
 * (DA1: the program writes ESC [ c, the terminal answers
 * ESC [ ? N ; A1 ; A2 ... c, and attribute 4 means sixel, as DEC's VT
 * manuals define and xterm, mlterm, foot, WezTerm, tmux and others
 * follow).
 */
#ifndef VS_TERMQUERY_H
#define VS_TERMQUERY_H

#include <stddef.h>

/* What buf[0..len) says, read as a DA1 answer (anything before the
 * ESC [ ? that starts it is skipped): 1 when its attributes include 4, 0
 * when they do not, -1 when it holds no complete answer. */
int vs_da1_sixel(const char *buf, size_t len);

/* Asks the terminal (/dev/tty) and waits at most timeout_ms for the answer:
 * 1 sixel, 0 no sixel, -1 no terminal or no answer in time. The terminal's
 * modes are restored before it returns. */
int vs_term_query_sixel(int timeout_ms);

#endif
