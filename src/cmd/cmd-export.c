/*
 * cmd-export.c - `export projector DIR [SELECTION]`: the selected words'
 * vectors in the two files the TensorFlow Embedding Projector
 * (projector.tensorflow.org, "Load") reads.
 *
 * The Projector's formats: vectors.tsv has one row a point, its components
 * separated by tabs, no header; metadata.tsv has one row a point in the same
 * order. With a single column (the word) it has no header; with several
 * (word and group) its first row names the columns. Components are written
 * with %.9g, enough digits for a float32 to read back the same (and what
 * `vec WORD --tsv` prints). Words are escaped as the TSV renderer does (tab,
 * newline, CR, backslash as \t, \n, \r, \\) so a row stays a row.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "cmd.h"
#include "query.h"
#include "render.h"
#include "selection.h"
#include "xalloc.h"

static const vs_opt export_opts[] = {
    VS_SELECTION_OPTS,
    {NULL, 0, 0, NULL, NULL}
};

/* DIR, made if it is missing (one level; *made says so). */
static int make_dir(const char *dir, int *made, vs_error *err)
{
    struct stat st;

    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return vs_fail(err, "export: %s is not a folder; name a folder for "
                                "vectors.tsv and metadata.tsv", dir);
        return 0;
    }
    if (mkdir(dir, 0777) != 0)
        return vs_fail(err, "export: cannot create the folder %s: %s", dir, strerror(errno));
    *made = 1;
    return 0;
}

static int exec_export(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *m = vs_session_model(s);
    const char *dir = a->argv[1];
    vs_args sub = *a;
    vs_selection sel;
    vs_afile vec, meta;
    char *vec_path = xasprintf("%s/vectors.tsv", dir);
    char *meta_path = xasprintf("%s/metadata.tsv", dir);
    float *v = xmallocarray(m->dim ? m->dim : 1, sizeof *v);
    size_t n, i, j;
    int all, made = 0, rc = -1;
    char buf[64];

    memset(&sel, 0, sizeof sel);
    memset(&vec, 0, sizeof vec);
    memset(&meta, 0, sizeof meta);
    if (strcmp(a->argv[0], "projector") != 0) {
        free(v);
        free(vec_path);
        free(meta_path);
        return vs_fail(err, "export: unknown format '%s'; the one there is: projector "
                            "(export projector DIR [WORDS...])", a->argv[0]);
    }
    /* the selection: what follows DIR, or every word */
    sub.argc = a->argc - 2;
    sub.argv = a->argv + 2;
    all = sub.argc == 0 && !vs_arg_set(a, "top") && !vs_arg_set(a, "file") &&
          vs_arg_count(a, "near") == 0;
    if (all && vs_arg_set(a, "k")) {
        vs_fail(err, "export: -k goes with --near WORD");
        goto out;
    }
    if (!all && vs_select(m, &sub, &sel, err) < 0)
        goto out;
    n = all ? m->n : sel.n;
    if (n == 0) {
        vs_fail(err, "export: no words to export");
        goto out;
    }
    if (make_dir(dir, &made, err) < 0)
        goto out;
    if (vs_afile_open(&vec, vec_path, VS_AFILE_SYNC, err) < 0 ||
        vs_afile_open(&meta, meta_path, VS_AFILE_SYNC, err) < 0) {
        vs_fail_prefix(err, "export");
        goto out;
    }
    /* 1. both files under temporary names */
    if (!all && sel.groups != NULL)
        fputs("word\tgroup\n", meta.f);
    for (i = 0; i < n; i++) {
        const float *row;
        if (vs_interrupted) {
            vs_fail(err, "export: interrupted; nothing written");
            goto out;
        }
        if (all) {
            row = m->vecs + i * m->dim;
        } else {
            long id;
            if (vs_word_vector(m, sel.words[i], v, &id, err) < 0) {
                vs_fail_prefix(err, "export");
                goto out;
            }
            row = v;
        }
        for (j = 0; j < m->dim; j++) {
            snprintf(buf, sizeof buf, "%s%.9g", j ? "\t" : "", row[j]);
            fputs(buf, vec.f);
        }
        fputc('\n', vec.f);
        vs_render_tsv_cell(meta.f, all ? vs_vocab_word(m->vocab, i) : sel.words[i]);
        if (!all && sel.groups != NULL) {
            fputc('\t', meta.f);
            vs_render_tsv_cell(meta.f, sel.groups[i]);
        }
        fputc('\n', meta.f);
    }
    /* 2. the final names; a failure on the second takes back the first */
    if (vs_afile_commit(&vec, err) < 0) {
        vs_fail_prefix(err, "export");
        goto out;
    }
    if (vs_afile_commit(&meta, err) < 0) {
        vs_fail_prefix(err, "export");
        unlink(vec_path);
        goto out;
    }
    vs_result_title(r, "export for the Embedding Projector");
    vs_result_table(r, 2, "", "");
    vs_result_row(r, "vectors", vec_path);
    vs_result_row(r, "metadata", meta_path);
    snprintf(buf, sizeof buf, "%zu", n);
    vs_result_row(r, "words", buf);
    snprintf(buf, sizeof buf, "%zu", m->dim);
    vs_result_row(r, "dimensions", buf);
    if (sel.dropped > 0)
        vs_result_note(r, "%zu repeated word%s left out (one row a word)", sel.dropped,
                       sel.dropped == 1 ? "" : "s");
    vs_result_note(r, "open https://projector.tensorflow.org, press Load, and choose "
                      "vectors.tsv, then metadata.tsv");
    rc = 0;
out:
    vs_afile_abort(&vec);
    vs_afile_abort(&meta);
    free(vec_path);
    free(meta_path);
    if (rc < 0 && made)
        rmdir(dir);  /* a folder made for this: taken away again */
    vs_selection_free(&sel);
    free(v);
    return rc;
}

const vs_cmd vs_cmd_export = {
    .name = "export",
    .aliases = NULL,
    .usage = "export projector DIR [" VS_SELECTION_USAGE "]",
    .summary = "write words and vectors for the TensorFlow Embedding Projector",
    .help = "export projector DIR writes DIR/vectors.tsv (one row of tab-separated\n"
            "components a word) and DIR/metadata.tsv (the words, one a line; with\n"
            "groups, a header 'word<TAB>group' and a group column), the two files\n"
            "projector.tensorflow.org loads. The words are chosen as for pca: on\n"
            "the line after DIR, --top N, --file F or --near WORD (-k K); with\n"
            "none, every word of the model (mind the size: the Projector runs in a\n"
            "browser; --top 10000 is plenty). DIR is made if it is missing. Both\n"
            "files are written under temporary names and renamed at the end, so a\n"
            "failure leaves nothing half written.",
    .min_args = 2,
    .max_args = -1,
    .opts = export_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .complete = "projector FILE",
    .exec = exec_export,
};
