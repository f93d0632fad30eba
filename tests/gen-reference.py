#!/usr/bin/python3
"""
gen-reference.py - gensim 4.2's answers to the questions vecscope answers, for
the parity test (tests/run-parity.sh).

vecscope promises the same answers as gensim 4.2's KeyedVectors for nearest
neighbours (most_similar), analogies by 3CosAdd (most_similar) and 3CosMul
(most_similar_cosmul), similarity, odd one out (doesnt_match) and raw vectors.
This script asks gensim those questions about a set of models and writes the
answers as vecscope command lines with their expected `--tsv` output, so that
`make check` can compare without Python.

It does two things:

1. Writes small synthetic models into tests/data/gen/ with numpy under a fixed
   seed (the files are committed; rerunning rewrites them byte for byte):
     w2v-2000x50.bin / .txt  the same 2000 x 50 matrix as word2vec binary and
                             text (written by gensim's save_word2vec_format);
                             clustered rows plus planted analogies
     glove-400x25.txt        GloVe text: no header line
     dups.txt                words that occur twice (gensim keeps the first)
     utf8.bin                non-ASCII words: accents, CJK, Cyrillic, Greek,
                             Arabic, emoji, and NFC/NFD forms of one word
     zero-row.txt            an all-zero row (never ranked; similarity 0) and
                             two words with identical vectors (exact tie)
     case.txt                words that differ only in case
2. Loads each of those and the real models copied into tests/data/ with gensim
   (KeyedVectors.load_word2vec_format; no_header=True for GloVe) and writes
   tests/ref/<model>.ref:

     # model: tests/data/gen/w2v-2000x50.bin
     > nn king -k 10
     queen<TAB>0.812345672
     ...
     > sim king queen
     0.712345672
     > vec king
     0.1<TAB>0.2<TAB>...
     > nn notaword
     ! exit 1

   Each case is a vecscope command after "> ", then the lines vecscope must
   print for it with --tsv (scores as float32 values written with %.9g, so
   they read back exactly). "! exit 1" means the command must fail with exit
   status 1 (gensim raises KeyError there).

Notes on gensim 4.2 that decide what is asked:
* most_similar_cosmul takes restrict_vocab but ignores it (it scores every
  row), so no `analogy --mul --restrict` case is written.
* doesnt_match ignores words that are not in the vocabulary (with a warning)
  instead of failing, so no `odd` error case is written.
* A zero row has norm 0: most_similar scores it NaN and never ranks it;
  similarity with it is 0 (matutils.unitvec leaves a zero vector alone).
  (Only while k is at most the number of rows with a finite score: past
  that, gensim lists zero rows with score NaN; no case asks for that.)
  Querying *with* the zero word gives all-NaN scores in gensim, so it is not
  asked.
* A text file with duplicate words: gensim keeps the first vector of each,
  but leaves one all-zero row keyed None at the end per repeat (its shrink
  step compares against the preallocated length). Such rows never rank, so
  the answers are those of the de-duplicated model.
* Ranked cases whose k-th and (k+1)-th scores are closer than TIE_GAP are
  dropped (with a note on stderr): which word makes the cut there is float
  rounding, not behaviour.

Run it from the source tree with the system Python (Debian python3-gensim,
python3-numpy):   /usr/bin/python3 tests/gen-reference.py
"""

import json
import logging
import os
import struct
import sys
import unicodedata

import numpy as np
import gensim
from gensim.models import KeyedVectors

SEED = 20240531
TIE_GAP = 2e-6           # min gap between the k-th and (k+1)-th score
SRCDIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = 'tests/data/gen'
REF = 'tests/ref'
REAL = REAL_DTYPE = np.float32


def path(rel):
    return os.path.join(SRCDIR, rel)


def note(msg):
    print('gen-reference: ' + msg, file=sys.stderr)


# ---------------------------------------------------------------------------
# Synthetic models

SYLLABLES = [c + v for c in 'bdfghklmnprstvz' for v in 'aeiou'] + \
            ['ar', 'en', 'il', 'on', 'us', 'ka', 'mo', 'ri']


def pseudo_words(rng, n, taken):
    """n distinct pronounceable lower-case words not in taken."""
    out = []
    seen = set(taken)
    while len(out) < n:
        k = rng.integers(2, 5)
        w = ''.join(SYLLABLES[i] for i in rng.integers(0, len(SYLLABLES), k))
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def quantize(m, decimals=4):
    """Rows rounded to a few decimals, as float32 (keeps the text files small;
    repr of the float32 is then short)."""
    return np.round(m, decimals).astype(REAL)


