/*
 * safetensors.c - a strict reader for Hugging Face's .safetensors files.
 *
 * Layout (huggingface/safetensors README.md, safetensors/src/tensor.rs):
 *
 *   +-------------------+---------------------------+---------------------+
 *   | N: uint64 LE (8)  | header: N bytes of JSON   | data buffer         |
 *   +-------------------+---------------------------+---------------------+
 *                        {"name": {"dtype": "F32",      offsets count from
 *                                  "shape": [2, 3],     the first byte of
 *                                  "data_offsets": [b, e]},    the data
 *                         "__metadata__": {"k": "v"}}   buffer; e exclusive
 *
 * - N is at most 100,000,000 (MAX_HEADER_SIZE); the header begins with '{'
 *   and may be padded on the right with spaces.
 * - "__metadata__" is optional and maps strings to strings only.
 * - Tensors are little-endian and row-major; zero-size and rank-0 tensors
 *   are allowed. Duplicate keys are not.
 * - The tensors cover the data buffer exactly: sorted by offset, each begins
 *   where the previous one ended, and the last ends at the end of the file
 *   (the reference implementation's MetadataIncompleteBuffer otherwise).
 * - byte count = product(shape) x dtype size (bits / 8 for the 4- and 6-bit
 *   float types, whose total must be a whole number of bytes).
 *
 * Every check happens before anything is converted, so a lying header is a
 * message, never a read outside the mapping. F32 data is used in place when
 * it is 4-byte aligned (writers pad the header so that it is); F16 and BF16
 * are widened to float32 (BF16 is the top half of a float32: bits << 16).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../xalloc.h"
#include "safetensors.h"

static const struct {
    const char *name;
    unsigned bits;
} dtypes[VS_ST_NDTYPES] = {
    [VS_ST_BOOL] = {"BOOL", 8},       [VS_ST_U8] = {"U8", 8},
    [VS_ST_I8] = {"I8", 8},           [VS_ST_I16] = {"I16", 16},
    [VS_ST_U16] = {"U16", 16},        [VS_ST_F16] = {"F16", 16},
    [VS_ST_BF16] = {"BF16", 16},      [VS_ST_I32] = {"I32", 32},
    [VS_ST_U32] = {"U32", 32},        [VS_ST_F32] = {"F32", 32},
    [VS_ST_F64] = {"F64", 64},        [VS_ST_I64] = {"I64", 64},
    [VS_ST_U64] = {"U64", 64},        [VS_ST_C64] = {"C64", 64},
    [VS_ST_F8_E5M2] = {"F8_E5M2", 8}, [VS_ST_F8_E4M3] = {"F8_E4M3", 8},
    [VS_ST_F8_E8M0] = {"F8_E8M0", 8},
    [VS_ST_F8_E4M3FNUZ] = {"F8_E4M3FNUZ", 8},
    [VS_ST_F8_E5M2FNUZ] = {"F8_E5M2FNUZ", 8},
    [VS_ST_F4] = {"F4", 4},           [VS_ST_F6_E2M3] = {"F6_E2M3", 6},
    [VS_ST_F6_E3M2] = {"F6_E3M2", 6},
};

const char *vs_st_dtype_name(enum vs_st_dtype d)
{
    return (unsigned)d < VS_ST_NDTYPES ? dtypes[d].name : "?";
}

static int dtype_from_name(const char *s, enum vs_st_dtype *out)
{
    int i;

    for (i = 0; i < VS_ST_NDTYPES; i++)
        if (strcmp(s, dtypes[i].name) == 0) {
            *out = (enum vs_st_dtype)i;
            return 0;
        }
    return -1;
}

void vs_st_shape_str(const vs_st_tensor *t, char *buf, size_t size)
{
    size_t used = 0, i;

    if (size == 0)
        return;
    buf[0] = '\0';
    used = (size_t)snprintf(buf, size, "[");
    for (i = 0; i < t->rank && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%llu",
                                 i ? ", " : "",
                                 (unsigned long long)t->shape[i]);
    if (used < size)
        snprintf(buf + used, size - used, "]");
}

static void free_tensors(vs_st_tensor *ts, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(ts[i].name);
        free(ts[i].shape);
        free(ts[i].converted);
    }
    free(ts);
}

void vs_st_close(vs_safetensors *st)
{
    if (st == NULL)
        return;
    free_tensors(st->tensors, st->n);
    if (st->map != NULL)
        munmap(st->map, st->map_len);
    free(st->path);
    free(st);
}

/* A JSON integer >= 0, or -1. */
static int json_uint(const json_t *v, uint64_t *out)
{
    json_int_t x;

    if (!json_is_integer(v))
        return -1;
    x = json_integer_value(v);
    if (x < 0)
        return -1;
    *out = (uint64_t)x;
    return 0;
}

