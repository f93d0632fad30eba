/*
 * notebook.c - recording a session as Markdown, and reading its commands
 * back (see notebook.h for the layout and why the file is written whole
 * after every command).
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "notebook.h"
#include "plot.h"
#include "readfile.h"
#include "xalloc.h"

/* The session item a notebook is kept as. */
#define NOTEBOOK_KIND "notebook"
#define NOTEBOOK_NAME "record"

/* A notebook read for replay is text, not a corpus. */
#define NOTEBOOK_MAX_BYTES ((size_t)64 << 20)

struct vs_notebook {
    char *path;      /* the file, as given */
    char *base;      /* path less a final ".md": pictures are BASE-N.png */
    char *md;        /* the whole text */
    size_t len, cap;
    size_t ncmds, npics;
};

static void put(vs_notebook *nb, const char *s, size_t n)
{
    if (nb->len + n + 1 > nb->cap) {
        nb->cap = (nb->len + n + 1) * 2;
        nb->md = xrealloc(nb->md, nb->cap);
    }
    memcpy(nb->md + nb->len, s, n);
    nb->len += n;
    nb->md[nb->len] = '\0';
}

static void puts_md(vs_notebook *nb, const char *s)
{
    put(nb, s, strlen(s));
}

static void printf_md(vs_notebook *nb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void printf_md(vs_notebook *nb, const char *fmt, ...)
{
    va_list ap, ap2;
    int n;
    char *s;

    va_start(ap, fmt);
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    s = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
    vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
    va_end(ap);
    puts_md(nb, s);
    free(s);
}

/* The fence for text: one backtick longer than its longest run of
 * backticks, and at least three. */
static size_t fence_len(const char *text)
{
    size_t best = 0, run = 0;

    for (; *text; text++) {
        run = *text == '`' ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best < 3 ? 3 : best + 1;
}

/* A fenced block after a blank line: ```info, the text (ending in a
 * newline), ```. (Every piece starts with its blank line, so the file ends
 * in one newline.) */
static void block(vs_notebook *nb, const char *info, const char *text, size_t len)
{
    size_t f = fence_len(text), i;

    puts_md(nb, "\n");
    for (i = 0; i < f; i++)
        puts_md(nb, "`");
    printf_md(nb, "%s\n", info);
    put(nb, text, len);
    if (len > 0 && text[len - 1] != '\n')
        puts_md(nb, "\n");
    for (i = 0; i < f; i++)
        puts_md(nb, "`");
    puts_md(nb, "\n");
}

/* Writes the whole text to the file again. */
static int flush(vs_notebook *nb, vs_error *err)
{
    vs_afile af;

    if (vs_afile_open(&af, nb->path, VS_AFILE_SYNC, err) < 0)
        return -1;
    if (vs_afile_write(&af, nb->md, nb->len, err) < 0) {
        vs_afile_abort(&af);
        return -1;
    }
    return vs_afile_commit(&af, err);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash != NULL ? slash + 1 : path;
}

int vs_notebook_open(const char *path, vs_notebook **out, vs_error *err)
{
    vs_notebook *nb = xcalloc(1, sizeof *nb);
    size_t n = strlen(path);

    nb->path = xstrdup(path);
    nb->base = xstrdup(path);
    if (n > 3 && strcmp(path + n - 3, ".md") == 0)
        nb->base[n - 3] = '\0';
    printf_md(nb, "# vecscope notebook\n\nRecorded by vecscope %s. Replay: `vecscope --replay "
                  "%s`.\n", PACKAGE_VERSION, base_name(path));
    if (flush(nb, err) < 0) {
        vs_notebook_free(nb);
        *out = NULL;
        return -1;
    }
    *out = nb;
    return 0;
}

void vs_notebook_free(vs_notebook *nb)
{
    if (nb == NULL)
        return;
    free(nb->path);
    free(nb->base);
    free(nb->md);
    free(nb);
}

const char *vs_notebook_path(const vs_notebook *nb)
{
    return nb->path;
}

size_t vs_notebook_count(const vs_notebook *nb)
{
    return nb->ncmds;
}

/* The text of r as a terminal in mode shows it, without colour, cut at
 * VS_NOTEBOOK_MAX_LINES lines (xmalloc'd; *len its length). A result that
 * is drawn gives only its notes, as the front end shows it. */
static char *result_text(const vs_result *r, enum vs_output mode, size_t *len)
{
    vs_render_opts o;
    vs_result shown = *r;
    char *text = NULL, *p;
    size_t size = 0, lines = 0;
    FILE *f = open_memstream(&text, &size);

    if (f == NULL) {   /* no memory for the stream: nothing to write down */
        *len = 0;
        return xstrdup("");
    }
    if (r->plot && !r->out_written)
        shown.kind = VS_RESULT_NONE;
    memset(&o, 0, sizeof o);
    o.mode = mode;
    o.out = f;
    o.msg = f;
    vs_render(&shown, &o);
    fclose(f);
    for (p = text; *p; p++)
        if (*p == '\n' && ++lines == VS_NOTEBOOK_MAX_LINES && p[1] != '\0') {
            size_t more = 0;
            char *q;
            for (q = p + 1; *q; q++)
                more += *q == '\n';
            more += q > p + 1 && q[-1] != '\n';
            p[1] = '\0';
            size = (size_t)(p + 1 - text);
            {
                char *tail = xasprintf("... (%zu more line%s)\n", more, more == 1 ? "" : "s");
                text = xrealloc(text, size + strlen(tail) + 1);
                memcpy(text + size, tail, strlen(tail) + 1);
                size += strlen(tail);
                free(tail);
            }
            break;
        }
    *len = size;
    return text;
}

/* Markdown's image alt text: the command, without the characters that
 * would end it. */
static char *alt_text(const char *line)
{
    char *s = xstrdup(line), *p;

    for (p = s; *p; p++)
        if (*p == '[' || *p == ']' || *p == '\n' || *p == '\r')
            *p = ' ';
    return s;
}

/* Where the notebook should point to reach a picture the command wrote
 * itself at out: the path as given when it is absolute or the notebook is
 * in the current folder, else its absolute path. */
static char *link_to(const vs_notebook *nb, const char *out)
{
    char real[PATH_MAX];

    if (out[0] == '/' || strchr(nb->path, '/') == NULL || realpath(out, real) == NULL)
        return xstrdup(out);
    return xstrdup(real);
}

/* A link target as Markdown takes it: in <...> when it holds a blank. */
static void put_link(vs_notebook *nb, const char *alt, const char *target)
{
    int angle = strpbrk(target, " ()<>") != NULL;

    printf_md(nb, "\n![%s](%s%s%s)\n", alt, angle ? "<" : "", target, angle ? ">" : "");
}

int vs_notebook_add(vs_notebook *nb, const char *line, int rc, const vs_result *r,
                    enum vs_output mode, const char *errmsg, vs_error *err)
{
    size_t n;
    char *text;

    line += strspn(line, " \t");
    n = strlen(line);
    while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
        n--;
    {
        char *cmd = xstrndup(line, n);
        block(nb, rc < 0 ? "vecscope fails" : "vecscope", cmd, strlen(cmd));
        free(cmd);
    }
    nb->ncmds++;
    if (rc < 0) {
        text = xasprintf("error: %s\n", errmsg != NULL && errmsg[0] ? errmsg : "command failed");
        block(nb, "text", text, strlen(text));
        free(text);
        return flush(nb, err);
    }
    {
        size_t len;
        text = result_text(r, mode, &len);
        if (len > 0)
            block(nb, "text", text, len);
        free(text);
    }
    if (r->kind == VS_RESULT_POINTS || r->kind == VS_RESULT_MATRIX) {
        char *alt = alt_text(line), *target = NULL;
        if (r->out_path != NULL && r->out_written && vs_plot_is_picture(r->out_path)) {
            target = link_to(nb, r->out_path);
            put_link(nb, alt, target);
        } else if (r->plot) {
            vs_plot_opts po;
            vs_error perr;
            char *png = xasprintf("%s-%zu.png", nb->base, nb->npics + 1);
            memset(&po, 0, sizeof po);
            po.out = png;
            po.labels = r->plot_labels;
            target = xstrdup(base_name(png));
            if (vs_plot_result(r, &po, &perr) == 0) {
                nb->npics++;
                put_link(nb, alt, target);
            } else {
                printf_md(nb, "\n(no picture: %s)\n", perr.msg);
            }
            free(png);
        }
        free(target);
        free(alt);
    }
    return flush(nb, err);
}

int vs_notebook_setup(vs_notebook *nb, char *const *lines, size_t n, vs_error *err)
{
    char *text = NULL;
    size_t size = 0, i;
    FILE *f;

    if (n == 0)
        return 0;
    f = open_memstream(&text, &size);
    if (f == NULL)
        return vs_fail(err, "no memory to write down the open models");
    for (i = 0; i < n; i++)
        fprintf(f, "%s\n", lines[i]);
    fclose(f);
    puts_md(nb, "\nThe models open when recording began:\n");
    block(nb, "vecscope", text, size);
    free(text);
    return flush(nb, err);
}

int vs_notebook_comment(vs_notebook *nb, const char *text, vs_error *err)
{
    size_t n;

    text += strspn(text, " \t");
    /* "# words" is a paragraph; "## Title" a Markdown heading, as typed */
    if (text[0] == '#' && text[1] != '#') {
        text++;
        text += strspn(text, " \t");
    }
    n = strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\r'))
        n--;
    if (n == 0)
        return 0;
    puts_md(nb, "\n");
    put(nb, text, n);
    puts_md(nb, "\n");
    return flush(nb, err);
}

static void notebook_free_obj(void *obj)
{
    vs_notebook_free(obj);
}

vs_notebook *vs_notebook_of(const vs_session *s)
{
    return vs_session_item_find(s, NOTEBOOK_KIND, NOTEBOOK_NAME);
}

void vs_notebook_attach(vs_session *s, vs_notebook *nb)
{
    vs_session_item_put(s, NOTEBOOK_KIND, NOTEBOOK_NAME, nb, notebook_free_obj);
}

int vs_notebook_detach(vs_session *s)
{
    return vs_session_item_drop(s, NOTEBOOK_KIND, NOTEBOOK_NAME);
}

/* ---- reading the commands back ---- */

/* If line [p, le) opens or closes a fence, its backtick count (at most
 * three spaces before it), else 0; *info the rest of the line. */
static size_t fence_at(const char *p, const char *le, const char **info)
{
    size_t sp = 0, n = 0;

    while (p < le && *p == ' ' && sp < 4) {
        p++;
        sp++;
    }
    if (sp > 3)
        return 0;
    while (p + n < le && p[n] == '`')
        n++;
    if (n < 3)
        return 0;
    *info = p + n;
    return n;
}

static int only_blanks(const char *s, const char *le)
{
    for (; s < le; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r')
            return 0;
    return 1;
}

/* Whether the info string [s, le) is "vecscope" (then *fails: "vecscope
 * fails"). */
static int vecscope_info(const char *s, const char *le, int *fails)
{
    size_t n;

    while (s < le && (*s == ' ' || *s == '\t'))
        s++;
    while (le > s && (le[-1] == ' ' || le[-1] == '\t' || le[-1] == '\r'))
        le--;
    n = (size_t)(le - s);
    *fails = 0;
    if (n == 8 && memcmp(s, "vecscope", 8) == 0)
        return 1;
    if (n > 8 && memcmp(s, "vecscope", 8) == 0 && (s[8] == ' ' || s[8] == '\t')) {
        s += 9;
        while (s < le && (*s == ' ' || *s == '\t'))
            s++;
        *fails = (size_t)(le - s) == 5 && memcmp(s, "fails", 5) == 0;
        return 1;
    }
    return 0;
}

void vs_notebook_cmds_free(vs_notebook_cmd *cmds, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(cmds[i].line);
    free(cmds);
}

int vs_notebook_read(const char *path, vs_notebook_cmd **out, size_t *nout, vs_error *err)
{
    char *buf, *p, *end;
    size_t len, ln = 0, open_len = 0, open_line = 0, n = 0, cap = 16, blocks = 0;
    int in_vs = 0, fails = 0;
    vs_notebook_cmd *cmds;

    *out = NULL;
    *nout = 0;
    if (vs_read_text_file(path, NOTEBOOK_MAX_BYTES, &buf, &len, err) < 0)
        return -1;
    if (memchr(buf, '\0', len) != NULL) {
        free(buf);
        return vs_fail(err, "%s holds a NUL byte: a notebook is a Markdown text file", path);
    }
    cmds = xmallocarray(cap, sizeof *cmds);
    for (p = buf, end = buf + len; p < end;) {
        char *le = memchr(p, '\n', (size_t)(end - p)), *next;
        const char *info;
        size_t f;
        if (le == NULL)
            le = end;
        next = le < end ? le + 1 : end;
        ln++;
        f = fence_at(p, le, &info);
        if (open_len == 0) {
            if (f > 0) {
                open_len = f;
                open_line = ln;
                in_vs = vecscope_info(info, le, &fails);
                blocks += (size_t)in_vs;
            }
        } else if (f >= open_len && only_blanks(info, le)) {
            open_len = 0;
            in_vs = 0;
        } else if (in_vs) {
            const char *s = p, *e = le;
            while (s < e && (*s == ' ' || *s == '\t'))
                s++;
            while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
                e--;
            if (e > s) {
                if (n == cap) {
                    cap *= 2;
                    cmds = xreallocarray(cmds, cap, sizeof *cmds);
                }
                cmds[n].line = xstrndup(s, (size_t)(e - s));
                cmds[n].lineno = ln;
                cmds[n].may_fail = fails;
                n++;
            }
        }
        p = next;
    }
    free(buf);
    if (open_len > 0 && in_vs) {
        vs_notebook_cmds_free(cmds, n);
        return vs_fail(err, "%s, line %zu: the ```vecscope block that starts here is not "
                       "closed", path, open_line);
    }
    if (blocks == 0) {
        vs_notebook_cmds_free(cmds, n);
        return vs_fail(err, "%s has no ```vecscope block: it is not a notebook written by "
                       "'record FILE.md'", path);
    }
    *out = cmds;
    *nout = n;
    return 0;
}
