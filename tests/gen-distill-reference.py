#!/usr/bin/python3
"""gen-distill-reference.py - reference vectors for `distill` (static word
vectors from an encoder), computed with PyTorch.

For each case below it writes tests/ref/distill-NAME.vec, word2vec text
("COUNT DIM", then "WORD V1 .. VDIM" with %.9g), which tests/check_distill.c
compares with vecscope's vs_distill (vocabulary and order the same, every
component within 1e-4):

  tiny-last     tests/data/bert/tiny-f32 on tests/data/distill/tiny.txt, the
                last hidden state, the mean of a word's pieces, min-count 1
  tiny-avg      the same, the mean of hidden states 0..2, the first piece,
                min-count 2
  tiny-l1       hidden state 1, the 12 most frequent words
  tiny-l0       hidden state 0 (the embeddings' output)
  mini          samples/bert-gutenberg-mini on tests/data/distill/alice-40.txt
                (the first 40 lines of tests/data/train/alice-120.txt), the
                last hidden state, mean, min-count 2, the 40 most frequent words

tiny.txt's long lines exceed tiny-f32's 24 positions and five of alice-40's
lines exceed the mini model's 128, so both read lines in windows.

What comes from where:
  - the pieces, their ids, byte offsets and word numbers: the Hugging Face
    `tokenizers` library (its Node binding, run as a child process) with the
    tokenizer.json that BertTokenizerFast builds from vocab.txt (BertNormalizer
    with lower-casing, BertPreTokenizer, WordPiece, [CLS] $A [SEP]);
  - the hidden states: a float32 PyTorch forward pass (torch.nn.functional)
    over the stored weights (F16 weights converted to float32);
  - the corpus words: Python's re, [^\\W_]+(?:'[^\\W_]+)* over the line with
    U+2018/U+2019 read as ', lower-cased with str.lower();
  - the windows and the choice of window (distill.h): written again here from
    their description.

Run with Debian's python3 (python3-torch, python3-numpy) and the tokenizers
library installed in a scratch folder outside the tree:
    (mkdir -p /tmp/tokref && cd /tmp/tokref && npm install tokenizers)
    TOKREF=/tmp/tokref/node_modules /usr/bin/python3 tests/gen-distill-reference.py
"""

import json
import math
import os
import re
import struct
import subprocess
import sys
import tempfile
from collections import Counter

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
TOKREF = os.environ.get("TOKREF", "/tmp/tokref/node_modules")
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

CASES = [
    # name, model folder, corpus, layer ("last", "avg" or a number), pool, min count, max words
    ("tiny-last", "tests/data/bert/tiny-f32", "tests/data/distill/tiny.txt", "last", "mean", 1, 0),
    ("tiny-avg", "tests/data/bert/tiny-f32", "tests/data/distill/tiny.txt", "avg", "first", 2, 0),
    ("tiny-l1", "tests/data/bert/tiny-f32", "tests/data/distill/tiny.txt", 1, "mean", 1, 12),
    ("tiny-l0", "tests/data/bert/tiny-f32", "tests/data/distill/tiny.txt", 0, "mean", 1, 0),
    ("mini", "samples/bert-gutenberg-mini", "tests/data/distill/alice-40.txt", "last", "mean", 2,
     40),
]

NODE_SCRIPT = r"""
const tk = require('tokenizers');
const fs = require('fs');
const [tokfile, linesfile] = process.argv.slice(2);
const lines = JSON.parse(fs.readFileSync(linesfile, 'utf8'));
function byteOffsets(text, offsets) {
  const at = [0];
  for (const ch of text) at.push(at[at.length - 1] + Buffer.byteLength(ch));
  return offsets.map(([s, e]) => [at[s], at[e]]);
}
(async () => {
  const t = tk.Tokenizer.fromFile(tokfile);
  const out = [];
  for (const line of lines) {
    const e = await t.encode(line);
    out.push({ids: e.getIds(), offsets: byteOffsets(line, e.getOffsets()),
              words: e.getWordIds().map((w) => (w === null || w === undefined ? -1 : w))});
  }
  process.stdout.write(JSON.stringify(out));
})();
"""


