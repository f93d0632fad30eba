#!/bin/sh
# build.sh - builds the libFuzzer harnesses; `make fuzz` runs it.
#
#   build.sh CLANG SRCDIR OUTDIR "CPPFLAGS" "LIBS" "LIBRARY SOURCES" TARGET...
#
# The library's sources are compiled once with clang, coverage
# instrumentation and AddressSanitizer + UndefinedBehaviorSanitizer, into
# OUTDIR/obj; each TARGET is tests/fuzz/fuzz_TARGET.c linked with them, the
# shared helper fuzz.c and libFuzzer's main, as OUTDIR/fuzz_TARGET. An object
# is rebuilt when its source, or any header under src/, is newer.
set -eu
clang=$1 srcdir=$2 outdir=$3 cppflags=$4 libs=$5 sources=$6
shift 6
jobs=${FUZZ_JOBS:-2}
cflags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined
  -fno-sanitize-recover=undefined -pthread -Wall -Wextra -Wno-unused-parameter"

mkdir -p "$outdir/obj"
newest_header=$(ls -t "$srcdir"/src/*.h "$srcdir"/src/*/*.h "$srcdir"/plugins/*.h \
    "$srcdir"/tests/fuzz/*.h config.h 2>/dev/null | head -n 1)

# compile SRC OBJ EXTRA-FLAGS: only when OBJ is out of date
compile() {
    if [ ! -f "$2" ] || [ "$1" -nt "$2" ] || [ "$newest_header" -nt "$2" ]; then
        echo "  FUZZCC   $1"
        # shellcheck disable=SC2086
        "$clang" $cflags $3 $cppflags -c "$1" -o "$2"
    fi
}

objs=""
list=""
for s in $sources; do
    case $s in
    *.c) ;;
    *) continue ;;
    esac
    o="$outdir/obj/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')"
    objs="$objs $o"
    list="$list $srcdir/$s:$o"
done
export clang cflags cppflags newest_header
# shellcheck disable=SC2086
printf '%s\n' $list | xargs -P "$jobs" -n 1 sh -c '
    s=${1%%:*} o=${1#*:}
    if [ ! -f "$o" ] || [ "$s" -nt "$o" ] || [ "$newest_header" -nt "$o" ]; then
        echo "  FUZZCC   $s"
        $clang $cflags -fsanitize=fuzzer-no-link $cppflags -c "$s" -o "$o"
    fi' sh

compile "$srcdir/tests/fuzz/fuzz.c" "$outdir/obj/fuzz.o" "-fsanitize=fuzzer-no-link"
for t in "$@"; do
    compile "$srcdir/tests/fuzz/fuzz_$t.c" "$outdir/obj/fuzz_$t.o" "-fsanitize=fuzzer-no-link"
    bin="$outdir/fuzz_$t"
    relink=0
    [ -f "$bin" ] || relink=1
    for o in $objs "$outdir/obj/fuzz.o" "$outdir/obj/fuzz_$t.o"; do
        [ "$relink" = 1 ] && break
        [ "$o" -nt "$bin" ] && relink=1
    done
    if [ "$relink" = 1 ]; then
        echo "  FUZZLD   $bin"
        # shellcheck disable=SC2086
        "$clang" $cflags -fsanitize=fuzzer -o "$bin" "$outdir/obj/fuzz_$t.o" \
            "$outdir/obj/fuzz.o" $objs $libs
    fi
done
