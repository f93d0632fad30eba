/*
 * check_suites.h - every Check suite of the unit tests, one per module.
 * check_main.c runs them all; add a line here and a call there.
 */
#ifndef VS_CHECK_SUITES_H
#define VS_CHECK_SUITES_H

#include <check.h>

Suite *suite_vocab(void);
Suite *suite_args(void);
Suite *suite_utf8(void);
Suite *suite_formats(void);
Suite *suite_query(void);
Suite *suite_cmd(void);
Suite *suite_safetensors(void);
Suite *suite_weights(void);
Suite *suite_tokenizer(void);
Suite *suite_tokenizers(void);
Suite *suite_bert(void);
Suite *suite_fasttext(void);
Suite *suite_eval(void);
Suite *suite_bert_cmd(void);
Suite *suite_families(void);
Suite *suite_heads(void);
Suite *suite_plugin(void);
Suite *suite_plot(void);
Suite *suite_pictures(void);
Suite *suite_tsne(void);
Suite *suite_umap(void);
Suite *suite_train(void);
Suite *suite_session(void);
Suite *suite_result(void);
Suite *suite_qscan(void);
Suite *suite_parallel(void);
Suite *suite_readfile(void);
Suite *suite_probe(void);
Suite *suite_distill(void);
Suite *suite_compare(void);
Suite *suite_sts(void);
Suite *suite_linear(void);
Suite *suite_precision(void);
Suite *suite_kmeans(void);
Suite *suite_queries(void);

#endif
