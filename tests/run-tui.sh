#!/bin/sh
# run-tui.sh - the full-screen interface, driven through tmux (send-keys,
# capture-pane) in an 80x24 window, asserting on the screen: the neighbour
# view after a query (the same words and scores as `nn --tsv` on the command
# line), following a word and going back, 3CosAdd/3CosMul and the analogy
# form, the attention view moving between heads and its overview (the
# strongest key as `attn --tsv` gives it), a fine-tuned tagger's `tag`
# table as a text view, the map view with its zoom and groups and gnuplot,
# a resize to 120x40, record (the notebook gets the commands typed here),
# Ctrl-C at an idle line, Tab completion, the
# history shared with the prompt, help, words with control characters and
# wide characters, the 256-colour ramp, `tui` typed at the prompt, a clean
# exit (status 0, the terminal restored), a fatal signal (the terminal
# restored too), and terminals it cannot drive (dumb, unknown, TERM unset:
# refused with a message before curses starts).
# Prints "tui: N passed, M failed". Skipped (exit 77) without tmux.
set -u
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
VECSCOPE=${VECSCOPE:-$SRCDIR/vecscope}
command -v tmux >/dev/null 2>&1 || { echo "tui: tmux not found, skipped (apt-get install tmux)"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/vecscope-tui.XXXXXX")
SOCK="vecscope-tui-$$"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$T"' EXIT INT TERM
MODEL=$SRCDIR/samples/gutenberg-w2v-cbow32.bin
BERT=$SRCDIR/samples/bert-gutenberg-mini
export LC_ALL=C.UTF-8
WAIT_TENTHS=300   # 30 s: the machine may be busy
. "$SRCDIR/tests/tmux-lib.sh"
# start TERM COMMAND...: a fresh 80x24 tmux window running COMMAND, then
# the exit status and the terminal's modes once it ends. Colour is allowed
# (make check sets NO_COLOR): TERM=screen has 8 colours, so the heatmap is
# drawn in shading characters, and screen-256color gets the colour ramp.
start() {
    term=$1
    shift
    tmux -L "$SOCK" kill-server 2>/dev/null && sleep 0.3
    tmux -L "$SOCK" -f /dev/null new-session -d -s vs -x 80 -y 24 \
        "env -u NO_COLOR TERM=$term LC_ALL=C.UTF-8 HOME=$T XDG_STATE_HOME=$T/state $*; echo \"exit=\$?\";
         stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\n' ' ';
         echo; sleep 120"
}
# the answer of a command line, from the program's batch mode
cli() { "$VECSCOPE" -q "$@" 2>/dev/null; }
# row RANK WORD: how the neighbour view writes a row's rank and word
row() { printf '%3d  %s ' "$1" "$2"; }

# --- neighbours, following a word, going back ---
start screen "$VECSCOPE -q --tui $MODEL"
wait_for "gutenberg-w2v-cbow32>" && ok || bad "no command line"
cli "$MODEL" --tsv -c 'nn whale' >"$T/whale.tsv"
keys "nn whale" Enter
wait_for "nearest to whale" && ok || bad "nn whale gave no view"
i=0
missing=""
while IFS="$(printf '\t')" read -r w s; do
    i=$((i + 1))
    score=$(printf '%.6f' "$s")
    screen | grep -F -- "$(row $i "$w")" | grep -qF -- "$score" || missing="$missing $i:$w:$score"
done <"$T/whale.tsv"
[ "$i" -eq 10 ] && [ -z "$missing" ] && ok || bad "the view lacks rows of nn whale:$missing"
screen | grep -F -- "$(row 1 "$(head -n 1 "$T/whale.tsv" | cut -f1)")" | grep -q "█" && ok ||
    bad "no similarity bar on the first row"

second=$(sed -n 2p "$T/whale.tsv" | cut -f1)
cli "$MODEL" --tsv -c "nn $second" >"$T/second.tsv"
keys Escape Down Enter
wait_for "nearest to $second" && ok || bad "Enter on '$second' did not show its neighbours"
w1=$(head -n 1 "$T/second.tsv" | cut -f1)
wait_for "$(row 1 "$w1")" && ok || bad "the neighbours of '$second' do not start with '$w1'"
keys BSpace
wait_for "nearest to whale" && ok || bad "Backspace did not go back to whale"
wait_for "$(row 1 "$(head -n 1 "$T/whale.tsv" | cut -f1)")" && ok || bad "whale's list did not come back"

# --- Tab completion of a word, as at the prompt ---
keys F2 "nn leviat" Tab
wait_for "> nn leviathan" && ok || bad "Tab did not complete the word 'leviat'"
keys C-u

# --- analogy: 3CosAdd, then m for 3CosMul ---
add1=$(cli "$MODEL" --tsv -c 'analogy man king woman' | head -n 1 | cut -f1)
mul1=$(cli "$MODEL" --tsv -c 'analogy man king woman --mul' | head -n 1 | cut -f1)
keys F2 "analogy man king woman" Enter
wait_for "3CosAdd" && wait_for "$(row 1 "$add1")" && ok || bad "analogy: no 3CosAdd answer '$add1'"
keys Escape m
wait_for "3CosMul" && wait_for "$(row 1 "$mul1")" && ok || bad "m did not switch to 3CosMul ('$mul1')"

# --- the analogy form (F5), answered as you type; F6 for 3CosMul ---
keys F5 man Tab king Tab woman
wait_for "woman" && wait_for "$(row 1 "$add1")" && ok || bad "the form did not answer '$add1'"
keys F6
wait_for "3CosMul (F6" && wait_for "$(row 1 "$mul1")" && ok || bad "F6 in the form did not answer '$mul1'"
keys Escape

# --- help ---
keys "?"
wait_for "Keys (F1" && ok || bad "? did not show the keys"
keys Escape
wait_gone "Keys (F1" && ok || bad "a key did not close the help"

# --- attention: one head, the next head, the next layer, every head ---
keys F2 "load $BERT" Enter
wait_for "bert-gutenberg-mini>" && ok || bad "the BERT sample did not load"
keys "attn --layer 0 --head 0 the cat sat" Enter
wait_for "attention of layer 0 head 0" && ok || bad "no attention view"
screen | grep -q '\[CLS\]' && screen | grep -q '░\|▒\|▓\|█' && ok ||
    bad "the heatmap lacks its tokens or its shading"
keys Escape Right
wait_for "attention of layer 0 head 1" && ok || bad "Right did not move to head 1"
keys Down
wait_for "attention of layer 1 head 1" && ok || bad "Down did not move to layer 1"
# the strongest key of [CLS] (the selected row) in that head, from the command line
cli "$BERT" --tsv -c 'attn --layer 1 --head 1 the cat sat' >"$T/attn.tsv"
best=$(awk -F '\t' 'NR == FNR { tok[NR] = $1; next }
    FNR == 1 { b = 2; for (j = 3; j <= NF; j++) if ($j > $b) b = j; printf "%s %.2f", tok[b - 1], $b }' \
    "$T/attn.tsv" "$T/attn.tsv")
wait_for "[CLS] attends to:  $best" && ok || bad "the view does not say [CLS] attends most to '$best'"
keys j
wait_for "the attends to:" && ok || bad "j did not select the next token"
keys o
wait_for "every head: layers down" && ok || bad "o did not show every head"
screen | grep -q "L3" && screen | grep -q "H3" && ok || bad "the overview lacks layer 3 or head 3"
keys Enter
wait_for "attention of layer 1 head 1" && ok || bad "Enter in the overview did not open the head"
keys F2 "attn the cat sat" Enter
wait_for "attention heads of bert-gutenberg-mini" && ok || bad "attn TEXT did not show its table"
keys Escape o
wait_for "every head: layers down" && ok || bad "o on attn's table did not show every head"

# --- a fine-tuned tagger: tag's table as a text view ---
NER=$SRCDIR/tests/data/heads/bert-ner
keys F2 "load $NER" Enter
wait_for "bert-ner>" && ok || bad "the tagger did not load"
keys "tag she was reading a book in the garden at night" Enter
wait_for "tags by bert-ner" && ok || bad "tag gave no view"
label=$(cli "$NER" --tsv -c 'tag she was reading a book in the garden at night' |
    awk -F '\t' '$1 == "reading" { print $2 }')
[ -n "$label" ] && screen | grep -E -q "reading +$label " && ok || bad "the view does not label 'reading' $label as tag --tsv does"

# --- the map ---
keys F2 "use gutenberg-w2v-cbow32" Enter
wait_for "gutenberg-w2v-cbow32>" || true
keys "pca whale ship sea captain boat" Enter
wait_for "5 points, zoom 1x" && ok || bad "no map view of 5 points"
# a point: a Braille dot (U+2800..U+28FF in UTF-8, matched bytewise) or, on a
# map with room, a disc
dot=$(printf '\(\342[\240\241\242\243].\|\342\227\217\)')
screen | LC_ALL=C grep -q "$dot" && ok || bad "no points on the map"
n=0
for w in whale ship sea captain boat; do
    screen | LC_ALL=C grep -q -e "$dot$w" -e "$w$dot" && n=$((n + 1))
done
[ $n -ge 3 ] && ok || bad "fewer than 3 of the 5 labels next to their dots ($n)"
keys Escape +
wait_for "zoom 1.2x" && ok || bad "+ did not zoom in"
# groups from a --file's second column: one colour each, named in the legend
printf 'whale animal\nship thing\nsea place\ncaptain person\nboat thing\n' >"$T/groups.txt"
keys F2 "pca --file $T/groups.txt" Enter
wait_for "● animal" && wait_for "● thing" && wait_for "● place" && wait_for "● person" && ok ||
    bad "the map's legend lacks its groups"
keys Escape
# g: the same map drawn by gnuplot in the terminal, a key back; G: into a file
if command -v gnuplot >/dev/null 2>&1; then
    keys g
    wait_for "[a key goes back to vecscope]" && screen | grep -q "pca of 5 words" && ok ||
        bad "g did not hand the map to gnuplot"
    keys x
    wait_for "drew the map" && wait_for "5 points" && ok || bad "no way back from gnuplot"
    keys G
    wait_for "plot to file" && ok || bad "G did not ask for a file"
    keys "$T/map.svg" Enter
    wait_for "wrote $T/map.svg" && grep -q "<svg" "$T/map.svg" && ok || bad "G did not write $T/map.svg"
else
    echo "tui: gnuplot not found; g and G not tested"
fi

# --- resize to 120x40: the layout follows ---
tmux -L "$SOCK" resize-window -t vs -x 120 -y 40
i=0
while [ $i -lt 300 ] && ! screen | sed -n 39p | grep -q "gutenberg-w2v-cbow32 |"; do
    sleep 0.1
    i=$((i + 1))
done
screen | sed -n 39p | grep -q "gutenberg-w2v-cbow32 |" && ok || bad "the status line is not on row 39 of 40"
screen | sed -n 40p | grep -q "^gutenberg-w2v-cbow32>" && ok || bad "the command line is not on row 40"
screen | grep -q "5 points" && ok || bad "the map was not drawn again after the resize"

# --- record: the interface writes its commands down too ---
keys F2 "record $T/tui.md" Enter
wait_for "recording to" && ok || bad "record gave no message"
keys F2 "nn leviathan -k 2" Enter
wait_for "nearest to leviathan" && ok || bad "nn leviathan while recording"
keys F2 "record stop" Enter
wait_for "stopped recording: 1 command" && ok || bad "record stop did not count the one command"
grep -qx "nn leviathan -k 2" "$T/tui.md" && grep -q "1  whale " "$T/tui.md" && ok ||
    bad "the notebook lacks the command or its answer: $(cat "$T/tui.md")"

# --- words REGEX: a list of words and ranks; Enter follows a word ---
keys F2 "words ^whal --limit 3" Enter
wait_for "whaling" && screen | grep -F "whales" | grep -qE ' 493 *$' && ok ||
    bad "words ^whal did not list whales with its rank 493"
keys Escape Enter
wait_for "nearest to whale in" && ok || bad "Enter on a word of 'words' did not show its neighbours"

# --- simmat: a similarity matrix in the heatmap view ---
keys F2 "simmat king queen man" Enter
wait_for "cosine similarity of 3 words" && ok || bad "simmat gave no heatmap view"
wait_for "king highest:" && ok || bad "the heatmap of simmat does not name the selected row's highest cells"
screen | grep -q "attends to" && bad "a similarity matrix is described as attention" || ok

# --- Ctrl-C at an idle line clears it; quit restores the terminal ---
keys F2 "half typed" C-c
wait_for "line cleared" && ok || bad "Ctrl-C did not clear the line"
screen | sed -n 40p | grep -q "half typed" && bad "the line is still there after Ctrl-C" || ok
keys "quit" Enter
wait_for "exit=0" && ok || bad "quit did not leave with status 0"
grep -qx "nn whale" "$T/state/vecscope/history" && ok || bad "the history file lacks 'nn whale'"
wait_for "icanon" && screen | grep -q "^icanon echo" && ok || bad "the terminal modes were not restored (icanon echo)"
screen | grep -q "gutenberg-w2v-cbow32 |" && bad "the interface is still on the screen" || ok

# --- hostile and wide words; 256 colours ---
{
    printf '5 3\n'
    printf 'base 1 0 0\n'
    printf '中文 0.9 0.1 0\n'
    printf '\360\237\220\213 0.8 0.2 0\n'
    printf 'a\033[31mred 0.7 0.3 0\n'
    printf 'plain 0.6 0.4 0\n'
} >"$T/wide.txt"
start screen-256color "$VECSCOPE -q --tui --format word2vec-text $T/wide.txt"
wait_for "wide>" || true
keys "nn base -k 4" Enter
wait_for "nearest to base" && ok || bad "nn base on the wide model"
wait_for 'a\x1b[31mred' && ok || bad "an escape sequence in a word was not shown escaped"
# the score column ends at the same column on every row: count the
# characters before it, plus one more for each wide character (2 columns)
screen | grep -E '  [0-9]\.[0-9]{6} *$' | grep -E '^.*│ +[1-4]  ' |
    sed -E 's/[0-9]\.[0-9]{6} *$//; s/中|文|🐋/xx/g; s/./x/g' | awk '{ print length($0) }' >"$T/cols"
[ "$(wc -l <"$T/cols")" -eq 4 ] && [ "$(sort -u "$T/cols" | wc -l)" -eq 1 ] && ok ||
    bad "the score column is not aligned across wide words (columns: $(tr '\n' ' ' <"$T/cols"))"
keys "attn --layer 0 --head 0 the cat" Enter
wait_for "is not an encoder" && ok || bad "attn on a word model did not fail with a message"
keys "load $BERT" Enter "attn --layer 0 --head 0 the cat" Enter
wait_for "attention of layer 0 head 0" || true
tmux -L "$SOCK" capture-pane -p -e -t vs | grep -q "$(printf '\033')\[48;5;" && ok ||
    bad "no 256-colour ramp on a 256-colour terminal"
keys C-d
wait_for "exit=0" && ok || bad "Ctrl-D did not leave with status 0"

# --- `tui` at the prompt, and back ---
start screen "$VECSCOPE -q $MODEL"
wait_for "gutenberg-w2v-cbow32>" || true
keys "tui" Enter
wait_for "gutenberg-w2v-cbow32 |" && ok || bad "tui at the prompt did not open the interface"
keys F10
wait_gone "gutenberg-w2v-cbow32 |" && ok || bad "F10 did not leave the interface"
keys "sim good bad" Enter
wait_for "cosine(good, bad) = " && ok || bad "the prompt did not go on after the interface"
keys C-d
wait_for "exit=0" && ok || bad "the prompt did not leave with status 0"

# --- a fatal signal: the terminal is given back, the signal ends the program ---
start screen "$VECSCOPE -q --tui $MODEL"
wait_for "gutenberg-w2v-cbow32 |" || true
keys Up  # the history the prompt left: its last line
wait_for "gutenberg-w2v-cbow32> sim good bad" && ok || bad "Up did not recall the prompt's last line"
shell=$(tmux -L "$SOCK" display -p -t vs '#{pane_pid}')
pid=$(ps -o pid= --ppid "$shell" | tr -d ' ' | head -n 1)
if [ -n "$pid" ] && kill -SEGV "$pid" 2>/dev/null; then
    wait_for "exit=139" && ok || bad "SIGSEGV did not end the interface with status 139"
    wait_for "icanon" && screen | grep -q "^icanon echo" && ok || bad "the terminal modes were not restored after SIGSEGV"
else
    bad "could not find the interface's process"
fi

# --- terminals the interface cannot drive: refused before curses starts ---
for term in dumb nosuchterminal; do
    start "$term" "$VECSCOPE -q --tui $MODEL"
    wait_for "exit=1" && ok || bad "--tui on TERM=$term did not end with status 1"
    case $term in
    dumb) want="TERM=dumb cannot move the cursor" ;;
    *) want="TERM=nosuchterminal is a terminal type this system does not know" ;;
    esac
    screen | grep -qF "$want" && ok || bad "--tui on TERM=$term: no message saying '$want'"
done
tmux -L "$SOCK" kill-server 2>/dev/null && sleep 0.3
tmux -L "$SOCK" -f /dev/null new-session -d -s vs -x 80 -y 24 \
    "env -u TERM HOME=$T $VECSCOPE -q --tui $MODEL; echo \"exit=\$?\"; sleep 120"
wait_for "exit=1" && screen | grep -qF "TERM is not set" && ok || bad "--tui without TERM was not refused"
# at the prompt, `tui` on a dumb terminal: a message, and the prompt goes on
start dumb "$VECSCOPE -q $MODEL"
wait_for "gutenberg-w2v-cbow32>" || true
keys "tui" Enter
wait_for "error: tui: TERM=dumb cannot move the cursor" && ok || bad "tui at a dumb prompt gave no message"
keys "sim good bad" Enter
wait_for "cosine(good, bad) = " && ok || bad "the prompt did not go on after a refused tui"
keys C-d

echo "tui: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
