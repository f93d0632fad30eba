#!/usr/bin/python3
"""gen-weights-reference.py - pytorch_model.bin fixtures, their safetensors
twins, and malformed checkpoints, for tests/check_weights.c.

Writes, with torch.save (Debian's python3-torch 1.13) and fixed seeds:

  tests/data/weights/
    state.bin           a state dict: F32, F16 (with inf, -0, a subnormal,
                        65504), BF16, tied pairs (one tensor under two
                        names; F32 and F16), a view at a non-zero storage offset beside
                        its whole storage, an nn.Parameter, a transposed
                        (non-contiguous) view, an I64 buffer, a rank-0 and a
                        zero-size tensor
    state-p4.bin        the same saved with pickle protocol 4 (FRAME,
                        SHORT_BINUNICODE, MEMOIZE, STACK_GLOBAL)
    state.safetensors   the same tensors (row-major copies) as safetensors,
                        written here with struct and json
    sharded-bin/        the same split in two pytorch_model-0000N-of-00002.bin
                        shards + pytorch_model.bin.index.json
    sharded-st/         the same split in two model-0000N-of-00002.safetensors
                        shards + model.safetensors.index.json
  tests/data/bert/
    tiny-f32-bin/       tests/data/bert/tiny-f32 with its weights as a
                        pytorch_model.bin only, as transformers saves one:
                        the MLM decoder tied to the word embeddings (one
                        storage) and an I64 embeddings.position_ids buffer
    tiny-f32-sharded/   the same in three pytorch_model.bin shards, without
                        the tied decoder
    tiny-f16-sharded/   tests/data/bert/tiny-f16 in two safetensors shards
  tests/data/bad/pt-*.bin
                        checkpoints vecscope must refuse, each with a message
                        (tests/check_weights.c lists what each must say):
                        hand-written pickles (GLOBAL os.system, STACK_GLOBAL
                        builtins.eval + REDUCE, REDUCE of a storage type, INST,
                        an unknown opcode, no STOP, a huge storage size,
                        huge tensor sizes), a truncated zip, a damaged central
                        directory, compressed entries, big-endian storages,
                        the legacy (torch < 1.6) format, a tar, a training
                        checkpoint that is not a state dict; pt-folder/ is a
                        BERT folder with one of them as its pytorch_model.bin

The hand-written pickles are bytes assembled here, never pickled objects:
nothing in them is run by this script or by vecscope.

    /usr/bin/python3 tests/gen-weights-reference.py          # the fixtures
    /usr/bin/python3 tests/gen-weights-reference.py --bench DIR
        # DIR/model.safetensors and DIR/pytorch_model.bin of the same random
        # bert-base-shaped weights (440 MB each; not committed), for
        # bench/run-weights.sh
"""

import collections
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import zipfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
OUT = os.path.join(DATA, "weights")
BAD = os.path.join(DATA, "bad")

ST_NAME = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
           torch.int64: "I64", torch.float64: "F64", torch.int32: "I32"}
NP_OF = {"F32": "<f4", "F16": "<f2", "I64": "<i8", "F64": "<f8", "I32": "<i4"}


