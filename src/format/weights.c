/*
 * weights.c - a checkpoint's tensors as one set, whatever files hold them.
 *
 * Which file a folder's weights are in (huggingface/transformers
 * modeling_utils.py, PreTrainedModel.from_pretrained, local folder; the
 * first that exists wins):
 *
 *   1 model.safetensors                 safetensors.c
 *   2 model.safetensors.index.json      shards of safetensors
 *   3 pytorch_model.bin                 pytorch_bin.c (torch >= 1.6 zip)
 *   4 pytorch_model.bin.index.json      shards of pytorch_model.bin
 *
 * A shard index (FORMATS.md section 4):
 *
 *   {"metadata": {"total_size": 1234},
 *    "weight_map": {"bert.embeddings.word_embeddings.weight":
 *                       "model-00001-of-00002.safetensors", ...}}
 *
 * Every shard named is read whole (as transformers does: a shard's tensors
 * all load, listed or not); each name in weight_map must be found in the
 * shard it names, and no tensor may be in two shards. Shard names are plain
 * file names in the index's folder (no '/', so an index cannot reach outside
 * it).
 *
 * TensorFlow (tf_model.h5, model.ckpt.index), Flax (flax_model.msgpack) and
 * ONNX (*.onnx) weights are not read; a folder holding only those is refused
 * with a message that names what it found.
 *
 * Conversion to float32: F16 and BF16 are widened (BF16 is the top half of a
 * float32: bits << 16); F32 is used in place when it is contiguous, 4-byte
 * aligned and the machine is little-endian, and copied otherwise. A tensor
 * with strides that are not row-major (a PyTorch view saved as it was) is
 * gathered into a row-major copy.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../filemap.h"
#include "../xalloc.h"
#include "format.h"
#include "pytorch_bin.h"
#include "safetensors.h"
#include "weights.h"

static const struct {
    const char *name;
    unsigned bits;
} dtypes[VS_NDTYPES] = {
    [VS_BOOL] = {"BOOL", 8},       [VS_U8] = {"U8", 8},
    [VS_I8] = {"I8", 8},           [VS_I16] = {"I16", 16},
    [VS_U16] = {"U16", 16},        [VS_F16] = {"F16", 16},
    [VS_BF16] = {"BF16", 16},      [VS_I32] = {"I32", 32},
    [VS_U32] = {"U32", 32},        [VS_F32] = {"F32", 32},
    [VS_F64] = {"F64", 64},        [VS_I64] = {"I64", 64},
    [VS_U64] = {"U64", 64},        [VS_C64] = {"C64", 64},
    [VS_F8_E5M2] = {"F8_E5M2", 8}, [VS_F8_E4M3] = {"F8_E4M3", 8},
    [VS_F8_E8M0] = {"F8_E8M0", 8},
    [VS_F8_E4M3FNUZ] = {"F8_E4M3FNUZ", 8},
    [VS_F8_E5M2FNUZ] = {"F8_E5M2FNUZ", 8},
    [VS_F4] = {"F4", 4},           [VS_F6_E2M3] = {"F6_E2M3", 6},
    [VS_F6_E3M2] = {"F6_E3M2", 6},
};

const char *vs_dtype_name(enum vs_dtype d)
{
    return (unsigned)d < VS_NDTYPES ? dtypes[d].name : "?";
}

unsigned vs_dtype_bits(enum vs_dtype d)
{
    return (unsigned)d < VS_NDTYPES ? dtypes[d].bits : 0;
}

int vs_dtype_from_name(const char *s, enum vs_dtype *out)
{
    int i;

    for (i = 0; i < VS_NDTYPES; i++)
        if (strcmp(s, dtypes[i].name) == 0) {
            *out = (enum vs_dtype)i;
            return 0;
        }
    return -1;
}

void vs_tensor_shape_str(const vs_tensor *t, char *buf, size_t size)
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

const char *vs_tensor_path(const vs_weights *w, const vs_tensor *t)
{
    return t->file < w->nfiles ? w->files[t->file].path : w->path;
}

/* ---- the set ---- */

void vs_weights_close(vs_weights *w)
{
    size_t i;

    if (w == NULL)
        return;
    for (i = 0; i < w->n; i++) {
        free(w->tensors[i].name);
        free(w->tensors[i].shape);
        free(w->tensors[i].stride);
        if (!w->tensors[i].converted_borrowed)
            free(w->tensors[i].converted);
    }
    free(w->tensors);
    for (i = 0; i < w->nfiles; i++) {
        vs_filemap_unmap(w->files[i].map, w->files[i].len);
        free(w->files[i].path);
    }
    free(w->files);
    free(w->path);
    free(w);
}

