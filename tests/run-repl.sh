#!/bin/sh
# run-repl.sh - the interactive prompt, driven through tmux as a person would:
# a query, Tab completion of commands, of words and of kept vectors (@NAME)
# (and of option values, model names and files where they are what the
# place takes), errors (an unknown word, a broken model file) that leave the
# prompt and the open model usable, Ctrl-C dropping a half-typed line,
# Ctrl-C stopping a training and leaving no file, history kept across runs,
# colour on a terminal and none with NO_COLOR, a map drawn in the window
# (pca --plot in characters) and the message when gnuplot is missing, a FIFO
# as the history file (a message, no wait), and colour only on the stream
# that is a terminal. Prints "repl: N passed, M failed". Skipped (exit 77)
# without tmux.
set -u
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
VECSCOPE=${VECSCOPE:-$SRCDIR/vecscope}
command -v tmux >/dev/null 2>&1 || { echo "repl: tmux not found, skipped"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/vecscope-repl.XXXXXX")
SOCK="vecscope-test-$$"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$T"' EXIT INT TERM
MODEL=$SRCDIR/samples/gutenberg-w2v-cbow32.bin
. "$SRCDIR/tests/tmux-lib.sh"
start() {  # start ENV...: a fresh vecscope session in tmux
    tmux -L "$SOCK" kill-server 2>/dev/null && sleep 0.3
    tmux -L "$SOCK" -f /dev/null new-session -d -s vs -x 120 -y 40 \
        "env $* HOME=$T XDG_STATE_HOME=$T/state $VECSCOPE -q $MODEL; sleep 30"
}

# Expected cosines come from the program's batch mode in the same run (the
# same BLAS kernel), printed as the prompt prints them.
cosine() { printf '%.6f' "$("$VECSCOPE" -q "$MODEL" --tsv -c "sim $1 $2")"; }
GOOD_BAD=$(cosine good bad)
WHALE_SHIP=$(cosine whale ship)

start NO_COLOR=1
wait_for "gutenberg-w2v-cbow32>" && ok || bad "no prompt"

keys "nn whale -k 3" Enter
wait_for "3  whale's" && ok || bad "nn whale gave no answer"

keys "anal" Tab
wait_for "> analogy" && ok || bad "Tab did not complete 'anal' to 'analogy'"
keys C-u
keys "nn leviat" Tab
wait_for "> nn leviathan" && ok || bad "Tab did not complete the word 'leviat'"
keys Enter
wait_for "nearest to leviathan" && ok || bad "completed query did not run"

# completion knows what each place takes: an option's values (from the
# option table), the open models' names, files for file options, the
# positional choices of eval and train; never the vocabulary there, and
# -k (not --k) among the options
complete_to() {  # complete_to TYPED WANT: TYPED then Tab gives the line WANT
    keys "$1" Tab
    if wait_for "> $2"; then ok; else bad "Tab after '$1' did not give '$2'"; fi
    keys C-u
}
complete_to "tsne --method barn" "tsne --method barnes_hut"
complete_to "pca --labels n" "pca --labels none"
complete_to "tsne --init r" "tsne --init random"
complete_to "eval s" "eval sim"
complete_to "train g" "train glove"
complete_to "use gutenberg-w" "use gutenberg-w2v-cbow32"
complete_to "close g" "close gutenberg-w2v-cbow32"
complete_to "help clu" "help cluster"
complete_to "eval sim $SRCDIR/tests/data/eva" "eval sim $SRCDIR/tests/data/eval/"
complete_to "pca --dims 2 levia" "pca --dims 2 leviathan"
keys "pca --dims " Tab Tab
wait_for "2  3" && ok || bad "Tab Tab after --dims did not list 2 and 3"
screen | tail -n 3 | grep -q "whale\\|the " && bad "--dims offered words of the vocabulary" || ok
keys C-u "nn whale -" Tab Tab
wait_for "--exact-scan  --restrict    -k" && ok || bad "the options of nn are not '--exact-scan --restrict -k'"
screen | grep -q -- "--k" && bad "completion offered --k" || ok
keys C-u "tsne --perplexity " Tab Tab
sleep 0.5
screen | tail -n 3 | grep -q "whale\|the " && bad "a number option offered the vocabulary" || ok
keys C-u
# use takes a unique prefix of a model's name, as commands do
keys "load $SRCDIR/samples/gutenberg-sg64.bin" Enter
wait_for "gutenberg-sg64>" || bad "the second model did not load"
keys "use gutenberg-w2" Enter
sleep 0.5
screen | grep -v '^ *$' | tail -n 1 | grep -q "^gutenberg-w2v-cbow32>" && ok ||
    bad "use did not take a unique prefix"
keys "close gutenberg-s" Enter "use gutenberg-s" Enter
wait_for "error: use: no open model is called 'gutenberg-s'" && ok || bad "close did not take a prefix"

# a kept vector's name is offered after '@'
keys "vec whale - ship as whaleish" Enter
keys "vars" Enter
wait_for "vec whale - ship" && ok || bad "vars did not list the vector kept as whaleish"
keys "nn @whal" Tab
wait_for "> nn @whaleish" && ok || bad "Tab did not complete '@whal' to the kept '@whaleish'"
keys C-u

keys "nn nosuchword" Enter
wait_for "error: 'nosuchword' is not in the vocabulary" && ok || bad "no error for an unknown word"
keys "sim good bad" Enter
wait_for "cosine(good, bad) = $GOOD_BAD" && ok || bad "the prompt did not go on after an error"

keys "load $SRCDIR/tests/data/bad/truncated.bin" Enter
wait_for "count says 3 words, found 2" && ok || bad "no error for a truncated model"
keys "models" Enter
wait_for "1 samples" >/dev/null 2>&1
sleep 0.3
if screen | grep -q "truncated  "; then bad "a half-loaded model was registered"; else ok; fi
keys "nn whale -k 1" Enter
wait_for "1  leviathan" && ok || bad "the open model was not usable after a bad load"

# Ctrl-C during a long training: the training stops, nothing is written
# under OUT or beside it, and the prompt and the open model go on
mkdir -p "$T/out"
keys "train word2vec $SRCDIR/tests/data/train/alice-120.txt $T/out/m.bin --epochs 100000 --threads 1" Enter
wait_for "words/s" && ok || bad "no training progress bar"
keys C-c
wait_for "interrupted by Ctrl-C" && ok || bad "Ctrl-C did not stop the training"
if [ -n "$(ls -A "$T/out")" ]; then bad "files left after an interrupted training: $(ls "$T/out")"; else ok; fi
keys "nn ship -k 1" Enter
wait_for "nearest to ship" && ok || bad "the model was not usable after an interrupted training"

keys "half typed line" C-c
sleep 0.3
keys "sim whale ship" Enter
wait_for "cosine(whale, ship) = $WHALE_SHIP" && ok || bad "Ctrl-C did not drop the half-typed line"
if screen | grep -q "half typed linesim"; then bad "Ctrl-C left the line in place"; else ok; fi

if screen | grep -q "$(printf '\033')"; then bad "colour with NO_COLOR"; else ok; fi
if tmux -L "$SOCK" capture-pane -p -e -t vs | grep -q "$(printf '\033')\[36m"; then
    bad "colour codes with NO_COLOR set"
else ok; fi

keys "quit" Enter
sleep 0.5
if grep -qx "nn whale -k 3" "$T/state/vecscope/history" 2>/dev/null; then ok; else
    bad "history file lacks the first command"; fi

# a new run: colour on (no NO_COLOR), history recalled with Up
start -u NO_COLOR TERM=xterm-256color
wait_for "gutenberg-w2v-cbow32>" || bad "no prompt on the second run"
keys Up Up  # the last line was quit; the one before, sim whale ship
wait_for "> sim whale ship" && ok || bad "Up did not recall the last command of the previous run"
keys Enter
wait_for "cosine(whale, ship)" || true
if tmux -L "$SOCK" capture-pane -p -e -t vs | grep -q "$(printf '\033')\[36m"; then ok; else
    bad "no colour on a terminal without NO_COLOR"; fi
keys C-d
sleep 0.3

# plots: the character drawing fills the window (120 x 40, less a line for
# the prompt), the terminal's answer to the sixel query (tmux answers it)
# is not left on the screen, and the prompt comes back; gnuplot's dumb
# drawing asked for without gnuplot on PATH: an error naming the package,
# and the prompt goes on
start NO_COLOR=1
wait_for "gutenberg-w2v-cbow32>" || bad "no prompt for the plot session"
keys "pca king queen man woman --plot" Enter
wait_for "pca of 4 words" && ok || bad "pca --plot drew nothing"
sleep 0.5
if [ "$(screen | grep -c '^│')" -ge 30 ] && screen | tail -3 | grep -q "gutenberg-w2v-cbow32>" &&
    ! screen | grep -q '\[?[0-9;]*c'; then
    ok
else
    bad "the drawing does not fill the window, the query's answer shows, or the prompt did not come back"
fi
keys C-d
sleep 0.3
mkdir -p "$T/nobin"
start NO_COLOR=1 PATH=$T/nobin VECSCOPE_PLOT=dumb
wait_for "gutenberg-w2v-cbow32>" || bad "no prompt without gnuplot"
keys "pca king queen man --plot" Enter
wait_for "gnuplot is not installed: install the Debian package gnuplot-nox" && ok ||
    bad "no clear message without gnuplot"
keys "sim whale ship" Enter
wait_for "cosine(whale, ship) = $WHALE_SHIP" && ok || bad "the prompt did not go on without gnuplot"
keys C-d
sleep 0.3

# A FIFO where the history file goes: the prompt says so and goes on
# (readline would have waited for a writer forever).
mkdir -p "$T/state/vecscope"
mv "$T/state/vecscope/history" "$T/history.saved" 2>/dev/null
mkfifo "$T/state/vecscope/history"
start NO_COLOR=1
wait_for "history is not kept this time" && ok || bad "a FIFO as the history file gave no message"
wait_for "gutenberg-w2v-cbow32>" && ok || bad "a FIFO as the history file blocked the prompt"
keys "sim whale ship" Enter
wait_for "cosine(whale, ship) = $WHALE_SHIP" && ok || bad "the prompt did not work with a FIFO history"
keys C-d
sleep 0.3
rm -f "$T/state/vecscope/history"

# Colour goes only to a stream that is itself a terminal: with standard
# output on the terminal and standard error in a file, the error is plain.
tmux -L "$SOCK" kill-server 2>/dev/null && sleep 0.3
tmux -L "$SOCK" -f /dev/null new-session -d -s vs -x 120 -y 40 \
    "env -u NO_COLOR TERM=xterm HOME=$T XDG_STATE_HOME=$T/state $VECSCOPE -q $MODEL -c 'sim whale ship; nn nosuchword' 2>$T/err; echo done; sleep 30"
wait_for "done" || true
if grep -q "is not in the vocabulary" "$T/err" && ! grep -q "$(printf '\033')" "$T/err"; then
    ok
else
    bad "standard error got colour codes though only standard output is a terminal"
fi
screen | grep -qF "cosine(whale, ship) = $WHALE_SHIP" && ok || bad "the data on the terminal is missing"

echo "repl: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
