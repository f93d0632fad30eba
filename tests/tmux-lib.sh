# tmux-lib.sh - what the tmux-driven tests (run-repl.sh, run-tui.sh) share:
# counting, reading the screen, waiting for text, sending keys. Source it
# after setting SOCK (the tmux server's name) and, optionally, WAIT_TENTHS
# (how long wait_for and wait_gone wait, in tenths of a second; 100 = 10 s).
# The session is named vs.
pass=0
fail=0
: "${WAIT_TENTHS:=100}"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; echo "--- screen:"; screen | sed 's/^/  /'; }
screen() { tmux -L "$SOCK" capture-pane -p -t vs 2>/dev/null; }
# wait_for TEXT: up to WAIT_TENTHS/10 s for TEXT to be on the screen, then
# up to 1 s more for the screen to settle (the same twice 0.1 s apart), so
# that what is read next is the whole view, not one half drawn.
wait_for() {
    i=0
    while [ $i -lt "$WAIT_TENTHS" ]; do
        if screen | grep -qF -- "$1"; then
            settle
            return 0
        fi
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
settle() {
    prev=$(screen)
    j=0
    while [ $j -lt 10 ]; do
        sleep 0.1
        now=$(screen)
        [ "$now" = "$prev" ] && return 0
        prev=$now
        j=$((j + 1))
    done
}
# wait_gone TEXT: the same, for TEXT to leave the screen.
wait_gone() {
    i=0
    while [ $i -lt "$WAIT_TENTHS" ]; do
        if ! screen | grep -qF -- "$1"; then return 0; fi
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
keys() { tmux -L "$SOCK" send-keys -t vs "$@"; }
