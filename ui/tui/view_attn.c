/*
 * view_attn.c - a MATRIX result. An attention head (`attn --layer L --head
 * H TEXT`) has three displays, F7 going from one to the next:
 *
 *   heatmap     the query tokens down, the key tokens across, each cell
 *               shaded by its weight, a colour scale under it;
 *   lines       bertviz's head view: the tokens in two columns, the
 *               selected query joined to every key by a line coloured by
 *               the weight;
 *   every head  the heads of one layer as small heatmaps, as many as fit,
 *               paged (PgUp/PgDn); Enter opens the one picked.
 *
 * Any other matrix (simmat, sim over two sets, ssim --file, a probe's
 * confusion matrix) has the heatmap alone, shaded over its own scale
 * (cosines from -1 to 1), its values named on the first line.
 *
 * Nothing is hidden without a sign: the heatmap scrolls both ways with the
 * selection, the rows and columns off screen are counted on the first line
 * and marked with ▲ ▼ ◀ ▶ at the edges; column labels are written
 * across, staggered over up to three lines when they are wider than a
 * column, cut with "…" when even that is too narrow (the selected
 * column's full token is on the line under the map). The cells grow with
 * the window up to eight columns each.
 *
 * Keys: arrows move the selected query (row) and key (column); [ and ]
 * the previous and next head, < and > (or , and .) the previous and next
 * layer, each by running attn again; F8 switches the scale between the
 * square root and the weight itself (the result's plot_scale, so the
 * picture F9 draws agrees); F9 hands the head to the plotter (handoff.c),
 * as a heatmap or, in the lines display, as the head view.
 *
 * The head view's lines and the colour bar are drawn by src/termplot.c on
 * a canvas (as `attn --plot` draws them at the prompt) and copied to the
 * screen; the heatmap's cells are the interface's own, coloured behind
 * (so the selected cell's mark shows on them), in the same ramp and
 * through the same scale (vs_scale_of). The number of layers and heads and
 * each head's entropy come from `attn TEXT`'s summary.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "palette.h"
#include "termplot.h"
#include "ui.h"
#include "utf8.h"
#include "xalloc.h"

static const char *const shades[] = {" ", "\u2591", "\u2592", "\u2593", "\u2588"};

enum display { D_HEATMAP, D_LINES, D_HEADS };

/* The attention view's state: one head of one text, or one layer's heads. */
struct attn {
    char *text;          /* the text after attn's options, or NULL */
    int layer, head;     /* shown head; -1 if the result came otherwise */
    int nlayers, nheads; /* from `attn TEXT`; 0 until known */
    double *entropy;     /* nlayers * nheads, from the same summary */
    char **pair;         /* nlayers * nheads strongest pairs */
    int row, col;        /* selected query and key token */
    int top, left;       /* first row and column shown */
    enum display display;
    float **heads; /* every head's matrix of layer heads_layer */
    int heads_layer;
    size_t n; /* tokens of those matrices */
    /* where the last draw put things, for clicks and paging */
    int grid_y, grid_x, cw, rh, per, tpr;
};

static struct attn *attn_of(const ui *u)
{
    return u->views[UI_VIEW_ATTN];
}

static void drop_heads(struct attn *a)
{
    int h;

    if (a->heads != NULL)
        for (h = 0; h < a->nheads; h++)
            free(a->heads[h]);
    free(a->heads);
    a->heads = NULL;
    a->heads_layer = -1;
}

/* Back to no text, no head known. */
static void drop(struct attn *a)
{
    drop_heads(a);
    free(a->entropy);
    vs_argv_free(a->nlayers * a->nheads, a->pair);
    free(a->text);
    memset(a, 0, sizeof *a);
    a->layer = a->head = a->heads_layer = -1;
}

static void *init(void)
{
    struct attn *a = xcalloc(1, sizeof *a);

    a->layer = a->head = a->heads_layer = -1;
    return a;
}

static void free_state(void *state)
{
    if (state != NULL)
        drop(state);
    free(state);
}

static void leave(ui *u)
{
    drop(attn_of(u));
}

/* The words of an attn line: *layer and *head (-1 when absent) and the text,
 * its words quoted again (xmalloc'd); NULL when line is not attn. */
