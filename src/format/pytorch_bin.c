/*
 * pytorch_bin.c - a reader for pytorch_model.bin, the file torch.save writes
 * (torch >= 1.6), that understands only what a state dict needs.
 *
 * The container is a zip (PKWARE APPNOTE 6.3.9 sections 4.3.7, 4.3.12,
 * 4.3.14-4.3.16, 4.5.3) whose entries are stored, not compressed; torch's
 * writer pads each local header's extra field so that the data starts on a
 * 64-byte boundary, and writes every entry under one top folder (the file's
 * base name, or "archive"):
 *
 *   +------------------------------+ 0
 *   | local header  PK\3\4 (30 B)  |  method (u16 @8) 0 = stored
 *   |   name, extra (padding)      |  name len (u16 @26), extra len (u16 @28)
 *   | data: archive/data.pkl       |  the pickle below
 *   +------------------------------+
 *   | local header, name, extra    |
 *   | data: archive/data/0         |  raw little-endian storage "0",
 *   +------------------------------+  64-byte aligned
 *   | ... archive/data/1, ...      |
 *   | archive/version, byteorder   |  "3\n", "little" (byteorder: torch 1.9+)
 *   +------------------------------+ cd_offset
 *   | central directory: per entry |  PK\1\2 (46 B): method @10, csize @20,
 *   |   46 B + name + extra + note |  usize @24, name len @28, extra len @30,
 *   |                              |  comment len @32, local offset @42
 *   +------------------------------+
 *   | [zip64 end record PK\6\6,    |  only when a count, size or offset
 *   |  zip64 locator PK\6\7 (20 B)]|  overflows its 16/32-bit field
 *   | end record PK\5\6 (22 B)     |  entries (u16 @10), cd size (u32 @12),
 *   |   + comment                  |  cd offset (u32 @16), comment len @20
 *   +------------------------------+ end of file
 *
 * Every offset and size read is checked against the file's length before it
 * is used; an entry that a tensor needs must be stored (method 0) and not
 * encrypted. CRC-32s are not checked (no more than safetensors checks its
 * bytes); the pickle is checked as it is read.
 *
 * data.pkl (pickle protocol 2; FORMATS.md section 10) rebuilds an
 * OrderedDict of tensors:
 *
 *   GLOBAL collections.OrderedDict, EMPTY_TUPLE, REDUCE       the dict
 *   MARK
 *     BINUNICODE "bert.embeddings.word_embeddings.weight"     a key
 *     GLOBAL torch._utils._rebuild_tensor_v2
 *     MARK
 *       MARK "storage" GLOBAL torch.FloatStorage "0" "cpu" numel TUPLE
 *       BINPERSID                                 -> storage data/0
 *       offset (size...) (stride...) requires_grad
 *       OrderedDict() (backward hooks) TUPLE
 *     REDUCE                                       -> the tensor
 *     ...
 *   SETITEMS
 *   EMPTY_DICT {"_metadata": OrderedDict(...)} BUILD STOP   (ignored)
 *
 * with BINPUT/BINGET memoising anything (a tied tensor is the same tensor,
 * or another tensor on the same storage key). Opcodes understood: PROTO,
 * FRAME, GLOBAL, STACK_GLOBAL, MARK, EMPTY_TUPLE, TUPLE, TUPLE1-3,
 * BINUNICODE, SHORT_BINUNICODE, BININT, BININT1, BININT2, LONG1, NONE,
 * NEWTRUE, NEWFALSE, EMPTY_DICT, SETITEM, SETITEMS, BINPERSID, BINPUT,
 * LONG_BINPUT, MEMOIZE, BINGET, LONG_BINGET, REDUCE, BUILD, STOP. Globals
 * accepted: collections.OrderedDict, torch._utils._rebuild_tensor_v2,
 * torch._utils._rebuild_parameter, and torch.{Float,Half,BFloat16,Double,
 * Long,Int,Short,Char,Byte,Bool}Storage. Anything else -- another opcode,
 * another global (os.system, builtins.eval, ...), REDUCE of anything but
 * the three functions, BUILD on anything but a dict -- stops the read with a
 * message naming it and its byte offset. Nothing is ever called: "REDUCE"
 * means building a dict or recording a tensor's storage, offset, shape and
 * strides.
 *
 * A tensor's elements must lie inside its storage (offset + sum((size_i -
 * 1) * stride_i) < numel), and a storage inside its entry. Row-major
 * tensors are used in place; others (a view saved as it was) keep their
 * strides and are copied into row-major order when read (weights.c).
 *
 * Refused with a message saying to re-save with a newer torch: the legacy
 * format of torch < 1.6 (a bare pickle stream whose first object is the
 * magic number 0x1950a86a20f9469cfc6c: bytes 80 02 8a 0a 6c fc 9c 46 f9 20
 * 6a a8 50 19) and the tar format of torch < 0.4 ("ustar" at byte 257).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../xalloc.h"
#include "pytorch_bin.h"

/* ---- little-endian fields ---- */

static uint16_t u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static uint64_t u64(const unsigned char *p)
{
    return (uint64_t)u32(p) | ((uint64_t)u32(p + 4) << 32);
}

static const char *printable(const unsigned char *s, size_t n, char *buf,
                             size_t size);

/* ---- the zip ---- */

typedef struct zentry {
    const unsigned char *name;  /* in the central directory, not terminated */
    size_t name_len;
    unsigned method, flags;
    uint64_t csize, usize, local;
    uint64_t at;                /* byte offset of its central record */
    size_t storage;             /* its index in the storages, or SIZE_MAX */
} zentry;

typedef struct pt_reader {
    vs_weights *w;
    size_t fi;
    const char *path;
    const unsigned char *map;
    size_t len;
    zentry *ents;               /* sorted by name */
    size_t nents;
    const char *prefix;         /* "archive/": up to data.pkl (in a name) */
    size_t prefix_len;
    const unsigned char *pkl;   /* data.pkl */
    size_t pkl_len;
    char pkl_name[256];         /* for messages */
} pt_reader;

static int by_entry_name(const void *a, const void *b)
{
    const zentry *x = a, *y = b;
    size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
    int c = memcmp(x->name, y->name, n);

    if (c != 0)
        return c;
    return x->name_len < y->name_len ? -1 : x->name_len > y->name_len;
}

static zentry *find_entry(pt_reader *r, const char *name, size_t len)
{
    zentry key;

    key.name = (const unsigned char *)name;
    key.name_len = len;
    return r->nents ? bsearch(&key, r->ents, r->nents, sizeof key, by_entry_name)
                    : NULL;
}