def tokenizer_json(vocab):
    """The tokenizer.json BertTokenizerFast makes of a vocab.txt (lower-case)."""
    special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    ids = {w: i for i, w in enumerate(vocab)}
    added = [{"id": ids[s], "content": s, "single_word": False, "lstrip": False,
              "rstrip": False, "normalized": False, "special": True} for s in special]
    tmpl = lambda name: {"SpecialToken": {"id": name, "type_id": 0}}
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": {"type": "BertNormalizer", "clean_text": True,
                       "handle_chinese_chars": True, "strip_accents": None,
                       "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [tmpl("[CLS]"), {"Sequence": {"id": "A", "type_id": 0}}, tmpl("[SEP]")],
            "pair": [tmpl("[CLS]"), {"Sequence": {"id": "A", "type_id": 0}}, tmpl("[SEP]"),
                     {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {s: {"id": s, "ids": [ids[s]], "tokens": [s]}
                               for s in ("[CLS]", "[SEP]")}},
        "decoder": None,
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": ids},
    }


def encode_lines(folder, lines):
    vocab = open(os.path.join(TOP, folder, "vocab.txt"), encoding="utf-8").read().split("\n")
    if vocab and vocab[-1] == "":
        vocab.pop()
    with tempfile.TemporaryDirectory() as d:
        tok, inp, js = (os.path.join(d, n) for n in ("tokenizer.json", "lines.json", "enc.js"))
        json.dump(tokenizer_json(vocab), open(tok, "w"))
        json.dump(lines, open(inp, "w"))
        open(js, "w").write(NODE_SCRIPT)
        env = dict(os.environ, NODE_PATH=TOKREF)
        out = subprocess.run(["node", js, tok, inp], env=env, check=True,
                             capture_output=True).stdout
    return json.loads(out)


