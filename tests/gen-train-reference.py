#!/usr/bin/python3
"""gen-train-reference.py - reference values for tests/check_train.c.

Run with Debian's python (gensim 4.2) from the source folder:
    /usr/bin/python3 tests/gen-train-reference.py
Writes, for tests/data/train/alice-120.txt (120 lines of Alice's Adventures
in Wonderland, from shared/data/corpus/gutenberg12.norm.txt) and
tests/data/train/quirks.txt (CRLF, tabs, blank lines, no final newline,
UTF-8 words):

  tests/ref/train-NAME.vocab.tsv  "# lines L tokens N types T min_count C"
      then "word<TAB>count", most frequent first, ties by first appearance.
      The order is Counter.most_common over bytes.split() (ASCII blanks, as
      vecscope splits). For alice the words and counts are also checked
      against gensim's Word2Vec.build_vocab (LineSentence, min_count 2), the
      reference implementation; gensim orders ties by numpy's unstable
      argsort, so only its counts by rank are compared. quirks is checked
      by the Counter alone (gensim would split on Unicode blanks too).
  tests/ref/train-alice-120.huffman.tsv  "# cost X": sum over words of
      count x code length in gensim's Huffman tree (hs=1). Optimal codes
      can differ when counts tie, but their cost cannot.
  tests/ref/train-alice-120.cooc.tsv  GloVe co-occurrences, window 3,
      min_count 2, over the kept words of each line: "i<TAB>j<TAB>x" for
      i <= j (vocabulary ids), x = sum of 1/distance, doubled when i == j,
      as GloVe's cooccur counts both directions.
"""
import collections
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(TOP, "tests", "data", "train")
REF = os.path.join(TOP, "tests", "ref")


def count(path):
    data = open(path, "rb").read()
    lines = data.split(b"\n")
    nlines = len(lines) - (1 if data.endswith(b"\n") else 0)
    sentences = [line.split() for line in lines]
    c = collections.Counter(w for s in sentences for w in s)
    return sentences, c, nlines


def write_vocab(name, min_count, order=None):
    sentences, c, nlines = count(os.path.join(DATA, name + ".txt"))
    kept = [(w, n) for w, n in c.most_common() if n >= min_count]
    if order is not None:
        assert {w.decode(): n for w, n in kept} == order, "gensim and Counter disagree"
    with open(os.path.join(REF, "train-%s.vocab.tsv" % name), "w", encoding="utf-8") as f:
        f.write("# lines %d tokens %d types %d min_count %d\n" %
                (nlines, sum(c.values()), len(c), min_count))
        for w, n in kept:
            f.write("%s\t%d\n" % (w.decode("utf-8"), n))
    return sentences, kept


def main():
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence
    alice = os.path.join(DATA, "alice-120.txt")
    m = Word2Vec(min_count=2, hs=1, negative=0, vector_size=4, workers=1)
    m.build_vocab(LineSentence(alice))
    gensim_vocab = {w: m.wv.get_vecattr(w, "count") for w in m.wv.index_to_key}
    sentences, kept = write_vocab("alice-120", 2, order=gensim_vocab)
    cost = sum(m.wv.get_vecattr(w, "count") * len(m.wv.get_vecattr(w, "code"))
               for w in m.wv.index_to_key)
    with open(os.path.join(REF, "train-alice-120.huffman.tsv"), "w") as f:
        f.write("# cost %d\n" % cost)
    write_vocab("quirks", 1)

    ids = {w: i for i, (w, _) in enumerate(kept)}
    cooc = collections.defaultdict(float)
    for s in sentences:
        s = [ids[w] for w in s if w in ids]
        for p in range(len(s)):
            for q in range(max(0, p - 3), p):
                a, b = s[q], s[p]
                w = 1.0 / (p - q) * (2 if a == b else 1)
                cooc[(min(a, b), max(a, b))] += w
    with open(os.path.join(REF, "train-alice-120.cooc.tsv"), "w") as f:
        for (i, j), x in sorted(cooc.items()):
            f.write("%d\t%d\t%.9g\n" % (i, j, x))
    print("wrote tests/ref/train-*.tsv: %d words, %d co-occurrences" % (len(kept), len(cooc)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
