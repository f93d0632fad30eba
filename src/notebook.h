/*
 * notebook.h - a session written down as Markdown (`record FILE.md`), and
 * the commands read back from such a file (`vecscope --replay FILE.md`): a
 * teaching demo prepared once and replayed.
 *
 * A notebook is plain Markdown that any viewer shows:
 *
 *     # vecscope notebook
 *
 *     Recorded by vecscope 0.1. Replay: `vecscope --replay demo.md`.
 *
 *     ```vecscope                  a command, as typed
 *     nn king -k 3
 *     ```
 *
 *     ```text                      its result, as the terminal showed it
 *     nearest to king in books     (notes too; no colour; at most
 *       1  duke   0.725508          VS_NOTEBOOK_MAX_LINES lines)
 *     ```
 *
 *     ```vecscope fails            a command that failed, and its error
 *     nn kingg
 *     ```
 *
 *     ![pca --top 50 --plot](demo-1.png)    a picture, beside the file
 *
 *     Now the analogies.           a comment typed as "# Now the analogies."
 *
 * A fence is longer than any run of backticks inside it, so no output can
 * close it early. Replay runs the lines of the ```vecscope blocks in order;
 * the rest (results, pictures, prose, anything a teacher adds by hand) is
 * for reading. A block whose info string is "vecscope fails" holds
 * commands that are expected to fail: replay shows their error and goes on.
 *
 * Writing: the whole text is kept in memory and the file is written again
 * through the atomic writer (atomicfile.h, with fsync) after every command,
 * so the file on disk is at every moment a whole notebook up to the last
 * command: a crash, a kill or a closed terminal loses nothing, and no
 * temporary file outlives a write. Rewriting costs the notebook's size per
 * command, which is kilobytes: results are cut at VS_NOTEBOOK_MAX_LINES
 * lines and pictures are files of their own (written atomically by plot.h).
 * (Writing once at `record stop` from a temporary file would lose the whole
 * session to a crash.)
 */
#ifndef VS_NOTEBOOK_H
#define VS_NOTEBOOK_H

#include <stddef.h>

#include "error.h"
#include "render.h"
#include "result.h"
#include "session.h"

/* The most lines of one result written down; the rest is counted. */
#define VS_NOTEBOOK_MAX_LINES 200

typedef struct vs_notebook vs_notebook;

/* Starts a notebook at path: its heading is written at once, so a path
 * that cannot be written is reported now. */
int vs_notebook_open(const char *path, vs_notebook **nb, vs_error *err);
void vs_notebook_free(vs_notebook *nb);
const char *vs_notebook_path(const vs_notebook *nb);
/* Commands written down so far. */
size_t vs_notebook_count(const vs_notebook *nb);

/* Writes down a command line and what it gave: r rendered as mode would
 * show it (rc 0), or the error errmsg (rc < 0). A result that asked for a
 * picture (--plot) gets one, drawn by gnuplot into a PNG file beside the
 * notebook; a picture the command wrote itself (--out FILE.png) is linked.
 * Then the file is written again. */
int vs_notebook_add(vs_notebook *nb, const char *line, int rc, const vs_result *r,
                    enum vs_output mode, const char *errmsg, vs_error *err);

/* Writes down the commands that set up what was there before recording
 * began (load the models that were open), in one block, so that a replay
 * starts from the same place. */
int vs_notebook_setup(vs_notebook *nb, char *const *lines, size_t n, vs_error *err);

/* Writes down text (a comment typed at the prompt) as a paragraph. */
int vs_notebook_comment(vs_notebook *nb, const char *text, vs_error *err);

/* The notebook a session is recording to, or NULL; starting (the session
 * takes nb) and stopping (freed) it. Stop returns -1 when none is on. */
vs_notebook *vs_notebook_of(const vs_session *s);
void vs_notebook_attach(vs_session *s, vs_notebook *nb);
int vs_notebook_detach(vs_session *s);

/* A command of a notebook, for replay. */
typedef struct vs_notebook_cmd {
    char *line;
    size_t lineno;   /* its line in the file */
    int may_fail;    /* in a "vecscope fails" block */
} vs_notebook_cmd;

/* Reads the commands of the notebook at path. An unclosed vecscope block
 * is an error naming its line; a file without one is an error too. */
int vs_notebook_read(const char *path, vs_notebook_cmd **cmds, size_t *n, vs_error *err);
void vs_notebook_cmds_free(vs_notebook_cmd *cmds, size_t n);

#endif