static char *parse_attn(const char *line, int *layer, int *head)
{
    char **argv, *text;
    int argc, i, only_pos = 0;
    size_t len = 1;
    vs_error err;

    *layer = *head = -1;
    if (ui_line_cmd(line) != &vs_cmd_attn ||
        vs_split_words(line, &argc, &argv, &err) < 0)
        return NULL;
    for (i = 1; i < argc; i++)
        len += 2 * strlen(argv[i]) + 4;
    text = xmalloc(len);
    text[0] = '\0';
    for (i = 1; i < argc; i++) {
        const char *w = argv[i], *eq = strchr(w, '=');
        const vs_opt *o = NULL;
        if (!only_pos && strcmp(w, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (!only_pos && strncmp(w, "--", 2) == 0) {
            char name[64];
            snprintf(name, sizeof name, "%.*s",
                     (int)(eq ? eq - w - 2 : (long)strlen(w) - 2), w + 2);
            o = vs_cmd_opt(&vs_cmd_attn, name);
            if (o == NULL && (strcmp(name, "tsv") == 0 || strcmp(name, "json") == 0))
                continue;
        }
        if (o != NULL) {
            const char *v =
                eq ? eq + 1
                   : (o->type != VS_OPT_FLAG && i + 1 < argc ? argv[++i] : NULL);
            if (strcmp(o->name, "layer") == 0 && v != NULL)
                *layer = atoi(v);
            else if (strcmp(o->name, "head") == 0 && v != NULL)
                *head = atoi(v);
            continue;
        }
        {
            char *q = ui_quote(w);
            if (text[0])
                strcat(text, " ");
            strcat(text, q);
            free(q);
        }
    }
    vs_argv_free(argc, argv);
    return text;
}

char *ui_attn_line(const char *line, int head)
{
    int l, h;
    char *text = parse_attn(line, &l, &h), *out;

    if (text == NULL)
        return NULL;
    out = xasprintf("attn --layer %d --head %d %s", l >= 0 ? l : 0, head, text);
    free(text);
    return out;
}

/* The number of layers and heads and each head's entropy and strongest
 * pair, from the summary `attn TEXT`. */
static int counts(ui *u)
{
    struct attn *a = attn_of(u);
    vs_result r;
    char *line;
    size_t i;

    if (a->nlayers > 0)
        return 0;
    if (a->text == NULL)
        return -1;
    line = xasprintf("attn %s", a->text);
    if (ui_query(u, line, &r) < 0) {
        free(line);
        return -1;
    }
    free(line);
    if (r.kind == VS_RESULT_TABLE && r.cols >= 5) {
        for (i = 0; i < r.rows; i++) {
            int l = atoi(r.cells[i * r.cols]), h = atoi(r.cells[i * r.cols + 1]);
            if (l + 1 > a->nlayers)
                a->nlayers = l + 1;
            if (h + 1 > a->nheads)
                a->nheads = h + 1;
        }
        a->entropy = xcalloc((size_t)a->nlayers * a->nheads + 1, sizeof *a->entropy);
        a->pair = xcalloc((size_t)a->nlayers * a->nheads + 1, sizeof *a->pair);
        for (i = 0; i < r.rows; i++) {
            int k =
                atoi(r.cells[i * r.cols]) * a->nheads + atoi(r.cells[i * r.cols + 1]);
            a->entropy[k] = atof(r.cells[i * r.cols + 2]);
            a->pair[k] =
                xasprintf("%s %s", r.cells[i * r.cols + 3], r.cells[i * r.cols + 4]);
        }
    }
    vs_result_clear(&r);
    return a->nlayers > 0 ? 0 : -1;
}

static void enter(ui *u)
{
    struct attn *a = attn_of(u);

    drop(a);
    a->text = parse_attn(u->line, &a->layer, &a->head);
    if (a->layer < 0 || a->head < 0)
        a->layer = a->head = -1;
    if (a->layer >= 0 && a->text != NULL)
        counts(u);
}

/* Shows head (l, h) of the same text: runs attn again, keeping the scale
 * and the selection. */
static int show_head(ui *u, int l, int h)
{
    struct attn *a = attn_of(u);
    vs_result r;
    char *line;
    int scale = u->res.plot_scale, view = u->res.matrix_view;

    if (a->text == NULL || a->layer < 0) {
        ui_message(u, 0,
                   "this matrix did not come from 'attn --layer L --head H TEXT'");
        return -1;
    }
    if (counts(u) < 0)
        return -1;
    if (l < 0 || h < 0 || l >= a->nlayers || h >= a->nheads)
        return -1;
    line = xasprintf("attn --layer %d --head %d %s", l, h, a->text);
    if (ui_query(u, line, &r) < 0) {
        free(line);
        return -1;
    }
    vs_result_clear(&u->res);
    u->res = r;
    u->res.plot_scale = scale;
    u->res.matrix_view = view;
    free(u->line);
    u->line = line;
    a->layer = l;
    a->head = h;
    u->msgbuf[0] = '\0';
    return 0;
}

/* Every head of layer l (one attn run each), for the every-head display. */
static int fetch_layer(ui *u, int l)
{
    struct attn *a = attn_of(u);
    int h;
    vs_error err;

    if (a->heads != NULL && a->heads_layer == l)
        return 0;
    if (a->text == NULL || a->layer < 0 || counts(u) < 0) {
        ui_message(u, 0,
                   "every head needs a matrix from 'attn --layer L --head H TEXT'");
        return -1;
    }
    drop_heads(a);
    a->heads = xcalloc((size_t)a->nheads, sizeof *a->heads);
    a->n = u->res.mrows;
    for (h = 0; h < a->nheads; h++) {
        vs_result r;
        char *line = xasprintf("attn --layer %d --head %d %s", l, h, a->text);
        int rc = vs_progress_step(u->s->progress, "attention of every head",
                                  (double)h / a->nheads, &err);
        if (rc == 0)
            rc = ui_query(u, line, &r);
        else
            ui_message(u, 0, "cancelled");
        free(line);
        if (rc < 0) {
            vs_progress_done(u->s->progress);
            drop_heads(a);
            return -1;
        }
        a->heads[h] = xcalloc(a->n * a->n + 1, sizeof(float));
        if (r.mrows == a->n && r.mcols == a->n)
            memcpy(a->heads[h], r.matrix, a->n * a->n * sizeof(float));
        vs_result_clear(&r);
    }
    vs_progress_done(u->s->progress);
    a->heads_layer = l;
    return 0;
}

/* --- drawing --- */

/* The colour of shade s (0..1) on the ramp: 0 .. UI_C_NRAMP - 1. */
static int ramp_index(double s)
{
    int k = (int)(s * (UI_C_NRAMP - 1) + 0.5);

    return k < 0 ? 0 : k >= UI_C_NRAMP ? UI_C_NRAMP - 1 : k;
}

/* One cell of shade s (0..1) over w columns at (y, x): a colour of the
 * ramp on 256-colour terminals, a shading character elsewhere. mark: the
 * selected cell, with a diamond in it. */
static void cell(ui *u, int y, int x, int w, double s, int mark)
{
    if (u->colors == 256) {
        int k = ramp_index(s);
        attron(COLOR_PAIR(UI_C_RAMP0 + k));
        ui_fill(y, x, w, " ");
        if (mark)
            ui_glyph(y, x + (w - 1) / 2, "\u25c6");
        attroff(COLOR_PAIR(UI_C_RAMP0 + k));
    } else {
        int k = (int)(s * 5.0);
        k = k > 4 ? 4 : k < 0 ? 0 : k;
        ui_colour(u, UI_C_BAR, 1);
        ui_fill(y, x, w, shades[k]);
        ui_colour(u, UI_C_BAR, 0);
        if (mark) {
            attron(A_REVERSE | A_BOLD);
            ui_glyph(y, x + (w - 1) / 2, "\u25c6");
            attroff(A_REVERSE | A_BOLD);
        }
    }
}

/* The colour bar on one line at (y, x) in w columns (termplot's, as at
 * the prompt), and the key that switches the scale. */
static void legend(ui *u, int y, int x, int w)
{
    const vs_result *res = &u->res;
    vs_canvas *c;
    int used;

    if (w < 12)
        return;
    c = vs_canvas_new(w, 1);
    used = vs_termplot_scale(c, 0, 0, w, res, u->colors);
    ui_blit(u, c, y, x);
    vs_canvas_free(c);
    if (used > 0 && used + 12 < w) {
        attron(A_DIM);
        ui_put(y, x + used, res->plot_scale == VS_SCALE_SQRT ? " (F8: linear)" : " (F8: sqrt)",
               w - used);
        attroff(A_DIM);
    }
}

/* A token's label in at most room columns: cut with "…", keeping the
 * "@position" of a repeated token ("wood…", "t…@13"). */
static void put_label(int y, int x, const char *label, int room)
{
    const char *at = strrchr(label, '@');
    int w = ui_width(label), sw;

    if (w <= room || at == NULL || at == label || at[1] == '\0' ||
        strspn(at + 1, "0123456789") != strlen(at + 1)) {
        ui_put_cut(y, x, label, room);
        return;
    }
    sw = ui_width(at);
    if (room < sw + 2) {
        ui_put_cut(y, x, label, room);
        return;
    }
    {
        char *head = xstrndup(label, (size_t)(at - label));
        int used = ui_put(y, x, head, room - sw - 1);
        mvaddstr(y, x + used, "\u2026");
        ui_put(y, x + used + 1, at, sw);
        free(head);
    }
}

/* The three strongest keys of row (m values), best first. */
static void top3(const float *row, size_t m, size_t best[3])
{
    size_t k, j;

    for (k = 0; k < 3; k++) {
        best[k] = m;
        for (j = 0; j < m; j++)
            if ((k < 1 || j != best[0]) && (k < 2 || j != best[1]) &&
                (best[k] == m || row[j] > row[best[k]]))
                best[k] = j;
    }
}

/* The line under the map: the selected query and key (row and column),
 * their weight (value), and the query's strongest keys (the row's highest
 * values). */
static void selection_line(ui *u, int y, int x, int w)
{
    const vs_result *res = &u->res;
    struct attn *a = attn_of(u);
    const float *row = res->matrix + (size_t)a->row * res->mcols;
    size_t best[3], k;
    char line[512];
    int len;

    top3(row, res->mcols, best);
    len = snprintf(line, sizeof line, "%s \u2192 %s: %.2f   %s:", res->row_labels[a->row],
                   res->col_labels[a->col], row[a->col],
                   a->layer >= 0 ? "strongest" : "highest");
    for (k = 0; k < 3 && best[k] < res->mcols && len > 0 && (size_t)len < sizeof line;
         k++)
        len += snprintf(line + len, sizeof line - (size_t)len, " %s %.2f",
                        res->col_labels[best[k]], row[best[k]]);
    attron(A_BOLD);
    ui_put_cut(y, x, line, w);
    attroff(A_BOLD);
}

/* The head's place ("layer 0 of 0-3 · head 1 of 0-3"); for another matrix
 * (simmat, sim over sets, ssim --file, a probe's confusion matrix), what its
 * values are and their scale ("cosine from -1 to 1"). */
static void head_name(const struct attn *a, const vs_result *res, char *buf, size_t size)
{
    if (a->layer >= 0 && a->nlayers > 0)
        snprintf(buf, size, "layer %d of 0-%d \u00b7 head %d of 0-%d", a->layer,
                 a->nlayers - 1, a->head, a->nheads - 1);
    else
        snprintf(buf, size, "%s from %g to %g", res->value_title ? res->value_title : "values",
                 vs_scale_value(res, 0.0), vs_scale_value(res, 1.0));
}

/* Keeps the selection inside the matrix and in view: first of count shown
 * from *first, sel among them. */
static void follow(int sel, int count, int shown, int *first)
{
    if (shown < 1)
        shown = 1;
    if (*first > sel)
        *first = sel;
    if (sel >= *first + shown)
        *first = sel - shown + 1;
    if (*first > count - shown)
        *first = count - shown;
    if (*first < 0)
        *first = 0;
}

static void draw_heatmap(ui *u, ui_rect r)
{
    const vs_result *res = &u->res;
    struct attn *a = attn_of(u);
    int n = (int)res->mrows, m = (int)res->mcols, lw = 4, maxcl = 1, cw, k, gh, gx,
        avail, rh;
    int mshow, i, j, y;
    size_t best[3];
    char info[256], where[64];

    if (n == 0 || m == 0 || r.h < 6 || r.w < 20) {
        ui_put_cut(r.y, r.x, "(the pane is too small for the heatmap)", r.w);
        return;
    }
    for (i = 0; i < n; i++)
        if (ui_width(res->row_labels[i]) > lw)
            lw = ui_width(res->row_labels[i]);
    for (j = 0; j < m; j++)
        if (ui_width(res->col_labels[j]) > maxcl)
            maxcl = ui_width(res->col_labels[j]);
    if (lw > r.w / 5 + 2)
        lw = r.w / 5 + 2;
    gx = r.x + lw + 1;
    avail = r.w - lw - 2; /* a column at the right for ▲ ▼ ▶ */
    /* cells grow with the window, 2 to 8 columns */
    cw = avail / m;
    cw = cw > 8 ? 8 : cw < 2 ? 2 : cw;
    mshow = avail / cw < m ? avail / cw : m;
    /* label lines: one when every label fits its column, else staggered */
    k = maxcl + 1 <= cw ? 1 : (maxcl + 1 + cw - 1) / cw;
    k = k > 3 ? 3 : k;
    while (k > 1 && r.h - 3 - k < 3)
        k--;
    /* rows of rh lines each when the window has room: cells about as tall
     * as they are wide (a character is about twice as tall as wide) */
    rh = (r.h - 3 - k) / n;
    rh = rh > cw / 2 ? cw / 2 : rh;
    rh = rh < 1 ? 1 : rh;
    gh = (r.h - 3 - k) / rh; /* rows shown */
    a->grid_y = r.y + 1 + k;
    a->grid_x = gx;
    a->cw = cw;
    a->rh = rh;
    follow(a->row, n, gh, &a->top);
    follow(a->col, m, mshow, &a->left);
    top3(res->matrix + (size_t)a->row * m, (size_t)m, best);
    /* the first line: which head, and what is off screen */
    head_name(a, res, info, sizeof info);
    snprintf(where, sizeof where, "rows %d-%d of %d", a->top + 1,
             a->top + (gh < n ? gh : n), n);
    {
        char line[512];
        snprintf(line, sizeof line, "%s \u00b7 %s%s \u00b7 columns %d-%d of %d%s", info,
                 where, a->top + gh < n ? " \u25bc" : "", a->left + 1, a->left + mshow,
                 m, a->left + mshow < m ? " \u25b6" : "");
        attron(A_DIM);
        ui_put_cut(r.y, r.x, line, r.w);
        attroff(A_DIM);
    }
    /* column labels across, staggered over k lines */
    for (j = 0; j < mshow; j++) {
        int col = a->left + j, x = gx + j * cw, room = k * cw - 1;
        int strong = col == (int)best[0] || col == (int)best[1] || col == (int)best[2];
        if (k == 1)
            room = cw - 1;
        if (x + room > r.x + r.w)
            room = r.x + r.w - x;
        attron(col == a->col ? A_REVERSE | A_BOLD : strong ? A_BOLD | A_UNDERLINE : 0);
        put_label(r.y + 1 + j % k, x, res->col_labels[col], room > 1 ? room : 1);
        attroff(A_REVERSE | A_BOLD | A_UNDERLINE);
    }
    attron(A_BOLD);
    ui_colour(u, UI_C_MARK, 1);
    if (a->left > 0)
        ui_glyph(r.y + 1, gx - 1, "\u25c0");
    if (a->left + mshow < m)
        ui_glyph(r.y + 1, gx + mshow * cw, "\u25b6");
    ui_colour(u, UI_C_MARK, 0);
    attroff(A_BOLD);
    /* the rows, rh lines each, the label on the first */
    for (i = a->top, y = a->grid_y; i < n && i < a->top + gh; i++, y += rh) {
        int line;
        attron(i == a->row ? A_REVERSE | A_BOLD : 0);
        put_label(y + (rh - 1) / 2, r.x, res->row_labels[i], lw);
        attroff(A_REVERSE | A_BOLD);
        for (line = 0; line < rh; line++)
            for (j = 0; j < mshow; j++) {
                int col = a->left + j;
                cell(u, y + line, gx + j * cw, cw,
                     vs_scale_of(res, res->matrix[(size_t)i * m + col]),
                     i == a->row && col == a->col && line == (rh - 1) / 2);
            }
    }
    attron(A_BOLD);
    ui_colour(u, UI_C_MARK, 1);
    if (a->top > 0)
        ui_glyph(a->grid_y, gx + mshow * cw, "\u25b2");
    if (a->top + gh < n)
        ui_glyph(a->grid_y + gh * rh - 1, gx + mshow * cw, "\u25bc");
    ui_colour(u, UI_C_MARK, 0);
    attroff(A_BOLD);
    /* under the last row, so that a short text leaves no gap */
    y = a->grid_y + rh * (gh < n - a->top ? gh : n - a->top);
    selection_line(u, y, r.x, r.w);
    legend(u, y + 1, r.x, r.w);
}

/* bertviz's head view: queries on the left, keys on the right, the
 * selected query joined to each key by a line in the colour of its weight
 * (lines under a quarter of the scale left out); the selected key's line in
 * bold and its weight written beside every key. */
static void draw_lines(ui *u, ui_rect r)
{
    const vs_result *res = &u->res;
    struct attn *a = attn_of(u);
    int n = (int)res->mrows, m = (int)res->mcols, rows = n > m ? n : m, lw = 4, gh, i;
    int cx, cwid, xr;
    const float *row;
    vs_canvas *c;
    char info[256];

    if (n == 0 || m == 0 || r.h < 5 || r.w < 30) {
        ui_put_cut(r.y, r.x, "(the pane is too small for the head view)", r.w);
        return;
    }
    for (i = 0; i < n; i++)
        if (ui_width(res->row_labels[i]) > lw)
            lw = ui_width(res->row_labels[i]);
    if (lw > r.w / 4)
        lw = r.w / 4;
    gh = r.h - 3;
    follow(a->row, rows, gh, &a->top);
    head_name(a, res, info, sizeof info);
    {
        char line[512];
        snprintf(line, sizeof line, "%s \u00b7 head view \u00b7 tokens %d-%d of %d%s",
                 info, a->top + 1, a->top + (gh < rows ? gh : rows), rows,
                 a->top + gh < rows ? " \u25bc" : "");
        attron(A_DIM);
        ui_put_cut(r.y, r.x, line, r.w);
        attroff(A_DIM);
    }
    cx = r.x + lw + 2;
    xr = r.x + r.w - lw - 6; /* the keys' column, with room for a weight */
    cwid = xr - 1 - cx;
    if (cwid < 4)
        return;
    row = res->matrix + (size_t)a->row * m;
    c = vs_canvas_new(cwid, gh);
    vs_termplot_head_lines(c, 0, 0, cwid, gh, res, a->row, a->col, (size_t)a->top, 0.25);
    ui_blit(u, c, r.y + 1, cx);
    vs_canvas_free(c);
    for (i = a->top; i < rows && i < a->top + gh; i++) {
        int y = r.y + 1 + (i - a->top);
        if (i < n) {
            const char *lab = res->row_labels[i];
            int w = ui_width(lab) < lw ? ui_width(lab) : lw;
            attron(i == a->row ? A_REVERSE | A_BOLD : 0);
            ui_put_cut(y, r.x + lw - w, lab, lw);
            attroff(A_REVERSE | A_BOLD);
        }
        if (i < m) {
            char wt[16];
            double s = vs_scale_of(res, row[i]);
            attron(i == a->col ? A_REVERSE | A_BOLD : s >= 0.5 ? A_BOLD : 0);
            ui_put_cut(y, xr, res->col_labels[i], lw);
            attroff(A_REVERSE | A_BOLD);
            snprintf(wt, sizeof wt, "%.2f", row[i]);
            attron(A_DIM);
            ui_put(y,
                   xr +
                       (ui_width(res->col_labels[i]) < lw ? ui_width(res->col_labels[i])
                                                          : lw) +
                       1,
                   wt, 5);
            attroff(A_DIM);
        }
    }
    attron(A_BOLD);
    ui_colour(u, UI_C_MARK, 1);
    if (a->top > 0)
        ui_glyph(r.y + 1, r.x + r.w - 1, "\u25b2");
    if (a->top + gh < rows)
        ui_glyph(r.y + gh, r.x + r.w - 1, "\u25bc");
    ui_colour(u, UI_C_MARK, 0);
    attroff(A_BOLD);
    i = r.y + 1 + (gh < rows - a->top ? gh : rows - a->top);
    selection_line(u, i, r.x, r.w);
    legend(u, i + 1, r.x, r.w);
}

/* Every head of the layer as small heatmaps: tiles of t x t cells (the
 * tokens, pooled by their largest weight when there are more tokens than
 * cells), as many as fit, the page holding the selected head. */
static void draw_heads(ui *u, ui_rect r)
{
    struct attn *a = attn_of(u);
    int n = (int)a->n, t, tpr, tr, per, first, h, yy, xx;
    char line[512];

    if (a->heads == NULL || n == 0 || r.h < 6 || r.w < 20) {
        ui_put_cut(r.y, r.x, "(the pane is too small for every head)", r.w);
        return;
    }
    /* the tile: the tokens, or fewer cells so that at least four heads (or
     * all of them) fit in a page */
    t = n;
    for (;;) {
        int want = a->nheads < 4 ? a->nheads : 4;
        tpr = (r.w + 2) / (2 * t + 2);
        tr = (r.h - 2) / (t + 1);
        if (tpr * tr >= want || t <= 4)
            break;
        t--;
    }
    if (tpr < 1 || tr < 1) {
        ui_put_cut(r.y, r.x, "(the pane is too small for every head)", r.w);
        return;
    }
    per = tpr * tr;
    a->per = per;
    a->tpr = tpr;
    first = a->head / per * per;
    snprintf(line, sizeof line,
             "every head of layer %d of 0-%d \u00b7 heads %d-%d of %d%s \u00b7 "
             "%d tokens%s",
             a->heads_layer, a->nlayers - 1, first,
             first + per < a->nheads ? first + per - 1 : a->nheads - 1, a->nheads,
             first + per < a->nheads ? " (PgDn: more)" : "", n,
             t < n ? " (pooled: the largest weight of each block)" : "");
    attron(A_DIM);
    ui_put_cut(r.y, r.x, line, r.w);
    attroff(A_DIM);
    for (h = first; h < a->nheads && h < first + per; h++) {
        int k = h - first, y0 = r.y + 1 + (k / tpr) * (t + 1),
            x0 = r.x + (k % tpr) * (2 * t + 2);
        const float *p = a->heads[h];
        char cap[64];
        for (yy = 0; yy < t; yy++)
            for (xx = 0; xx < t; xx++) {
                /* the largest weight among the tokens this cell covers */
                int i0 = yy * n / t, i1 = (yy + 1) * n / t, j0 = xx * n / t,
                    j1 = (xx + 1) * n / t;
                int i, j;
                float v = 0;
                i1 = i1 > i0 ? i1 : i0 + 1;
                j1 = j1 > j0 ? j1 : j0 + 1;
                for (i = i0; i < i1 && i < n; i++)
                    for (j = j0; j < j1 && j < n; j++)
                        v = p[i * n + j] > v ? p[i * n + j] : v;
                cell(u, y0 + yy, x0 + 2 * xx, 2, vs_scale_of(&u->res, v), 0);
            }
        snprintf(cap, sizeof cap, "H%d %.2f", h,
                 a->entropy != NULL ? a->entropy[a->heads_layer * a->nheads + h] : 0.0);
        attron(h == a->head ? A_REVERSE | A_BOLD : A_DIM);
        ui_put_cut(y0 + t, x0, cap, 2 * t);
        attroff(A_REVERSE | A_BOLD | A_DIM);
    }
    if (first + per < a->nheads)
        ui_foot(u, "heads %d-%d of %d \u25bc", first, first + per - 1, a->nheads);
    snprintf(line, sizeof line,
             "head %d: entropy %.4f nats (under each map); strongest %s; "
             "Enter opens it",
             a->head,
             a->entropy != NULL ? a->entropy[a->heads_layer * a->nheads + a->head]
                                : 0.0,
             a->pair != NULL && a->pair[a->heads_layer * a->nheads + a->head] != NULL
                 ? a->pair[a->heads_layer * a->nheads + a->head]
                 : "?");
    attron(A_BOLD);
    ui_put_cut(r.y + r.h - 1, r.x, line, r.w);
    attroff(A_BOLD);
}

static void draw(ui *u, ui_rect r)
{
    struct attn *a = attn_of(u);

    if (a->row >= (int)u->res.mrows)
        a->row = u->res.mrows > 0 ? (int)u->res.mrows - 1 : 0;
    if (a->col >= (int)u->res.mcols)
        a->col = u->res.mcols > 0 ? (int)u->res.mcols - 1 : 0;
    if (a->display == D_HEADS && a->heads != NULL)
        draw_heads(u, r);
    else if (a->display == D_LINES)
        draw_lines(u, r);
    else
        draw_heatmap(u, r);
}

/* A click on a cell of the heatmap selects its row and column; on a head of
 * the every-head display, that head. Computed as draw does. */
static void click(ui *u, int y, int x)
{
    struct attn *a = attn_of(u);
    int i = a->top + (y - a->grid_y) / (a->rh > 0 ? a->rh : 1);
    int j = a->left + (x - a->grid_x) / (a->cw > 0 ? a->cw : 1);

    if (a->display != D_HEATMAP || y < a->grid_y)
        return;
    if (i >= 0 && i < (int)u->res.mrows)
        a->row = i;
    if (x >= a->grid_x && j >= 0 && j < (int)u->res.mcols)
        a->col = j;
}

/* The display after d, F7's order. */
static void next_display(ui *u)
{
    struct attn *a = attn_of(u);

    if (a->display == D_HEATMAP) {
        a->display = D_LINES;
    } else if (a->display == D_LINES) {
        if (a->layer >= 0 && fetch_layer(u, a->layer) == 0)
            a->display = D_HEADS;
        else
            a->display = D_HEATMAP;
    } else {
        a->display = D_HEATMAP;
        if (a->heads_layer >= 0 && a->heads_layer != a->layer)
            show_head(u, a->heads_layer, a->head);
    }
    u->res.matrix_view = a->display == D_LINES ? VS_VIEW_LINES : VS_VIEW_HEATMAP;
}

void ui_attn_heads(ui *u)
{
    struct attn *a = attn_of(u);

    if (a->layer >= 0 && fetch_layer(u, a->layer) == 0) {
        a->display = D_HEADS;
        u->res.matrix_view = VS_VIEW_HEATMAP;
    }
}

static int heads_key(ui *u, int is_key, wint_t ch)
{
    struct attn *a = attn_of(u);
    int h = a->head, tpr = a->tpr > 0 ? a->tpr : 4, per = a->per > 0 ? a->per : 8;

    if (!is_key) {
        if (ch == '\n' || ch == '\r') {
            a->display = D_HEATMAP;
            show_head(u, a->heads_layer, a->head);
            return 1;
        }
        return 0;
    }
    switch (ch) {
    case KEY_LEFT:
        h--;
        break;
    case KEY_RIGHT:
        h++;
        break;
    case KEY_UP:
        h -= tpr;
        break;
    case KEY_DOWN:
        h += tpr;
        break;
    case KEY_PPAGE:
        h -= per;
        break;
    case KEY_NPAGE:
        h += per;
        break;
    case KEY_HOME:
        h = 0;
        break;
    case KEY_END:
        h = a->nheads - 1;
        break;
    case KEY_ENTER:
        return heads_key(u, 0, '\n');
    default:
        return 0;
    }
    a->head = h < 0 ? 0 : h >= a->nheads ? a->nheads - 1 : h;
    return 1;
}

static int key(ui *u, int is_key, wint_t ch)
{
    struct attn *a = attn_of(u);
    int l = a->layer, h = a->head, n = (int)u->res.mrows, m = (int)u->res.mcols;

    if (is_key && ch == KEY_F(7)) {
        if (a->layer < 0 && a->display == D_HEATMAP)
            ui_message(u, 0, "the head view and every head show attention: "
                             "attn --layer L --head H TEXT");
        else
            next_display(u);
        return 1;
    }
    if (is_key && ch == KEY_F(8)) {
        u->res.plot_scale =
            u->res.plot_scale == VS_SCALE_LINEAR ? VS_SCALE_SQRT : VS_SCALE_LINEAR;
        ui_message(u, 0, "shading on a %s",
                   u->res.plot_scale == VS_SCALE_LINEAR
                       ? "linear scale"
                       : "square-root scale (small values spread out)");
        return 1;
    }
    if (is_key && ch == KEY_F(9)) {
        if (a->display == D_HEADS)
            ui_message(u, 0, "F9 draws one head: Enter opens the one picked first");
        else
            ui_plot(u, NULL);
        return 1;
    }
    /* layers: < > (, .) in every display */
    if (!is_key && (ch == '<' || ch == '>' || ch == ',' || ch == '.')) {
        l += ch == '<' || ch == ',' ? -1 : 1;
        if (counts(u) < 0 || l < 0 || l >= a->nlayers)
            return 1;
        if (a->display == D_HEADS) {
            if (fetch_layer(u, l) == 0)
                a->layer = l;
        } else {
            show_head(u, l, h);
        }
        return 1;
    }
    if (a->display == D_HEADS)
        return heads_key(u, is_key, ch);
    if (!is_key && (ch == '[' || ch == ']')) {
        h += ch == '[' ? -1 : 1;
        if (counts(u) < 0 || h < 0 || h >= a->nheads)
            return 1;
        show_head(u, l, h);
        return 1;
    }
    if (!is_key)
        return 0;
    switch (ch) {
    case KEY_UP:
        a->row = a->row > 0 ? a->row - 1 : 0;
        return 1;
    case KEY_DOWN:
        a->row = a->row + 1 < n ? a->row + 1 : a->row;
        return 1;
    case KEY_LEFT:
        a->col = a->col > 0 ? a->col - 1 : 0;
        return 1;
    case KEY_RIGHT:
        a->col = a->col + 1 < m ? a->col + 1 : a->col;
        return 1;
    case KEY_PPAGE:
        a->row = a->row > 10 ? a->row - 10 : 0;
        return 1;
    case KEY_NPAGE:
        a->row = a->row + 10 < n ? a->row + 10 : n - 1;
        return 1;
    case KEY_HOME:
        a->row = a->col = 0;
        return 1;
    case KEY_END:
        a->row = n - 1;
        a->col = m - 1;
        return 1;
    default:
        return 0;
    }
}

static const char *hint(const ui *u)
{
    if (attn_of(u)->layer < 0)
        return "\u2191\u2193\u2190\u2192 select  F8 scale  F9 picture  F10 quit";
    switch (attn_of(u)->display) {
    case D_HEADS:
        return "\u2191\u2193\u2190\u2192 pick  Enter open  PgDn page  < > layer  F7 heatmap  "
               "F10 quit";
    case D_LINES:
        return "\u2191\u2193 query  \u2190\u2192 key  [ ] head  < > layer  F7 every head  "
               "F8 scale  F9 picture  F10 quit";
    default:
        return "\u2191\u2193\u2190\u2192 select  [ ] head  < > layer  F7 lines  F8 scale  "
               "F9 picture  F10 quit";
    }
}

static const char *title(const ui *u)
{
    static char buf[160];
    const struct attn *a = attn_of(u);

    if (a->display == D_HEADS && a->heads != NULL) {
        snprintf(buf, sizeof buf, "attention of every head of layer %d",
                 a->heads_layer);
        return buf;
    }
    return u->res.title;
}

const struct ui_view_ops ui_view_attn = {
    .flags = UI_VIEW_WIDE,
    .init = init,
    .free = free_state,
    .enter = enter,
    .leave = leave,
    .draw = draw,
    .key = key,
    .click = click,
    .hint = hint,
    .title = title,
};
