nn whale -k 3
sim good bad
# a comment

analogy man king woman
