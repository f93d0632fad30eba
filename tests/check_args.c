/*
 * check_args.c - the option parser (src/cmd/args.c).
 *
 * Every command of the table parses a line giving each of its options a
 * valid value of its type (as --name VALUE or -k VALUE, and again as
 * --name=VALUE), and each comes back set with the value given; a repeatable
 * option given 1000 times gives back all 1000 values in order; a command
 * with more options than any real one (24) parses them all; asking a getter
 * for an option the command does not declare is an assertion failure (the
 * test expects SIGABRT), for each of the seven getters.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "cmd/cmd.h"
#include "xalloc.h"

/* A growing list of words, as vs_split_words makes them. */
struct words {
    char **v;
    int n, cap;
};

static void push(struct words *w, const char *s)
{
    if (w->n + 1 >= w->cap) {
        w->cap = w->cap ? 2 * w->cap : 16;
        w->v = xreallocarray(w->v, (size_t)w->cap, sizeof *w->v);
    }
    w->v[w->n++] = xstrdup(s);
    w->v[w->n] = NULL;
}

/* The value the tests give option i of a command, as text. */
static char *value_of(const vs_opt *o, int i)
{
    switch (o->type) {
    case VS_OPT_INT:
        return xasprintf("%d", 1000 + 7 * i);
    case VS_OPT_REAL:
        return xasprintf("%g", 0.25 + i);
    case VS_OPT_STRING:
        return xasprintf("s-%s", o->name);
    case VS_OPT_STRINGS:
        return xasprintf("m-%s", o->name);
    case VS_OPT_FLAG:
        break;
    }
    return NULL;
}

/* Checks that the first nopts options of c came back set with the values
 * value_of gives them, and the positionals p0, p1, ... */
static void check_values(const vs_cmd *c, const vs_args *a, int npos, int nopts)
{
    int i;

    ck_assert_int_eq(a->argc, npos);
    for (i = 0; i < npos; i++) {
        char want[16];
        snprintf(want, sizeof want, "p%d", i);
        ck_assert_str_eq(a->argv[i], want);
    }
    for (i = 0; i < nopts; i++) {
        const vs_opt *o = &c->opts[i];
        char *want = value_of(o, i);
        ck_assert_msg(vs_arg_set(a, o->name), "%s: --%s not set", c->name, o->name);
        switch (o->type) {
        case VS_OPT_INT:
            ck_assert_int_eq(vs_arg_int(a, o->name, -1), 1000 + 7 * i);
            break;
        case VS_OPT_REAL:
            ck_assert_double_eq_tol(vs_arg_real(a, o->name, -1), 0.25 + i, 1e-12);
            break;
        case VS_OPT_STRINGS:
            ck_assert_int_eq(vs_arg_count(a, o->name), 1);
            ck_assert_str_eq(vs_arg_nth(a, o->name, 0), want);
            ck_assert_ptr_null(vs_arg_nth(a, o->name, 1));
            /* fall through: the last value is also its string */
        case VS_OPT_STRING:
            ck_assert_str_eq(vs_arg_str(a, o->name, "default"), want);
            break;
        case VS_OPT_FLAG:
            break;
        }
        free(want);
    }
}

/* Parses, for c, its min_args positionals and every option with a value;
 * with eq, long options are written --name=VALUE. */
static void parse_all(const vs_cmd *c, int eq)
{
    struct words w = {NULL, 0, 0};
    vs_args a;
    vs_error err;
    int i, nopts = 0;

    for (i = 0; i < c->min_args; i++) {
        char p[16];
        snprintf(p, sizeof p, "p%d", i);
        push(&w, p);
    }
    for (i = 0; c->opts != NULL && c->opts[i].name != NULL; i++, nopts++) {
        const vs_opt *o = &c->opts[i];
        char *val = value_of(o, i), *word;
        if (strlen(o->name) == 1 || (!eq && o->short_name != 0 && i % 2 == 0)) {
            /* -k VALUE: one-letter names, and every other short form */
            word = xasprintf("-%c", o->short_name ? o->short_name : o->name[0]);
            push(&w, word);
            if (val != NULL)
                push(&w, val);
        } else if (eq && val != NULL) {
            word = xasprintf("--%s=%s", o->name, val);
            push(&w, word);
        } else {
            word = xasprintf("--%s", o->name);
            push(&w, word);
            if (val != NULL)
                push(&w, val);
        }
        free(word);
        free(val);
    }
    if (w.v == NULL)
        push(&w, "--tsv");
    ck_assert_msg(vs_args_parse(c, w.n, w.v, VS_OUT_TEXT, &a, &err) == 0, "%s: %s", c->name,
                  err.msg);
    ck_assert_ptr_eq(a.cmd, c);
    ck_assert_uint_eq(a.nopts, (size_t)nopts);
    check_values(c, &a, c->min_args, nopts);
    vs_args_free(&a);
    vs_argv_free(w.n, w.v);
}

