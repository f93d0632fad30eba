#!/bin/sh
# run-parity.sh - vecscope against gensim 4.2.
#
# Each tests/ref/*.ref (written by tests/gen-reference.py) names a model and
# lists vecscope commands, each followed by the --tsv lines gensim's answer
# gives, or by "! exit 1" for a command that must fail. This runs them and
# compares: ranked lists need the same rows, the same words in the same order
# (words whose expected scores differ by less than 1e-6 may come in either
# order) and scores within 1e-5; `sim` within 1e-5; `vec` components within
# 1e-6 relative; a matrix (`simmat`, `sim A ... ||| X ...`) the same row
# labels and every cell within 1e-5. A mismatch prints the command, the expected and the found
# rows and the largest difference. The last line is
# "parity: N passed, M failed"; the exit status is 1 when M > 0.
#
# Speed: the commands of one file run in one vecscope process (a script on
# stdin) and the output is cut into answers by the number of rows each one
# expects. If anything in that run fails, every command of the file is run
# again on its own (-c), so that the report names the exact cases. Commands
# that must fail always run on their own, since a failure stops a script.
#
# Commands run in the source tree, where the files they name (a vector
# file, tests/data/queries/*.tsv) are.
#
# Environment: VECSCOPE (the program; default ./vecscope), SRCDIR (the source
# tree; default .). Exit 99 when the program or the references are missing.

VECSCOPE=${VECSCOPE:-./vecscope}
SRCDIR=${SRCDIR:-.}

if [ ! -x "$VECSCOPE" ]; then
    echo "run-parity: no program at VECSCOPE=$VECSCOPE" >&2
    exit 99
fi
VECSCOPE=$(cd "$(dirname "$VECSCOPE")" && pwd)/$(basename "$VECSCOPE")
SRCDIR=$(cd "$SRCDIR" && pwd)
cd "$SRCDIR" || exit 99
set -- "$SRCDIR"/tests/ref/*.ref
if [ ! -f "$1" ]; then
    echo "run-parity: no references in $SRCDIR/tests/ref" >&2
    exit 99
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/parity.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' 0
trap 'exit 130' INT TERM
# as tests/run-cli.sh: no colour, UTF-8, no history or state in the real home
export NO_COLOR=1 LC_ALL=C.UTF-8 HOME="$tmp" XDG_STATE_HOME="$tmp/state"

tab=$(printf '\t')
sep=$(printf '\036')
timeout=
if command -v timeout >/dev/null 2>&1; then
    timeout='timeout 120'
fi

# The comparison. Input: the .ref file, then a results file made of blocks,
# each opened by a line "\036ID RC": ID "batch" (the output of the one-process
# run, to be cut by expected row counts) or a case number (the output of that
# command run on its own). Prints diagnostics unless quiet=1, then a last line
# "RESULT passed failed max-score-difference max-vector-relative-difference"
# (the maxima over the cases that passed).
cat >"$tmp/cmp.awk" <<'EOF'
function isnum(s) {
    return s ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/
}
function abs(x) { return x < 0 ? -x : x }

# got[1..ngot] against want[i, 1..nwant[i]]; sets why and maxd; returns 1 if ok
function compare(i,    verb, n, j, k, a, b, na, nb, d, g0, cnt, w) {
    why = ""; maxd = 0; maxrel = 0
    n = nwant[i]
    verb = cmd[i]; sub(/ .*/, "", verb)
    if (ngot != n) {
        why = "expected " n " rows, found " ngot
        return 0
    }
    if (verb == "simmat" || (verb == "sim" && index(cmd[i], "|||") > 0)) {
        for (j = 1; j <= n; j++) {
            na = split(want[i, j], a, "\t")
            nb = split(got[j], b, "\t")
            if (na != nb || a[1] != b[1]) { why = "row " j " differs in its word or its length"; return 0 }
            for (k = 2; k <= na; k++) {
                if (!isnum(b[k])) { why = "row " j ": not a number: " b[k]; return 0 }
                d = abs(b[k] - a[k])
                if (d > maxd) maxd = d
                if (d > tol && why == "") why = "row " j " column " (k - 1) " differs"
            }
        }
        return why == ""
    }
    if (verb == "sim") {
        if (!isnum(got[1])) { why = "not a number: " got[1]; return 0 }
        maxd = abs(got[1] - want[i, 1])
        if (maxd > tol) { why = "score differs"; return 0 }
        return 1
    }
    if (verb == "vec") {
        na = split(want[i, 1], a, "\t")
        nb = split(got[1], b, "\t")
        if (na != nb) { why = "expected " na " components, found " nb; return 0 }
        for (j = 1; j <= na; j++) {
            if (!isnum(b[j])) { why = "not a number: " b[j]; return 0 }
            d = abs(b[j] - a[j])
            if (d > maxd) maxd = d
            if (a[j] != 0 && d / abs(a[j]) > maxrel) maxrel = d / abs(a[j])
            if (d > vtol * abs(a[j]) + 1e-30) why = "component " j " differs"
        }
        return why == ""
    }
    # ranked list: word<TAB>score
    for (j = 1; j <= n; j++) {
        split(want[i, j], a, "\t")
        ew[j] = a[1]; es[j] = a[2]
        if (split(got[j], b, "\t") != 2) { why = "row " j " is not word<TAB>score"; return 0 }
        gw[j] = b[1]; gs[j] = b[2]
        if (!isnum(gs[j])) { why = "row " j ": not a number: " gs[j]; return 0 }
        d = abs(gs[j] - es[j])
        if (d > maxd) maxd = d
        if (d > tol && why == "") why = "row " j " score differs"
    }
    if (why != "") return 0
    # words: compare as sets within runs of near-tied expected scores
    g0 = 1
    for (j = 1; j <= n; j++) {
        if (j < n && abs(es[j] - es[j + 1]) < tie) continue
        split("", cnt)
        for (k = g0; k <= j; k++) { cnt[ew[k]]++; cnt[gw[k]]-- }
        for (w in cnt) if (cnt[w] != 0) {
            why = (g0 == j) ? "row " j " word differs" \
                            : "rows " g0 "-" j " (near-tied) hold other words"
            return 0
        }
        g0 = j + 1
    }
    return 1
}