def clustered(rng, n, dim, nclusters, spread=0.55):
    """n rows around nclusters random centres (unit-ish), so that neighbour
    lists have clear winners."""
    centres = rng.normal(0, 1, (nclusters, dim)) / np.sqrt(dim)
    which = rng.integers(0, nclusters, n)
    return centres[which] + rng.normal(0, spread / np.sqrt(dim), (n, dim))


def planted_analogies(rng, dim):
    """Words built from attribute vectors, so that king - man + woman lands
    on queen, bigger - big + small on smaller, and so on (with noise)."""
    a = {name: rng.normal(0, 1, dim) / np.sqrt(dim) for name in (
        'person', 'royal', 'common', 'male', 'female', 'young', 'adult',
        'size', 'big', 'small', 'good', 'bad', 'base', 'comp', 'sup',
        'place', 'north', 'south', 'city', 'land')}
    table = {
        'king': 'person royal male adult', 'queen': 'person royal female adult',
        'man': 'person common male adult', 'woman': 'person common female adult',
        'prince': 'person royal male young', 'princess': 'person royal female young',
        'boy': 'person common male young', 'girl': 'person common female young',
        'big': 'size big base', 'bigger': 'size big comp', 'biggest': 'size big sup',
        'small': 'size small base', 'smaller': 'size small comp', 'smallest': 'size small sup',
        'good': 'size good base', 'better': 'size good comp', 'best': 'size good sup',
        'bad': 'size bad base', 'worse': 'size bad comp', 'worst': 'size bad sup',
        'nordland': 'place north land', 'nordby': 'place north city',
        'sudland': 'place south land', 'sudby': 'place south city',
    }
    words = list(table)
    rows = np.array([sum(a[x] for x in table[w].split()) for w in words])
    rows += rng.normal(0, 0.25 / np.sqrt(dim), rows.shape)
    return words, rows


def make_kv(words, rows):
    kv = KeyedVectors(rows.shape[1], count=0, dtype=REAL)
    kv.add_vectors(words, rows.astype(REAL))
    # save_word2vec_format sorts by 'count': give counts in our row order
    for i, w in enumerate(words):
        kv.set_vecattr(w, 'count', len(words) - i)
    return kv


def write_w2v_text_raw(fname, words, rows, header_count=None):
    """word2vec text format written by hand (for files gensim's writer cannot
    produce, such as duplicate words), in the same style: repr of float32."""
    n = len(words) if header_count is None else header_count
    with open(fname, 'w', encoding='utf-8', newline='\n') as f:
        f.write('%d %d\n' % (n, rows.shape[1]))
        for w, r in zip(words, rows):
            f.write(w + ' ' + ' '.join(repr(v) for v in r.astype(REAL)) + '\n')