START_TEST(every_option_of_every_command)
{
    const vs_cmd *const *c;
    int ncmds = 0, nopts = 0, most = 0;

    for (c = vs_cmd_table; *c != NULL; c++, ncmds++) {
        const vs_opt *o;
        int k = 0;
        parse_all(*c, 0);
        parse_all(*c, 1);
        for (o = (*c)->opts; o != NULL && o->name != NULL; o++)
            k++;
        nopts += k;
        most = k > most ? k : most;
    }
    printf("args: parsed every option of %d commands (%d options, at most %d a command)\n",
           ncmds, nopts, most);
    ck_assert_int_gt(ncmds, 20);
    ck_assert_int_ge(most, 16);  /* the longest lists: train, tsne */
}
END_TEST

static const vs_opt near_opts[] = {
    {"near", 0, VS_OPT_STRINGS, "WORD", "a word (repeat)"},
    {"k", 'k', VS_OPT_INT, "K", "neighbours"},
    {NULL, 0, 0, NULL, NULL}
};

static const vs_cmd near_cmd = {
    .name = "fake-near",
    .usage = "fake-near --near WORD...",
    .max_args = -1,
    .opts = near_opts,
};

START_TEST(a_thousand_values)
{
    struct words w = {NULL, 0, 0};
    vs_args a;
    vs_error err;
    char buf[32];
    int i;

    for (i = 0; i < 1000; i++) {
        /* --near WORD and --near=WORD in turn */
        if (i % 2) {
            snprintf(buf, sizeof buf, "w%d", i);
            push(&w, "--near");
        } else {
            snprintf(buf, sizeof buf, "--near=w%d", i);
        }
        push(&w, buf);
    }
    push(&w, "-k");
    push(&w, "3");
    ck_assert_msg(vs_args_parse(&near_cmd, w.n, w.v, VS_OUT_TEXT, &a, &err) == 0, "%s",
                  err.msg);
    ck_assert_int_eq(vs_arg_count(&a, "near"), 1000);
    for (i = 0; i < 1000; i++) {
        snprintf(buf, sizeof buf, "w%d", i);
        ck_assert_str_eq(vs_arg_nth(&a, "near", i), buf);
    }
    ck_assert_ptr_null(vs_arg_nth(&a, "near", 1000));
    ck_assert_str_eq(vs_arg_str(&a, "near", NULL), "w999");
    ck_assert_int_eq(vs_arg_int(&a, "k", 10), 3);
    ck_assert_int_eq(a.argc, 0);
    vs_args_free(&a);
    vs_argv_free(w.n, w.v);
}
END_TEST

/* A command with more options than any real one: 24 of every type, and a
 * 25th not given. */
#define NMANY 25
static char many_names[NMANY][8];
static vs_opt many_opts[NMANY + 1];
static vs_cmd many_cmd = {
    .name = "fake-many",
    .usage = "fake-many [--o00 ...]",
    .min_args = 1,
    .max_args = 1,
    .opts = many_opts,
};

static void make_many(void)
{
    static const enum vs_opt_type types[] = {VS_OPT_INT, VS_OPT_REAL, VS_OPT_STRING,
                                             VS_OPT_STRINGS, VS_OPT_FLAG};
    int i;

    for (i = 0; i < NMANY; i++) {
        snprintf(many_names[i], sizeof many_names[i], "o%02d", i);
        many_opts[i].name = many_names[i];
        many_opts[i].short_name = (char)('A' + i);
        many_opts[i].type = types[i % 5];
        many_opts[i].arg_name = "V";
        many_opts[i].help = "";
    }
    memset(&many_opts[NMANY], 0, sizeof many_opts[NMANY]);
}

