# numcmp.awk - compares a command's output with a transcript's expected
# lines, numbers within a tolerance and everything else exactly.
#
#   awk -v rel=1e-5 -f numcmp.awk WANT GOT
#
# Why: the last digit of a computed float depends on the BLAS kernel OpenBLAS
# picks for the CPU (OPENBLAS_CORETYPE), so a transcript written on one
# machine must not demand it on another.
#
# The rule, line by line (the two files must have the same number of lines):
# - A line is cut into numbers and text. A number is an optional '-', digits,
#   an optional fraction and an optional exponent, standing alone: not glued
#   to a letter, digit, '_' or '.' on either side ("PC1", "sg64", "0.9.2" and
#   "3x" are text).
# - The text between numbers must be equal byte for byte, except that a run of
#   spaces next to a number whose printed form differs only has to be a run of
#   spaces on both sides (a column padded to a fixed width shifts by a
#   character when "-0.000001" meets "0.000000").
# - An integer (no '.' and no exponent) is a count, an id or a rank: it must
#   be equal.
# - A number with a fraction or an exponent matches when |got - want| is at
#   most rel * max(|got|, |want|), or at most one unit in the last printed
#   place of the coarser of the two (a sum that rounds a hair differently can
#   turn the last printed digit, whatever the precision printed).
# Prints the first line that differs and why, and exits 1; exits 0 on a match.

function abs(x) { return x < 0 ? -x : x }

# Cuts s into piece[1..n]; kind[i] is "n" (number) or "t" (text).
function cut(s, piece, kind,    n, start, len, before, after, tok) {
    n = 0
    while (match(s, /-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/)) {
        start = RSTART; len = RLENGTH
        before = start > 1 ? substr(s, start - 1, 1) : ""
        after = substr(s, start + len, 1)
        tok = substr(s, start, len)
        if (before ~ /[A-Za-z0-9_.]/ || after ~ /[A-Za-z0-9_.]/) {
            # glued to a word: text up to the end of the digits, then go on
            n = add(piece, kind, n, "t", substr(s, 1, start + len - 1))
        } else {
            if (start > 1) n = add(piece, kind, n, "t", substr(s, 1, start - 1))
            n = add(piece, kind, n, "n", tok)
        }
        s = substr(s, start + len)
    }
    if (s != "") n = add(piece, kind, n, "t", s)
    return n
}

# Appends a piece, merging consecutive text pieces.
function add(piece, kind, n, k, s) {
    if (k == "t" && n > 0 && kind[n] == "t") {
        piece[n] = piece[n] s
        return n
    }
    n++
    piece[n] = s
    kind[n] = k
    return n
}

# One unit in the last printed place of a number's text: 1e-6 for "0.123456",
# 1e-3 for "1.5e-01"'s mantissa place times its exponent.
function unit(t,    m, frac, e) {
    m = t
    e = 0
    if (match(m, /[eE]/)) {
        e = substr(m, RSTART + 1) + 0
        m = substr(m, 1, RSTART - 1)
    }
    frac = 0
    if (match(m, /\./)) frac = length(m) - RSTART
    return 10 ^ (e - frac)
}

function isint(t) { return t !~ /[.eE]/ }

function numeq(w, g,    d, u, uw, ug) {
    if (w == g) return 1
    if (isint(w) || isint(g)) return 0
    d = abs((g + 0) - (w + 0))
    if (d <= rel * (abs(g + 0) > abs(w + 0) ? abs(g + 0) : abs(w + 0))) return 1
    uw = unit(w); ug = unit(g)
    u = uw > ug ? uw : ug
    return d <= u * 1.000001
}

# Text pieces a and b, which sit next to numbers that printed differently on
# the left (dl) and/or right (dr): equal, or equal once the runs of spaces
# touching those numbers are reduced to one space.
function texteq(a, b, dl, dr) {
    if (a == b) return 1
    if (dl) { sub(/^ +/, " ", a); sub(/^ +/, " ", b) }
    if (dr) { sub(/ +$/, " ", a); sub(/ +$/, " ", b) }
    return a == b
}

function lineeq(w, g,    nw, ng, pw, pg, kw, kg, i, diff, dl, dr) {
    if (w == g) return 1
    nw = cut(w, pw, kw)
    ng = cut(g, pg, kg)
    if (nw != ng) { why = "the lines differ"; return 0 }
    for (i = 1; i <= nw; i++) {
        if (kw[i] != kg[i]) { why = "a number and text differ"; return 0 }
        diff[i] = kw[i] == "n" && pw[i] != pg[i]
        if (kw[i] == "n" && !numeq(pw[i], pg[i])) {
            if (isint(pw[i]) || isint(pg[i]))
                why = pg[i] " is not " pw[i] " (whole numbers must be equal)"
            else
                why = pg[i] " is not " pw[i] " within " rel " relative or one unit in the last place"
            return 0
        }
    }
    for (i = 1; i <= nw; i++) {
        if (kw[i] != "t") continue
        dl = i > 1 && diff[i - 1]
        dr = i < nw && diff[i + 1]
        if (!texteq(pw[i], pg[i], dl, dr)) { why = "the text differs"; return 0 }
    }
    return 1
}

BEGIN {
    if (rel == "") rel = 1e-5
    nw = 0
    while ((getline l < ARGV[1]) > 0) want[++nw] = l
    ng = 0
    while ((getline l < ARGV[2]) > 0) got[++ng] = l
    for (i = 1; i <= nw && i <= ng; i++) {
        if (!lineeq(want[i], got[i])) {
            printf "  line %d: %s\n", i, why
            exit 1
        }
    }
    if (nw != ng) {
        printf "  expected %d lines, found %d\n", nw, ng
        exit 1
    }
    exit 0
}
