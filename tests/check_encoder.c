/*
 * check_encoder.c - what the encoder tests share. See check_encoder.h.
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_encoder.h"
#include "cmd/cmd.h"
#include "format/bert_dir.h"
#include "xalloc.h"

double ref_max_diff(const float *a, json_t *ref, size_t *count)
{
    double m = 0.0, d;
    size_t i;

    if (json_is_number(ref)) {
        d = fabs((double)a[*count] - json_number_value(ref));
        (*count)++;
        return d;
    }
    ck_assert(json_is_array(ref));
    for (i = 0; i < json_array_size(ref); i++) {
        d = ref_max_diff(a, json_array_get(ref, i), count);
        if (d > m)
            m = d;
    }
    return m;
}

void ref_softmax(float *x, size_t n)
{
    double s = 0.0;
    float max = x[0];
    size_t i;

    for (i = 1; i < n; i++)
        if (x[i] > max)
            max = x[i];
    for (i = 0; i < n; i++)
        s += exp((double)x[i] - max);
    for (i = 0; i < n; i++)
        x[i] = (float)(exp((double)x[i] - max) / s);
}

void ref_tokens(json_t *ids, json_t *types, vs_tokens *tok)
{
    size_t i;

    vs_tokens_init(tok);
    for (i = 0; i < json_array_size(ids); i++)
        vs_tokens_push(tok, (int32_t)json_integer_value(json_array_get(ids, i)),
                       (int32_t)i,
                       (uint8_t)json_integer_value(json_array_get(types, i)));
}

void enc_run(vs_session *s, const char *line, vs_result *r)
{
    enum vs_output mode;
    vs_error err;

    vs_result_clear(r);
    ck_assert_msg(vs_cmd_run(s, line, VS_OUT_TEXT, &mode, r, &err) == 0, "%s: %s",
                  line, err.msg);
}

void enc_open(vs_session *s, const char *dir)
{
    vs_result r;
    char *line = xasprintf("load \"%s\"", dir);

    vs_session_init(s);
    vs_result_init(&r);
    enc_run(s, line, &r);
    vs_result_clear(&r);
    free(line);
}

void enc_run_fails(vs_session *s, const char *line, const char *want)
{
    enum vs_output mode;
    vs_result r;
    vs_error err;

    vs_result_init(&r);
    ck_assert_msg(vs_cmd_run(s, line, VS_OUT_TEXT, &mode, &r, &err) == -1,
                  "%s succeeded", line);
    ck_assert_msg(strstr(err.msg, want) != NULL, "%s: '%s' lacks '%s'", line,
                  err.msg, want);
    vs_result_clear(&r);
}

const char *enc_info_value(const vs_result *r, const char *field)
{
    size_t i;

    for (i = 0; i < r->rows; i++)
        if (strcmp(r->cells[i * 2], field) == 0)
            return r->cells[i * 2 + 1];
    ck_abort_msg("info has no row '%s'", field);
    return NULL;
}

vs_model *enc_load_dir(const char *dir)
{
    vs_model *m = NULL;
    vs_error err;

    ck_assert_msg(vs_bert_dir_load(dir, NULL, &m, &err) == 0, "%s: %s", dir,
                  err.msg);
    ck_assert_ptr_nonnull(vs_bert_of(m));
    return m;
}

void enc_expect_load_fail(const char *dir, const char *frag)
{
    vs_model *m = (vs_model *)1;
    vs_error err;

    err.msg[0] = '\0';
    ck_assert_int_eq(vs_bert_dir_load(dir, NULL, &m, &err), -1);
    ck_assert_ptr_null(m);
    ck_assert_msg(strstr(err.msg, frag) != NULL, "'%s' not in: %s", frag, err.msg);
}

char *enc_tmpdir_copy(const char *from)
{
    char *dir = xstrdup("/tmp/vs-check-encoder-XXXXXX");
    char *cmd;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    cmd = xasprintf("cp -r %s/. %s/", from, dir);
    ck_assert_int_eq(system(cmd), 0);
    free(cmd);
    return dir;
}

void enc_rm_dir(char *dir)
{
    char *cmd = xasprintf("rm -rf %s", dir);

    ck_assert_int_eq(system(cmd), 0);
    free(cmd);
    free(dir);
}

void enc_put_file(const char *dir, const char *name, const char *text)
{
    char *p = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(p, "w");

    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    free(p);
}