def make_models(rng):
    os.makedirs(path(GEN), exist_ok=True)

    # -- w2v-2000x50: clustered pseudo-words, planted analogies near the top
    dim = 50
    aw, arows = planted_analogies(rng, dim)
    filler = pseudo_words(rng, 2000 - len(aw), aw)
    frows = clustered(rng, len(filler), dim, 60)
    # planted words spread through the frequency ranks (some beyond 1000)
    words = list(filler)
    rows = list(frows)
    slots = sorted(rng.choice(np.arange(5, 1900), len(aw), replace=False))
    for s, w, r in zip(slots, aw, arows):
        words.insert(s, w)
        rows.insert(s, r)
    rows = quantize(np.array(rows))
    kv = make_kv(words, rows)
    kv.save_word2vec_format(path(GEN + '/w2v-2000x50.bin'), binary=True)
    kv.save_word2vec_format(path(GEN + '/w2v-2000x50.txt'), binary=False)

    # -- glove-400x25: no header, GloVe-ish tokens (punctuation, 's)
    dim = 25
    punct = ['the', ',', '.', 'of', 'and', "'s", '(', ')', 'to', 'a']
    gw = punct + pseudo_words(rng, 390, punct)
    grows = quantize(clustered(rng, len(gw), dim, 20))
    make_kv(gw, grows).save_word2vec_format(
        path(GEN + '/glove-400x25.txt'), binary=False, write_header=False)

    # -- dups: 200 x 10 with 5 words repeated later with other vectors
    dim = 10
    dw = pseudo_words(rng, 200, [])
    drows = quantize(clustered(rng, 200, dim, 8))
    dup_at = [(3, 50), (17, 120), (60, 61), (100, 199), (150, 160)]
    words, rows = list(dw), list(drows)
    for src, at in sorted(dup_at, key=lambda x: -x[1]):
        # the repeat sits right next to a very different direction
        words.insert(at, dw[src])
        rows.insert(at, quantize(-drows[src] + rng.normal(0, 0.1, dim)))
    write_w2v_text_raw(path(GEN + '/dups.txt'), words, np.array(rows))

    # -- utf8: 300 x 16 binary, non-ASCII words in two clusters
    dim = 16
    nonascii = ['café', 'naïve', 'naïveté', 'Müller', 'über', 'straße',
                'Straße', '中文', '日本語', '北海道', '札幌', 'паровоз',
                'монарх', 'хозяйка', 'Ελληνικά', 'العربية', 'हिन्दी', '😀',
                '🚑🚒🚓🚕', 'é', unicodedata.normalize('NFD', 'é'),
                'ﬁnance', 'Ωmega', 'ǅemal']
    uw = pseudo_words(rng, 300 - len(nonascii), nonascii)
    urows = clustered(rng, len(uw), dim, 12)
    centre_a = rng.normal(0, 1, dim) / np.sqrt(dim)
    centre_b = rng.normal(0, 1, dim) / np.sqrt(dim)
    nrows = []
    for i, w in enumerate(nonascii):
        c = centre_a if i % 2 == 0 else centre_b
        nrows.append(c + rng.normal(0, 0.4 / np.sqrt(dim), dim))
    words, rows = list(uw), list(urows)
    for i, (w, r) in enumerate(zip(nonascii, nrows)):
        at = 3 + i * 11
        words.insert(at, w)
        rows.insert(at, r)
    make_kv(words, quantize(np.array(rows))).save_word2vec_format(
        path(GEN + '/utf8.bin'), binary=True)

    # -- zero-row: 300 x 12 text, row 2 all zeros, rows 40/41 identical
    dim = 12
    zw = pseudo_words(rng, 300, ['zero', 'twina', 'twinb'])
    zrows = quantize(clustered(rng, 300, dim, 10))
    zw[2] = 'zero'
    zrows[2] = 0.0
    zw[40], zw[41] = 'twina', 'twinb'
    zrows[41] = zrows[40]
    write_w2v_text_raw(path(GEN + '/zero-row.txt'), zw, zrows)

    # -- case: 300 x 12 text, words that differ only in case, close together
    dim = 12
    groups = [['apple', 'Apple', 'APPLE'], ['paris', 'Paris'], ['us', 'US', 'Us'],
              ['straße', 'STRASSE', 'Straße'], ['i', 'I']]
    cw = pseudo_words(rng, 300 - sum(len(g) for g in groups),
                      [w for g in groups for w in g])
    crows = list(clustered(rng, len(cw), dim, 10))
    cw = list(cw)
    at = 5
    for g in groups:
        centre = rng.normal(0, 1, dim) / np.sqrt(dim)
        for w in g:
            cw.insert(at, w)
            crows.insert(at, centre + rng.normal(0, 0.3 / np.sqrt(dim), dim))
            at += 7
        at += 23
    write_w2v_text_raw(path(GEN + '/case.txt'), cw, quantize(np.array(crows)))


# ---------------------------------------------------------------------------
# Reference cases

def fmt(x):
    return '%.9g' % float(x)


def quote(w):
    """A word as it goes into a vecscope command: bare when it is letters and
    digits only, else in double quotes."""
    assert w and not any(c in w for c in '"\\') and not any(c.isspace() for c in w), w
    return w if w.isalnum() and w.isprintable() else '"%s"' % w


