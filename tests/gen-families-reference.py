#!/usr/bin/python3
"""gen-families-reference.py - small random checkpoints of every encoder
family, sentence-transformers folders, and their reference outputs.

Writes, under tests/data/families/:

  bert/         2 layers, hidden 24, 4 heads; "bert." names; MLM (tied), NSP,
                pooler; hidden_act quick_gelu
  distilbert/   DistilBERT names with "distilbert."; dim/n_layers/n_heads/
                hidden_dim; no token types; MLM with its own vocab_projector
  roberta/      "roberta." names; positions after pad_token_id 1; one token
                type; layer_norm_eps 1e-5; lm_head (decoder tied) + pooler
  xlm-roberta/  no prefix (a bare XLMRobertaModel save); gelu_new; F16;
                lm_head with its decoder stored; no pooler
  camembert/    "roberta." names; silu; BF16; lm_head tied
  albert/       embedding_size 16 projected to hidden 24; 3 layers sharing
                2 groups (layer i runs group int(i / 1.5)); gelu_new;
                pooler, predictions (E-sized, decoder stored), sop_classifier
  electra/      embedding_size 16 -> hidden 24 (embeddings_project); relu;
                the generator's MLM head (generator_lm_head tied)
  electra-disc/ embedding_size = hidden (no projection); the discriminator's
                head only (no MLM)
  st-mean/      sentence-transformers, BERT-shaped, no prefix: mean pooling
                and 2_Normalize (as all-MiniLM-L6-v2)
  st-cls/       the same weights with CLS pooling and 2_Normalize (as bge)
  st-multi/     RoBERTa-shaped: cls, max, mean, mean_sqrt_len, weightedmean
                and lasttoken concatenated, no Normalize
  roberta-bpe/  end to end: RoBERTa-shaped (F16) behind a real byte-level
                BPE tokenizer.json (tests/data/tokenizers/bytelevel-bpe.json)
  xlm-roberta-spm/  end to end: XLM-RoBERTa-shaped (BF16) behind a real
                SentencePiece model (tests/data/tokenizers/xlmr/
                sentencepiece.bpe.model, fairseq's ids)
  reference.json

Each folder has config.json, vocab.txt (a small made-up vocabulary, with
RoBERTa's <s> <pad> </s> <unk> ... <mask> for the RoBERTa-shaped ones,
named in tokenizer_config.json) and model.safetensors, written with struct
and json only. reference.json holds, for a few token-id sequences per
model: the hidden states of every layer, the attention of every layer and
head, the pooled output, the MLM probabilities at every position and the
NSP probabilities; for the sentence-transformers folders, texts, their ids
and sentence embeddings; for the end-to-end folders, texts (some with
<mask>, one a pair), the ids the real tokenizer gives them, the mean-pooled
sentence embedding and the MLM probabilities at each <mask>.
tests/check_families.c compares vecscope with it.

The end-to-end folders' ids come from the tokenizers' reference
implementations, not from vecscope's tokenizer: for the byte-level BPE, the ids the Hugging Face tokenizers
library gave each golden input, recorded in tests/data/tokenizers/
expected.json by tests/gen-tokenizer-reference.js; for the SentencePiece
model, Debian's python3-sentencepiece run here, with fairseq's ids and
<mask>'s lstrip as XLMRobertaTokenizer applies them (the cut of
tests/gen-tokenizer-reference.py), checked against that script's
spm-expected.json.

The forward pass below is written from each family's published definition
(the papers and FORMATS.md section 9: embeddings, position ids, layer
groups, heads). Before writing anything, the script checks it against
tests/gen-bert-reference.py's BERT pass where the families coincide: the
BERT family is that pass; a BERT converted to DistilBERT (token type 0
folded into the positions), to RoBERTa (positions moved past the padding
index), to ELECTRA (renamed) and to ALBERT (one group per layer, an
identity projection) gives the same hidden states, attention and MLM
probabilities.

Run with Debian's python3 (python3-torch, python3-numpy,
python3-sentencepiece):
    /usr/bin/python3 tests/gen-families-reference.py     # the fixtures
    /usr/bin/python3 tests/gen-families-reference.py --distilbert SRC DST
        # SRC, a BERT folder, as a DistilBERT folder (samples/
        # distilbert-gutenberg-mini was made so from bert-gutenberg-mini)
    /usr/bin/python3 tests/gen-families-reference.py --bench FAMILY DIR
        # a random FAMILY folder of a mid-sized shape, for bench/
    /usr/bin/python3 tests/gen-families-reference.py --time DIR [--threads N]
        # torch's forward latency on DIR for 128 tokens
"""

import importlib.util
import json
import math
import os
import shutil
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data", "families")

_spec = importlib.util.spec_from_file_location(
    "genbert", os.path.join(HERE, "gen-bert-reference.py"))
genbert = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(genbert)
_spec = importlib.util.spec_from_file_location(
    "gentok", os.path.join(HERE, "gen-tokenizer-reference.py"))
gentok = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gentok)
TOKDATA = os.path.join(HERE, "data", "tokenizers")

VOCAB = genbert.VOCAB                     # [PAD] [UNK] [CLS] [SEP] [MASK] ...
ROBERTA_VOCAB = ["<s>", "<pad>", "</s>", "<unk>"] + VOCAB[5:] + ["<mask>"]
DTYPE_NAME = genbert.DTYPE_NAME

# ---- the families: names as in transformers' modeling_*.py ----

BERT_EMB = dict(word="embeddings.word_embeddings.weight",
                pos="embeddings.position_embeddings.weight",
                type="embeddings.token_type_embeddings.weight",
                norm="embeddings.LayerNorm", proj=None)
