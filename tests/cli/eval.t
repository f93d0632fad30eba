# eval.t - `eval analogy` and `eval sim`: per-section TSV rows, the text table,
# word-pair correlations, malformed lines reported as FILE:LINE, unusable files.
# The figures equal gensim 4.2's (tests/data/eval/reference.tsv, check_eval.c).
$ vecscope -q --tsv tests/data/eval/case-model.txt -c 'eval analogy tests/data/eval/analogy-case.txt; eval analogy tests/data/eval/analogy-case.txt --mul --case-sensitive'
  capitals	3	5	0.60000000
  unicode	0	4	0.00000000
  family	5	5	1.00000000
  grammar	4	4	1.00000000
  total	12	18	0.66666667
  capitals	1	3	0.33333333
  unicode	0	1	0.00000000
  family	3	5	0.60000000
  grammar	1	4	0.25000000
  total	5	13	0.38461538

$ vecscope -q tests/data/eval/case-model.txt -c 'eval analogy tests/data/eval/analogy-case.txt --restrict 30'
  analogies of tests/data/eval/analogy-case.txt on case-model (3CosAdd, first 30 words, case-insensitive)
  section   correct  total  accuracy    skipped
  capitals  3        5      0.60000000  0
  unicode   0        4      0.00000000  1
  family    2        2      1.00000000  3
  grammar   0        0      0.00000000  4
  total     5        11     0.45454545  8

$ vecscope -q --tsv tests/data/gutenberg-w2v-cbow32.bin -c 'eval sim tests/data/eval/EN-WS-353-ALL.txt; eval sim tests/data/eval/sim-quirks.txt'
  pearson	0.44143878
  spearman	0.43360749
  oov	0.57507082
  warning: 2 malformed lines skipped
  warning: tests/data/eval/sim-quirks.txt:7: expected WORD1 WORD2 SCORE (tab- or space-separated), found "computer\tkeyboard" (skipped)
  warning: tests/data/eval/sim-quirks.txt:8: the score "seven" is not a number (skipped)
  pearson	0.45669829
  spearman	0.34736842
  oov	0.34482759

$ vecscope -q --json tests/data/gutenberg-w2v-cbow32.bin -c 'eval sim tests/data/eval/EN-MC-30.txt'
  {"title": "word-pair similarity of tests/data/eval/EN-MC-30.txt on gutenberg-w2v-cbow32 (first 8243 words, case-insensitive)", "rows": [{"measure": "pearson", "value": "0.59322776"}, {"measure": "spearman", "value": "0.73636364"}, {"measure": "oov", "value": "0.63333333"}, {"measure": "pairs", "value": "11"}, {"measure": "oov pairs", "value": "19"}, {"measure": "malformed lines", "value": "0"}]}

$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c 'eval analogy tests/data/eval/analogy-bad.txt'
  error: -c command 1: eval analogy: tests/data/eval/analogy-bad.txt: no usable question: expected ': SECTION' lines, each followed by lines of four words (2 malformed lines skipped; the first: tests/data/eval/analogy-bad.txt:1: a question before the first ': SECTION' line)
[exit 1]

$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c 'eval sim tests/data/eval/EN-RG-65.txt --mul'
  error: -c command 1: eval sim: --mul is for 'eval analogy'
[exit 1]
