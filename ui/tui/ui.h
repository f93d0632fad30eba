/*
 * ui.h - the full-screen interface's internal parts, one header for the
 * files of ui/tui/:
 *
 *   tui.c        the loop, the layout, the status line, the models pane,
 *                help, signals, running commands, choosing a view for a
 *                result, and the table of views
 *   cmdline.c    readline on the bottom line (callback interface)
 *   draw.c       safe text: escaping words and clipping them by display width;
 *                boxes; copying a canvas (src/canvas.h) to the screen
 *   handoff.c    handing a map or a matrix to the plotter (plot.h)
 *   term.c       whether the terminal can hold the interface (terminfo)
 *   view_welcome.c, view_list.c, view_form.c, view_text.c, view_attn.c,
 *   view_map.c   the views of the results pane, one file each: its state
 *                and its entry of the table (struct ui_view_ops)
 *
 * The interface only runs commands through the table (vs_cmd_run) and draws
 * their typed results; it computes nothing itself.
 */
#ifndef VS_UI_H
#define VS_UI_H

#include <stddef.h>

#include "canvas.h"
#include "cmd/cmd.h"
#include "result.h"
#include "session.h"

/* ncursesw's header, chosen in one place */
#define NCURSES_WIDECHAR 1
#include <curses.h>

enum ui_focus { UI_FOCUS_CMD, UI_FOCUS_RESULTS, UI_FOCUS_MODELS };

enum ui_view {
    UI_VIEW_NONE,  /* nothing yet: a welcome */
    UI_VIEW_LIST,  /* a ranked list with bars (nn, analogy) */
    UI_VIEW_FORM,  /* the analogy form over a ranked list */
    UI_VIEW_TEXT,  /* any result as the text renderer writes it */
    UI_VIEW_ATTN,  /* an attention matrix, or every head */
    UI_VIEW_MAP,   /* a map of points in Braille dots */
    UI_NVIEWS
};

/* colour pairs */
enum {
    UI_C_ERROR = 1, UI_C_NOTE, UI_C_BAR, UI_C_TITLE, UI_C_GROUP0,
    UI_C_NGROUPS = 8,  /* VS_PALETTE_NGROUPS */
    UI_C_RAMP0 = UI_C_GROUP0 + UI_C_NGROUPS,
    UI_C_NRAMP = 16,
    UI_C_FRAME = UI_C_RAMP0 + UI_C_NRAMP,  /* a pane's border */
    UI_C_FOCUS,        /* the border of the pane with the focus */
    UI_C_SBAR,         /* the status line */
    UI_C_SKEY,         /* a key's name on the status line */
    UI_C_SMODEL,       /* the model's name on the status line */
    UI_C_MATCH,        /* a search match on a map */
    UI_C_MARK,         /* a marker: scroll arrows, cut text */
    UI_C_INK0,         /* the ramp again, as the colour of dots and lines
                          (UI_C_RAMP0's are the colour behind a cell) */
    UI_C_LAST = UI_C_INK0 + UI_C_NRAMP - 1
};

/* A rectangle of the screen. */
typedef struct ui_rect {
    int y, x, h, w;
} ui_rect;

struct ui;

/* What the command line asks for instead of a command (ui_ask). */
enum ui_ask { UI_ASK_NONE, UI_ASK_FILE, UI_ASK_SEARCH, UI_ASK_CLUSTERS };

/* A view of the results pane, in the manner of tmux's window modes: its
 * operations, one entry per view in tui.c's table (indexed by enum ui_view).
 * Each view keeps its own state, declared in its file and made by init
 * when the interface starts; the interface holds it in ui.views[kind] and
 * hands it to free when it ends. Every view draws; any other operation may
 * be NULL. */
