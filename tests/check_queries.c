/*
 * check_queries.c - vector and set queries, and the notebook (the query
 * vector and the cosine matrix are in check_query.c): the vector file's
 * reader on good and malformed files; the
 * vocabulary's regular-expression search (UTF-8, anchors, a word that is
 * not UTF-8, limits, a pattern that does not compile); `as NAME` and `@`
 * through vs_cmd_run (a quoted "as" is text, load keeps its own `as`, a bad
 * name, a dimension that does not match); each cell of `sim A B ||| X Y`
 * and of `simmat` against the `sim` of its pair, and each cell of `ssim
 * --file` against the `ssim` of its pair on the tiny BERT model; the
 * notebook's fences, its "fails" blocks, and reading commands back.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_suites.h"
#include "cmd/cmd.h"
#include "format/vecfile.h"
#include "notebook.h"
#include "query.h"
#include "vocabgrep.h"
#include "xalloc.h"

#define BOOKS VS_SRCDIR "/samples/gutenberg-w2v-cbow32.bin"
#define TINY VS_TESTDATA "/bert/tiny-f32"

/* A scratch file holding text; the caller unlinks and frees the name. */
static char *scratch(const char *text)
{
    char *path = xstrdup("/tmp/vecscope-queries-XXXXXX");
    int fd = mkstemp(path);
    FILE *f;

    ck_assert_int_ge(fd, 0);
    f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

/* Runs line in s, which must succeed; r is cleared first. */
static void run(vs_session *s, const char *line, vs_result *r)
{
    vs_error err;
    enum vs_output mode;

    vs_result_clear(r);
    err.msg[0] = '\0';
    ck_assert_msg(vs_cmd_run(s, line, VS_OUT_TEXT, &mode, r, &err) == 0, "%s: %s", line,
                  err.msg);
}

/* Runs line in s, which must fail with a message holding want. */
static void fails(vs_session *s, const char *line, const char *want)
{
    vs_error err;
    vs_result r;
    enum vs_output mode;

    vs_result_init(&r);
    ck_assert_msg(vs_cmd_run(s, line, VS_OUT_TEXT, &mode, &r, &err) < 0, "%s succeeded", line);
    ck_assert_msg(strstr(err.msg, want) != NULL, "%s: '%s' lacks '%s'", line, err.msg, want);
    vs_result_clear(&r);
}

/* --- the engines --- */

START_TEST(test_vecfile)
{
    static const struct {
        const char *text;
        size_t dim;       /* 0: an error holding want */
        const char *want;
    } cases[] = {
        {"0.5\t-1\t2e-3\n", 3, NULL},
        {"# a comment\n\nking 1 2 3 4\r\n\n", 4, NULL},
        {"1 2 x\n", 0, "line 1, field 3: 'x' is not a number"},
        {"1 nan\n", 0, "not a finite number"},
        {"1 2\n3 4\n", 0, "line 2: a second line of numbers"},
        {"\n# nothing\n", 0, "holds no vector"},
        {"label\n", 0, "no numbers after the label"},
        {"1 1e39\n", 0, "beyond float32"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = scratch(cases[i].text);
        float *v;
        size_t dim;
        vs_error err;
        int rc = vs_vecfile_read(path, &v, &dim, &err);
        if (cases[i].dim > 0) {
            ck_assert_msg(rc == 0, "case %zu: %s", i, err.msg);
            ck_assert_uint_eq(dim, cases[i].dim);
            free(v);
        } else {
            ck_assert_msg(rc < 0, "case %zu read", i);
            ck_assert_msg(strstr(err.msg, cases[i].want) != NULL, "case %zu: %s", i, err.msg);
            ck_assert_ptr_null(v);
        }
        unlink(path);
        free(path);
    }
    {
        char *path = scratch("w 0.5 -1.25 3\n");
        float *v;
        size_t dim;
        vs_error err;
        ck_assert_int_eq(vs_vecfile_read(path, &v, &dim, &err), 0);
        ck_assert_float_eq(v[0], 0.5f);
        ck_assert_float_eq(v[1], -1.25f);
        ck_assert_float_eq(v[2], 3.0f);
        free(v);
        unlink(path);
        free(path);
    }
}
END_TEST

START_TEST(test_vocab_grep)
{
    const char *w[] = {"whale", "Whaler", "caf\xc3\xa9", "\xd0\xba\xd0\xb8\xd1\x82", "bad\xff",
                       "whales", "narwhal"};
    vs_vocab *v = vs_vocab_new(7);
    uint32_t ids[8];
    size_t n, total, i;
    vs_error err;

    for (i = 0; i < 7; i++)
        vs_vocab_add(v, w[i], strlen(w[i]), NULL);
    ck_assert_int_eq(vs_vocab_grep(v, 7, "whal", 8, ids, &n, &total, &err), 0);
    ck_assert_uint_eq(n, 3);   /* whale, whales, narwhal: anywhere, with case */
    ck_assert_uint_eq(ids[0], 0);
    ck_assert_uint_eq(ids[2], 6);
    ck_assert_int_eq(vs_vocab_grep(v, 7, "(?i)^whal", 1, ids, &n, &total, &err), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(total, 3);
    /* one character, not one byte; Unicode properties */
    ck_assert_int_eq(vs_vocab_grep(v, 7, "^caf.$", 8, ids, &n, &total, &err), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(ids[0], 2);
    ck_assert_int_eq(vs_vocab_grep(v, 7, "^\\p{Cyrillic}+$", 8, ids, &n, &total, &err), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(ids[0], 3);
    ck_assert_int_eq(vs_vocab_grep(v, 7, "^\\w+$", 8, ids, &n, &total, &err), 0);
    ck_assert_uint_eq(total, 6);   /* all but bad\xff, which is not UTF-8 */
    /* only the first n words are searched */
    ck_assert_int_eq(vs_vocab_grep(v, 2, "h", 8, ids, &n, &total, &err), 0);
    ck_assert_uint_eq(total, 2);
    ck_assert_int_eq(vs_vocab_grep(v, 7, "(", 8, ids, &n, &total, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "does not compile at character 1"));
    ck_assert_int_eq(vs_vocab_grep(v, 7, "\xff", 8, ids, &n, &total, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "not valid UTF-8"));
    vs_vocab_free(v);
}
END_TEST

/* --- the commands --- */

START_TEST(test_keep_and_refer)
{
    vs_session s;
    vs_result r;
    double direct;
    char *path;

    vs_session_init(&s);
    vs_result_init(&r);
    run(&s, "load " BOOKS " as books", &r);
    run(&s, "vec king - man + woman as q", &r);
    ck_assert_int_eq(r.kind, VS_RESULT_NONE);
    ck_assert_ptr_nonnull(strstr(r.notes[r.nnotes - 1], "kept @q: 32 numbers"));
    /* load keeps its own `as`: the model is named, no vector kept */
    run(&s, "load " BOOKS " as again", &r);
    ck_assert_ptr_nonnull(vs_session_find(&s, "again"));
    run(&s, "use books", &r);
    /* nn @q: the same vector as nn's own query, without the exclusions */
    run(&s, "nn @q -k 4", &r);
    ck_assert_str_eq(r.items[0].term, "king");
    run(&s, "nn king - man + woman -k 1", &r);
    {
        char *first = xstrdup(r.items[0].term);
        double score = r.items[0].score;
        size_t i;
        run(&s, "nn @q -k 4", &r);
        for (i = 0; i < r.nitems && strcmp(r.items[i].term, first) != 0; i++)
            ;
        ck_assert_msg(i < r.nitems, "%s is not among nn @q's first four", first);
        ck_assert_double_eq_tol(r.items[i].score, score, 1e-6);
        free(first);
    }
    /* a kept vector and a file holding the same numbers give the same */
    run(&s, "vec whale --tsv", &r);
    {
        char line[4096] = "", num[32];
        size_t i;
        for (i = 0; i < r.dim; i++) {
            snprintf(num, sizeof num, "%s%.9g", i ? "\t" : "", r.vec[i]);
            strcat(line, num);
        }
        strcat(line, "\n");
        path = scratch(line);
    }
    {
        char *cmd = xasprintf("sim @%s ship", path);
        run(&s, "sim whale ship", &r);
        direct = r.scalar;
        run(&s, cmd, &r);
        ck_assert_double_eq_tol(r.scalar, direct, 1e-6);
        free(cmd);
    }
    /* errors: nothing kept, a result that is not a vector, a bad name, a
     * dimension that is not the model's */
    fails(&s, "nn @nothing", "nothing is kept as 'nothing'");
    fails(&s, "nn king as x", "'as x' keeps a vector, and nn gives none");
    fails(&s, "vec king as 9lives", "cannot keep a vector as '9lives'");
    {
        char *bad = scratch("1 2 3\n"), *cmd = xasprintf("nn @%s", bad);
        fails(&s, cmd, "has 3 numbers, but books has 32 dimensions");
        free(cmd);
        unlink(bad);
        free(bad);
    }
    /* vars lists and drops */
    run(&s, "vars", &r);
    ck_assert_uint_eq(r.rows, 1);
    ck_assert_str_eq(r.cells[0], "@q");
    run(&s, "vars --drop q", &r);
    fails(&s, "nn @q", "nothing is kept as 'q'");
    unlink(path);
    free(path);
    vs_result_clear(&r);
    vs_session_free(&s);
}
END_TEST

/* Every cell of a set matrix and of simmat is the sim of its pair. */
START_TEST(test_matrices_are_sims)
{
    static const char *const rows[] = {"king", "queen", "whale", "@k"};
    static const char *const cols[] = {"woman", "ship", "duke"};
    vs_session s;
    vs_result r;
    float m[4 * 3], sq[4 * 4];
    size_t i, j;
    double worst = 0;

    vs_session_init(&s);
    vs_result_init(&r);
    run(&s, "load " BOOKS, &r);
    run(&s, "vec man + child as k", &r);
    run(&s, "sim king queen whale @k ||| woman ship duke", &r);
    ck_assert_int_eq(r.kind, VS_RESULT_MATRIX);
    ck_assert_uint_eq(r.mrows, 4);
    ck_assert_uint_eq(r.mcols, 3);
    ck_assert_double_eq(r.mlo, -1.0);
    ck_assert_str_eq(r.col_labels[2], "duke");
    memcpy(m, r.matrix, sizeof m);
    run(&s, "simmat king queen whale @k", &r);
    ck_assert_uint_eq(r.mrows, 4);
    memcpy(sq, r.matrix, sizeof sq);
    for (i = 0; i < 4; i++) {
        for (j = 0; j < 3; j++) {
            char *line = xasprintf("sim %s %s", rows[i], cols[j]);
            run(&s, line, &r);
            ck_assert_double_eq_tol(m[i * 3 + j], r.scalar, 1e-6);
            if (fabs(m[i * 3 + j] - r.scalar) > worst)
                worst = fabs(m[i * 3 + j] - r.scalar);
            free(line);
        }
        for (j = 0; j < 4; j++) {
            char *line = xasprintf("sim %s %s", rows[i], rows[j]);
            run(&s, line, &r);
            ck_assert_double_eq_tol(sq[i * 4 + j], r.scalar, 1e-6);
            ck_assert_double_eq_tol(sq[i * 4 + j], sq[j * 4 + i], 1e-6);
            free(line);
        }
        ck_assert_double_eq_tol(sq[i * 4 + i], 1.0, 1e-6);
    }
    printf("sim sets and simmat against sim: max difference %.3g\n", worst);
    fails(&s, "sim king queen man", "3 words");
    fails(&s, "sim king ||| ||| queen", "'|||' twice");
    fails(&s, "sim ||| queen", "a set is empty");
    fails(&s, "sim king queen --plot", "--plot and --out go with two sets");
    fails(&s, "simmat --top 2001", "at most 2000 words");
    vs_result_clear(&r);
    vs_session_free(&s);
}
END_TEST

/* ssim --file: each cell is the ssim of its pair; a quoted "as" is text. */
START_TEST(test_ssim_file)
{
    static const char *const sent[] = {"the cat sat", "a dog ran in the park", "the cat ran"};
    vs_session s;
    vs_result r;
    float m[9];
    size_t i, j;
    char *path = scratch("the cat sat\n# not a sentence\n\na dog ran in the park\nthe cat ran\n");
    char *line = xasprintf("ssim --file %s", path);

    vs_session_init(&s);
    vs_result_init(&r);
    run(&s, "load " TINY, &r);
    run(&s, line, &r);
    ck_assert_int_eq(r.kind, VS_RESULT_MATRIX);
    ck_assert_uint_eq(r.mrows, 3);
    ck_assert_str_eq(r.row_labels[1], "2 a dog ran in the park");
    ck_assert_str_eq(r.row_title, "sentence");
    memcpy(m, r.matrix, sizeof m);
    for (i = 0; i < 3; i++)
        for (j = 0; j < 3; j++) {
            char *pair = xasprintf("ssim %s ||| %s", sent[i], sent[j]);
            run(&s, pair, &r);
            ck_assert_double_eq_tol(m[i * 3 + j], r.scalar, 1e-5);
            free(pair);
        }
    /* "as x" quoted is the end of the text (as typed, quotes and all);
     * unquoted, it keeps the vector; "as 5" is not a name, so text */
    run(&s, "embed the cat sat \"as x\"", &r);
    ck_assert_int_eq(r.kind, VS_RESULT_VECTOR);
    ck_assert_str_eq(r.vec_term, "the cat sat \"as x\"");
    run(&s, "embed the cat sat as 5", &r);
    ck_assert_int_eq(r.kind, VS_RESULT_VECTOR);
    ck_assert_str_eq(r.vec_term, "the cat sat as 5");
    run(&s, "embed the cat sat   as   x  ", &r);
    ck_assert_int_eq(r.kind, VS_RESULT_NONE);
    run(&s, "vars", &r);
    ck_assert_str_eq(r.cells[3], "embed the cat sat");
    run(&s, "ctx cat \"the cat sat\" as c", &r);
    run(&s, "sim @x @c", &r);
    ck_assert(r.scalar > -1.0 && r.scalar < 1.0);
    fails(&s, "ssim --file /nonexistent/file", "/nonexistent/file");
    free(line);
    unlink(path);
    free(path);
    vs_result_clear(&r);
    vs_session_free(&s);
}
END_TEST

/* --- the notebook --- */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    char *buf = xmalloc(1 << 16);
    size_t n;

    ck_assert_ptr_nonnull(f);
    n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

START_TEST(test_notebook)
{
    char dir[] = "/tmp/vecscope-nb-XXXXXX", *path, *text;
    vs_notebook *nb;
    vs_notebook_cmd *cmds;
    vs_result r;
    vs_error err;
    size_t n;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    path = xasprintf("%s/demo.md", dir);
    ck_assert_int_eq(vs_notebook_open(path, &nb, &err), 0);
    vs_result_init(&r);
    /* output holding a fence: the block's fence is longer */
    vs_result_printf(&r, "a ``` b ```` c\n");
    ck_assert_int_eq(vs_notebook_add(nb, "help", 0, &r, VS_OUT_TEXT, NULL, &err), 0);
    ck_assert_int_eq(vs_notebook_add(nb, "  nn kingg  ", -1, NULL, VS_OUT_TEXT,
                                     "'kingg' is not in the vocabulary", &err), 0);
    ck_assert_int_eq(vs_notebook_comment(nb, "# a paragraph", &err), 0);
    ck_assert_uint_eq(vs_notebook_count(nb), 2);
    text = slurp(path);
    ck_assert_ptr_nonnull(strstr(text, "`````text\na ``` b ```` c\n`````\n"));
    ck_assert_ptr_nonnull(strstr(text, "```vecscope fails\nnn kingg\n```\n"));
    ck_assert_ptr_nonnull(strstr(text, "error: 'kingg' is not in the vocabulary"));
    ck_assert_ptr_nonnull(strstr(text, "```\n\na paragraph\n"));
    ck_assert_int_eq(text[strlen(text) - 2], 'h');   /* one newline at the end */
    free(text);
    vs_notebook_free(nb);
    /* read back: the commands, their lines, which may fail */
    ck_assert_int_eq(vs_notebook_read(path, &cmds, &n, &err), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(cmds[0].line, "help");
    ck_assert_int_eq(cmds[0].may_fail, 0);
    ck_assert_str_eq(cmds[1].line, "nn kingg");
    ck_assert_int_eq(cmds[1].may_fail, 1);
    ck_assert_uint_eq(cmds[1].lineno, 14);
    vs_notebook_cmds_free(cmds, n);
    vs_result_clear(&r);
    unlink(path);
    free(path);
    /* a hand-written notebook: indented fences, other blocks skipped */
    path = scratch("# demo\n\n```python\nnn not this\n```\n\n  ````vecscope\nnn king\n\n"
                   "sim a b\n  ````\ntext\n```vecscope\nnn open\n");
    ck_assert_int_eq(vs_notebook_read(path, &cmds, &n, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "line 13: the ```vecscope block that starts here is "
                                          "not closed"));
    unlink(path);
    free(path);
    path = scratch("# demo\n\n```python\nnn not this\n```\n\n  ````vecscope\nnn king\n\n"
                   "sim a b\n  ````\n");
    ck_assert_int_eq(vs_notebook_read(path, &cmds, &n, &err), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(cmds[1].line, "sim a b");
    vs_notebook_cmds_free(cmds, n);
    unlink(path);
    free(path);
    path = scratch("just text\n");
    ck_assert_int_eq(vs_notebook_read(path, &cmds, &n, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "has no ```vecscope block"));
    unlink(path);
    free(path);
    rmdir(dir);
}
END_TEST

Suite *suite_queries(void)
{
    Suite *s = suite_create("queries");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_vecfile);
    tcase_add_test(tc, test_vocab_grep);
    tcase_add_test(tc, test_keep_and_refer);
    tcase_add_test(tc, test_matrices_are_sims);
    tcase_add_test(tc, test_ssim_file);
    tcase_add_test(tc, test_notebook);
    suite_add_tcase(s, tc);
    return s;
}