/* Reads one tensor entry (name: {...}) into t; checks everything that can
 * be checked without the other tensors. */
static int parse_tensor(const char *path, const char *name, json_t *v,
                        uint64_t data_len, vs_st_tensor *t, vs_error *err)
{
    json_t *dt = json_object_get(v, "dtype");
    json_t *shape = json_object_get(v, "shape");
    json_t *offs = json_object_get(v, "data_offsets");
    unsigned __int128 bits;
    uint64_t numel = 1, need;
    size_t i;
    char sh[256];

    t->name = xstrdup(name);
    if (!json_is_object(v))
        return vs_fail(err, "%s: tensor '%s': the header entry is a %s, "
                       "expected an object with dtype, shape and "
                       "data_offsets", path, name,
                       json_is_array(v) ? "list" : "scalar");
    if (!json_is_string(dt))
        return vs_fail(err, "%s: tensor '%s': %s", path, name,
                       dt ? "dtype is not a string" : "no dtype");
    if (dtype_from_name(json_string_value(dt), &t->dtype) < 0)
        return vs_fail(err, "%s: tensor '%s': unknown dtype \"%s\" (known: "
                       "F32, F16, BF16, F64, I8...I64, U8...U64, BOOL, C64, "
                       "F8_*, F6_*, F4)", path, name, json_string_value(dt));
    if (!json_is_array(shape))
        return vs_fail(err, "%s: tensor '%s': %s", path, name,
                       shape ? "shape is not a list" : "no shape");
    t->rank = json_array_size(shape);
    t->shape = t->rank ? xmallocarray(t->rank, sizeof *t->shape) : NULL;
    for (i = 0; i < t->rank; i++) {
        if (json_uint(json_array_get(shape, i), &t->shape[i]) < 0)
            return vs_fail(err, "%s: tensor '%s': shape entry %zu is not a "
                           "whole number >= 0", path, name, i);
        if (t->shape[i] != 0 && numel > UINT64_MAX / t->shape[i])
            return vs_fail(err, "%s: tensor '%s': shape overflows 64 bits",
                           path, name);
        numel *= t->shape[i];
    }
    t->numel = numel;
    if (!json_is_array(offs) || json_array_size(offs) != 2 ||
        json_uint(json_array_get(offs, 0), &t->begin) < 0 ||
        json_uint(json_array_get(offs, 1), &t->end) < 0)
        return vs_fail(err, "%s: tensor '%s': %s", path, name,
                       offs ? "data_offsets is not a pair [begin, end] of "
                              "whole numbers >= 0"
                            : "no data_offsets");
    if (t->end < t->begin)
        return vs_fail(err, "%s: tensor '%s': data_offsets [%llu, %llu] end "
                       "before they begin", path, name,
                       (unsigned long long)t->begin,
                       (unsigned long long)t->end);
    if (t->end > data_len)
        return vs_fail(err, "%s: tensor '%s': data_offsets [%llu, %llu] go "
                       "past the end of the data buffer, which holds %llu "
                       "bytes", path, name, (unsigned long long)t->begin,
                       (unsigned long long)t->end,
                       (unsigned long long)data_len);
    bits = (unsigned __int128)numel * dtypes[t->dtype].bits;
    vs_st_shape_str(t, sh, sizeof sh);
    if (bits % 8 != 0 || bits / 8 > UINT64_MAX)
        return vs_fail(err, "%s: tensor '%s': shape %s of %s is not a whole "
                       "number of bytes", path, name, sh, dtypes[t->dtype].name);
    need = (uint64_t)(bits / 8);
    if (t->end - t->begin != need)
        return vs_fail(err, "%s: tensor '%s': shape %s of %s needs %llu bytes "
                       "but data_offsets [%llu, %llu] hold %llu", path, name, sh,
                       dtypes[t->dtype].name, (unsigned long long)need,
                       (unsigned long long)t->begin, (unsigned long long)t->end,
                       (unsigned long long)(t->end - t->begin));
    return 0;
}

