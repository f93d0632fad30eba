/*
 * args.c - parsing a command's words against its option table, and reading
 * the values back (see args.h).
 *
 * Options are written --name VALUE, --name=VALUE, and for those with a
 * one-letter form -k VALUE or -kVALUE; a flag takes no value; "--" ends the
 * options; "-", "+" and negative numbers are positionals. The values stay
 * the line's words (borrowed), typed once here: a whole number >= 0 for
 * VS_OPT_INT, a number for VS_OPT_REAL.
 */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cmd.h"
#include "xalloc.h"

/* How the user writes an option: "-k" for one-letter names, "--restrict". */
static const char *opt_shown(const vs_opt *o, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", strlen(o->name) == 1 ? "-" : "--", o->name);
    return buf;
}

/* The index in c->opts of the option named name[0..len), or with the short
 * name shortc when that is not 0; -1 when there is none. */
static int find_opt(const vs_cmd *c, const char *name, size_t len, char shortc)
{
    int i;

    for (i = 0; c->opts != NULL && c->opts[i].name != NULL; i++) {
        if (shortc ? c->opts[i].short_name == shortc
                   : strlen(c->opts[i].name) == len &&
                         strncmp(c->opts[i].name, name, len) == 0)
            return i;
    }
    return -1;
}

const vs_opt *vs_cmd_opt(const vs_cmd *c, const char *name)
{
    int i = find_opt(c, name, strlen(name), 0);

    return i < 0 ? NULL : &c->opts[i];
}

/* Stores an option's value, checking its type; a repeatable option's value
 * is kept beside the others given. */
static int set_opt(const vs_cmd *c, vs_args *a, int i, const char *val,
                   vs_error *err)
{
    const vs_opt *o = &c->opts[i];
    struct vs_optval *v = &a->opt[i];
    char *end, shown[64];

    v->set = 1;
    v->s = val;
    if (o->type == VS_OPT_STRINGS) {
        if (a->nrep == a->caprep) {
            a->caprep = a->caprep ? 2 * a->caprep : 8;
            a->rep = xreallocarray(a->rep, a->caprep, sizeof *a->rep);
        }
        a->rep[a->nrep].opt = (size_t)i;
        a->rep[a->nrep++].s = val;
    }
    errno = 0;
    if (o->type == VS_OPT_INT) {
        v->i = strtoll(val, &end, 10);
        if (*val != '\0' && *end == '\0' && errno == ERANGE && v->i > 0)
            return vs_fail(err, "%s: %s %s is too large: the most it takes is %lld", c->name,
                           opt_shown(o, shown, sizeof shown), val, LLONG_MAX);
        if (*val == '\0' || *end != '\0' || errno != 0 || v->i < 0)
            return vs_fail(err, "%s: %s takes a whole number >= 0, not '%s'",
                           c->name, opt_shown(o, shown, sizeof shown), val);
    } else if (o->type == VS_OPT_REAL) {
        v->d = strtod(val, &end);
        if (*val == '\0' || *end != '\0' || errno != 0)
            return vs_fail(err, "%s: %s takes a number, not '%s'", c->name,
                           opt_shown(o, shown, sizeof shown), val);
    }
    return 0;
}

int vs_opt_takes_value(const vs_cmd *c, const char *w)
{
    int k;

    if (!vs_arg_is_option(w) || strcmp(w, "--tsv") == 0 || strcmp(w, "--json") == 0 ||
        strcmp(w, "--") == 0)
        return 0;
    if (w[1] == '-') {
        size_t len = strcspn(w + 2, "=");
        k = find_opt(c, w + 2, len, 0);
        return k >= 0 && w[2 + len] == '\0' && c->opts[k].type != VS_OPT_FLAG;
    }
    k = find_opt(c, NULL, 0, w[1]);
    return k >= 0 && w[2] == '\0' && c->opts[k].type != VS_OPT_FLAG;
}

/* Is w an option word (as opposed to "-", "+", a negative number)? */
int vs_arg_is_option(const char *w)
{
    if (w[0] != '-' || w[1] == '\0')
        return 0;
    if (w[1] == '-')
        return 1;
    return !(w[1] >= '0' && w[1] <= '9') && w[1] != '.';
}

