// Checks a Scenario against the catalogs and the limits, and resolves its model and
// GPU. Every entry point (link, CLI, UI, files) uses these, so a bad value gets the
// same message wherever it came from.
#pragma once
#include <optional>

#include "core/gpu.h"
#include "core/model.h"
#include "core/plan_spec.h"
#include "core/scenario.h"
#include "core/status.h"

namespace infercalc {

// The model the scenario names: a preset's architecture or the custom one; nullptr
// when the id is unknown.
const ModelArch* resolve_model(const Scenario& s);
const Gpu* resolve_gpu(const Scenario& s);

// The first problem found, naming the field (the CLI flag / link key) and what is allowed.
std::optional<Error> validate(const Scenario& s);

// The engine settings alone (engine-version, max-model-len, max-num-seqs, ...).
std::optional<Error> validate_engine_settings(const Scenario& s);

// Why `engine` cannot run on `g` (nullptr when it can): Apple GPUs run Metal, which
// only llama.cpp and MLC target among the engines here (vLLM, SGLang, TensorRT-LLM and
// the HF CUDA path need CUDA or ROCm); Intel's Max series (Xe-HPC) runs the engines with
// an XPU (oneAPI/SYCL) backend, not TensorRT-LLM, lmdeploy or MLC. validate() refuses it;
// estimate() returns invalid.
const char* engine_unsupported(Engine engine, const Gpu& g);

// The plan request's own inputs (fleet, catalogue limits, rate, targets, percentile,
// spreads, pool link), naming the CLI flag (plan_fields() maps flags to link keys).
std::optional<Error> validate(const PlanSpec& p);

// Checks an architecture's numbers are positive and within sane bounds.
std::optional<Error> validate_arch(const ModelArch& m);

}  // namespace infercalc