BERT_LAYER = dict(layer="encoder.layer.%d.", q="attention.self.query",
                  k="attention.self.key", v="attention.self.value",
                  o="attention.output.dense", ln1="attention.output.LayerNorm",
                  ffn_in="intermediate.dense", ffn_out="output.dense",
                  ln2="output.LayerNorm")
ROBERTA = dict(prefix="roberta.", emb=BERT_EMB, layer=BERT_LAYER,
               pos_after_pad=True, pooler="pooler.dense",
               mlm=dict(dense="lm_head.dense", norm="lm_head.layer_norm",
                        dec="lm_head.decoder.weight", bias="lm_head.bias",
                        exact_gelu=True))
FAMILY = {
    "bert": dict(prefix="bert.", emb=BERT_EMB, layer=BERT_LAYER,
                 pooler="pooler.dense",
                 mlm=dict(dense="cls.predictions.transform.dense",
                          norm="cls.predictions.transform.LayerNorm",
                          dec="cls.predictions.decoder.weight",
                          bias="cls.predictions.bias", exact_gelu=False),
                 nsp="cls.seq_relationship"),
    "distilbert": dict(
        prefix="distilbert.", distil=True,
        emb=dict(BERT_EMB, type=None),
        layer=dict(layer="transformer.layer.%d.", q="attention.q_lin",
                   k="attention.k_lin", v="attention.v_lin",
                   o="attention.out_lin", ln1="sa_layer_norm", ffn_in="ffn.lin1",
                   ffn_out="ffn.lin2", ln2="output_layer_norm"),
        mlm=dict(dense="vocab_transform", norm="vocab_layer_norm",
                 dec="vocab_projector.weight", bias="vocab_projector.bias",
                 exact_gelu=False)),
    "roberta": ROBERTA,
    "xlm-roberta": ROBERTA,
    "camembert": ROBERTA,
    "albert": dict(
        prefix="albert.", groups=True,
        emb=dict(BERT_EMB, proj="encoder.embedding_hidden_mapping_in"),
        layer=dict(layer="encoder.albert_layer_groups.%d.albert_layers.0.",
                   q="attention.query", k="attention.key", v="attention.value",
                   o="attention.dense", ln1="attention.LayerNorm", ffn_in="ffn",
                   ffn_out="ffn_output", ln2="full_layer_layer_norm"),
        pooler="pooler",
        mlm=dict(dense="predictions.dense", norm="predictions.LayerNorm",
                 dec="predictions.decoder.weight", bias="predictions.bias",
                 exact_gelu=False),
        sop="sop_classifier.classifier"),
    "electra": dict(
        prefix="electra.", emb=dict(BERT_EMB, proj="embeddings_project"),
        layer=BERT_LAYER,
        mlm=dict(dense="generator_predictions.dense",
                 norm="generator_predictions.LayerNorm",
                 dec="generator_lm_head.weight", bias="generator_lm_head.bias",
                 exact_gelu=True),
        disc="discriminator_predictions"),
}


def sizes(cfg):
    """(H, L, A, I) from a config.json of either naming."""
    if cfg.get("model_type") == "distilbert":
        return cfg["dim"], cfg["n_layers"], cfg["n_heads"], cfg["hidden_dim"]
    return (cfg["hidden_size"], cfg["num_hidden_layers"],
            cfg["num_attention_heads"], cfg["intermediate_size"])


def emb_size(cfg):
    if cfg["model_type"] in ("albert", "electra"):
        return cfg.get("embedding_size", 128)
    return sizes(cfg)[0]


def activation(name):
    """transformers' ACT2FN, by its formulas."""
    return {
        "gelu": F.gelu,
        "gelu_new": lambda x: F.gelu(x, approximate="tanh"),
        "gelu_pytorch_tanh": lambda x: F.gelu(x, approximate="tanh"),
        "quick_gelu": lambda x: x * torch.sigmoid(1.702 * x),
        "silu": F.silu,
        "relu": F.relu,
        "tanh": torch.tanh,
    }[name]


def group_of(cfg, i):
    """ALBERT: the layer group that layer i runs."""
    L = cfg["num_hidden_layers"]
    return int(i / (L / cfg.get("num_hidden_groups", 1)))


def position_ids(fam, cfg, ids):
    """RoBERTa: pad + the count of non-padding tokens so far, padding tokens
    at pad (create_position_ids_from_input_ids); the others 0, 1, 2..."""
    ids = torch.tensor(ids)
    if FAMILY[fam].get("pos_after_pad"):
        pad = cfg.get("pad_token_id", 1)
        mask = (ids != pad).long()
        return torch.cumsum(mask, 0) * mask + pad
    return torch.arange(len(ids))


