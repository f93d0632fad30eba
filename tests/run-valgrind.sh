#!/bin/sh
# run-valgrind.sh - a scripted session that uses every command in the table,
# under valgrind's memcheck: any leak (definite or indirect) or invalid
# access fails the test.
#
# tests/valgrind/session.vs runs in one vecscope process (-f); each line of
# tests/valgrind/errors.vs runs in its own (-c), since a script stops at its
# first error. Before anything runs, every command `help` lists must start a
# line of session.vs, so a new command cannot be left out.
#
# Skipped (exit 77) where valgrind is missing, and in a --enable-sanitizers
# build (valgrind cannot run AddressSanitizer's programs). OpenBLAS runs one
# thread (OPENBLAS_NUM_THREADS=1): its thread pool is not what is tested;
# OPENBLAS_CORETYPE is ignored (see below).
#
# Usage: run-valgrind.sh      Env: VECSCOPE, SRCDIR, SANITIZERS, VALGRIND.
set -u
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
VECSCOPE=${VECSCOPE:-$SRCDIR/vecscope}
VALGRIND=${VALGRIND:-$(command -v valgrind || true)}
if [ "${SANITIZERS:-no}" = yes ]; then
    echo "run-valgrind: skipped: this build uses the sanitizers, which valgrind cannot run"
    exit 77
fi
if [ -z "$VALGRIND" ]; then
    echo "run-valgrind: skipped: valgrind is not installed (Debian: apt-get install valgrind)"
    exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/vecscope-valgrind.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export NO_COLOR=1 LC_ALL=C.UTF-8 HOME="$T" XDG_STATE_HOME="$T/state" OPENBLAS_NUM_THREADS=1
unset VECSCOPE_THREADS VECSCOPE_PLUGIN_PATH
# valgrind runs no AVX-512 instruction: a core type forced by hand (SkylakeX)
# would make OpenBLAS use them anyway. Left to itself, OpenBLAS asks the CPU,
# and valgrind's CPU has no AVX-512, as vecscope's own dispatch finds too.
unset OPENBLAS_CORETYPE
session=$SRCDIR/tests/valgrind/session.vs
errors=$SRCDIR/tests/valgrind/errors.vs
pass=0
fail=0

# 1. every command of the table is in the session (or, while it cannot
# succeed here, in errors.vs)
cmds=$("$VECSCOPE" -q -c help | sed -n 's/^  \([a-z][a-z0-9-]*\)  .*/\1/p')
if [ -z "$cmds" ]; then
    echo "FAIL: run-valgrind: 'vecscope -c help' listed no commands"
    exit 1
fi
for c in $cmds; do
    if grep -Eq "^$c( |\$)" "$session" "$errors"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: run-valgrind: command '$c' is not used in tests/valgrind/session.vs; add a line there that runs it"
    fi
done

# vg NAME ARGS...: runs vecscope ARGS under memcheck; exit 99 means it found
# something (the report is shown).
vg() {
    name=$1
    shift
    "$VALGRIND" -q --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
        --log-file="$T/vg.log" "$VECSCOPE" "$@" >"$T/out" 2>&1
    st=$?
    if [ "$st" = 99 ] || [ -s "$T/vg.log" ]; then
        fail=$((fail + 1))
        echo "FAIL: run-valgrind: $name: memcheck found errors:"
        head -n 60 "$T/vg.log" | sed 's/^/  /'
        return 1
    fi
    pass=$((pass + 1))
    return "$st"
}

# 2. the session
sed -e "s|@SRCDIR@|$SRCDIR|g" -e "s|@T@|$T|g" "$session" >"$T/session.vs"
vg session.vs -f "$T/session.vs"
st=$?
if [ "$st" != 0 ] && [ "$st" != 99 ]; then
    fail=$((fail + 1))
    echo "FAIL: run-valgrind: session.vs stopped (exit $st):"
    tail -n 5 "$T/out" | sed 's/^/  /'
fi

# the notebook the session recorded, replayed
if [ -f "$T/notebook.md" ]; then
    vg "--replay notebook.md" -q --replay "$T/notebook.md"
    st=$?
    if [ "$st" != 0 ] && [ "$st" != 99 ]; then
        fail=$((fail + 1))
        echo "FAIL: run-valgrind: the replay of the session's notebook stopped (exit $st):"
        tail -n 5 "$T/out" | sed 's/^/  /'
    fi
else
    fail=$((fail + 1))
    echo "FAIL: run-valgrind: the session recorded no notebook"
fi

# 3. the error paths, each on its own (any exit status but memcheck's)
sed -e "s|@SRCDIR@|$SRCDIR|g" -e "s|@T@|$T|g" -e '/^#/d' -e '/^$/d' "$errors" >"$T/errors"
while IFS= read -r line; do
    vg "errors.vs: $line" -q "$SRCDIR/tests/data/eval/case-model.txt" -c "$line"
done <"$T/errors"

# 4. a script the reader refuses: a NUL byte in its second line
printf 'nn king -k 2\nnn ki\000ng\n' >"$T/nul.vs"
vg "a script with a NUL" -q "$SRCDIR/tests/data/eval/case-model.txt" -f "$T/nul.vs"

echo "run-valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
