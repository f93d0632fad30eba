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
 * Every check happens before a tensor is handed out, so a lying header is a
 * message, never a read outside the mapping. F32 data is used in place when
 * it is 4-byte aligned (writers pad the header so that it is); weights.c
 * widens F16 and BF16.
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../xalloc.h"
#include "safetensors.h"

/* A tensor of the header: its index in w->tensors and its byte range. */
typedef struct st_entry {
    size_t t;
    uint64_t begin, end;
} st_entry;

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

/* Reads one tensor entry (name: {...}) into t and e; checks everything that
 * can be checked without the other tensors. */
static int parse_tensor(const char *path, const char *name, json_t *v,
                        uint64_t data_len, vs_tensor *t, st_entry *e,
                        vs_error *err)
{
    json_t *dt = json_object_get(v, "dtype");
    json_t *shape = json_object_get(v, "shape");
    json_t *offs = json_object_get(v, "data_offsets");
    unsigned __int128 bits;
    uint64_t numel = 1, need;
    size_t i;
    char sh[256];

    if (!json_is_object(v))
        return vs_fail(err, "%s: tensor '%s': the header entry is a %s, "
                       "expected an object with dtype, shape and "
                       "data_offsets", path, name,
                       json_is_array(v) ? "list" : "scalar");
    if (!json_is_string(dt))
        return vs_fail(err, "%s: tensor '%s': %s", path, name,
                       dt ? "dtype is not a string" : "no dtype");
    if (vs_dtype_from_name(json_string_value(dt), &t->dtype) < 0)
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
        json_uint(json_array_get(offs, 0), &e->begin) < 0 ||
        json_uint(json_array_get(offs, 1), &e->end) < 0)
        return vs_fail(err, "%s: tensor '%s': %s", path, name,
                       offs ? "data_offsets is not a pair [begin, end] of "
                              "whole numbers >= 0"
                            : "no data_offsets");
    if (e->end < e->begin)
        return vs_fail(err, "%s: tensor '%s': data_offsets [%llu, %llu] end "
                       "before they begin", path, name,
                       (unsigned long long)e->begin,
                       (unsigned long long)e->end);
    if (e->end > data_len)
        return vs_fail(err, "%s: tensor '%s': data_offsets [%llu, %llu] go "
                       "past the end of the data buffer, which holds %llu "
                       "bytes", path, name, (unsigned long long)e->begin,
                       (unsigned long long)e->end,
                       (unsigned long long)data_len);
    bits = (unsigned __int128)numel * vs_dtype_bits(t->dtype);
    vs_tensor_shape_str(t, sh, sizeof sh);
    if (bits % 8 != 0 || bits / 8 > UINT64_MAX)
        return vs_fail(err, "%s: tensor '%s': shape %s of %s is not a whole "
                       "number of bytes", path, name, sh,
                       vs_dtype_name(t->dtype));
    need = (uint64_t)(bits / 8);
    if (e->end - e->begin != need)
        return vs_fail(err, "%s: tensor '%s': shape %s of %s needs %llu bytes "
                       "but data_offsets [%llu, %llu] hold %llu", path, name, sh,
                       vs_dtype_name(t->dtype), (unsigned long long)need,
                       (unsigned long long)e->begin, (unsigned long long)e->end,
                       (unsigned long long)(e->end - e->begin));
    t->span = need;
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
    const st_entry *x = a, *y = b;

    if (x->begin != y->begin)
        return x->begin < y->begin ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return 0;
}

/* The tensors must tile the data buffer: no hole, no overlap, nothing left. */
static int check_coverage(const char *path, const vs_weights *w, st_entry *es,
                          size_t n, uint64_t data_len, vs_error *err)
{
    uint64_t pos = 0;
    const char *prev = NULL;
    size_t i;

    qsort(es, n, sizeof *es, by_offset);
    for (i = 0; i < n; i++) {
        const st_entry *e = &es[i];
        const char *name = w->tensors[e->t].name;
        if (e->begin < pos)
            return vs_fail(err, "%s: tensor '%s' (bytes %llu..%llu) overlaps "
                           "tensor '%s', which ends at byte %llu", path, name,
                           (unsigned long long)e->begin,
                           (unsigned long long)e->end, prev,
                           (unsigned long long)pos);
        if (e->begin > pos)
            return vs_fail(err, "%s: bytes %llu..%llu of the data buffer belong "
                           "to no tensor (a hole before tensor '%s')", path,
                           (unsigned long long)pos, (unsigned long long)e->begin,
                           name);
        pos = e->end;
        prev = name;
    }
    if (pos != data_len)
        return vs_fail(err, "%s: the last %llu bytes of the data buffer belong "
                       "to no tensor (tensors end at %llu, the buffer at %llu)",
                       path, (unsigned long long)(data_len - pos),
                       (unsigned long long)pos, (unsigned long long)data_len);
    return 0;
}

/* Parses the header of file fi (header_len bytes at map + 8) and adds its
 * tensors to w. */
static int parse_header(vs_weights *w, size_t fi, uint64_t header_len,
                        vs_error *err)
{
    const vs_mapped_file *f = &w->files[fi];
    const char *path = f->path;
    const char *hdr = (const char *)f->map + 8;
    const unsigned char *data = (const unsigned char *)f->map + 8 + header_len;
    uint64_t data_len = f->len - 8 - header_len;
    json_error_t jerr;
    json_t *root, *v;
    const char *key;
    st_entry *es;
    size_t n = 0, i;
    int rc = 0;

    if (header_len == 0 || hdr[0] != '{')
        return vs_fail(err, "%s: the JSON header (byte 8) does not begin with "
                       "'{'; not a safetensors file", path);
    /* Padding after the object is spaces only. */
    for (i = header_len; i > 0 && hdr[i - 1] == ' '; i--)
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
    es = xcalloc(json_object_size(root) + 1, sizeof *es);
    json_object_foreach(root, key, v) {
        if (strcmp(key, "__metadata__") == 0) {
            rc = check_metadata(path, v, err);
        } else {
            vs_tensor *t = vs_weights_add(w, key, strlen(key), fi);
            es[n].t = w->n - 1;
            rc = parse_tensor(path, key, v, data_len, t, &es[n], err);
            if (rc == 0)
                t->data = data + es[n].begin;
            n++;
        }
        if (rc < 0)
            break;
    }
    json_decref(root);
    if (rc == 0)
        rc = check_coverage(path, w, es, n, data_len, err);
    free(es);
    return rc;
}

int vs_st_read(vs_weights *w, const char *path, vs_error *err)
{
    const unsigned char *p;
    uint64_t n = 0;
    size_t fi, len;
    int i;

    if (vs_weights_map(w, path, 8,
                       "a safetensors file (8-byte header length, then the "
                       "header)", &fi, err) < 0)
        return -1;
    p = w->files[fi].map;
    len = w->files[fi].len;
    for (i = 7; i >= 0; i--)
        n = (n << 8) | p[i];
    if (n > VS_ST_MAX_HEADER)
        return vs_fail(err, "%s: header length %llu is absurd (at most %llu "
                       "allowed); not a safetensors file or a damaged one",
                       path, (unsigned long long)n,
                       (unsigned long long)VS_ST_MAX_HEADER);
    if (n > len - 8)
        return vs_fail(err, "%s: header length %llu goes past the end of the "
                       "file (%zu bytes, so at most %zu)", path,
                       (unsigned long long)n, len, len - 8);
    return parse_header(w, fi, n, err);
}