def forward(fam, w, cfg, ids, types, heads_too=True):
    """The reference pass of family fam over weights w (names without the
    prefix), float32 torch ops."""
    f = FAMILY[fam]
    H, L, A, _ = sizes(cfg)
    E, d, n = emb_size(cfg), H // A, len(ids)
    eps = 1e-12 if f.get("distil") else cfg.get("layer_norm_eps", 1e-12)
    act = activation(cfg.get("activation" if f.get("distil") else "hidden_act",
                             "gelu_new" if fam == "albert" else "gelu"))
    ln = lambda x, p, m: F.layer_norm(x, (m,), w[p + ".weight"], w[p + ".bias"], eps)
    lin = lambda x, p: F.linear(x, w[p + ".weight"], w[p + ".bias"])
    em, ly = f["emb"], f["layer"]

    # embeddings (E): word + position (+ token type), LayerNorm, then E -> H
    x = w[em["word"]][torch.tensor(ids)] + w[em["pos"]][position_ids(fam, cfg, ids)]
    if em["type"] is not None:
        x = x + w[em["type"]][torch.tensor(types)]
    x = ln(x, em["norm"], E)
    if em["proj"] is not None and em["proj"] + ".weight" in w:
        x = lin(x, em["proj"])
    hidden, attn = [x], []
    for i in range(L):
        p = ly["layer"] % (group_of(cfg, i) if f.get("groups") else i)
        heads = lambda t: t.view(n, A, d).transpose(0, 1)      # (A, n, d)
        q, k, v = (heads(lin(x, p + ly[s])) for s in ("q", "k", "v"))
        probs = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(d), dim=-1)
        attn.append(probs)
        ctx = (probs @ v).transpose(0, 1).reshape(n, H)
        a = ln(lin(ctx, p + ly["o"]) + x, p + ly["ln1"], H)
        x = ln(lin(act(lin(a, p + ly["ffn_in"])), p + ly["ffn_out"]) + a,
               p + ly["ln2"], H)
        hidden.append(x)
    out = {"hidden_states": torch.stack(hidden), "attentions": torch.stack(attn)}
    if not heads_too:
        return out
    if f.get("pooler") and f["pooler"] + ".weight" in w:
        out["pooled"] = torch.tanh(lin(x[0], f["pooler"]))
    mlm = f.get("mlm")
    if mlm and mlm["dense"] + ".weight" in w:
        mact = F.gelu if mlm["exact_gelu"] else act
        t = ln(mact(lin(x, mlm["dense"])), mlm["norm"], E)
        dec = w.get(mlm["dec"], w[em["word"]])
        out["mlm_probs"] = torch.softmax(t @ dec.T + w[mlm["bias"]], dim=-1)
    if f.get("nsp") and f["nsp"] + ".weight" in w and "pooled" in out:
        out["nsp_probs"] = torch.softmax(lin(out["pooled"], f["nsp"]), dim=-1)
    return out


# ---- random weights ----

def make_weights(fam, cfg, gen, mlm=True, mlm_untied=False, pooler=True,
                 nsp=False, sop=False, disc=False):
    """Random weights of family fam, named without the prefix."""
    f = FAMILY[fam]
    H, L, A, I = sizes(cfg)
    E, V, P = emb_size(cfg), cfg["vocab_size"], cfg["max_position_embeddings"]
    n = lambda *s, std=1.0, mean=0.0: torch.randn(*s, generator=gen) * std + mean
    lin = lambda o, i: (n(o, i, std=1.5 / math.sqrt(i)), n(o, std=0.1))
    em, ly = f["emb"], f["layer"]
    w = {em["word"]: n(V, E), em["pos"]: n(P, E, std=0.5)}
    if em["type"] is not None:
        w[em["type"]] = n(cfg["type_vocab_size"], E, std=0.5)
    w[em["norm"] + ".weight"] = n(E, std=0.1, mean=1.0)
    w[em["norm"] + ".bias"] = n(E, std=0.1)
    if em["proj"] is not None and (E != H or fam == "albert"):
        w[em["proj"] + ".weight"], w[em["proj"] + ".bias"] = lin(H, E)
    count = cfg.get("num_hidden_groups", 1) if f.get("groups") else L
    for g in range(count):
        p = ly["layer"] % g
        for part, (o, i) in (("q", (H, H)), ("k", (H, H)), ("v", (H, H)),
                             ("o", (H, H)), ("ffn_in", (I, H)),
                             ("ffn_out", (H, I))):
            w[p + ly[part] + ".weight"], w[p + ly[part] + ".bias"] = lin(o, i)
        for part in ("ln1", "ln2"):
            w[p + ly[part] + ".weight"] = n(H, std=0.1, mean=1.0)
            w[p + ly[part] + ".bias"] = n(H, std=0.1)
    if pooler and f.get("pooler"):
        w[f["pooler"] + ".weight"], w[f["pooler"] + ".bias"] = lin(H, H)
    if mlm:
        m = f["mlm"]
        w[m["dense"] + ".weight"], w[m["dense"] + ".bias"] = lin(E, H)
        w[m["norm"] + ".weight"] = n(E, std=0.1, mean=1.0)
        w[m["norm"] + ".bias"] = n(E, std=0.1)
        w[m["bias"]] = n(V, std=0.5)
        if mlm_untied:
            w[m["dec"]] = n(V, E)
    if nsp:
        w[f["nsp"] + ".weight"], w[f["nsp"] + ".bias"] = lin(2, H)
    if sop:
        w[f["sop"] + ".weight"], w[f["sop"] + ".bias"] = lin(2, H)
    if disc:
        p = f["disc"]
        w[p + ".dense.weight"], w[p + ".dense.bias"] = lin(H, H)
        w[p + ".dense_prediction.weight"], w[p + ".dense_prediction.bias"] = lin(1, H)
    return w


def is_base(fam, name):
    """Whether name belongs to the base model (stored under the prefix)."""
    f = FAMILY[fam]
    heads = [f["mlm"]["dense"], f["mlm"]["norm"], f["mlm"]["dec"], f["mlm"]["bias"]]
    heads += [f.get(k) for k in ("nsp", "sop", "disc") if f.get(k)]
    heads += ["lm_head.decoder.bias", "predictions.decoder.bias"]
    return not any(name == h or name.startswith(h + ".") for h in heads)


def stored_names(fam, w, prefix):
    return [((prefix if is_base(fam, k) else "") + k, v) for k, v in w.items()]


def config_for(fam, **over):
    if fam == "distilbert":
        cfg = {"architectures": ["DistilBertForMaskedLM"], "model_type": fam,
               "vocab_size": len(VOCAB), "activation": "gelu", "dropout": 0.1,
               "attention_dropout": 0.1, "sinusoidal_pos_embds": False,
               "pad_token_id": 0, "initializer_range": 0.02}
    else:
        cfg = {"model_type": fam, "vocab_size": len(VOCAB), "hidden_act": "gelu",
               "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
               "type_vocab_size": 2, "initializer_range": 0.02,
               "layer_norm_eps": 1e-12, "pad_token_id": 0,
               "position_embedding_type": "absolute"}
    cfg.update(over)
    return cfg