vs_tensor *vs_weights_add(vs_weights *w, const char *name, size_t name_len,
                          size_t file)
{
    vs_tensor *t;

    /* grow by doubling: the count is only known once a reader is done */
    if ((w->n & (w->n - 1)) == 0)
        w->tensors = xreallocarray(w->tensors, w->n ? 2 * w->n : 1,
                                   sizeof *w->tensors);
    t = &w->tensors[w->n++];
    memset(t, 0, sizeof *t);
    t->name = xstrndup(name, name_len);
    t->file = file;
    return t;
}

int vs_weights_map(vs_weights *w, const char *path, size_t min_len,
                   const char *what, size_t *index, vs_error *err)
{
    vs_mapped_file *f;
    struct stat sb;
    void *map;
    int fd;

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
    if ((unsigned long long)sb.st_size < min_len) {
        close(fd);
        return vs_fail(err, "%s: the file is %lld bytes, too short for %s",
                       path, (long long)sb.st_size, what);
    }
    map = NULL;
    if (sb.st_size > 0 && (map = vs_filemap_map(fd, (size_t)sb.st_size, path, err)) == NULL) {
        close(fd);
        return -1;
    }
    close(fd);
    w->files = xreallocarray(w->files, w->nfiles + 1, sizeof *w->files);
    f = &w->files[w->nfiles];
    f->path = xstrdup(path);
    f->map = map;
    f->len = (size_t)sb.st_size;
    w->mapped_bytes += f->len;
    *index = w->nfiles++;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const vs_tensor *)a)->name, ((const vs_tensor *)b)->name);
}

const vs_tensor *vs_weights_find(const vs_weights *w, const char *name)
{
    vs_tensor key;

    if (w->n == 0)
        return NULL;
    key.name = (char *)name;
    return bsearch(&key, w->tensors, w->n, sizeof key, by_name);
}

/* Sorts the tensors by name; a name twice (in two shards, or twice in one
 * pickle's dict) is an error naming both places. */
static int sort_tensors(vs_weights *w, vs_error *err)
{
    size_t i;

    if (w->n > 1)
        qsort(w->tensors, w->n, sizeof *w->tensors, by_name);
    for (i = 1; i < w->n; i++)
        if (strcmp(w->tensors[i - 1].name, w->tensors[i].name) == 0) {
            const char *a = vs_tensor_path(w, &w->tensors[i - 1]);
            const char *b = vs_tensor_path(w, &w->tensors[i]);
            if (strcmp(a, b) == 0)
                return vs_fail(err, "%s: tensor '%s' is there twice", a,
                               w->tensors[i].name);
            return vs_fail(err, "%s: tensor '%s' is in two shards, %s and %s",
                           w->path, w->tensors[i].name, a, b);
        }
    return 0;
}

/* ---- choosing and reading the files ---- */

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

const char *vs_weights_file(const char *dir)
{
    static const char *const order[] = {
        "model.safetensors", "model.safetensors.index.json",
        "pytorch_model.bin", "pytorch_model.bin.index.json",
    };
    size_t i;

    for (i = 0; i < sizeof order / sizeof order[0]; i++)
        if (vs_dir_has_file(dir, order[i]))
            return order[i];
    return NULL;
}

/* The name of an *.onnx file in dir, or NULL (malloc'd). */
static char *find_onnx(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char *found = NULL;

    if (d == NULL)
        return NULL;
    while (found == NULL && (e = readdir(d)) != NULL)
        if (has_suffix(e->d_name, ".onnx") && vs_dir_has_file(dir, e->d_name))
            found = xstrdup(e->d_name);
    closedir(d);
    return found;
}

