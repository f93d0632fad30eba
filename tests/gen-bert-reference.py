#!/usr/bin/python3
"""gen-bert-reference.py - small random BERT fixtures and their reference outputs.

Writes, under tests/data/bert/:

  tiny-f32/   2 layers, hidden 32, 4 heads, FF 64; F32; names with "bert.";
              masked-LM head (decoder tied to the word embeddings), NSP head,
              pooler; LayerNorm weight/bias
  tiny-f16/   1 layer, hidden 48, 3 heads, FF 80; F16; names without a
              prefix; LayerNorm gamma/beta; pooler only; one unknown tensor
  tiny-bf16/  3 layers, hidden 16, 2 heads, FF 24; BF16; "bert."; masked-LM
              head with its own decoder weight and decoder.bias, no NSP;
              hidden_act gelu_new (the tanh approximation)
  reference.json
              for a few token sequences per model: the hidden states of every
              layer, the attention probabilities of every layer and head,
              the pooled output, the MLM probabilities at every position and
              the NSP probabilities, computed here in float32 with plain torch
              operations from the stored (rounded) weights

Each folder has config.json, vocab.txt (a small made-up vocabulary),
tokenizer_config.json and model.safetensors, written with struct and json
only (no transformers, no safetensors package). tests/check_bert.c compares
vecscope's forward pass with reference.json.

The forward pass below is written from the BERT paper and the architecture
notes in FORMATS.md section 5 (post-LayerNorm blocks, erf GELU, tanh pooler).

Run with Debian's python3 (python3-torch, python3-numpy):
    /usr/bin/python3 tests/gen-bert-reference.py            # fixtures
    /usr/bin/python3 tests/gen-bert-reference.py --bench DIR  # a bert-base-
        shaped random F32 folder in DIR (not committed: 440 MB)
    /usr/bin/python3 tests/gen-bert-reference.py --time DIR [--threads N]
        # torch's forward latency on DIR for 128 tokens
"""

import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data", "bert")

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
         ".", ",", "!", "?", "'", "the", "a", "cat", "dog", "sat", "on",
         "mat", "ran", "to", "house", "and", "in", "garden", "bank", "river",
         "money", "king", "queen", "man", "woman", "old", "new", "big",
         "small", "red", "blue", "walk", "run", "play", "read", "book",
         "##s", "##ed", "##ing", "##er", "##ly", "un", "##able", "##ness",
         "tree", "bird", "sing", "sun", "moon", "day", "night", "good", "bad",
         "he", "she", "it", "was", "is", "of", "for", "with", "at", "by",
         "from", "up", "down", "out", "over", "under", "into", "door",
         "window", "room", "table", "chair"]

DTYPE_NAME = {torch.float32: "F32", torch.float16: "F16",
              torch.bfloat16: "BF16"}