static int check_metadata(const char *path, json_t *v, vs_error *err)
{
    const char *k;
    json_t *x;

    if (!json_is_object(v))
        return vs_fail(err, "%s: __metadata__ is not an object of strings",
                       path);
    json_object_foreach(v, k, x) {
        if (!json_is_string(x))
            return vs_fail(err, "%s: __metadata__ entry '%s' is not a "
                           "string", path, k);
    }
    return 0;
}

static int by_offset(const void *a, const void *b)
{
    const vs_st_tensor *x = *(const vs_st_tensor *const *)a;
    const vs_st_tensor *y = *(const vs_st_tensor *const *)b;

    if (x->begin != y->begin)
        return x->begin < y->begin ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const vs_st_tensor *)a)->name,
                  ((const vs_st_tensor *)b)->name);
}

/* The tensors must tile the data buffer: no hole, no overlap, nothing left. */
static int check_coverage(const char *path, vs_st_tensor *ts, size_t n,
                          uint64_t data_len, vs_error *err)
{
    vs_st_tensor **order = xmallocarray(n ? n : 1, sizeof *order);
    uint64_t pos = 0;
    const char *prev = NULL;
    size_t i;
    int rc = 0;

    for (i = 0; i < n; i++)
        order[i] = &ts[i];
    qsort(order, n, sizeof *order, by_offset);
    for (i = 0; i < n && rc == 0; i++) {
        const vs_st_tensor *t = order[i];
        if (t->begin < pos)
            rc = vs_fail(err, "%s: tensor '%s' (bytes %llu..%llu) overlaps "
                         "tensor '%s', which ends at byte %llu", path, t->name,
                         (unsigned long long)t->begin,
                         (unsigned long long)t->end, prev,
                         (unsigned long long)pos);
        else if (t->begin > pos)
            rc = vs_fail(err, "%s: bytes %llu..%llu of the data buffer belong "
                         "to no tensor (a hole before tensor '%s')", path,
                         (unsigned long long)pos, (unsigned long long)t->begin,
                         t->name);
        pos = t->end;
        prev = t->name;
    }
    if (rc == 0 && pos != data_len)
        rc = vs_fail(err, "%s: the last %llu bytes of the data buffer belong "
                     "to no tensor (tensors end at %llu, the buffer at %llu)",
                     path, (unsigned long long)(data_len - pos),
                     (unsigned long long)pos, (unsigned long long)data_len);
    free(order);
    return rc;
}

