#!/bin/sh
# run-precision.sh - the benchmark of issue 18's encoder part, in one run:
# vecscope's bert-base forward in f32, bf16 and int8 against torch's fused,
# unfused and dynamically quantized int8 encoders, one thread.
#
#   bench/run-precision.sh [bench_precision.py options: -v, -n 11, --repeat 3, --reps 10]
#
# Makes (once) the bert-base-shaped random F32 folder with
# tests/gen-bert-reference.py --bench (BERT_DIR, default
# /tmp/vecscope-bench/bert-base, 440 MB, never inside the source tree).
# OPENBLAS_CORETYPE defaults to SkylakeX for both sides (this OpenBLAS
# falls back to Prescott on CPUs it does not know; set it to Haswell on a
# CPU without AVX-512); the value used is printed.
#
# Exit status: 0 whatever the figures are; 1 when the data cannot be made
# or a tool is missing; 2 for a usage problem.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
PY=/usr/bin/python3
BERT_DIR=${BERT_DIR:-/tmp/vecscope-bench/bert-base}
VECSCOPE=${VECSCOPE:-$top/vecscope}
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-SkylakeX}"

abs=$(realpath -m -- "$BERT_DIR") || exit 2
case "$abs/" in
"$(realpath -- "$top")"/*)
    echo "run-precision.sh: BERT_DIR ($abs) is inside the source tree; pick a" \
         "directory outside it (the folder takes 440 MB)" >&2
    exit 2 ;;
esac
if ! "$PY" -c 'import torch, numpy' 2>/dev/null; then
    echo "run-precision.sh: $PY with torch and numpy is needed" \
         "(apt-get install python3-torch python3-numpy); nothing measured" >&2
    exit 1
fi
[ -x "$VECSCOPE" ] || { echo "run-precision.sh: $VECSCOPE is not built" >&2; exit 1; }
if ! [ -f "$abs/model.safetensors" ]; then
    mkdir -p "$abs" &&
    "$PY" "$top/tests/gen-bert-reference.py" --bench "$abs" || {
        echo "run-precision.sh: could not make the model in $abs" >&2; exit 1; }
fi
"$PY" "$here/bench_precision.py" --dir "$abs" --vecscope "$VECSCOPE" "$@"
exit 0