def write_folder(folder, cfg, stored, dtype, vocab, tok_cfg):
    os.makedirs(folder, exist_ok=True)
    genbert.write_safetensors(os.path.join(folder, "model.safetensors"), stored, dtype)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    with open(os.path.join(folder, "vocab.txt"), "w") as f:
        f.write("".join(t + "\n" for t in vocab))
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump(tok_cfg, f)
        f.write("\n")


BERT_TOK = {"do_lower_case": True}
ROBERTA_TOK = {"do_lower_case": True, "cls_token": "<s>", "sep_token": "</s>",
               "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>",
               "bos_token": "<s>", "eos_token": "</s>"}

SMALL = dict(hidden_size=24, num_hidden_layers=2, num_attention_heads=4,
             intermediate_size=40, max_position_embeddings=12)

MODELS = [
    dict(dir="bert", fam="bert", prefix="bert.", dtype=torch.float32, seed=11,
         cfg=dict(SMALL, architectures=["BertForPreTraining"],
                  hidden_act="quick_gelu"),
         heads=dict(nsp=True)),
    dict(dir="distilbert", fam="distilbert", prefix="distilbert.",
         dtype=torch.float32, seed=12,
         cfg=dict(dim=24, n_layers=2, n_heads=4, hidden_dim=40,
                  max_position_embeddings=12),
         heads=dict(mlm_untied=True)),
    dict(dir="roberta", fam="roberta", prefix="roberta.", dtype=torch.float32,
         seed=13, roberta_vocab=True,
         cfg=dict(SMALL, architectures=["RobertaForMaskedLM"], pad_token_id=1,
                  max_position_embeddings=14, type_vocab_size=1,
                  layer_norm_eps=1e-5, bos_token_id=0, eos_token_id=2)),
    dict(dir="xlm-roberta", fam="xlm-roberta", prefix="", dtype=torch.float16,
         seed=14, roberta_vocab=True,
         cfg=dict(SMALL, architectures=["XLMRobertaModel"], pad_token_id=1,
                  max_position_embeddings=14, type_vocab_size=1,
                  layer_norm_eps=1e-5, hidden_act="gelu_new"),
         heads=dict(mlm_untied=True, pooler=False)),
    dict(dir="camembert", fam="camembert", prefix="roberta.",
         dtype=torch.bfloat16, seed=15, roberta_vocab=True,
         cfg=dict(SMALL, architectures=["CamembertForMaskedLM"], pad_token_id=1,
                  max_position_embeddings=14, type_vocab_size=1,
                  layer_norm_eps=1e-5, hidden_act="silu")),
    dict(dir="albert", fam="albert", prefix="albert.", dtype=torch.float32,
         seed=16,
         cfg=dict(SMALL, architectures=["AlbertForPreTraining"],
                  num_hidden_layers=3, num_hidden_groups=2, inner_group_num=1,
                  embedding_size=16, hidden_act="gelu_new"),
         heads=dict(mlm_untied=True, sop=True)),
    dict(dir="electra", fam="electra", prefix="electra.", dtype=torch.float32,
         seed=17,
         cfg=dict(SMALL, architectures=["ElectraForMaskedLM"],
                  embedding_size=16, hidden_act="relu")),
    dict(dir="electra-disc", fam="electra", prefix="electra.",
         dtype=torch.float32, seed=18,
         cfg=dict(SMALL, architectures=["ElectraForPreTraining"],
                  embedding_size=24),
         heads=dict(mlm=False, disc=True)),
]


def inputs_for(m, cfg, gen):
    """A single sentence with a mask, a pair, one as long as the model
    takes and, for the RoBERTa-shaped, one with a padding token inside."""
    V, P = cfg["vocab_size"], cfg["max_position_embeddings"]
    rnd = lambda k: [4 + int(i) for i in torch.randint(1, V - 5, (k,), generator=gen)]
    if m.get("roberta_vocab"):
        cls, sep, mask, pad = 0, 2, V - 1, 1
        single = [cls] + rnd(3) + [mask] + rnd(2) + [sep]
        a, b = rnd(2), rnd(3)
        pair = [cls] + a + [sep, sep] + b + [sep]
        full = [cls] + rnd(P - 2 - 2) + [sep]
        padded = [cls] + rnd(2) + [pad] + rnd(2) + [sep]
        zeros = lambda s: [0] * len(s)
        return [(single, zeros(single)), (pair, zeros(pair)), (full, zeros(full)),
                (padded, zeros(padded))]
    cls, sep, mask = 2, 3, 4
    single = [cls] + rnd(3) + [mask] + rnd(2) + [sep]
    a, b = rnd(3), rnd(4)
    pair = [cls] + a + [sep] + b + [sep]
    types = [0] * (len(a) + 2) + [1] * (len(b) + 1)
    full = [cls] + rnd(P - 2) + [sep]
    return [(single, [0] * len(single)), (pair, types), (full, [0] * len(full))]


def rounded(t):
    return genbert.rounded(t)


