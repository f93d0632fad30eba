#!/bin/sh
# setup.sh - set up vecscope on a fresh Debian 12 machine, then run it or test it.
#
#   tools/setup.sh run    install what is missing, build, start vecscope on the
#                         model of the README's "A session"
#   tools/setup.sh test   install what is missing, build, run the whole test suite
#                         (make check; make check again under a second OpenBLAS
#                         kernel; make distcheck; make check in a
#                         --enable-sanitizers build of the distributed sources;
#                         each libFuzzer harness for 30 s)
#   tools/setup.sh build  install what is missing and build
#   tools/setup.sh refs   also install the reference implementations the
#                         generators in tests/ and the benchmarks in bench/
#                         compare with (test installs them too)
#
# Missing Debian packages are installed with apt-get when run as root;
# otherwise the exact apt-get command is printed and the script stops.
set -eu
cd "$(dirname "$0")/.."
mode=${1:-run}

# Build and test dependencies: the libraries configure checks, the
# autotools, gnuplot (the plotter: pictures and --plot), tmux for the
# terminal tests, valgrind for the memcheck session and clang for the fuzz
# harnesses.
packages="build-essential autoconf automake libtool pkg-config
  libncurses-dev libreadline-dev libopenblas-dev liblapacke-dev
  libutf8proc-dev libjansson-dev libpcre2-dev check gnuplot-nox tmux valgrind clang"
# The references nobody here wrote: the reference generators in tests/ and
# the benchmarks run them (Debian's /usr/bin/python3 modules, fastText, and
# Node for the Hugging Face tokenizers library and umap-js from npm).
refs="python3-numpy python3-scipy python3-sklearn python3-gensim python3-torch
  python3-sentencepiece python3-faiss fasttext nodejs"
# npm: Debian's package, unless the node installed already brings its own
# (NodeSource's nodejs does, and conflicts with Debian's npm)
command -v npm >/dev/null 2>&1 || refs="$refs npm"
case $mode in
test|refs) packages="$packages $refs" ;;
esac

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "setup: installing:$missing" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >/dev/null
        # shellcheck disable=SC2086
        apt-get install -y -q --no-install-recommends $missing >/dev/null
    else
        echo "setup: these Debian packages are missing. Install them with:" >&2
        echo "  sudo apt-get install$missing" >&2
        exit 1
    fi
fi

# npm packages, where tests/torchref.py, the generators and the benchmarks
# look for them by default (TOKREF, NODE_PATH)
npm_ref() {   # FOLDER PACKAGE
    [ -d "$1/node_modules/$2" ] && return 0
    mkdir -p "$1"
    echo "setup: npm install $2 (in $1)" >&2
    (cd "$1" && npm install --silent --no-audit --no-fund "$2" >/dev/null) || {
        echo "setup: npm install $2 failed; the generators and benchmarks that use it will say so" >&2
        return 0
    }
}
case $mode in
test|refs)
    npm_ref /tmp/tokref tokenizers
    npm_ref /tmp/umapref umap-js
    ;;
esac

jobs=$(nproc 2>/dev/null || echo 2)
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
    autoreconf -fi >/dev/null
fi
if [ ! -f Makefile ] || [ configure -nt config.status ]; then
    ./configure -q
fi
make -s -j"$jobs"

case $mode in
run)
    exec ./vecscope samples/gutenberg-sg64.bin
    ;;
refs)
    echo "setup: the reference implementations are installed (tokenizers in /tmp/tokref, umap-js in /tmp/umapref)"
    ;;
