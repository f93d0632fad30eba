#!/usr/bin/python3
"""gen-eval-reference.py - gensim 4.2's figures for `eval analogy` and `eval sim`.

Writes tests/data/eval/: copies of small evaluation files from
../shared/data/eval (word-pair sets, with their CRLF / no-final-newline /
comment quirks), a sample of questions-words.txt (every 8th question of each
section), hand-made files with the quirks gensim tolerates (case, blank and
malformed lines, CRLF, odd section lines, non-ASCII upper-casing), and
reference.tsv: what gensim says about them on the word2vec-format models in
tests/data, under several restrict_vocab and case settings.

Run with Debian's python (gensim 4.2, numpy, scipy):
    /usr/bin/python3 tests/gen-eval-reference.py [SHARED_DATA_DIR]

reference.tsv rows (tab-separated; '#' lines are comments):
  analogy MODEL FILE RESTRICT CASE_SENSITIVE MUL SECTION CORRECT SEEN OOV
      SECTION 'total' is the sum. CORRECT/SEEN come from
      evaluate_word_analogies (MUL=0). OOV (questions skipped for a word
      outside the first RESTRICT words) is counted by this script the way
      gensim decides it, and checked against gensim's logged total ratio.
      MUL=1 rows come from the same loop with most_similar_cosmul over the
      first RESTRICT words (gensim 4.2's evaluate_word_analogies ignores
      similarity_function); the loop is checked against gensim with MUL=0.
  sim MODEL FILE RESTRICT CASE_SENSITIVE PEARSON SPEARMAN OOV_FRACTION
      from evaluate_word_pairs (OOV_FRACTION = gensim's percentage / 100).
MODEL and FILE are paths relative to tests/data.
"""
import io
import logging
import os
import re
import shutil
import sys

import numpy as np
from gensim.models import KeyedVectors

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, 'data')
OUT = os.path.join(DATA, 'eval')
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', 'shared', 'data')

SIM_FILES = ['gensim-wordsim353.tsv', 'gensim-simlex999.txt', 'word-sim/EN-MC-30.txt',
             'word-sim/EN-RG-65.txt', 'word-sim/EN-YP-130.txt', 'word-sim/EN-VERB-143.txt',
             'word-sim/EN-WS-353-ALL.txt', 'word-sim/EN-MTurk-287.txt',
             'word-sim/EN-MEN-TR-3k.txt']

MODELS = {
    'eval/case-model.txt': dict(binary=False),
    'gutenberg-w2v-cbow32.bin': dict(binary=True),
    'euclidean_vectors.bin': dict(binary=True),
    'test_glove.txt': dict(binary=False, no_header=True),
}

ANALOGY_QUIRKS = """: capital-common-countries
athens greece baghdad iraq
Athens Greece Berlin Germany
ATHENS GREECE LONDON ENGLAND
paris france london england\r
paris   france\tlondon  england

paris france london
paris france london england extra
:  :: odd section name  \r
man king woman queen
MAN KING WOMAN QUEEN
he his she her
his he her she
good better bad worse
good better good better
boy girl brother sister
walking walked running ran
:nospace is not a section line
king queen man woman
: empty-section
: unicode
straße strasse maße masse
café cafe naïve naive
: last
man woman king queen
"""

# a small model whose words have case variants and non-ASCII upper cases, so
# that which variant a key finds (the first) and which answers are left out
# (by key) matter; vectors are random from a fixed seed
CASE_WORDS = ['the', 'Paris', 'paris', 'PARIS', 'france', 'France', 'berlin', 'germany',
              'Straße', 'STRASSE', 'strasse', 'maße', 'MASSE', 'ǅemal', 'ǆemal', 'ﬁne', 'FINE',
              'café', 'CAFÉ', 'naïve', 'ΐx', 'tokyo', 'japan', 'rome', 'italy', 'king', 'queen',
              'man', 'woman', 'King', 'boy', 'girl', 'he', 'she', 'his', 'her', 'good', 'better',
              'bad', 'worse', 'big', 'bigger', 'small', 'smaller']