def build(m):
    fam = m["fam"]
    cfg = config_for(fam, **m["cfg"])
    if m.get("roberta_vocab"):
        cfg["vocab_size"] = len(ROBERTA_VOCAB)
    gen = torch.Generator().manual_seed(m["seed"])
    w = make_weights(fam, cfg, gen, **m.get("heads", {}))
    w = {k: v.to(m["dtype"]).to(torch.float32) for k, v in w.items()}
    write_folder(os.path.join(OUT, m["dir"]), cfg,
                 stored_names(fam, w, m["prefix"]), m["dtype"],
                 ROBERTA_VOCAB if m.get("roberta_vocab") else VOCAB,
                 ROBERTA_TOK if m.get("roberta_vocab") else BERT_TOK)
    cases = []
    with torch.no_grad():
        for ids, types in inputs_for(m, cfg, gen):
            o = forward(fam, w, cfg, ids, types)
            case = {"ids": ids, "types": types,
                    "hidden_states": rounded(o["hidden_states"]),
                    "attentions": rounded(o["attentions"])}
            for k in ("pooled", "mlm_probs", "nsp_probs"):
                case[k] = rounded(o[k]) if k in o else None
            cases.append(case)
    return {"dir": m["dir"], "family": fam, "dtype": DTYPE_NAME[m["dtype"]],
            "inputs": cases}


# ---- sentence-transformers folders ----

def st_pool(modes, h):
    """Sentence-transformers' Pooling over h (n, H), one unpadded text (the
    attention mask all ones): the modes on, in its order cls, max, mean,
    mean_sqrt_len, weightedmean, lasttoken, concatenated."""
    n = h.shape[0]
    out = []
    if "cls" in modes:
        out.append(h[0])
    if "max" in modes:
        out.append(h.max(dim=0).values)
    if "mean" in modes:
        out.append(h.sum(dim=0) / n)
    if "mean_sqrt_len_tokens" in modes:
        out.append(h.sum(dim=0) / math.sqrt(n))
    if "weightedmean" in modes:
        wts = torch.arange(1, n + 1, dtype=torch.float32).unsqueeze(1)
        out.append((h * wts).sum(dim=0) / wts.sum())
    if "lasttoken" in modes:
        out.append(h[-1])
    return torch.cat(out)


ST_TEXTS = ["the cat sat on the mat", "a dog ran to the house",
            "she read a book in the garden"]

ST_MODELS = [
    dict(dir="st-mean", fam="bert", seed=21, modes=["mean"], normalize=True),
    dict(dir="st-cls", fam="bert", seed=21, modes=["cls"], normalize=True),
    dict(dir="st-multi", fam="roberta", seed=22, roberta_vocab=True,
         modes=["cls", "max", "mean", "mean_sqrt_len_tokens", "weightedmean",
                "lasttoken"], normalize=False),
]


def st_build(m):
    fam = m["fam"]
    over = dict(SMALL, architectures=[{"bert": "BertModel",
                                       "roberta": "RobertaModel"}[fam]])
    if m.get("roberta_vocab"):
        over.update(pad_token_id=1, max_position_embeddings=14,
                    type_vocab_size=1, vocab_size=len(ROBERTA_VOCAB))
    cfg = config_for(fam, **over)
    vocab = ROBERTA_VOCAB if m.get("roberta_vocab") else VOCAB
    gen = torch.Generator().manual_seed(m["seed"])
    w = make_weights(fam, cfg, gen, mlm=False)
    folder = os.path.join(OUT, m["dir"])
    write_folder(folder, cfg, stored_names(fam, w, ""), torch.float32, vocab,
                 ROBERTA_TOK if m.get("roberta_vocab") else BERT_TOK)
    modules = [{"idx": 0, "name": "0", "path": "",
                "type": "sentence_transformers.models.Transformer"},
               {"idx": 1, "name": "1", "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling"}]
    if m["normalize"]:
        modules.append({"idx": 2, "name": "2", "path": "2_Normalize",
                        "type": "sentence_transformers.models.Normalize"})
    with open(os.path.join(folder, "modules.json"), "w") as f:
        json.dump(modules, f, indent=2)
        f.write("\n")
    pool = {"word_embedding_dimension": cfg["hidden_size"]}
    for key, mode in (("pooling_mode_cls_token", "cls"),
                      ("pooling_mode_mean_tokens", "mean"),
                      ("pooling_mode_max_tokens", "max"),
                      ("pooling_mode_mean_sqrt_len_tokens", "mean_sqrt_len_tokens"),
                      ("pooling_mode_weightedmean_tokens", "weightedmean"),
                      ("pooling_mode_lasttoken", "lasttoken")):
        pool[key] = mode in m["modes"]
    pool["include_prompt"] = True
    os.makedirs(os.path.join(folder, "1_Pooling"), exist_ok=True)
    with open(os.path.join(folder, "1_Pooling", "config.json"), "w") as f:
        json.dump(pool, f, indent=2)
        f.write("\n")
    with open(os.path.join(folder, "sentence_bert_config.json"), "w") as f:
        json.dump({"max_seq_length": 10,
                   "do_lower_case": False}, f)
        f.write("\n")
    cls, sep = (0, 2) if m.get("roberta_vocab") else (2, 3)
    texts = []
    with torch.no_grad():
        for text in ST_TEXTS:
            ids = [cls] + [vocab.index(t) for t in text.split()] + [sep]
            h = forward(fam, w, cfg, ids, [0] * len(ids), False)["hidden_states"][-1]
            v = st_pool(m["modes"], h)
            if m["normalize"]:
                v = F.normalize(v, dim=0)
            texts.append({"text": text, "ids": ids, "embedding": rounded(v)})
    return {"dir": m["dir"], "modes": m["modes"], "normalize": m["normalize"],
            "texts": texts}


# ---- end to end: real tokenizer files in front of the families ----

E2E_INPUTS = [19, 0, 16, 22]    # indices into inputs.json: a <mask>, plain
                                # text, contractions, two <mask>s (lstrip)
E2E_PAIR = (0, 1)               # "Hello, world!" ||| the fox

