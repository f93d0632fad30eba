#!/bin/sh
# check_layers.sh - the layers of ../shared/DESIGN.md ("Folders"), checked
# on the includes: no file under src/ includes a header of a layer above its
# own, nothing under src/ includes a terminal header (curses, readline,
# termios, ioctl) or a ui/ header, and only src/atomicfile.c renames files.
#
# The layers, from the floor up:
#   0 floor    error xalloc progress utf8 blas atomicfile filemap parallel random readfile
#   1 model    vocab model session result
#   2 engines  compare kmeans knn qscan query suggest plugin vocabgrep, format/, bert/, train/, eval/, probe/
#   3 output   render plot labels gnuplot headview palette canvas mapview termplot notebook
#   4 commands cmd/
# (ui/ is the program above them all; plugins/ link no host code.)
# Prints "layers: N passed, M failed".
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$SRCDIR" || exit 99

layer_of() {
    case $1 in
    src/cmd/*) echo 4 ;;
    src/format/* | src/bert/* | src/train/* | src/eval/* | src/probe/*) echo 2 ;;
    src/render.* | src/plot.* | src/labels.* | src/gnuplot.* | src/headview.* | \
        src/palette.* | src/canvas.* | src/mapview.* | src/termplot.* | src/notebook.*) echo 3 ;;
    src/compare.* | src/kmeans.* | src/knn.* | src/qscan.* | src/query.* | src/suggest.* | \
        src/plugin.* | src/vocabgrep.*) echo 2 ;;
    src/vocab.* | src/model.* | src/session.* | src/result.*) echo 1 ;;
    src/error.* | src/xalloc.* | src/progress.* | src/utf8.* | src/blas.* | \
        src/atomicfile.* | src/filemap.* | src/parallel.* | src/random.* | src/readfile.*) echo 0 ;;
    plugins/vecscope-plugin.h) echo 0 ;;
    *) echo unknown ;;
    esac
}

# where an #include "name" in file resolves: beside the file, then in src/,
# then in plugins/ (the -I order of Makefile.am)
resolve() {
    dir=$(dirname "$1")
    for cand in "$dir/$2" "src/$2" "plugins/$2"; do
        if [ -f "$cand" ]; then
            # normalise a/b/../c
            echo "$cand" | sed -e ':a' -e 's|[^/]*/\.\./||' -e 'ta'
            return
        fi
    done
    echo "missing:$2"
}

pass=0
fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

for f in $(find src -name '*.[ch]' | sort); do
    mine=$(layer_of "$f")
    if [ "$mine" = unknown ]; then
        bad "$f is in no layer: add it to DESIGN.md's table and to tests/check_layers.sh"
        continue
    fi
    ok=1
    for inc in $(sed -n 's/^#include "\(.*\)".*/\1/p' "$f"); do
        [ "$inc" = config.h ] && continue
        target=$(resolve "$f" "$inc")
        theirs=$(layer_of "$target")
        if [ "$theirs" = unknown ]; then
            bad "$f includes $inc ($target), which is not in the library's layers"
            ok=0
        elif [ "$theirs" -gt "$mine" ]; then
            bad "$f (layer $mine) includes $target (layer $theirs), a layer above it"
            ok=0
        fi
    done
    if grep -n -E '^#include <(n?curses|ncursesw/|readline/|termios|term\.h|sys/ioctl)' "$f"; then
        bad "$f includes a terminal header: only ui/ touches the terminal"
        ok=0
    fi
    [ $ok = 1 ] && pass=$((pass + 1))
done

# one atomic writer: rename(2) appears in src/atomicfile.c alone
others=$(grep -l -E '(^|[^_a-z])rename\(' $(find src -name '*.c') | grep -v '^src/atomicfile.c$')
if [ -n "$others" ]; then
    bad "rename() outside src/atomicfile.c: $others"
else
    pass=$((pass + 1))
fi

echo "layers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