/* No weights file vecscope reads in dir: say what is there instead. */
static int no_weights(const char *dir, vs_error *err)
{
    static const char *const others[][2] = {
        {"tf_model.h5", "TensorFlow"},
        {"model.ckpt.index", "TensorFlow"},
        {"flax_model.msgpack", "Flax"},
    };
    static const char wanted[] = "model.safetensors, "
                                 "model.safetensors.index.json, "
                                 "pytorch_model.bin or "
                                 "pytorch_model.bin.index.json";
    char *onnx, *sub;
    size_t i;

    for (i = 0; i < sizeof others / sizeof others[0]; i++)
        if (vs_dir_has_file(dir, others[i][0]))
            return vs_fail(err, "%s: the weights are in %s format (%s), which "
                           "vecscope does not read; it reads %s (in Python, "
                           "transformers' AutoModel.from_pretrained(d, "
                           "from_%s=True).save_pretrained(d) converts them)",
                           dir, others[i][1], others[i][0], wanted,
                           others[i][1][0] == 'T' ? "tf" : "flax");
    onnx = find_onnx(dir);
    sub = xasprintf("%s/onnx", dir);
    if (onnx == NULL && (onnx = find_onnx(sub)) != NULL) {
        char *p = xasprintf("onnx/%s", onnx);
        free(onnx);
        onnx = p;
    }
    free(sub);
    if (onnx != NULL) {
        vs_fail(err, "%s: the only weights are ONNX (%s), which vecscope does "
                "not read; it reads %s (download those from the model's page)",
                dir, onnx, wanted);
        free(onnx);
        return -1;
    }
    return vs_fail(err, "%s: no weights file (%s)", dir, wanted);
}

/* Reads one file, safetensors or pytorch_model.bin: by its name when that
 * says, else by its first bytes (a zip, a pickle or a tar is PyTorch's,
 * unless byte 8 opens a safetensors header). Sets w->kind to the format. */
static int read_one(vs_weights *w, const char *path, vs_error *err)
{
    unsigned char head[262];
    ssize_t got = 0;
    int fd, pt;

    w->kind = "safetensors";
    if (has_suffix(path, ".safetensors"))
        return vs_st_read(w, path, err);
    pt = has_suffix(path, ".bin") || has_suffix(path, ".pt") ||
         has_suffix(path, ".pth");
    if (!pt && (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
        got = pread(fd, head, sizeof head, 0);
        close(fd);
        /* a safetensors header begins at byte 8 with '{' */
        pt = !(got >= 9 && head[8] == '{') &&
             ((got >= 4 && memcmp(head, "PK\003\004", 4) == 0) ||
              (got >= 2 && head[0] == 0x80 && head[1] <= 5) ||
              (got >= 262 && memcmp(head + 257, "ustar", 5) == 0));
    }
    if (!pt)
        return vs_st_read(w, path, err);
    w->kind = "pytorch_model.bin";
    return vs_pt_read(w, path, err);
}

/* A shard's file name from an index: a plain name in the index's folder. */
static int shard_name_ok(const char *s)
{
    return s[0] != '\0' && strchr(s, '/') == NULL && strcmp(s, ".") != 0 &&
           strcmp(s, "..") != 0;
}

/* Reads the shard index at path and every shard it names. */
static int read_index(vs_weights *w, const char *path, vs_error *err)
{
    json_error_t jerr;
    json_t *root, *map, *v;
    const char *key, **shards = NULL;
    size_t *first = NULL, nshards = 0, i;
    char *dir, *slash;
    int rc = -1;

    root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL)
        return vs_fail(err, "%s: not valid JSON: %s (line %d, column %d)",
                       path, jerr.text, jerr.line, jerr.column);
    dir = xstrdup(path);
    slash = strrchr(dir, '/');
    if (slash != NULL)
        *slash = '\0';
    else
        strcpy(dir, ".");
    map = json_object_get(root, "weight_map");
    if (!json_is_object(map)) {
        vs_fail(err, "%s: %s (a shard index maps each tensor name to its "
                "file in \"weight_map\")", path,
                map ? "\"weight_map\" is not an object" : "no \"weight_map\"");
        goto done;
    }
    if (json_object_size(map) == 0) {
        vs_fail(err, "%s: \"weight_map\" is empty: no tensors", path);
        goto done;
    }
    /* the distinct shards, in the order they first appear */
    shards = xcalloc(json_object_size(map), sizeof *shards);
    first = xcalloc(json_object_size(map), sizeof *first);
    json_object_foreach(map, key, v) {
        const char *s = json_string_value(v);
        if (s == NULL || !shard_name_ok(s)) {
            vs_fail(err, "%s: weight_map entry '%s' is %s; expected the name "
                    "of a file beside the index", path, key,
                    s == NULL ? "not a string" : "not a plain file name");
            goto done;
        }
        for (i = 0; i < nshards && strcmp(shards[i], s) != 0; i++)
            ;
        if (i == nshards)
            shards[nshards++] = s;
    }
    for (i = 0; i < nshards; i++) {
        char *p = xasprintf("%s/%s", dir, shards[i]);
        int r;
        first[i] = w->nfiles;
        r = read_one(w, p, err);
        free(p);
        if (r < 0) {
            vs_fail_prefix(err, "%s names shard %s", path, shards[i]);
            goto done;
        }
    }
    if (sort_tensors(w, err) < 0)
        goto done;
    /* each tensor listed is in the shard the index names */
    json_object_foreach(map, key, v) {
        const char *s = json_string_value(v);
        const vs_tensor *t = vs_weights_find(w, key);
        for (i = 0; strcmp(shards[i], s) != 0; i++)
            ;
        if (t == NULL || t->file != first[i]) {
            vs_fail(err, "%s: weight_map puts tensor '%s' in %s, but %s", path,
                    key, s, t == NULL ? "no shard holds it" : "it is not there");
            goto done;
        }
    }
    rc = 0;
done:
    free(shards);
    free(first);
    free(dir);
    json_decref(root);
    return rc;
}

