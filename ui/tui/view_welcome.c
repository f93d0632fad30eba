/*
 * view_welcome.c - the results pane before any result: a few commands to
 * start with, and where the keys are listed. It has no state.
 */
#include "config.h"

#include "ui.h"

static void draw(ui *u, ui_rect r)
{
    static const char *const lines[] = {
        "Type any command; it goes to the line below:",
        "",
        "  nn whale                  neighbours",
        "  analogy man king woman    an analogy (F5: a form)",
        "  pca --near whale -k 20    a map to explore",
        "  attn --layer 0 --head 0 the cat sat",
        "                            an attention head",
        "  help, help tui            the commands, the keys",
        "",
        "F1 (Alt-1, ?) lists the keys; F10 or Ctrl-Q leaves.",
    };
    size_t i;

    (void)u;
    for (i = 0; i < sizeof lines / sizeof lines[0] && (int)i + 1 < r.h; i++)
        ui_put_cut(r.y + 1 + (int)i, r.x + 1, lines[i], r.w - 2);
}

/* The program's name, whatever result the form left behind. */
static const char *title(const ui *u)
{
    (void)u;
    return "vecscope";
}

const struct ui_view_ops ui_view_welcome = {
    .draw = draw,
    .title = title,
};
