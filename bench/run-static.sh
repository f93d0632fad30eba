#!/bin/sh
# run-static.sh - the static-embedding benchmark of issue 2, in one run.
#
# Makes (once) the synthetic 400,000 x 300 model in $BENCH_DIR, then times
# vecscope against gensim 4.2 and numpy on it and prints a table of figures,
# reference figures, ratios and PASS/FAIL against the targets. See
# bench/README.md for what each number means.
#
#   bench/run-static.sh [bench_static.py options, e.g. -v, --repeat 5,
#                        --only first,cache,query,memory]
#
# Environment: BENCH_DIR (default /tmp/vecscope-bench; never inside the
# source tree), VECSCOPE (default: the vecscope built in the source tree).
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE and the like are passed through
# untouched to vecscope and to the references alike.
#
# Exit status: 0 whatever the figures are; 1 when the data cannot be made or
# a run crashed; 2 for a usage problem.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
PY=/usr/bin/python3
BENCH_DIR=${BENCH_DIR:-/tmp/vecscope-bench}
VECSCOPE=${VECSCOPE:-$top/vecscope}

abs=$(realpath -m -- "$BENCH_DIR") || exit 2
case "$abs/" in
"$(realpath -- "$top")"/*)
    echo "run-static.sh: BENCH_DIR ($abs) is inside the source tree; pick a" \
         "directory outside it (the files take about 2.6 GB)" >&2
    exit 2 ;;
esac
mkdir -p "$abs" || exit 1

if ! [ -x "$PY" ] || ! "$PY" -c 'import numpy' 2>/dev/null; then
    echo "run-static.sh: $PY with numpy is needed to make the data" \
         "(apt-get install python3-numpy python3-gensim); nothing measured" >&2
    exit 1
fi
[ -x /usr/bin/time ] || echo "run-static.sh: /usr/bin/time is missing" \
    "(apt-get install time); the memory rows will fail" >&2

"$PY" "$here/make-synthetic.py" "$BENCH_DIR" || {
    echo "run-static.sh: could not make the synthetic model in $BENCH_DIR" >&2
    exit 1
}

exec "$PY" "$here/bench_static.py" --dir "$abs" --vecscope "$VECSCOPE" "$@"
