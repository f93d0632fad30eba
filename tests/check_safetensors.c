/*
 * check_safetensors.c - the safetensors reader (src/format/safetensors.c),
 * through the one view of a checkpoint (src/format/weights.h).
 *
 * Good files: F32 used in place, F16/BF16 widened (normal, subnormal,
 * infinite values), an unaligned F32 tensor copied, zero-size and rank-0
 * tensors, header padding, lookup by name. Bad files, each one clear
 * message naming the file (and the tensor) with nothing left open: a header
 * length past the end or absurdly large, a file shorter than 8 bytes, a
 * header that is not a JSON object, duplicate keys, offsets out of range,
 * overlapping tensors, a hole, bytes after the last tensor, an unknown
 * dtype, a shape that does not match the byte count, bad __metadata__,
 * missing fields, a missing file, a folder without weights.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_suites.h"
#include "format/weights.h"
#include "xalloc.h"

/* Writes 8-byte length (header_len, or strlen(header) when ~0), header and
 * data to a new temporary file; returns its path (caller frees). */
static char *write_st(const char *header, uint64_t header_len,
                      const void *data, size_t data_len)
{
    char *path = xstrdup("/tmp/vs-check-st-XXXXXX");
    int fd = mkstemp(path);
    unsigned char len[8];
    uint64_t n = header_len == ~(uint64_t)0 ? strlen(header) : header_len;
    int i;

    ck_assert_int_ge(fd, 0);
    for (i = 0; i < 8; i++)
        len[i] = (unsigned char)(n >> (8 * i));
    ck_assert_int_eq(write(fd, len, 8), 8);
    ck_assert_int_eq(write(fd, header, strlen(header)), (ssize_t)strlen(header));
    if (data_len > 0)
        ck_assert_int_eq(write(fd, data, data_len), (ssize_t)data_len);
    close(fd);
    return path;
}

#define ANY (~(uint64_t)0)

/* Opening header + data must fail with a message holding each of the
 * NULL-terminated fragments (and the file's path). */
static void expect_fail(const char *header, uint64_t header_len,
                        const void *data, size_t data_len, ...)
{
    char *path = write_st(header, header_len, data, data_len);
    vs_weights *st = (vs_weights *)1;
    vs_error err;
    const char *frag;
    va_list ap;

    err.msg[0] = '\0';
    ck_assert_int_eq(vs_weights_open(path, &st, &err), -1);
    ck_assert_ptr_null(st);
    ck_assert_msg(strstr(err.msg, path) != NULL, "no path in: %s", err.msg);
    va_start(ap, data_len);
    while ((frag = va_arg(ap, const char *)) != NULL)
        ck_assert_msg(strstr(err.msg, frag) != NULL, "'%s' not in: %s", frag,
                      err.msg);
    va_end(ap);
    unlink(path);
    free(path);
}

