/*
 * term.c - whether this terminal can hold the full-screen interface, asked
 * of terminfo before curses touches it. (Its own file: term.h defines
 * macros named lines, columns and the like that must not meet the rest of
 * the interface's code.)
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"
#include "utf8.h"

#include <term.h>  /* after curses.h, which ui.h includes */

/* Whether the terminal can be driven: TERM set, known to terminfo, and able
 * to move the cursor. Checked before curses touches the terminal: on `dumb`
 * or an unknown type newterm would go on and draw everything on one line. */
int ui_terminal_ok(vs_error *err)
{
    const char *term = getenv("TERM");
    char *shown, *cup;
    int e = 0, ok;

    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return vs_fail(err, "the full-screen interface needs a terminal on standard input "
                            "and output");
    if (term == NULL || *term == '\0')
        return vs_fail(err, "TERM is not set, so the terminal's type is unknown; set it "
                            "(e.g. TERM=xterm-256color) or use the prompt (vecscope without "
                            "--tui)");
    shown = vs_escape(term, strlen(term));
    if (setupterm(NULL, STDOUT_FILENO, &e) != OK) {
        vs_fail(err, "TERM=%s is a terminal type this system does not know (no terminfo "
                     "entry); set TERM to your terminal's type or use the prompt", shown);
        free(shown);
        return -1;
    }
    cup = tigetstr("cup");
    ok = cup != NULL && cup != (char *)-1;
    del_curterm(cur_term);
    if (!ok)
        vs_fail(err, "TERM=%s cannot move the cursor (no 'cup' capability), which the "
                     "full-screen interface needs; use the prompt (vecscope without "
                     "--tui)", shown);
    free(shown);
    return ok ? 0 : -1;
}