function report(i, rc,    j) {
    if (quiet) return
    printf "FAIL %s:%d: %s\n", ref, line[i], cmd[i]
    if (why != "") printf "  %s", why
    if (maxd > 0) printf " (max difference %.3g)", maxd
    printf "\n  exit status %s\n  expected:\n", rc
    for (j = 1; j <= nwant[i]; j++) printf "    %s\n", want[i, j]
    printf "  found:\n"
    for (j = 1; j <= ngot; j++) printf "    %s\n", got[j]
}

FNR == NR {
    if (substr($0, 1, 2) == "> ") {
        nc++; cmd[nc] = substr($0, 3); line[nc] = FNR; nwant[nc] = 0; err[nc] = 0
    } else if (nc > 0) {
        if ($0 == "! exit 1") err[nc] = 1
        else want[nc, ++nwant[nc]] = $0
    }
    next
}
substr($0, 1, 1) == "\036" {
    blk = substr($0, 2); sub(/ .*/, "", blk)
    rc = $0; sub(/^[^ ]* /, "", rc)
    if (blk == "batch") { batchrc = rc; nb = 0 }
    else { single[blk] = 1; src[blk] = rc; sn[blk] = 0 }
    next
}
blk == "batch" { b[++nb] = $0; next }
blk != "" { s[blk, ++sn[blk]] = $0 }

END {
    pos = 0; passed = 0; failed = 0
    for (i = 1; i <= nc; i++) {
        ngot = 0; why = ""; maxd = 0
        if (i in single) {
            rc = src[i]
            for (j = 1; j <= sn[i]; j++) got[++ngot] = s[i, j]
        } else if (!err[i]) {
            rc = batchrc
            for (j = 1; j <= nwant[i] && pos < nb; j++) got[++ngot] = b[++pos]
        } else {
            rc = "(not run)"
        }
        if (err[i]) {
            ok = (rc == 1)
            if (!ok) why = "expected exit status 1"
        } else if (rc != 0 && !(i in single)) {
            # the one-process run stopped early: fail, the caller reruns
            ok = 0; why = "the script run failed"
        } else {
            ok = compare(i)
            verb = cmd[i]; sub(/ .*/, "", verb)
            if (ok && rc != 0) { ok = 0; why = "exit status " rc }
        }
        if (ok) {
            passed++
            if (maxd > allmaxd && verb != "vec") allmaxd = maxd
            if (maxrel > allmaxrel) allmaxrel = maxrel
        } else { failed++; report(i, rc) }
    }
    if (pos != nb) failed++     # output left over: counts are off somewhere
    printf "RESULT %d %d %.2g %.2g\n", passed, failed, allmaxd, allmaxrel
}
EOF

