/*
 * check_weights.c - one view of a checkpoint's tensors (src/format/
 * weights.c) over pytorch_model.bin (src/format/pytorch_bin.c), sharded
 * checkpoints, and the BERT folder loader reading them.
 *
 * The fixtures are written by tests/gen-weights-reference.py with torch 1.13:
 * a state dict saved with torch.save (protocols 2 and 4, whole and in two
 * shards) and the same tensors as safetensors (whole and in two shards).
 * Every tensor read from each PyTorch file must equal the safetensors one
 * bit for bit: F32, F16 (infinities, -0, subnormals), BF16, an I64 buffer,
 * tied pairs (one storage; no copy for F32, one copy for F16), a view at a storage offset, a
 * parameter, transposed views (gathered into row-major order), rank 0 and
 * zero-size tensors. A BERT folder holding only pytorch_model.bin, or
 * pytorch_model.bin shards, or safetensors shards, must encode and fill a
 * mask as the model.safetensors folder does (to 1e-5; the weights are the
 * same, so any difference is the reader's). Folders are read in Hugging
 * Face's order, and folders with TensorFlow, Flax or ONNX weights only are
 * refused naming them. Malicious and malformed checkpoints
 * (tests/data/bad/pt-*.bin) and shard indexes are each refused with a
 * message naming the file and what is wrong.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bert/encoder.h"
#include "check_encoder.h"
#include "check_suites.h"
#include "format/bert_dir.h"
#include "format/weights.h"
#include "xalloc.h"

#define WDATA VS_TESTDATA "/weights"
#define BERTDATA VS_TESTDATA "/bert"

static vs_weights *open_ok(const char *path)
{
    vs_weights *w = NULL;
    vs_error err;

    ck_assert_msg(vs_weights_open(path, &w, &err) == 0, "%s: %s", path, err.msg);
    return w;
}

/* Every tensor of a equals b's of the same name: names, dtypes, shapes,
 * and the values bit for bit (as float32 where they are floats, as bytes
 * otherwise). Returns how many were compared. */
static size_t same_tensors(vs_weights *a, vs_weights *b)
{
    size_t i, k;
    vs_error err;

    ck_assert_uint_eq(a->n, b->n);
    for (i = 0; i < a->n; i++) {
        const vs_tensor *x = &a->tensors[i], *y = vs_weights_find(b, x->name);
        ck_assert_msg(y != NULL, "%s: no tensor '%s'", b->path, x->name);
        ck_assert_msg(x->dtype == y->dtype, "'%s': %s vs %s", x->name,
                      vs_dtype_name(x->dtype), vs_dtype_name(y->dtype));
        ck_assert_uint_eq(x->rank, y->rank);
        for (k = 0; k < x->rank; k++)
            ck_assert_uint_eq(x->shape[k], y->shape[k]);
        ck_assert_uint_eq(x->numel, y->numel);
        if (x->dtype == VS_F32 || x->dtype == VS_F16 || x->dtype == VS_BF16) {
            const float *fx, *fy;
            ck_assert_msg(vs_weights_f32(a, x, &fx, &err) == 0, "%s", err.msg);
            ck_assert_msg(vs_weights_f32(b, y, &fy, &err) == 0, "%s", err.msg);
            ck_assert_msg(memcmp(fx, fy, (size_t)x->numel * sizeof(float)) == 0,
                          "'%s' differs", x->name);
        } else {
            ck_assert_ptr_null(x->stride);
            ck_assert_ptr_null(y->stride);
            ck_assert_msg(memcmp(x->data, y->data,
                                 (size_t)x->numel * vs_dtype_bits(x->dtype) / 8) == 0,
                          "'%s' differs", x->name);
        }
    }
    return a->n;
}

START_TEST(test_bin_equals_safetensors)
{
    static const char *const files[] = {
        WDATA "/state.bin", WDATA "/state-p4.bin", WDATA "/sharded-bin",
        WDATA "/sharded-st", WDATA "/sharded-bin/pytorch_model.bin.index.json",
    };
    vs_weights *ref = open_ok(WDATA "/state.safetensors");
    size_t i;

    ck_assert_str_eq(ref->kind, "safetensors");
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        vs_weights *w = open_ok(files[i]);
        size_t n = same_tensors(w, ref);
        printf("weights: %s: %zu tensors bit for bit equal to state.safetensors\n",
               files[i] + strlen(VS_TESTDATA) + 1, n);
        ck_assert_uint_eq(n, 17);
        ck_assert_uint_eq(w->nfiles, strstr(files[i], "sharded") ? 2 : 1);
        vs_weights_close(w);
    }
    vs_weights_close(ref);
}
END_TEST

