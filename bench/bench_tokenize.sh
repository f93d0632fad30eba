#!/bin/sh
# bench_tokenize.sh - tokenizing a 1 MB text with a byte-level BPE
# tokenizer.json: vecscope against the Hugging Face tokenizers library (its
# Node binding), in the same run, on the same files (issue 15's target: at
# least as fast).
#
#   bench/bench_tokenize.sh [REPEAT]
#
# Trains (once) a byte-level BPE of 30000 pieces with the library on four
# Gutenberg books, takes the first 1 MB of another (Moby-Dick) as the text,
# then times both sides: the tokenizer's load, the first encoding of the
# whole text (which fills each side's word cache) and the best of REPEAT
# (default 5). Both must give the same pieces (their count and the sum of
# their ids are compared).
#
# Needs the library in a scratch folder outside the tree:
#   (mkdir -p /tmp/tokref && cd /tmp/tokref && npm install tokenizers)
# Environment: BENCH_DIR (default /tmp/vecscope-bench), TOKENIZERS_NODE_PATH
# (default /tmp/tokref/node_modules), VS_SHARED_DATA (default ../shared/data).
# Exit status 0 whatever the figures; 1 when something cannot run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/vecscope-bench}
NODE_PATH=${TOKENIZERS_NODE_PATH:-/tmp/tokref/node_modules}
export NODE_PATH
data=${VS_SHARED_DATA:-$top/../shared/data}/corpus/gutenberg
repeat=${1:-5}
mkdir -p "$BENCH_DIR" || exit 1

if ! node -e 'require("tokenizers")' 2>/dev/null; then
    echo "bench_tokenize.sh: the tokenizers library is not in $NODE_PATH;" \
         "(mkdir -p /tmp/tokref && cd /tmp/tokref && npm install tokenizers)" >&2
    exit 1
fi
if ! [ -f "$top/.libs/libvecscope.a" ]; then
    echo "bench_tokenize.sh: build vecscope first (./configure && make)" >&2
    exit 1
fi
tok=$BENCH_DIR/bytelevel-30k.json
text=$BENCH_DIR/moby-1mb.txt
if ! [ -f "$tok" ]; then
    node "$here/bench_tokenize.js" train "$data/pg1342.txt" "$data/pg11.txt" \
        "$data/pg345.txt" "$data/pg174.txt" "$tok" || exit 1
fi
if ! [ -f "$text" ]; then
    # the first 1,000,000 bytes, cut back to a whole character
    /usr/bin/python3 -c 'import sys; b = open(sys.argv[1], "rb").read()[:1000000]
open(sys.argv[2], "w", encoding="utf-8").write(b.decode("utf-8", "ignore"))' \
        "$data/pg2701.txt" "$text" || exit 1
fi
# shellcheck disable=SC2046
cc -O2 -I"$top/src" -I"$top" -o "$BENCH_DIR/tokenize-driver" \
    "$here/tokenize-driver.c" "$top/.libs/libvecscope.a" \
    $(pkg-config --libs libutf8proc jansson libpcre2-8 openblas) -lm -pthread || exit 1

vs=$("$BENCH_DIR/tokenize-driver" "$tok" "$text" "$repeat") || exit 1
hf=$(node "$here/bench_tokenize.js" time "$tok" "$text" "$repeat") || exit 1
echo "text: $(wc -c < "$text") bytes; tokenizer: $tok"
echo "vecscope:   $vs"
echo "tokenizers: $hf"
echo "$vs" "$hf" | awk '{
    same = ($8 == $18 && $10 == $20) ? "same pieces" : "DIFFERENT pieces";
    printf "ratio (tokenizers / vecscope, above 1: vecscope faster): load %.2f, first run %.2f, best run %.2f; %s\n",
           $12 / $2, $14 / $4, $16 / $6, same }'