/* Parses the header at st->map; fills st->tensors. */
static int parse_header(vs_safetensors *st, vs_error *err)
{
    const char *path = st->path;
    const char *hdr = (const char *)st->map + 8;
    json_error_t jerr;
    json_t *root, *v;
    const char *key;
    size_t cap, i;
    int rc = 0;

    if (st->header_len == 0 || hdr[0] != '{')
        return vs_fail(err, "%s: the JSON header (byte 8) does not begin with "
                       "'{'; not a safetensors file", path);
    /* Padding after the object is spaces only. */
    for (i = st->header_len; i > 0 && hdr[i - 1] == ' '; i--)
        ;
    root = json_loadb(hdr, i, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL)
        return vs_fail(err, "%s: the header is not valid JSON: %s (header "
                       "line %d, column %d)", path, jerr.text, jerr.line,
                       jerr.column);
    if (!json_is_object(root)) {
        json_decref(root);
        return vs_fail(err, "%s: the header is not a JSON object", path);
    }
    cap = json_object_size(root);
    st->tensors = xcalloc(cap ? cap : 1, sizeof *st->tensors);
    json_object_foreach(root, key, v) {
        if (strcmp(key, "__metadata__") == 0) {
            rc = check_metadata(path, v, err);
        } else {
            vs_st_tensor *t = &st->tensors[st->n++];
            rc = parse_tensor(path, key, v, st->data_len, t, err);
            t->data = st->data + t->begin;
        }
        if (rc < 0)
            break;
    }
    json_decref(root);
    if (rc == 0)
        rc = check_coverage(path, st->tensors, st->n, st->data_len, err);
    if (rc == 0)
        qsort(st->tensors, st->n, sizeof *st->tensors, by_name);
    return rc;
}

int vs_st_open(const char *path, vs_safetensors **out, vs_error *err)
{
    vs_safetensors *st;
    struct stat sb;
    const unsigned char *p;
    uint64_t n = 0;
    int fd, i;

    *out = NULL;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return vs_fail(err, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fd, &sb) < 0) {
        int e = errno;
        close(fd);
        return vs_fail(err, "%s: cannot stat: %s", path, strerror(e));
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        return vs_fail(err, "%s: %s", path,
                       S_ISDIR(sb.st_mode) ? "is a folder, not a file"
                                           : "is not a regular file");
    }
    if (sb.st_size < 8) {
        close(fd);
        return vs_fail(err, "%s: the file is %lld bytes, too short for a "
                       "safetensors file (8-byte header length, then the "
                       "header)", path, (long long)sb.st_size);
    }
    st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    st->map_len = (size_t)sb.st_size;
    st->map = mmap(NULL, st->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (st->map == MAP_FAILED) {
        st->map = NULL;
        vs_st_close(st);
        return vs_fail(err, "%s: cannot map the file: %s", path,
                       strerror(errno));
    }
    p = st->map;
    for (i = 7; i >= 0; i--)
        n = (n << 8) | p[i];
    st->header_len = n;
    if (n > VS_ST_MAX_HEADER) {
        vs_fail(err, "%s: header length %llu is absurd (at most %llu "
                "allowed); not a safetensors file or a damaged one", path,
                (unsigned long long)n, (unsigned long long)VS_ST_MAX_HEADER);
        vs_st_close(st);
        return -1;
    }
    if (n > st->map_len - 8) {
        vs_fail(err, "%s: header length %llu goes past the end of the file "
                "(%zu bytes, so at most %zu)", path, (unsigned long long)n,
                st->map_len, st->map_len - 8);
        vs_st_close(st);
        return -1;
    }
    st->data = p + 8 + n;
    st->data_len = st->map_len - 8 - n;
    if (parse_header(st, err) < 0) {
        vs_st_close(st);
        return -1;
    }
    *out = st;
    return 0;
}

const vs_st_tensor *vs_st_find(const vs_safetensors *st, const char *name)
{
    vs_st_tensor key;

    if (st->n == 0)
        return NULL;
    key.name = (char *)name;
    return bsearch(&key, st->tensors, st->n, sizeof key, by_name);
}

