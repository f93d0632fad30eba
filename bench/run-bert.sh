#!/bin/sh
# run-bert.sh - the BERT benchmark of issue 4, in one run.
#
# Makes (once) a bert-base-shaped random F32 folder with
# tests/gen-bert-reference.py --bench, then times vecscope's forward pass
# (embed, attn) against torch 1.13 and OpenBLAS sgemm and measures its max RSS;
# prints a table of figures, references, ratios and PASS/FAIL.
#
#   bench/run-bert.sh [bench_bert.py options: -v, -n 11, --repeat 3, --threads 1,2]
#
# Environment: BERT_DIR (default /tmp/vecscope-bench/bert-base; never inside
# the source tree), VECSCOPE (default: the vecscope built in the source tree).
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are passed through untouched;
# OPENBLAS_NUM_THREADS is set per row to the thread count for torch and numpy.
#
# Exit status: 0 whatever the figures are; 1 when the data cannot be made;
# 2 for a usage problem.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
PY=/usr/bin/python3
BERT_DIR=${BERT_DIR:-/tmp/vecscope-bench/bert-base}
VECSCOPE=${VECSCOPE:-$top/vecscope}

abs=$(realpath -m -- "$BERT_DIR") || exit 2
case "$abs/" in
"$(realpath -- "$top")"/*)
    echo "run-bert.sh: BERT_DIR ($abs) is inside the source tree; pick a" \
         "directory outside it (the folder takes 440 MB)" >&2
    exit 2 ;;
esac

if ! "$PY" -c 'import torch, numpy' 2>/dev/null; then
    echo "run-bert.sh: $PY with torch and numpy is needed" \
         "(apt-get install python3-torch python3-numpy); nothing measured" >&2
    exit 1
fi
[ -x "$VECSCOPE" ] || { echo "run-bert.sh: $VECSCOPE is not built" >&2; exit 1; }
[ -x /usr/bin/time ] || echo "run-bert.sh: /usr/bin/time is missing; the memory row will fail" >&2

if ! [ -f "$abs/model.safetensors" ]; then
    mkdir -p "$abs" &&
    "$PY" "$top/tests/gen-bert-reference.py" --bench "$abs" || {
        echo "run-bert.sh: could not make the model in $abs" >&2; exit 1; }
fi

"$PY" "$here/bench_bert.py" --dir "$abs" --vecscope "$VECSCOPE" "$@"
exit 0
