# probe.t - `probe`: a logistic regression on sentence vectors of labelled
# texts (tests/data/probe/books-small.tsv: paragraphs of the twelve
# Gutenberg books, written by tools/gutenberg-paragraphs.py). Held-out
# figures on a static model's mean and SIF vectors and on an encoder's
# pooled vectors, the probe file, the confusion matrix, predictions, and the
# messages for bad input. check_probe.c holds the same training against
# scikit-learn's LogisticRegression.
# a static model's mean word vectors: the same figures as scikit-learn's on these rows (check_probe.c); the probe is kept in $T for the cases below
$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c "probe train tests/data/probe/books-small.tsv as books; probe save books $T/books.probe"
  probe books on gutenberg-w2v-cbow32 (pool mean, C 1): 45 held-out rows
  class            precision  recall  f1      support
  alice            0.0000     0.0000  0.0000  4
  dorian-gray      0.7500     0.7500  0.7500  4
  dracula          0.0000     0.0000  0.0000  4
  huck-finn        0.7500     0.7500  0.7500  4
  jungle-book      0.5000     0.5000  0.5000  4
  metamorphosis    0.0000     0.0000  0.0000  1
  moby-dick        0.4000     1.0000  0.5714  4
  peter-pan        0.4000     0.5000  0.4444  4
  pride-prejudice  0.6000     0.7500  0.6667  4
  sherlock         0.0000     0.0000  0.0000  4
  two-cities       0.2500     0.2500  0.2500  4
  ulysses          0.4000     0.5000  0.4444  4
  macro avg        0.3375     0.4167  0.3647  45
  accuracy                            0.4444  45

# SIF vectors, another C, held-out share and seed; TSV
$ vecscope -q --tsv tests/data/gutenberg-w2v-cbow32.bin -c 'probe train tests/data/probe/books-small.tsv --pool sif --c 10 --test 0.3 --seed 3 --max-iter 1000'
  alice	0.2857	0.3333	0.3077	6
  dorian-gray	0.6250	0.8333	0.7143	6
  dracula	0.3333	0.1667	0.2222	6
  huck-finn	0.5455	1.0000	0.7059	6
  jungle-book	0.6250	0.8333	0.7143	6
  metamorphosis	0.0000	0.0000	0.0000	2
  moby-dick	0.7500	0.5000	0.6000	6
  peter-pan	0.0000	0.0000	0.0000	6
  pride-prejudice	0.6000	0.5000	0.5455	6
  sherlock	0.2000	0.1667	0.1818	6
  two-cities	0.2000	0.1667	0.1818	6
  ulysses	0.5556	0.8333	0.6667	6
  macro avg	0.3933	0.4444	0.4033	68
  accuracy			0.4706	68

# the notes: how the minimisation ended (the time left out)
$ vecscope tests/data/gutenberg-w2v-cbow32.bin -c 'probe train tests/data/probe/books-small.tsv --max-iter 5' 2>&1 | grep -e warning -e kept -e 'trained on' | sed 's/ in [0-9.]* s:/:/'
  trained on 182 of 227 rows (12 classes, 32 dimensions): L-BFGS stopped at the iteration limit before converging after 5 iterations (6 evaluations), objective 295.920906
  warning: the probe did not converge; raise --max-iter (now 5)
  probe books-small kept: 'probe predict books-small TEXT', 'probe confusion books-small'

# the probe file: a header of 'key<TAB>value' lines, then a line per class (label, intercept, weights)
$ head -8 $T/books.probe; grep -c '^class	' $T/books.probe
  vecscope-probe 1
  model	gutenberg-w2v-cbow32
  vectors	static
  pool	mean
  dim	32
  C	1
  data	tests/data/probe/books-small.tsv
  rows	182	45
  12

# the confusion matrix, each row a share of its class's held-out rows; --out writes it too (a picture with .png/.svg/.pdf: see plot.t)
$ vecscope -q --tsv tests/data/gutenberg-w2v-cbow32.bin -c "probe load $T/books.probe; probe confusion books --out $T/conf.tsv" | sed "s|$T|T|"; head -3 $T/conf.tsv; wc -l < $T/conf.tsv
  wrote T/conf.tsv: a TSV table of a 12 x 12 matrix
  alice	0.000000	0.000000	0.000000	0.000000	0.000000	0.000000	0.000000	0.500000	0.000000	0.000000	0.500000	0.000000
  dorian-gray	0.000000	0.750000	0.000000	0.000000	0.000000	0.000000	0.000000	0.250000	0.000000	0.000000	0.000000	0.000000
  dracula	0.000000	0.000000	0.000000	0.000000	0.000000	0.000000	0.250000	0.000000	0.250000	0.250000	0.000000	0.250000
  12

