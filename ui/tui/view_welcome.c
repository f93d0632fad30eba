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
        "  nn whale                   neighbours (arrows, Enter follows)",
        "  analogy man king woman     an analogy (F5: the form)",
        "  pca --near whale -k 20     a map (/ searches, Enter: neighbours)",
        "  attn --layer 0 --head 0 the cat sat",
        "                             a BERT attention head (F7: lines)",
        "  help, help tui             the commands, this interface",
        "",
        "F1 (or Alt-1, ?) lists the keys; quit, Ctrl-Q or F10 leaves.",
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