def st_bytes(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype(NP_OF[ST_NAME[t.dtype]]).tobytes()


def write_safetensors(path, tensors):
    """tensors: list of (name, tensor) in any dtype of ST_NAME."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors:
        data = st_bytes(t)
        header[name] = {"dtype": ST_NAME[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt",
                              "written_by": "gen-weights-reference.py"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = collections.OrderedDict()
    for k, v in header.items():
        if k == "__metadata__":
            continue
        b, e = v["data_offsets"]
        if v["dtype"] == "BF16":
            raw = np.frombuffer(data[b:e], dtype="<i2").copy()
            t = torch.from_numpy(raw).view(torch.bfloat16)
        else:
            t = torch.from_numpy(np.frombuffer(data[b:e], dtype=NP_OF[v["dtype"]]).copy())
        out[k] = t.reshape(v["shape"])
    return out


def save_bin(path, sd, protocol=2):
    # torch.save names the zip's top folder after the file: keep it stable
    torch.save(sd, path, pickle_protocol=protocol)


def state_dict():
    g = torch.Generator().manual_seed(11)
    r = lambda *s: torch.randn(*s, generator=g)
    sd = collections.OrderedDict()
    sd["f32"] = r(3, 4)
    sd["f16"] = r(2, 3).half()
    sd["f16.special"] = torch.tensor([float("inf"), -0.0, 6e-8, 65504.0, -2.5]).half()
    sd["bf16"] = r(5).bfloat16()
    tied = r(4, 2)
    sd["tied.a"] = tied
    sd["tied.b"] = tied
    tied16 = r(3).half()
    sd["tied16.a"] = tied16
    sd["tied16.b"] = tied16
    whole = r(10)
    sd["view.whole"] = whole
    sd["view.part"] = whole[3:7]
    sd["view.f16"] = r(12).half()[5:9].view(2, 2)
    sd["param"] = torch.nn.Parameter(r(2, 2))
    sd["transposed"] = r(3, 5).t()
    sd["transposed.bf16"] = r(2, 3).bfloat16().t()
    sd["ids"] = torch.arange(6, dtype=torch.int64).view(1, 6)
    sd["scalar"] = torch.tensor(1.5)
    sd["empty"] = torch.zeros(0, 3)
    sd._metadata = collections.OrderedDict({"": {"version": 1}})
    return sd


def write_index(folder, name, shards, total):
    wm = collections.OrderedDict()
    for file, keys in shards:
        for k in keys:
            wm[k] = file
    with open(os.path.join(folder, name), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": wm}, f,
                  indent=2)
        f.write("\n")


def nbytes(sd):
    return sum(t.numel() * t.element_size() for t in sd.values())


def shard(sd, n):
    """n lists of keys, in order, about equal in count."""
    keys = list(sd)
    step = (len(keys) + n - 1) // n
    return [keys[i:i + step] for i in range(0, len(keys), step)]


def fresh(folder):
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)


def write_bin_shards(folder, sd, n):
    parts = shard(sd, n)
    shards = []
    for i, keys in enumerate(parts):
        file = "pytorch_model-%05d-of-%05d.bin" % (i + 1, len(parts))
        save_bin(os.path.join(folder, file),
                 collections.OrderedDict((k, sd[k]) for k in keys))
        shards.append((file, keys))
    write_index(folder, "pytorch_model.bin.index.json", shards, nbytes(sd))


def write_st_shards(folder, sd, n):
    parts = shard(sd, n)
    shards = []
    for i, keys in enumerate(parts):
        file = "model-%05d-of-%05d.safetensors" % (i + 1, len(parts))
        write_safetensors(os.path.join(folder, file), [(k, sd[k]) for k in keys])
        shards.append((file, keys))
    write_index(folder, "model.safetensors.index.json", shards, nbytes(sd))


def fixtures():
    fresh(OUT)
    sd = state_dict()
    save_bin(os.path.join(OUT, "state.bin"), sd)
    save_bin(os.path.join(OUT, "state-p4.bin"), sd, protocol=4)
    write_safetensors(os.path.join(OUT, "state.safetensors"), list(sd.items()))
    # the shards hold copies (a tied pair split across two files is two
    # tensors, as transformers' sharding writes it)
    plain = collections.OrderedDict((k, v.detach().clone()) for k, v in sd.items())
    fresh(os.path.join(OUT, "sharded-bin"))
    write_bin_shards(os.path.join(OUT, "sharded-bin"), plain, 2)
    fresh(os.path.join(OUT, "sharded-st"))
    write_st_shards(os.path.join(OUT, "sharded-st"), plain, 2)

    bert = os.path.join(DATA, "bert")
    # tiny-f32 as transformers would save it with safe_serialization=False
    src = os.path.join(bert, "tiny-f32")
    w = read_safetensors(os.path.join(src, "model.safetensors"))
    sd = collections.OrderedDict()
    sd["bert.embeddings.position_ids"] = torch.arange(24, dtype=torch.int64).view(1, -1)
    for k, v in w.items():
        sd[k] = v
    sd["cls.predictions.decoder.weight"] = sd["bert.embeddings.word_embeddings.weight"]
    for name, n in (("tiny-f32-bin", 1), ("tiny-f32-sharded", 3)):
        folder = os.path.join(bert, name)
        fresh(folder)
        for f in ("config.json", "vocab.txt", "tokenizer_config.json"):
            shutil.copy(os.path.join(src, f), folder)
        if n == 1:
            save_bin(os.path.join(folder, "pytorch_model.bin"), sd)
        else:
            # sharded, the tied decoder is left out (save_pretrained drops
            # tied keys), as a shard cannot share another shard's storage
            write_bin_shards(folder, collections.OrderedDict(
                (k, v) for k, v in sd.items() if k != "cls.predictions.decoder.weight"), n)
    src = os.path.join(bert, "tiny-f16")
    folder = os.path.join(bert, "tiny-f16-sharded")
    fresh(folder)
    for f in ("config.json", "vocab.txt", "tokenizer_config.json"):
        shutil.copy(os.path.join(src, f), folder)
    write_st_shards(folder, read_safetensors(os.path.join(src, "model.safetensors")), 2)
    bad_files()


# ---- malformed checkpoints ----

def op_str(s):
    b = s.encode()
    return b"X" + struct.pack("<I", len(b)) + b


def zip_ckpt(path, pkl, storages=(), top="archive", byteorder=b"little",
             method=zipfile.ZIP_STORED):
    """A zip laid out as torch.save's: TOP/data.pkl, TOP/data/KEY, version."""
    def entry(z, name, data):
        # a fixed date, so that the bytes are the same on every run
        z.writestr(zipfile.ZipInfo(top + "/" + name, (1980, 1, 1, 0, 0, 0)), data,
                   compress_type=method)
    with zipfile.ZipFile(path, "w") as z:
        entry(z, "data.pkl", pkl)
        for key, raw in storages:
            entry(z, "data/" + key, raw)
        entry(z, "version", b"3\n")
        if byteorder is not None:
            entry(z, "byteorder", byteorder)


def tensor_pickle(numel=4, size=(4,), stride=(1,), storage="FloatStorage"):
    """An OrderedDict {"w": _rebuild_tensor_v2(storage '0', 0, size, stride)}."""
    def ints(xs):
        out = b"("
        for x in xs:
            out += b"\x8a\x08" + struct.pack("<q", x)
        return out + b"t"
    return (b"\x80\x02" + b"ccollections\nOrderedDict\n)R("
            + op_str("w")
            + b"ctorch._utils\n_rebuild_tensor_v2\n("
            + b"(" + op_str("storage") + b"ctorch\n" + storage.encode() + b"\n"
            + op_str("0") + op_str("cpu") + b"\x8a\x08" + struct.pack("<q", numel)
            + b"tQ" + b"K\x00" + ints(size) + ints(stride) + b"\x89"
            + b"ccollections\nOrderedDict\n)R" + b"tR" + b"u.")


def bad_files():
    f4 = struct.pack("<4f", 1, 2, 3, 4)
    w = lambda name: os.path.join(BAD, name)
    # a shell command as a global: refused at GLOBAL
    zip_ckpt(w("pt-global-os-system.bin"),
             b"\x80\x02cos\nsystem\n" + op_str("echo pwned") + b"\x85R.")
    # builtins.eval through STACK_GLOBAL, then REDUCE
    zip_ckpt(w("pt-reduce-eval.bin"),
             b"\x80\x04" + b"\x8c\x08builtins" + b"\x8c\x04eval" + b"\x93"
             + b"\x8c\x0d__import__(1)" + b"\x85R.")
    # an accepted global applied as a function it is not
    zip_ckpt(w("pt-reduce-storage.bin"),
             b"\x80\x02ctorch\nFloatStorage\n)R.")
    # INST (protocol 0 object creation)
    zip_ckpt(w("pt-inst.bin"), b"\x80\x02(ios\nsystem\n.")
    # an opcode pickle does not have
    zip_ckpt(w("pt-unknown-opcode.bin"), b"\x80\x02ccollections\nOrderedDict\n\xff.")
    # a pickle without STOP
    good = tensor_pickle()
    zip_ckpt(w("pt-no-stop.bin"), good[:len(good) // 2], [("0", f4)])
    # sizes that lie
    zip_ckpt(w("pt-huge-storage.bin"), tensor_pickle(numel=1 << 62), [("0", f4)])
    zip_ckpt(w("pt-huge-tensor.bin"),
             tensor_pickle(size=(1 << 30, 1 << 30), stride=(1 << 30, 1)), [("0", f4)])
    zip_ckpt(w("pt-overflow-tensor.bin"),
             tensor_pickle(size=(1 << 40, 1 << 40), stride=(1 << 40, 1)), [("0", f4)])
    zip_ckpt(w("pt-past-storage.bin"), tensor_pickle(size=(2, 2), stride=(3, 1)),
             [("0", f4)])
    # a storage key with no entry
    zip_ckpt(w("pt-missing-storage.bin"), tensor_pickle(), [])
    # big-endian storages
    zip_ckpt(w("pt-big-endian.bin"), tensor_pickle(), [("0", f4)], byteorder=b"big")
    # compressed entries
    zip_ckpt(w("pt-compressed.bin"), tensor_pickle(), [("0", f4 * 64)],
             method=zipfile.ZIP_DEFLATED)
    # a real checkpoint cut in half (no end record)
    with open(os.path.join(OUT, "state.bin"), "rb") as f:
        whole = f.read()
    with open(w("pt-truncated.bin"), "wb") as f:
        f.write(whole[:len(whole) // 2])
    # a central directory larger than the file
    buf = io.BytesIO()
    zip_ckpt(buf, tensor_pickle(), [("0", f4)])
    raw = bytearray(buf.getvalue())
    end = raw.rfind(b"PK\x05\x06")
    raw[end + 12:end + 16] = struct.pack("<I", 0x7fffffff)
    with open(w("pt-bad-central.bin"), "wb") as f:
        f.write(raw)
    # the legacy format (its storage keys are object ids, so its bytes
    # change from run to run) and a tar
    torch.save({"w": torch.ones(2)}, w("pt-legacy.bin"),
               _use_new_zipfile_serialization=False)
    with tarfile.open(w("pt-tar.bin"), "w", format=tarfile.USTAR_FORMAT) as t:
        info = tarfile.TarInfo("pickle")
        info.size = 4
        t.addfile(info, io.BytesIO(b"\x80\x02N."))
    # a training checkpoint, not a state dict
    torch.save({"model": {"w": torch.ones(2)}, "epoch": 3}, w("pt-not-state-dict.bin"))
    # a BERT folder whose pytorch_model.bin fails after a tensor is built
    folder = w("pt-folder")
    fresh(folder)
    for f in ("config.json", "vocab.txt"):
        shutil.copy(os.path.join(DATA, "bert", "tiny-f32", f), folder)
    shutil.copy(w("pt-past-storage.bin"), os.path.join(folder, "pytorch_model.bin"))


# ---- the benchmark's files ----

def bench(folder):
    """model.safetensors (from tests/gen-bert-reference.py --bench) and a
    pytorch_model.bin of the same tensors, in folder."""
    st = os.path.join(folder, "model.safetensors")
    if not os.path.exists(st):
        subprocess.check_call([sys.executable,
                               os.path.join(HERE, "gen-bert-reference.py"),
                               "--bench", folder])
    sd = read_safetensors(st)
    save_bin(os.path.join(folder, "pytorch_model.bin"), sd)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--bench"]:
        bench(sys.argv[2])
    else:
        fixtures()