def read_safetensors(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    dt = {"F32": np.float32, "F16": np.float16}
    out = {}
    for name, v in header.items():
        if name == "__metadata__":
            continue
        s, e = v["data_offsets"]
        a = np.frombuffer(raw[8 + n + s:8 + n + e], dtype=dt[v["dtype"]]).astype(np.float32)
        key = name[len("bert."):] if name.startswith("bert.") else name
        out[key] = torch.from_numpy(a.reshape(v["shape"]).copy())
    return out


def hidden_states(w, cfg, ids):
    """(L + 1, n, H): BERT's hidden states over one sequence, float32."""
    H, A = cfg["hidden_size"], cfg["num_attention_heads"]
    d, eps = H // A, cfg.get("layer_norm_eps", 1e-12)
    ln = lambda x, p: F.layer_norm(x, (H,), w[p + ".weight"], w[p + ".bias"], eps)
    lin = lambda x, p: F.linear(x, w[p + ".weight"], w[p + ".bias"])
    n = len(ids)
    x = (w["embeddings.word_embeddings.weight"][torch.tensor(ids)]
         + w["embeddings.position_embeddings.weight"][:n]
         + w["embeddings.token_type_embeddings.weight"][0])
    x = ln(x, "embeddings.LayerNorm")
    hs = [x]
    for l in range(cfg["num_hidden_layers"]):
        p = "encoder.layer.%d." % l
        heads = lambda t: t.view(n, A, d).transpose(0, 1)
        q = heads(lin(x, p + "attention.self.query"))
        k = heads(lin(x, p + "attention.self.key"))
        v = heads(lin(x, p + "attention.self.value"))
        probs = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(d), dim=-1)
        ctx = (probs @ v).transpose(0, 1).reshape(n, H)
        a = ln(lin(ctx, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        x = ln(lin(F.gelu(lin(a, p + "intermediate.dense")), p + "output.dense") + a,
               p + "output.LayerNorm")
        hs.append(x)
    return torch.stack(hs)


def corpus_words(line):
    """(word, byte start, byte end) of each word of line."""
    text = line.replace("\u2018", "'").replace("\u2019", "'")
    at = [0]
    for ch in line:
        at.append(at[-1] + len(ch.encode("utf-8")))
    return [(m.group().lower(), at[m.start()], at[m.end()]) for m in WORD.finditer(text)]


def windows(cut_ok, n, mx):
    """The windows [s, e) of n pieces (distill.h)."""
    if n <= mx:
        return [(0, n)]
    out, s = [], 0
    while True:
        if n - s <= mx:
            e = n
        else:
            e = s + mx
            while e > s and not cut_ok[e]:
                e -= 1
            if e == s:
                e = s + mx
        out.append((s, e))
        if e == n:
            return out
        i = s + max(mx // 2, 1)
        while i < e and not cut_ok[i]:
            i += 1
        s = min(i, e)


def distill(folder, corpus, layer, pool, min_count, max_words):
    cfg = json.load(open(os.path.join(TOP, folder, "config.json")))
    w = read_safetensors(os.path.join(TOP, folder, "model.safetensors"))
    L, H, maxpos = cfg["num_hidden_layers"], cfg["hidden_size"], cfg["max_position_embeddings"]
    lines = open(os.path.join(TOP, corpus), encoding="utf-8").read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()

    # the words kept: by count, then first appearance (Counter keeps that order)
    counts = Counter(wd for line in lines for wd, _, _ in corpus_words(line))
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])  # stable: first seen first
    kept = [wd for wd, c in ranked if c >= min_count]
    if max_words:
        kept = kept[:max_words]
    index = {wd: i for i, wd in enumerate(kept)}
    sums = np.zeros((len(kept), H), dtype=np.float64)
    used = np.zeros(len(kept), dtype=np.int64)
    layers = list(range(L + 1)) if layer == "avg" else [L if layer == "last" else layer]

    encoded = encode_lines(folder, lines)
    long_lines = 0
    for line, enc in zip(lines, encoded):
        words = corpus_words(line)
        if not any(wd in index for wd, _, _ in words):
            continue
        ids, offs, wid = enc["ids"], enc["offsets"], enc["words"]
        pre = 0
        while pre < len(ids) and wid[pre] < 0:
            pre += 1
        suf = 0
        while suf < len(ids) - pre and wid[len(ids) - 1 - suf] < 0:
            suf += 1
        P = len(ids) - pre - suf
        if P == 0:
            continue
        piece = lambda i: offs[pre + i]
        # each word's pieces: those overlapping its bytes
        spans = []
        for wd, s, e in words:
            pieces = [i for i in range(P) if piece(i)[0] < e and piece(i)[1] > s]
            a, b = (pieces[0], pieces[-1] + 1) if pieces else (0, 0)
            assert pieces == list(range(a, b))
            spans.append((wd, a, b))
        cut_ok = [i == 0 or wid[pre + i] != wid[pre + i - 1] for i in range(P)]
        for _, a, b in spans:
            for i in range(a + 1, b):
                cut_ok[i] = False
        wins = windows(cut_ok, P, maxpos - pre - suf)
        long_lines += len(wins) > 1
        states = {}
        for wd, a, b in spans:
            if wd not in index or b == a:
                continue
            # the window with the most context on the shorter side
            best, bctx = None, -1
            for k, (s, e) in enumerate(wins):
                if s <= a and b <= e and min(a - s, e - b) > bctx:
                    best, bctx = k, min(a - s, e - b)
            assert best is not None
            s, e = wins[best]
            if best not in states:
                seq = ids[:pre] + ids[pre + s:pre + e] + ids[len(ids) - suf:]
                states[best] = hidden_states(w, cfg, seq)
            hs = states[best]
            rows = range(pre + a - s, pre + a - s + (1 if pool == "first" else b - a))
            v = torch.stack([hs[l][list(rows)].mean(0) for l in layers]).mean(0)
            sums[index[wd]] += v.double().numpy()
            used[index[wd]] += 1
    keep = [i for i in range(len(kept)) if used[i] > 0]
    vecs = sums[keep] / used[keep][:, None]
    return [kept[i] for i in keep], vecs.astype(np.float32), long_lines


def main():
    torch.set_grad_enabled(False)
    for name, folder, corpus, layer, pool, mc, mw in CASES:
        words, vecs, long_lines = distill(folder, corpus, layer, pool, mc, mw)
        path = os.path.join(HERE, "ref", "distill-%s.vec" % name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("%d %d\n" % vecs.shape)
            for wd, v in zip(words, vecs):
                f.write(wd + " " + " ".join("%.9g" % x for x in v) + "\n")
        print("%s: %d words x %d, %d lines in windows" % (path, len(words), vecs.shape[1],
                                                           long_lines), file=sys.stderr)


if __name__ == "__main__":
    main()
