/*
 * safetensors.h - read-only access to a Hugging Face .safetensors file.
 *
 * The file is mapped, its JSON header is checked strictly (every tensor's
 * dtype, shape and byte range; the byte buffer covered exactly, with no hole
 * and no overlap) and the tensors are then found by name. Float32 tensors are
 * used in place, straight from the mapping; F16 and BF16 tensors are converted
 * to float32 once, on first request, into memory that the file object owns.
 * See safetensors.c for the layout.
 */
#ifndef VS_SAFETENSORS_H
#define VS_SAFETENSORS_H

#include <stddef.h>
#include <stdint.h>

#include "../error.h"

/* The largest header the format allows (safetensors' MAX_HEADER_SIZE). */
#define VS_ST_MAX_HEADER 100000000ULL

enum vs_st_dtype {
    VS_ST_BOOL, VS_ST_U8, VS_ST_I8, VS_ST_I16, VS_ST_U16, VS_ST_F16,
    VS_ST_BF16, VS_ST_I32, VS_ST_U32, VS_ST_F32, VS_ST_F64, VS_ST_I64,
    VS_ST_U64, VS_ST_C64, VS_ST_F8_E5M2, VS_ST_F8_E4M3, VS_ST_F8_E8M0,
    VS_ST_F8_E4M3FNUZ, VS_ST_F8_E5M2FNUZ, VS_ST_F4, VS_ST_F6_E2M3,
    VS_ST_F6_E3M2,
    VS_ST_NDTYPES
};

typedef struct vs_st_tensor {
    char *name;
    enum vs_st_dtype dtype;
    size_t rank;
    uint64_t *shape;       /* rank dimensions (NULL when rank is 0) */
    uint64_t numel;        /* product of the shape (1 for rank 0) */
    uint64_t begin, end;   /* byte range inside the data buffer */
    const unsigned char *data;  /* the tensor's bytes in the mapping */
    float *converted;      /* float32 copy (F16, BF16, unaligned F32), or NULL */
} vs_st_tensor;

typedef struct vs_safetensors {
    char *path;
    void *map;             /* the whole file, read-only */
    size_t map_len;
    uint64_t header_len;
    const unsigned char *data;  /* first byte after the header */
    uint64_t data_len;
    size_t n;
    vs_st_tensor *tensors; /* sorted by name */
    size_t converted_bytes;     /* bytes held by the float32 copies */
    size_t released_bytes;      /* mapped bytes of converted tensors whose
                                   pages were handed back (madvise) */
} vs_safetensors;

/* Maps path and checks its header. On success *out is the open file; on
 * failure nothing is left open and err names the file and, where there is
 * one, the tensor at fault. */
int vs_st_open(const char *path, vs_safetensors **out, vs_error *err);

/* Unmaps the file and frees the copies (pointers handed out become invalid).
 * NULL is a no-op. */
void vs_st_close(vs_safetensors *st);

/* The tensor called name, or NULL (borrowed). */
const vs_st_tensor *vs_st_find(const vs_safetensors *st, const char *name);

/* The tensor's values as float32: F32 in place (zero copy, when aligned),
 * F16 and BF16 converted on the first call and kept (the pages of the file
 * that held only that tensor are then released). Other dtypes are an error
 * naming the tensor. *out is borrowed from st. */
int vs_st_f32(vs_safetensors *st, const vs_st_tensor *t, const float **out,
              vs_error *err);

/* "F32", "BF16", ... */
const char *vs_st_dtype_name(enum vs_st_dtype d);

/* Conversions used by vs_st_f32, exposed for tests: n values from
 * little-endian bytes. */
void vs_st_f16_to_f32(const unsigned char *src, size_t n, float *dst);
void vs_st_bf16_to_f32(const unsigned char *src, size_t n, float *dst);

/* Writes the shape as "[d0, d1]" into buf (size bytes). */
void vs_st_shape_str(const vs_st_tensor *t, char *buf, size_t size);

#endif