def write_safetensors(path, tensors, dtype):
    """tensors: list of (name, float32 tensor); stored as dtype."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors:
        raw = t.detach().to(dtype).contiguous()
        if dtype == torch.bfloat16:
            data = raw.view(torch.int16).numpy().astype("<i2").tobytes()
        else:
            data = raw.numpy().astype(raw.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": DTYPE_NAME[dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt", "written_by": "gen-bert-reference.py"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)  # keep the data 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def make_weights(cfg, gen, mlm, mlm_untied, nsp):
    """Random weights, named as Hugging Face's BertForPreTraining (no prefix)."""
    H, I, V = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]

    def n(*shape, std=1.0, mean=0.0):
        return torch.randn(*shape, generator=gen) * std + mean

    w = {}
    w["embeddings.word_embeddings.weight"] = n(V, H)
    w["embeddings.position_embeddings.weight"] = n(cfg["max_position_embeddings"], H, std=0.5)
    w["embeddings.token_type_embeddings.weight"] = n(cfg["type_vocab_size"], H, std=0.5)
    w["embeddings.LayerNorm.weight"] = n(H, std=0.1, mean=1.0)
    w["embeddings.LayerNorm.bias"] = n(H, std=0.1)
    lin = lambda o, i: (n(o, i, std=1.5 / math.sqrt(i)), n(o, std=0.1))
    for l in range(cfg["num_hidden_layers"]):
        p = "encoder.layer.%d." % l
        for part, (o, i) in (("attention.self.query", (H, H)),
                             ("attention.self.key", (H, H)),
                             ("attention.self.value", (H, H)),
                             ("attention.output.dense", (H, H)),
                             ("intermediate.dense", (I, H)),
                             ("output.dense", (H, I))):
            w[p + part + ".weight"], w[p + part + ".bias"] = lin(o, i)
        for part in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[p + part + ".weight"] = n(H, std=0.1, mean=1.0)
            w[p + part + ".bias"] = n(H, std=0.1)
    w["pooler.dense.weight"], w["pooler.dense.bias"] = lin(H, H)
    if mlm:
        w["cls.predictions.transform.dense.weight"], \
            w["cls.predictions.transform.dense.bias"] = lin(H, H)
        w["cls.predictions.transform.LayerNorm.weight"] = n(H, std=0.1, mean=1.0)
        w["cls.predictions.transform.LayerNorm.bias"] = n(H, std=0.1)
        w["cls.predictions.bias"] = n(V, std=0.5)
        if mlm_untied:
            w["cls.predictions.decoder.weight"] = n(V, H)
            w["cls.predictions.decoder.bias"] = w["cls.predictions.bias"]
    if nsp:
        w["cls.seq_relationship.weight"], w["cls.seq_relationship.bias"] = lin(2, H)
    return w


