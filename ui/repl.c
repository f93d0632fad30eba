/*
 * repl.c - the interactive prompt.
 *
 * readline's callback interface is fed from a select() loop, so that Ctrl-C
 * at the prompt (which only sets vs_interrupted, see frontend.c) can throw
 * the half-typed line away and show a fresh prompt, and Ctrl-C during a
 * command cancels just that command. History and completion are shared with
 * the full-screen interface (lineedit.c); `tui` opens that interface.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "frontend.h"
#include "lineedit.h"
#include "repl.h"
#include "tui/tui.h"
#include "utf8.h"
#include "xalloc.h"

static vs_session *repl_session;
static char *pending_line;
static int got_line, got_eof;

/* --- the loop --- */

static void on_line(char *line)
{
    if (line == NULL)
        got_eof = 1;
    else
        pending_line = line;
    got_line = 1;
    rl_callback_handler_remove();
}

static const char *prompt(void)
{
    static char buf[128];
    const vs_model *m = vs_session_model(repl_session);
    const char *name = m ? m->name : "vecscope";
    /* the name comes from a file name: escaped, and cut at 60 bytes on a
     * character boundary */
    char *e = vs_escape(name, strlen(name));
    size_t n = vs_utf8_valid_prefix(e, strlen(e) < 60 ? strlen(e) : 60);

    snprintf(buf, sizeof buf, "%.*s> ", (int)n, e);
    free(e);
    return buf;
}

int vs_repl(vs_session *s, enum vs_output out, const vs_render_opts *o)
{
    repl_session = s;
    vs_lineedit_init(s);
    if (s->nmodels == 0)
        fprintf(o->msg, "vecscope %s: no model is open. 'load PATH' opens one; 'help' lists "
                "the commands.\n", PACKAGE_VERSION);
    else
        fprintf(o->msg, "vecscope %s: 'help' lists the commands; Ctrl-D leaves.\n",
                PACKAGE_VERSION);

    while (!s->quit) {
        got_line = got_eof = 0;
        pending_line = NULL;
        rl_callback_handler_install(prompt(), on_line);
        while (!got_line) {
            fd_set fds;
            FD_ZERO(&fds);
            FD_SET(STDIN_FILENO, &fds);
            if (select(STDIN_FILENO + 1, &fds, NULL, NULL, NULL) < 0) {
                if (errno == EINTR && vs_interrupted) {
                    /* Ctrl-C at the prompt: drop the line, fresh prompt */
                    vs_interrupted = 0;
                    rl_replace_line("", 0);
                    rl_crlf();
                    rl_on_new_line();
                    rl_redisplay();
                }
                continue;
            }
            rl_callback_read_char();
        }
        if (got_eof) {
            fputc('\n', o->out);
            break;
        }
        if (pending_line[strspn(pending_line, " \t")] != '\0') {
            vs_lineedit_remember(pending_line);
            vs_frontend_run(s, pending_line, NULL, out, o);
        }
        free(pending_line);
        if (s->open_tui) {
            /* `tui` at the prompt: the full-screen interface, then back here
             * (its quit leaves the interface, not the program) */
            s->open_tui = 0;
            vs_error terr;
            if (vs_tui(s, &terr) < 0)
                vs_render_error("tui", terr.msg, o);
            s->quit = 0;
            vs_lineedit_init(s);
        }
    }
    return 0;
}