int vs_weights_open(const char *path, vs_weights **out, vs_error *err)
{
    vs_weights *w = xcalloc(1, sizeof *w);
    char *file = NULL;
    struct stat sb;
    int rc;

    *out = NULL;
    w->path = xstrdup(path);
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        const char *name = vs_weights_file(path);
        if (name == NULL) {
            vs_weights_close(w);
            return no_weights(path, err);
        }
        file = xasprintf("%s/%s", path, name);
    } else {
        file = xstrdup(path);
    }
    if (has_suffix(file, ".index.json")) {
        rc = read_index(w, file, err);
        w->kind = w->kind != NULL && strcmp(w->kind, "safetensors") == 0
                      ? "sharded safetensors"
                      : "sharded pytorch_model.bin";
    } else {
        rc = read_one(w, file, err);
        if (rc == 0)
            rc = sort_tensors(w, err);
    }
    free(file);
    if (rc < 0) {
        vs_weights_close(w);
        return -1;
    }
    *out = w;
    return 0;
}

/* ---- float32 ---- */

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

void vs_f16_to_f32(const unsigned char *src, size_t n, float *dst)
{
    size_t i;

    for (i = 0; i < n; i++)
        dst[i] = f16_value((uint16_t)(src[2 * i] | (src[2 * i + 1] << 8)));
}

void vs_bf16_to_f32(const unsigned char *src, size_t n, float *dst)
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

/* n consecutive values of dtype d (F32, F16 or BF16) at src -> dst. */
static void widen(enum vs_dtype d, const unsigned char *src, size_t n,
                  float *dst)
{
    if (d == VS_F16)
        vs_f16_to_f32(src, n, dst);
    else if (d == VS_BF16)
        vs_bf16_to_f32(src, n, dst);
    else
        f32le_to_f32(src, n, dst);
}

/* t (shape, strides in elements) -> dst (numel), row-major: the rows along
 * the last dimension one at a time, an odometer over the others. The reader
 * checked that every element lies inside the mapping. */
static void gather(const vs_tensor *t, float *dst)
{
    size_t es = vs_dtype_bits(t->dtype) / 8, r = t->rank, i, j;
    uint64_t cols = t->shape[r - 1], cstride = t->stride[r - 1];
    uint64_t *idx = xcalloc(r, sizeof *idx);
    uint64_t off;

    for (;;) {
        off = 0;
        for (i = 0; i + 1 < r; i++)
            off += idx[i] * t->stride[i];
        if (cstride == 1) {
            widen(t->dtype, t->data + off * es, (size_t)cols, dst);
        } else {
            for (j = 0; j < cols; j++)
                widen(t->dtype, t->data + (off + j * cstride) * es, 1,
                      dst + j);
        }
        dst += cols;
        for (i = r - 1; i-- > 0;) {
            if (++idx[i] < t->shape[i])
                break;
            idx[i] = 0;
        }
        if (i == (size_t)-1)
            break;
    }
    free(idx);
}

/* The file's bytes of tensor t are not needed any more: let the kernel
 * drop the pages that hold nothing else (the mapping is private and
 * read-only, so a later read would just fetch them again). */
static void release_pages(vs_weights *w, const vs_tensor *t)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t from = ((uintptr_t)t->data + page - 1) / page * page;
    uintptr_t to = ((uintptr_t)t->data + (uintptr_t)t->span) / page * page;

    if (to > from && madvise((void *)from, to - from, MADV_DONTNEED) == 0)
        w->released_bytes += to - from;
}

/* Another tensor with the same bytes, layout and a float32 copy made
 * already (tied weights), or NULL. */
