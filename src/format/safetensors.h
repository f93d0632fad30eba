/*
 * safetensors.h - reads a Hugging Face .safetensors file into a vs_weights.
 *
 * The file is mapped and its JSON header is checked strictly (every tensor's
 * dtype, shape and byte range; the byte buffer covered exactly, with no hole
 * and no overlap); the tensors then point into the mapping. See
 * safetensors.c for the layout, weights.h for using the tensors.
 */
#ifndef VS_SAFETENSORS_H
#define VS_SAFETENSORS_H

#include "../error.h"
#include "weights.h"

/* The largest header the format allows (safetensors' MAX_HEADER_SIZE). */
#define VS_ST_MAX_HEADER 100000000ULL

/* Maps the safetensors file at path into w (one more file) and adds its
 * tensors. On failure err names the file and, where there is one, the
 * tensor at fault; w may then hold part of the file (close it). */
int vs_st_read(vs_weights *w, const char *path, vs_error *err);

#endif