E2E_MODELS = [
    dict(dir="roberta-bpe", fam="roberta", prefix="roberta.",
         dtype=torch.float16, seed=31, tokenizer="bytelevel-bpe.json",
         dest="tokenizer.json",
         cfg=dict(SMALL, architectures=["RobertaForMaskedLM"], pad_token_id=1,
                  max_position_embeddings=40, type_vocab_size=1,
                  layer_norm_eps=1e-5, bos_token_id=0, eos_token_id=2)),
    dict(dir="xlm-roberta-spm", fam="xlm-roberta", prefix="roberta.",
         dtype=torch.bfloat16, seed=32,
         tokenizer="xlmr/sentencepiece.bpe.model",
         dest="sentencepiece.bpe.model",
         cfg=dict(SMALL, architectures=["XLMRobertaForMaskedLM"],
                  pad_token_id=1, max_position_embeddings=40,
                  type_vocab_size=1, layer_norm_eps=1e-5,
                  hidden_act="gelu_new"),
         heads=dict(mlm_untied=True)),
]


def bpe_encoder(inputs):
    """The byte-level BPE's pieces and the ids the tokenizers library gave
    the inputs (expected.json): (pieces by id, ids of a text, ids of a
    pair)."""
    with open(os.path.join(TOKDATA, "bytelevel-bpe.json"), encoding="utf-8") as f:
        tj = json.load(f)
    with open(os.path.join(TOKDATA, "expected.json"), encoding="utf-8") as f:
        rows = json.load(f)["bytelevel-bpe.json"]
    names = dict((i, p) for p, i in tj["model"]["vocab"].items())
    names.update((a["id"], a["content"]) for a in tj["added_tokens"])
    pieces = [names[i] for i in range(max(names) + 1)]
    single = lambda i: rows["single"][i]["ids"]
    pair = lambda a, b: next(r["ids"] for r in rows["pairs"]
                             if (r["a"], r["b"]) == (a, b))
    return pieces, single, pair


def spm_encoder(inputs):
    """XLMRobertaTokenizer over sentencepiece.bpe.model, written from its
    definition: sentencepiece's pieces, fairseq's ids (<s> <pad> </s> <unk>
    first, the others one up, <mask> last), <mask> taking the blanks before
    it; <s> A </s> and <s> A </s></s> B </s>."""
    import sentencepiece as spm
    sp = spm.SentencePieceProcessor(
        model_file=os.path.join(TOKDATA, "xlmr", "sentencepiece.bpe.model"))
    n = sp.get_piece_size()
    special = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "<mask>": n + 1}
    pieces = [None] * (n + 2)
    for i in range(n):
        pieces[gentok.fairseq(i, n)] = sp.id_to_piece(i)
    for p, i in special.items():
        pieces[i] = p
    with open(os.path.join(TOKDATA, "spm-expected.json"), encoding="utf-8") as f:
        recorded = json.load(f)["xlmr/sentencepiece.bpe.model"]

    def pieces_of(i):
        ids = []
        for is_special, s in gentok.cut(inputs[i], list(special), ("<mask>",)):
            ids += [special[s]] if is_special else \
                [gentok.fairseq(j, n) for j in sp.encode(s)]
        assert ids == recorded[i]["ids"], (inputs[i], ids, recorded[i]["ids"])
        return ids
    single = lambda i: [0] + pieces_of(i) + [2]
    pair = lambda a, b: [0] + pieces_of(a) + [2, 2] + pieces_of(b) + [2]
    return pieces, single, pair


def e2e_build(m):
    with open(os.path.join(TOKDATA, "inputs.json"), encoding="utf-8") as f:
        inputs = json.load(f)
    pieces, single, pair = (bpe_encoder if m["dest"] == "tokenizer.json"
                            else spm_encoder)(inputs)
    fam = m["fam"]
    cfg = config_for(fam, **m["cfg"])
    cfg["vocab_size"] = len(pieces)
    gen = torch.Generator().manual_seed(m["seed"])
    w = make_weights(fam, cfg, gen, **m.get("heads", {}))
    w = {k: v.to(m["dtype"]).to(torch.float32) for k, v in w.items()}
    folder = os.path.join(OUT, m["dir"])
    os.makedirs(folder, exist_ok=True)
    genbert.write_safetensors(os.path.join(folder, "model.safetensors"),
                              stored_names(fam, w, m["prefix"]), m["dtype"])
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    shutil.copy(os.path.join(TOKDATA, m["tokenizer"]), os.path.join(folder, m["dest"]))
    texts = [(inputs[i], single(i)) for i in E2E_INPUTS]
    a, b = E2E_PAIR
    texts.append((inputs[a] + " ||| " + inputs[b], pair(a, b)))
    mask = pieces.index("<mask>")
    out = []
    with torch.no_grad():
        for text, ids in texts:
            o = forward(fam, w, cfg, ids, [0] * len(ids))
            h = o["hidden_states"][-1]
            out.append({"text": text, "ids": ids,
                        "embedding": rounded(h.mean(dim=0)),
                        "mask_positions": [t for t, i in enumerate(ids) if i == mask],
                        "mask_probs": [rounded(o["mlm_probs"][t])
                                       for t, i in enumerate(ids) if i == mask]})
    return {"dir": m["dir"], "family": fam, "dtype": DTYPE_NAME[m["dtype"]],
            "tokenizer": m["dest"], "pieces": pieces, "texts": out}


# ---- conversions from BERT, and the checks against the BERT pass ----