/* What the PyTorch reader makes of the layout: tied tensors share bytes,
 * views keep their offset, F32 is used in place, strided views are
 * gathered, shapes of rank 0 and zero-size tensors. */
START_TEST(test_bin_layout)
{
    vs_weights *w = open_ok(WDATA "/state.bin");
    const vs_tensor *a = vs_weights_find(w, "tied.a"), *b = vs_weights_find(w, "tied.b");
    const vs_tensor *whole = vs_weights_find(w, "view.whole");
    const vs_tensor *part = vs_weights_find(w, "view.part");
    const vs_tensor *tr = vs_weights_find(w, "transposed");
    const vs_tensor *s = vs_weights_find(w, "scalar"), *e = vs_weights_find(w, "empty");
    const vs_tensor *ids = vs_weights_find(w, "ids");
    const float *fa, *fb, *fw, *fp;
    vs_error err;

    ck_assert_str_eq(w->kind, "pytorch_model.bin");
    ck_assert(a && b && whole && part && tr && s && e && ids);
    ck_assert_ptr_eq(a->data, b->data);
    ck_assert(a->shared && b->shared);
    ck_assert_int_eq(vs_weights_f32(w, a, &fa, &err), 0);
    ck_assert_int_eq(vs_weights_f32(w, b, &fb, &err), 0);
    ck_assert_ptr_eq((const void *)fa, (const void *)a->data);  /* zero copy */
    ck_assert_ptr_eq((const void *)fa, (const void *)fb);
    /* an F16 pair: one float32 copy for the two */
    a = vs_weights_find(w, "tied16.a");
    b = vs_weights_find(w, "tied16.b");
    ck_assert(a && b && a->shared && b->shared);
    ck_assert_int_eq(vs_weights_f32(w, a, &fa, &err), 0);
    ck_assert_int_eq(vs_weights_f32(w, b, &fb, &err), 0);
    ck_assert_ptr_eq((const void *)fa, (const void *)fb);
    ck_assert_uint_eq(w->converted_bytes, 3 * sizeof(float));
    ck_assert_ptr_eq(part->data, whole->data + 3 * sizeof(float));
    ck_assert_int_eq(vs_weights_f32(w, whole, &fw, &err), 0);
    ck_assert_int_eq(vs_weights_f32(w, part, &fp, &err), 0);
    ck_assert_ptr_eq((const void *)fp, (const void *)(fw + 3));
    ck_assert_ptr_nonnull(tr->stride);
    ck_assert_uint_eq(tr->shape[0], 5);
    ck_assert_uint_eq(tr->stride[0], 1);
    ck_assert_uint_eq(tr->stride[1], 5);
    ck_assert_uint_eq(s->rank, 0);
    ck_assert_uint_eq(s->numel, 1);
    ck_assert_uint_eq(e->numel, 0);
    ck_assert_int_eq(ids->dtype, VS_I64);
    ck_assert_int_eq(vs_weights_f32(w, ids, &fa, &err), -1);
    ck_assert_msg(strstr(err.msg, "tensor 'ids' is I64") != NULL, "%s", err.msg);
    ck_assert_msg(strstr(err.msg, "state.bin") != NULL, "%s", err.msg);
    vs_weights_close(w);
    vs_weights_close(NULL);
}
END_TEST

/* A scratch folder (caller frees the string and removes it). */
static char *scratch(void)
{
    char *d = xstrdup("/tmp/vs-check-weights-XXXXXX");

    ck_assert_ptr_nonnull(mkdtemp(d));
    return d;
}

static void sh(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    ck_assert_msg(system(cmd) == 0, "%s", cmd);
}

/* Opening path fails with a message holding path and each fragment. */
static void expect_fail(const char *path, ...)
{
    vs_weights *w = (vs_weights *)1;
    vs_error err;
    const char *frag;
    va_list ap;

    err.msg[0] = '\0';
    ck_assert_int_eq(vs_weights_open(path, &w, &err), -1);
    ck_assert_ptr_null(w);
    ck_assert_msg(strstr(err.msg, path) != NULL, "no path in: %s", err.msg);
    va_start(ap, path);
    while ((frag = va_arg(ap, const char *)) != NULL)
        ck_assert_msg(strstr(err.msg, frag) != NULL, "'%s' not in: %s", frag,
                      err.msg);
    va_end(ap);
    printf("weights: refused as it should be: %s\n", err.msg);
}

