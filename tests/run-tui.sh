#!/bin/sh
# run-tui.sh - the full-screen interface, driven through tmux (send-keys,
# capture-pane), asserting on the screen. Everything about the views runs
# twice, in an 80x24 window and in a 160x48 one:
#
#   neighbours: the same words and scores as `nn --tsv`, bars, following a
#     word and Backspace back to the row left; typing on the results pane
#     goes to the command line, and Enter runs it rather than following;
#   analogies: 3CosAdd/3CosMul (F6) and the form (F5);
#   text: lines cut at the pane's edge end in ›, scrolled ones start with ‹,
#     the box's border says which lines show; long messages wrap, ending in
#     …; the status line holds whole keys only; help (F1, ?, Alt-1);
#   attention: a text longer than the window (tokens off screen counted on
#     the first line and marked ▲ ▼ ◀ ▶; scrolling both ways to the last
#     token), repeated tokens with their position, the colour scale and the
#     sqrt/linear switch, heads and layers ([ ] < >), the head view's lines,
#     every head of a layer, `attn --layer L TEXT`'s heads, and a resize
#     to the other size (no stale scroll, the map grows with the window);
#   maps: dots and labels, zoom, groups in the legend, the regex search
#     (matches highlighted, [ ] between them, * zooms to them), a point's
#     neighbours in the model, k-means colours (F8, --clusters K), F7
#     between colourings, a 3-D map turned and tilted (< > { }); the
#     picture over the terminal (F9) and into a file (s), and no trace of it
#     once the interface has ended;
#   a fine-tuned tagger's `tag` table as a text view;
#   record (the notebook gets the commands typed here), words REGEX (ranks,
#     Enter follows a word), simmat in the heatmap view (cosines from -1 to
#     1 on their own scale, the row's highest cells, no word of attention);
#   Ctrl-C at an idle line, quit (F10, Alt-0, Ctrl-Q, quit) with the
#     terminal restored.
#
# Once, at 80x24: Tab completion and the history shared with the prompt,
# words with control characters and wide characters, the 256-colour ramp
# and the shading characters of 8-colour terminals, `tui` typed at the
# prompt, a fatal signal (the terminal restored), and terminals it cannot
# drive (dumb, unknown, TERM unset: refused with a message before curses
# starts).
#
# VS_TUI_SCREENS=DIR keeps the screens (capture-pane -e, with colours) as
# DIR/NAME-WxH.txt. Prints "tui: N passed, M failed". Skipped (exit 77)
# without tmux.
set -u
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
VECSCOPE=${VECSCOPE:-$SRCDIR/vecscope}
command -v tmux >/dev/null 2>&1 || { echo "tui: tmux not found, skipped (apt-get install tmux)"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/vecscope-tui.XXXXXX")
SOCK="vecscope-tui-$$"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$T"' EXIT INT TERM
MODEL=$SRCDIR/samples/gutenberg-w2v-cbow32.bin
BERT=$SRCDIR/samples/bert-gutenberg-mini
SHOTS=${VS_TUI_SCREENS:-}
export LC_ALL=C.UTF-8
WAIT_TENTHS=300   # 30 s: the machine may be busy
. "$SRCDIR/tests/tmux-lib.sh"
W=80
H=24
# start TERM COMMAND...: a fresh W x H tmux window running COMMAND, then
# the exit status and the terminal's modes once it ends. Colour is allowed
# (make check sets NO_COLOR): TERM=screen has 8 colours, so the heatmap is
# drawn in shading characters, and screen-256color gets the colour ramp.
start() {
    term=$1
    shift
    tmux -L "$SOCK" kill-server 2>/dev/null && sleep 0.3
    tmux -L "$SOCK" -f /dev/null new-session -d -s vs -x "$W" -y "$H" \
        "env -u NO_COLOR TERM=$term LC_ALL=C.UTF-8 HOME=$T XDG_STATE_HOME=$T/state $*; echo \"exit=\$?\";
         stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\n' ' ';
         echo; sleep 120"
}
# shot NAME: keeps the screen, colours and all, as $SHOTS/NAME-WxH.txt
shot() {
    [ -n "$SHOTS" ] || return 0
    mkdir -p "$SHOTS"
    tmux -L "$SOCK" capture-pane -p -e -t vs >"$SHOTS/$1-${W}x$H.txt"
}
# the answer of a command line, from the program's batch mode
cli() { "$VECSCOPE" -q "$@" 2>/dev/null; }
# row RANK WORD: how the neighbour view writes a row's rank and word
row() { printf '%3d  %s ' "$1" "$2"; }
# line N: the screen's N-th line
line() { screen | sed -n "${1}p"; }
# a text of 64 word pieces (66 tokens with [CLS] and [SEP]), wider and
# longer than both windows
LONG="the cat sat on the mat while the dog was sleeping by the old wooden door of the house and the bird sang a song to the moon over the quiet hills as the river ran down to the sea where the ships of the king waited for the wind to carry them home across the water at the end of the long day"

# --- every view, at one size ---
views() {
    start screen "$VECSCOPE -q --tui $MODEL"
    wait_for "gutenberg-w2v-cbow32>" && ok || bad "no command line"
    shot welcome

    # neighbours, following a word, going back to the row left
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
    shot neighbours
    third=$(sed -n 3p "$T/whale.tsv" | cut -f1)
    cli "$MODEL" --tsv -c "nn $third" >"$T/third.tsv"
    keys Down Down Enter
    wait_for "nearest to $third" && ok || bad "Enter on '$third' did not show its neighbours"
    w1=$(head -n 1 "$T/third.tsv" | cut -f1)
    wait_for "$(row 1 "$w1")" && ok || bad "the neighbours of '$third' do not start with '$w1'"
    screen | grep -q "trail" && ok || bad "the models pane does not show the trail"
    keys BSpace
    wait_for "nearest to whale" && ok || bad "Backspace did not go back to whale"
    wait_for ">$(row 3 "$third")" && ok || bad "Backspace did not come back to row 3 ($third)"
    # typing on the results pane goes to the command line; Enter runs it
    keys "sim good bad"
    wait_for "> sim good bad" && ok || bad "typing on the results pane did not reach the command line"
    keys Enter
    wait_for "cosine(good, bad)" && ok || bad "Enter did not run the typed line"
    screen | grep -q "nearest to $third" && bad "Enter followed the selected row instead" || ok

    # analogy: 3CosAdd, then F6 (and Alt-6) for 3CosMul
    add1=$(cli "$MODEL" --tsv -c 'analogy man king woman' | head -n 1 | cut -f1)
    mul1=$(cli "$MODEL" --tsv -c 'analogy man king woman --mul' | head -n 1 | cut -f1)
    keys "analogy man king woman" Enter
    wait_for "3CosAdd" && wait_for "$(row 1 "$add1")" && ok || bad "analogy: no 3CosAdd answer '$add1'"
    keys F6
    wait_for "3CosMul" && wait_for "$(row 1 "$mul1")" && ok || bad "F6 did not switch to 3CosMul ('$mul1')"
    keys M-6
    wait_for "$(row 1 "$add1")" && ok || bad "Alt-6 did not switch back to 3CosAdd"
    # the analogy form (F5), answered as you type
    keys F5 man Tab king Tab woman
    wait_for "woman" && wait_for "$(row 1 "$add1")" && ok || bad "the form did not answer '$add1'"
    keys F6
    wait_for "3CosMul (F6" && wait_for "$(row 1 "$mul1")" && ok || bad "F6 in the form did not answer '$mul1'"
    keys Escape

    # text: cut lines marked, the position on the border; messages wrapped
    keys "help tsne" Enter
    wait_for "usage: tsne" && ok || bad "help tsne gave no text"
    screen | grep "usage: tsne" | grep -q "›│" && ok || bad "the cut usage line has no › at the pane's edge"
    shot text
    keys Right Right
    wait_for "‹" && ok || bad "a line scrolled sideways does not start with ‹"
    keys "cluster --top 60 --clusters 3" Enter
    wait_for "3 clusters of 60 words" || true
    screen | grep -q "lines 1-[0-9]* of 62 ▼" && ok || bad "the border does not say which lines show"
    keys End
    wait_for "of 62─" && ok || bad "End did not show the last lines"
    far="$T/a-folder-that-is-not-there/with-a-name-long-enough-to-wrap-the-message/model.bin"
    keys "load $far" Enter
    wait_for "error: " && ok || bad "no error message"
    # the message ends on the screen, on the lines above the status line
    screen | grep -q "no such file" && ok || bad "the end of the message is not on the screen"
    [ "$W" -gt 100 ] || { line $((H - 3)) | grep -q "^error: " && ok || bad "the long message did not wrap"; }
    shot message
    # the status line holds whole keys: its last word is a whole label
    stat=$(line $((H - 1)))
    case "$stat" in
    *"F1 help"*) ok ;;
    *) bad "the status line does not show F1 help" ;;
    esac
    # help: F1, ?, Alt-1, each closed by a key
    keys F1
    wait_for "Keys (F1" && ok || bad "F1 did not show the keys"
    shot help
    keys Escape
    wait_gone "Keys (F1" && ok || bad "a key did not close the help"
    keys F3 "?"
    wait_for "Keys (F1" && ok || bad "? on the results pane did not show the keys"
    keys x
    wait_gone "Keys (F1" || true
    keys M-1
    wait_for "Keys (F1" && ok || bad "Alt-1 did not show the keys"
    keys q
    wait_gone "Keys (F1" && ok || bad "q did not close the help"

    # maps: dots and labels, zoom, groups
    keys "pca whale ship sea captain boat" Enter
    wait_for "5 points · zoom 1x" && ok || bad "no map view of 5 points"
    # a point: a Braille dot (U+2800..U+28FF in UTF-8, matched bytewise) or, on a
    # map with room, a disc
    dot=$(printf '\(\342[\240\241\242\243].\|\342\227\217\)')
    screen | LC_ALL=C grep -q "$dot" && ok || bad "no points on the map"
    n=0
    for w in whale ship sea captain boat; do
        screen | LC_ALL=C grep -q -e "$dot$w" -e "$w$dot" && n=$((n + 1))
    done
    [ $n -ge 3 ] && ok || bad "fewer than 3 of the 5 labels next to their dots ($n)"
    keys +
    wait_for "zoom 1.2x" && ok || bad "+ did not zoom in"
    printf 'whale animal\nship thing\nsea place\ncaptain person\nboat thing\n' >"$T/groups.txt"
    keys "pca --file $T/groups.txt" Enter
    wait_for "● animal" && wait_for "● thing" && wait_for "● place" && wait_for "● person" && ok ||
        bad "the map's legend lacks its groups"
    # search, matches, neighbours, zoom to them, k-means
    keys "pca --near whale --near king --near river -k 12 --clusters 3" Enter
    wait_for "39 points" && ok || bad "no map of 39 points"
    wait_for "● cluster 1" && ok || bad "--clusters 3 did not colour the map by clusters"
    keys F7
    wait_for "colour: group" && wait_for "● king" && ok || bad "F7 did not colour by the groups"
    keys /
    wait_for "search (regular expression):" && ok || bad "/ did not ask for a search"
    tmux -L "$SOCK" send-keys -t vs -l '^wh'
    keys Enter
    nwh=$(cli "$MODEL" --tsv -c 'pca --near whale --near king --near river -k 12' | cut -f1 | grep -c '^wh')
    wait_for "/^wh/: $nwh of 39 words match" && ok || bad "the search did not find the $nwh words"
    # the matches reversed on the map, and listed in their own colour (black
    # on yellow)
    tmux -L "$SOCK" capture-pane -p -e -t vs | grep -q "$(printf '\033')\[[0-9;]*7[;m]" && ok ||
        bad "the matches are not reversed on the map"
    tmux -L "$SOCK" capture-pane -p -e -t vs | grep -q "$(printf '\033')\[30m$(printf '\033')\[43m\|$(printf '\033')\[30;43m" && ok ||
        bad "the matches are not listed in their colour"
    shot map-search
    first=$(screen | grep -o "◉[a-z']*" | head -n 1)
    keys "]"
    sleep 1
    then=$(screen | grep -o "◉[a-z']*" | head -n 1)
    [ -n "$then" ] && [ "$then" != "$first" ] && ok || bad "] did not move to the next match ($first, $then)"
    keys "*"
    wait_for "zoomed to the $nwh matches" && ok || bad "* did not zoom to the matches"
    keys 0 Escape Right Enter
    wait_for "neighbours (model):" && ok || bad "Enter did not list the point's neighbours"
    sel=$(screen | grep -o "◉[^ │]*" | head -n 1 | cut -c4-)
    near1=$(cli "$MODEL" --tsv -c "nn $sel" | head -n 1 | cut -f1)
    screen | grep -q "$near1 0\.[0-9][0-9]" && ok || bad "the neighbours of '$sel' do not start with '$near1'"
    shot map-neighbours
    keys F8
    wait_for "k-means clusters (K):" && ok || bad "F8 did not ask for K"
    keys 4 Enter
    wait_for "coloured by 4 k-means clusters" && wait_for "● cluster 3" &&
        screen | grep -q "● cluster 4\|+1 more" && ok || bad "F8 4 did not colour by 4 clusters"
    # a 3-D map, seen obliquely with its axes: < > turn it, { } tilt it
    keys "pca --top 40 --dims 3" Enter
    wait_for "3-D at azimuth 35°, elevation 25°" && ok || bad "no oblique view of the 3-D map"
    screen | grep -q "PC[123]" && ok || bad "the 3-D map's axes are not named"
    screen | grep -q "< > turn" && ok || bad "the status line does not say how to turn the map"
    keys ">"
    wait_for "azimuth 50°, elevation 25°" && ok || bad "> did not turn the map"
    keys "}"
    wait_for "azimuth 50°, elevation 40°" && ok || bad "} did not tilt the map"
    keys "," "{"
    wait_for "azimuth 35°, elevation 25°" && ok || bad ", and { did not turn the map back"
    shot map-3d
    keys Down Enter
    wait_for "neighbours (model):" && ok || bad "Enter on the 3-D map did not list the neighbours"
    # F9: the picture over the terminal (vecscope's characters: tmux shows
    # no sixel), a key back; s there: into a file, through gnuplot
    keys "pca whale ship sea captain boat" Enter
    wait_for "5 points" || true
    keys F9
    wait_for "[a key goes back to vecscope" && screen | grep -q "pca of 5 words" && ok ||
        bad "F9 did not draw the map over the terminal"
    shot map-picture
    keys x
    wait_for "drew the map" && wait_for "5 points" && ok || bad "no way back from the picture"
    screen | grep -q "a key goes back" && bad "the picture is left on the interface" || ok
    if command -v gnuplot >/dev/null 2>&1; then
        keys M-9
        wait_for "[a key goes back to vecscope" || true
        keys s
        wait_for "plot to file" && ok || bad "s at the picture did not ask for a file"
        keys "$T/map.svg" Enter
        wait_for "wrote $T/map.svg" && grep -q "<svg" "$T/map.svg" && ok || bad "s did not write $T/map.svg"
    else
        echo "tui: gnuplot not found; s at the picture not tested"
    fi

    # record: the interface writes its commands down too
    keys F2 "record $T/tui.md" Enter
    wait_for "recording to" && ok || bad "record gave no message"
    keys F2 "nn leviathan -k 2" Enter
    wait_for "nearest to leviathan" && ok || bad "nn leviathan while recording"
    keys F2 "record stop" Enter
    wait_for "stopped recording: 1 command" && ok || bad "record stop did not count the one command"
    grep -qx "nn leviathan -k 2" "$T/tui.md" && grep -q "1  whale " "$T/tui.md" && ok ||
        bad "the notebook lacks the command or its answer: $(cat "$T/tui.md")"

    # words REGEX: a list of words and ranks; Enter follows a word
    keys F2 "words ^whal --limit 3" Enter
    wait_for "whaling" && screen | grep -F "whales" | grep -qE ' 493 *│?$' && ok ||
        bad "words ^whal did not list whales with its rank 493"
    keys Escape Enter
    wait_for "nearest to whale in" && ok || bad "Enter on a word of 'words' did not show its neighbours"

    # simmat: a similarity matrix in the heatmap view, on its own scale
    keys F2 "simmat king queen man" Enter
    wait_for "cosine similarity of 3 words" && ok || bad "simmat gave no heatmap view"
    wait_for "cosine from -1 to 1" && ok || bad "the heatmap does not name its values and their scale"
    wait_for "king → king: 1.00   highest: king 1.00" && ok ||
        bad "the heatmap of simmat does not name the selected row's highest cells"
    screen | grep -q -- "-1 .* 1  linear scale: the middle is 0" && ok ||
        bad "the colour bar does not run from -1 to 1"
    screen | grep -q "attends to\|strongest" && bad "a similarity matrix is described as attention" || ok
    shot simmat
    kq=$(cli "$MODEL" --tsv -c 'simmat king queen man' | sed -n 1p | cut -f3)
    keys Escape Right
    wait_for "king → queen: $(printf '%.2f' "$kq")" && ok || bad "Right did not select king → queen ($kq)"
    keys F7
    wait_for "the head view and every head show attention" && ok ||
        bad "F7 on a similarity matrix did not say the other displays are for attention"

    # Ctrl-C at an idle line clears it
    keys F2 "half typed" C-c
    wait_for "line cleared" && ok || bad "Ctrl-C did not clear the line"
    line "$H" | grep -q "half typed" && bad "the line is still there after Ctrl-C" || ok
    keys "quit" Enter
    wait_for "exit=0" && ok || bad "quit did not leave with status 0"
    grep -qx "nn whale" "$T/state/vecscope/history" && ok || bad "the history file lacks 'nn whale'"
    wait_for "icanon" && screen | grep -q "^icanon echo" && ok || bad "the terminal modes were not restored (icanon echo)"
    screen | grep -q "gutenberg-w2v-cbow32  F1" && bad "the interface is still on the screen" || ok
    screen | grep -q "pca of 5 words\|a key goes back" && bad "the picture is left under the shell" || ok

    # attention: a text wider and longer than the window
    start screen-256color "$VECSCOPE -q --tui $BERT"
    wait_for "bert-gutenberg-mini>" && ok || bad "no command line with the BERT sample"
    keys "attn --layer 0 --head 1 $LONG" Enter
    wait_for "attention of layer 0 head 1" && ok || bad "no attention view"
    screen | grep -q "rows 1-[0-9]* of 66 ▼" && ok || bad "the rows off screen are not counted"
    screen | grep -q "▼│" && ok || bad "no ▼ at the foot of the rows"
    screen | grep -q "columns 1-[0-9]* of 66 ▶" && ok || bad "the columns off screen are not counted"
    screen | grep -q "▶" && ok || bad "no ▶ after the last column shown"
    screen | grep -q "the@5" && ok || bad "a repeated token is not named with its position"
    screen | grep -q "square-root scale: the middle is 0.25" && ok || bad "no colour scale"
    tmux -L "$SOCK" capture-pane -p -e -t vs | grep -q "$(printf '\033')\[48;5;" && ok ||
        bad "no 256-colour ramp"
    shot attention
    keys End
    wait_for "-66 of 66 · columns" || true
    screen | grep -q "rows [0-9]*-66 of 66 · columns [0-9]*-66 of 66" && ok ||
        bad "End did not scroll to the last token both ways"
    screen | grep -q "◀" && screen | grep -q "▲" && ok || bad "no ◀ or ▲ once scrolled"
    screen | grep -q "\[SEP\] → \[SEP\]" && ok || bad "the selection line does not name [SEP] → [SEP]"
    shot attention-end
    keys F8
    wait_for "linear scale: the middle is 0.5" && ok || bad "F8 did not switch to the linear scale"
    keys F8 Home "]"
    wait_for "attention of layer 0 head 2" && ok || bad "] did not move to head 2"
    keys ">"
    wait_for "attention of layer 1 head 2" && ok || bad "> did not move to layer 1"
    cli "$BERT" --tsv -c "attn --layer 1 --head 2 $LONG" >"$T/attn.tsv"
    best=$(awk -F '\t' 'NR == FNR { tok[NR] = $1; next }
        FNR == 1 { b = 2; for (j = 3; j <= NF; j++) if ($j > $b) b = j; printf "%s %.2f", tok[b - 1], $b }' \
        "$T/attn.tsv" "$T/attn.tsv")
    wait_for "strongest: $best" && ok || bad "the view does not say [CLS]'s strongest key is '$best'"
    keys Down
    wait_for "the@1 → [CLS]" && ok || bad "Down did not select the next query"
    keys F7
    wait_for "· head view ·" && ok || bad "F7 did not show the head view"
    screen | LC_ALL=C grep -q "$dot" && ok || bad "the head view has no lines"
    shot attention-lines
    keys F7
    wait_for "every head of layer 1" && wait_for "H3 " && ok || bad "F7 again did not show every head of layer 1"
    shot attention-heads
    keys Right Enter
    wait_for "attention of layer 1 head 3" && ok || bad "Enter did not open head 3"
    # the other size: the heatmap follows the window, nothing stale
    tmux -L "$SOCK" resize-window -t vs -x "$W2" -y "$H2"
    i=0
    while [ $i -lt 300 ] && ! screen | sed -n "$((H2 - 1))p" | grep -q "bert-gutenberg-mini  F1"; do
        sleep 0.1
        i=$((i + 1))
    done
    screen | sed -n "$((H2 - 1))p" | grep -q "bert-gutenberg-mini  F1" && ok ||
        bad "the status line is not on row $((H2 - 1)) after the resize"
    screen | sed -n "${H2}p" | grep -q "^bert-gutenberg-mini>" && ok || bad "the command line is not on row $H2"
    rows=$(screen | grep -o "rows 1-[0-9]* of 66" | head -n 1 | sed 's/rows 1-//; s/ of 66//')
    if [ "$H2" -gt "$H" ]; then
        [ "${rows:-0}" -gt 20 ] && ok || bad "the heatmap did not grow with the window (rows 1-$rows)"
    else
        [ -n "$rows" ] && [ "$rows" -lt 20 ] && ok || bad "the heatmap did not shrink with the window ($rows)"
    fi
    screen | grep -q "^│ *│$" && bad "empty rows inside the pane after the resize" || ok
    tmux -L "$SOCK" resize-window -t vs -x "$W" -y "$H"
    sleep 1
    # attn --layer L TEXT alone: that layer's heads; F7 every head of it
    keys "attn --layer 2 the cat sat on the mat" Enter
    wait_for "attention heads of layer 2" && ok || bad "attn --layer 2 TEXT did not list layer 2's heads"
    screen | grep -q "│2  *3  " && ok || bad "the table lacks head 3 of layer 2"
    keys F7
    wait_for "every head of layer 2" && ok || bad "F7 on the table did not show every head of layer 2"
    keys M-0
    wait_for "exit=0" && ok || bad "Alt-0 did not leave with status 0"
}

