/*
 * check_main.c - runs every unit-test suite in fork mode, so a crash fails
 * one test and not the run. Data files are found through VS_TESTDATA.
 */
#include "config.h"

#include <stdlib.h>

#include "check_suites.h"

int main(void)
{
    SRunner *sr = srunner_create(suite_vocab());
    int failed;

    srunner_add_suite(sr, suite_utf8());
    srunner_add_suite(sr, suite_parallel());
    srunner_add_suite(sr, suite_readfile());
    srunner_add_suite(sr, suite_formats());
    srunner_add_suite(sr, suite_query());
    srunner_add_suite(sr, suite_queries());
    srunner_add_suite(sr, suite_cmd());
    srunner_add_suite(sr, suite_args());
    srunner_add_suite(sr, suite_safetensors());
    srunner_add_suite(sr, suite_weights());
    srunner_add_suite(sr, suite_tokenizer());
    srunner_add_suite(sr, suite_tokenizers());
    srunner_add_suite(sr, suite_linear());
    srunner_add_suite(sr, suite_bert());
    srunner_add_suite(sr, suite_precision());
    srunner_add_suite(sr, suite_fasttext());
    srunner_add_suite(sr, suite_eval());
    srunner_add_suite(sr, suite_bert_cmd());
    srunner_add_suite(sr, suite_families());
    srunner_add_suite(sr, suite_heads());
    srunner_add_suite(sr, suite_train());
    srunner_add_suite(sr, suite_probe());
    srunner_add_suite(sr, suite_distill());
    srunner_add_suite(sr, suite_compare());
    srunner_add_suite(sr, suite_sts());
    srunner_add_suite(sr, suite_plugin());
    srunner_add_suite(sr, suite_plot());
    srunner_add_suite(sr, suite_pictures());
    srunner_add_suite(sr, suite_tsne());
    srunner_add_suite(sr, suite_session());
    srunner_add_suite(sr, suite_result());
    srunner_add_suite(sr, suite_qscan());
    srunner_add_suite(sr, suite_kmeans());
    srunner_add_suite(sr, suite_umap());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
