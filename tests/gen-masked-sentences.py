#!/usr/bin/python3
"""gen-masked-sentences.py - 200 masked sentences from the Gutenberg books,
for the accuracy test of the encoder at lower precision (check_precision.c:
`fill`'s top-1 token at int8 and bf16 against f32).

Reads shared/data/corpus/gutenberg12.norm.txt (12 Project Gutenberg books,
lower-cased, one paragraph a line, punctuation removed) and writes
tests/data/precision/masked-200.txt: 200 lines, each a run of 12 to 24
consecutive words of a paragraph with one word replaced by [MASK]. Lines are
picked with a fixed seed, from paragraphs of at least 12 words; the masked
word is one of at least three letters that bert-base-uncased's vocabulary
(samples/bert-gutenberg-mini/vocab.txt) holds whole, so that [MASK] stands
for exactly one word piece.

    /usr/bin/python3 tests/gen-masked-sentences.py [CORPUS]
"""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
CORPUS = os.path.join(TOP, "..", "shared", "data", "corpus", "gutenberg12.norm.txt")
OUT = os.path.join(HERE, "data", "precision", "masked-200.txt")
VOCAB = os.path.join(TOP, "samples", "bert-gutenberg-mini", "vocab.txt")


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else CORPUS
    with open(VOCAB, encoding="utf-8") as f:
        vocab = {line.rstrip("\n") for line in f}
    with open(corpus, encoding="utf-8") as f:
        paragraphs = [p.split() for p in f if len(p.split()) >= 12]
    rng = random.Random(18)
    lines, seen = [], set()
    while len(lines) < 200:
        words = rng.choice(paragraphs)
        n = rng.randint(12, min(24, len(words)))
        start = rng.randint(0, len(words) - n)
        run = words[start:start + n]
        spots = [i for i, w in enumerate(run) if len(w) >= 3 and w in vocab]
        if not spots:
            continue
        i = rng.choice(spots)
        line = " ".join(run[:i] + ["[MASK]"] + run[i + 1:])
        if line not in seen:
            seen.add(line)
            lines.append(line)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
    print("wrote %s: %d lines" % (OUT, len(lines)))


if __name__ == "__main__":
    main()