/* Says what the file is when it is not a zip; -1 always. */
static int not_a_zip(pt_reader *r, vs_error *err)
{
    static const unsigned char magic[] = {0x80, 0x02, 0x8a, 0x0a, 0x6c,
                                          0xfc, 0x9c, 0x46, 0xf9, 0x20,
                                          0x6a, 0xa8, 0x50, 0x19};
    static const char resave[] = "vecscope reads the zip format of torch >= "
                                 "1.6; re-save it with a newer torch: "
                                 "torch.save(torch.load(f), f)";

    if (r->len >= sizeof magic && memcmp(r->map, magic, sizeof magic) == 0)
        return vs_fail(err, "%s: a PyTorch file in the legacy format of torch "
                       "< 1.6 (a bare pickle stream starting with the magic "
                       "number 0x1950a86a20f9469cfc6c); %s", r->path, resave);
    if (r->len >= 2 && r->map[0] == 0x80 && r->map[1] <= 5)
        return vs_fail(err, "%s: a bare pickle (protocol %u), not the zip "
                       "archive torch.save writes; %s", r->path, r->map[1],
                       resave);
    if (r->len >= 262 && memcmp(r->map + 257, "ustar", 5) == 0)
        return vs_fail(err, "%s: a tar archive, the format of torch < 0.4; "
                       "%s", r->path, resave);
    if (r->len >= 4 && memcmp(r->map, "PK\003\004", 4) == 0)
        return vs_fail(err, "%s: a zip archive without its end of central "
                       "directory record (no PK\\5\\6 in the last 65,557 "
                       "bytes): truncated or damaged", r->path);
    return vs_fail(err, "%s: not a zip archive (no PK\\5\\6 end record), so "
                   "not a pytorch_model.bin written by torch >= 1.6", r->path);
}

/* The end of central directory record: *cd_off, *cd_size, *count. */
static int read_end(pt_reader *r, uint64_t *cd_off, uint64_t *cd_size,
                    uint64_t *count, vs_error *err)
{
    const unsigned char *m = r->map, *e = NULL;
    size_t pos, lowest;
    uint64_t end;

    if (r->len < 22)
        return not_a_zip(r, err);
    lowest = r->len > 22 + 65535 ? r->len - 22 - 65535 : 0;
    for (pos = r->len - 22 + 1; pos-- > lowest;)
        if (u32(m + pos) == 0x06054b50 &&
            pos + 22 + u16(m + pos + 20) <= r->len) {
            e = m + pos;
            break;
        }
    if (e == NULL)
        return not_a_zip(r, err);
    end = pos;
    *count = u16(e + 10);
    *cd_size = u32(e + 12);
    *cd_off = u32(e + 16);
    if (*count == 0xffff || *cd_size == 0xffffffffu || *cd_off == 0xffffffffu) {
        /* zip64: the locator sits just before the end record */
        const unsigned char *z;
        uint64_t z_off;
        if (pos < 20 || u32(m + pos - 20) != 0x07064b50)
            return vs_fail(err, "%s: the end record (byte %zu) says zip64 but "
                           "there is no zip64 locator before it", r->path, pos);
        z_off = u64(m + pos - 20 + 8);
        if (z_off > pos - 20 || pos - 20 - z_off < 56 ||
            u32(m + z_off) != 0x06064b50)
            return vs_fail(err, "%s: the zip64 locator (byte %zu) points to "
                           "byte %llu, where there is no zip64 end record",
                           r->path, pos - 20, (unsigned long long)z_off);
        z = m + z_off;
        *count = u64(z + 32);
        *cd_size = u64(z + 40);
        *cd_off = u64(z + 48);
        end = z_off;
    }
    if (*cd_off > end || *cd_size > end - *cd_off)
        return vs_fail(err, "%s: the central directory (%llu bytes at byte "
                       "%llu) does not fit before the end record (byte %llu): "
                       "truncated or damaged", r->path,
                       (unsigned long long)*cd_size,
                       (unsigned long long)*cd_off, (unsigned long long)end);
    if (*count > *cd_size / 46)
        return vs_fail(err, "%s: the end record says %llu entries, more than "
                       "a %llu-byte central directory can hold", r->path,
                       (unsigned long long)*count,
                       (unsigned long long)*cd_size);
    return 0;
}

/* The zip64 extra field (id 1) of a central record: the 64-bit values of
 * the fields that hold 0xffffffff, in the order usize, csize, local. */
static int zip64_extra(pt_reader *r, zentry *z, const unsigned char *x,
                       size_t xlen, vs_error *err)
{
    uint64_t *want[3];
    size_t nwant = 0, i;

    if (z->usize == 0xffffffffu)
        want[nwant++] = &z->usize;
    if (z->csize == 0xffffffffu)
        want[nwant++] = &z->csize;
    if (z->local == 0xffffffffu)
        want[nwant++] = &z->local;
    if (nwant == 0)
        return 0;
    while (xlen >= 4) {
        unsigned id = u16(x), n = u16(x + 2);
        if (n > xlen - 4)
            break;
        if (id == 1) {
            if (n < 8 * nwant)
                break;
            for (i = 0; i < nwant; i++)
                *want[i] = u64(x + 4 + 8 * i);
            return 0;
        }
        x += 4 + n;
        xlen -= 4 + n;
    }
    return vs_fail(err, "%s: central directory entry at byte %llu needs a "
                   "zip64 extra field that is missing or short", r->path,
                   (unsigned long long)z->at);
}