START_TEST(more_options_than_any_command)
{
    struct words w = {NULL, 0, 0};
    vs_args a;
    vs_error err;
    int i;

    make_many();
    push(&w, "p0");
    for (i = 0; i < NMANY - 1; i++) {
        char *word = xasprintf("--%s", many_opts[i].name), *val = value_of(&many_opts[i], i);
        push(&w, word);
        if (val != NULL)
            push(&w, val);
        free(word);
        free(val);
    }
    ck_assert_msg(vs_args_parse(&many_cmd, w.n, w.v, VS_OUT_TEXT, &a, &err) == 0, "%s",
                  err.msg);
    ck_assert_uint_eq(a.nopts, NMANY);
    check_values(&many_cmd, &a, 1, NMANY - 1);
    ck_assert(!vs_arg_set(&a, many_names[NMANY - 1]));
    ck_assert_int_eq(vs_arg_int(&a, "o20", 5), 1000 + 7 * 20);
    vs_args_free(&a);
    vs_argv_free(w.n, w.v);
    /* and the same through the short forms, -A 1000 -B 1.25 ... */
    w.n = 0;
    w.v = NULL;
    w.cap = 0;
    push(&w, "p0");
    for (i = 0; i < NMANY - 1; i++) {
        char word[4] = {'-', many_opts[i].short_name, '\0'};
        char *val = value_of(&many_opts[i], i);
        push(&w, word);
        if (val != NULL)
            push(&w, val);
        free(val);
    }
    ck_assert_msg(vs_args_parse(&many_cmd, w.n, w.v, VS_OUT_TEXT, &a, &err) == 0, "%s",
                  err.msg);
    check_values(&many_cmd, &a, 1, NMANY - 1);
    vs_args_free(&a);
    vs_argv_free(w.n, w.v);
}
END_TEST

/* Errors leave the value of --json given before them, and nothing to leak
 * once freed (valgrind and the sanitizers check the freeing). */
START_TEST(errors_still_free)
{
    char *words[] = {"--json", "-k", "x", NULL};
    vs_args a;
    vs_error err;

    ck_assert_int_eq(vs_args_parse(&near_cmd, 3, words, VS_OUT_TEXT, &a, &err), -1);
    ck_assert_msg(strstr(err.msg, "fake-near: -k takes a whole number >= 0, not 'x'") != NULL,
                  "%s", err.msg);
    ck_assert_int_eq(a.output, VS_OUT_JSON);
    vs_args_free(&a);
    vs_args_free(&a);  /* twice is harmless */
}
END_TEST

/* Each getter, asked for a name near_cmd does not declare ("nera"), fails
 * an assertion: the test passes when it ends with SIGABRT. */
START_TEST(undeclared_name_asserts)
{
    char *words[] = {"--near", "w", NULL};
    vs_args a;
    vs_error err;

    ck_assert_int_eq(vs_args_parse(&near_cmd, 2, words, VS_OUT_TEXT, &a, &err), 0);
    ck_assert_int_eq(vs_arg_count(&a, "near"), 1);
    switch (_i) {
    case 0:
        (void)vs_arg_set(&a, "nera");
        break;
    case 1:
        (void)vs_arg_int(&a, "nera", 0);
        break;
    case 2:
        (void)vs_arg_real(&a, "nera", 0);
        break;
    case 3:
        (void)vs_arg_str(&a, "nera", NULL);
        break;
    case 4:
        (void)vs_arg_count(&a, "nera");
        break;
    case 5:
        (void)vs_arg_nth(&a, "nera", 0);
        break;
    default:
        (void)vs_arg_at_most(&a, "nera", 10, 100);
        break;
    }
    vs_args_free(&a);
}
END_TEST

Suite *suite_args(void)
{
    Suite *s = suite_create("args");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, every_option_of_every_command);
    tcase_add_test(tc, a_thousand_values);
    tcase_add_test(tc, more_options_than_any_command);
    tcase_add_test(tc, errors_still_free);
    tcase_add_loop_test_raise_signal(tc, undeclared_name_asserts, SIGABRT, 0, 7);
    suite_add_tcase(s, tc);
    return s;
}
