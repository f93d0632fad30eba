/*
 * view_list.c - a ranked result (nn, analogy, fill...) as a list with a
 * similarity bar per row.
 *
 * Enter on a word (with the command line empty) runs `nn WORD` and puts the
 * list left behind on the trail, with the row selected; Backspace runs the
 * trail's last line again and selects that row again. F6 runs an analogy
 * again with --mul added or taken away: 3CosAdd <-> 3CosMul. A word too
 * wide for its column ends in "…".
 *
 * The analogy form draws its answer with this view's draw and keys, so the
 * selected row is the list's for both.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "xalloc.h"

/* The list's state: which row is selected, which is shown first. */
struct list {
    int sel, top;
};

static struct list *list_of(const ui *u)
{
    return u->views[UI_VIEW_LIST];
}

/* Eighths of a cell, for the end of a bar. */
static const char *const eighths[] = {"", "\u258f", "\u258e", "\u258d", "\u258c",
                                      "\u258b", "\u258a", "\u2589"};

/* A bar of value v (0..1) over w columns. */
static void bar(ui *u, int y, int x, int w, double v)
{
    int cells8, full, part;

    if (!(v > 0))
        return;
    if (v > 1)
        v = 1;
    cells8 = (int)lround(v * w * 8);
    full = cells8 / 8;
    part = cells8 % 8;
    if (u->colors)
        attron(COLOR_PAIR(UI_C_BAR));
    ui_fill(y, x, full, "\u2588");
    if (part && full < w)
        ui_glyph(y, x + full, eighths[part]);
    if (u->colors)
        attroff(COLOR_PAIR(UI_C_BAR));
}

void ui_list_draw(ui *u, ui_rect r)
{
    const vs_result *res = &u->res;
    struct list *l = list_of(u);
    size_t i;
    int ww = 4, rows = r.h - 1, y, bw;
    double maxs = 1.0;

    if (rows < 1)
        return;
    for (i = 0; i < res->nitems; i++) {
        int w = ui_width(res->items[i].term);
        if (w > ww)
            ww = w;
        if (fabs(res->items[i].score) > maxs)
            maxs = fabs(res->items[i].score);
    }
    if (ww > r.w / 3)
        ww = r.w / 3;
    bw = r.w - 1 - 5 - ww - 2 - 11;  /* " 10  word  bar  0.123456" */
    if (l->sel >= (int)res->nitems)
        l->sel = res->nitems ? (int)res->nitems - 1 : 0;
    if (l->sel < l->top)
        l->top = l->sel;
    if (l->sel >= l->top + rows)
        l->top = l->sel - rows + 1;
    attron(A_DIM);
    ui_put_cut(r.y, r.x + 1, res->score_name ? res->score_name : "score", r.w - 2);
    attroff(A_DIM);
    if (res->nitems == 0)
        ui_put(r.y + 1, r.x + 1, "(no results)", r.w - 2);
    else if (res->nitems > (size_t)rows)
        ui_foot(u, "%d-%d of %zu%s", l->top + 1,
                l->top + rows < (int)res->nitems ? l->top + rows : (int)res->nitems,
                res->nitems, l->top + rows < (int)res->nitems ? " \u25bc" : "");
    for (i = (size_t)l->top, y = r.y + 1; i < res->nitems && y < r.y + r.h; i++, y++) {
        char num[32], score[32];
        int x = r.x + 1, selected = (int)i == l->sel;
        snprintf(num, sizeof num, "%3zu", i + 1);
        snprintf(score, sizeof score, res->whole_scores ? "%9.0f" : "%9.6f",
                 res->items[i].score);
        if (selected) {
            ui_glyph(y, r.x, u->focus == UI_FOCUS_RESULTS || u->view == UI_VIEW_FORM ? ">" : " ");
            attron(u->focus == UI_FOCUS_RESULTS ? A_REVERSE : A_BOLD);
        }
        ui_put(y, x, num, 3);
        x += 5;
        ui_put_cut(y, x, res->items[i].term, ww);
        attroff(A_REVERSE | A_BOLD);
        x += ww + 2;
        if (bw > 0) {
            /* whole numbers are ranks (words REGEX): no bar to compare */
            if (!res->whole_scores)
                bar(u, y, x, bw, res->items[i].score / maxs);
            x += bw + 1;
        }
        ui_put(y, x, score, r.x + r.w - x);
    }
}