ANALOGY_CASE = """: capitals
paris france berlin germany
Paris France Tokyo Japan
PARIS FRANCE ROME ITALY
berlin germany paris france
tokyo japan rome italy
: unicode
straße strasse maße masse
STRASSE straße MASSE maße
ǆemal ǅemal ﬁne FINE
café CAFÉ naïve NAÏVE
ΐx ΐX café cafe
: family
man woman king queen
King queen man woman
boy girl he she
he she his her
his her boy girl
: grammar
good better bad worse
big bigger small smaller
bad worse good better
small smaller big bigger
"""

# gensim reads this one too, but a question before the first section makes it
# raise; vecscope skips that line and reports it
ANALOGY_BAD = """athens greece baghdad iraq
: section
only three words
"""

SIM_QUIRKS = ("# a comment line\n"
              "love\tsex\t6.77\r\n"
              "Tiger\tcat\t7.35\r\n"
              "tiger\tTIGER\t10.00\r\n"
              "book\tpaper\t7.46\n"
              "\n"
              "computer\tkeyboard\n"
              "computer\tkeyboard\tseven\n"
              "# another comment\n"
              "plane\tcar\t5.77\n"
              "train\tcar\t6.31\n"
              "telephone\tcommunication\t7.50\n"
              "television\tradio\t6.77\n"
              "media\tradio\t7.42\n"
              "drug\tabuse\t6.85\n"
              "bread\tbutter\t6.19\n"
              "cucumber\tpotato\t5.92\n"
              "doctor\tnurse\t7.00\n"
              "professor\tdoctor\t6.62\n"
              "student\tprofessor\t6.81\n"
              "smart\tstudent\t4.62\n"
              "smart\tstupid\t5.81\n"
              "company\tstock\t7.08\n"
              "stock\tmarket\t8.08\n"
              "stock\tphone\t1.62\n"
              "stock\tCD\t1.31\n"
              "stock\tjaguar\t0.92\n"
              "stock\tegg\t1.81\n"
              "fertility\tegg\t6.69\n"
              "xyzzyq\tstock\t3.00\n"
              "king\tqueen\t8.58\n"
              "man\twoman\t8.30\n"
              "father\tmother\t7.5\n"
              "house\thome\t8.5")


def sample_questions(src, dst, every=8):
    with open(src, 'rb') as f:
        lines = f.read().split(b'\n')
    out, k = [], 0
    for line in lines:
        if line.startswith(b': '):
            out.append(line)
            k = 0
        elif line.strip():
            if k % every == 0:
                out.append(line)
            k += 1
    with open(dst, 'wb') as f:
        f.write(b'\n'.join(out) + b'\n')


class OOVCatcher(logging.Handler):
    def __init__(self):
        super().__init__()
        self.ratio = None

    def emit(self, record):
        msg = record.getMessage()
        m = re.match(r'Quadruplets with out-of-vocabulary words: ([0-9.]+)%', msg)
        if m:
            self.ratio = float(m.group(1))


def ok_vocab_of(kv, restrict, case_insensitive):
    ok_keys = kv.index_to_key[:restrict]
    if case_insensitive:
        return {k.upper(): kv.get_index(k) for k in reversed(ok_keys)}
    return {k: kv.get_index(k) for k in reversed(ok_keys)}


def count_oov(kv, path, restrict, case_insensitive):
    """Per-section questions skipped for a word outside ok_vocab, decided as
    evaluate_word_analogies decides it."""
    ok_vocab = ok_vocab_of(kv, restrict, case_insensitive)
    counts, order, section = {}, [], None
    with open(path, 'rb') as fin:
        for line in fin:
            line = line.decode('utf-8')
            if line.startswith(': '):
                section = line.lstrip(': ').strip()
                order.append(section)
                counts.setdefault(section, 0)
                continue
            if section is None:
                continue
            words = line.split()
            if len(words) != 4:
                continue
            if case_insensitive:
                words = [w.upper() for w in words]
            if any(w not in ok_vocab for w in words):
                counts[section] += 1
    return [counts[s] for s in order]