def forward(w, cfg, ids, types, heads_too=True):
    """The reference pass, float32 torch ops. Returns a dict of outputs."""
    H, A = cfg["hidden_size"], cfg["num_attention_heads"]
    d, eps = H // A, cfg.get("layer_norm_eps", 1e-12)
    act = cfg.get("hidden_act", "gelu")
    gelu = (lambda x: F.gelu(x)) if act == "gelu" else \
        (lambda x: F.gelu(x, approximate="tanh"))
    ln = lambda x, p: F.layer_norm(x, (H,), w[p + ".weight"], w[p + ".bias"], eps)
    lin = lambda x, p: F.linear(x, w[p + ".weight"], w[p + ".bias"])
    n = len(ids)
    ids_t, types_t = torch.tensor(ids), torch.tensor(types)

    # embeddings: word + position + token type, then LayerNorm
    x = (w["embeddings.word_embeddings.weight"][ids_t]
         + w["embeddings.position_embeddings.weight"][:n]
         + w["embeddings.token_type_embeddings.weight"][types_t])
    x = ln(x, "embeddings.LayerNorm")
    hidden, attn = [x], []
    for l in range(cfg["num_hidden_layers"]):
        p = "encoder.layer.%d." % l
        # (n, H) -> (A, n, d)
        heads = lambda t: t.view(n, A, d).transpose(0, 1)
        q = heads(lin(x, p + "attention.self.query"))
        k = heads(lin(x, p + "attention.self.key"))
        v = heads(lin(x, p + "attention.self.value"))
        probs = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(d), dim=-1)  # (A, n, n)
        attn.append(probs)
        ctx = (probs @ v).transpose(0, 1).reshape(n, H)
        a = ln(lin(ctx, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        mid = gelu(lin(a, p + "intermediate.dense"))
        x = ln(lin(mid, p + "output.dense") + a, p + "output.LayerNorm")
        hidden.append(x)
    out = {"hidden_states": torch.stack(hidden), "attentions": torch.stack(attn)}
    if not heads_too:
        return out
    if "pooler.dense.weight" in w:
        out["pooled"] = torch.tanh(lin(x[0], "pooler.dense"))
    if "cls.predictions.transform.dense.weight" in w:
        t = ln(gelu(lin(x, "cls.predictions.transform.dense")),
               "cls.predictions.transform.LayerNorm")
        dec = w.get("cls.predictions.decoder.weight",
                    w["embeddings.word_embeddings.weight"])
        out["mlm_probs"] = torch.softmax(t @ dec.T + w["cls.predictions.bias"], dim=-1)
    if "cls.seq_relationship.weight" in w and "pooled" in out:
        out["nsp_probs"] = torch.softmax(lin(out["pooled"], "cls.seq_relationship"), dim=-1)
    return out


def rounded(t, digits=8):
    """Nested lists of floats with `digits` significant digits."""
    return json.loads(json.dumps(t.tolist()),
                      parse_float=lambda s: float("%.*g" % (digits, float(s))))


MODELS = [
    # dir, config overrides, dtype, prefix, layernorm names, heads, extra
    dict(dir="tiny-f32", dtype=torch.float32, prefix="bert.", tf_names=False,
         mlm=True, mlm_untied=False, nsp=True, extra=False, seed=1,
         cfg=dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                  intermediate_size=64, max_position_embeddings=24)),
    dict(dir="tiny-f16", dtype=torch.float16, prefix="", tf_names=True,
         mlm=False, mlm_untied=False, nsp=False, extra=True, seed=2,
         cfg=dict(hidden_size=48, num_hidden_layers=1, num_attention_heads=3,
                  intermediate_size=80, max_position_embeddings=20)),
    dict(dir="tiny-bf16", dtype=torch.bfloat16, prefix="bert.", tf_names=False,
         mlm=True, mlm_untied=True, nsp=False, extra=False, seed=3,
         cfg=dict(hidden_size=16, num_hidden_layers=3, num_attention_heads=2,
                  intermediate_size=24, max_position_embeddings=16,
                  hidden_act="gelu_new", layer_norm_eps=1e-5)),
]


def inputs_for(m, gen):
    """A single sentence, a pair, and one as long as the model allows."""
    P, V = m["cfg"]["max_position_embeddings"], len(VOCAB)
    rnd = lambda k: [5 + int(i) for i in torch.randint(0, V - 5, (k,), generator=gen)]
    single = [2] + rnd(5) + [4] + rnd(2) + [3]
    a, b = rnd(4), rnd(6)
    pair = [2] + a + [3] + b + [3]
    pair_types = [0] * (len(a) + 2) + [1] * (len(b) + 1)
    full = [2] + rnd(P - 2) + [3]
    return [(single, [0] * len(single)), (pair, pair_types), (full, [0] * len(full))]


def build(m):
    cfg = {"architectures": ["BertForPreTraining"], "model_type": "bert",
           "vocab_size": len(VOCAB), "hidden_act": "gelu",
           "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
           "type_vocab_size": 2, "initializer_range": 0.02,
           "layer_norm_eps": 1e-12, "pad_token_id": 0,
           "position_embedding_type": "absolute"}
    cfg.update(m["cfg"])
    gen = torch.Generator().manual_seed(m["seed"])
    w = make_weights(cfg, gen, m["mlm"], m["mlm_untied"], m["nsp"])
    # the reference sees exactly what the file stores
    w = {k: v.to(m["dtype"]).to(torch.float32) for k, v in w.items()}

    folder = os.path.join(OUT, m["dir"])
    os.makedirs(folder, exist_ok=True)
    stored = []
    for name, t in w.items():
        if name == "cls.predictions.decoder.bias" and not m["mlm_untied"]:
            continue
        out = name
        if m["tf_names"]:
            out = out.replace("LayerNorm.weight", "LayerNorm.gamma") \
                     .replace("LayerNorm.bias", "LayerNorm.beta")
        if not name.startswith("cls."):
            out = m["prefix"] + out
        stored.append((out, t))
    if m["extra"]:
        stored.append(("classifier.weight", torch.randn(3, cfg["hidden_size"], generator=gen)))
    write_safetensors(os.path.join(folder, "model.safetensors"), stored, m["dtype"])
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    with open(os.path.join(folder, "vocab.txt"), "w") as f:
        f.write("".join(t + "\n" for t in VOCAB))
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump({"do_lower_case": True,
                   "model_max_length": cfg["max_position_embeddings"]}, f)
        f.write("\n")

    cases = []
    with torch.no_grad():
        for ids, types in inputs_for(m, gen):
            o = forward(w, cfg, ids, types)
            case = {"ids": ids, "types": types,
                    "hidden_states": rounded(o["hidden_states"]),
                    "attentions": rounded(o["attentions"])}
            for k in ("pooled", "mlm_probs", "nsp_probs"):
                case[k] = rounded(o[k]) if k in o else None
            cases.append(case)
    return {"dir": m["dir"], "dtype": DTYPE_NAME[m["dtype"]], "inputs": cases}


def fixtures():
    ref = {"description": "Reference outputs of tests/gen-bert-reference.py: "
                          "float32 torch forward passes over the stored "
                          "weights of the tiny-* folders. hidden_states: "
                          "(layers+1, n, hidden), 0 = embeddings; attentions: "
                          "(layers, heads, n, n), row = query; mlm_probs: "
                          "(n, vocab) softmax; nsp_probs[0] = IsNext.",
           "torch": torch.__version__, "models": [build(m) for m in MODELS]}
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(ref, f, separators=(",", ":"))
        f.write("\n")


def bench_model(folder):
    """A bert-base-shaped folder with random F32 weights."""
    cfg = {"architectures": ["BertForPreTraining"], "model_type": "bert",
           "vocab_size": 30522, "hidden_size": 768, "num_hidden_layers": 12,
           "num_attention_heads": 12, "intermediate_size": 3072,
           "hidden_act": "gelu", "max_position_embeddings": 512,
           "type_vocab_size": 2, "layer_norm_eps": 1e-12, "pad_token_id": 0,
           "position_embedding_type": "absolute"}
    gen = torch.Generator().manual_seed(7)
    w = make_weights(cfg, gen, True, False, True)
    os.makedirs(folder, exist_ok=True)
    write_safetensors(os.path.join(folder, "model.safetensors"),
                      [("bert." + k if not k.startswith("cls.") else k, v)
                       for k, v in w.items()], torch.float32)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    with open(os.path.join(folder, "vocab.txt"), "w") as f:
        f.write("".join(t + "\n" for t in VOCAB[:5]))
        f.write("".join("w%d\n" % i for i in range(5, 30522)))


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    w = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        b, e = v["data_offsets"]
        raw = data[b:e]
        if v["dtype"] == "F16":
            a = np.frombuffer(raw, dtype="<f2").astype(np.float32)
        elif v["dtype"] == "BF16":
            a = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            a = np.frombuffer(raw, dtype="<f4").copy()
        w[k] = torch.from_numpy(a).view(v["shape"])
    return w


def time_model(folder, threads, n=128, reps=10):
    torch.set_num_threads(threads)
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    w = {k[5:] if k.startswith("bert.") else k: v
         for k, v in read_safetensors(os.path.join(folder, "model.safetensors")).items()}
    ids = [2] + [5 + i % 30000 for i in range(n - 2)] + [3]
    types = [0] * n
    with torch.inference_mode():
        forward(w, cfg, ids, types, False)
        best = float("inf")
        t_all = time.perf_counter()
        for _ in range(reps):
            t0 = time.perf_counter()
            forward(w, cfg, ids, types, False)
            best = min(best, time.perf_counter() - t0)
        mean = (time.perf_counter() - t_all) / reps
    print("torch %s, %d thread(s), %d tokens: best of %d = %.1f ms, mean = %.1f ms"
          % (torch.__version__, threads, n, reps, best * 1000, mean * 1000))


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--bench"]:
        bench_model(args[1])
    elif args[:1] == ["--time"]:
        th = int(args[args.index("--threads") + 1]) if "--threads" in args else 1
        time_model(args[1], th)
    else:
        fixtures()