for size in 80x24 160x48; do
    W=${size%x*}
    H=${size#*x}
    case $size in
    80x24) W2=160 H2=48 ;;
    *) W2=80 H2=24 ;;
    esac
    echo "tui: $size"
    views
done
W=80
H=24

# --- once: the 8-colour shading, completion and history ---
start screen "$VECSCOPE -q --tui $MODEL"
wait_for "gutenberg-w2v-cbow32>" || true
keys F2 "nn leviat" Tab
wait_for "> nn leviathan" && ok || bad "Tab did not complete the word 'leviat'"
keys C-u "load $BERT" Enter
wait_for "bert-gutenberg-mini>" && ok || bad "the BERT sample did not load"
keys "attn --layer 0 --head 0 the cat sat" Enter
wait_for "attention of layer 0 head 0" || true
screen | grep -q '\[CLS\]' && screen | grep -q '░\|▒\|▓\|█' && ok ||
    bad "the heatmap lacks its tokens or its shading"
keys C-q
wait_for "exit=0" && ok || bad "Ctrl-Q did not leave with status 0"

# --- a fine-tuned tagger: tag's table as a text view ---
NER=$SRCDIR/tests/data/heads/bert-ner
start screen "$VECSCOPE -q --tui $NER"
wait_for "bert-ner>" && ok || bad "the tagger did not load"
keys "tag she was reading a book in the garden at night" Enter
wait_for "tags by bert-ner" && ok || bad "tag gave no view"
label=$(cli "$NER" --tsv -c 'tag she was reading a book in the garden at night' |
    awk -F '\t' '$1 == "reading" { print $2 }')