def cosmul_eval(kv, path, restrict, case_insensitive, use_mul):
    """evaluate_word_analogies' loop, with most_similar_cosmul (or
    most_similar, to check the loop) over the first `restrict` words."""
    n = min(restrict, len(kv.index_to_key))
    sub = KeyedVectors(kv.vector_size, count=0, dtype=kv.vectors.dtype)
    sub.add_vectors(kv.index_to_key[:n], kv.vectors[:n])
    sub.fill_norms(force=True)
    ok_vocab = ok_vocab_of(sub, n, case_insensitive)
    sections, section = [], None
    with open(path, 'rb') as fin:
        for line in fin:
            line = line.decode('utf-8')
            if line.startswith(': '):
                if section:
                    sections.append(section)
                section = {'section': line.lstrip(': ').strip(), 'correct': 0, 'seen': 0}
                continue
            if section is None:
                continue
            try:
                if case_insensitive:
                    a, b, c, expected = [w.upper() for w in line.split()]
                else:
                    a, b, c, expected = line.split()
            except ValueError:
                continue
            if a not in ok_vocab or b not in ok_vocab or c not in ok_vocab or expected not in ok_vocab:
                continue
            original = sub.key_to_index
            sub.key_to_index = ok_vocab
            ignore = {a, b, c}
            predicted = None
            if use_mul:
                sims = sub.most_similar_cosmul(positive=[b, c], negative=[a], topn=5)
            else:
                sims = sub.most_similar(positive=[b, c], negative=[a], topn=5, restrict_vocab=n)
            sub.key_to_index = original
            for element in sims:
                predicted = element[0].upper() if case_insensitive else element[0]
                if predicted in ok_vocab and predicted not in ignore:
                    break
            section['seen'] += 1
            section['correct'] += int(predicted == expected)
    if section:
        sections.append(section)
    return [(s['section'], s['correct'], s['seen']) for s in sections]