def bert_to(fam, w, cfg):
    """BERT weights w (no prefix) and config as the same model in family
    fam: (weights, config). DistilBERT gets token type 0 folded into its
    positions (so it matches BERT on one-segment input), RoBERTa positions
    moved past the padding index, ALBERT one group per layer and an identity
    projection, ELECTRA new names only."""
    H, L, A, I = sizes(cfg)
    P, V = cfg["max_position_embeddings"], cfg["vocab_size"]
    src, dst = FAMILY["bert"], FAMILY[fam]
    out, c = {}, config_for(fam)
    if fam == "distilbert":
        c.update(dim=H, n_layers=L, n_heads=A, hidden_dim=I,
                 max_position_embeddings=P, vocab_size=V,
                 activation=cfg.get("hidden_act", "gelu"))
    else:
        c.update({k: cfg[k] for k in cfg if k not in ("model_type", "architectures")})
    se, de = src["emb"], dst["emb"]
    out[de["word"]] = w[se["word"]]
    pos = w[se["pos"]]
    if fam == "distilbert":
        pos = pos + w[se["type"]][0]
    elif dst.get("pos_after_pad"):
        pad = 1
        pos = torch.cat([torch.zeros(pad + 1, H), pos])
        c.update(pad_token_id=pad, max_position_embeddings=P + pad + 1)
    out[de["pos"]] = pos
    if de["type"] is not None:
        out[de["type"]] = w[se["type"]][:1] if dst.get("pos_after_pad") else w[se["type"]]
        if dst.get("pos_after_pad"):
            c["type_vocab_size"] = 1
    for s in ("weight", "bias"):
        out[de["norm"] + "." + s] = w[se["norm"] + "." + s]
    if fam in ("albert", "electra"):
        c.update(embedding_size=H)
    if fam == "albert":
        out[de["proj"] + ".weight"] = torch.eye(H)
        out[de["proj"] + ".bias"] = torch.zeros(H)
        c.update(num_hidden_groups=L)
    for i in range(L):
        for part in ("q", "k", "v", "o", "ffn_in", "ffn_out", "ln1", "ln2"):
            for s in ("weight", "bias"):
                out[(dst["layer"]["layer"] % i) + dst["layer"][part] + "." + s] = \
                    w[(src["layer"]["layer"] % i) + src["layer"][part] + "." + s]
    sm, dm = src["mlm"], dst["mlm"]
    if sm["dense"] + ".weight" in w:
        for part in ("dense", "norm"):
            for s in ("weight", "bias"):
                out[dm[part] + "." + s] = w[sm[part] + "." + s]
        out[dm["bias"]] = w[sm["bias"]]
        if sm["dec"] in w:
            out[dm["dec"]] = w[sm["dec"]]
    if dst.get("pooler") and src["pooler"] + ".weight" in w:
        for s in ("weight", "bias"):
            out[dst["pooler"] + "." + s] = w[src["pooler"] + "." + s]
    return out, c


def check_against_bert():
    """The family passes against tests/gen-bert-reference.py's BERT pass."""
    cfg = genbert.MODELS[0]["cfg"]
    cfg = dict(config_for("bert"), **cfg)
    gen = torch.Generator().manual_seed(99)
    w = genbert.make_weights(cfg, gen, True, False, True)
    ids = [2, 12, 14, 15, 10, 4, 16, 3]   # no 1, RoBERTa's padding index
    worst = {}
    with torch.no_grad():
        ref = genbert.forward(w, cfg, ids, [0] * len(ids))
        for fam in ("bert", "distilbert", "roberta", "albert", "electra"):
            fw, fc = (w, cfg) if fam == "bert" else bert_to(fam, w, cfg)
            o = forward(fam, fw, fc, ids, [0] * len(ids))
            d = 0.0
            for k in ("hidden_states", "attentions", "mlm_probs"):
                d = max(d, (o[k] - ref[k]).abs().max().item())
            if fam in ("bert", "roberta", "albert"):
                d = max(d, (o["pooled"] - ref["pooled"]).abs().max().item())
            if fam == "bert":
                d = max(d, (o["nsp_probs"] - ref["nsp_probs"]).abs().max().item())
                # a pair, with token types, through both
                types = [0, 0, 0, 0, 1, 1, 1, 1]
                r2 = genbert.forward(w, cfg, ids, types)
                o2 = forward("bert", w, cfg, ids, types)
                d = max(d, (o2["hidden_states"] - r2["hidden_states"]).abs().max().item())
            worst[fam] = d
    for fam, d in worst.items():
        print("gen-families-reference: %s vs the BERT reference: max diff %.2e" % (fam, d))
        assert d < 1e-5, (fam, d)


def fixtures():
    check_against_bert()
    ref = {"description": "Reference outputs of tests/gen-families-reference.py: "
                          "float32 torch forward passes over the stored weights "
                          "of each family's folder. hidden_states: (layers+1, n, "
                          "hidden), 0 = embeddings (projected to hidden); "
                          "attentions: (layers, heads, n, n), row = query; "
                          "mlm_probs: (n, vocab) softmax; nsp_probs[0] = IsNext. "
                          "sentence_transformers: each folder's texts, their ids "
                          "and sentence embeddings. end_to_end: folders behind real "
                          "tokenizer files, texts, the reference tokenizer's ids, "
                          "the mean of the last layer and the MLM probabilities "
                          "at each <mask>.",
           "torch": torch.__version__,
           "models": [build(m) for m in MODELS],
           "sentence_transformers": [st_build(m) for m in ST_MODELS],
           "end_to_end": [e2e_build(m) for m in E2E_MODELS]}
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(ref, f, separators=(",", ":"))
        f.write("\n")


# ---- reading safetensors, converting a folder ----

