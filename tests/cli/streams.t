# streams.t - what vecscope reads and writes besides models: standard output
# must take every byte (a full disk is an error, a reader that went away is
# not), scripts are bounded text (a NUL byte or an endless line is an error
# naming where), and values echoed from the command line or the environment
# reach the terminal escaped.
$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'nn whale -k 3' >/dev/full
  vecscope: cannot write the output: No space left on device
[exit 1]

$ vecscope --help >/dev/full
  vecscope: cannot write the output: No space left on device
[exit 1]

$ (vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'nn whale -k 1000; nn ship -k 1000; nn sea -k 1000'; echo "status $?" >&2) 2>&1 | { head -1; cat >/dev/null; }; echo done
  nearest to whale in gutenberg-w2v-cbow32
  done

$ (vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'nn whale -k 1000; nn ship -k 1000; nn sea -k 1000' | head -1 >/dev/null; echo "status $?") 2>&1
  status 0

$ printf 'nn whale -k 1\nnn wh\000ale\n' >$T/nul.vs; vecscope -q samples/gutenberg-w2v-cbow32.bin --tsv -f $T/nul.vs 2>&1 | sed "s|$T|T|"
  leviathan	0.78704643
  error: T/nul.vs:2:6: a NUL byte; a script is text, one command a line

$ vecscope -q -f /dev/zero
  error: /dev/zero:1:1: a NUL byte; a script is text, one command a line
[exit 1]

$ head -c 1100000 /dev/zero | tr '\000' a | vecscope -q -f -
  error: -:1: the line is longer than 1048576 bytes; a script holds one command a line
[exit 1]

$ vecscope --threads "$(printf 'x\033[2J')"
  vecscope: --threads (or VECSCOPE_THREADS) takes a number from 1 to 1024, not 'x\x1b[2J'
[exit 2]

$ VECSCOPE_THREADS="$(printf '\007')" vecscope -c help
  vecscope: --threads (or VECSCOPE_THREADS) takes a number from 1 to 1024, not '\x07'
[exit 2]

$ vecscope "$(printf -- '--x\033]0;title\007')"
  vecscope: unknown option, or one that takes no value: '--x\x1b]0;title\x07'
  Try 'vecscope --help' for more information.
[exit 2]

$ vecscope -f "$(printf 'no\033[2J')"
  vecscope: cannot open script 'no\x1b[2J': No such file or directory
[exit 2]

# A FIFO where a plugin or a script is looked for does not block the program.
$ mkdir $T/fp && mkfifo $T/fp/x.so && VECSCOPE_PLUGIN_PATH=$T/fp timeout 10 "$VECSCOPE" -q -c 'plugins --tsv' 2>&1 | sed "s|$T|T|g" | cut -f1
  warning: plugin T/fp/x.so: not a regular file, so not a plugin
  pca
  tsne
  umap

# Files the user names are read as regular files, never waited on: a FIFO
# as a model, a corpus, a word list or an evaluation set is refused at once
# (open(2) on a FIFO without a writer would block), and a device is never
# read to its endless end.
$ mkfifo $T/ff && for c in "load $T/ff" "train word2vec $T/ff $T/o.bin" "load samples/gutenberg-w2v-cbow32.bin; pca --file $T/ff" "load samples/gutenberg-w2v-cbow32.bin; eval sim $T/ff"; do timeout 10 "$VECSCOPE" -q -c "$c" 2>&1 | sed "s|$T|T|g"; done
  error: -c command 1: T/ff: not a regular file
  error: -c command 1: train word2vec: T/ff: the corpus is not a regular file
  error: -c command 2: pca: T/ff: not a regular file (a pipe, socket or device); name a text file
  error: -c command 2: eval sim: T/ff: not a regular file (a pipe, socket or device); name a text file

$ for c in "load samples/gutenberg-w2v-cbow32.bin; pca --file /dev/zero" "load samples/gutenberg-w2v-cbow32.bin; eval analogy /dev/zero" "load samples/gutenberg-w2v-cbow32.bin; eval sim /dev/urandom"; do timeout 10 "$VECSCOPE" -q -c "$c" 2>&1; done
  error: -c command 2: pca: /dev/zero: not a regular file (a pipe, socket or device); name a text file
  error: -c command 2: eval analogy: /dev/zero: not a regular file (a pipe, socket or device); name a text file
  error: -c command 2: eval sim: /dev/urandom: not a regular file (a pipe, socket or device); name a text file
[exit 1]

$ printf 'king\nqu\000een\n' >$T/w.txt && vecscope -q -c "load samples/gutenberg-w2v-cbow32.bin; pca --file $T/w.txt" 2>&1 | sed "s|$T|T|g"
  error: -c command 2: pca: T/w.txt: line 2 holds a NUL byte; --file takes a text file of words

# Evaluation files: a NUL byte is named by line and column (it would end a
# word early without a trace); a single usable pair has no correlation.
$ printf 'king\tqueen\t5\nma\000n\twoman\t3\n' >$T/nul-sim.txt && vecscope -q samples/gutenberg-w2v-cbow32.bin -c "eval sim $T/nul-sim.txt" 2>&1 | sed "s|$T|T|"
  error: -c command 1: eval sim: T/nul-sim.txt:2:3: a NUL byte; an evaluation file is text

$ printf ': a\nking queen man wo\000man\n' >$T/nul-an.txt && vecscope -q samples/gutenberg-w2v-cbow32.bin -c "eval analogy $T/nul-an.txt" 2>&1 | sed "s|$T|T|"
  error: -c command 1: eval analogy: T/nul-an.txt:2:18: a NUL byte; an evaluation file is text

$ printf 'king\tqueen\t5\n' >$T/one.txt && vecscope -q samples/gutenberg-w2v-cbow32.bin -c "eval sim $T/one.txt" 2>&1 | sed "s|$T|T|"
  error: -c command 1: eval sim: T/one.txt: 1 pair in the vocabulary of gutenberg-w2v-cbow32, too few: a correlation needs at least two pairs whose scores differ (gold and model alike)