[ -n "$label" ] && screen | grep -E -q "reading +$label " && ok || bad "the view does not label 'reading' $label as tag --tsv does"
keys C-q
wait_for "exit=0" && ok || bad "Ctrl-Q did not leave the tagger's interface with status 0"

# --- hostile and wide words ---
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
screen | grep -E '  [0-9]\.[0-9]{6} *│$' | grep -E '^.*│ *>? +[1-4]  ' |
    sed -E 's/[0-9]\.[0-9]{6} *│$//; s/中|文|🐋/xx/g; s/./x/g' | awk '{ print length($0) }' >"$T/cols"
[ "$(wc -l <"$T/cols")" -eq 4 ] && [ "$(sort -u "$T/cols" | wc -l)" -eq 1 ] && ok ||
    bad "the score column is not aligned across wide words (columns: $(tr '\n' ' ' <"$T/cols"))"
keys "attn --layer 0 --head 0 the cat" Enter
wait_for "is not an encoder" && ok || bad "attn on a word model did not fail with a message"
keys C-d
wait_for "exit=0" && ok || bad "Ctrl-D did not leave with status 0"

# --- `tui` at the prompt, and back ---
start screen "$VECSCOPE -q $MODEL"
wait_for "gutenberg-w2v-cbow32>" || true
keys "tui" Enter
wait_for "gutenberg-w2v-cbow32  F1" && ok || bad "tui at the prompt did not open the interface"
keys F10
wait_gone "gutenberg-w2v-cbow32  F1" && ok || bad "F10 did not leave the interface"
keys "sim good bad" Enter
wait_for "cosine(good, bad) = " && ok || bad "the prompt did not go on after the interface"
keys C-d
wait_for "exit=0" && ok || bad "the prompt did not leave with status 0"

# --- a fatal signal: the terminal is given back, the signal ends the program ---
start screen "$VECSCOPE -q --tui $MODEL"
wait_for "gutenberg-w2v-cbow32  F1" || true
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
