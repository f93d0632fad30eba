#!/usr/bin/python3
"""gen-tokenizer-reference.py - the golden inputs of the tokenizer tests, and
SentencePiece's own .model files with the pieces sentencepiece gives them.

Run from the top of the tree with Debian's python3 (python3-sentencepiece),
then tests/gen-tokenizer-reference.js (Node, the `tokenizers` library) for
the tokenizer.json files; both write under tests/data/tokenizers/:

  inputs.json              the golden inputs (accents, CJK, emoji, combining
                           marks, controls, whitespace runs and tabs, a very
                           long word, the special tokens, a literal mask)
  spm-unigram.model        Unigram, vocab 1000, a small custom normalization
                           rule table (so the precompiled character map is a
                           few KB, not nmt_nfkc's 240 KB)
  spm-bpe.model            BPE, vocab 1000, byte_fallback, identity rules,
                           extra whitespace kept
  xlmr/sentencepiece.bpe.model  Unigram, vocab 800, as XLM-R's: read with
                           fairseq's ids
  spm-expected.json        for each model and input: ids and pieces

The models are trained on the first 300 KB of two Gutenberg books in
../shared/data/corpus/gutenberg/. Special-token strings in an input are cut
out first (leftmost, longest) and the text between them is encoded by
sentencepiece, which is what the Hugging Face tokenizers of these files do;
XLM-R's <mask> also takes the blanks before it (lstrip).
"""
import json
import os
import sys
import tempfile

import sentencepiece as spm

OUT = "tests/data/tokenizers"
CORPUS = os.environ.get("VS_SHARED_DATA", "../shared/data") + "/corpus/gutenberg"

INPUTS = [
    "Hello, world!",
    "The quick brown fox jumps over the lazy dog.",
    "Alice was beginning to get very tired of sitting by her sister.",
    "café naïve résumé Ångström über",
    "Cafe\u0301 e\u0301le\u0300ve (combining marks)",
    "中文字符 and 日本語のテキスト 한국어",
    "emoji 😀 👍🏽 👨‍👩‍👧 ❤️ end",
    "tabs\tand\t\ttabs and  double  spaces   here",
    "  leading and trailing spaces  ",
    "line one\nline two\r\nline three",
    "control\x01chars\x07and\x7fdel\u200bzero width",
    "supercalifragilisticexpialidocious" * 3,
    "a" * 120,
    "numbers 1234567 and 3.14159, 2024-01-01",
    "punctuation!!! ... ??? -- 'quoted' \"double\" (paren) [bracket]",
    "ＦＵＬＬＷＩＤＴＨ ｌｅｔｔｅｒｓ and ﬁ ligature Ω ohm",
    "It's I'm we'll they've she'd you're",
    "under_score hyphen-ated CamelCase snake_case_word",
    "The [MASK] sat on the mat.",
    "The <mask> sat on the mat.",
    "<s>already wrapped</s>",
    "[CLS] bert [SEP] tokens [PAD] [UNK]",
    "x<mask>y  <mask>  z",
    "hello world and hello worldly",
    "",
    " ",
    "\u00a0nbsp\u2003em space\u3000ideographic",
    "a" * 25 + " eeeee lllllll ooooooooo sssss tttttt hmmmmm!!!!!!! zzz",
    "Mississippi bookkeeper committee aardvark balloon coffee",
    "Ελληνικά Русский текст עברית العربية हिन्दी",
]

SPECIALS = {
    "spm-unigram.model": ["<unk>", "<s>", "</s>"],
    "spm-bpe.model": ["<unk>", "<s>", "</s>"],
    "xlmr/sentencepiece.bpe.model": ["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
}

RULES = [  # source code points -> target code points (hex)
    ("9", "20"), ("a", "20"), ("d", "20"), ("3000", "20"), ("a0", "20"),
    ("2003", "20"), ("fb01", "66 69"), ("2126", "3a9"),
    ("65 301", "e9"), ("65 300", "e8"), ("200b", ""),
] + [("%x" % (0xFF21 + i), "%x" % (0x41 + i)) for i in range(26)] + \
    [("%x" % (0xFF41 + i), "%x" % (0x61 + i)) for i in range(26)]


def corpus(path):
    text = ""
    for name in ("pg11.txt", "pg1342.txt"):
        with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
            text += f.read()[:300000]
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def train(prefix, **kw):
    spm.SentencePieceTrainer.train(model_prefix=prefix, minloglevel=2, **kw)


def cut(text, specials, lstrip=()):
    """[(is_special, string)] with the specials cut out, leftmost-longest."""
    out, pos, start = [], 0, 0
    while pos < len(text):
        best = None
        for s in specials:
            if text.startswith(s, pos) and (best is None or len(s) > len(best)):
                best = s
        if best is None:
            pos += 1
            continue
        a = pos
        if best in lstrip:
            while a > start and text[a - 1].isspace():
                a -= 1
        if a > start:
            out.append((False, text[start:a]))
        out.append((True, best))
        pos = start = pos + len(best)
    if start < len(text):
        out.append((False, text[start:]))
    return out


def fairseq(i, n):
    return {0: 3, 1: 0, 2: 2}.get(i, i + 1)


def main():
    os.makedirs(OUT + "/xlmr", exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        text = tmp + "/corpus.txt"
        corpus(text)
        rules = tmp + "/rules.tsv"
        with open(rules, "w") as f:
            for a, b in RULES:
                f.write("%s\t%s\n" % (a, b))
        common = dict(input=text, character_coverage=0.9995, num_threads=1,
                      input_sentence_size=0, shuffle_input_sentence=False)
        train(tmp + "/u", model_type="unigram", vocab_size=1000,
              normalization_rule_tsv=rules, **common)
        train(tmp + "/b", model_type="bpe", vocab_size=1000, byte_fallback=True,
              normalization_rule_name="identity", remove_extra_whitespaces=False,
              **common)
        train(tmp + "/x", model_type="unigram", vocab_size=800,
              normalization_rule_tsv=rules, **common)
        for src, dst in (("u", "spm-unigram.model"), ("b", "spm-bpe.model"),
                         ("x", "xlmr/sentencepiece.bpe.model")):
            os.replace("%s/%s.model" % (tmp, src), "%s/%s" % (OUT, dst))
    with open(OUT + "/inputs.json", "w", encoding="utf-8") as f:
        json.dump(INPUTS, f, ensure_ascii=True, indent=0)
    expected = {}
    for name, specials in SPECIALS.items():
        sp = spm.SentencePieceProcessor(model_file=OUT + "/" + name)
        xl = name.startswith("xlmr")
        n = sp.get_piece_size()
        ids_of = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "<mask>": n + 1} \
            if xl else {s: sp.piece_to_id(s) for s in specials}
        rows = []
        for text in INPUTS:
            ids, pieces = [], []
            for special, s in cut(text, specials, ("<mask>",) if xl else ()):
                if special:
                    ids.append(ids_of[s])
                    pieces.append(s)
                    continue
                got = sp.encode(s)
                ids += [fairseq(i, n) if xl else i for i in got]
                pieces += [sp.id_to_piece(i) for i in got]
            rows.append({"ids": ids, "pieces": pieces})
        expected[name] = rows
    with open(OUT + "/spm-expected.json", "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, separators=(",", ":"))
    print("wrote", len(INPUTS), "inputs,", len(SPECIALS), "models", file=sys.stderr)


if __name__ == "__main__":
    main()
