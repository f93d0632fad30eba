/*
 * view_text.c - any other result as text: the text renderer (render.c)
 * writes it into a memory stream, without colour, and the pane shows the
 * lines, scrollable both ways (Up/Down, PgUp/PgDn, Left/Right). TSV and JSON (a line's --tsv, --json) the same way.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "ui.h"
#include "xalloc.h"

void ui_text_free(ui *u)
{
    vs_argv_free((int)u->ntext, u->text);
    u->text = NULL;
    u->ntext = 0;
    u->text_top = 0;
    u->text_left = 0;
}

void ui_text_set(ui *u, const vs_result *r, enum vs_output mode)
{
    char *buf = NULL, *nbuf = NULL, *p;
    size_t len = 0, nlen = 0, cap = 16;
    FILE *out = open_memstream(&buf, &len), *msg = open_memstream(&nbuf, &nlen);
    vs_render_opts o;

    ui_text_free(u);
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
    o.mode = mode;
    o.color = 0;
    o.out = out;
    o.msg = msg;  /* notes are on the message line already */
    o.quiet = 0;
    vs_render(r, &o);
    fclose(out);
    fclose(msg);
    free(nbuf);
    u->text = xmallocarray(cap, sizeof *u->text);
    for (p = buf; p != NULL && *p != '\0';) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (u->ntext + 1 >= cap) {
            cap *= 2;
            u->text = xreallocarray(u->text, cap, sizeof *u->text);
        }
        u->text[u->ntext++] = xstrndup(p, n);
        p = nl ? nl + 1 : NULL;
    }
    u->text[u->ntext] = NULL;
    free(buf);
}

void ui_text_draw(ui *u, ui_rect r)
{
    int y;
    size_t i;

    if (u->text_top > (int)u->ntext - r.h)
        u->text_top = (int)u->ntext - r.h > 0 ? (int)u->ntext - r.h : 0;
    for (i = (size_t)u->text_top, y = r.y; i < u->ntext && y < r.y + r.h; i++, y++) {
        /* tabs (TSV) as two spaces; everything else through ui_put's escaping */
        char *t = xstrdup(u->text[i]), *p;
        for (p = t; *p; p++)
            if (*p == '\t')
                *p = ' ';
        ui_put_from(y, r.x + 1, t, u->text_left, r.w - 1);
        free(t);
    }
    if (u->ntext > (size_t)r.h) {
        char pos[64];
        snprintf(pos, sizeof pos, " lines %d-%d of %zu ", u->text_top + 1,
                 u->text_top + r.h < (int)u->ntext ? u->text_top + r.h : (int)u->ntext,
                 u->ntext);
        attron(A_REVERSE);
        ui_put(r.y + r.h - 1, r.x + r.w - ui_width(pos) - 1, pos, ui_width(pos));
        attroff(A_REVERSE);
    }
}

/* o on the summary of `attn TEXT`: every head of the same text, through
 * `attn --layer 0 --head 0 TEXT` and the attention view's overview. */
static int attn_overview(ui *u)
{
    const char *rest;
    char *line;

    if (u->res.kind != VS_RESULT_TABLE || ui_line_cmd(u->line) != &vs_cmd_attn)
        return 0;
    rest = u->line + strspn(u->line, " \t");
    rest += strcspn(rest, " \t");
    line = xasprintf("attn --layer 0 --head 0%s", rest);
    if (ui_run(u, line, 0) == 0 && u->view == UI_VIEW_ATTN)
        ui_attn_key(u, 0, 'o');
    free(line);
    return 1;
}

int ui_text_key(ui *u, int is_key, wint_t ch)
{
    if (!is_key && ch == 'o')
        return attn_overview(u);
    int page = u->pane.h > 2 ? u->pane.h - 1 : 1;

    if (!is_key) {
        if (ch == 'j')
            ch = KEY_DOWN;
        else if (ch == 'k')
            ch = KEY_UP;
        else if (ch == ' ')
            ch = KEY_NPAGE;
        else if (ch == 'h')
            ch = KEY_LEFT;
        else if (ch == 'l')
            ch = KEY_RIGHT;
        else
            return 0;
    }
    switch (ch) {
    case KEY_UP: if (u->text_top > 0) u->text_top--; return 1;
    case KEY_DOWN: u->text_top++; return 1;
    case KEY_PPAGE: u->text_top = u->text_top > page ? u->text_top - page : 0; return 1;
    case KEY_NPAGE: u->text_top += page; return 1;
    case KEY_HOME: u->text_top = 0; return 1;
    case KEY_END: u->text_top = (int)u->ntext; return 1;
    case KEY_LEFT: u->text_left = u->text_left > 8 ? u->text_left - 8 : 0; return 1;
    case KEY_RIGHT: u->text_left += 8; return 1;
    default: return 0;
    }
}
