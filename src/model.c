/*
 * model.c - an open model. See model.h.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "filemap.h"
#include "model.h"
#include "xalloc.h"

/* The file name without folders and without the last extension. */
static char *name_from_path(const char *path)
{
    size_t end = strlen(path), start, dot;

    /* "models/bert-mini/" names the folder, not "" */
    while (end > 1 && path[end - 1] == '/')
        end--;
    start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    /* drop the last extension, but keep a leading dot ("..vec" -> ".") */
    for (dot = end; dot > start + 1 && path[dot - 1] != '.'; dot--)
        ;
    if (dot > start + 1)
        end = dot - 1;
    return end > start ? xstrndup(path + start, end - start) : xstrdup("model");
}

vs_model *vs_model_new(const char *path, const char *format, vs_vocab *vocab,
                       float *vecs, size_t n, size_t dim)
{
    vs_model *m = xcalloc(1, sizeof *m);

    m->path = xstrdup(path);
    m->name = name_from_path(path);
    m->format = format;
    m->kind = VS_MODEL_STATIC;
    m->vocab = vocab;
    m->vecs = vecs;
    m->vecs_owned = 1;
    m->n = n;
    m->dim = dim;
    return m;
}

void vs_model_free(vs_model *m)
{
    if (m == NULL)
        return;
    if (m->ext_free != NULL)
        m->ext_free(m->ext);
    if (m->qindex_free != NULL)
        m->qindex_free(m->qindex);
    if (m->vecs_owned) {
        free(m->vecs);
        free(m->norms);
    }
    vs_vocab_free(m->vocab);
    vs_filemap_unmap(m->map, m->map_len);
    free(m->name);
    free(m->path);
    free(m);
}

void vs_model_set_name(vs_model *m, const char *name)
{
    free(m->name);
    m->name = xstrdup(name);
}

float vs_row_norm(const float *row, size_t dim)
{
    /* Four partial sums: the same accuracy (double) as one, but they let
     * the additions overlap, which matters at 400k rows. */
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    size_t j = 0;

    for (; j + 4 <= dim; j += 4) {
        s0 += (double)row[j] * row[j];
        s1 += (double)row[j + 1] * row[j + 1];
        s2 += (double)row[j + 2] * row[j + 2];
        s3 += (double)row[j + 3] * row[j + 3];
    }
    for (; j < dim; j++)
        s0 += (double)row[j] * row[j];
    return (float)sqrt((s0 + s1) + (s2 + s3));
}

const float *vs_model_norms(vs_model *m)
{
    size_t i;

    if (m->norms != NULL)
        return m->norms;
    m->norms = xmallocarray(m->n ? m->n : 1, sizeof *m->norms);
    for (i = 0; i < m->n; i++)
        m->norms[i] = vs_row_norm(vs_model_row(m, i), m->dim);
    return m->norms;
}

long vs_model_find(const vs_model *m, const char *word)
{
    return vs_vocab_find(m->vocab, word, strlen(word));
}

size_t vs_model_memory(const vs_model *m)
{
    size_t bytes = sizeof *m + vs_vocab_memory(m->vocab) + m->ext_memory + m->qindex_memory;

    if (m->vecs_owned)
        bytes += m->n * m->dim * sizeof(float) +
                 (m->norms ? m->n * sizeof(float) : 0);
    else
        bytes += m->map_len;
    return bytes;
}
