/*
 * sparse.c - a symmetric sparse matrix from directed neighbour lists
 * (sparse.h): each entry goes to its row and, transposed, to its column's
 * row; each row is sorted by column and the (at most two) entries of a pair
 * joined. join is symmetric, so the order qsort leaves a pair in is no
 * matter: the result is the same bits whatever the sort does with ties.
 */
#include <stdlib.h>
#include <string.h>

#include "common/sparse.h"

struct entry {
    int col;
    float val;
};

static int cmp_entry(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;

    return (x->col > y->col) - (x->col < y->col);
}

int vsp_csr_symmetric(const int *nbr, const double *val, size_t n, size_t k, vsp_join join,
                      struct vsp_csr *S)
{
    size_t i, t, nnz, *fill = calloc(n ? n : 1, sizeof *fill);
    struct entry *ent = NULL;
    int rc = -1;

    memset(S, 0, sizeof *S);
    S->n = n;
    S->row = calloc(n + 1, sizeof *S->row);
    if (fill == NULL || S->row == NULL)
        goto out;
    /* 1. how many entries each row gets: its own and the transposed */
    for (i = 0; i < n; i++)
        for (t = 0; t < k; t++)
            if ((size_t)nbr[i * k + t] != i) {
                S->row[i + 1]++;
                S->row[(size_t)nbr[i * k + t] + 1]++;
            }
    for (i = 0; i < n; i++)
        S->row[i + 1] += S->row[i];
    ent = malloc((S->row[n] ? S->row[n] : 1) * sizeof *ent);
    if (ent == NULL)
        goto out;
    for (i = 0; i < n; i++)
        for (t = 0; t < k; t++) {
            size_t j = (size_t)nbr[i * k + t], a, b;
            if (j == i)
                continue;
            a = S->row[i] + fill[i]++;
            b = S->row[j] + fill[j]++;
            ent[a].col = (int)j;
            ent[a].val = (float)val[i * k + t];
            ent[b].col = (int)i;
            ent[b].val = (float)val[i * k + t];
        }
    /* 2. per row, by column, the two directions of a pair joined */
    nnz = 0;
    for (i = 0; i < n; i++) {
        size_t a = S->row[i], b = S->row[i + 1], start = nnz;
        qsort(ent + a, b - a, sizeof *ent, cmp_entry);
        for (t = a; t < b; t++) {
            if (nnz > start && ent[nnz - 1].col == ent[t].col)
                ent[nnz - 1].val = join(ent[nnz - 1].val, ent[t].val);
            else
                ent[nnz++] = ent[t];
        }
        S->row[i] = start;
    }
    S->row[n] = nnz;
    S->col = malloc((nnz ? nnz : 1) * sizeof *S->col);
    S->val = malloc((nnz ? nnz : 1) * sizeof *S->val);
    if (S->col == NULL || S->val == NULL)
        goto out;
    for (t = 0; t < nnz; t++) {
        S->col[t] = ent[t].col;
        S->val[t] = ent[t].val;
    }
    rc = 0;
out:
    if (rc != 0)
        vsp_csr_free(S);
    free(fill);
    free(ent);
    return rc;
}

void vsp_csr_free(struct vsp_csr *S)
{
    free(S->row);
    free(S->col);
    free(S->val);
    memset(S, 0, sizeof *S);
}