struct ui_view_ops {
    int flags;  /* UI_VIEW_RANKED, UI_VIEW_TYPING */
    /* Makes the view's state when the interface starts; frees it at the
     * end, after leave (so free(3) does for a state of one allocation). */
    void *(*init)(void);
    void (*free)(void *state);
    /* The view becomes the one shown: for a new result in u->res (ui_run),
     * or, for the form, on F5 over whatever is shown. */
    void (*enter)(struct ui *u);
    /* u->res is replaced: drop what enter built from the old result. Every
     * view hears it, not only the one shown: the form opens over another
     * view and leaves its state behind. */
    void (*leave)(struct ui *u);
    void (*draw)(struct ui *u, ui_rect r);
    /* A key for the results pane; 1 when the view used it. */
    int (*key)(struct ui *u, int is_key, wint_t ch);
    /* A mouse click at (y, x) inside the results pane. */
    void (*click)(struct ui *u, int y, int x);
    /* The keys that work here, for the status line; NULL: scrolling. */
    const char *(*hint)(const struct ui *u);
    /* The title line; NULL (or no operation): the result's own title. */
    const char *(*title)(const struct ui *u);
    /* The answer typed on the command line to what the view asked with
     * ui_ask (a search, a number of clusters). */
    void (*answer)(struct ui *u, enum ui_ask ask, const char *text);
};

/* struct ui_view_ops's flags */
enum {
    UI_VIEW_RANKED = 1,  /* a ranked list: replaced by another, it goes on the trail */
    UI_VIEW_TYPING = 2,  /* every key is typed into it, not pane and help keys */
    UI_VIEW_WIDE = 4     /* wants the width: the models pane shows only from 110 columns */
};

/* A list left behind, for Backspace: its command line and where it was. */
struct ui_trail {
    char *line;
    int sel, top;
};

typedef struct ui {
    vs_session *s;
    int rows, cols;
    ui_rect side, frame, pane, msg, status, cmd;  /* frame: the results pane's
                                                     box; pane: inside it */
    int colors;            /* 0 monochrome, 8, or 256 */
    enum ui_focus focus;
    int quit;
    int help;              /* the help box is shown */

    vs_result res;         /* the result shown */
    char *line;            /* the command line that made it */
    enum vs_output mode;   /* its output mode */

    enum ui_view view;     /* the view shown */
    void *views[UI_NVIEWS];  /* each view's own state, by kind (init, free) */

    char msgbuf[1024];     /* the message line: an error or a note */
    int msg_err;
    char progress[128];    /* "loading x  45%", or "" */

    struct ui_trail *trail;  /* earlier lists (Backspace) */
    size_t ntrail;

    int model_sel;         /* models pane: selected row */

    enum ui_ask ask;       /* what the command line asks for, or a command */
    char foot[128];        /* what the view writes on its box's bottom border */
    int help_top;          /* the first line of the help shown */
} ui;

/* term.c: 0 when the terminal on standard input and output can be driven
 * (TERM known to terminfo, with cursor addressing); else -1 with a message
 * that says what to do. Touches nothing. */
int ui_terminal_ok(vs_error *err);

