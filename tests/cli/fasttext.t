# fasttext.t - fastText .bin models: vectors for words outside the vocabulary
# from character n-grams, nn over the in-vocabulary matrix, info.
$ vecscope -q tests/data/fasttext/toy-model.bin -c 'info' | grep -E 'format|words|minn|maxn|bucket|fastText model|unknown'
  format                 fasttext-bin
  words                  22
  unknown words          vectors from subwords
  fastText model         cbow (loss ns)
  minn                   3
  maxn                   6
  bucket                 100
  dictionary words       22

$ vecscope -q --tsv tests/data/fasttext/toy-model.bin -c 'vec quick; vec dog; vec anarchism'
  0.0233926754	0.114986561	0.116841182	-0.133488595	0.0225433018
  0.0849826187	0.0921598002	0.0202038959	-0.136158824	0.011180019
  0.0537443645	0.16173856	0.0850721896	-0.16948241	0.0606516004

$ vecscope -q --tsv tests/data/fasttext/crime-and-punishment.bin -c 'vec паровоз; nn паровоз -k 3; sim landlady landlord'
  -0.00339870481	0.0562355816	0.0360727347	0.0940075889	0.000852222496
  времени	0.99017721
  углубился	0.98857534
  труслив	0.98695576
  0.93763953

$ vecscope -q tests/data/fasttext/toy-model.bin -c 'vec quick'
  quick, built from subwords (5 dimensions)
   0.0233926754   0.114986561   0.116841182  -0.133488595  0.0225433018

$ vecscope -q tests/data/fasttext/toy-model.bin -c "save $T/toy.vsc" 2>&1 | sed "s#$T#T#"
  error: -c command 1: T/toy.vsc: the native cache holds plain word vectors; model "toy-model" (fasttext-bin) has more than that and cannot be cached

