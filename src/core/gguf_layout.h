// How llama.cpp's quantize tool lays out a GGUF file: the tensor type it picks for each
// tensor of a "mix" such as Q4_K_M, and so the bytes of each part of the model.
#pragma once

#include "core/formats.h"
#include "core/model.h"

namespace infercalc {

// Bytes per parameter of each group of tensors in a GGUF file, averaged over the layers
// (the mixes give some layers' attn_v and ffn_down a larger type than others).
struct GgufLayout {
  double attention = 0;  // attn_q, attn_k, attn_v, attn_output
  double dense_mlp = 0;  // ffn_gate, ffn_up, ffn_down of the dense layers
  double experts = 0;    // ffn_*_exps, the routed experts
  double shared = 0;     // ffn_*_shexp, the shared experts
  double output = 0;     // output.weight: the LM head, or the tied embedding doing its job
  double embedding = 0;  // token_embd.weight as stored in the file
  double norms = 4;      // 1-D tensors (norms, biases) stay F32
};

// The layout of `m` quantised to the GGUF type `f` (is_gguf(f) must hold).
GgufLayout gguf_layout(const ModelArch& m, WeightFormat f);

// The bytes of tensor data in that file (its size less the header and metadata), the
// vision tower left out.
double gguf_file_bytes(const ModelArch& m, WeightFormat f);

}  // namespace infercalc
