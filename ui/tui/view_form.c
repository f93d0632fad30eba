/*
 * view_form.c - the analogy form: three fields, A : B :: C : ?, answered as
 * you type. Each change runs `analogy A B C` (with --mul for 3CosMul) once
 * all three fields hold a word, and the ranked answer is drawn below the
 * form as the neighbours view draws it; an unknown word shows the command's
 * own message (with its suggestions).
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui.h"
#include "xalloc.h"

/* The form's state: what was typed in A, B and C, kept from one F5 to the
 * next; the field being typed in; the method. */
struct form {
    char field[3][256];
    int cur;
    int mul;               /* 3CosMul instead of 3CosAdd */
};

static struct form *form_of(const ui *u)
{
    return u->views[UI_VIEW_FORM];
}

static void *init(void)
{
    return xcalloc(1, sizeof(struct form));
}

/* F5: the form over whatever is shown, typing in A. */
static void enter(ui *u)
{
    u->focus = UI_FOCUS_RESULTS;
    form_of(u)->cur = 0;
}

/* Runs the analogy of the fields, when all three are filled. */
static void answer(ui *u)
{
    struct form *f = form_of(u);
    char *q[3], *line;
    vs_result r;
    int i;

    for (i = 0; i < 3; i++)
        if (f->field[i][0] == '\0') {
            vs_result_clear(&u->res);
            u->msgbuf[0] = '\0';
            return;
        }
    for (i = 0; i < 3; i++)
        q[i] = ui_quote(f->field[i]);
    line = xasprintf("analogy %s %s %s%s", q[0], q[1], q[2], f->mul ? " --mul" : "");
    for (i = 0; i < 3; i++)
        free(q[i]);
    if (ui_query(u, line, &r) == 0) {
        ui_set_result(u, &r, line);
        u->msgbuf[0] = '\0';
    } else {
        vs_result_clear(&u->res);
        free(line);
    }
}

static void draw(ui *u, ui_rect r)
{
    static const char *const names[3] = {"A", "B", "C"};
    static const char *const seps[3] = {" : ", " :: ", " : ?"};
    const struct form *f = form_of(u);
    int fw = (r.w - 24) / 3, x = r.x + 1, i;
    ui_rect below = {r.y + 2, r.x, r.h - 2, r.w};

    if (fw > 20)
        fw = 20;
    if (fw < 4)
        fw = 4;
    for (i = 0; i < 3; i++) {
        int w;
        x += ui_put(r.y, x, names[i], 2) + 1;
        attron(i == f->cur ? A_REVERSE : A_UNDERLINE);
        ui_fill(r.y, x, fw, " ");
        w = ui_width(f->field[i]);
        /* the end of a long word stays in view */
        if (w > fw - 1) {
            const char *p = f->field[i];
            while (*p && ui_width(p) > fw - 1) {
                p++;
                while ((*p & 0xC0) == 0x80)
                    p++;
            }
            ui_put(r.y, x, p, fw);
        } else {
            ui_put(r.y, x, f->field[i], fw);
        }
        attroff(A_REVERSE | A_UNDERLINE);
        x += fw;
        x += ui_put(r.y, x, seps[i], 4);
    }
    attron(A_DIM);
    ui_put(r.y + 1, r.x + 1, f->mul ? "3CosMul (F6: 3CosAdd)" : "3CosAdd (F6: 3CosMul)",
           r.w - 2);
    attroff(A_DIM);
    if (u->res.kind == VS_RESULT_RANKED)
        ui_list_draw(u, below);
}

static int key(ui *u, int is_key, wint_t ch)
{
    struct form *fm = form_of(u);
    char *f = fm->field[fm->cur];
    size_t len = strlen(f);

    if (is_key) {
        switch (ch) {
        case KEY_F(6): fm->mul = !fm->mul; answer(u); return 1;
        case KEY_BTAB: fm->cur = (fm->cur + 2) % 3; return 1;
        case KEY_BACKSPACE: break;
        case KEY_UP: case KEY_DOWN: case KEY_ENTER: case KEY_NPAGE: case KEY_PPAGE:
            if (ch == KEY_ENTER)
                ui_list_follow(u);
            else
                ui_list_key(u, 1, ch);
            return 1;
        default: return 0;
        }
    }
    if (!is_key && (ch == '\t' || ch == ' ')) {
        fm->cur = (fm->cur + 1) % 3;
        return 1;
    }
    if (!is_key && (ch == '\n' || ch == '\r')) {
        ui_list_follow(u);
        return 1;
    }
    if (!is_key && ch == 27) {
        /* Esc: leave the form, keep the answer, which is the list's already */
        u->view = u->res.kind == VS_RESULT_RANKED ? UI_VIEW_LIST : UI_VIEW_NONE;
        return 1;
    }
    if ((is_key && ch == KEY_BACKSPACE) || (!is_key && (ch == 127 || ch == 8))) {
        if (len == 0) {
            if (fm->cur > 0)
                fm->cur--;
            return 1;
        }
        while (len > 0 && (f[len - 1] & 0xC0) == 0x80)
            len--;
        if (len > 0)
            len--;
        f[len] = '\0';
        answer(u);
        return 1;
    }
    if (!is_key && ch >= 0x20 && ch != 0x7f) {
        char mb[MB_LEN_MAX];
        mbstate_t st;
        size_t n;
        memset(&st, 0, sizeof st);
        n = wcrtomb(mb, (wchar_t)ch, &st);
        if (n == (size_t)-1 || len + n + 1 > sizeof fm->field[0])
            return 1;
        memcpy(f + len, mb, n);
        f[len + n] = '\0';
        answer(u);
        return 1;
    }
    return 0;
}

static const char *hint(const ui *u)
{
    (void)u;
    return "type A B C  Tab next field  F6 Add/Mul  Enter follow  Esc leave  F2 command line";
}

static const char *title(const ui *u)
{
    return u->res.title != NULL ? u->res.title : "analogy: A is to B as C is to ?";
}

const struct ui_view_ops ui_view_form = {
    .flags = UI_VIEW_RANKED | UI_VIEW_TYPING,
    .init = init,
    .free = free,
    .enter = enter,
    .draw = draw,
    .key = key,
    .hint = hint,
    .title = title,
};
