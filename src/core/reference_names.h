// Reading measurement files written by people (the reference's calibration and memory-log
// tables and files in their schema): a GPU written "h100", an engine "llama.cpp", an engine
// version written "vllm 0.6.4.dev9+g5d264f4a (ROCm source build, V0)" or "vllm V1 (Oct 2025;
// version not stated)", turned into our ids and --engine-version spellings. Both calibration
// readers use these, so the two tables read names the same way.
#pragma once
#include <string>
#include <string_view>

#include "core/formats.h"

namespace infercalc {

// Our id for a name the reference writes for a GPU, model or weight format: the name itself
// when it is one of ours, else the alias (each with its reason in reference_names.cpp).
std::string reference_gpu_id(std::string_view name);
std::string reference_model_id(std::string_view name);
std::string reference_weights(std::string_view name);
// The preset of a published checkpoint that `notes` names by its Hugging Face repo, laid out
// unlike the base model in the row's weight format (Meta's FP8 Llama-3.1-405B keeps attention
// and its first and last layers in BF16); "" when the notes name none.
std::string reference_checkpoint(std::string_view notes);
// "vllm", "llama.cpp", "TensorRT-LLM", "trt-llm" ... -> the engine's id ("" = none of ours).
std::string reference_engine(std::string_view name);

struct ReadVersion {
  std::string version;  // as --engine-version takes it; "" = none could be read (the newest documented)
  std::string how;      // how it was read, for the row's mapping note
};
// The engine version a free-text description names: the first version number in it (a
// llama.cpp build as "b4876" or "(3891)"), "-v0" added where it names vLLM's V0 engine; with
// no number, the documented behaviour in force in the month it names ("Oct 2025", "2025-10").
ReadVersion reference_engine_version(Engine e, std::string_view text);

// How a measurement row's notes say it was run (the reference's calibration_more.csv states
// the workload, flags and blank cells in words: "--max-num-seqs 32", "request rate 10 req/s
// (Poisson)", "max-concurrency 16", "generated 92 tokens"). Fields are "" where they say nothing.
struct NotesReading {
  std::string workload;  // burst / concurrency / rate
  std::string rate;      // requests/s for rate
  std::string max_num_seqs, max_num_batched_tokens, max_model_len, gpu_util;
  bool enforce_eager = false;
  // The value is a median inter-token latency ("median ITL"), not the mean time per token.
  bool median_itl = false;
};
NotesReading read_notes(std::string_view notes, std::string_view engine_version, std::string_view batch);
// A blank input, output or batch cell as the notes state it ("" = they do not).
std::string fill_from_notes(std::string_view column, std::string_view notes);

}  // namespace infercalc
