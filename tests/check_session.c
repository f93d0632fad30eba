/*
 * check_session.c - what a session keeps safe: the files of open models are
 * protected from being written over (atomicfile.h), and a mapped model
 * file that shrinks on disk while a command reads it gives that command an
 * error and closes the model, never SIGBUS (filemap.h).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "check_suites.h"
#include "cmd/cmd.h"
#include "filemap.h"
#include "xalloc.h"

static char *make_dir(void)
{
    char *dir = xstrdup("/tmp/vecscope-session.XXXXXX");

    ck_assert_ptr_nonnull(mkdtemp(dir));
    return dir;
}

static int run(vs_session *s, const char *line, vs_error *err)
{
    vs_result r;
    enum vs_output mode;
    int rc;

    vs_result_init(&r);
    vs_error_clear(err);
    rc = vs_cmd_run(s, line, VS_OUT_TSV, &mode, &r, err);
    vs_result_clear(&r);
    return rc;
}

START_TEST(test_shrunk_cache)
{
    char *dir = make_dir(), line[1024], path[512];
    vs_session s;
    vs_error err;

    vs_filemap_catch_sigbus();
    vs_session_init(&s);
    snprintf(path, sizeof path, "%s/books.vsc", dir);
    snprintf(line, sizeof line, "load %s/gutenberg-w2v-cbow32.bin", VS_TESTDATA);
    ck_assert_msg(run(&s, line, &err) == 0, "%s", err.msg);
    snprintf(line, sizeof line, "save %s", path);
    ck_assert_msg(run(&s, line, &err) == 0, "%s", err.msg);
    snprintf(line, sizeof line, "load %s as books", path);
    ck_assert_msg(run(&s, line, &err) == 0, "%s", err.msg);
    ck_assert_msg(run(&s, "nn whale -k 3", &err) == 0, "%s", err.msg);
    /* another program cuts the file to its header */
    ck_assert_int_eq(truncate(path, 256), 0);
    ck_assert_int_eq(run(&s, "nn whale -k 3", &err), -1);
    ck_assert_msg(strstr(err.msg, "changed size on disk") != NULL, "%s", err.msg);
    ck_assert_msg(strstr(err.msg, "closed model 'books'") != NULL, "%s", err.msg);
    ck_assert_ptr_null(vs_session_find(&s, "books"));
    /* the session goes on with the other model */
    ck_assert_uint_eq(s.nmodels, 1);
    ck_assert_msg(run(&s, "use gutenberg-w2v-cbow32", &err) == 0, "%s", err.msg);
    ck_assert_msg(run(&s, "nn whale -k 3", &err) == 0, "%s", err.msg);
    vs_session_free(&s);
    unlink(path);
    rmdir(dir);
    free(dir);
}
END_TEST

/* The same for an encoder, whose F32 weights are used from the mapping. */
START_TEST(test_shrunk_weights)
{
    char *dir = make_dir(), line[1024], path[512];
    static const char *const parts[] = {"config.json", "vocab.txt", "tokenizer_config.json",
                                        "model.safetensors"};
    vs_session s;
    vs_error err;
    size_t i;

    vs_filemap_catch_sigbus();
    vs_session_init(&s);
    for (i = 0; i < 4; i++) {
        snprintf(line, sizeof line, "cp %s/bert/tiny-f32/%s %s/", VS_TESTDATA, parts[i], dir);
        ck_assert_int_eq(system(line), 0);
    }
    snprintf(line, sizeof line, "load %s as tiny", dir);
    ck_assert_msg(run(&s, line, &err) == 0, "%s", err.msg);
    ck_assert_msg(run(&s, "embed the cat sat", &err) == 0, "%s", err.msg);
    snprintf(path, sizeof path, "%s/model.safetensors", dir);
    ck_assert_int_eq(truncate(path, 64), 0);
    ck_assert_int_eq(run(&s, "embed the cat sat", &err), -1);
    ck_assert_msg(strstr(err.msg, "model.safetensors changed size on disk") != NULL, "%s",
                  err.msg);
    ck_assert_msg(strstr(err.msg, "closed model 'tiny'") != NULL, "%s", err.msg);
    ck_assert_uint_eq(s.nmodels, 0);
    vs_session_free(&s);
    for (i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, parts[i]);
        unlink(path);
    }
    rmdir(dir);
    free(dir);
}
END_TEST

START_TEST(test_fault_outside_mappings)
{
    int x = 0;

    /* an address in no registered mapping is not ours to handle */
    ck_assert_int_eq(vs_filemap_fault(&x), 0);
    ck_assert_ptr_null(vs_filemap_take_damaged());
}
END_TEST

START_TEST(test_protect)
{
    char *dir = make_dir(), path[512], link[512];
    vs_afile af;
    vs_error err;
    FILE *f;
    int h;

    snprintf(path, sizeof path, "%s/model.txt", dir);
    snprintf(link, sizeof link, "%s/link.txt", dir);
    f = fopen(path, "w");
    fputs("1 1\na 1\n", f);
    fclose(f);
    ck_assert_int_eq(symlink("model.txt", link), 0);
    h = vs_afile_protect(path, "the file model 'm' was read from");
    ck_assert_int_ge(h, 0);
    ck_assert_int_eq(vs_afile_open(&af, path, 0, &err), -1);
    ck_assert_msg(strstr(err.msg, "it is the file model 'm' was read from") != NULL, "%s",
                  err.msg);
    /* through a link to it, too */
    ck_assert_int_eq(vs_afile_open(&af, link, 0, &err), -1);
    ck_assert_msg(strstr(err.msg, "model 'm'") != NULL, "%s", err.msg);
    vs_afile_unprotect(h);
    ck_assert_int_eq(vs_afile_open(&af, link, 0, &err), 0);
    ck_assert_int_eq(vs_afile_write(&af, "x\n", 2, &err), 0);
    ck_assert_int_eq(vs_afile_commit(&af, &err), 0);
    /* the link is still a link, its target was replaced */
    ck_assert_int_eq(readlink(link, path, sizeof path), 9);
    snprintf(path, sizeof path, "%s/model.txt", dir);
    f = fopen(path, "r");
    ck_assert_int_eq(fgetc(f), 'x');
    fclose(f);
    /* a path that cannot be examined is not protected (there is nothing) */
    ck_assert_int_eq(vs_afile_protect("/nonexistent/file", "x"), -1);
    unlink(link);
    unlink(path);
    rmdir(dir);
    free(dir);
}
END_TEST

Suite *suite_session(void)
{
    Suite *s = suite_create("session");
    TCase *tc = tcase_create("files");

    tcase_add_test(tc, test_shrunk_cache);
    tcase_add_test(tc, test_shrunk_weights);
    tcase_add_test(tc, test_fault_outside_mappings);
    tcase_add_test(tc, test_protect);
    suite_add_tcase(s, tc);
    return s;
}