static int parse_words(const vs_cmd *c, int argc, char **argv, vs_args *a,
                       vs_error *err)
{
    int i, only_pos = 0;
    char shown[64];

    for (i = 0; i < argc; i++) {
        char *w = argv[i];
        int k;
        if (only_pos || !vs_arg_is_option(w)) {
            argv[a->argc++] = w;
            continue;
        }
        if (strcmp(w, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (strcmp(w, "--tsv") == 0) {
            a->output = VS_OUT_TSV;
            continue;
        }
        if (strcmp(w, "--json") == 0) {
            a->output = VS_OUT_JSON;
            continue;
        }
        if (w[1] == '-') {
            const char *eq = strchr(w + 2, '=');
            size_t len = eq ? (size_t)(eq - w - 2) : strlen(w + 2);
            k = find_opt(c, w + 2, len, 0);
            if (k < 0)
                return vs_fail(err, "%s: unknown option '%.*s'; usage: %s", c->name,
                               (int)(len + 2), w, c->usage);
            if (c->opts[k].type == VS_OPT_FLAG) {
                if (eq)
                    return vs_fail(err, "%s: %s takes no value", c->name,
                                   opt_shown(&c->opts[k], shown, sizeof shown));
                a->opt[k].set = 1;
                continue;
            }
            if (eq) {
                if (set_opt(c, a, k, eq + 1, err) < 0)
                    return -1;
                continue;
            }
        } else {
            k = find_opt(c, NULL, 0, w[1]);
            if (k < 0)
                return vs_fail(err, "%s: unknown option '-%c'; usage: %s", c->name,
                               w[1], c->usage);
            if (c->opts[k].type == VS_OPT_FLAG) {
                if (w[2] != '\0')
                    return vs_fail(err, "%s: -%c takes no value", c->name, w[1]);
                a->opt[k].set = 1;
                continue;
            }
            if (w[2] != '\0') {
                if (set_opt(c, a, k, w + 2, err) < 0)
                    return -1;
                continue;
            }
        }
        if (i + 1 >= argc)
            return vs_fail(err, "%s: %s needs a value (%s); usage: %s", c->name,
                           opt_shown(&c->opts[k], shown, sizeof shown),
                           c->opts[k].arg_name ? c->opts[k].arg_name : "VALUE", c->usage);
        if (set_opt(c, a, k, argv[++i], err) < 0)
            return -1;
    }
    if (a->argc < c->min_args || (c->max_args >= 0 && a->argc > c->max_args))
        return vs_fail(err, "%s: %s arguments; usage: %s", c->name,
                       a->argc < c->min_args ? "too few" : "too many", c->usage);
    return 0;
}

int vs_args_parse(const vs_cmd *c, int argc, char **argv, enum vs_output out,
                  vs_args *a, vs_error *err)
{
    memset(a, 0, sizeof *a);
    a->cmd = c;
    a->output = out;
    a->argv = argv;
    while (c->opts != NULL && c->opts[a->nopts].name != NULL)
        a->nopts++;
    a->opt = xcalloc(a->nopts ? a->nopts : 1, sizeof *a->opt);
    return parse_words(c, argc, argv, a, err);
}

void vs_args_free(vs_args *a)
{
    if (a == NULL)
        return;
    free(a->opt);
    free(a->rep);
    a->opt = NULL;
    a->rep = NULL;
    a->nopts = a->nrep = a->caprep = 0;
}

/* The index of the command's option named name; a name the command does
 * not declare is a bug in the caller (a misspelling would otherwise read as
 * "not given"). */
static size_t opt_index(const vs_args *a, const char *name)
{
    int i = find_opt(a->cmd, name, strlen(name), 0);

    assert(i >= 0 && "the command declares no option of this name");
    if (i < 0)
        abort();  /* with NDEBUG too: never read past the table */
    return (size_t)i;
}

int vs_arg_set(const vs_args *a, const char *name)
{
    return a->opt[opt_index(a, name)].set;
}

long long vs_arg_int(const vs_args *a, const char *name, long long def)
{
    const struct vs_optval *v = &a->opt[opt_index(a, name)];

    return v->set ? v->i : def;
}

double vs_arg_real(const vs_args *a, const char *name, double def)
{
    const struct vs_optval *v = &a->opt[opt_index(a, name)];

    return v->set ? v->d : def;
}

size_t vs_arg_at_most(const vs_args *a, const char *name, long long def, size_t max)
{
    long long v = vs_arg_int(a, name, def);

    return v < 0 ? 0 : (unsigned long long)v > max ? max : (size_t)v;
}

const char *vs_arg_str(const vs_args *a, const char *name, const char *def)
{
    const struct vs_optval *v = &a->opt[opt_index(a, name)];

    return v->set ? v->s : def;
}

int vs_arg_count(const vs_args *a, const char *name)
{
    size_t i = opt_index(a, name), k;
    int n = 0;

    for (k = 0; k < a->nrep; k++)
        n += a->rep[k].opt == i;
    return n;
}

const char *vs_arg_nth(const vs_args *a, const char *name, int nth)
{
    size_t i = opt_index(a, name), k;

    for (k = 0; k < a->nrep; k++)
        if (a->rep[k].opt == i && nth-- == 0)
            return a->rep[k].s;
    return NULL;
}