static const vs_tensor *converted_twin(const vs_weights *w, const vs_tensor *x)
{
    size_t i;

    for (i = 0; x->shared && i < w->n; i++) {
        const vs_tensor *y = &w->tensors[i];
        if (y != x && y->converted != NULL && y->data == x->data &&
            y->dtype == x->dtype && y->rank == x->rank && y->numel == x->numel &&
            (x->rank == 0 ||
             memcmp(y->shape, x->shape, x->rank * sizeof *x->shape) == 0) &&
            ((y->stride == NULL && x->stride == NULL) ||
             (y->stride != NULL && x->stride != NULL &&
              memcmp(y->stride, x->stride, x->rank * sizeof *x->stride) == 0)))
            return y;
    }
    return NULL;
}

int vs_weights_f32(vs_weights *w, const vs_tensor *t, const float **out,
                   vs_error *err)
{
    const vs_tensor *twin;
    vs_tensor *x;
    size_t n;

    *out = NULL;
    if (t < w->tensors || t >= w->tensors + w->n)
        return vs_fail(err, "%s: tensor does not belong to these weights",
                       w->path);
    x = &w->tensors[t - w->tensors];
    if (x->converted != NULL) {
        *out = x->converted;
        return 0;
    }
    n = (size_t)x->numel;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (x->dtype == VS_F32 && x->stride == NULL &&
        ((uintptr_t)x->data % sizeof(float)) == 0) {
        *out = (const float *)(const void *)x->data;
        return 0;
    }
#endif
    if (x->dtype != VS_F32 && x->dtype != VS_F16 && x->dtype != VS_BF16)
        return vs_fail(err, "%s: tensor '%s' is %s; only F32, F16 and BF16 "
                       "tensors can be read as float32", vs_tensor_path(w, x),
                       x->name, vs_dtype_name(x->dtype));
    if ((twin = converted_twin(w, x)) != NULL) {
        /* one copy for tied tensors */
        x->converted = twin->converted;
        x->converted_borrowed = 1;
        *out = x->converted;
        return 0;
    }
    x->converted = xtry_mallocarray(n ? n : 1, sizeof(float));
    if (x->converted == NULL)
        return vs_fail(err, "%s: not enough memory for a float32 copy of tensor "
                       "'%s' (%zu x 4 bytes = %.1f MiB); free some (close a model)",
                       vs_tensor_path(w, x), x->name, n,
                       (double)n * 4 / (1024.0 * 1024.0));
    if (x->stride != NULL && n > 0)
        gather(x, x->converted);
    else
        widen(x->dtype, x->data, n, x->converted);
    w->converted_bytes += n * sizeof(float);
    /* Keeps resident memory near the float32 size for F16/BF16
     * checkpoints. Not for tensors that share their bytes: a tied
     * tensor's will be read again. */
    if ((x->dtype == VS_F16 || x->dtype == VS_BF16) && !x->shared)
        release_pages(w, x);
    *out = x->converted;
    return 0;
}

void vs_weights_release(vs_weights *w, const vs_tensor *t)
{
    vs_tensor *x = &w->tensors[t - w->tensors];

    if (x->shared)
        return;   /* tied: another name still reads these values */
    if (x->converted != NULL) {
        /* its file's pages went at the conversion */
        if (!x->converted_borrowed) {
            free(x->converted);
            w->converted_bytes -= (size_t)x->numel * sizeof(float);
        }
        x->converted = NULL;
        x->converted_borrowed = 0;
        return;
    }
    release_pages(w, x);
}

int vs_weights_check_finite(const vs_weights *w, const vs_tensor *t, const float *v,
                            vs_error *err)
{
    size_t n = (size_t)t->numel, i, bad = 0;
    uint32_t any = 0;

    /* an exponent of all ones is NaN or infinity; the or of the masked
     * words says whether any element has one, without a branch a value */
    for (i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, v + i, 4);
        any |= (u & 0x7f800000u) == 0x7f800000u;
    }
    if (!any)
        return 0;
    while (isfinite(v[bad]))
        bad++;
    if (t->rank == 2)
        return vs_fail(err, "%s: tensor '%s' holds %g at row %zu, column %zu; the "
                            "checkpoint is damaged (NaN and infinity are refused)",
                       vs_tensor_path(w, t), t->name, (double)v[bad],
                       bad / (size_t)t->shape[1], bad % (size_t)t->shape[1]);
    return vs_fail(err, "%s: tensor '%s' holds %g at element %zu; the checkpoint is "
                        "damaged (NaN and infinity are refused)",
                   vs_tensor_path(w, t), t->name, (double)v[bad], bad);
}