$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c "probe load $T/books.probe as b2; probe list; probe report b2; probe drop b2; probe list"
  name  model                 pool  classes  dim  accuracy  macro-F1
  b2    gutenberg-w2v-cbow32  mean  12       32   0.4444    0.3647
  probe b2 on gutenberg-w2v-cbow32 (pool mean, C 1): 45 held-out rows
  class            precision  recall  f1      support
  alice            0.0000     0.0000  0.0000  4
  dorian-gray      0.7500     0.7500  0.7500  4
  dracula          0.0000     0.0000  0.0000  4
  huck-finn        0.7500     0.7500  0.7500  4
  jungle-book      0.5000     0.5000  0.5000  4
  metamorphosis    0.0000     0.0000  0.0000  1
  moby-dick        0.4000     1.0000  0.5714  4
  peter-pan        0.4000     0.5000  0.4444  4
  pride-prejudice  0.6000     0.7500  0.6667  4
  sherlock         0.0000     0.0000  0.0000  4
  two-cities       0.2500     0.2500  0.2500  4
  ulysses          0.4000     0.5000  0.4444  4
  macro avg        0.3375     0.4167  0.3647  45
  accuracy                            0.4444  45
  name  model  pool  classes  dim  accuracy  macro-F1

$ vecscope -q -c 'probe list'
  name  model  pool  classes  dim  accuracy  macro-F1

# predictions: the probabilities depend on where L-BFGS stopped, within its tolerance
# tolerance: 1e-3
$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c "probe load $T/books.probe; probe predict books -k 3 the whale was white and the sea was wide; probe predict books -k 2 Mr. Darcy and Elizabeth"
  probe books on "the whale was white and the sea was wide"
    1  moby-dick     0.766478
    2  peter-pan     0.195819
    3  jungle-book   0.019372
  probe books on "Mr. Darcy and Elizabeth"
    1  pride-prejudice   0.981699
    2  dorian-gray       0.014523

$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c "probe load $T/books.probe; probe predict books -k 2 zzzz qqqq"
  warning: no word of the text is in gutenberg-w2v-cbow32: the probabilities are the intercepts'
  probe books on "zzzz qqqq"
    1  ulysses     0.678556
    2  moby-dick   0.082669

# the same task on an encoder: --pool cls, and mean at a middle layer (texts longer than the model takes are cut); a probe needs the model it was trained on
# tolerance: 1e-5
$ vecscope -q --tsv samples/bert-gutenberg-mini -c "probe train tests/data/probe/books-small.tsv --pool cls --max-iter 1000 as enc; probe save enc $T/enc.probe"
  alice	0.6667	0.5000	0.5714	4
  dorian-gray	0.6000	0.7500	0.6667	4
  dracula	0.2500	0.2500	0.2500	4
  huck-finn	1.0000	0.7500	0.8571	4
  jungle-book	0.3333	0.5000	0.4000	4
  metamorphosis	1.0000	1.0000	1.0000	1
  moby-dick	0.3333	0.5000	0.4000	4
  peter-pan	0.5000	0.2500	0.3333	4
  pride-prejudice	0.6000	0.7500	0.6667	4
  sherlock	1.0000	0.5000	0.6667	4
  two-cities	0.3333	0.2500	0.2857	4
  ulysses	0.8000	1.0000	0.8889	4
  macro avg	0.6181	0.5833	0.5822	45
  accuracy			0.5556	45

$ vecscope -q samples/bert-gutenberg-mini -c 'probe train tests/data/probe/books-small.tsv --layer 2 --max-iter 1000 as mid; probe list'
  probe mid on bert-gutenberg-mini (pool mean, layer 2, C 1): 45 held-out rows
  class            precision  recall  f1      support
  alice            0.5000     0.5000  0.5000  4
  dorian-gray      0.6667     0.5000  0.5714  4
  dracula          0.5000     0.2500  0.3333  4
  huck-finn        1.0000     1.0000  1.0000  4
  jungle-book      0.3000     0.7500  0.4286  4
  metamorphosis    1.0000     1.0000  1.0000  1
  moby-dick        0.5000     0.2500  0.3333  4
  peter-pan        0.5000     0.2500  0.3333  4
  pride-prejudice  0.5000     0.7500  0.6000  4
  sherlock         0.5000     0.5000  0.5000  4
  two-cities       1.0000     0.2500  0.4000  4
  ulysses          0.6667     1.0000  0.8000  4
  macro avg        0.6361     0.5833  0.5667  45
  accuracy                            0.5556  45
  name  model                pool  classes  dim  accuracy  macro-F1
  mid   bert-gutenberg-mini  mean  12       256  0.5556    0.5667

