#!/bin/sh
# run-families.sh - every encoder family's forward pass against torch at one
# thread (issue 15), in one run.
#
# Makes (once) a random F32 folder of each family with
# tests/gen-families-reference.py --bench, then runs bench_families.py:
# vecscope's forward of 128 tokens against the same family's torch
# reference forward, and their ratio.
#
#   bench/run-families.sh [bench_families.py options: -v, -n 11, --repeat 3,
#                          --families bert,albert,...]
#
# Environment: FAMILIES_DIR (default /tmp/vecscope-bench/families; never
# inside the source tree), VECSCOPE (default: the vecscope built in the
# source tree).
#
# Exit status: 0 whatever the figures are; 1 when the data cannot be made;
# 2 for a usage problem.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
PY=/usr/bin/python3
FAMILIES_DIR=${FAMILIES_DIR:-/tmp/vecscope-bench/families}
VECSCOPE=${VECSCOPE:-$top/vecscope}

abs=$(realpath -m -- "$FAMILIES_DIR") || exit 2
case "$abs/" in
"$(realpath -- "$top")"/*)
    echo "run-families.sh: FAMILIES_DIR ($abs) is inside the source tree;" \
         "pick a directory outside it (the folders take 200 MB)" >&2
    exit 2 ;;
esac

if ! "$PY" -c 'import torch, numpy' 2>/dev/null; then
    echo "run-families.sh: $PY with torch and numpy is needed" \
         "(apt-get install python3-torch python3-numpy); nothing measured" >&2
    exit 1
fi
[ -x "$VECSCOPE" ] || { echo "run-families.sh: $VECSCOPE is not built" >&2; exit 1; }

for fam in bert distilbert roberta xlm-roberta camembert albert electra; do
    if ! [ -f "$abs/$fam/model.safetensors" ]; then
        mkdir -p "$abs/$fam" &&
        "$PY" "$top/tests/gen-families-reference.py" --bench "$fam" "$abs/$fam" || {
            echo "run-families.sh: could not make the $fam model in $abs" >&2; exit 1; }
    fi
done

"$PY" "$here/bench_families.py" --root "$abs" --vecscope "$VECSCOPE" "$@"
exit 0