test)
    status=0
    make -s -j"$jobs" check >/dev/null 2>&1 || status=$?
    # Each suite's own closing line, then the total.
    # (the first run's logs; a second kernel's run is reported after it)
    passed=0
    failed=0
    for log in tests/*.log; do
        [ "$log" = tests/test-suite.log ] && continue
        line=$(grep -E '^[0-9]+%: Checks: |^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
        echo "$log: $line"
        case $line in
        *Checks:*)
            n=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2 \3/')
            set -- $n
            passed=$((passed + $1 - $2 - $3))
            failed=$((failed + $2 + $3))
            ;;
        *passed*)
            n=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\1 \2/')
            set -- $n
            passed=$((passed + $1))
            failed=$((failed + $2))
            ;;
        esac
    done
    if [ "$status" -ne 0 ]; then
        tail -n 60 test-suite.log 2>/dev/null || true
        grep -h -E '^FAIL|^  ' tests/*.log 2>/dev/null | head -n 80 || true
        echo "$passed passed, $((failed > 0 ? failed : 1)) failed"
        exit 1
    fi
    # The suite again under another OpenBLAS kernel: its sums round
    # differently in the last digit, so a test that demands one machine's
    # digits fails here and not on a user's machine. Sandybridge needs AVX.
    if [ "$(uname -m)" = x86_64 ] && grep -qw avx /proc/cpuinfo 2>/dev/null &&
       [ "${OPENBLAS_CORETYPE:-}" != Sandybridge ]; then
        if ! OPENBLAS_CORETYPE=Sandybridge make -s -j"$jobs" check >kernel.log 2>&1; then
            grep -h -E '^FAIL|^  ' tests/*.log 2>/dev/null | head -n 80 || true
            echo "setup: make check failed under OPENBLAS_CORETYPE=Sandybridge (see kernel.log and tests/*.log)" >&2
            echo "$passed passed, $((failed + 1)) failed"
            exit 1
        fi
        echo "setup: make check passed again under OPENBLAS_CORETYPE=Sandybridge"
        passed=$((passed + 1))
    else
        echo "setup: skipped the second-kernel run: it needs an x86-64 CPU with AVX" \
             "(OPENBLAS_CORETYPE=Sandybridge) and OPENBLAS_CORETYPE not already Sandybridge"
    fi
    if ! make -s -j"$jobs" distcheck >distcheck.log 2>&1; then
        tail -n 60 distcheck.log
        echo "setup: make distcheck failed (see distcheck.log)" >&2
        echo "$passed passed, $((failed + 1)) failed"
        exit 1
    fi
    # The same tests in a build with AddressSanitizer and UBSan, from the
    # tarball distcheck made (a configured source folder cannot also hold a
    # VPATH build); every test stops at the first report.
    tarball=$(ls -t vecscope-*.tar.gz | head -n 1)
    rm -rf build-san
    mkdir build-san
    if ! (tar -xzf "$tarball" -C build-san && cd build-san/vecscope-* &&
          ./configure -q --enable-sanitizers && make -s -j"$jobs" &&
          make -s -j"$jobs" check) >build-san.log 2>&1; then
        tail -n 60 build-san.log
        grep -h -E '^FAIL|ERROR|SUMMARY|runtime error' build-san/vecscope-*/tests/*.log \
            2>/dev/null | head -n 40 || true
        echo "setup: make check with --enable-sanitizers failed (see build-san.log)" >&2
        echo "$passed passed, $((failed + 1)) failed"
        exit 1
    fi
    echo "setup: make check with --enable-sanitizers passed"
    passed=$((passed + 1))
    # Each fuzz harness for 30 s (FUZZ_SECONDS), from its seed corpus.
    if ! make -s fuzz-run FUZZ_SECONDS="${FUZZ_SECONDS:-30}" FUZZ_JOBS="$jobs" \
        >fuzz.log 2>&1; then
        tail -n 40 fuzz.log
        echo "setup: a fuzz harness found something (see fuzz.log)" >&2
        echo "$passed passed, $((failed + 1)) failed"
        exit 1
    fi
    grep '^fuzz ' fuzz.log
    passed=$((passed + 1))
    echo "setup: make check, make distcheck, the sanitizer build and the fuzz harnesses passed"
    echo "$passed passed, $failed failed"
    ;;
build)
    ;;
*)
    echo "usage: tools/setup.sh [run|test|build|refs]" >&2
    exit 2
    ;;
esac