START_TEST(test_good)
{
    /* a: F32 [2, 2] at 0..16, h: F16 [5] at 16..26, b: BF16 [2] at 26..30,
     * z: F32 [0, 3] at 30..30, s: I32 [] at 30..34 */
    static const char hdr[] =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
        "\"h\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[16,26]},"
        "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[26,30]},"
        "\"z\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[30,30]},"
        "\"s\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[30,34]},"
        "\"__metadata__\":{\"format\":\"pt\"}}";
    unsigned char data[34];
    char padded[sizeof hdr + 8];
    float a[4] = {1.0f, -2.5f, 3.25f, 1e-3f};
    /* 1.0, -2.0, smallest subnormal 2^-24, +inf, 65504 */
    static const unsigned char h[10] = {0x00, 0x3C, 0x00, 0xC0, 0x01, 0x00,
                                        0x00, 0x7C, 0xFF, 0x7B};
    /* bf16 of 1.0 (0x3F80) and -0.15625 (0xBE20) */
    static const unsigned char bf[4] = {0x80, 0x3F, 0x20, 0xBE};
    vs_weights *st;
    const vs_tensor *t;
    const float *f;
    vs_error err;
    char *path;
    size_t hl;

    memcpy(data, a, 16);
    memcpy(data + 16, h, 10);
    memcpy(data + 26, bf, 4);
    memset(data + 30, 0, 4);
    /* pad the header with spaces so that the data starts 8-byte aligned */
    hl = strlen(hdr);
    memcpy(padded, hdr, hl);
    while ((8 + hl) % 8 != 0)
        padded[hl++] = ' ';
    padded[hl] = '\0';
    path = write_st(padded, ANY, data, sizeof data);
    ck_assert_msg(vs_weights_open(path, &st, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(st->n, 5);
    ck_assert_str_eq(st->kind, "safetensors");  /* told by its first bytes */
    t = vs_weights_find(st, "a");
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->rank, 2);
    ck_assert_int_eq(vs_weights_f32(st, t, &f, &err), 0);
    ck_assert_ptr_eq((const void *)f, (const void *)t->data);  /* zero copy */
    ck_assert_float_eq(f[1], -2.5f);
    t = vs_weights_find(st, "h");
    ck_assert_int_eq(vs_weights_f32(st, t, &f, &err), 0);
    ck_assert_float_eq(f[0], 1.0f);
    ck_assert_float_eq(f[1], -2.0f);
    ck_assert_float_eq(f[2], ldexpf(1.0f, -24));
    ck_assert(isinf(f[3]) && f[3] > 0);
    ck_assert_float_eq(f[4], 65504.0f);
    t = vs_weights_find(st, "b");
    ck_assert_int_eq(vs_weights_f32(st, t, &f, &err), 0);
    ck_assert_float_eq(f[0], 1.0f);
    ck_assert_float_eq(f[1], -0.15625f);
    ck_assert_uint_eq(st->converted_bytes, 7 * sizeof(float));
    t = vs_weights_find(st, "z");
    ck_assert_uint_eq(t->numel, 0);
    t = vs_weights_find(st, "s");
    ck_assert_uint_eq(t->rank, 0);
    ck_assert_uint_eq(t->numel, 1);
    ck_assert_int_eq(vs_weights_f32(st, t, &f, &err), -1);
    ck_assert_msg(strstr(err.msg, "tensor 's' is I32") != NULL, "%s", err.msg);
    ck_assert_ptr_null(vs_weights_find(st, "__metadata__"));
    ck_assert_ptr_null(vs_weights_find(st, "nope"));
    vs_weights_close(st);
    vs_weights_close(NULL);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(test_unaligned_f32)
{
    /* header of odd length: the F32 data starts unaligned and is copied */
    static const char hdr[] =
        "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}";
    float x[3] = {0.5f, -1.0f, 7.0f};
    vs_weights *st;
    const float *f;
    vs_error err;
    char *path;

    ck_assert_uint_ne((8 + strlen(hdr)) % 4, 0);
    path = write_st(hdr, ANY, x, sizeof x);
    ck_assert_msg(vs_weights_open(path, &st, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(vs_weights_f32(st, vs_weights_find(st, "x"), &f, &err), 0);
    ck_assert_uint_eq((uintptr_t)f % sizeof(float), 0);
    ck_assert_float_eq(f[0], 0.5f);
    ck_assert_float_eq(f[2], 7.0f);
    vs_weights_close(st);
    unlink(path);
    free(path);
}
END_TEST

static const char one[] =
    "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

START_TEST(test_bad_lengths)
{
    static const unsigned char eight[8] = {0};
    char *path;
    vs_weights *st;
    vs_error err;

    expect_fail(one, 1000, eight, 8, "header length 1000 goes past the end",
                NULL);
    expect_fail(one, 200000000ULL, eight, 8, "header length 200000000 is absurd",
                NULL);
    expect_fail(one, UINT64_MAX - 3, eight, 8, "is absurd", NULL);
    expect_fail("", 0, NULL, 0, "does not begin with '{'", NULL);
    expect_fail("[1, 2]", ANY, NULL, 0, "does not begin with '{'", NULL);
    expect_fail("{\"w\": 1", ANY, NULL, 0, "not valid JSON", NULL);
    expect_fail("[]", ANY, NULL, 0, "does not begin", NULL);
    expect_fail("{} x", ANY, NULL, 0, "not valid JSON", NULL);
    /* shorter than the 8-byte length */
    path = xstrdup("/tmp/vs-check-st-XXXXXX");
    close(mkstemp(path));
    ck_assert_int_eq(vs_weights_open(path, &st, &err), -1);
    ck_assert_msg(strstr(err.msg, "too short") != NULL, "%s", err.msg);
    unlink(path);
    free(path);
    ck_assert_int_eq(vs_weights_open("/nonexistent/model.safetensors", &st, &err), -1);
    ck_assert_msg(strstr(err.msg, "/nonexistent/model.safetensors: cannot open")
                  != NULL, "%s", err.msg);
    ck_assert_int_eq(vs_weights_open("/tmp", &st, &err), -1);
    ck_assert_msg(strstr(err.msg, "/tmp: no weights file") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(test_bad_tensors)
{
    static const unsigned char d[24] = {0};

    /* offsets out of range */
    expect_fail("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
                ANY, d, 8, "tensor 'w'", "go past the end of the data", NULL);
    expect_fail("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}",
                ANY, d, 8, "tensor 'w'", "end before they begin", NULL);
    /* overlap, hole, trailing bytes */
    expect_fail("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                ANY, d, 12, "tensor 'b'", "overlaps tensor 'a'", NULL);
    expect_fail("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}",
                ANY, d, 20, "bytes 8..12", "belong to no tensor", NULL);
    expect_fail(one, ANY, d, 12, "the last 4 bytes", "belong to no tensor", NULL);
    expect_fail("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                ANY, d, 12, "bytes 0..4", NULL);
    /* dtype and shape */
    expect_fail("{\"w\":{\"dtype\":\"F31\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                ANY, d, 8, "tensor 'w'", "unknown dtype \"F31\"", NULL);
    expect_fail("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
                ANY, d, 8, "tensor 'w'", "shape [3] of F32 needs 12 bytes",
                "hold 8", NULL);
    expect_fail("{\"w\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,8]}}",
                ANY, d, 8, "shape [2, 3] of F16 needs 12 bytes", NULL);
    expect_fail("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}",
                ANY, d, 8, "shape entry 0", NULL);
    expect_fail("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,16],"
                "\"data_offsets\":[0,8]}}", ANY, d, 8, "overflows", NULL);
    expect_fail("{\"w\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,1]}}",
                ANY, d, 1, "whole number of bytes", NULL);
    /* missing or malformed fields */
    expect_fail("{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}", ANY, d, 8,
                "tensor 'w': no dtype", NULL);
    expect_fail("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", ANY, d, 8,
                "no shape", NULL);
    expect_fail("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", ANY, d, 8,
                "no data_offsets", NULL);
    expect_fail("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}",
                ANY, d, 8, "data_offsets is not a pair", NULL);
    expect_fail("{\"w\":[1,2]}", ANY, d, 0, "tensor 'w'", "expected an object",
                NULL);
    expect_fail("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}",
                ANY, d, 16, "duplicate", NULL);
    expect_fail("{\"__metadata__\":{\"n\":3}}", ANY, d, 0,
                "__metadata__ entry 'n' is not a string", NULL);
    expect_fail("{\"__metadata__\":[]}", ANY, d, 0, "__metadata__", NULL);
}
END_TEST

START_TEST(test_conversions)
{
    /* every finite F16 value converts exactly to the float it denotes */
    unsigned i;

    for (i = 0; i < 65536; i++) {
        unsigned char b[2] = {(unsigned char)(i & 0xff), (unsigned char)(i >> 8)};
        unsigned e = (i >> 10) & 0x1f, m = i & 0x3ff;
        float f, want;
        vs_f16_to_f32(b, 1, &f);
        if (e == 31) {
            ck_assert(m ? isnan(f) : isinf(f));
            continue;
        }
        want = e ? ldexpf((float)(m | 0x400), (int)e - 25)
                 : ldexpf((float)m, -24);
        if (i & 0x8000)
            want = -want;
        ck_assert_msg(f == want && signbit(f) == signbit(want),
                      "f16 %04x: %g, expected %g", i, f, want);
    }
}
END_TEST

Suite *suite_safetensors(void)
{
    Suite *s = suite_create("safetensors");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_good);
    tcase_add_test(tc, test_unaligned_f32);
    tcase_add_test(tc, test_bad_lengths);
    tcase_add_test(tc, test_bad_tensors);
    tcase_add_test(tc, test_conversions);
    suite_add_tcase(s, tc);
    return s;
}
