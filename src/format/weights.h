/*
 * weights.h - one view of a checkpoint's tensors, whatever files hold them.
 *
 * A vs_weights is a set of named tensors read from one or more mapped files:
 * a model.safetensors (safetensors.c), a pytorch_model.bin (pytorch_bin.c),
 * or the shards that a model.safetensors.index.json or
 * pytorch_model.bin.index.json names. Given a folder, the file is chosen in
 * the order Hugging Face's from_pretrained uses (see vs_weights_file).
 * Float32 tensors that are contiguous and aligned are used in place, straight
 * from the mapping; F16 and BF16 tensors, and tensors whose strides are not
 * row-major, are converted to float32 once, on first request, into memory
 * that the vs_weights owns.
 */
#ifndef VS_WEIGHTS_H
#define VS_WEIGHTS_H

#include <stddef.h>
#include <stdint.h>

#include "../error.h"

/* The element types of safetensors (huggingface/safetensors tensor.rs);
 * PyTorch's storage types map onto them (pytorch_bin.c). */
enum vs_dtype {
    VS_BOOL, VS_U8, VS_I8, VS_I16, VS_U16, VS_F16, VS_BF16, VS_I32, VS_U32,
    VS_F32, VS_F64, VS_I64, VS_U64, VS_C64, VS_F8_E5M2, VS_F8_E4M3,
    VS_F8_E8M0, VS_F8_E4M3FNUZ, VS_F8_E5M2FNUZ, VS_F4, VS_F6_E2M3,
    VS_F6_E3M2,
    VS_NDTYPES
};

typedef struct vs_tensor {
    char *name;
    enum vs_dtype dtype;
    size_t rank;
    uint64_t *shape;       /* rank dimensions (NULL when rank is 0) */
    uint64_t *stride;      /* in elements; NULL when row-major contiguous */
    uint64_t numel;        /* product of the shape (1 for rank 0) */
    const unsigned char *data;  /* the first element, in a mapping */
    uint64_t span;         /* bytes from data to the end of the last element */
    size_t file;           /* index in vs_weights.files */
    int shared;            /* its bytes are also another tensor's (tied
                              weights in a pytorch_model.bin) */
    float *converted;      /* float32 copy (F16, BF16, strided or unaligned
                              F32), or NULL */
    int converted_borrowed;     /* converted is a tied tensor's copy */
} vs_tensor;

typedef struct vs_mapped_file {
    char *path;
    void *map;             /* the whole file, read-only */
    size_t len;
} vs_mapped_file;

typedef struct vs_weights {
    char *path;            /* what was opened: a folder or a file */
    const char *kind;      /* "safetensors", "pytorch_model.bin", and
                              "sharded ..." (static strings) */
    size_t nfiles;
    vs_mapped_file *files;
    size_t n;
    vs_tensor *tensors;    /* sorted by name once opened */
    size_t mapped_bytes;   /* sum of the files' lengths */
    size_t converted_bytes;     /* bytes held by the float32 copies */
    size_t released_bytes;      /* mapped bytes of converted tensors whose
                                   pages were handed back (madvise) */
} vs_weights;

/* The weights file Hugging Face's from_pretrained would read in the folder
 * dir: "model.safetensors", "model.safetensors.index.json",
 * "pytorch_model.bin", "pytorch_model.bin.index.json", in that order of
 * preference; NULL when there is none (a static string). */
const char *vs_weights_file(const char *dir);

/* Opens path: a folder (its weights file, chosen as vs_weights_file does; a
 * folder holding only TensorFlow, Flax or ONNX weights is refused naming
 * them), a *.index.json shard index, or a single safetensors or
 * pytorch_model.bin file (told apart by their first bytes). On success *out
 * holds every tensor; on failure nothing is left open and err names the file
 * and, where there is one, the tensor or byte offset at fault. */
int vs_weights_open(const char *path, vs_weights **out, vs_error *err);

/* Unmaps the files and frees the copies (pointers handed out become
 * invalid). NULL is a no-op. */
void vs_weights_close(vs_weights *w);

/* The tensor called name, or NULL (borrowed). */
const vs_tensor *vs_weights_find(const vs_weights *w, const char *name);

/* The tensor's values as float32, row-major: F32 in place (zero copy, when
 * contiguous and aligned), F16 and BF16 (and strided F32) converted on the
 * first call and kept (the pages of the file that held only that tensor are
 * then released). Other dtypes are an error naming the tensor. *out is
 * borrowed from w. */
int vs_weights_f32(vs_weights *w, const vs_tensor *t, const float **out,
                   vs_error *err);

/* The caller is done with t's float32 values (it keeps its own copy, such
 * as a packed one): a converted copy is freed, the pages of the file that
 * held only t are handed back. Pointers vs_weights_f32 gave for t become
 * invalid; a later call converts again. Tensors that share their bytes
 * with another (tied) are left alone. */
void vs_weights_release(vs_weights *w, const vs_tensor *t);

/* Checks that the numel float32 values v of tensor t (from vs_weights_f32)
 * are all finite, as the other loaders refuse NaN and infinity in a model:
 * -1 with a message naming the file, the tensor and the element. */
int vs_weights_check_finite(const vs_weights *w, const vs_tensor *t, const float *v,
                            vs_error *err);

/* The path of the file that holds t. */
const char *vs_tensor_path(const vs_weights *w, const vs_tensor *t);

/* "F32", "BF16", ...; "?" for a value out of range. */
const char *vs_dtype_name(enum vs_dtype d);
/* The dtype called name ("F32", ...), or -1. */
int vs_dtype_from_name(const char *name, enum vs_dtype *out);
/* Bits per element (4 and 6 for the small float types). */
unsigned vs_dtype_bits(enum vs_dtype d);

/* Conversions used by vs_weights_f32, exposed for tests: n values from
 * little-endian bytes. */
void vs_f16_to_f32(const unsigned char *src, size_t n, float *dst);
void vs_bf16_to_f32(const unsigned char *src, size_t n, float *dst);

/* Writes the shape as "[d0, d1]" into buf (size bytes). */
void vs_tensor_shape_str(const vs_tensor *t, char *buf, size_t size);

/* ---- for the readers (safetensors.c, pytorch_bin.c) ---- */

/* Maps path read-only and appends it to w->files; *index is its place.
 * Refuses what is not a regular file, and files shorter than min_len bytes
 * (what names the format in that message). */
int vs_weights_map(vs_weights *w, const char *path, size_t min_len,
                   const char *what, size_t *index, vs_error *err);

/* Appends a tensor and returns it, zeroed but for name (copied from
 * name[0..name_len)) and file; the reader fills in the rest. */
vs_tensor *vs_weights_add(vs_weights *w, const char *name, size_t name_len,
                          size_t file);

#endif
