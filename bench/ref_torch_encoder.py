#!/usr/bin/python3
"""ref_torch_encoder.py - torch 1.13's bert-base forward three ways, timed
at one thread, for bench_precision.py (issue 18).

    ref_torch_encoder.py DIR [--tokens 128] [--reps 10] [--only fused,unfused,int8]

DIR is a bert-base-shaped folder (tests/gen-bert-reference.py --bench);
its F32 weights are read and loaded into:

  fused    nn.TransformerEncoder of nn.TransformerEncoderLayer (batch_first,
           post-LayerNorm, GELU, eval, inference_mode): torch's fused
           encoder fast path (torch._transformer_encoder_layer_fwd; the
           script checks that it runs)
  unfused  a Hugging Face-style BertLayer of nn.Linear, nn.LayerNorm and
           matmul/softmax, the same maths as vecscope's pass
  int8     the unfused model after
           torch.quantization.quantize_dynamic(model, {nn.Linear}, qint8):
           8-bit weights per tensor, activations quantized at run time (the
           quantized engine torch picks: fbgemm, or onednn where fbgemm is
           not built, as in Debian's torch)

each with the embeddings (word + position + type, LayerNorm) before and the
mean of the last hidden state after, as vecscope's `embed` does. Prints,
per model, the mean wall and CPU (time.process_time) milliseconds of a
forward over `reps` forwards after two warm-ups:

    fused: mean = 271.3 ms, cpu mean = 270.9 ms
"""
import argparse
import importlib.util
import json
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_reader():
    spec = importlib.util.spec_from_file_location(
        "genbert", os.path.join(TOP, "tests", "gen-bert-reference.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.read_safetensors


class Embeddings(nn.Module):
    def __init__(self, w):
        super().__init__()
        self.word = w["embeddings.word_embeddings.weight"]
        self.pos = w["embeddings.position_embeddings.weight"]
        self.typ = w["embeddings.token_type_embeddings.weight"]
        self.ln = nn.LayerNorm(self.word.shape[1], eps=1e-12)
        self.ln.weight.data = w["embeddings.LayerNorm.weight"]
        self.ln.bias.data = w["embeddings.LayerNorm.bias"]

    def forward(self, ids):
        n = ids.shape[0]
        return self.ln(self.word[ids] + self.pos[:n] + self.typ[0])


def linear(w, name):
    out, inp = w[name + ".weight"].shape
    m = nn.Linear(inp, out)
    m.weight.data = w[name + ".weight"].clone()
    m.bias.data = w[name + ".bias"].clone()
    return m


class Layer(nn.Module):
    """Hugging Face's BertLayer, unfused: x (n, H) -> (n, H)."""

    def __init__(self, w, p, heads):
        super().__init__()
        self.heads = heads
        self.keep = None    # a list to append each pass's attention (A, n, n) to
        self.q = linear(w, p + "attention.self.query")
        self.k = linear(w, p + "attention.self.key")
        self.v = linear(w, p + "attention.self.value")
        self.o = linear(w, p + "attention.output.dense")
        self.i = linear(w, p + "intermediate.dense")
        self.f = linear(w, p + "output.dense")
        H = self.q.weight.shape[0]
        self.ln1 = nn.LayerNorm(H, eps=1e-12)
        self.ln1.weight.data = w[p + "attention.output.LayerNorm.weight"]
        self.ln1.bias.data = w[p + "attention.output.LayerNorm.bias"]
        self.ln2 = nn.LayerNorm(H, eps=1e-12)
        self.ln2.weight.data = w[p + "output.LayerNorm.weight"]
        self.ln2.bias.data = w[p + "output.LayerNorm.bias"]

    def forward(self, x):
        n, H = x.shape
        A = self.heads
        d = H // A
        q = self.q(x).view(n, A, d).transpose(0, 1)
        k = self.k(x).view(n, A, d).transpose(0, 1)
        v = self.v(x).view(n, A, d).transpose(0, 1)
        p = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(d), dim=-1)
        if self.keep is not None:
            self.keep.append(p)
        c = (p @ v).transpose(0, 1).reshape(n, H)
        a = self.ln1(self.o(c) + x)
        return self.ln2(self.f(F.gelu(self.i(a))) + a)


class Unfused(nn.Module):
    def __init__(self, w, cfg):
        super().__init__()
        self.emb = Embeddings(w)
        self.layers = nn.ModuleList(
            Layer(w, "encoder.layer.%d." % l, cfg["num_attention_heads"])
            for l in range(cfg["num_hidden_layers"]))

    def forward(self, ids):
        x = self.emb(ids)
        for layer in self.layers:
            x = layer(x)
        return x.mean(dim=0)


class Fused(nn.Module):
    def __init__(self, w, cfg):
        super().__init__()
        H, A = cfg["hidden_size"], cfg["num_attention_heads"]
        self.emb = Embeddings(w)
        one = nn.TransformerEncoderLayer(H, A, cfg["intermediate_size"], dropout=0.0,
                                         activation="gelu", layer_norm_eps=1e-12,
                                         batch_first=True, norm_first=False)
        self.enc = nn.TransformerEncoder(one, cfg["num_hidden_layers"],
                                         enable_nested_tensor=False)
        for l, t in enumerate(self.enc.layers):
            p = "encoder.layer.%d." % l
            sa = t.self_attn
            sa.in_proj_weight.data = torch.cat([w[p + "attention.self.%s.weight" % s]
                                                for s in ("query", "key", "value")])
            sa.in_proj_bias.data = torch.cat([w[p + "attention.self.%s.bias" % s]
                                              for s in ("query", "key", "value")])
            sa.out_proj.weight.data = w[p + "attention.output.dense.weight"]
            sa.out_proj.bias.data = w[p + "attention.output.dense.bias"]
            t.linear1.weight.data = w[p + "intermediate.dense.weight"]
            t.linear1.bias.data = w[p + "intermediate.dense.bias"]
            t.linear2.weight.data = w[p + "output.dense.weight"]
            t.linear2.bias.data = w[p + "output.dense.bias"]
            t.norm1.weight.data = w[p + "attention.output.LayerNorm.weight"]
            t.norm1.bias.data = w[p + "attention.output.LayerNorm.bias"]
            t.norm2.weight.data = w[p + "output.LayerNorm.weight"]
            t.norm2.bias.data = w[p + "output.LayerNorm.bias"]

    def forward(self, ids):
        return self.enc(self.emb(ids).unsqueeze(0))[0].mean(dim=0)


def fast_path_runs(model, ids):
    """Whether the fused layers go through torch's fast path."""
    calls = [0]
    real = torch._transformer_encoder_layer_fwd

    def counting(*a, **k):
        calls[0] += 1
        return real(*a, **k)
    torch._transformer_encoder_layer_fwd = counting
    try:
        model(ids)
    finally:
        torch._transformer_encoder_layer_fwd = real
    return calls[0] > 0


def timed(model, ids, reps):
    model(ids)
    model(ids)
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in range(reps):
        model(ids)
    return ((time.perf_counter() - w0) / reps * 1000,
            (time.process_time() - c0) / reps * 1000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--tokens", type=int, default=128)
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--only", default="fused,unfused,int8")
    args = ap.parse_args()
    torch.set_num_threads(1)
    with open(os.path.join(args.dir, "config.json")) as f:
        cfg = json.load(f)
    w = {k[5:] if k.startswith("bert.") else k: v
         for k, v in load_reader()(os.path.join(args.dir, "model.safetensors")).items()}
    n = args.tokens
    ids = torch.tensor([2] + [5 + i % 30000 for i in range(n - 2)] + [3])
    for what in args.only.split(","):
        # the models are made outside inference mode, and run inside it
        if what == "fused":
            m = Fused(w, cfg).eval()
        elif what == "unfused":
            m = Unfused(w, cfg).eval()
        elif what == "int8":
            m = torch.quantization.quantize_dynamic(Unfused(w, cfg).eval(),
                                                    {nn.Linear}, dtype=torch.qint8)
        else:
            print("unknown model %s" % what, file=sys.stderr)
            return 2
        with torch.inference_mode():
            if what == "fused" and not fast_path_runs(m, ids):
                print("fused: the fast path did not run", file=sys.stderr)
                return 1
            wall, cpu = timed(m, ids, args.reps)
        print("%s: mean = %.1f ms, cpu mean = %.1f ms" % (what, wall, cpu), flush=True)
    print("torch %s, engine %s, 1 thread, %d tokens"
          % (torch.__version__, torch.backends.quantized.engine, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
