/*
 * view_attn.c - an attention matrix (a MATRIX result, from `attn --layer L
 * --head H TEXT`) as a heatmap with the tokens on both axes, and every head
 * of the text as small multiples (a grid of layers by heads, like bertviz's
 * model view).
 *
 * Moving to another head runs attn again with another --layer/--head; the
 * number of layers and heads comes from `attn TEXT`'s summary (its layer and
 * head columns). Weights are drawn as a colour ramp on 256-colour terminals
 * and as shading characters elsewhere, by their square root (see cell).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "utf8.h"
#include "xalloc.h"

static const char *const shades[] = {" ", "\u2591", "\u2592", "\u2593", "\u2588"};

/* The attention view's state: one head of one text, or all of them. */
struct attn {
    char *text;            /* the text after attn's options, or NULL */
    int layer, head;       /* shown head; -1 if the result came otherwise */
    int nlayers, nheads;   /* from `attn TEXT`; 0 until known */
    int sel;               /* selected query token */
    int top;               /* first token row shown */
    int overview;          /* every head as small multiples */
    float **all;           /* nlayers * nheads matrices for the overview */
    size_t n;              /* tokens of the cached matrices */
};

static struct attn *attn_of(const ui *u)
{
    return u->views[UI_VIEW_ATTN];
}

/* Back to no text, no head known. */
static void drop(struct attn *a)
{
    size_t i;

    if (a->all != NULL)
        for (i = 0; i < (size_t)a->nlayers * (size_t)a->nheads; i++)
            free(a->all[i]);
    free(a->all);
    free(a->text);
    memset(a, 0, sizeof *a);
    a->layer = a->head = -1;
}

static void *init(void)
{
    struct attn *a = xcalloc(1, sizeof *a);

    a->layer = a->head = -1;
    return a;
}

static void leave(ui *u)
{
    drop(attn_of(u));
}

/* Reads --layer, --head and the text (its words quoted again) from the line
 * of an attn command. */
static void parse_line(ui *u)
{
    struct attn *a = attn_of(u);
    char **argv;
    int argc, i, only_pos = 0;
    size_t len = 1;
    vs_error err;

    if (ui_line_cmd(u->line) != &vs_cmd_attn ||
        vs_split_words(u->line, &argc, &argv, &err) < 0)
        return;
    for (i = 1; i < argc; i++)
        len += 2 * strlen(argv[i]) + 4;
    a->text = xmalloc(len);
    a->text[0] = '\0';
    for (i = 1; i < argc; i++) {
        const char *w = argv[i];
        if (!only_pos && strcmp(w, "--") == 0) {
            only_pos = 1;
        } else if (!only_pos && (strcmp(w, "--layer") == 0 || strcmp(w, "--head") == 0) &&
                   i + 1 < argc) {
            *(w[2] == 'l' ? &a->layer : &a->head) = atoi(argv[++i]);
        } else if (!only_pos && strncmp(w, "--layer=", 8) == 0) {
            a->layer = atoi(w + 8);
        } else if (!only_pos && strncmp(w, "--head=", 7) == 0) {
            a->head = atoi(w + 7);
        } else if (!only_pos && (strcmp(w, "--tsv") == 0 || strcmp(w, "--json") == 0)) {
            continue;
        } else {
            char *q = ui_quote(w);
            if (a->text[0])
                strcat(a->text, " ");
            strcat(a->text, q);
            free(q);
        }
    }
    vs_argv_free(argc, argv);
}

/* The number of layers and heads, from the summary `attn TEXT`. */
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
    if (r.kind == VS_RESULT_TABLE && r.cols >= 2)
        for (i = 0; i < r.rows; i++) {
            int l = atoi(r.cells[i * r.cols]), h = atoi(r.cells[i * r.cols + 1]);
            if (l + 1 > a->nlayers)
                a->nlayers = l + 1;
            if (h + 1 > a->nheads)
                a->nheads = h + 1;
        }
    vs_result_clear(&r);
    return a->nlayers > 0 ? 0 : -1;
}

static void enter(ui *u)
{
    struct attn *a = attn_of(u);

    drop(a);
    parse_line(u);
    if (a->layer >= 0 && a->text != NULL)
        counts(u);
}

/* Shows head (l, h) of the same text: runs attn again. */
static void show_head(ui *u, int l, int h)
{
    struct attn *a = attn_of(u);
    vs_result r;
    char *line;

    if (a->text == NULL || a->layer < 0) {
        ui_message(u, 0, "this matrix did not come from 'attn --layer L --head H TEXT'");
        return;
    }
    if (counts(u) < 0)
        return;
    if (l < 0 || h < 0 || l >= a->nlayers || h >= a->nheads)
        return;
    line = xasprintf("attn --layer %d --head %d %s", l, h, a->text);
    if (ui_query(u, line, &r) < 0) {
        free(line);
        return;
    }
    vs_result_clear(&u->res);
    u->res = r;
    free(u->line);
    u->line = line;
    a->layer = l;
    a->head = h;
    u->msgbuf[0] = '\0';
}

