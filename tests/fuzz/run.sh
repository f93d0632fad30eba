#!/bin/sh
# run.sh - runs each libFuzzer harness for a while; `make fuzz-run` calls it.
#
#   run.sh SRCDIR FUZZDIR SECONDS TARGET...
#
# Each harness starts from its seeds in SRCDIR/tests/fuzz/corpus/TARGET
# (read only: new inputs go to a scratch folder that is removed) and runs
# SECONDS seconds; FUZZ_JOBS harnesses (default: the number of CPUs) run at
# once. A finding (crash, leak, sanitizer report, timeout, out of memory)
# fails the run, leaves the input as FUZZDIR/crash-TARGET-* and prints the
# fuzzer's report. The last line of each log says how many inputs it ran.
set -eu
srcdir=$1 fuzzdir=$2 seconds=$3
shift 3
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/vecscope-fuzz-run.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export srcdir fuzzdir seconds scratch
# OpenBLAS's threads are not what is being tested.
export OPENBLAS_NUM_THREADS=1

printf '%s\n' "$@" | xargs -P "$jobs" -n 1 sh -c '
    t=$1
    mkdir -p "$scratch/$t" "$scratch/cwd-$t"
    # in a folder of its own, so that nothing a command writes lands in the tree
    cd "$scratch/cwd-$t"
    if "$fuzzdir/fuzz_$t" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$fuzzdir/crash-$t-" \
        "$scratch/$t" "$srcdir/tests/fuzz/corpus/$t" >"$fuzzdir/fuzz_$t.log" 2>&1; then
        runs=$(sed -n "s/^stat::number_of_executed_units: *//p" "$fuzzdir/fuzz_$t.log")
        echo "fuzz $t: ${seconds} s, ${runs:-?} inputs, no finding"
    else
        echo "fuzz $t: FINDING (log: $fuzzdir/fuzz_$t.log)"
        grep -E "^==[0-9]+==|SUMMARY|^artifact_prefix|Test unit written|runtime error" \
            "$fuzzdir/fuzz_$t.log" | head -n 20
        exit 1
    fi' sh