static float f16_value(uint16_t h)
{
    uint32_t sign = (uint32_t)(h >> 15) << 31;
    uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ffu, bits;
    float f;

    if (exp == 0) {
        /* zero or subnormal: mant x 2^-24, exact in float32 */
        f = (float)mant * (1.0f / 16777216.0f);
        return sign ? -f : f;
    }
    if (exp == 31)
        bits = sign | 0x7f800000u | (mant << 13);
    else
        bits = sign | ((exp + 112) << 23) | (mant << 13);
    memcpy(&f, &bits, sizeof f);
    return f;
}

void vs_st_f16_to_f32(const unsigned char *src, size_t n, float *dst)
{
    size_t i;

    for (i = 0; i < n; i++)
        dst[i] = f16_value((uint16_t)(src[2 * i] | (src[2 * i + 1] << 8)));
}

void vs_st_bf16_to_f32(const unsigned char *src, size_t n, float *dst)
{
    size_t i;

    for (i = 0; i < n; i++) {
        uint32_t bits = ((uint32_t)src[2 * i] | ((uint32_t)src[2 * i + 1] << 8))
                        << 16;
        memcpy(&dst[i], &bits, sizeof bits);
    }
}

static void f32le_to_f32(const unsigned char *src, size_t n, float *dst)
{
    size_t i;

    for (i = 0; i < n; i++) {
        const unsigned char *b = src + 4 * i;
        uint32_t bits = (uint32_t)b[0] | ((uint32_t)b[1] << 8) |
                        ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
        memcpy(&dst[i], &bits, sizeof bits);
    }
}

/* The file's bytes of a converted tensor are not needed any more: let the
 * kernel drop the pages that hold nothing else (the mapping is private and
 * read-only, so a later read would just fetch them again). Keeps resident
 * memory near the float32 size for F16/BF16 checkpoints. */
static void release_pages(vs_safetensors *st, const vs_st_tensor *t)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t from = ((uintptr_t)t->data + page - 1) / page * page;
    uintptr_t to = ((uintptr_t)t->data + (uintptr_t)(t->end - t->begin)) / page *
                   page;

    if (to > from && madvise((void *)from, to - from, MADV_DONTNEED) == 0)
        st->released_bytes += to - from;
}

int vs_st_f32(vs_safetensors *st, const vs_st_tensor *t, const float **out,
              vs_error *err)
{
    vs_st_tensor *w;
    size_t n;

    *out = NULL;
    if (t < st->tensors || t >= st->tensors + st->n)
        return vs_fail(err, "%s: tensor does not belong to this file",
                       st->path);
    w = &st->tensors[t - st->tensors];
    if (w->converted != NULL) {
        *out = w->converted;
        return 0;
    }
    n = (size_t)w->numel;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (w->dtype == VS_ST_F32 && ((uintptr_t)w->data % sizeof(float)) == 0) {
        *out = (const float *)(const void *)w->data;
        return 0;
    }
#endif
    if (w->dtype != VS_ST_F32 && w->dtype != VS_ST_F16 &&
        w->dtype != VS_ST_BF16)
        return vs_fail(err, "%s: tensor '%s' is %s; only F32, F16 and BF16 "
                       "tensors can be read as float32", st->path, w->name,
                       dtypes[w->dtype].name);
    w->converted = xtry_mallocarray(n ? n : 1, sizeof(float));
    if (w->converted == NULL)
        return vs_fail(err, "%s: not enough memory for a float32 copy of tensor "
                       "'%s' (%zu x 4 bytes = %.1f MiB); free some (close a model)",
                       st->path, w->name, n, (double)n * 4 / (1024.0 * 1024.0));
    if (w->dtype == VS_ST_F16)
        vs_st_f16_to_f32(w->data, n, w->converted);
    else if (w->dtype == VS_ST_BF16)
        vs_st_bf16_to_f32(w->data, n, w->converted);
    else
        f32le_to_f32(w->data, n, w->converted);
    st->converted_bytes += n * sizeof(float);
    release_pages(st, w);
    *out = w->converted;
    return 0;
}
