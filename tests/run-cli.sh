#!/bin/sh
# run-cli.sh - runs the command transcripts in tests/cli/*.t.
#
# A transcript is the manual's examples made executable (like jq's tests):
# a line "$ COMMAND" is run by sh in the source folder with `vecscope` being
# the built program, and the lines after it that start with two spaces are
# what it must print (stdout and stderr together, with the two spaces taken
# off). A line "[exit N]" says the exit status it must have (0 if absent).
# Any other line (a "#" comment, a blank line) ends the case.
#
# Output matches when it is the same bytes, or else by tests/numcmp.awk:
# text exactly, integers exactly, and numbers with a fraction within a
# relative tolerance (or one unit in their last printed place), because the
# last digit of a BLAS sum depends on the CPU's kernel. The tolerance is 1e-5
# unless a line "# tolerance: REL" in the file sets another for the cases
# after it.
# $T is a fresh temporary folder, also $HOME.
#
# Usage: run-cli.sh [FILE.t...]   (default: every tests/cli/*.t)
# Env: VECSCOPE (the program), SRCDIR (the source folder).
set -u
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
VECSCOPE=${VECSCOPE:-$SRCDIR/vecscope}
T=$(mktemp -d "${TMPDIR:-/tmp}/vecscope-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export T SRCDIR VECSCOPE NO_COLOR=1 LC_ALL=C.UTF-8 HOME="$T" XDG_STATE_HOME="$T/state"
unset VECSCOPE_THREADS VECSCOPE_PLUGIN_PATH

pass=0
fail=0

# run_case FILE LINE CMD EXPECTED_FILE STATUS
run_case() {
    got=$T/got
    (cd "$SRCDIR" && vecscope() { "$VECSCOPE" "$@"; } && eval "$3") >"$got" 2>&1 </dev/null
    st=$?
    if [ "$st" = "$5" ] && { cmp -s "$4" "$got" ||
        awk -v rel="$tolerance" -f "$SRCDIR/tests/numcmp.awk" "$4" "$got" >"$T/why"; }; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        printf 'FAIL: %s:%s: $ %s\n' "$1" "$2" "$3"
        [ "$st" = "$5" ] || echo "  exit status $st, expected $5"
        cat "$T/why" 2>/dev/null
        diff -u "$4" "$got" | sed -n '3,$p' | sed 's/^/  /' | head -40
    fi
    rm -f "$T/why"
}

if [ $# -eq 0 ]; then
    set -- "$SRCDIR"/tests/cli/*.t
fi
for file in "$@"; do
    cmd=""
    lineno=0
    cmdline=0
    status=0
    tolerance=1e-5
    : >"$T/want"
    # The file ends with a sentinel so the last case is flushed.
    while IFS= read -r line || [ -n "$line" ]; do
        lineno=$((lineno + 1))
        case $line in
        '  '*)
            if [ -n "$cmd" ]; then printf '%s\n' "${line#  }" >>"$T/want"; fi
            ;;
        '[exit '*']')
            status=${line#'[exit '}
            status=${status%']'}
            ;;
        *)
            if [ -n "$cmd" ]; then
                run_case "$file" "$cmdline" "$cmd" "$T/want" "$status"
            fi
            cmd=""
            status=0
            : >"$T/want"
            case $line in
            '$ '*) cmd=${line#'$ '}; cmdline=$lineno ;;
            '# tolerance: '*) tolerance=${line#'# tolerance: '} ;;
            esac
            ;;
        esac
    done <<EOT
$(cat "$file")
@@END@@
EOT
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
