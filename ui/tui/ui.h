/*
 * ui.h - the full-screen interface's internal parts, one header for the
 * files of ui/:
 *
 *   tui.c      the loop, the layout, the status line, the models pane, help,
 *              signals, running commands and choosing a view for a result
 *   cmdline.c  readline on the bottom line (callback interface)
 *   draw.c     safe text: escaping words and clipping them by display width
 *   view_list.c, view_text.c, view_attn.c, view_map.c, view_form.c
 *              the views of the results pane
 *   plot.c     handing a map to gnuplot
 *
 * The interface only runs commands through the table (vs_cmd_run) and draws
 * their typed results; it computes nothing itself.
 */
#ifndef VS_UI_H
#define VS_UI_H

#include <stddef.h>

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
    UI_VIEW_MAP    /* a map of points in Braille dots */
};

/* colour pairs */
enum {
    UI_C_ERROR = 1, UI_C_NOTE, UI_C_BAR, UI_C_TITLE, UI_C_GROUP0,
    UI_C_NGROUPS = 6,
    UI_C_RAMP0 = UI_C_GROUP0 + UI_C_NGROUPS,
    UI_C_NRAMP = 16
};

/* A rectangle of the screen. */
typedef struct ui_rect {
    int y, x, h, w;
} ui_rect;

/* The attention view: one head of one text, or all of them. */
typedef struct ui_attn {
    char *text;            /* the text after attn's options, or NULL */
    int layer, head;       /* shown head; -1 if the result came otherwise */
    int nlayers, nheads;   /* from `attn TEXT`; 0 until known */
    int sel;               /* selected query token */
    int top;               /* first token row shown */
    int overview;          /* every head as small multiples */
    float **all;           /* nlayers * nheads matrices for the overview */
    size_t n;              /* tokens of the cached matrices */
} ui_attn;

/* The map view. */
typedef struct ui_map {
    double minx, maxx, miny, maxy;
    double cx, cy, zoom;
    char **groups;         /* distinct group names, in order of appearance */
    size_t ngroups;
    int *group_of;         /* per point */
} ui_map;

typedef struct ui {
    vs_session *s;
    int rows, cols;
    ui_rect title, side, pane, msg, status, cmd;
    int colors;            /* 0 monochrome, 8, or 256 */
    enum ui_focus focus;
    enum ui_view view;
    int quit;
    int help;              /* the help box is shown */

    vs_result res;         /* the result shown */
    char *line;            /* the command line that made it */
    enum vs_output mode;   /* its output mode */

    char msgbuf[1024];     /* the message line: an error or a note */
    int msg_err;
    char progress[128];    /* "loading x  45%", or "" */

    int sel, top;          /* list: selected row, first row shown */
    char **trail;          /* command lines of earlier lists (Backspace) */
    size_t ntrail;

    char **text;           /* text view: the rendered lines */
    size_t ntext;
    int text_top, text_left;   /* first line and first column shown */

    int model_sel;         /* models pane: selected row */

    ui_attn attn;
    ui_map map;

    char form[3][256];     /* the analogy form's fields A, B, C */
    int form_field;
    int form_mul;
    int form_from;         /* the view the form was opened over */

    int ask_file;          /* the command line asks for a plot's file name */
} ui;

/* tui.c */
void ui_message(ui *u, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Runs line and shows its result (keeping the current view when it fails or
 * has nothing to show). push: remember the current list on the trail. */
int ui_run(ui *u, const char *line, int push);
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
 * terminal) at (y, x), in at most maxw columns; returns the columns used. */
int ui_put(int y, int x, const char *s, int maxw);
/* As ui_put, leaving out the first skip columns of s. */
int ui_put_from(int y, int x, const char *s, int skip, int maxw);
/* Display columns of s as ui_put draws it. */
int ui_width(const char *s);
/* Fills n columns at (y, x) with the character ch (a UTF-8 string). */
void ui_fill(int y, int x, int n, const char *ch);
/* Draws one UTF-8 character (or a short string known to be safe). */
void ui_glyph(int y, int x, const char *g);

/* views */
void ui_list_draw(ui *u, ui_rect r);
int ui_list_key(ui *u, int is_key, wint_t ch);
void ui_list_follow(ui *u);
void ui_list_toggle_mul(ui *u);

void ui_text_set(ui *u, const vs_result *r, enum vs_output mode);
void ui_text_free(ui *u);
void ui_text_draw(ui *u, ui_rect r);
int ui_text_key(ui *u, int is_key, wint_t ch);

void ui_attn_enter(ui *u);
void ui_attn_free(ui_attn *a);
void ui_attn_draw(ui *u, ui_rect r);
int ui_attn_key(ui *u, int is_key, wint_t ch);
int ui_attn_click(ui *u, int y, int x);

void ui_map_enter(ui *u);
void ui_map_free(ui_map *m);
void ui_map_draw(ui *u, ui_rect r);
int ui_map_key(ui *u, int is_key, wint_t ch);

void ui_form_open(ui *u);
void ui_form_draw(ui *u, ui_rect r);
int ui_form_key(ui *u, int is_key, wint_t ch);

/* plot.c: hands the shown map or matrix to gnuplot, in this terminal (out
 * NULL) or into a file. */
void ui_plot(ui *u, const char *out);
/* Asks for the file on the command line; its Enter calls ui_plot. */
void ui_plot_ask(ui *u);

#endif