class Ref:
    """The cases for one model, and the file they go to."""

    def __init__(self, name, rel, kv, comment=''):
        self.name, self.rel, self.kv = name, rel, kv
        self.lines = []
        self.ncases = 0
        self.comment = comment

    def case(self, cmd, rows):
        self.lines.append('> ' + cmd)
        self.lines.extend(rows)
        self.ncases += 1

    def _ranked(self, cmd, call, k):
        """call(topn) -> gensim's list; checks the cut at k is not a tie."""
        more = call(k + 1)
        got = call(k)
        if len(more) > k and abs(more[k - 1][1] - more[k][1]) < TIE_GAP:
            note('%s: dropped "%s": ranks %d and %d tie (%.9g, %.9g)' % (
                self.name, cmd, k, k + 1, more[k - 1][1], more[k][1]))
            return
        assert all(np.isfinite(s) for _, s in got), cmd
        self.case(cmd, ['%s\t%s' % (w, fmt(s)) for w, s in got])

    @staticmethod
    def _opts(k, restrict, mul=False):
        s = '' if k is None else ' -k %d' % k
        if mul:
            s += ' --mul'
        if restrict is not None:
            s += ' --restrict %d' % restrict
        return s

    def nn(self, query, k=None, restrict=None):
        """query: 'w' or 'w1 - w2 + w3' (words, joined by ' + ' / ' - ')."""
        toks = query.split(' ')
        pos, neg, words = [toks[0]], [], [quote(toks[0])]
        for op, w in zip(toks[1::2], toks[2::2]):
            assert op in '+-', query
            (pos if op == '+' else neg).append(w)
            words += [op, quote(w)]
        cmd = 'nn ' + ' '.join(words) + self._opts(k, restrict)
        self._ranked(cmd, lambda n: self.kv.most_similar(
            positive=pos, negative=neg, topn=n, restrict_vocab=restrict),
            10 if k is None else k)

    def analogy(self, a, b, c, k=None, mul=False, restrict=None):
        """a is to b as c is to ?"""
        assert not (mul and restrict), 'gensim 4.2 cosmul ignores restrict_vocab'
        cmd = 'analogy %s %s %s%s' % (quote(a), quote(b), quote(c),
                                       self._opts(k, restrict, mul))
        if mul:
            call = lambda n: self.kv.most_similar_cosmul(
                positive=[b, c], negative=[a], topn=n)
        else:
            call = lambda n: self.kv.most_similar(
                positive=[b, c], negative=[a], topn=n, restrict_vocab=restrict)
        self._ranked(cmd, call, 10 if k is None else k)

    def sim(self, a, b):
        s = self.kv.similarity(a, b)
        assert np.isfinite(s)
        self.case('sim %s %s' % (quote(a), quote(b)), [fmt(s)])

    def odd(self, *words):
        # rank_by_centrality, as doesnt_match computes it: cosine of each unit
        # vector to the normalized mean of the unit vectors
        ranked = self.kv.rank_by_centrality(list(words))
        assert len(ranked) == len(words)
        asc = ranked[::-1]
        assert asc[0][1] == self.kv.doesnt_match(list(words))
        gaps = [abs(asc[i][0] - asc[i + 1][0]) for i in range(len(asc) - 1)]
        if min(gaps) < TIE_GAP:
            note('%s: dropped odd %s: tie' % (self.name, ' '.join(words)))
            return
        self.case('odd ' + ' '.join(quote(w) for w in words),
                  ['%s\t%s' % (w, fmt(s)) for s, w in asc])

    def vec(self, w):
        v = self.kv.get_vector(w)
        self.case('vec ' + quote(w), ['\t'.join(fmt(x) for x in v)])

    def fails(self, cmd, call):
        """cmd must fail with exit status 1; call() is the gensim question,
        which must raise KeyError."""
        try:
            call()
        except KeyError:
            self.case(cmd, ['! exit 1'])
            return
        raise AssertionError('gensim answered ' + cmd)

    def oov_errors(self, known_a, known_b, missing='notaword'):
        """The standard error cases: an unknown word in each command."""
        kv = self.kv
        assert missing not in kv
        q = quote(missing)
        self.fails('nn ' + q, lambda: kv.most_similar(missing))
        self.fails('nn %s - %s + %s' % (quote(known_a), quote(known_b), q),
                   lambda: kv.most_similar(positive=[known_a, missing],
                                           negative=[known_b]))
        self.fails('analogy %s %s %s' % (quote(known_a), quote(known_b), q),
                   lambda: kv.most_similar(positive=[known_b, missing],
                                           negative=[known_a]))
        self.fails('analogy %s %s %s --mul' % (q, quote(known_a), quote(known_b)),
                   lambda: kv.most_similar_cosmul(positive=[known_a, known_b],
                                                  negative=[missing]))
        self.fails('sim %s %s' % (quote(known_a), q),
                   lambda: kv.similarity(known_a, missing))
        self.fails('vec ' + q, lambda: kv.get_vector(missing))

    def write(self):
        out = [
            '# vecscope parity reference: gensim %s (numpy %s) answers for the'
            % (gensim.__version__, np.__version__),
            '# commands below. Generated by tests/gen-reference.py; do not edit.',
        ]
        if self.comment:
            out.append('# ' + self.comment)
        out.append('# model: ' + self.rel)
        with open(path('%s/%s.ref' % (REF, self.name)), 'w', encoding='utf-8',
                  newline='\n') as f:
            f.write('\n'.join(out + self.lines) + '\n')
        return self.ncases


