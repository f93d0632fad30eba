# compare.t - two open models side by side: `compare` (one query in both,
# shared neighbours marked), `overlap` (the mean Jaccard index of the
# neighbourhoods, the words that differ most), `align` (orthogonal
# Procrustes; the aligned copy opens and keeps its model's neighbours), and
# their messages. The figures are checked against numpy in
# tests/check_compare.c.
$ vecscope -q samples/gutenberg-sg64.bin samples/gutenberg-w2v-cbow32.bin -c "compare gutenberg-sg64 gutenberg-w2v-cbow32 whale -k 6"
  nearest to whale in gutenberg-sg64 and gutenberg-w2v-cbow32
  rank     gutenberg-sg64  cosine       gutenberg-w2v-cbow32  cosine
  1     *  sperm           0.796036     leviathan             0.787047
  2        whales          0.750676     harpooneer            0.741609
  3        greenland       0.702105  *  whale's               0.702667
  4     *  whale's         0.693365  *  sperm                 0.702444
  5        encounter       0.687028     spout                 0.700229
  6        whaleman        0.685668  -  baleen                0.690476

$ vecscope samples/gutenberg-sg64.bin samples/gutenberg-w2v-cbow32.bin -c "compare gutenberg-sg64 gutenberg-w2v-cbow32 whale -k 6 --tsv" 2>&1 >/dev/null | tail -1
  2 of the 6 neighbours are in both lists (*); - : the other model does not have the word

$ vecscope -q samples/gutenberg-sg64.bin samples/gutenberg-w2v-cbow32.bin -c "overlap gutenberg-sg64 gutenberg-w2v-cbow32 --top 500 --show 3"
  neighbourhood overlap of gutenberg-sg64 and gutenberg-w2v-cbow32: mean Jaccard 0.251874 over 500 words (k = 10)
    1  and     0.000000
    2  not     0.000000
    3  about   0.000000

$ vecscope -q --tsv samples/gutenberg-sg64.bin samples/gutenberg-w2v-cbow32.bin -c "overlap gutenberg-sg64 gutenberg-w2v-cbow32 --top 500 --show 0"
  0.25187374

$ vecscope tests/data/compare/alice-s1.txt tests/data/compare/alice-s2.txt -c "overlap alice-s1 alice-s2 --top 0 -k 5 --show 2" 2>&1 | grep -v loaded
  421 words shared; each word's 5 nearest among them in each model; the words listed have the least overlap
  neighbourhood overlap of alice-s1 and alice-s2: mean Jaccard 0.306338 over 421 words (k = 5)
    1  them    0.000000
    2  quite   0.000000

$ vecscope tests/data/compare/alice-s1.txt tests/data/compare/alice-s2.txt -c "align alice-s1 alice-s2 --top 100 --show 5; models; nn alice -k 3; use alice-s2; nn alice -k 3" 2>&1 | grep -v loaded
  421 words shared; the words listed moved most (lowest cosine between alice-s1 and the aligned copy)
  the aligned copy of alice-s2 is open as alice-s2-aligned, the current model
  alice-s2 rotated onto alice-s1 (fitted on 100 shared words): mean cosine 0.897751
    1  about   0.643924
    2  your    0.667334
    3  quite   0.708770
    4  had     0.742647
    5  get     0.766889
     name              words  dim  format         file
     alice-s1          421    16   word2vec-text  tests/data/compare/alice-s1.txt
     alice-s2          421    16   word2vec-text  tests/data/compare/alice-s2.txt
  *  alice-s2-aligned  421    16   aligned        tests/data/compare/alice-s2.txt
  nearest to alice in alice-s2-aligned
    1  pardon     0.817957
    2  so         0.812958
    3  offended   0.812313
  using alice-s2
  nearest to alice in alice-s2
    1  pardon     0.817957
    2  so         0.812958
    3  offended   0.812313

$ vecscope -q tests/data/compare/alice-s1.txt -c "overlap alice-s1 books"
  error: -c command 1: overlap: no open model is called 'books'; 'models' lists them
[exit 1]

$ vecscope -q samples/gutenberg-sg64.bin samples/gutenberg-w2v-cbow32.bin -c "align gutenberg-sg64 gutenberg-w2v-cbow32"
  error: -c command 1: align: gutenberg-sg64 has 64 dimensions and gutenberg-w2v-cbow32 32; a rotation maps vectors of one size
[exit 1]

$ vecscope -q samples/gutenberg-sg64.bin tests/data/compare/alice-s1.txt -c "compare gutenberg-sg64 alice-s1 whale"
  error: -c command 1: compare: alice-s1: 'whale' is not in the vocabulary of alice-s1; did you mean 'while' or 'whole'?
[exit 1]