START_TEST(test_folder_choice)
{
    static const struct {
        const char *from, *to, *chosen, *kind;
    } order[] = {
        {"sharded-bin/*", "", "pytorch_model.bin.index.json",
         "sharded pytorch_model.bin"},
        {"state.bin", "pytorch_model.bin", "pytorch_model.bin",
         "pytorch_model.bin"},
        {"sharded-st/*", "", "model.safetensors.index.json",
         "sharded safetensors"},
        {"state.safetensors", "model.safetensors", "model.safetensors",
         "safetensors"},
    };
    char *d = scratch();
    vs_weights *w;
    size_t i;

    /* nothing, then weights vecscope does not read */
    expect_fail(d, "no weights file (model.safetensors, "
                   "model.safetensors.index.json, pytorch_model.bin or "
                   "pytorch_model.bin.index.json)", NULL);
    ck_assert_ptr_null(vs_weights_file(d));
    sh("mkdir %s/onnx && touch %s/onnx/model_quantized.onnx", d, d);
    expect_fail(d, "ONNX (onnx/model_quantized.onnx)", "does not read", NULL);
    sh("touch %s/model.onnx", d);
    expect_fail(d, "ONNX (model.onnx)", NULL);
    sh("touch %s/flax_model.msgpack", d);
    expect_fail(d, "Flax format (flax_model.msgpack)", "does not read",
                "from_flax=True", NULL);
    sh("touch %s/tf_model.h5", d);
    expect_fail(d, "TensorFlow format (tf_model.h5)", "does not read",
                "from_tf=True", NULL);

    /* Hugging Face's order: safetensors, its shards, .bin, its shards; each
     * file added wins over those already there */
    for (i = 0; i < sizeof order / sizeof order[0]; i++) {
        sh("cp %s/%s %s/%s", WDATA, order[i].from, d, order[i].to);
        ck_assert_str_eq(vs_weights_file(d), order[i].chosen);
        w = open_ok(d);
        ck_assert_str_eq(w->kind, order[i].kind);
        ck_assert_uint_eq(w->nfiles, strstr(order[i].kind, "sharded") ? 2 : 1);
        vs_weights_close(w);
    }
    sh("rm -r %s", d);
    free(d);
}
END_TEST

/* Each malformed checkpoint of tests/data/bad/ and what its message says
 * (besides the file's path). */
static const struct {
    const char *file;
    const char *say[3];
} bad[] = {
    {"pt-global-os-system.bin", {"byte 2 (GLOBAL)", "global os.system",
                                 "refused, nothing was run"}},
    {"pt-reduce-eval.bin", {"(STACK_GLOBAL)", "global builtins.eval", "refused"}},
    {"pt-reduce-storage.bin", {"(REDUCE)", "torch.FloatStorage",
                               "not called in a state dict"}},
    {"pt-inst.bin", {"byte 3 (INST)", "not one a saved state dict uses", NULL}},
    {"pt-unknown-opcode.bin", {"byte 27", "opcode 0xff", "refused"}},
    {"pt-no-stop.bin", {"ends", "truncated or damaged", NULL}},
    {"pt-huge-storage.bin", {"storage '0' says 4611686018427387904 elements",
                             "holds 16 bytes", NULL}},
    {"pt-huge-tensor.bin", {"more elements", "than its storage (4)", NULL}},
    {"pt-overflow-tensor.bin", {"size overflows 64 bits", NULL, NULL}},
    {"pt-past-storage.bin", {"reaches element 4", "storage of 4 elements", NULL}},
    {"pt-missing-storage.bin", {"storage '0' has no entry archive/data/0", NULL,
                                NULL}},
    {"pt-big-endian.bin", {"not little-endian", "\"big\"", NULL}},
    {"pt-compressed.bin", {"entry archive/data.pkl is compressed (method 8",
                           "re-save", NULL}},
    {"pt-truncated.bin", {"without its end of central directory record",
                          "truncated", NULL}},
    {"pt-bad-central.bin", {"central directory", "does not fit", NULL}},
    {"pt-legacy.bin", {"legacy format of torch < 1.6",
                       "re-save it with a newer torch", NULL}},
    {"pt-tar.bin", {"a tar archive", "re-save it with a newer torch", NULL}},
    {"pt-not-state-dict.bin", {"entry 'model' of the dict is a dict, not a tensor",
                               "not a state dict", NULL}},
};