/* Every head's matrix, for the overview (one attn run per head). */
static int fetch_all(ui *u)
{
    struct attn *a = attn_of(u);
    int l, h, total;
    vs_error err;

    if (a->all != NULL)
        return 0;
    if (a->text == NULL || a->layer < 0 || counts(u) < 0) {
        ui_message(u, 0, "the overview needs a matrix from 'attn --layer L --head H TEXT'");
        return -1;
    }
    total = a->nlayers * a->nheads;
    a->all = xcalloc((size_t)total, sizeof *a->all);
    a->n = u->res.mrows;
    for (l = 0; l < a->nlayers; l++)
        for (h = 0; h < a->nheads; h++) {
            vs_result r;
            char *line = xasprintf("attn --layer %d --head %d %s", l, h, a->text);
            int rc = vs_progress_step(u->s->progress, "attention of every head",
                                      (double)(l * a->nheads + h) / total, &err);
            if (rc == 0)
                rc = ui_query(u, line, &r);
            else
                ui_message(u, 0, "overview cancelled");
            free(line);
            if (rc < 0) {
                vs_progress_done(u->s->progress);
                for (l = 0; l < total; l++)
                    free(a->all[l]);
                free(a->all);
                a->all = NULL;
                return -1;
            }
            a->all[l * a->nheads + h] = xmallocarray(a->n * a->n, sizeof(float));
            if (r.mrows == a->n && r.mcols == a->n)
                memcpy(a->all[l * a->nheads + h], r.matrix, a->n * a->n * sizeof(float));
            vs_result_clear(&r);
        }
    vs_progress_done(u->s->progress);
    return 0;
}

/* A value of res on its scale as a weight in [0, 1]: attention and other
 * [0, 1] matrices as they are, cosines ([-1, 1]) from -1 to 1, squared so
 * that cell's square root shades them linearly. */
static double scaled(const vs_result *res, double v)
{
    if (res->mlo >= 0.0 || res->mhi <= res->mlo)
        return v;
    v = vs_result_matrix_pos(res, v);
    return v * v;
}

/* One cell of weight v over w columns at (y, x), shaded by sqrt(v): the
 * weights of a row sum to 1, so most are small, and a linear scale would
 * leave them blank. */
static void cell(ui *u, int y, int x, int w, double v)
{
    int k;

    if (v < 0)
        v = 0;
    if (v > 1)
        v = 1;
    v = sqrt(v);
    if (u->colors == 256) {
        k = (int)(v * (UI_C_NRAMP - 1) + 0.5);
        attron(COLOR_PAIR(UI_C_RAMP0 + k));
        ui_fill(y, x, w, " ");
        attroff(COLOR_PAIR(UI_C_RAMP0 + k));
    } else {
        k = (int)(v * 5.0);
        k = k > 4 ? 4 : k;
        if (u->colors)
            attron(COLOR_PAIR(UI_C_BAR));
        ui_fill(y, x, w, shades[k]);
        if (u->colors)
            attroff(COLOR_PAIR(UI_C_BAR));
    }
}

/* The label's k-th character (after escaping), drawn at (y, x). */
static void label_char(int y, int x, const char *label, int k, int w)
{
    char *e = vs_escape(label, strlen(label)), *p = e;
    int i;

    for (i = 0; *p && i < k; i++) {
        p++;
        while ((*p & 0xC0) == 0x80)
            p++;
    }
    if (*p) {
        char one[8];
        size_t n = 1;
        while (n < 4 && (p[n] & 0xC0) == 0x80)
            n++;
        memcpy(one, p, n);
        one[n] = '\0';
        ui_put(y, x, one, w);
    }
    free(e);
}

static int rank_cmp_desc(const float *row, size_t a, size_t b)
{
    return row[a] < row[b];
}