# run_one N CMD: runs case N on its own; appends its block to $tmp/res
run_one() {
    # shellcheck disable=SC2086
    $timeout "$VECSCOPE" --tsv $args "$SRCDIR/$model" -c "$2" \
        </dev/null >"$tmp/out" 2>"$tmp/stderr"
    printf '%s%s %s\n' "$sep" "$1" "$?" >>"$tmp/res"
    awk 1 "$tmp/out" >>"$tmp/res"
}

# fields P F DS DV: the RESULT numbers into p, f, ds, dv (nf: how many)
fields() {
    nf=$# p=${1:-0} f=${2:-1} ds=${3:-} dv=${4:-}
}

npass=0
nfail=0
for ref in "$@"; do
    name=${ref#"$SRCDIR"/}
    model=$(sed -n 's/^# model: //p' "$ref" | sed -n 1p)
    args=$(sed -n 's/^# args: //p' "$ref" | sed -n 1p)
    if [ -z "$model" ] || [ ! -e "$SRCDIR/$model" ]; then
        echo "FAIL $name: model '$model' not found"
        nfail=$((nfail + 1))
        continue
    fi
    # case number <TAB> command, for answered and for failing commands
    awk '
        substr($0, 1, 2) == "> " { n++; c[n] = substr($0, 3); e[n] = 0; next }
        $0 == "! exit 1" { e[n] = 1 }
        END { for (i = 1; i <= n; i++) print i "\t" c[i] > (e[i] ? ER : OK) }
    ' OK="$tmp/ok" ER="$tmp/err" "$ref"
    : >>"$tmp/ok"
    : >>"$tmp/err"

    # fast path: all answered commands in one process
    : >"$tmp/res"
    cut -f2- "$tmp/ok" >"$tmp/script"
    # shellcheck disable=SC2086
    $timeout "$VECSCOPE" --tsv $args "$SRCDIR/$model" \
        <"$tmp/script" >"$tmp/out" 2>"$tmp/stderr"
    printf '%sbatch %s\n' "$sep" "$?" >>"$tmp/res"
    awk 1 "$tmp/out" >>"$tmp/res"
    while IFS=$tab read -r i c; do
        run_one "$i" "$c"
    done <"$tmp/err"
    result=$(LC_ALL=C awk -v quiet=1 -v ref="$name" -v tol=1e-5 -v vtol=1e-6 \
        -v tie=1e-6 -f "$tmp/cmp.awk" "$ref" "$tmp/res" | sed -n 's/^RESULT //p')
    mode="one process"
    case $result in
    *[0-9]" 0 "*) ;;
    *)
        # slow path: every command on its own, with a report per failure
        mode="each command on its own"
        : >"$tmp/res"
        cat "$tmp/ok" "$tmp/err" >"$tmp/all"
        while IFS=$tab read -r i c; do
            run_one "$i" "$c"
        done <"$tmp/all"
        LC_ALL=C awk -v quiet=0 -v ref="$name" -v tol=1e-5 -v vtol=1e-6 \
            -v tie=1e-6 -f "$tmp/cmp.awk" "$ref" "$tmp/res" >"$tmp/report"
        sed '/^RESULT /d' "$tmp/report"
        result=$(sed -n 's/^RESULT //p' "$tmp/report")
        ;;
    esac
    # shellcheck disable=SC2086
    fields $result
    if [ "$nf" -ne 4 ]; then
        echo "FAIL $name: the comparison did not run"
        fields 0 1 0 0
    fi
    echo "$name: $p passed, $f failed ($mode); max diff: scores $ds, vectors $dv relative"
    npass=$((npass + p))
    nfail=$((nfail + f))
done

echo "parity: $npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