START_TEST(test_bad_checkpoints)
{
    char path[512];
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(path, sizeof path, "%s/bad/%s", VS_TESTDATA, bad[i].file);
        expect_fail(path, bad[i].say[0], bad[i].say[1], bad[i].say[2], NULL);
    }
    expect_fail("/nonexistent/pytorch_model.bin", "cannot open", NULL);
}
END_TEST

START_TEST(test_bad_index)
{
    char *d = scratch(), *idx = xasprintf("%s/pytorch_model.bin.index.json", d);
    static const char shard1[] = "pytorch_model-00001-of-00002.bin";

    sh("cp %s/sharded-bin/*.bin %s/", WDATA, d);
    enc_put_file(d, "pytorch_model.bin.index.json", "{\"metadata\": {}}");
    expect_fail(idx, "no \"weight_map\"", NULL);
    enc_put_file(d, "pytorch_model.bin.index.json", "{\"weight_map\": {}}");
    expect_fail(idx, "\"weight_map\" is empty", NULL);
    enc_put_file(d, "pytorch_model.bin.index.json", "{\"weight_map\": {\"f32\": 3}}");
    expect_fail(idx, "weight_map entry 'f32' is not a string", NULL);
    enc_put_file(d, "pytorch_model.bin.index.json",
        "{\"weight_map\": {\"f32\": \"../state.bin\"}}");
    expect_fail(idx, "weight_map entry 'f32' is not a plain file name", NULL);
    enc_put_file(d, "pytorch_model.bin.index.json", "{\"weight_map\": {\"f32\": \"gone.bin\"}");
    expect_fail(idx, "not valid JSON", NULL);
    enc_put_file(d, "pytorch_model.bin.index.json", "{\"weight_map\": {\"f32\": \"gone.bin\"}}");
    expect_fail(idx, "names shard gone.bin", "gone.bin: cannot open", NULL);
    enc_put_file(d, "pytorch_model.bin.index.json",
        "{\"weight_map\": {\"nope\": \"pytorch_model-00001-of-00002.bin\"}}");
    expect_fail(idx, "puts tensor 'nope' in", "no shard holds it", NULL);
    /* f16 is in the first shard, ids in the second */
    enc_put_file(d, "pytorch_model.bin.index.json",
        "{\"weight_map\": {\"ids\": \"pytorch_model-00001-of-00002.bin\", "
        "\"f16\": \"pytorch_model-00002-of-00002.bin\"}}");
    expect_fail(idx, "puts tensor 'ids' in", "it is not there", NULL);
    /* the same shard twice under two names: every tensor in two shards */
    sh("cp %s/%s %s/again.bin", d, shard1, d);
    enc_put_file(d, "pytorch_model.bin.index.json",
        "{\"weight_map\": {\"f32\": \"pytorch_model-00001-of-00002.bin\", "
        "\"f16\": \"again.bin\"}}");
    expect_fail(idx, "is in two shards", "again.bin", NULL);
    sh("rm -r %s", d);
    free(idx);
    free(d);
}
END_TEST

/* The hidden states and the masked-LM guesses of folder dir for a fixed
 * input; ref_* from the model.safetensors folder. */
static void encode(const char *dir, vs_bert_out *out, int32_t *ids, float *probs,
                   char *kind, size_t kind_size)
{
    vs_model *m = NULL;
    const vs_bert_model *bm;
    vs_tokens tok;
    vs_error err;

    ck_assert_msg(vs_bert_dir_load(dir, NULL, &m, &err) == 0, "%s: %s", dir,
                  err.msg);
    bm = vs_bert_of(m);
    snprintf(kind, kind_size, "%s", bm->enc->w->kind);
    vs_tokens_init(&tok);
    ck_assert_msg(vs_tokenizer_encode_text(bm->tok, "the [MASK] sat on the mat "
                                           "||| a dog ran", &tok, &err) == 0,
                  "%s", err.msg);
    memset(out, 0, sizeof *out);
    ck_assert_msg(vs_bert_encode(bm->enc, &tok, 1, out, &err) == 0, "%s", err.msg);
    /* tiny-f16 has no masked-LM head: no guesses, the same on both sides */
    if (bm->enc->mlm_w != NULL)
        ck_assert_int_eq(vs_bert_fill_mask(bm->enc, out, 2, 5, ids, probs, &err), 5);
    else
        memset(ids, 0, 5 * sizeof *ids), memset(probs, 0, 5 * sizeof *probs);
    vs_tokens_free(&tok);
    vs_model_free(m);
}

