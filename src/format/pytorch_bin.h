/*
 * pytorch_bin.h - reads a pytorch_model.bin (torch.save, torch >= 1.6) into
 * a vs_weights.
 *
 * The file is a zip of uncompressed entries: a pickle (data.pkl) describing
 * a state dict and one raw storage per data/<key> entry. The pickle is read
 * by a small interpreter that knows only the opcodes and the few globals a
 * saved state dict uses and refuses anything else; it never runs anything.
 * The tensors then point into the mapped file. See pytorch_bin.c for the
 * layout.
 */
#ifndef VS_PYTORCH_BIN_H
#define VS_PYTORCH_BIN_H

#include "../error.h"
#include "weights.h"

/* Maps the pytorch_model.bin at path into w (one more file) and adds the
 * tensors of its state dict. On failure err names the file and the entry,
 * byte offset, opcode or global at fault; w may then hold part of the file
 * (close it). */
int vs_pt_read(vs_weights *w, const char *path, vs_error *err);

#endif