static int read_central(pt_reader *r, vs_error *err)
{
    uint64_t cd_off = 0, cd_size = 0, count = 0, i;
    const unsigned char *p, *end;

    if (read_end(r, &cd_off, &cd_size, &count, err) < 0)
        return -1;
    r->ents = xcalloc(count ? count : 1, sizeof *r->ents);
    p = r->map + cd_off;
    end = p + cd_size;
    for (i = 0; i < count; i++) {
        zentry *z = &r->ents[r->nents];
        size_t nl, xl, cl;
        if ((size_t)(end - p) < 46 || u32(p) != 0x02014b50)
            return vs_fail(err, "%s: central directory entry %llu (byte %llu) "
                           "is %s", r->path, (unsigned long long)i,
                           (unsigned long long)(p - r->map),
                           (size_t)(end - p) < 46 ? "cut short"
                                                  : "missing its PK\\1\\2 "
                                                    "signature");
        nl = u16(p + 28);
        xl = u16(p + 30);
        cl = u16(p + 32);
        if ((size_t)(end - p) - 46 < nl + xl + cl)
            return vs_fail(err, "%s: central directory entry %llu (byte %llu) "
                           "runs past the directory's end", r->path,
                           (unsigned long long)i,
                           (unsigned long long)(p - r->map));
        z->at = (uint64_t)(p - r->map);
        z->flags = u16(p + 8);
        z->method = u16(p + 10);
        z->csize = u32(p + 20);
        z->usize = u32(p + 24);
        z->local = u32(p + 42);
        z->name = p + 46;
        z->name_len = nl;
        z->storage = SIZE_MAX;
        if (zip64_extra(r, z, p + 46 + nl, xl, err) < 0)
            return -1;
        r->nents++;
        p += 46 + nl + xl + cl;
    }
    qsort(r->ents, r->nents, sizeof *r->ents, by_entry_name);
    return 0;
}

/* An entry's name, printable, for messages. */
static const char *entry_name(const zentry *z, char *buf, size_t size)
{
    size_t i, n = z->name_len < size - 1 ? z->name_len : size - 1;

    for (i = 0; i < n; i++)
        buf[i] = z->name[i] >= 0x20 && z->name[i] < 0x7f ? (char)z->name[i] : '?';
    buf[n] = '\0';
    return buf;
}

/* *data = the bytes of entry z, which must be stored and inside the file. */
static int entry_data(pt_reader *r, const zentry *z, const unsigned char **data,
                      vs_error *err)
{
    char nm[256];
    const unsigned char *h;
    uint64_t off;

    entry_name(z, nm, sizeof nm);
    if (z->flags & 1)
        return vs_fail(err, "%s: entry %s is encrypted", r->path, nm);
    if (z->method != 0)
        return vs_fail(err, "%s: entry %s is compressed (method %u; central "
                       "record at byte %llu), but torch.save stores its entries "
                       "uncompressed and vecscope reads only those: re-save the "
                       "checkpoint with torch.save instead of re-zipping it",
                       r->path, nm, z->method, (unsigned long long)z->at);
    if (z->csize != z->usize)
        return vs_fail(err, "%s: entry %s is stored but its sizes differ "
                       "(%llu bytes stored, %llu uncompressed)", r->path, nm,
                       (unsigned long long)z->csize,
                       (unsigned long long)z->usize);
    if (z->local > r->len || r->len - z->local < 30 ||
        u32(r->map + z->local) != 0x04034b50)
        return vs_fail(err, "%s: entry %s: no local header at byte %llu",
                       r->path, nm, (unsigned long long)z->local);
    h = r->map + z->local;
    off = z->local + 30 + u16(h + 26) + u16(h + 28);
    if (off > r->len || z->csize > r->len - off)
        return vs_fail(err, "%s: entry %s: its %llu bytes at byte %llu go past "
                       "the end of the file (%zu bytes): truncated", r->path,
                       nm, (unsigned long long)z->csize,
                       (unsigned long long)off, r->len);
    *data = r->map + off;
    return 0;
}

/* Finds data.pkl (the folder it is in gives every entry's prefix) and
 * checks byteorder. */
static int find_pickle(pt_reader *r, vs_error *err)
{
    const zentry *pkl = NULL, *bo;
    const unsigned char *d;
    size_t i;

    for (i = 0; i < r->nents && pkl == NULL; i++) {
        const zentry *z = &r->ents[i];
        if (z->name_len >= 8 &&
            memcmp(z->name + z->name_len - 8, "data.pkl", 8) == 0 &&
            (z->name_len == 8 || z->name[z->name_len - 9] == '/'))
            pkl = z;
    }
    if (pkl == NULL)
        return vs_fail(err, "%s: a zip archive without data.pkl, so not a "
                       "checkpoint written by torch.save", r->path);
    r->prefix = (const char *)pkl->name;
    r->prefix_len = pkl->name_len - 8;
    entry_name(pkl, r->pkl_name, sizeof r->pkl_name);
    if (entry_data(r, pkl, &r->pkl, err) < 0)
        return -1;
    r->pkl_len = (size_t)pkl->csize;
    {
        char name[512];
        if (r->prefix_len + 9 < sizeof name) {
            memcpy(name, r->prefix, r->prefix_len);
            memcpy(name + r->prefix_len, "byteorder", 9);
            bo = find_entry(r, name, r->prefix_len + 9);
            if (bo != NULL && entry_data(r, bo, &d, err) < 0)
                return -1;
            if (bo != NULL && !(bo->csize == 6 && memcmp(d, "little", 6) == 0)) {
                char what[80];
                return vs_fail(err, "%s: the storages are not little-endian "
                               "(entry byteorder says \"%s\"); vecscope reads "
                               "little-endian checkpoints", r->path,
                               printable(d, (size_t)bo->csize, what,
                                         sizeof what));
            }
        }
    }
    return 0;
}

/* ---- the pickle ---- */

enum pv_kind {
    PV_NONE, PV_BOOL, PV_INT, PV_STR, PV_TUPLE, PV_DICT, PV_GLOBAL,
    PV_STORAGE, PV_TENSOR
};

static const char *const kind_name[] = {
    "None", "a bool", "an integer", "a string", "a tuple", "a dict",
    "a global", "a storage", "a tensor",
};

/* A value: numbers in i; strings point into data.pkl (s, n); a tuple is
 * items[i .. i + n); dicts, storages, tensors and globals are indices i
 * into their tables. */
typedef struct pv {
    enum pv_kind kind;
    int64_t i;
    const unsigned char *s;
    size_t n;
} pv;

enum { G_ODICT, G_TENSOR, G_PARAM, G_STORAGE };

static const struct {
    const char *module, *name;
    int what;
    enum vs_dtype dtype;
} globals[] = {
    {"collections", "OrderedDict", G_ODICT, VS_F32},
    {"torch._utils", "_rebuild_tensor_v2", G_TENSOR, VS_F32},
    {"torch._utils", "_rebuild_parameter", G_PARAM, VS_F32},
    {"torch", "FloatStorage", G_STORAGE, VS_F32},
    {"torch", "HalfStorage", G_STORAGE, VS_F16},
    {"torch", "BFloat16Storage", G_STORAGE, VS_BF16},
    {"torch", "DoubleStorage", G_STORAGE, VS_F64},
    {"torch", "LongStorage", G_STORAGE, VS_I64},
    {"torch", "IntStorage", G_STORAGE, VS_I32},
    {"torch", "ShortStorage", G_STORAGE, VS_I16},
    {"torch", "CharStorage", G_STORAGE, VS_I8},
    {"torch", "ByteStorage", G_STORAGE, VS_U8},
    {"torch", "BoolStorage", G_STORAGE, VS_BOOL},
};