/* tui.c */
void ui_message(ui *u, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Runs line and shows its result (keeping the current view when it fails or
 * has nothing to show). push: remember the current list on the trail. */
int ui_run(ui *u, const char *line, int push);
/* Hands the answer to a question (ui_ask) to the view shown. */
void ui_answer(ui *u, enum ui_ask ask, const char *text);
/* Back along the trail: the last list left, at the row left. */
void ui_back(ui *u);
/* Runs line for its result alone (no view change); 0 or -1 with a message. */
int ui_query(ui *u, const char *line, vs_result *r);
void ui_draw(ui *u);
/* The first word of the line that made the shown result, as a command. */
const vs_cmd *ui_line_cmd(const char *line);
/* word quoted for a command line when it needs to be (xmalloc'd). */
char *ui_quote(const char *word);

/* cmdline.c */
void ui_cmdline_open(ui *u);
void ui_cmdline_close(void);
void ui_cmdline_prompt(ui *u);
void ui_cmdline_key(ui *u, int is_key, wint_t ch);
void ui_cmdline_clear(void);
void ui_cmdline_draw(ui *u);
/* Where the cursor goes on the command line (screen column). */
int ui_cmdline_cursor(void);

/* draw.c */
/* Draws s (escaped: control characters and bad UTF-8 never reach the
 * terminal) at (y, x), in at most maxw columns; returns the columns used.
 * Text cut short shows no sign of it: ui_put_cut is for text that may not
 * fit. */
int ui_put(int y, int x, const char *s, int maxw);
/* As ui_put, but text wider than maxw is cut to maxw - 1 columns and
 * followed by a "…". */
int ui_put_cut(int y, int x, const char *s, int maxw);
/* A line of text scrolled sideways by skip columns, in maxw columns: a
 * "‹" in the first column when skip hides some of it, a "›" in the last
 * when it goes on past the right edge. */
void ui_put_scrolled(int y, int x, const char *s, int skip, int maxw);
/* A box around r, with title in its top border (cut with "…" when long),
 * right a note at the right of the top border (NULL: none) and foot in the
 * bottom one; the focused pane's box is drawn bold and coloured. */
void ui_box(ui *u, ui_rect r, const char *title, const char *right, const char *foot,
            int focused);
/* s wrapped at blanks into lines of w columns, at most maxlines of them
 * (the last ending in "…" when the text goes on), drawn from (y, x) when
 * draw; returns the lines it takes. */
int ui_wrap(int y, int x, const char *s, int w, int maxlines, int draw);
/* Colour pair pair on (1) or off (0) when the terminal has colours. */
void ui_colour(ui *u, int pair, int on);
/* The view writes s on its box's bottom border (scroll positions). */
void ui_foot(ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* As ui_put, leaving out the first skip columns of s. */
int ui_put_from(int y, int x, const char *s, int skip, int maxw);
/* Display columns of s as ui_put draws it. */
int ui_width(const char *s);
/* Fills n columns at (y, x) with the character ch (a UTF-8 string). */
void ui_fill(int y, int x, int n, const char *ch);
/* Draws one UTF-8 character (or a short string known to be safe). */
void ui_glyph(int y, int x, const char *g);

/* A canvas cell's ink (src/canvas.h) as a colour pair: a group's, the
 * ramp's (on 256 colours), or 0 for the terminal's own. */
int ui_ink_pair(const ui *u, int ink);
/* Copies canvas c to the screen at (y, x): its cells that show something,
 * in their inks and attributes. */
void ui_blit(const ui *u, const vs_canvas *c, int y, int x);

/* the views: view_<name>.c each defines its entry of the table */
extern const struct ui_view_ops ui_view_welcome, ui_view_list, ui_view_form,
    ui_view_text, ui_view_attn, ui_view_map;

/* tui.c: a new result r (taken) made by line (taken) replaces the shown
 * one; every view leaves it. The view shown stays. */
void ui_set_result(ui *u, vs_result *r, char *line);

/* view_attn.c: "attn --layer L --head H TEXT" for the line of a summary
 * `attn [--layer L] TEXT` (L 0 when absent); NULL if line is not attn. */
char *ui_attn_line(const char *line, int head);
/* Shows every head of the layer of the head shown. */
void ui_attn_heads(ui *u);

/* view_list.c, for the form (which draws its answer as a list) and F6 */
void ui_list_draw(ui *u, ui_rect r);
int ui_list_key(ui *u, int is_key, wint_t ch);
void ui_list_follow(ui *u);
void ui_list_toggle_mul(ui *u);
/* The list's selected row and first row shown; and setting them (back). */
void ui_list_where(const ui *u, int *sel, int *top);
void ui_list_goto(ui *u, int sel, int top);

/* handoff.c: hands the shown map or matrix to the plotter (plot.h), over
 * this terminal (out NULL: sixel or vecscope's characters) or into a file
 * (through gnuplot). In the terminal, the picture is drawn on the
 * interface's own (alternate) screen and the interface comes back whole;
 * s at the picture asks for a file to write it to. */
void ui_plot(ui *u, const char *out);

/* cmdline.c: the command line asks for something else than a command (a
 * file to plot into, a search, a number) with prompt; Enter hands the text
 * to the view's answer (a file: to ui_plot), Esc and Ctrl-C give up. */
void ui_ask(ui *u, enum ui_ask ask, const char *prompt);
/* Whether the command line holds no text. */
int ui_cmdline_empty(void);

#endif
