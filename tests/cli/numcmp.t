# numcmp.t - the transcript driver's own comparison (tests/numcmp.awk), which
# lets a float's last digits differ as BLAS kernels make them differ and
# nothing else: each case compares a "want" line with a "got" line.
$ printf 'king 0.78704643 b 12\n' >$T/w; printf 'king 0.78704655 b 12\n' >$T/g; awk -f tests/numcmp.awk $T/w $T/g && echo same
  same
$ printf 'a 0.5880 b\n' >$T/w; printf 'a 0.5881 b\n' >$T/g; awk -f tests/numcmp.awk $T/w $T/g && echo same
  same
$ printf 'a 0.5880 b\n' >$T/w; printf 'a 0.5882 b\n' >$T/g; awk -f tests/numcmp.awk $T/w $T/g
    line 1: 0.5882 is not 0.5880 within 1e-05 relative or one unit in the last place
[exit 1]
$ printf 'a 0.5880 b\n' >$T/w; printf 'a 0.5882 b\n' >$T/g; awk -v rel=1e-3 -f tests/numcmp.awk $T/w $T/g && echo same
  same
$ printf 'id 30522\n' >$T/w; printf 'id 30523\n' >$T/g; awk -f tests/numcmp.awk $T/w $T/g
    line 1: 30523 is not 30522 (whole numbers must be equal)
[exit 1]
$ printf 'PC1 0.5\n' >$T/w; printf 'PC2 0.5\n' >$T/g; awk -f tests/numcmp.awk $T/w $T/g
    line 1: the text differs
[exit 1]
$ printf 'x  -0.000001  y\n' >$T/w; printf 'x   0.000000  y\n' >$T/g; awk -f tests/numcmp.awk $T/w $T/g && echo same
  same
$ printf 'x  0.1  y\n' >$T/w; printf 'x 0.1  y\n' >$T/g; awk -f tests/numcmp.awk $T/w $T/g
    line 1: the text differs
[exit 1]
$ printf '1.5e-01\n' >$T/w; printf '1.6e-01\n' >$T/g; awk -f tests/numcmp.awk $T/w $T/g && echo same
  same
$ printf '0.1\n0.2\n' >$T/w; printf '0.1\n' >$T/g; awk -f tests/numcmp.awk $T/w $T/g
    expected 2 lines, found 1
[exit 1]