typedef struct pdict {
    size_t *kv;                 /* key, value, key, value ... (value ids) */
    size_t n, cap;              /* pairs */
} pdict;

typedef struct pstorage {
    enum vs_dtype dtype;
    uint64_t numel;
    const unsigned char *data;
    const zentry *entry;
    size_t refs;                /* tensors of the state dict on it */
} pstorage;

typedef struct ptensor {
    size_t storage;
    uint64_t offset, numel, last;  /* last: element index of the last one */
    size_t rank;
    uint64_t *shape, *stride;
    int contiguous;
} ptensor;

#define NO_VALUE SIZE_MAX

typedef struct vm {
    pt_reader *r;
    size_t pos, op_at;          /* read position; the opcode being run */
    unsigned char op;
    pv *vals;
    size_t nvals, cap_vals;
    size_t *stack, nstack, cap_stack;
    size_t *marks, nmarks, cap_marks;
    size_t *items, nitems, cap_items;
    size_t *memo, cap_memo, memo_len;
    pdict *dicts;
    size_t ndicts, cap_dicts;
    pstorage *storages;
    size_t nstorages, cap_storages;
    ptensor *tensors;
    size_t ntensors, cap_tensors;
} vm;

/* Grows *p (elements of size) to hold need; *cap is its capacity. */
static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    *cap = *cap ? *cap : 16;
    while (*cap < need)
        *cap *= 2;
    return xreallocarray(p, *cap, size);
}

static const struct {
    unsigned char code;
    const char *name;
} opnames[] = {
    {'(', "MARK"}, {'.', "STOP"}, {'0', "POP"}, {'1', "POP_MARK"},
    {'2', "DUP"}, {'F', "FLOAT"}, {'I', "INT"}, {'J', "BININT"},
    {'K', "BININT1"}, {'L', "LONG"}, {'M', "BININT2"}, {'N', "NONE"},
    {'P', "PERSID"}, {'Q', "BINPERSID"}, {'R', "REDUCE"}, {'S', "STRING"},
    {'T', "BINSTRING"}, {'U', "SHORT_BINSTRING"}, {'V', "UNICODE"},
    {'X', "BINUNICODE"}, {'a', "APPEND"}, {'b', "BUILD"}, {'c', "GLOBAL"},
    {'d', "DICT"}, {'}', "EMPTY_DICT"}, {'e', "APPENDS"}, {'g', "GET"},
    {'h', "BINGET"}, {'i', "INST"}, {'j', "LONG_BINGET"}, {'l', "LIST"},
    {']', "EMPTY_LIST"}, {'o', "OBJ"}, {'p', "PUT"}, {'q', "BINPUT"},
    {'r', "LONG_BINPUT"}, {'s', "SETITEM"}, {'t', "TUPLE"},
    {')', "EMPTY_TUPLE"}, {'u', "SETITEMS"}, {'G', "BINFLOAT"},
    {0x80, "PROTO"}, {0x81, "NEWOBJ"}, {0x82, "EXT1"}, {0x83, "EXT2"},
    {0x84, "EXT4"}, {0x85, "TUPLE1"}, {0x86, "TUPLE2"}, {0x87, "TUPLE3"},
    {0x88, "NEWTRUE"}, {0x89, "NEWFALSE"}, {0x8a, "LONG1"}, {0x8b, "LONG4"},
    {0x8c, "SHORT_BINUNICODE"}, {0x8d, "BINUNICODE8"}, {0x8e, "BINBYTES8"},
    {0x8f, "EMPTY_SET"}, {0x90, "ADDITEMS"}, {0x91, "FROZENSET"},
    {0x92, "NEWOBJ_EX"}, {0x93, "STACK_GLOBAL"}, {0x94, "MEMOIZE"},
    {0x95, "FRAME"}, {0x96, "BYTEARRAY8"}, {0x97, "NEXT_BUFFER"},
    {0x98, "READONLY_BUFFER"}, {'B', "BINBYTES"}, {'C', "SHORT_BINBYTES"},
};

static const char *op_name(unsigned char op)
{
    size_t i;

    for (i = 0; i < sizeof opnames / sizeof opnames[0]; i++)
        if (opnames[i].code == op)
            return opnames[i].name;
    return NULL;
}

