nn "unterminated
sim "a;b" c; quit
