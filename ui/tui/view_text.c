/*
 * view_text.c - any other result as text: the text renderer (render.c)
 * writes it into a memory stream, without colour, and the pane shows the
 * lines, scrollable both ways (Up/Down, PgUp/PgDn, Left/Right). TSV and
 * JSON (a line's --tsv, --json) the same way. A line cut at the pane's
 * right edge ends in "›", one scrolled past at the left starts with "‹",
 * and the box's bottom border says which lines are shown.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "ui.h"
#include "xalloc.h"

/* The text view's state: the rendered lines and the scroll position. */
struct text {
    char **lines;          /* NULL-terminated, or NULL */
    size_t n;
    int top, left;         /* first line and first column shown */
};

static struct text *text_of(const ui *u)
{
    return u->views[UI_VIEW_TEXT];
}

static void *init(void)
{
    return xcalloc(1, sizeof(struct text));
}

static void drop(struct text *t)
{
    vs_argv_free((int)t->n, t->lines);
    t->lines = NULL;
    t->n = 0;
    t->top = 0;
    t->left = 0;
}

static void leave(ui *u)
{
    drop(text_of(u));
}

/* Renders the shown result in its output mode into lines. */
static void enter(ui *u)
{
    struct text *t = text_of(u);
    char *buf = NULL, *nbuf = NULL, *p;
    size_t len = 0, nlen = 0, cap = 16;
    FILE *out = open_memstream(&buf, &len), *msg = open_memstream(&nbuf, &nlen);
    vs_render_opts o;

    drop(t);
    if (out == NULL || msg == NULL) {
        if (out)
            fclose(out);
        if (msg)
            fclose(msg);
        free(buf);
        free(nbuf);
        ui_message(u, 1, "cannot render the result: out of memory");
        return;
    }
    memset(&o, 0, sizeof o);
    o.mode = u->mode;
    o.color = 0;
    o.out = out;
    o.msg = msg;  /* notes are on the message line already */
    o.quiet = 0;
    vs_render(&u->res, &o);
    fclose(out);
    fclose(msg);
    free(nbuf);
    t->lines = xmallocarray(cap, sizeof *t->lines);
    for (p = buf; p != NULL && *p != '\0';) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (t->n + 1 >= cap) {
            cap *= 2;
            t->lines = xreallocarray(t->lines, cap, sizeof *t->lines);
        }
        t->lines[t->n++] = xstrndup(p, n);
        p = nl ? nl + 1 : NULL;
    }
    t->lines[t->n] = NULL;
    free(buf);
}

/* The widest line, in columns. */
static int widest(const struct text *t)
{
    int w = 0, k;
    size_t i;

    for (i = 0; i < t->n; i++)
        if ((k = ui_width(t->lines[i])) > w)
            w = k;
    return w;
}

static void draw(ui *u, ui_rect r)
{
    struct text *t = text_of(u);
    int y, maxleft = widest(t) - (r.w - 1);
    size_t i;

    if (t->top > (int)t->n - r.h)
        t->top = (int)t->n - r.h > 0 ? (int)t->n - r.h : 0;
    if (t->left > maxleft)
        t->left = maxleft > 0 ? maxleft + 1 : 0;
    for (i = (size_t)t->top, y = r.y; i < t->n && y < r.y + r.h; i++, y++) {
        /* tabs (TSV) as one space; everything else through ui_put's escaping */
        char *line = xstrdup(t->lines[i]), *p;
        for (p = line; *p; p++)
            if (*p == '\t')
                *p = ' ';
        ui_put_scrolled(y, r.x, line, t->left, r.w);
        free(line);
    }
    if (t->n > (size_t)r.h)
        ui_foot(u, "lines %d-%d of %zu%s", t->top + 1,
                t->top + r.h < (int)t->n ? t->top + r.h : (int)t->n, t->n,
                t->top + r.h < (int)t->n ? " \u25bc" : "");
}

/* The result shown is the table of `attn TEXT`, where o opens every head. */
static int attn_table(const ui *u)
{
    return u->res.kind == VS_RESULT_TABLE && ui_line_cmd(u->line) == &vs_cmd_attn;
}

/* F7 on the summary of `attn [--layer L] TEXT`: every head of that layer
 * (0 without --layer), through `attn --layer L --head 0 TEXT` and the
 * attention view's every-head display. */
static int attn_overview(ui *u)
{
    char *line;

    if (!attn_table(u))
        return 0;
    line = ui_attn_line(u->line, 0);
    if (line != NULL && ui_run(u, line, 0) == 0 && u->view == UI_VIEW_ATTN)
        ui_attn_heads(u);
    free(line);
    return 1;
}

static int key(ui *u, int is_key, wint_t ch)
{
    struct text *t = text_of(u);
    int page = u->pane.h > 2 ? u->pane.h - 1 : 1;

    if (is_key && ch == KEY_F(7))
        return attn_overview(u);
    if (!is_key)
        return 0;
    switch (ch) {
    case KEY_UP: if (t->top > 0) t->top--; return 1;
    case KEY_DOWN: t->top++; return 1;
    case KEY_PPAGE: t->top = t->top > page ? t->top - page : 0; return 1;
    case KEY_NPAGE: t->top += page; return 1;
    case KEY_HOME: t->top = 0; return 1;
    case KEY_END: t->top = (int)t->n; return 1;
    case KEY_LEFT: t->left = t->left > 8 ? t->left - 8 : 0; return 1;
    case KEY_RIGHT: t->left += 8; return 1;
    default: return 0;
    }
}

static const char *hint(const ui *u)
{
    if (attn_table(u))
        return "F7 every head  \u2191\u2193\u2190\u2192 scroll  Tab next pane  F10 quit";
    return NULL;
}

/* A result without a title of its own is named by the line that made it. */
static const char *title(const ui *u)
{
    return u->res.title != NULL ? u->res.title : u->line;
}

const struct ui_view_ops ui_view_text = {
    .init = init,
    .free = free,
    .enter = enter,
    .leave = leave,
    .draw = draw,
    .key = key,
    .hint = hint,
    .title = title,
};