/* Runs `nn WORD` for the selected row; the list left goes on the trail. */
void ui_list_follow(ui *u)
{
    int sel = list_of(u)->sel;
    char *q, *line;

    if (u->res.kind != VS_RESULT_RANKED || sel < 0 || (size_t)sel >= u->res.nitems)
        return;
    q = ui_quote(u->res.items[sel].term);
    line = xasprintf("nn %s", q);
    if (u->view == UI_VIEW_FORM)
        u->view = UI_VIEW_LIST;  /* the form's answer joins the trail as a list */
    ui_run(u, line, 1);
    free(line);
    free(q);
}

/* The shown analogy's line with --mul added or taken away. */
void ui_list_toggle_mul(ui *u)
{
    char **argv, *line;
    int argc, i, had = 0;
    size_t len = 0;
    vs_error err;

    if (u->view == UI_VIEW_FORM) {
        ui_view_form.key(u, 1, KEY_F(6));
        return;
    }
    if (u->view != UI_VIEW_LIST || ui_line_cmd(u->line) != &vs_cmd_analogy) {
        ui_message(u, 0, "F6 switches 3CosAdd/3CosMul for an analogy's answers");
        return;
    }
    if (vs_split_words(u->line, &argc, &argv, &err) < 0)
        return;
    for (i = 0; i < argc; i++)
        len += strlen(argv[i]) * 2 + 4;
    line = xmalloc(len + 8);
    line[0] = '\0';
    for (i = 0; i < argc; i++) {
        char *q;
        if (strcmp(argv[i], "--mul") == 0) {
            had = 1;
            continue;
        }
        q = ui_quote(argv[i]);
        if (line[0])
            strcat(line, " ");
        strcat(line, q);
        free(q);
    }
    if (!had)
        strcat(line, " --mul");
    vs_argv_free(argc, argv);
    ui_run(u, line, 0);
    free(line);
}

int ui_list_key(ui *u, int is_key, wint_t ch)
{
    struct list *l = list_of(u);
    int n = (int)u->res.nitems, page = u->pane.h - 2 > 1 ? u->pane.h - 2 : 1;

    if (is_key) {
        switch (ch) {
        case KEY_UP: if (l->sel > 0) l->sel--; return 1;
        case KEY_DOWN: if (l->sel + 1 < n) l->sel++; return 1;
        case KEY_PPAGE: l->sel = l->sel > page ? l->sel - page : 0; return 1;
        case KEY_NPAGE: l->sel = l->sel + page < n ? l->sel + page : (n ? n - 1 : 0); return 1;
        case KEY_HOME: l->sel = 0; return 1;
        case KEY_END: l->sel = n ? n - 1 : 0; return 1;
        case KEY_ENTER: ui_list_follow(u); return 1;
        case KEY_BACKSPACE: ui_back(u); return 1;
        default: return 0;
        }
    }
    switch (ch) {
    case '\n': case '\r': ui_list_follow(u); return 1;
    case 127: case 8: ui_back(u); return 1;
    default: return 0;
    }
}

void ui_list_where(const ui *u, int *sel, int *top)
{
    const struct list *l = list_of(u);

    *sel = l->sel;
    *top = l->top;
}

void ui_list_goto(ui *u, int sel, int top)
{
    struct list *l = list_of(u);

    l->sel = sel;
    l->top = top;
}

/* A click on a row selects it. */
static void click(ui *u, int y, int x)
{
    struct list *l = list_of(u);
    int i = l->top + y - u->pane.y - 1;

    (void)x;
    if (i >= 0 && (size_t)i < u->res.nitems)
        l->sel = i;
}

static void *init(void)
{
    return xcalloc(1, sizeof(struct list));
}

/* A new result starts at its first row. */
static void leave(ui *u)
{
    struct list *l = list_of(u);

    l->sel = l->top = 0;
}

static const char *hint(const ui *u)
{
    (void)u;
    return "\u2191\u2193 select  Enter neighbours  Bksp back  F6 Add/Mul  Tab next pane  "
           "F10 quit";
}

const struct ui_view_ops ui_view_list = {
    .flags = UI_VIEW_RANKED,
    .init = init,
    .free = free,
    .leave = leave,
    .draw = ui_list_draw,
    .key = ui_list_key,
    .click = click,
    .hint = hint,
};
