#!/usr/bin/python3
"""ref_gensim.py - the gensim side of the static-embedding benchmark.

Two modes, each one fresh process (run it with Debian's /usr/bin/python3,
which has python3-gensim 4.2 and numpy):

  ref_gensim.py first MODEL bin|txt WORD
      What a user does to get a first answer: import gensim, load the file
      with KeyedVectors.load_word2vec_format(binary=...), most_similar(WORD,
      topn=10), print "word<TAB>score" rows. run-static.sh times the whole
      process from outside (interpreter start and imports included).

  ref_gensim.py query MODEL bin|txt QUERIES [REPEAT]
      In-process time of one most_similar(WORD, topn=10): load, one warm-up
      call (it fills the unit-norm rows), then REPEAT (default 20) calls on
      different words from the file QUERIES, each timed with
      time.perf_counter (and time.process_time for CPU). Prints one JSON object (seconds).

The imports sit at the top on purpose: their cost is part of "first".
"""
import json
import statistics
import sys
import time

from gensim.models import KeyedVectors


def load(path, kind):
    return KeyedVectors.load_word2vec_format(path, binary=(kind == "bin"))


def first(path, kind, word):
    kv = load(path, kind)
    out = []
    for w, s in kv.most_similar(word, topn=10):
        out.append("%s\t%.6f\n" % (w, s))
    sys.stdout.write("".join(out))


def query(path, kind, qfile, repeat):
    words = open(qfile, encoding="utf-8").read().split()
    t0 = time.perf_counter()
    kv = load(path, kind)
    t1 = time.perf_counter()
    kv.most_similar(words[-1], topn=10)          # warm-up: fills the norms
    t2 = time.perf_counter()
    times, cpu = [], []
    for i in range(repeat):
        w = words[i % len(words)]
        a, c = time.perf_counter(), time.process_time()
        kv.most_similar(w, topn=10)
        times.append(time.perf_counter() - a)
        cpu.append(time.process_time() - c)
    print(json.dumps({"load_s": t1 - t0, "warmup_s": t2 - t1,
                      "median_s": statistics.median(times),
                      "min_s": min(times), "max_s": max(times),
                      "cpu_median_s": statistics.median(cpu),
                      "n": repeat}))


def main(argv):
    if len(argv) >= 5 and argv[1] == "first":
        first(argv[2], argv[3], argv[4])
    elif len(argv) >= 5 and argv[1] == "query":
        query(argv[2], argv[3], argv[4], int(argv[5]) if len(argv) > 5 else 20)
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