/* A NaN or an infinity in a weight is refused at load, naming the tensor
 * (F32 in place, and F16 through its conversion), as the static loaders
 * refuse them. */
START_TEST(test_nonfinite_weights)
{
    static const char *const folders[] = {"tiny-f32", "tiny-f16"};
    size_t k;

    for (k = 0; k < 2; k++) {
        char *d = scratch(), *p;
        const vs_tensor *t;
        vs_weights *w;
        vs_model *m = NULL;
        vs_error err;
        long off;
        FILE *f;

        sh("cp %s/bert/%s/* %s/", VS_TESTDATA, folders[k], d);
        p = xasprintf("%s/model.safetensors", d);
        w = open_ok(p);
        t = vs_weights_find(w, "bert.encoder.layer.0.output.dense.weight");
        if (t == NULL)
            t = vs_weights_find(w, "encoder.layer.0.output.dense.weight");
        ck_assert_ptr_nonnull(t);
        off = (long)(t->data - (const unsigned char *)w->files[t->file].map);
        /* element 5 (row 0): the all-ones exponent of an infinity */
        f = fopen(p, "r+b");
        ck_assert_ptr_nonnull(f);
        if (t->dtype == VS_F32) {
            float inf = INFINITY;
            fseek(f, off + 5 * 4, SEEK_SET);
            fwrite(&inf, 4, 1, f);
        } else {
            unsigned char h[2] = {0x00, 0x7c};  /* F16 +inf */
            fseek(f, off + 5 * 2, SEEK_SET);
            fwrite(h, 2, 1, f);
        }
        fclose(f);
        vs_weights_close(w);
        ck_assert_int_eq(vs_bert_dir_load(d, NULL, &m, &err), -1);
        ck_assert_msg(strstr(err.msg, "encoder.layer.0.output.dense.weight' holds inf at "
                                      "row 0, column 5") != NULL,
                      "%s", err.msg);
        ck_assert_ptr_null(m);
        sh("rm -rf %s", d);
        free(p);
        free(d);
    }
}
END_TEST

START_TEST(test_bert_folders)
{
    static const char *const pairs[][3] = {
        {"tiny-f32", "tiny-f32-bin", "pytorch_model.bin"},
        {"tiny-f32", "tiny-f32-sharded", "sharded pytorch_model.bin"},
        {"tiny-f16", "tiny-f16-sharded", "sharded safetensors"},
    };
    size_t p, i, n;

    for (p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        char *a = xasprintf("%s/%s", BERTDATA, pairs[p][0]);
        char *b = xasprintf("%s/%s", BERTDATA, pairs[p][1]);
        vs_bert_out oa, ob;
        int32_t ia[5], ib[5];
        float pa[5], pb[5];
        char ka[64], kb[64];
        double worst = 0.0;

        encode(a, &oa, ia, pa, ka, sizeof ka);
        encode(b, &ob, ib, pb, kb, sizeof kb);
        ck_assert_str_eq(ka, "safetensors");
        ck_assert_str_eq(kb, pairs[p][2]);
        ck_assert_uint_eq(oa.n, ob.n);
        n = (oa.layers + 1) * oa.n * oa.hidden;
        for (i = 0; i < n; i++)
            worst = fmax(worst, fabs((double)oa.hidden_states[i] -
                                     ob.hidden_states[i]));
        n = oa.layers * oa.heads * oa.n * oa.n;
        for (i = 0; i < n; i++)
            worst = fmax(worst, fabs((double)oa.attn[i] - ob.attn[i]));
        for (i = 0; i < 5; i++) {
            ck_assert_int_eq(ia[i], ib[i]);
            worst = fmax(worst, fabs((double)pa[i] - pb[i]));
        }
        printf("weights: %s vs %s: hidden states, attention and fill agree, "
               "max diff %.3g\n", pairs[p][1], pairs[p][0], worst);
        ck_assert_double_le(worst, 1e-5);
        vs_bert_out_free(&oa);
        vs_bert_out_free(&ob);
        free(a);
        free(b);
    }
}
END_TEST

Suite *suite_weights(void)
{
    Suite *s = suite_create("weights");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_bin_equals_safetensors);
    tcase_add_test(tc, test_bin_layout);
    tcase_add_test(tc, test_folder_choice);
    tcase_add_test(tc, test_bad_checkpoints);
    tcase_add_test(tc, test_bad_index);
    tcase_add_test(tc, test_bert_folders);
    tcase_add_test(tc, test_nonfinite_weights);
    suite_add_tcase(s, tc);
    return s;
}