def main():
    os.makedirs(OUT, exist_ok=True)
    ev = os.path.join(SHARED, 'eval')
    for f in SIM_FILES:
        shutil.copyfile(os.path.join(ev, f), os.path.join(OUT, os.path.basename(f)))
    sample_questions(os.path.join(ev, 'questions-words.txt'),
                     os.path.join(OUT, 'questions-words-every8.txt'))
    # structured so that the analogies mostly work: capital = country + R,
    # female = male + G, comparative = base + C, a case variant = its word
    # plus a little noise; each plus noise
    rng = np.random.default_rng(20260101)
    rel = {k: rng.standard_normal(8) for k in 'RGC'}
    derive = {'paris': ('france', 'R'), 'berlin': ('germany', 'R'), 'tokyo': ('japan', 'R'),
              'rome': ('italy', 'R'), 'woman': ('man', 'G'), 'queen': ('king', 'G'),
              'girl': ('boy', 'G'), 'she': ('he', 'G'), 'her': ('his', 'G'),
              'better': ('good', 'C'), 'worse': ('bad', 'C'), 'bigger': ('big', 'C'),
              'smaller': ('small', 'C')}
    variant = {'Paris': 'paris', 'PARIS': 'paris', 'France': 'france', 'STRASSE': 'Straße',
               'strasse': 'Straße', 'MASSE': 'maße', 'ǆemal': 'ǅemal', 'FINE': 'ﬁne',
               'CAFÉ': 'café', 'King': 'king'}
    base = {}
    for w in CASE_WORDS:
        if w in derive:
            src, r = derive[w]
            base[w] = base.get(src, None)
    order = sorted(CASE_WORDS, key=lambda w: (w in derive) + 2 * (w in variant))
    for w in order:
        if w in derive:
            src, r = derive[w]
            base[w] = base[src] + rel[r] + 0.2 * rng.standard_normal(8)
        elif w in variant:
            base[w] = base[variant[w]] + 0.3 * rng.standard_normal(8)
        else:
            base[w] = rng.standard_normal(8)
    vecs = np.array([base[w] for w in CASE_WORDS], dtype=np.float32)
    with open(os.path.join(OUT, 'case-model.txt'), 'w', encoding='utf-8') as f:
        f.write('%d 8\n' % len(CASE_WORDS))
        for w, v in zip(CASE_WORDS, vecs):
            f.write(w + ' ' + ' '.join('%.9g' % x for x in v) + '\n')
    with open(os.path.join(OUT, 'analogy-case.txt'), 'wb') as f:
        f.write(ANALOGY_CASE.encode('utf-8'))
    with open(os.path.join(OUT, 'analogy-quirks.txt'), 'wb') as f:
        f.write(ANALOGY_QUIRKS.encode('utf-8'))
    with open(os.path.join(OUT, 'analogy-bad.txt'), 'wb') as f:
        f.write(ANALOGY_BAD.encode('utf-8'))
    with open(os.path.join(OUT, 'sim-quirks.txt'), 'wb') as f:
        f.write(SIM_QUIRKS.encode('utf-8'))
    with open(os.path.join(OUT, 'sim-spaces.txt'), 'wb') as f:
        f.write(SIM_QUIRKS.replace('\t', ' ').encode('utf-8'))

    catcher = OOVCatcher()
    logging.getLogger('gensim.models.keyedvectors').addHandler(catcher)
    logging.getLogger('gensim.models.keyedvectors').setLevel(logging.INFO)

    rows = []
    analogy_files = ['questions-words-every8.txt', 'analogy-quirks.txt', 'analogy-case.txt']
    sim_files = [os.path.basename(f) for f in SIM_FILES] + ['sim-quirks.txt']
    for model, how in MODELS.items():
        kv = KeyedVectors.load_word2vec_format(os.path.join(DATA, model), **how)
        restricts = [300000, 2000, 500] if len(kv) > 100 else [300000, 30, 12]
        for af in analogy_files:
            path = os.path.join(OUT, af)
            for restrict in restricts:
                for ci in (True, False):
                    score, sections = kv.evaluate_word_analogies(
                        path, restrict_vocab=restrict, case_insensitive=ci)
                    oov = count_oov(kv, path, restrict, ci)
                    total_q = sum(len(s['correct']) + len(s['incorrect']) for s in sections[:-1]) + sum(oov)
                    assert catcher.ratio is not None
                    assert abs(catcher.ratio - 100.0 * sum(oov) / total_q) <= 0.05 + 1e-9, (catcher.ratio, oov)  # logged as %.1f%%
                    mine = cosmul_eval(kv, path, restrict, ci, False)
                    theirs = [(s['section'], len(s['correct']),
                               len(s['correct']) + len(s['incorrect'])) for s in sections[:-1]]
                    assert mine == theirs, (model, af, restrict, ci, mine, theirs)
                    for s, o in zip(sections[:-1], oov):
                        c = len(s['correct'])
                        rows.append(['analogy', model, 'eval/' + af, restrict, int(not ci), 0,
                                     s['section'], c, c + len(s['incorrect']), o])
                    t = sections[-1]
                    rows.append(['analogy', model, 'eval/' + af, restrict, int(not ci), 0, 'total',
                                 len(t['correct']), len(t['correct']) + len(t['incorrect']), sum(oov)])
                    if restrict == 300000 or af != 'questions-words-every8.txt':
                        mul = cosmul_eval(kv, path, restrict, ci, True)
                        for (name, c, seen), o in zip(mul, oov):
                            rows.append(['analogy', model, 'eval/' + af, restrict, int(not ci), 1,
                                         name, c, seen, o])
                        rows.append(['analogy', model, 'eval/' + af, restrict, int(not ci), 1,
                                     'total', sum(x[1] for x in mul), sum(x[2] for x in mul),
                                     sum(oov)])
        for sf in sim_files:
            path = os.path.join(OUT, sf)
            for restrict in ((300000, 1000) if len(kv) > 100 else (300000, 20)):
                for ci in (True, False):
                    try:
                        pearson, spearman, oov = kv.evaluate_word_pairs(
                            path, restrict_vocab=restrict, case_insensitive=ci)
                    except ValueError:
                        continue  # no pair with both words known
                    rows.append(['sim', model, 'eval/' + sf, restrict, int(not ci),
                                 '%.17g' % pearson[0], '%.17g' % spearman[0],
                                 '%.17g' % (oov / 100.0)])
        # space-separated pairs: gensim with delimiter=' ' on that file
        path = os.path.join(OUT, 'sim-spaces.txt')
        try:
            pearson, spearman, oov = kv.evaluate_word_pairs(path, delimiter=' ')
        except ValueError:
            continue
        rows.append(['sim', model, 'eval/sim-spaces.txt', 300000, 0, '%.17g' % pearson[0],
                     '%.17g' % spearman[0], '%.17g' % (oov / 100.0)])
    with open(os.path.join(OUT, 'reference.tsv'), 'w', encoding='utf-8') as f:
        f.write('# made by tests/gen-eval-reference.py with gensim 4.2 (Debian python3-gensim); '
                'see its docstring for the columns\n')
        for r in rows:
            f.write('\t'.join(str(x) for x in r) + '\n')
    print('%d reference rows' % len(rows))


if __name__ == '__main__':
    main()
