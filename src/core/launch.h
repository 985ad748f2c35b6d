// The command that starts the scenario's engine with the settings the estimate
// assumed: vLLM `vllm serve`, SGLang `python -m sglang.launch_server`, TensorRT-LLM
// `trtllm-serve`, llama.cpp `llama-server`. Every flag exists in the engine versions
// docs/engines.md names (flag history: shared reference engines.md, sections 2, 3, 4, 6).
// One command starts one replica (tp x pp GPUs); the notes say what else to do.
#pragma once
#include <string>
#include <vector>

#include "core/estimate.h"
#include "core/scenario.h"

namespace infercalc {

struct LaunchCommand {
  std::string engine;                // "vllm", ...
  std::string command;               // "" when the engine has no server command here (mlc, hf)
  std::string model;                 // the repo id or file the command names (may be a placeholder)
  bool model_is_placeholder = false; // "<hf-repo-id>": the user edits it
  std::vector<std::string> notes;    // assumptions and what the command leaves out
};

// The model's Hugging Face repo id: the preset's, an imported config's name when it
// looks like one ("org/name"), else a placeholder in angle brackets.
std::string model_repo(const Scenario& s, bool* placeholder = nullptr);

LaunchCommand launch_command(const Scenario& s, const Result& r);

}  // namespace infercalc