static void draw_one(ui *u, ui_rect r)
{
    const vs_result *res = &u->res;
    struct attn *a = attn_of(u);
    size_t n = res->mrows, m = res->mcols, i, j, top3[3] = {0, 0, 0}, k;
    int lw = 0, hh = 0, cw, gh, y, x0, mshow;
    char info[160];
    const float *row;

    if (n == 0 || m == 0)
        return;
    if (a->sel >= (int)n)
        a->sel = (int)n - 1;
    row = res->matrix + (size_t)a->sel * m;
    for (k = 0; k < 3 && k < m; k++) {
        size_t best = m;
        for (j = 0; j < m; j++) {
            int used = 0;
            size_t t;
            for (t = 0; t < k; t++)
                used |= top3[t] == j;
            if (!used && (best == m || rank_cmp_desc(row, best, j)))
                best = j;
        }
        top3[k] = best;
    }
    for (i = 0; i < n; i++)
        if (ui_width(res->row_labels[i]) > lw)
            lw = ui_width(res->row_labels[i]);
    for (j = 0; j < m; j++) {
        int w = (int)strlen(res->col_labels[j]);
        if (w > hh)
            hh = w;
    }
    lw = lw > 12 ? 12 : lw;
    hh = hh > 6 ? 6 : hh;
    if (hh > r.h / 3)
        hh = r.h / 3;
    cw = (r.w - lw - 3) / (int)m;
    cw = cw > 4 ? 4 : cw < 2 ? 2 : cw;
    mshow = (r.w - lw - 3) / cw;
    if (mshow > (int)m)
        mshow = (int)m;
    gh = r.h - 1 - hh - 1;
    if (gh < 1)
        return;
    if (a->sel < a->top)
        a->top = a->sel;
    if (a->sel >= a->top + gh)
        a->top = a->sel - gh + 1;
    if (a->layer >= 0 && a->nlayers > 0)
        snprintf(info, sizeof info, "layer %d of 0-%d, head %d of 0-%d; %zu tokens; "
                 "shade: sqrt(weight)%s", a->layer, a->nlayers - 1, a->head, a->nheads - 1,
                 n, mshow < (int)m ? "; the first columns" : "");
    else
        snprintf(info, sizeof info, "%zu x %zu", n, m);
    attron(A_DIM);
    ui_put(r.y, r.x + 1, info, r.w - 2);
    attroff(A_DIM);
    x0 = r.x + 1 + lw + 1;
    /* column labels, vertical, one character a row; the selected token's
     * three strongest keys in reverse video */
    for (j = 0; j < (size_t)mshow; j++) {
        int strong = j == top3[0] || (m > 1 && j == top3[1]) || (m > 2 && j == top3[2]);
        if (strong)
            attron(A_REVERSE);
        for (k = 0; k < (size_t)hh; k++)
            label_char(r.y + 1 + (int)k, x0 + (int)j * cw, res->col_labels[j], (int)k, cw);
        attroff(A_REVERSE);
    }
    for (i = (size_t)a->top, y = r.y + 1 + hh; i < n && y < r.y + 1 + hh + gh; i++, y++) {
        if ((int)i == a->sel)
            attron(A_REVERSE);
        ui_put(y, r.x + 1, res->row_labels[i], lw);
        attroff(A_REVERSE);
        for (j = 0; j < (size_t)mshow; j++)
            cell(u, y, x0 + (int)j * cw, cw, scaled(res, res->matrix[i * m + j]));
    }
    /* what the selected token attends to */
    {
        char line[512];
        int len = snprintf(line, sizeof line, "%.60s %s:", res->row_labels[a->sel],
                           a->layer >= 0 ? "attends to" : "highest");
        for (k = 0; k < 3 && k < m && len > 0 && (size_t)len < sizeof line; k++)
            len += snprintf(line + len, sizeof line - (size_t)len, "  %.40s %.2f",
                            res->col_labels[top3[k]], row[top3[k]]);
        ui_put(r.y + r.h - 1, r.x + 1, line, r.w - 2);
    }
}

