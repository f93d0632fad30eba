#!/usr/bin/python3
"""gen-fasttext-reference.py - fastText test models and their reference outputs.

Trains small models with the real `fasttext` CLI (Debian fastText 0.9.2) under
several settings, and writes what fastText itself says about them, so that
tests/check_fasttext.c can compare vecscope's .bin loader with fastText
without needing fastText at `make check` time. Also copies the small fastText
models of ../shared/data/models/fasttext that the tests use, with their
reference files (made the same way by the data provider, see EXPECTED.md 1.2).

Run with Debian's python (it has python3-fasttext):
    /usr/bin/python3 tests/gen-fasttext-reference.py [SHARED_DATA_DIR]

Writes tests/data/fasttext/:
  NAME.bin / NAME.ftz          the model (trained here, or copied)
  NAME.iv-vectors.tsv          word, 1, v1..vd: libfasttext getWordVector (%.9g)
  NAME.oov-vectors.tsv         word, 0, v1..vd for words outside the vocabulary
  NAME.subwords.tsv            word, in_vocab, subword strings, input rows
                               (libfasttext getSubwords)
  NAME.print-word-vectors.cli.txt   raw `fasttext print-word-vectors` output
  NAME.nn.tsv                  query, in_vocab, rank, neighbour, cosine, from
                               `echo QUERY | fasttext nn NAME 10`
  NAME.args.tsv                `fasttext dump NAME args`
  corpus settings are in the MODELS table below.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import fasttext
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'data', 'fasttext')
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', 'shared', 'data')
CORPUS = os.path.join(SHARED, 'corpus', 'gutenberg12.norm.txt')
RUSSIAN = os.path.join(SHARED, 'models', 'fasttext', 'crime-and-punishment.txt')
CORPUS_BYTES = 200_000

# name, command, options. All: -thread 1 (deterministic), -seed 1 (default).
MODELS = [
    ('sg-d8-n3-6-b2000', 'skipgram',
     '-dim 8 -minn 3 -maxn 6 -bucket 2000 -epoch 15 -minCount 5 -ws 5 -neg 5'),
    ('cbow-d10-n2-4-b5000', 'cbow',
     '-dim 10 -minn 2 -maxn 4 -bucket 5000 -epoch 20 -lr 0.1 -minCount 3 -ws 4 -neg 4'),
    ('sg-d12-maxn0', 'skipgram',
     '-dim 12 -minn 0 -maxn 0 -bucket 100 -epoch 15 -minCount 5'),
    ('cbow-d6-n1-3-b500', 'cbow',
     '-dim 6 -minn 1 -maxn 3 -bucket 500 -epoch 15 -lr 0.1 -minCount 4'),
    ('sup-d8-n2-5-b1000', 'supervised',
     '-dim 8 -minn 2 -maxn 5 -bucket 1000 -epoch 10 -minCount 2 -wordNgrams 2 -lr 0.5'),
    # labels: the paragraph's first word (hundreds of labels, so that the
    # output matrix can be quantized too); no n-grams
    ('sup-d4-firstword', 'supervised',
     '-dim 4 -epoch 5 -minCount 3 -minCountLabel 1'),
]
# quantized copies of the supervised models: base, name, quantize options
# (fastText quantizes supervised models only; -qout needs >= 256 labels)
QUANTIZED = [
    ('sup-d8-n2-5-b1000', 'sup-d8-n2-5-b1000-qnorm-cutoff', '-qnorm -cutoff 400 -dsub 2'),
    ('sup-d8-n2-5-b1000', 'sup-d8-n2-5-b1000-dsub3', '-dsub 3'),
    ('sup-d4-firstword', 'sup-d4-firstword-qout', '-qnorm -qout -dsub 2'),
]
# shared models the tests use (small), and their reference files
SHARED_MODELS = ['toy-model', 'toy-model-pretrained', 'crime-and-punishment',
                 'lee_fasttext_new']
SHARED_OLD = ['non_ascii_fasttext', 'cp852_fasttext', 'lee_fasttext']
SHARED_SUFFIXES = ['.iv-vectors.tsv', '.oov-vectors.tsv', '.subwords.tsv',
                   '.print-word-vectors.cli.txt', '.nn.tsv']
SHARED_OLD_SUFFIXES = ['.gensim-iv-vectors.tsv', '.gensim-oov-vectors.tsv',
                       '.gensim-nn.tsv']

OOV_WORDS = [
    'café', 'naïve', 'naïveté', 'Müller', 'über', '中文', '日本語', '北海道', '札幌',
    '🚑🚒🚓🚕', '😀', 'Ελληνικά', 'العربية', 'паровоз', 'монарх', 'q', 'zz', 'THE',
    'Hundred', "don't", 'co-operation', '3.14', '#hashtag', '<the>', 'a>b', '<',
    '>', '</s>x', 'x</s>', 'whaleship', 'rabbithole', 'unbelievable', 'ababab',
    'é', 'ŉ', 'straße',
    'pneumonoultramicroscopicsilicovolcanoconiosis' * 2,
]


def run(cmd, inp=None):
    r = subprocess.run(cmd, input=inp, capture_output=True, check=True)
    return r.stdout


def fmt(v):
    return '\t'.join('%.9g' % float(x) for x in v)


def make_corpus(path, supervised, firstword=False):
    with open(CORPUS, 'rb') as f:
        data = f.read(CORPUS_BYTES)
    data = data[:data.rfind(b'\n') + 1].decode('utf-8')
    with open(RUSSIAN, encoding='utf-8') as f:
        russian = f.read()
    lines = data.splitlines() + russian.splitlines() * 3
    with open(path, 'w', encoding='utf-8') as f:
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            if firstword:
                toks = line.split()
                f.write('__label__%s %s\n' % (toks[0], ' '.join(toks[1:])))
            elif supervised:
                # labels: does the paragraph mention alice; every 7th line gets
                # a second label, so labels are not one per line
                lab = '__label__alice' if 'alice' in line.split() else '__label__other'
                if i % 7 == 0:
                    lab += ' __label__seventh'
                f.write(lab + ' ' + line + '\n')
            else:
                f.write(line + '\n')


def pick_iv(words):
    """The 10 most frequent, 40 spread through the ranks, </s>, and every
    word that is not plain ASCII (up to 20)."""
    n = len(words)
    idx = list(range(min(10, n)))
    idx += [int(i * (n - 1) / 39) for i in range(40)] if n > 40 else list(range(n))
    if '</s>' in words:
        idx.append(words.index('</s>'))
    nonascii = [i for i, w in enumerate(words) if not w.isascii()][:20]
    idx += nonascii
    seen, out = set(), []
    for i in idx:
        if i not in seen:
            seen.add(i)
            out.append(words[i])
    return out


def references(name, path):
    m = fasttext.load_model(path)
    words = m.get_words(on_unicode_error='replace')
    wordset = set(words)
    iv = [w for w in pick_iv(words) if not any(c.isspace() for c in w) and w]
    oov = [w for w in OOV_WORDS if w not in wordset]
    with open(os.path.join(OUT, name + '.iv-vectors.tsv'), 'w', encoding='utf-8') as f:
        f.write('# word\tin_vocab\tv1..v%d (float32, %%.9g) via libfasttext 0.9.2 '
                'getWordVector (Debian python3-fasttext)\n' % m.get_dimension())
        for w in iv:
            f.write('%s\t1\t%s\n' % (w, fmt(m.get_word_vector(w))))
    with open(os.path.join(OUT, name + '.oov-vectors.tsv'), 'w', encoding='utf-8') as f:
        f.write('# word\tin_vocab\tv1..v%d (float32, %%.9g) via libfasttext 0.9.2 '
                'getWordVector (Debian python3-fasttext)\n' % m.get_dimension())
        for w in oov:
            f.write('%s\t0\t%s\n' % (w, fmt(m.get_word_vector(w))))
    with open(os.path.join(OUT, name + '.subwords.tsv'), 'w', encoding='utf-8') as f:
        f.write('# word\tin_vocab\tsubword strings (space-separated, as returned by '
                'getSubwords)\trow ids in the input matrix\n')
        for w in iv + oov:
            subs, ids = m.get_subwords(w, on_unicode_error='replace')
            f.write('%s\t%d\t%s\t%s\n' % (w, int(w in wordset), ' '.join(subs),
                                          ' '.join(str(int(i)) for i in ids)))
    cli = run(['fasttext', 'print-word-vectors', path],
              ('\n'.join(iv + oov) + '\n').encode('utf-8'))
    with open(os.path.join(OUT, name + '.print-word-vectors.cli.txt'), 'wb') as f:
        f.write(cli)
    # nn: 3 in-vocabulary queries (frequent, middle, rare) and 3 unknown ones
    queries = [words[min(1, len(words) - 1)], words[len(words) // 2], words[-1]]
    queries += [w for w in ['whaleship', 'unbelievable', 'паровоз'] if w not in wordset]
    with open(os.path.join(OUT, name + '.nn.tsv'), 'w', encoding='utf-8') as f:
        f.write('# query\tquery_in_vocab\trank\tneighbour\tcosine (from `echo QUERY | '
                'fasttext nn MODEL 10`, 0.9.2 CLI, 6 significant digits)\n')
        for q in queries:
            outb = run(['fasttext', 'nn', path, '10'], (q + '\n').encode('utf-8'))
            text = outb.decode('utf-8', errors='replace')
            parts = text.split('Query word? ')
            lines = [l for l in parts[1].split('\n') if l.strip()] if len(parts) > 1 else []
            for rank, line in enumerate(lines, 1):
                nb, score = line.rsplit(' ', 1)
                f.write('%s\t%d\t%d\t%s\t%s\n' % (q, int(q in wordset), rank, nb, score))
    args = run(['fasttext', 'dump', path, 'args']).decode()
    with open(os.path.join(OUT, name + '.args.tsv'), 'w') as f:
        for line in args.splitlines():
            k, v = line.split()
            f.write('%s\t%s\n' % (k, v))


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, 'corpus.txt')
        labelled = os.path.join(tmp, 'labelled.txt')
        make_corpus(plain, False)
        make_corpus(labelled, True)
        firstword = os.path.join(tmp, 'firstword.txt')
        make_corpus(firstword, True, firstword=True)
        for name, cmd, opts in MODELS:
            prefix = os.path.join(tmp, name)
            inp = plain if cmd != 'supervised' else firstword if 'firstword' in name else labelled
            run(['fasttext', cmd, '-input', inp, '-output', prefix, '-thread', '1',
                 '-verbose', '0'] + opts.split())
            shutil.copy(prefix + '.bin', os.path.join(OUT, name + '.bin'))
            references(name, os.path.join(OUT, name + '.bin'))
            if cmd == 'supervised':
                for qbase, qname, qopts in QUANTIZED:
                    if qbase != name:
                        continue
                    qprefix = os.path.join(tmp, qname)
                    shutil.copy(prefix + '.bin', qprefix + '.bin')
                    run(['fasttext', 'quantize', '-input', inp, '-output', qprefix,
                         '-thread', '1', '-verbose', '0'] + qopts.split())
                    shutil.copy(qprefix + '.ftz', os.path.join(OUT, qname + '.ftz'))
                    references(qname, os.path.join(OUT, qname + '.ftz'))
    src = os.path.join(SHARED, 'models', 'fasttext')
    for name in SHARED_MODELS:
        for suf in ['.bin'] + SHARED_SUFFIXES:
            shutil.copyfile(os.path.join(src, name + suf), os.path.join(OUT, name + suf))
    for name in SHARED_OLD:
        for suf in ['.bin'] + SHARED_OLD_SUFFIXES:
            shutil.copyfile(os.path.join(src, name + suf), os.path.join(OUT, name + suf))
    shutil.copyfile(os.path.join(src, 'fb-ngrams.txt'), os.path.join(OUT, 'fb-ngrams.txt'))


if __name__ == '__main__':
    main()