def load(rel, **kw):
    binary = rel.endswith('.bin')
    return KeyedVectors.load_word2vec_format(path(rel), binary=binary, **kw)


def load_bert_input_embeddings(folder):
    """A BERT folder's input embedding matrix (word_embeddings, F32/F16/BF16
    read straight from model.safetensors) keyed by the lines of vocab.txt:
    the static model vecscope's nn/sim/analogy/odd use on a BERT model."""
    with open(path(folder + '/model.safetensors'), 'rb') as f:
        hlen = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(hlen))
        data = f.read()
    name = next(k for k in header if k.endswith('embeddings.word_embeddings.weight'))
    t = header[name]
    a, b = t['data_offsets']
    raw = data[a:b]
    if t['dtype'] == 'F32':
        m = np.frombuffer(raw, dtype='<f4')
    elif t['dtype'] == 'F16':
        m = np.frombuffer(raw, dtype='<f2').astype(np.float32)
    else:  # BF16: the top half of a float32
        m = (np.frombuffer(raw, dtype='<u2').astype(np.uint32) << 16).view(np.float32)
    m = m.reshape(t['shape'])
    with open(path(folder + '/vocab.txt'), encoding='utf-8') as f:
        words = [line.rstrip('\n') for line in f]
    assert len(words) == m.shape[0], (len(words), m.shape)
    kv = KeyedVectors(m.shape[1], count=0, dtype=REAL)
    kv.add_vectors(words, m.astype(REAL))
    return kv


def cases_bert(r):
    for w in ('king', 'river', 'money', 'said', 'the', '##ing', '[CLS]', '.'):
        r.nn(w, k=10)
    r.nn('king - man + woman', k=10)
    r.nn('king', k=10, restrict=5000)
    r.analogy('man', 'king', 'woman', k=10)
    r.analogy('man', 'king', 'woman', k=10, mul=True)
    r.analogy('he', 'his', 'she', k=5)
    for a, b in (('king', 'queen'), ('river', 'bank'), ('money', 'bank'),
                 ('##ing', '##ed'), ('[CLS]', '[SEP]')):
        r.sim(a, b)
    r.odd('breakfast', 'dinner', 'lunch', 'river')
    r.odd('red', 'green', 'blue', 'king')
    r.vec('king')
    r.vec('##s')
    r.oov_errors('king', 'man')
    r.fails('nn King', lambda: r.kv.most_similar('King'))   # uncased vocabulary


def cases_gutenberg(r):
    for w in ('king', 'whale', 'alice', 'london', 'happy', 'the'):
        r.nn(w, k=10)
    r.nn('ship')                       # default k
    r.nn('king', k=1)
    r.nn('king', k=40)
    for w in ('kilkenny', '1886', "o'connor", 'doesnt', "don't", 'â'):
        r.nn(w, k=10)                  # rare, digits, apostrophes, non-ASCII
    r.nn('</s>', k=5)
    r.nn('king - man + woman', k=10)
    r.nn('paris - france + england', k=10)
    r.nn('king + woman', k=10)
    r.nn('sea + ship - land', k=10)
    r.nn('father + mother + son - daughter', k=10)
    r.nn('king', k=10, restrict=1000)
    r.nn('whale', k=5, restrict=100)   # the query word is outside the range
    r.nn('king', k=10, restrict=5)     # fewer rows than k
    r.nn('king - man + woman', k=10, restrict=3000)
    for a, b, c in (('man', 'king', 'woman'), ('he', 'his', 'she'),
                    ('good', 'better', 'bad'), ('walking', 'walked', 'running'),
                    ('boy', 'girl', 'brother'), ('big', 'bigger', 'small'),
                    ('france', 'paris', 'england')):
        r.analogy(a, b, c, k=10)
        r.analogy(a, b, c, k=10, mul=True)
    r.analogy('man', 'king', 'woman')           # default k
    r.analogy('man', 'king', 'woman', k=40, mul=True)
    r.analogy('man', 'king', 'woman', k=10, restrict=2000)
    r.analogy('he', 'his', 'she', k=5, restrict=300)
    for a, b in (('king', 'queen'), ('man', 'woman'), ('whale', 'ship'),
                 ('king', 'king'), ("don't", "can't"), ('</s>', 'the'),
                 ('â', 'ã'), ('monday', 'friday')):
        r.sim(a, b)
    r.odd('breakfast', 'dinner', 'lunch', 'whale')
    r.odd('red', 'green', 'blue', 'king', 'yellow')
    r.odd('father', 'mother', 'son', 'daughter', 'ship')
    r.odd('one', 'two', 'three', 'four', 'dog', 'cat')
    for w in ('king', '</s>', 'â', "o'clock", 'doesnt'):
        r.vec(w)
    r.oov_errors('king', 'man')
    r.fails('nn King', lambda: r.kv.most_similar('King'))   # case-sensitive


