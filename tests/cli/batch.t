# batch.t - batch mode: -c, -f, a script on stdin, exit status, which line failed.
$ vecscope -q --tsv samples/gutenberg-w2v-cbow32.bin -c 'nn whale -k 3; sim whale ship'
  leviathan	0.78704643
  harpooneer	0.74160904
  whale's	0.70266682
  0.60639226

$ vecscope -q --tsv samples/gutenberg-w2v-cbow32.bin -c 'nn whale -k 2; nn nosuchword; sim whale ship'
  leviathan	0.78704643
  harpooneer	0.74160904
  error: -c command 2: 'nosuchword' is not in the vocabulary of gutenberg-w2v-cbow32
[exit 1]

$ printf 'sim good bad\nsim good evil\n' | vecscope -q --tsv samples/gutenberg-w2v-cbow32.bin
  0.81310236
  0.13074304

$ printf 'sim good bad\n\n# a comment\nsim good nosuchword\nsim good evil\n' > $T/s.vs; vecscope -q --tsv samples/gutenberg-w2v-cbow32.bin -f $T/s.vs 2>&1 | sed "s#$T#T#"
  0.81310236
  error: T/s.vs:4: 'nosuchword' is not in the vocabulary of gutenberg-w2v-cbow32

$ vecscope -q -c 'frobnicate'
  error: -c command 1: unknown command 'frobnicate'; type 'help' for the list
[exit 1]

$ vecscope -q -c 'nn king'
  error: -c command 1: nn: no model is open; open one with 'load PATH'
[exit 1]

$ vecscope -q -c 's'
  error: -c command 1: 's' is ambiguous: it could be save, sim, simmat, ssim
[exit 1]

$ vecscope --frobnicate
  vecscope: unknown option, or one that takes no value: '--frobnicate'
  Try 'vecscope --help' for more information.
[exit 2]

$ vecscope -c 'help' -f x
  vecscope: -c, -f and --replay cannot be used together
  Try 'vecscope --help' for more information.
[exit 2]

$ vecscope --threads 0 -c help
  vecscope: --threads (or VECSCOPE_THREADS) takes a number from 1 to 1024, not '0'
[exit 2]

$ vecscope -f /nonexistent/script.vs
  vecscope: cannot open script '/nonexistent/script.vs': No such file or directory
[exit 2]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'nn king -k'
  error: -c command 1: nn: -k needs a value (K); usage: nn QUERY [-k K] [--restrict N] [--exact-scan]
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'nn king -k two'
  error: -c command 1: nn: -k takes a whole number >= 0, not 'two'
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'nn king man'
  error: -c command 1: nn: missing '+' or '-' before 'man' (argument 2); write WORD + WORD - WORD, with spaces around the signs
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'nn king - '
  error: -c command 1: nn: the query ends with an operator; write WORD + WORD - WORD
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'analogy man king'
  error: -c command 1: analogy: too few arguments; usage: analogy A B C [-k K] [--mul] [--restrict N] [--exact-scan]
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'sim "unterminated'
  error: -c: unterminated double quote
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'quit; nn nosuchword'

$ vecscope --version | head -1
  vecscope 0.1.0

$ vecscope --help | head -3
  Usage: vecscope [OPTION]... [MODEL]...
  Explore word embeddings in a terminal: nearest neighbours, analogies,
  similarity and more, on word2vec, GloVe, fastText and vecscope cache files,