def read_safetensors(path):
    """{name: float32 tensor}, dtype name per tensor."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    w, dt = {}, {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        b, e = v["data_offsets"]
        raw = data[b:e]
        if v["dtype"] == "F32":
            t = torch.from_numpy(np.frombuffer(raw, dtype="<f4").copy())
        elif v["dtype"] == "F16":
            t = torch.from_numpy(np.frombuffer(raw, dtype="<f2").astype(np.float32))
        elif v["dtype"] == "BF16":
            u = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            t = torch.from_numpy(u.view(np.float32).copy())
        else:
            raise ValueError("%s: dtype %s" % (k, v["dtype"]))
        w[k], dt[k] = t.view(v["shape"]), v["dtype"]
    return w, dt


def write_mixed(path, tensors, meta):
    """tensors: list of (name, float32 tensor, dtype name)."""
    header, blobs, offset = {}, [], 0
    for name, t, dtype in tensors:
        if dtype == "F32":
            data = t.contiguous().numpy().astype("<f4").tobytes()
        elif dtype == "F16":
            data = t.contiguous().numpy().astype("<f2").tobytes()
        else:
            raise ValueError(dtype)
        header[name] = {"dtype": dtype, "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = meta
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def convert_distilbert(src, dst):
    """The BERT folder src as a DistilBERT folder dst: the same weights
    under DistilBERT's names, token type 0 added into the position
    embeddings (kept in F32 so that the sum is not rounded again), no
    pooler or NSP head. On one-segment input it computes what src does."""
    with open(os.path.join(src, "config.json")) as f:
        cfg = json.load(f)
    w, dt = read_safetensors(os.path.join(src, "model.safetensors"))
    w = {k[5:] if k.startswith("bert.") else k: v for k, v in w.items()}
    dt = {k[5:] if k.startswith("bert.") else k: v for k, v in dt.items()}
    out, c = bert_to("distilbert", w, cfg)
    c["architectures"] = ["DistilBertForMaskedLM"]
    pos = FAMILY["distilbert"]["emb"]["pos"]
    tensors = []
    for k, v in out.items():
        name = ("distilbert." if is_base("distilbert", k) else "") + k
        tensors.append((name, v, "F32" if k == pos else "F16"))
    os.makedirs(dst, exist_ok=True)
    write_mixed(os.path.join(dst, "model.safetensors"), tensors,
                {"format": "pt", "converted_from": os.path.basename(src.rstrip("/"))})
    with open(os.path.join(dst, "config.json"), "w") as f:
        json.dump(c, f, indent=2)
        f.write("\n")
    for name in ("vocab.txt", "tokenizer_config.json"):
        shutil.copy(os.path.join(src, name), os.path.join(dst, name))
    # the converted folder computes what src computes, on one segment
    ids = [2] + [1996 + i for i in range(10)] + [103, 3]
    with torch.no_grad():
        a = forward("bert", w, cfg, ids, [0] * len(ids))
        b = forward("distilbert", out, c, ids, [0] * len(ids))
    d = max((a[k] - b[k]).abs().max().item()
            for k in ("hidden_states", "attentions", "mlm_probs"))
    print("convert: %s -> %s, max diff against the BERT pass %.2e" % (src, dst, d))
    assert d < 1e-4


# ---- benchmark folders ----

BENCH = dict(hidden_size=384, num_hidden_layers=6, num_attention_heads=12,
             intermediate_size=1536, max_position_embeddings=514)


def bench_model(fam, folder, vocab=8000):
    """A random folder of family fam, MiniLM-L6-sized (hidden 384, 6 layers,
    12 heads, FF 1536; ALBERT and ELECTRA embed in 128), F32."""
    over = dict(BENCH, vocab_size=vocab)
    if fam == "distilbert":
        over = dict(dim=384, n_layers=6, n_heads=12, hidden_dim=1536,
                    max_position_embeddings=514, vocab_size=vocab)
    if FAMILY[fam].get("pos_after_pad"):
        over.update(pad_token_id=1, type_vocab_size=1)
    if fam in ("albert", "electra"):
        over.update(embedding_size=128)
    if fam == "albert":
        over.update(num_hidden_groups=1, hidden_act="gelu_new")
    cfg = config_for(fam, **over)
    gen = torch.Generator().manual_seed(7)
    w = make_weights(fam, cfg, gen, mlm=True)
    words = ["w%d" % i for i in range(vocab)]
    if FAMILY[fam].get("pos_after_pad"):
        vocab_list, tok = ROBERTA_VOCAB[:4] + words[4:vocab - 1] + ["<mask>"], ROBERTA_TOK
    else:
        vocab_list, tok = VOCAB[:5] + words[5:], BERT_TOK
    write_folder(folder, cfg, stored_names(fam, w, FAMILY[fam]["prefix"]),
                 torch.float32, vocab_list, tok)


def time_model(folder, threads, n=128, reps=10):
    torch.set_num_threads(threads)
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    fam = cfg["model_type"]
    pre = FAMILY[fam]["prefix"]
    w, _ = read_safetensors(os.path.join(folder, "model.safetensors"))
    w = {k[len(pre):] if k.startswith(pre) else k: v for k, v in w.items()}
    first = 2 if not FAMILY[fam].get("pos_after_pad") else 0
    ids = [first] + [5 + i % 7000 for i in range(n - 2)] + [first + 1]
    types = [0] * n
    with torch.inference_mode():
        forward(fam, w, cfg, ids, types, False)
        best = float("inf")
        t_all, c_all = time.perf_counter(), time.process_time()
        for _ in range(reps):
            t0 = time.perf_counter()
            forward(fam, w, cfg, ids, types, False)
            best = min(best, time.perf_counter() - t0)
        mean = (time.perf_counter() - t_all) / reps
        cpu = (time.process_time() - c_all) / reps
    print("torch %s, %s, %d thread(s), %d tokens: best of %d = %.1f ms, mean = %.1f ms, "
          "cpu mean = %.1f ms" % (torch.__version__, fam, threads, n, reps, best * 1000,
                                  mean * 1000, cpu * 1000))


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--distilbert"]:
        convert_distilbert(args[1], args[2])
    elif args[:1] == ["--bench"]:
        bench_model(args[1], args[2])
    elif args[:1] == ["--time"]:
        th = int(args[args.index("--threads") + 1]) if "--threads" in args else 1
        time_model(args[1], th)
    else:
        fixtures()