def cases_euclidean(r):
    r.nn('war', k=5)                   # gensim test_keyedvectors.py:31-41
    for w in ('war', 'australia', 'government', 'palestinian', 'the'):
        r.nn(w, k=10)
    r.nn('israel - palestinian + australian', k=10)
    r.nn('war', k=10, restrict=500)
    r.analogy('australia', 'australian', 'israel', k=10)
    r.analogy('australia', 'australian', 'israel', k=10, mul=True)
    r.analogy('he', 'his', 'they', k=10)
    r.analogy('he', 'his', 'they', k=10, mul=True)
    r.sim('war', 'conflict')           # 0.93305397, test_keyedvectors.py:214
    r.sim('australia', 'australian')
    r.odd('war', 'conflict', 'terrorism', 'australia')
    r.vec('war')
    r.vec('the')
    r.oov_errors('war', 'conflict')


def cases_glove(r):
    for w in ('the', 'said', 'é', 'हु', '(', "n't", '``', "''", 'percent'):
        r.nn(w, k=10)
    r.nn('he', k=20)
    r.nn('he', k=5, restrict=10)
    r.nn('she - he + his', k=10)
    r.analogy('he', 'his', 'she', k=10)
    r.analogy('he', 'his', 'she', k=10, mul=True)
    r.analogy('one', 'first', 'two', k=5)
    r.analogy('one', 'first', 'two', k=5, mul=True)
    r.sim('he', 'she')
    r.sim('(', ')')
    r.sim('ö', 'ü')
    r.odd('he', 'she', 'they', 'percent')
    r.vec('ö')
    r.vec('the')
    r.oov_errors('he', 'she')


def cases_synthetic_main(r):
    for w in ('king', 'queen', 'boy', 'bigger', 'nordby'):
        r.nn(w, k=10)
    # frequent and rare filler words
    for i in (0, 1, 7, 500, 1500, 1999):
        r.nn(r.kv.index_to_key[i], k=10)
    r.nn(r.kv.index_to_key[3])          # default k
    r.nn(r.kv.index_to_key[3], k=50)
    r.nn('king - man + woman', k=10)
    r.nn('bigger - big + small', k=10)
    r.nn('nordby - nordland + sudland', k=5)
    r.nn('king + prince + boy - queen', k=10)
    r.nn('king', k=10, restrict=1000)
    r.nn(r.kv.index_to_key[1200], k=10, restrict=200)
    r.nn('queen', k=10, restrict=3)
    for a, b, c in (('man', 'king', 'woman'), ('boy', 'prince', 'girl'),
                    ('big', 'bigger', 'small'), ('good', 'best', 'bad'),
                    ('nordland', 'nordby', 'sudland')):
        r.analogy(a, b, c, k=10)
        r.analogy(a, b, c, k=10, mul=True)
    r.analogy('man', 'king', 'woman', k=10, restrict=500)
    r.analogy('man', 'king', 'woman', k=3, mul=True)
    for a, b in (('king', 'queen'), ('man', 'woman'), ('big', 'smallest'),
                 (r.kv.index_to_key[0], r.kv.index_to_key[1999])):
        r.sim(a, b)
    r.odd('king', 'queen', 'prince', 'bigger')
    r.odd('big', 'bigger', 'biggest', 'small', 'girl')
    for w in ('king', r.kv.index_to_key[0], r.kv.index_to_key[1999]):
        r.vec(w)
    r.oov_errors('king', 'man')


