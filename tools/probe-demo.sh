#!/bin/sh
# probe-demo.sh - the README's probe demo, from one run: which of the twelve
# Gutenberg books a paragraph comes from, read off the sentence vectors of
# the demo encoder (samples/bert-gutenberg-mini), of the word2vec model
# vecscope trained on the books (samples/gutenberg-sg64.bin) and of a GloVe
# model vecscope trains here on the same books.
#
#   tools/probe-demo.sh            # in the source tree, after make
#
# Makes, in $DEMO_DIR (default /tmp/vecscope-probe-demo), the labelled file
# (tools/gutenberg-paragraphs.py: 400 paragraphs of 150 characters or more
# per book, seed 1) and, once, the GloVe model (train glove, its defaults:
# 50 dimensions, window 15, 25 epochs; a few minutes), then trains one probe
# per model and pooling with the same split (20% of each book held out,
# seed 1), C 1 and up to 1000 L-BFGS iterations, and prints a row per probe:
# model, pooling, held-out accuracy and macro-F1. When the static vectors
# distilled from the demo encoder by tools/distill-demo.sh are there
# ($DISTILLED, default /tmp/vecscope-distill-demo/distill-avg.bin), they get
# their two probes too; ONLY=distilled trains only those.
# Env: VECSCOPE (default ./vecscope), BOOKS (the folder of the twelve books),
# DEMO_DIR, THREADS (default 2), DISTILLED, ONLY.
set -eu
SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
VECSCOPE=${VECSCOPE:-$SRCDIR/vecscope}
BOOKS=${BOOKS:-$SRCDIR/../shared/data/corpus/gutenberg}
CORPUS=${CORPUS:-$SRCDIR/../shared/data/corpus/gutenberg12.norm.txt}
DEMO_DIR=${DEMO_DIR:-/tmp/vecscope-probe-demo}
THREADS=${THREADS:-2}
DISTILLED=${DISTILLED:-/tmp/vecscope-distill-demo/distill-avg.bin}
ONLY=${ONLY:-}
mkdir -p "$DEMO_DIR"
TSV=$DEMO_DIR/books.tsv
GLOVE=$DEMO_DIR/gutenberg-glove50.bin

[ -f "$TSV" ] || python3 "$SRCDIR/tools/gutenberg-paragraphs.py" --books "$BOOKS" "$TSV"
[ -f "$GLOVE" ] || "$VECSCOPE" -q --threads "$THREADS" \
    -c "train glove $CORPUS $GLOVE --threads $THREADS" >/dev/null

OPTS="--test 0.2 --seed 1 --c 1 --max-iter 1000"
if [ "$ONLY" != distilled ]; then
cat >"$DEMO_DIR/demo.vs" <<EOF
load $SRCDIR/samples/bert-gutenberg-mini as bert-mini
probe train $TSV $OPTS --pool mean as bert-mini/mean
probe train $TSV $OPTS --pool cls as bert-mini/cls
load $SRCDIR/samples/gutenberg-sg64.bin as word2vec-sg64
probe train $TSV $OPTS --pool mean as word2vec-sg64/mean
probe train $TSV $OPTS --pool sif as word2vec-sg64/sif
load $GLOVE as glove50
probe train $TSV $OPTS --pool mean as glove50/mean
probe train $TSV $OPTS --pool sif as glove50/sif
EOF
else
    : >"$DEMO_DIR/demo.vs"
fi
if [ -f "$DISTILLED" ]; then
    cat >>"$DEMO_DIR/demo.vs" <<EOF
load $DISTILLED as distilled
probe train $TSV $OPTS --pool mean as distilled/mean
probe train $TSV $OPTS --pool sif as distilled/sif
EOF
fi
echo 'probe list' >>"$DEMO_DIR/demo.vs"
# the rows of `probe list` are those whose name holds a '/'
printf '%-14s %-5s %4s %9s %9s\n' model pool dim accuracy macro-F1
"$VECSCOPE" -q --tsv --threads "$THREADS" -f "$DEMO_DIR/demo.vs" | awk -F'\t' '
    $1 ~ /\// { sub("/.*", "", $1); printf "%-14s %-5s %4s %9s %9s\n", $1, $3, $5, $6, $7 }'
