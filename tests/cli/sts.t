# sts.t - `eval sts FILE`: sentence-pair similarity in both layouts, for a
# static model (mean, SIF) and an encoder (each pooling, one layer), the
# notes on skipped lines and cut sentences, and the messages for options
# that do not fit. The figures are checked against scipy in
# tests/check_sts.c.
$ vecscope samples/gutenberg-w2v-cbow32.bin -c "eval sts tests/data/sts/books-stsb.tsv" 2>&1 | grep -v loaded
  24 pairs (24 in the STS Benchmark layout, 0 as score, sentence 1, sentence 2)
  warning: 4 malformed lines skipped
  warning: tests/data/sts/books-stsb.tsv:9: expected 7 tab-separated fields (genre, file, year, id, score, sentence 1, sentence 2) or 3 (score, sentence 1, sentence 2), found 6: "main-books\talice\t2024\t9001\t3.0\tonly six fields" (skipped)
  warning: tests/data/sts/books-stsb.tsv:10: the score "five" is not a number (skipped)
  warning: tests/data/sts/books-stsb.tsv:11: sentence 1 is empty (skipped)
  warning: tests/data/sts/books-stsb.tsv:12: expected 7 tab-separated fields (genre, file, year, id, score, sentence 1, sentence 2) or 3 (score, sentence 1, sentence 2), found 2: "score\tsentence 1" (skipped)
  sentence similarity of tests/data/sts/books-stsb.tsv on gutenberg-w2v-cbow32 (24 pairs)
  pooling  pearson     spearman
  mean     0.53554426  0.31159578
  sif      0.69081822  0.52971283

$ vecscope -q --tsv tests/data/bert/tiny-f32 -c "eval sts tests/data/sts/books-plain.tsv"
  mean	0.39789821	0.35221645
  cls	0.25270879	0.19462520
  pooler	0.30537717	0.25450987

$ vecscope tests/data/bert/tiny-f32 -c "eval sts tests/data/sts/books-plain.tsv --pool cls --layer 1" 2>&1 | grep -v loaded
  20 pairs (0 in the STS Benchmark layout, 20 as score, sentence 1, sentence 2)
  17 sentences were cut to the tokens the encoder takes (24)
  sentence similarity of tests/data/sts/books-plain.tsv on tiny-f32 (20 pairs, hidden state 1)
  pooling  pearson     spearman
  cls      0.15918042  0.05515694

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c "eval sts tests/data/sts/books-plain.tsv --pool pooler"
  error: -c command 1: eval sts: --pool is mean or sif for a static model, not 'pooler'
[exit 1]

$ vecscope -q tests/data/bert/tiny-f32 -c "eval sts tests/data/sts/books-plain.tsv --counts tests/data/sts/alice.counts"
  error: -c command 1: eval sts: --counts is for static models (sif)
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c "eval sim tests/data/eval/sim-quirks.txt --pool mean"
  error: -c command 1: eval sim: --pool is for 'eval sts'
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c "eval sts tests/data/eval/sim-quirks.txt"
  error: -c command 1: eval sts: tests/data/eval/sim-quirks.txt: no sentence pair to score (33 malformed lines skipped; the first: tests/data/eval/sim-quirks.txt:1: expected 7 tab-separated fields (genre, file, year, id, score, sentence 1, sentence 2) or 3 (score, sentence 1, sentence 2), found 1: "# a comment line")
[exit 1]