def cases_glove_gen(r):
    kv = r.kv
    for w in ('the', ',', '.', "'s", '(', kv.index_to_key[200], kv.index_to_key[399]):
        r.nn(w, k=10)
    r.nn('the', k=10, restrict=50)
    r.nn('%s - %s + %s' % tuple(kv.index_to_key[20:23]), k=10)
    r.analogy(*kv.index_to_key[30:33], k=10)
    r.analogy(*kv.index_to_key[30:33], k=10, mul=True)
    r.sim(',', '.')
    r.sim('the', kv.index_to_key[399])
    r.odd(*kv.index_to_key[100:105])
    r.vec(',')
    r.vec(kv.index_to_key[399])
    r.oov_errors('the', 'of')


def cases_dups(r, first_ids):
    kv = r.kv
    # gensim 4.2 keeps the first of each duplicate, but its text reader then
    # fails to shrink the matrix: 5 trailing keys are None with zero rows
    # (never ranked, as zero rows). vecscope simply has 200 rows.
    assert sum(w is not None for w in kv.index_to_key) == 200
    assert all(w is None for w in kv.index_to_key[200:])
    for i in first_ids:                 # the duplicated words: first vector wins
        r.nn(kv.index_to_key[i], k=10)
        r.vec(kv.index_to_key[i])
    r.nn(kv.index_to_key[199], k=10)    # after all the repeats
    r.nn(kv.index_to_key[120], k=10, restrict=100)
    r.analogy(*kv.index_to_key[3:6], k=10)
    r.analogy(*kv.index_to_key[3:6], k=10, mul=True)
    r.sim(kv.index_to_key[3], kv.index_to_key[17])
    r.odd(*[kv.index_to_key[i] for i in first_ids])
    r.vec(kv.index_to_key[199])
    r.oov_errors(kv.index_to_key[0], kv.index_to_key[1])


def cases_utf8(r):
    nfd = unicodedata.normalize('NFD', 'é')
    for w in ('café', 'naïve', 'Müller', '中文', '北海道', 'паровоз',
              'Ελληνικά', 'العربية', 'हिन्दी', '😀', '🚑🚒🚓🚕', 'é', nfd,
              'ﬁnance', 'Straße', 'ǅemal'):
        r.nn(w, k=10)
    r.nn('café - naïve + über', k=10)
    r.nn('中文 + 日本語', k=10)
    r.nn('паровоз', k=5, restrict=100)
    r.analogy('café', 'naïve', 'Müller', k=10)
    r.analogy('café', 'naïve', 'Müller', k=10, mul=True)
    r.analogy('中文', '日本語', 'паровоз', k=5)
    r.sim('é', nfd)                     # NFC and NFD are different words
    r.sim('straße', 'Straße')
    r.sim('😀', '北海道')
    r.odd('café', 'naïve', 'Müller', '中文', r.kv.index_to_key[0])
    for w in ('é', nfd, '😀', 'العربية'):
        r.vec(w)
    r.oov_errors('café', '中文', missing='cafe')
    r.fails('nn CAFÉ', lambda: r.kv.most_similar('CAFÉ'))
    r.fails('vec ' + quote(unicodedata.normalize('NFD', 'naïve')),
            lambda: r.kv.get_vector(unicodedata.normalize('NFD', 'naïve')))


def cases_zero(r):
    kv = r.kv
    assert not np.any(kv.get_vector('zero'))
    for i in (0, 1, 3, 150, 299):
        r.nn(kv.index_to_key[i], k=10)
    r.nn('twina', k=10)                 # its twin scores 1, never 'twina'
    # a neighbour of the twins: they tie in its list (either order is right)
    r.nn(kv.most_similar('twina', topn=2)[1][0], k=10)
    # the zero row is in range; k = the 3 other rows (with k=10 gensim would
    # list the zero row last with score NaN, which vecscope never ranks)
    r.nn(kv.index_to_key[0], k=3, restrict=5)
    r.nn('%s + %s' % (kv.index_to_key[0], kv.index_to_key[1]), k=10)
    r.analogy(*[kv.index_to_key[i] for i in (0, 1, 3)], k=10)
    r.analogy(*[kv.index_to_key[i] for i in (0, 1, 3)], k=10, mul=True)
    r.sim('zero', kv.index_to_key[0])   # 0: unitvec leaves a zero vector
    r.sim('zero', 'zero')
    r.sim('twina', 'twinb')
    r.vec('zero')
    r.vec('twinb')
    r.oov_errors(kv.index_to_key[0], kv.index_to_key[1])


