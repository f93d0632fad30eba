#!/bin/sh
# distill-demo.sh - the README's table of distilled vectors, from one run:
# WordSim-353 and SimLex-999 (eval sim) for static vectors distilled from
# the demo encoder (samples/bert-gutenberg-mini) over the twelve Gutenberg
# books, beside word2vec and GloVe that vecscope trains on the same books.
#
#   tools/distill-demo.sh            # in the source tree, after make
#
# Makes, in $DEMO_DIR (default /tmp/vecscope-distill-demo), each model once
# (a file already there is kept): `distill` with the last hidden state, the
# mean of all hidden states, hidden state 2, and the last with the first
# piece of each word (min-count 5, as train's default, so every model has
# the same 13,633 words); `train word2vec` (skip-gram, 100 dimensions) and
# `train glove` (50 dimensions) with their other defaults and seed 1; then
# scores each on the two word-pair sets and prints a row per model: its
# words, dimensions, and Pearson, Spearman and the share of pairs out of
# its vocabulary on each set. samples/gutenberg-sg64.bin (word2vec,
# min-count 20) is scored too.
# Env: VECSCOPE (default ./vecscope), CORPUS, DEMO_DIR, THREADS (default 1:
# the encoder's BLAS threads and the training threads).
set -eu
SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
VECSCOPE=${VECSCOPE:-$SRCDIR/vecscope}
CORPUS=${CORPUS:-$SRCDIR/../shared/data/corpus/gutenberg12.norm.txt}
DEMO_DIR=${DEMO_DIR:-/tmp/vecscope-distill-demo}
THREADS=${THREADS:-1}
WS=$SRCDIR/tests/data/eval/gensim-wordsim353.tsv
SL=$SRCDIR/tests/data/eval/gensim-simlex999.txt
mkdir -p "$DEMO_DIR"

make_model() {   # FILE COMMAND...
    f=$1
    shift
    if ! [ -f "$DEMO_DIR/$f" ]; then
        echo "making $f: $*" >&2
        start=$(date +%s)
        "$VECSCOPE" -q --threads "$THREADS" -c "$*" >/dev/null
        echo "  $(($(date +%s) - start)) s" >&2
    fi
}

BERT="$SRCDIR/samples/bert-gutenberg-mini"
make_model distill-last.bin "load $BERT; distill $CORPUS $DEMO_DIR/distill-last.bin"
make_model distill-avg.bin "load $BERT; distill $CORPUS $DEMO_DIR/distill-avg.bin --layer avg"
make_model distill-l2.bin "load $BERT; distill $CORPUS $DEMO_DIR/distill-l2.bin --layer 2"
make_model distill-first.bin \
    "load $BERT; distill $CORPUS $DEMO_DIR/distill-first.bin --pool first"
make_model w2v-sg100.bin \
    "train word2vec $CORPUS $DEMO_DIR/w2v-sg100.bin --sg --threads $THREADS --seed 1"
make_model glove50.bin "train glove $CORPUS $DEMO_DIR/glove50.bin --threads $THREADS --seed 1"

printf '%-22s %6s %4s   %-22s   %-22s\n' model words dim "WordSim-353 r/rho/oov" \
    "SimLex-999 r/rho/oov"
for m in distill-last distill-avg distill-l2 distill-first w2v-sg100 glove50 sg64; do
    if [ $m = sg64 ]; then f=$SRCDIR/samples/gutenberg-sg64.bin; else f=$DEMO_DIR/$m.bin; fi
    "$VECSCOPE" -q --tsv "$f" -c "info; eval sim $WS; eval sim $SL" | awk -F'\t' -v m=$m '
        $1 == "words" { w = $2 } $1 == "dimension" { d = $2 }
        $1 == "pearson" { p[++k] = $2 } $1 == "spearman" { s[k] = $2 } $1 == "oov" { o[k] = $2 }
        END { printf "%-22s %6s %4s   %.4f %.4f %.3f    %.4f %.4f %.3f\n", m, w, d,
              p[1], s[1], o[1], p[2], s[2], o[2] }'
done