static void draw_all(ui *u, ui_rect r)
{
    struct attn *a = attn_of(u);
    int bh, bw, l, h, mh, mw, yy, xx;
    size_t n = a->n;

    bh = (r.h - 1) / (a->nlayers ? a->nlayers : 1);
    bw = (r.w - 4) / (a->nheads ? a->nheads : 1);
    attron(A_DIM);
    ui_put(r.y, r.x + 1, "every head: layers down, heads across; Enter opens one",
           r.w - 2);
    attroff(A_DIM);
    if (bh < 2 || bw < 3 || n == 0) {
        ui_put(r.y + 1, r.x + 1, "(the window is too small for every head)", r.w - 2);
        return;
    }
    mh = bh - 1;
    mw = bw - 1;
    if (mh > (int)n)
        mh = (int)n;
    if (mw > 2 * (int)n)
        mw = 2 * (int)n;
    for (l = 0; l < a->nlayers; l++) {
        char lab[16];
        snprintf(lab, sizeof lab, "L%d", l);
        ui_put(r.y + 1 + l * bh, r.x, lab, 3);
        for (h = 0; h < a->nheads; h++) {
            const float *p = a->all[l * a->nheads + h];
            int y0 = r.y + 1 + l * bh, x0 = r.x + 4 + h * bw;
            int cur = l == a->layer && h == a->head;
            for (yy = 0; yy < mh; yy++)
                for (xx = 0; xx < mw; xx++) {
                    /* the largest weight among the tokens this cell covers */
                    size_t i0 = (size_t)yy * n / (size_t)mh, i1 = (size_t)(yy + 1) * n / (size_t)mh;
                    size_t j0 = (size_t)xx * n / (size_t)mw, j1 = (size_t)(xx + 1) * n / (size_t)mw;
                    size_t i, j;
                    float v = 0;
                    if (i1 <= i0)
                        i1 = i0 + 1;
                    if (j1 <= j0)
                        j1 = j0 + 1;
                    for (i = i0; i < i1 && i < n; i++)
                        for (j = j0; j < j1 && j < n; j++)
                            if (p[i * n + j] > v)
                                v = p[i * n + j];
                    cell(u, y0 + yy, x0 + xx, 1, v);
                }
            if (cur) {
                char hl[16];
                snprintf(hl, sizeof hl, "H%d", h);
                attron(A_REVERSE | A_BOLD);
                ui_put(y0 + (mh < bh ? mh : bh - 1), x0, hl, mw);
                attroff(A_REVERSE | A_BOLD);
            } else if (l == a->nlayers - 1 || mh < bh) {
                char hl[16];
                snprintf(hl, sizeof hl, "H%d", h);
                attron(A_DIM);
                ui_put(y0 + mh, x0, hl, mw);
                attroff(A_DIM);
            }
        }
    }
}

static void draw(ui *u, ui_rect r)
{
    const struct attn *a = attn_of(u);

    if (a->overview && a->all != NULL)
        draw_all(u, r);
    else
        draw_one(u, r);
}

/* A click on a row of the heatmap selects that query token. */
static void click(ui *u, int y, int x)
{
    struct attn *a = attn_of(u);
    int hh = 0;
    size_t j;

    (void)x;
    if (a->overview)
        return;
    for (j = 0; j < u->res.mcols; j++)
        if ((int)strlen(u->res.col_labels[j]) > hh)
            hh = (int)strlen(u->res.col_labels[j]);
    hh = hh > 6 ? 6 : hh;
    if (hh > u->pane.h / 3)
        hh = u->pane.h / 3;
    if (y - u->pane.y - 1 - hh >= 0 && a->top + y - u->pane.y - 1 - hh < (int)u->res.mrows)
        a->sel = a->top + y - u->pane.y - 1 - hh;
}

static int key(ui *u, int is_key, wint_t ch)
{
    struct attn *a = attn_of(u);
    int l = a->layer, h = a->head;

    if (!is_key) {
        switch (ch) {
        case 'g':
            if (!a->overview)
                ui_plot(u, NULL);
            return 1;
        case 'G':
            if (!a->overview)
                ui_plot_ask(u);
            return 1;
        case 'o':
            if (!a->overview && fetch_all(u) < 0)
                return 1;
            a->overview = !a->overview;
            return 1;
        case 'j':
            if (a->sel + 1 < (int)u->res.mrows)
                a->sel++;
            return 1;
        case 'k':
            if (a->sel > 0)
                a->sel--;
            return 1;
        case '\n': case '\r':
            if (a->overview) {
                a->overview = 0;
                show_head(u, a->layer, a->head);
            }
            return 1;
        default:
            return 0;
        }
    }
    if (counts(u) < 0 && a->layer >= 0)
        return 1;
    switch (ch) {
    case KEY_LEFT: h--; break;
    case KEY_RIGHT: h++; break;
    case KEY_UP: l--; break;
    case KEY_DOWN: l++; break;
    case KEY_ENTER: return key(u, 0, '\n');
    default: return 0;
    }
    if (h < 0 || l < 0 || h >= a->nheads || l >= a->nlayers)
        return 1;
    if (a->overview) {
        a->layer = l;
        a->head = h;
    } else {
        show_head(u, l, h);
    }
    return 1;
}

static const char *hint(const ui *u)
{
    if (attn_of(u)->overview)
        return "arrows move  Enter open  o one head  ? help";
    return "Left/Right head  Up/Down layer  j/k token  o all  g gnuplot";
}

const struct ui_view_ops ui_view_attn = {
    .init = init,
    .free = free,
    .enter = enter,
    .leave = leave,
    .draw = draw,
    .key = key,
    .click = click,
    .hint = hint,
};