/* Fails with "PATH: ENTRY byte N (OPCODE): message". */
static int bad(vm *m, vs_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int bad(vm *m, vs_error *err, const char *fmt, ...)
{
    char msg[VS_ERROR_MAX / 2];
    const char *name = op_name(m->op);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (name == NULL)
        return vs_fail(err, "%s: %s byte %zu: %s", m->r->path, m->r->pkl_name,
                       m->op_at, msg);
    return vs_fail(err, "%s: %s byte %zu (%s): %s", m->r->path, m->r->pkl_name,
                   m->op_at, name, msg);
}

/* n printable bytes of s for a message (at most 60). */
static const char *printable(const unsigned char *s, size_t n, char *buf,
                             size_t size)
{
    size_t i, k = 0;

    for (i = 0; i < n && k + 4 < size && i < 60; i++)
        buf[k++] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
    if (i < n && k + 4 < size) {
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k] = '\0';
    return buf;
}

static size_t new_value(vm *m, enum pv_kind kind, int64_t i)
{
    pv *v;

    m->vals = grow(m->vals, &m->cap_vals, m->nvals + 1, sizeof *m->vals);
    v = &m->vals[m->nvals];
    v->kind = kind;
    v->i = i;
    v->s = NULL;
    v->n = 0;
    return m->nvals++;
}

static void push(vm *m, size_t v)
{
    m->stack = grow(m->stack, &m->cap_stack, m->nstack + 1, sizeof *m->stack);
    m->stack[m->nstack++] = v;
}

static int pop(vm *m, size_t *v, vs_error *err)
{
    if (m->nstack == 0 ||
        (m->nmarks > 0 && m->nstack == m->marks[m->nmarks - 1]))
        return bad(m, err, "the stack is empty (a damaged pickle)");
    *v = m->stack[--m->nstack];
    return 0;
}

/* The bytes n at the read position, which moves past them. */
static int take(vm *m, size_t n, const unsigned char **p, vs_error *err)
{
    if (n > m->r->pkl_len - m->pos)
        return bad(m, err, "the pickle ends inside this opcode's %zu-byte "
                   "argument (the file is truncated or damaged)", n);
    *p = m->r->pkl + m->pos;
    m->pos += n;
    return 0;
}

/* The depth of the topmost MARK, which is removed. */
static int pop_mark(vm *m, size_t *depth, vs_error *err)
{
    if (m->nmarks == 0)
        return bad(m, err, "no MARK before it");
    *depth = m->marks[--m->nmarks];
    return 0;
}

static size_t new_tuple(vm *m, const size_t *items, size_t n)
{
    size_t v = new_value(m, PV_TUPLE, (int64_t)m->nitems);

    m->items = grow(m->items, &m->cap_items, m->nitems + n + 1, sizeof *m->items);
    if (n > 0)
        memcpy(m->items + m->nitems, items, n * sizeof *items);
    m->nitems += n;
    m->vals[v].n = n;
    return v;
}

static size_t new_dict(vm *m)
{
    m->dicts = grow(m->dicts, &m->cap_dicts, m->ndicts + 1, sizeof *m->dicts);
    memset(&m->dicts[m->ndicts], 0, sizeof *m->dicts);
    return new_value(m, PV_DICT, (int64_t)m->ndicts++);
}

static void dict_set(vm *m, size_t d, size_t k, size_t v)
{
    pdict *x = &m->dicts[m->vals[d].i];

    x->kv = grow(x->kv, &x->cap, 2 * (x->n + 1), sizeof *x->kv);
    x->kv[2 * x->n] = k;
    x->kv[2 * x->n + 1] = v;
    x->n++;
}

static const pv *val(const vm *m, size_t v)
{
    return &m->vals[v];
}

/* Item k of tuple t. */
static const pv *item(const vm *m, const pv *t, size_t k)
{
    return &m->vals[m->items[(size_t)t->i + k]];
}

static int str_is(const pv *v, const char *s)
{
    return v->kind == PV_STR && v->n == strlen(s) && memcmp(v->s, s, v->n) == 0;
}

/* GLOBAL / STACK_GLOBAL: only the few a state dict uses. */
static int push_global(vm *m, const unsigned char *mod, size_t mod_len,
                       const unsigned char *name, size_t name_len, vs_error *err)
{
    char a[80], b[80];
    size_t i;

    for (i = 0; i < sizeof globals / sizeof globals[0]; i++)
        if (strlen(globals[i].module) == mod_len &&
            memcmp(globals[i].module, mod, mod_len) == 0 &&
            strlen(globals[i].name) == name_len &&
            memcmp(globals[i].name, name, name_len) == 0) {
            push(m, new_value(m, PV_GLOBAL, (int64_t)i));
            return 0;
        }
    return bad(m, err, "global %s.%s is not one a saved state dict uses (only "
               "collections.OrderedDict, torch._utils._rebuild_tensor_v2, "
               "torch._utils._rebuild_parameter and torch.*Storage are); "
               "refused, nothing was run", printable(mod, mod_len, a, sizeof a),
               printable(name, name_len, b, sizeof b));
}

/* A whole number >= 0 from an integer value. */
static int uint_of(vm *m, const pv *v, const char *what, uint64_t *out,
                   vs_error *err)
{
    if (v->kind != PV_INT || v->i < 0)
        return bad(m, err, "%s is %s, expected a whole number >= 0", what,
                   v->kind == PV_INT ? "negative" : kind_name[v->kind]);
    *out = (uint64_t)v->i;
    return 0;
}

/* BINPERSID: ('storage', torch.XStorage, key, location, numel) -> the
 * storage in entry PREFIX/data/key. */
static int persistent_load(vm *m, size_t pid, vs_error *err)
{
    pt_reader *r = m->r;
    const pv *t = val(m, pid), *type, *key;
    char name[512], kb[80];
    uint64_t numel = 0, es, have;
    zentry *z;
    pstorage *s;

    if (t->kind != PV_TUPLE || t->n != 5 || !str_is(item(m, t, 0), "storage"))
        return bad(m, err, "the persistent id is not a tuple ('storage', type, "
                   "key, location, numel)");
    type = item(m, t, 1);
    key = item(m, t, 2);
    if (type->kind != PV_GLOBAL || globals[type->i].what != G_STORAGE)
        return bad(m, err, "the storage type is %s, not a torch.*Storage",
                   type->kind == PV_GLOBAL ? "another global"
                                           : kind_name[type->kind]);
    if (key->kind != PV_STR || item(m, t, 3)->kind != PV_STR)
        return bad(m, err, "the storage key and location must be strings");
    if (uint_of(m, item(m, t, 4), "the storage size", &numel, err) < 0)
        return -1;
    if (r->prefix_len + 5 + key->n > sizeof name)
        return bad(m, err, "storage key '%s' is too long",
                   printable(key->s, key->n, kb, sizeof kb));
    memcpy(name, r->prefix, r->prefix_len);
    memcpy(name + r->prefix_len, "data/", 5);
    memcpy(name + r->prefix_len + 5, key->s, key->n);
    z = find_entry(r, name, r->prefix_len + 5 + key->n);
    if (z == NULL)
        return bad(m, err, "storage '%s' has no entry %.*sdata/%s in the "
                   "archive", printable(key->s, key->n, kb, sizeof kb),
                   (int)r->prefix_len, r->prefix,
                   printable(key->s, key->n, kb, sizeof kb));
    if (z->storage != SIZE_MAX) {
        /* the same storage again (tied tensors) */
        s = &m->storages[z->storage];
        if (s->dtype != globals[type->i].dtype || s->numel != numel)
            return bad(m, err, "storage '%s' is given again with another type "
                       "or size", printable(key->s, key->n, kb, sizeof kb));
        push(m, new_value(m, PV_STORAGE, (int64_t)z->storage));
        return 0;
    }
    m->storages = grow(m->storages, &m->cap_storages, m->nstorages + 1,
                       sizeof *m->storages);
    s = &m->storages[m->nstorages];
    memset(s, 0, sizeof *s);
    s->dtype = globals[type->i].dtype;
    s->numel = numel;
    s->entry = z;
    if (entry_data(r, z, &s->data, err) < 0)
        return -1;
    es = vs_dtype_bits(s->dtype) / 8;
    have = z->csize / es;
    if (numel > have)
        return bad(m, err, "storage '%s' says %llu elements of %llu bytes, but "
                   "its entry holds %llu bytes", printable(key->s, key->n, kb,
                   sizeof kb), (unsigned long long)numel,
                   (unsigned long long)es, (unsigned long long)z->csize);
    z->storage = m->nstorages++;
    push(m, new_value(m, PV_STORAGE, (int64_t)z->storage));
    return 0;
}

/* _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks
 * [, metadata]) -> a tensor on the storage. */
static int rebuild_tensor(vm *m, const pv *args, size_t *out, vs_error *err)
{
    const pv *st, *size, *stride;
    ptensor t;
    unsigned __int128 last, numel = 1;
    uint64_t expect = 1;
    size_t k;
    char what[64];

    memset(&t, 0, sizeof t);
    if (args->kind != PV_TUPLE || (args->n != 6 && args->n != 7))
        return bad(m, err, "_rebuild_tensor_v2 takes (storage, offset, size, "
                   "stride, requires_grad, hooks[, metadata])");
    st = item(m, args, 0);
    size = item(m, args, 2);
    stride = item(m, args, 3);
    if (st->kind != PV_STORAGE)
        return bad(m, err, "_rebuild_tensor_v2's first argument is %s, not a "
                   "storage", kind_name[st->kind]);
    if (uint_of(m, item(m, args, 1), "the storage offset", &t.offset, err) < 0)
        return -1;
    if (size->kind != PV_TUPLE || stride->kind != PV_TUPLE ||
        size->n != stride->n)
        return bad(m, err, "a tensor's size and stride must be tuples of the "
                   "same length");
    if (size->n > 64)
        return bad(m, err, "a tensor of rank %zu (at most 64)", size->n);
    t.storage = (size_t)st->i;
    t.rank = size->n;
    t.shape = xcalloc(t.rank + 1, sizeof *t.shape);
    t.stride = xcalloc(t.rank + 1, sizeof *t.stride);
    last = t.offset;
    if (t.offset > m->storages[t.storage].numel) {
        bad(m, err, "storage offset %llu is past the storage's %llu elements",
            (unsigned long long)t.offset,
            (unsigned long long)m->storages[t.storage].numel);
        goto fail;
    }
    for (k = 0; k < t.rank; k++) {
        snprintf(what, sizeof what, "size %zu", k);
        if (uint_of(m, item(m, size, k), what, &t.shape[k], err) < 0)
            goto fail;
        snprintf(what, sizeof what, "stride %zu", k);
        if (uint_of(m, item(m, stride, k), what, &t.stride[k], err) < 0)
            goto fail;
        numel *= t.shape[k];
        if (numel > UINT64_MAX) {
            bad(m, err, "the tensor's size overflows 64 bits");
            goto fail;
        }
    }
    t.numel = (uint64_t)numel;
    if (t.numel > m->storages[t.storage].numel) {
        bad(m, err, "the tensor has more elements (%llu) than its storage "
            "(%llu): overlapping elements are not read",
            (unsigned long long)t.numel,
            (unsigned long long)m->storages[t.storage].numel);
        goto fail;
    }
    /* every element inside the storage */
    if (t.numel > 0) {
        for (k = 0; k < t.rank && last <= UINT64_MAX; k++)
            last += (unsigned __int128)(t.shape[k] - 1) * t.stride[k];
        if (last >= m->storages[t.storage].numel) {
            bad(m, err, "the tensor reaches element %llu%s of a storage of "
                "%llu elements", (unsigned long long)(last > UINT64_MAX
                                                          ? UINT64_MAX
                                                          : last),
                last > UINT64_MAX ? " and more" : "",
                (unsigned long long)m->storages[t.storage].numel);
            goto fail;
        }
        t.last = (uint64_t)last;
    } else {
        t.last = t.offset;
    }
    t.contiguous = 1;
    for (k = t.rank; k-- > 0;) {
        if (t.shape[k] != 1 && t.stride[k] != expect)
            t.contiguous = 0;
        expect *= t.shape[k];
    }
    m->tensors = grow(m->tensors, &m->cap_tensors, m->ntensors + 1,
                      sizeof *m->tensors);
    m->tensors[m->ntensors] = t;
    *out = new_value(m, PV_TENSOR, (int64_t)m->ntensors++);
    return 0;
fail:
    free(t.shape);
    free(t.stride);
    return -1;
}

/* REDUCE: callable(*args) for the three functions a state dict uses. */
static int reduce(vm *m, vs_error *err)
{
    size_t f = 0, a = 0, out = 0;
    const pv *fn, *args;

    if (pop(m, &a, err) < 0 || pop(m, &f, err) < 0)
        return -1;
    fn = val(m, f);
    args = val(m, a);
    if (fn->kind != PV_GLOBAL)
        return bad(m, err, "it applies %s, not a function", kind_name[fn->kind]);
    if (args->kind != PV_TUPLE)
        return bad(m, err, "its arguments are %s, not a tuple",
                   kind_name[args->kind]);
    switch (globals[fn->i].what) {
    case G_ODICT:
        if (args->n != 0)
            return bad(m, err, "OrderedDict is called with arguments");
        out = new_dict(m);
        break;
    case G_TENSOR:
        if (rebuild_tensor(m, args, &out, err) < 0)
            return -1;
        break;
    case G_PARAM:
        /* _rebuild_parameter(data, requires_grad, backward_hooks) */
        if (args->n != 3 || item(m, args, 0)->kind != PV_TENSOR)
            return bad(m, err, "_rebuild_parameter takes (tensor, "
                       "requires_grad, hooks)");
        out = m->items[(size_t)args->i];
        break;
    default:
        return bad(m, err, "it applies %s.%s, which is not called in a state "
                   "dict; refused", globals[fn->i].module, globals[fn->i].name);
    }
    push(m, out);
    return 0;
}

/* The memo slot i (LONG_BINPUT and LONG_BINGET take 32 bits: bounded by
 * the pickle's length, as a real pickle's memo is). */
static int memo_slot(vm *m, uint64_t i, vs_error *err)
{
    size_t old = m->cap_memo, k;

    if (i >= m->r->pkl_len)
        return bad(m, err, "memo index %llu is larger than the pickle",
                   (unsigned long long)i);
    if (i >= m->cap_memo) {
        m->memo = grow(m->memo, &m->cap_memo, (size_t)i + 1, sizeof *m->memo);
        for (k = old; k < m->cap_memo; k++)
            m->memo[k] = NO_VALUE;
    }
    return 0;
}

static int memo_put(vm *m, uint64_t i, vs_error *err)
{
    if (m->nstack == 0)
        return bad(m, err, "nothing on the stack to remember");
    if (memo_slot(m, i, err) < 0)
        return -1;
    if (m->memo[i] == NO_VALUE)
        m->memo_len++;
    m->memo[i] = m->stack[m->nstack - 1];
    return 0;
}

static int memo_get(vm *m, uint64_t i, vs_error *err)
{
    if (i >= m->cap_memo || m->memo[i] == NO_VALUE)
        return bad(m, err, "memo index %llu was never set",
                   (unsigned long long)i);
    push(m, m->memo[i]);
    return 0;
}

/* A newline-terminated string for GLOBAL. */
static int line(vm *m, const unsigned char **s, size_t *n, vs_error *err)
{
    const unsigned char *p = m->r->pkl + m->pos;
    const unsigned char *nl = memchr(p, '\n', m->r->pkl_len - m->pos);

    if (nl == NULL)
        return bad(m, err, "the pickle ends inside its module or name (the "
                   "file is truncated or damaged)");
    *s = p;
    *n = (size_t)(nl - p);
    m->pos += *n + 1;
    return 0;
}

/* Little-endian two's complement integer of n bytes (LONG1), at most 8. */
static int long1(vm *m, vs_error *err)
{
    const unsigned char *p = NULL;
    uint64_t x = 0;
    size_t n, k;

    if (take(m, 1, &p, err) < 0)
        return -1;
    n = p[0];
    if (n > 8)
        return bad(m, err, "a %zu-byte integer (at most 8 are read)", n);
    if (take(m, n, &p, err) < 0)
        return -1;
    for (k = n; k-- > 0;)
        x = (x << 8) | p[k];
    if (n > 0 && n < 8 && (p[n - 1] & 0x80))
        x |= ~(uint64_t)0 << (8 * n);  /* sign-extend */
    push(m, new_value(m, PV_INT, (int64_t)x));
    return 0;
}

/* One opcode. *stop is set at STOP. */
static int step(vm *m, int *stop, vs_error *err)
{
    const unsigned char *p = NULL, *s1 = NULL, *s2 = NULL;
    size_t a = 0, b = 0, d = 0, k, n1 = 0, n2 = 0, v;

    m->op_at = m->pos;
    if (m->pos >= m->r->pkl_len) {
        m->op = 0;
        return bad(m, err, "the pickle ends without STOP (the file is "
                   "truncated or damaged)");
    }
    m->op = m->r->pkl[m->pos++];
    switch (m->op) {
    case 0x80: /* PROTO */
        if (take(m, 1, &p, err) < 0)
            return -1;
        if (p[0] < 2 || p[0] > 5)
            return bad(m, err, "pickle protocol %u (2 to 5 are read)", p[0]);
        return 0;
    case 0x95: /* FRAME: a length only */
        return take(m, 8, &p, err);
    case 'c': /* GLOBAL */
        if (line(m, &s1, &n1, err) < 0 || line(m, &s2, &n2, err) < 0)
            return -1;
        return push_global(m, s1, n1, s2, n2, err);
    case 0x93: /* STACK_GLOBAL */
        if (pop(m, &b, err) < 0 || pop(m, &a, err) < 0)
            return -1;
        if (val(m, a)->kind != PV_STR || val(m, b)->kind != PV_STR)
            return bad(m, err, "module and name must be strings");
        return push_global(m, val(m, a)->s, val(m, a)->n, val(m, b)->s,
                           val(m, b)->n, err);
    case '(': /* MARK */
        m->marks = grow(m->marks, &m->cap_marks, m->nmarks + 1, sizeof *m->marks);
        m->marks[m->nmarks++] = m->nstack;
        return 0;
    case ')': /* EMPTY_TUPLE */
        push(m, new_tuple(m, NULL, 0));
        return 0;
    case 't': /* TUPLE */
        if (pop_mark(m, &d, err) < 0)
            return -1;
        v = new_tuple(m, m->nstack > d ? m->stack + d : NULL, m->nstack - d);
        m->nstack = d;
        push(m, v);
        return 0;
    case 0x85: /* TUPLE1 */
    case 0x86: /* TUPLE2 */
    case 0x87: /* TUPLE3 */
        k = (size_t)(m->op - 0x84);
        if (m->nstack < k ||
            (m->nmarks > 0 && m->nstack - k < m->marks[m->nmarks - 1]))
            return bad(m, err, "fewer than %zu values on the stack", k);
        v = new_tuple(m, m->stack + m->nstack - k, k);
        m->nstack -= k;
        push(m, v);
        return 0;
    case 'X': /* BINUNICODE */
    case 0x8c: /* SHORT_BINUNICODE */
        k = m->op == 'X' ? 4 : 1;
        if (take(m, k, &p, err) < 0)
            return -1;
        n1 = k == 4 ? u32(p) : p[0];
        if (take(m, n1, &p, err) < 0)
            return -1;
        v = new_value(m, PV_STR, 0);
        m->vals[v].s = p;
        m->vals[v].n = n1;
        push(m, v);
        return 0;
    case 'J': /* BININT */
        if (take(m, 4, &p, err) < 0)
            return -1;
        push(m, new_value(m, PV_INT, (int32_t)u32(p)));
        return 0;
    case 'K': /* BININT1 */
        if (take(m, 1, &p, err) < 0)
            return -1;
        push(m, new_value(m, PV_INT, p[0]));
        return 0;
    case 'M': /* BININT2 */
        if (take(m, 2, &p, err) < 0)
            return -1;
        push(m, new_value(m, PV_INT, u16(p)));
        return 0;
    case 0x8a: /* LONG1 */
        return long1(m, err);
    case 'N': /* NONE */
        push(m, new_value(m, PV_NONE, 0));
        return 0;
    case 0x88: /* NEWTRUE */
    case 0x89: /* NEWFALSE */
        push(m, new_value(m, PV_BOOL, m->op == 0x88));
        return 0;
    case '}': /* EMPTY_DICT */
        push(m, new_dict(m));
        return 0;
    case 's': /* SETITEM */
        if (pop(m, &b, err) < 0 || pop(m, &a, err) < 0)
            return -1;
        if (m->nstack == 0 || val(m, m->stack[m->nstack - 1])->kind != PV_DICT)
            return bad(m, err, "it sets an item on something that is not a "
                       "dict");
        dict_set(m, m->stack[m->nstack - 1], a, b);
        return 0;
    case 'u': /* SETITEMS */
        if (pop_mark(m, &d, err) < 0)
            return -1;
        if ((m->nstack - d) % 2 != 0)
            return bad(m, err, "an odd number of keys and values");
        if (d == 0 || val(m, m->stack[d - 1])->kind != PV_DICT)
            return bad(m, err, "it sets items on something that is not a "
                       "dict");
        for (k = d; k < m->nstack; k += 2)
            dict_set(m, m->stack[d - 1], m->stack[k], m->stack[k + 1]);
        m->nstack = d;
        return 0;
    case 'Q': /* BINPERSID */
        if (pop(m, &a, err) < 0)
            return -1;
        return persistent_load(m, a, err);
    case 'q': /* BINPUT: a 1-byte index */
    case 'r': /* LONG_BINPUT: 4 bytes */
    case 'h': /* BINGET */
    case 'j': /* LONG_BINGET */
        k = m->op == 'q' || m->op == 'h' ? 1 : 4;
        if (take(m, k, &p, err) < 0)
            return -1;
        n1 = k == 1 ? p[0] : u32(p);
        return m->op == 'q' || m->op == 'r' ? memo_put(m, n1, err)
                                            : memo_get(m, n1, err);
    case 0x94: /* MEMOIZE */
        return memo_put(m, m->memo_len, err);
    case 'R': /* REDUCE */
        return reduce(m, err);
    case 'b': /* BUILD: the state of a state dict (its _metadata) is dropped */
        if (pop(m, &a, err) < 0)
            return -1;
        if (m->nstack == 0 || val(m, m->stack[m->nstack - 1])->kind != PV_DICT)
            return bad(m, err, "BUILD on %s; only a dict's state is accepted",
                       m->nstack ? kind_name[val(m, m->stack[m->nstack - 1])->kind]
                                 : "nothing");
        return 0;
    case '.': /* STOP */
        *stop = 1;
        return 0;
    default:
        return bad(m, err, "opcode 0x%02x is not one a saved state dict uses; "
                   "refused, nothing was run", m->op);
    }
}

static void vm_free(vm *m)
{
    size_t i;

    for (i = 0; i < m->ndicts; i++)
        free(m->dicts[i].kv);
    for (i = 0; i < m->ntensors; i++) {
        free(m->tensors[i].shape);
        free(m->tensors[i].stride);
    }
    free(m->vals);
    free(m->stack);
    free(m->marks);
    free(m->items);
    free(m->memo);
    free(m->dicts);
    free(m->storages);
    free(m->tensors);
}

/* The state dict the pickle built -> the tensors of w. */
static int add_tensors(vm *m, size_t root, vs_error *err)
{
    pt_reader *r = m->r;
    const pv *d = val(m, root);
    const pdict *x;
    size_t k;
    char kb[80];

    if (d->kind != PV_DICT)
        return vs_fail(err, "%s: %s holds %s, not a state dict (a dict of "
                       "tensors)", r->path, r->pkl_name, kind_name[d->kind]);
    x = &m->dicts[d->i];
    for (k = 0; k < x->n; k++) {
        const pv *key = val(m, x->kv[2 * k]), *v = val(m, x->kv[2 * k + 1]);
        if (key->kind != PV_STR)
            return vs_fail(err, "%s: %s: a key of the state dict is %s, not a "
                           "string", r->path, r->pkl_name, kind_name[key->kind]);
        if (memchr(key->s, '\0', key->n) != NULL)
            return vs_fail(err, "%s: %s: the key '%s' holds a NUL byte",
                           r->path, r->pkl_name,
                           printable(key->s, key->n, kb, sizeof kb));
        if (v->kind != PV_TENSOR)
            return vs_fail(err, "%s: %s: entry '%s' of the dict is %s, not a "
                           "tensor, so this is not a state dict (a training "
                           "checkpoint? save model.state_dict() instead)",
                           r->path, r->pkl_name,
                           printable(key->s, key->n, kb, sizeof kb),
                           kind_name[v->kind]);
        m->storages[m->tensors[v->i].storage].refs++;
    }
    for (k = 0; k < x->n; k++) {
        const pv *key = val(m, x->kv[2 * k]), *v = val(m, x->kv[2 * k + 1]);
        const ptensor *t = &m->tensors[v->i];
        const pstorage *s = &m->storages[t->storage];
        size_t es = vs_dtype_bits(s->dtype) / 8;
        vs_tensor *o = vs_weights_add(r->w, (const char *)key->s, key->n, r->fi);
        o->dtype = s->dtype;
        o->rank = t->rank;
        o->numel = t->numel;
        o->shared = s->refs > 1;
        if (t->rank > 0) {
            o->shape = xmallocarray(t->rank, sizeof *o->shape);
            memcpy(o->shape, t->shape, t->rank * sizeof *o->shape);
            if (!t->contiguous) {
                o->stride = xmallocarray(t->rank, sizeof *o->stride);
                memcpy(o->stride, t->stride, t->rank * sizeof *o->stride);
            }
        }
        o->data = s->data + t->offset * es;
        o->span = t->numel ? (t->last - t->offset + 1) * es : 0;
    }
    return 0;
}

static int run_pickle(pt_reader *r, vs_error *err)
{
    vm m;
    int stop = 0, rc = 0;
    size_t root = 0;

    memset(&m, 0, sizeof m);
    m.r = r;
    while (rc == 0 && !stop)
        rc = step(&m, &stop, err);
    if (rc == 0) {
        m.op_at = m.pos - 1;
        if (m.nstack == 0)
            rc = bad(&m, err, "the stack is empty at STOP");
        else
            root = m.stack[m.nstack - 1];
    }
    if (rc == 0)
        rc = add_tensors(&m, root, err);
    vm_free(&m);
    return rc;
}

int vs_pt_read(vs_weights *w, const char *path, vs_error *err)
{
    pt_reader r;
    int rc;

    memset(&r, 0, sizeof r);
    r.w = w;
    r.path = path;
    if (vs_weights_map(w, path, 0, "a pytorch_model.bin", &r.fi, err) < 0)
        return -1;
    r.map = w->files[r.fi].map;
    r.len = w->files[r.fi].len;
    rc = read_central(&r, err);
    if (rc == 0)
        rc = find_pickle(&r, err);
    if (rc == 0)
        rc = run_pickle(&r, err);
    free(r.ents);
    return rc;
}
