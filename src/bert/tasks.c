/*
 * tasks.c - decoding the task heads' logits into words with labels,
 * entities and answer spans. See tasks.h.
 *
 * The rules are those of transformers' TokenClassificationPipeline
 * (aggregation_strategy "first": aggregate_words, group_entities,
 * ignore_labels ["O"]) and QuestionAnsweringPipeline (the softmax over the
 * context and [CLS], the start <= end <= start + max_answer_len - 1
 * search).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../xalloc.h"
#include "tasks.h"

size_t vs_tag_words(const vs_tokens *tok, const float *probs, size_t L,
                    vs_tag_word *out)
{
    size_t t, j, nw = 0;

    for (t = 0; t < tok->n; t++) {
        const float *p;
        vs_tag_word *w;
        if (tok->word[t] < 0)
            continue;
        if (nw > 0 && tok->word[out[nw - 1].last] == tok->word[t] &&
            out[nw - 1].last + 1 == t) {
            /* a later piece of the same word */
            out[nw - 1].last = t;
            out[nw - 1].end = tok->end[t];
            continue;
        }
        w = &out[nw++];
        w->first = w->last = t;
        w->start = tok->start[t];
        w->end = tok->end[t];
        /* the first piece's most probable label */
        p = probs + t * L;
        w->label = 0;
        for (j = 1; j < L; j++)
            if (p[j] > p[w->label])
                w->label = j;
        w->prob = p[w->label];
    }
    return nw;
}

/* The BIO reading of a label: *bi 'B' or 'I', the type (borrowed) and its
 * length. */
static void tag_of(const char *label, char *bi, const char **type, size_t *len)
{
    if ((label[0] == 'B' || label[0] == 'I') && label[1] == '-') {
        *bi = label[0];
        *type = label + 2;
    } else {
        *bi = 'I';
        *type = label;
    }
    *len = strlen(*type);
}

size_t vs_tag_entities(const vs_tag_word *w, size_t nw, char *const *labels,
                       vs_entity *out)
{
    size_t i, j, ne = 0, k, len, last_len;
    const char *type, *last_type, *dash;
    char bi, last_bi;

    for (i = 0; i < nw; i++) {
        vs_entity *e = ne > 0 ? &out[ne - 1] : NULL;
        const char *label = labels[w[i].label];
        tag_of(label, &bi, &type, &len);
        if (e != NULL) {
            /* the same type as the word before, and not B-: one entity */
            tag_of(labels[w[e->last].label], &last_bi, &last_type, &last_len);
            if (bi != 'B' && len == last_len && memcmp(type, last_type, len) == 0) {
                e->last = i;
                e->end = w[i].end;
                continue;
            }
        }
        e = &out[ne++];
        e->first = e->last = i;
        /* named by its first word's label after the first '-' */
        dash = strchr(label, '-');
        e->type = dash != NULL ? dash + 1 : label;
        e->type_len = strlen(e->type);
        e->start = w[i].start;
        e->end = w[i].end;
    }
    /* scores, and the "O" entities dropped */
    for (i = 0, k = 0; i < ne; i++) {
        double sum = 0.0;
        if (out[i].type_len == 1 && out[i].type[0] == 'O')
            continue;
        for (j = out[i].first; j <= out[i].last; j++)
            sum += w[j].prob;
        out[i].score = sum / (double)(out[i].last - out[i].first + 1);
        out[k++] = out[i];
    }
    return k;
}

/* p (n) = the softmax of x over the tokens in the mask (0 elsewhere). */
static void masked_softmax(const float *x, size_t n, const unsigned char *a,
                           const unsigned char *b, double *p)
{
    double max = -INFINITY, sum = 0.0;
    size_t t;

    for (t = 0; t < n; t++)
        if ((a[t] || b[t]) && x[t] > max)
            max = x[t];
    for (t = 0; t < n; t++) {
        p[t] = (a[t] || b[t]) ? exp((double)x[t] - max) : 0.0;
        sum += p[t];
    }
    for (t = 0; t < n && sum > 0.0; t++)
        p[t] /= sum;
}

static int by_score(const void *pa, const void *pb)
{
    const vs_qa_span *a = pa, *b = pb;

    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return a->end < b->end ? -1 : a->end > b->end;
}

size_t vs_qa_best_spans(const float *start, const float *end, size_t n,
                        const unsigned char *in_context,
                        const unsigned char *in_norm, size_t max_len, size_t k,
                        vs_qa_span *out)
{
    double *ps = xmallocarray(2 * (n ? n : 1), sizeof *ps), *pe = ps + n;
    size_t s, e, nc = 0, cap = 0;
    vs_qa_span *c = NULL;

    masked_softmax(start, n, in_context, in_norm, ps);
    masked_softmax(end, n, in_context, in_norm, pe);
    /* every valid span: both ends in the context, s <= e < s + max_len */
    for (s = 0; s < n; s++) {
        if (!in_context[s])
            continue;
        for (e = s; e < n && e - s < max_len; e++) {
            if (!in_context[e])
                continue;
            if (nc == cap) {
                cap = cap ? 2 * cap : 64;
                c = xreallocarray(c, cap, sizeof *c);
            }
            c[nc].start = s;
            c[nc].end = e;
            c[nc].score = ps[s] * pe[e];
            c[nc].logit = (double)start[s] + (double)end[e];
            nc++;
        }
    }
    if (nc > 0)
        qsort(c, nc, sizeof *c, by_score);
    if (k > nc)
        k = nc;
    if (k > 0)
        memcpy(out, c, k * sizeof *c);
    free(c);
    free(ps);
    return k;
}
