# train.t - `train word2vec|glove`: what a run reports (timings left out),
# that the model it writes is opened, and its messages for bad input; GloVe's
# --eta: 0.05 is the default, another value trains other vectors, and values
# that are not above 0 are refused. The counts agree with
# tests/ref/train-alice-120.vocab.tsv (Python's Counter).
$ vecscope -q --tsv -c "train word2vec tests/data/train/alice-120.txt $T/a.bin --min-count 2 --dim 8 --threads 1; models" | grep -v -e seconds -e words/s -e 'learning rate' -e file | cut -f1-5
  method	word2vec CBOW, negative sampling
  corpus lines	120
  corpus tokens	7235
  distinct tokens	1282
  vocabulary	638
  min count	2
  dimensions	8
  window	5
  epochs	5
  threads	1
  seed	1
  format	word2vec-bin
  *	a	638	8	word2vec-bin

$ vecscope -q --tsv -c "train glove tests/data/train/quirks.txt $T/q.txt --min-count 2 --dim 4 --window 2 --epochs 3 --threads 1; info --tsv" | grep -e '^words	' -e '^dimension	' -e '^format	'
  format	word2vec-text
  format	word2vec-text
  words	4
  dimension	4

$ vecscope -q -c "train word2vec tests/data/train/alice-120.txt $T/a.bin --min-count 400"
  error: -c command 1: train word2vec: tests/data/train/alice-120.txt: no word occurs 400 times (the most frequent, 'the', occurs 343 times); lower --min-count
[exit 1]

$ printf ' \n\n' > $T/empty.txt; cd $T && vecscope -q -c "train glove empty.txt e.bin"; ls | grep -c '^e\.bin'
  error: -c command 1: train glove: empty.txt: the corpus holds no words (it is empty or all blank)
  0
[exit 1]

$ vecscope -q -c "train word2vec tests/data/train/alice-120.txt /nonexistent/dir/a.bin"
  error: -c command 1: train word2vec: cannot write /nonexistent/dir/a.bin: No such file or directory
[exit 1]

$ vecscope -q -c "train word2vec tests/data/train/alice-120.txt $T/x.bin --negative 0"
  error: -c command 1: train word2vec: --negative 0 leaves nothing to train with; add --hs
[exit 1]

$ vecscope -q -c "train glove tests/data/train/alice-120.txt $T/x.bin --hs"
  error: -c command 1: train glove: --hs is an option of 'train word2vec'
[exit 1]

$ vecscope -q -c "train bert tests/data/train/alice-120.txt $T/x.bin"
  error: -c command 1: train: unknown method 'bert'; usage: train word2vec|glove CORPUS OUT [--sg|--cbow] [--hs] [--negative N] [--dim D] [--window W] [--min-count C] [--sample S] [--alpha A] [--epochs E] [--threads T] [--seed S] [--xmax X] [--eta R] [--binary|--text]
[exit 1]

$ vecscope -q -c "train glove tests/data/train/alice-120.txt $T/g1.txt --min-count 2 --dim 8 --epochs 3 --threads 1" >/dev/null && vecscope -q -c "train glove tests/data/train/alice-120.txt $T/g2.txt --min-count 2 --dim 8 --epochs 3 --threads 1 --eta 0.05" >/dev/null && cmp $T/g1.txt $T/g2.txt && echo same
  same

$ vecscope -q -c "train glove tests/data/train/alice-120.txt $T/g3.txt --min-count 2 --dim 8 --epochs 3 --threads 1 --eta 0.2" >/dev/null && cmp -s $T/g1.txt $T/g3.txt || echo different
  different

$ vecscope -q -c "train glove tests/data/train/alice-120.txt $T/x.bin --eta 0"
  error: -c command 1: train glove: --eta takes a learning rate above 0 (0.05 is usual), not 0
[exit 1]

$ vecscope -q -c "train glove tests/data/train/alice-120.txt $T/x.bin --eta -0.1"
  error: -c command 1: train glove: --eta takes a learning rate above 0 (0.05 is usual), not -0.1
[exit 1]

$ vecscope -q -c "train glove tests/data/train/alice-120.txt $T/x.bin --eta fast"
  error: -c command 1: train: --eta takes a number, not 'fast'
[exit 1]

$ vecscope -q -c "train word2vec tests/data/train/alice-120.txt $T/x.bin --eta 0.1"
  error: -c command 1: train word2vec: --eta is an option of 'train glove'
[exit 1]