def cases_case(r):
    for w in ('apple', 'Apple', 'APPLE', 'paris', 'Paris', 'us', 'US', 'Us',
              'Straße', 'STRASSE', 'i', 'I'):
        r.nn(w, k=10)
    r.nn('Apple - apple + paris', k=10)
    r.analogy('apple', 'Apple', 'paris', k=10)
    r.analogy('apple', 'Apple', 'paris', k=10, mul=True)
    r.sim('apple', 'Apple')
    r.sim('us', 'US')
    r.odd('apple', 'Apple', 'APPLE', 'paris')
    r.vec('Apple')
    r.vec('apple')
    r.oov_errors('apple', 'Apple', missing='aPPle')
    r.fails('nn PARIS', lambda: r.kv.most_similar('PARIS'))
    r.fails('nn STRAßE', lambda: r.kv.most_similar('STRAßE'))


def main():
    logging.basicConfig(level=logging.ERROR)
    np.seterr(all='ignore')             # the zero row: gensim divides by 0
    if not gensim.__version__.startswith('4.2'):
        note('warning: gensim %s, the references are for 4.2' % gensim.__version__)
    rng = np.random.default_rng(SEED)
    make_models(rng)
    os.makedirs(path(REF), exist_ok=True)

    jobs = []
    # real models (copied from shared/data/models, see tests/data/PROVENANCE.md)
    jobs.append(('gutenberg-w2v-cbow32', 'tests/data/gutenberg-w2v-cbow32.bin', {},
                 cases_gutenberg, 'original word2vec C tool, 8243 x 32, binary'))
    jobs.append(('euclidean_vectors', 'tests/data/euclidean_vectors.bin', {},
                 cases_euclidean, 'gensim test data, 2747 x 10, binary, no newline after rows'))
    jobs.append(('test_glove', 'tests/data/test_glove.txt', {'no_header': True},
                 cases_glove, 'first 76 rows of glove.6B.50d, no header'))
    # synthetic
    jobs.append(('gen-w2v-2000x50-bin', GEN + '/w2v-2000x50.bin', {},
                 cases_synthetic_main, 'synthetic, 2000 x 50, gensim binary writer'))
    jobs.append(('gen-w2v-2000x50-txt', GEN + '/w2v-2000x50.txt', {},
                 cases_synthetic_main, 'the same matrix as gen-w2v-2000x50-bin, as text'))
    jobs.append(('gen-glove-400x25', GEN + '/glove-400x25.txt', {'no_header': True},
                 cases_glove_gen, 'synthetic GloVe text, no header'))
    jobs.append(('gen-dups', GEN + '/dups.txt', {},
                 lambda r: cases_dups(r, [3, 17, 60, 100, 150]),
                 '200 words, 5 of them twice; gensim keeps the first'))
    jobs.append(('gen-utf8', GEN + '/utf8.bin', {}, cases_utf8,
                 'non-ASCII words, binary'))
    jobs.append(('gen-zero-row', GEN + '/zero-row.txt', {}, cases_zero,
                 'row 2 is all zeros; twina and twinb are identical'))
    jobs.append(('gen-case', GEN + '/case.txt', {}, cases_case,
                 'words that differ only in case'))

    # a BERT folder: nn/sim/analogy/odd/vec on its input embeddings
    jobs.append(('bert-gutenberg-mini', 'samples/bert-gutenberg-mini', {'bert': True},
                 cases_bert, 'BERT input embeddings (word_embeddings, F16), 30522 x 256'))

    total = 0
    answers = {}
    for name, rel, kw, cases, comment in jobs:
        if not os.path.exists(path(rel)):
            sys.exit('gen-reference: %s is missing (copy it from shared/data/models)' % rel)
        kv = load_bert_input_embeddings(rel) if kw.get('bert') else load(rel, **kw)
        r = Ref(name, rel, kv, comment)
        cases(r)
        n = r.write()
        answers[name] = r.lines
        total += n
        print('%-24s %3d cases  %s' % (name, n, rel))
    # the binary and the text file hold the same matrix: same answers
    assert answers['gen-w2v-2000x50-bin'] == answers['gen-w2v-2000x50-txt']
    print('%d cases in %d files' % (total, len(jobs)))


if __name__ == '__main__':
    main()
