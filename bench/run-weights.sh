#!/bin/sh
# run-weights.sh - the weights benchmark of issue 15: opening a
# bert-base-shaped pytorch_model.bin against opening the same weights as
# model.safetensors plus a copy of them (the target: no slower).
#
# Makes (once) DIR/model.safetensors (random F32 weights, by
# tests/gen-bert-reference.py --bench) and DIR/pytorch_model.bin of the same
# tensors (torch.save, by tests/gen-weights-reference.py --bench): 440 MB
# each, never inside the source tree. Builds bench/weights-driver (make
# bench/weights-driver) and runs it: see weights-driver.c for what is timed.
#
#   bench/run-weights.sh [REPEAT]        (default 5)
#
# Environment: WEIGHTS_DIR (default /tmp/vecscope-bench/weights), BUILDDIR
# (default: the source tree, configured).
#
# Exit status: 0 whatever the figures are; 1 when the data or the driver
# cannot be made; 2 for a usage problem.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
PY=/usr/bin/python3
DIR=${WEIGHTS_DIR:-/tmp/vecscope-bench/weights}
BUILDDIR=${BUILDDIR:-$top}

abs=$(realpath -m -- "$DIR") || exit 2
case "$abs/" in
"$(realpath -- "$top")"/*)
    echo "run-weights.sh: WEIGHTS_DIR ($abs) is inside the source tree; pick a" \
         "directory outside it (the files take 880 MB)" >&2
    exit 2 ;;
esac

if ! [ -f "$abs/pytorch_model.bin" ]; then
    if ! "$PY" -c 'import torch, numpy' 2>/dev/null; then
        echo "run-weights.sh: $PY with torch and numpy is needed to make the" \
             "files (apt-get install python3-torch python3-numpy)" >&2
        exit 1
    fi
    mkdir -p "$abs" &&
    "$PY" "$top/tests/gen-weights-reference.py" --bench "$abs" || {
        echo "run-weights.sh: could not make the files in $abs" >&2; exit 1; }
fi
make -s -C "$BUILDDIR" bench/weights-driver || {
    echo "run-weights.sh: could not build bench/weights-driver in $BUILDDIR" >&2
    exit 1; }
"$BUILDDIR/bench/weights-driver" "$abs/model.safetensors" "$abs/pytorch_model.bin" "${1:-5}"
exit 0
