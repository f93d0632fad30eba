#!/usr/bin/python3
"""gutenberg-paragraphs.py - the probe demo task: which of the twelve
Gutenberg books a paragraph comes from, as a labelled TSV for `probe train`.

Reads the twelve books (one file per book, body text only) from
shared/data/corpus/gutenberg/ and writes "LABEL<TAB>PARAGRAPH" lines:

  * each book is decoded as UTF-8, CRLF and CR become LF;
  * paragraphs are split on blank lines (lines of nothing but blanks), and
    each paragraph's blanks (newlines, tabs, runs of spaces) become single
    spaces;
  * a paragraph is kept when it has from --min-chars to --max-chars
    characters (the length in code points after the blanks are squeezed);
  * at most --cap kept paragraphs of each book are drawn by
    random.Random(SEED + book's position).sample, then written in the
    book's order; the books come in the order of BOOKS below.

The full demo file (the default settings: 400 paragraphs of 150 characters
or more per book) stays out of the repository; tests/data/probe/books-small.tsv
is written with --cap 20 --min-chars 150 --max-chars 400 (see
tests/data/PROVENANCE.md).

Usage:
    python3 tools/gutenberg-paragraphs.py [--books DIR] [--cap N] [--min-chars N]
        [--max-chars N] [--seed S] OUT.tsv
Only the Python standard library is needed.
"""
import argparse
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BOOKS = os.path.join(HERE, '..', '..', 'shared', 'data', 'corpus', 'gutenberg')

# file, label
BOOKS = [
    ('pg11.txt', 'alice'),             # Carroll, Alice's Adventures in Wonderland
    ('pg16.txt', 'peter-pan'),         # Barrie, Peter Pan
    ('pg76.txt', 'huck-finn'),         # Twain, Adventures of Huckleberry Finn
    ('pg98.txt', 'two-cities'),        # Dickens, A Tale of Two Cities
    ('pg174.txt', 'dorian-gray'),      # Wilde, The Picture of Dorian Gray
    ('pg236.txt', 'jungle-book'),      # Kipling, The Jungle Book
    ('pg345.txt', 'dracula'),          # Stoker, Dracula
    ('pg1342.txt', 'pride-prejudice'), # Austen, Pride and Prejudice
    ('pg1661.txt', 'sherlock'),        # Doyle, The Adventures of Sherlock Holmes
    ('pg2701.txt', 'moby-dick'),       # Melville, Moby Dick
    ('pg4300.txt', 'ulysses'),         # Joyce, Ulysses
    ('pg5200.txt', 'metamorphosis'),   # Kafka, Metamorphosis (tr. Wyllie)
]


def paragraphs(path):
    with open(path, encoding='utf-8') as f:
        text = f.read().replace('\r\n', '\n').replace('\r', '\n')
    for block in re.split(r'\n[ \t]*\n', text):
        para = ' '.join(block.split())
        if para:
            yield para


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--books', default=DEFAULT_BOOKS)
    ap.add_argument('--cap', type=int, default=400)
    ap.add_argument('--min-chars', type=int, default=150)
    ap.add_argument('--max-chars', type=int, default=0, help='0: no limit')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('out')
    a = ap.parse_args()

    rows = []
    for pos, (name, label) in enumerate(BOOKS):
        kept = [p for p in paragraphs(os.path.join(a.books, name))
                if len(p) >= a.min_chars and (a.max_chars == 0 or len(p) <= a.max_chars)]
        if len(kept) > a.cap:
            pick = sorted(random.Random(a.seed + pos).sample(range(len(kept)), a.cap))
            kept = [kept[i] for i in pick]
        rows += [(label, p) for p in kept]
        print('%-16s %5d paragraphs' % (label, len(kept)), file=sys.stderr)
    with open(a.out, 'w', encoding='utf-8', newline='\n') as f:
        for label, p in rows:
            f.write('%s\t%s\n' % (label, p))
    print('%s: %d rows' % (a.out, len(rows)), file=sys.stderr)


if __name__ == '__main__':
    main()
