#!/usr/bin/python3
"""gen-precision-reference.py - how far torch's own dynamic int8
quantization moves an encoder from its float32 pass, for the accuracy test
of vecscope's int8 encoder (check_precision.c holds vecscope's int8 to the
same bounds torch's quantized model reaches).

The models are bench/ref_torch_encoder.py's Hugging Face-style unfused
encoder, in float32 and after
torch.quantization.quantize_dynamic(model, {nn.Linear}, qint8) (8-bit
weights per tensor, each input's activations quantized at run time), on:

  gutenberg-mini   samples/bert-gutenberg-mini on the first 40 lines of
                   tests/data/precision/masked-200.txt, tokenized here as
                   BERT's uncased tokenizer does lower-case text: split at
                   spaces and around each punctuation mark, then WordPiece
                   (longest match first, "##" continuations); the ids
                   are written out and the test checks that vecscope's
                   tokenizer gives the same
  random-base      a bert-base-shaped model (12 layers, hidden 768, 12
                   heads, FF 3072, 1,000 words) drawn here with the scales
                   of check_precision.c's random model (weights normal with
                   std 1.5 / sqrt(fan-in), rounded to bfloat16), on three
                   runs of 128 random tokens: the same kind of model and
                   input as the test's, not the same numbers

For each: the smallest cosine between the two passes' sentence vectors
(the mean of the last hidden state), the largest difference of an attention
weight (every layer, head, query and key) and the fraction of attention
weights that differ by more than 0.01. Writes
tests/data/precision/torch-int8.json.

    /usr/bin/python3 tests/gen-precision-reference.py
"""
import json
import os
import re
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TOP, "bench"))
import ref_torch_encoder as ref  # noqa: E402

SAMPLE = os.path.join(TOP, "samples", "bert-gutenberg-mini")
MASKED = os.path.join(HERE, "data", "precision", "masked-200.txt")
OUT = os.path.join(HERE, "data", "precision", "torch-int8.json")


def wordpiece(word, vocab, unk):
    ids, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                ids.append(vocab[piece])
                break
            end -= 1
        if end == start:
            return [unk]
        start = end
    return ids


def passes(w, cfg, inputs):
    """The float32 and int8 models' sentence vectors and attention."""
    f32 = ref.Unfused(w, cfg).eval()
    q8 = torch.quantization.quantize_dynamic(ref.Unfused(w, cfg).eval(), {nn.Linear},
                                             dtype=torch.qint8)
    stats = {"min_cosine": 1.0, "max_attention_diff": 0.0, "over_0.01": 0, "weights": 0}
    for ids in inputs:
        outs = []
        for m in (f32, q8):
            keep = []
            for layer in m.layers:
                layer.keep = keep
            with torch.inference_mode():
                v = m(torch.tensor(ids))
            outs.append((v, torch.stack(keep)))
        (a, pa), (b, pb) = outs
        d = (pa - pb).abs()
        stats["min_cosine"] = min(stats["min_cosine"], F.cosine_similarity(a, b, dim=0).item())
        stats["max_attention_diff"] = max(stats["max_attention_diff"], d.max().item())
        stats["over_0.01"] += int((d > 0.01).sum().item())
        stats["weights"] += d.numel()
    return stats


def gutenberg():
    with open(os.path.join(SAMPLE, "config.json")) as f:
        cfg = json.load(f)
    w = {k[5:] if k.startswith("bert.") else k: v for k, v in
         ref.load_reader()(os.path.join(SAMPLE, "model.safetensors")).items()}
    with open(os.path.join(SAMPLE, "vocab.txt"), encoding="utf-8") as f:
        vocab = {line.rstrip("\n"): i for i, line in enumerate(f)}
    with open(MASKED, encoding="utf-8") as f:
        lines = [line.split() for line in f][:40]
    inputs = []
    for words in lines:
        ids = [vocab["[CLS]"]]
        for word in words:
            if word == "[MASK]":
                ids.append(vocab[word])
                continue
            for piece in re.findall(r"\w+|[^\w\s]", word):
                ids += wordpiece(piece, vocab, vocab["[UNK]"])
        inputs.append(ids + [vocab["[SEP]"]])
    stats = passes(w, cfg, inputs)
    stats["ids"] = inputs
    return stats


def random_base():
    H, I, L, V, P = 768, 3072, 12, 1000, 512
    g = torch.Generator().manual_seed(768)

    def normal(shape, mean, std):
        return (mean + std * torch.randn(shape, generator=g)).bfloat16().float()

    w = {"embeddings.word_embeddings.weight": normal((V, H), 0.0, 1.0),
         "embeddings.position_embeddings.weight": normal((P, H), 0.0, 0.5),
         "embeddings.token_type_embeddings.weight": normal((2, H), 0.0, 0.5),
         "embeddings.LayerNorm.weight": normal((H,), 1.0, 0.1),
         "embeddings.LayerNorm.bias": normal((H,), 0.0, 0.1)}
    for l in range(L):
        p = "encoder.layer.%d." % l
        for name, out, inp in (("attention.self.query", H, H), ("attention.self.key", H, H),
                               ("attention.self.value", H, H),
                               ("attention.output.dense", H, H),
                               ("intermediate.dense", I, H), ("output.dense", H, I)):
            w[p + name + ".weight"] = normal((out, inp), 0.0, 1.5 / inp ** 0.5)
            w[p + name + ".bias"] = normal((out,), 0.0, 0.1)
        for name in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[p + name + ".weight"] = normal((H,), 1.0, 0.1)
            w[p + name + ".bias"] = normal((H,), 0.0, 0.1)
    cfg = {"num_attention_heads": 12, "num_hidden_layers": L}
    inputs = [[2] + torch.randint(5, V, (126,), generator=g).tolist() + [3] for _ in range(3)]
    return passes(w, cfg, inputs)


def main():
    torch.set_num_threads(1)
    out = {"torch": torch.__version__, "engine": torch.backends.quantized.engine,
           "gutenberg-mini": gutenberg(), "random-base": random_base()}
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for k in ("gutenberg-mini", "random-base"):
        s = out[k]
        print("%s: min cosine %.6f, max attention diff %.4f, %d of %d weights over 0.01"
              % (k, s["min_cosine"], s["max_attention_diff"], s["over_0.01"], s["weights"]))
    print("wrote %s" % OUT)


if __name__ == "__main__":
    main()
