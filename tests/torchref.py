"""torchref.py - what the reference generators of `distill` and `eval sts`
(tests/gen-distill-reference.py, tests/gen-sts-reference.py) share: the
pieces, ids, byte offsets and word numbers the Hugging Face `tokenizers`
library (its Node binding, run as a child process) gives a BERT folder's
vocab.txt, and BERT's hidden states by a float32 PyTorch forward pass over
the folder's stored weights.

TOKREF (default /tmp/tokref/node_modules) is where `npm install tokenizers`
put the library.
"""

import json
import math
import os
import struct
import subprocess
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
TOKREF = os.environ.get("TOKREF", "/tmp/tokref/node_modules")

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




def pooler(w, last):
    """BERT's pooler over the last hidden state (n, H): tanh(W h_[CLS] + b)."""
    return torch.tanh(F.linear(last[0], w["pooler.dense.weight"], w["pooler.dense.bias"]))