# (182 rows in 256 dimensions: a flat optimum, where L-BFGS stops and so the probabilities depend on the BLAS kernel; the ranking does not)
$ vecscope -q samples/bert-gutenberg-mini -c "probe load $T/enc.probe; probe predict enc -k 2 the vampire slept in his coffin" | awk '{ print $1, $2 }'
  probe enc
  1 peter-pan
  2 ulysses

# tolerance: 1e-5
$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c "probe load $T/enc.probe; probe predict enc hello"
  error: -c command 2: probe predict: bert-gutenberg-mini is not open, and the current model does not fit: the probe was trained on an encoder's vectors (model bert-gutenberg-mini), and gutenberg-w2v-cbow32 is a static model
[exit 1]

# errors
$ vecscope -q -c 'probe train tests/data/probe/books-small.tsv'
  error: -c command 1: probe train: no model is open; open one with 'load PATH'
[exit 1]

$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c 'probe teach x'
  error: -c command 1: probe: unknown subcommand 'teach'; usage: probe train FILE [as NAME] [--pool P] [--c C] [--test F] [--seed S] [options] | predict NAME TEXT [-k K] | report NAME | confusion NAME [--plot] [--out FILE] | save NAME FILE | load FILE [as NAME] | list | drop NAME
[exit 1]

$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c 'probe predict books -k 3 --c 2 hello'
  error: -c command 1: probe predict: --c is an option of 'probe train'
[exit 1]

$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c 'probe predict books hello'
  error: -c command 1: probe predict: no probe called 'books'; 'probe list' shows those there are
[exit 1]

$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c 'probe train tests/data/probe/books-small.tsv --pool cls'
  error: -c command 1: probe train: gutenberg-w2v-cbow32 is a static model: pool with mean or sif, not 'cls'
[exit 1]

$ vecscope -q samples/bert-gutenberg-mini -c 'probe train tests/data/probe/books-small.tsv --pool sif'
  error: -c command 1: probe train: bert-gutenberg-mini is an encoder: pool with mean, cls or pooler, not 'sif'
[exit 1]

$ vecscope -q samples/bert-gutenberg-mini -c 'probe train tests/data/probe/books-small.tsv --layer 9'
  error: -c command 1: probe train: --layer is 0 (the embeddings) to 4, not 9
[exit 1]

$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c 'probe train tests/data/probe/books-small.tsv --test 1'
  error: -c command 1: probe train: --test is a share from 0 to below 1, not 1
[exit 1]

$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c 'probe train tests/data/probe/books-small.tsv --text-col 3'
  error: -c command 1: probe train: tests/data/probe/books-small.tsv:1: 2 columns, but the text is in column 3 (columns are separated by tabs; see --text-col and --label-col)
[exit 1]

$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c 'probe train tests/data/probe/nothing.tsv'
  error: -c command 1: probe train: cannot open tests/data/probe/nothing.tsv: No such file or directory
[exit 1]

$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c 'probe train tests/data/probe/books-small.tsv --counts tests/data/probe/blobs.tsv'
  error: -c command 1: probe train: a counts file weighs words for --pool sif only
[exit 1]

$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c 'probe train tests/data/probe/books-small.tsv --pool sif --counts tests/data/probe/blobs.tsv'
  error: -c command 1: probe train: tests/data/probe/blobs.tsv:2: expected 'WORD COUNT' with a count of 0 or more, found "class-d\t-0.894565105 2.98026085 -0.190400615 -2.1089828 1.27"
[exit 1]

$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c 'probe load tests/data/probe/books-small.tsv'
  error: -c command 1: probe load: tests/data/probe/books-small.tsv: not a vecscope probe (the first line is not 'vecscope-probe 1'); write one with 'probe save'
[exit 1]

$ vecscope -q tests/data/gutenberg-w2v-cbow32.bin -c "probe load $T/books.probe; probe save books tests/data/probe"
  error: -c command 2: probe save: cannot write tests/data/probe: it is a directory; name a file
[exit 1]

# help
$ vecscope -q -c 'help probe' | head -4
  usage: probe train FILE [as NAME] [--pool P] [--c C] [--test F] [--seed S] [options] | predict NAME TEXT [-k K] | report NAME | confusion NAME [--plot] [--out FILE] | save NAME FILE | load FILE [as NAME] | list | drop NAME
  
  probe train FILE: a multinomial logistic regression on the current model's
  sentence vectors of the texts in FILE (tab-separated; the label in column 1

