# tui.t - the full-screen interface refuses what is not a terminal (the
# interface itself is driven through tmux by tests/run-tui.sh).
$ vecscope -q -c 'tui'
  error: -c command 1: tui: the full-screen interface needs a terminal; type 'tui' at the prompt or run 'vecscope --tui'
[exit 1]

$ vecscope --tui samples/gutenberg-w2v-cbow32.bin
  vecscope: --tui needs a terminal on standard input and output
[exit 2]

$ vecscope --tui -c 'nn whale'
  vecscope: --tui cannot be used with -c, -f or --replay
  Try 'vecscope --help' for more information.
[exit 2]
