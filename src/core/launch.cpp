#include "core/launch.h"

#include <algorithm>
#include <cctype>

#include "core/engine.h"
#include "core/gpu.h"
#include "core/json.h"
#include "core/presets.h"
#include "core/scenario_check.h"
#include "core/version_order.h"

namespace infercalc {
namespace {

std::string num(double v) { return json::number(v); }
std::string num(int64_t v) { return std::to_string(v); }

// A repo id as the Hub spells them: "org/name", letters, digits, '-', '_', '.'.
bool looks_like_repo(const std::string& s) {
  const std::size_t slash = s.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 >= s.size() || s.find('/', slash + 1) != std::string::npos)
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/';
  });
}

// The sequences one replica runs at once, as the estimate assumed them.
// A checkpoint published in FP8 names its method in its config (DeepSeek's "fp8" blocks,
// Meta's "fbgemm_fp8"); the engines read it, and vLLM refuses a --quantization that differs
// (config.py _verify_quantization: "Quantization method specified in the model config ...
// does not match").
bool fp8_checkpoint(const ModelArch& m) {
  return m.native_quant == NativeQuant::Fp8Block128 || m.native_quant == NativeQuant::Fp8MlpOnly;
}

int64_t concurrency(const Scenario& s, const Result& r) {
  if (r.fits && r.batch > 0) return r.batch;
  return s.batch_max ? static_cast<int64_t>(engine_params(s.engine).max_batch) : s.batch;
}

// The context a request may use: the engine knob when set, else input + output.
int64_t context_len(const Scenario& s) {
  return s.max_model_len > 0 ? s.max_model_len : s.input_tokens + s.output_tokens;
}

double memory_fraction(const Scenario& s) {
  return s.gpu_util > 0 ? s.gpu_util : engine_params(s.engine).memory_fraction;
}

int64_t nodes_per_replica(const Scenario& s) {
  const Gpu* g = resolve_gpu(s);
  const int64_t per_node = s.gpus_per_node > 0 ? s.gpus_per_node : (g ? g->default_gpus_per_node() : 8);
  return (s.tp * s.pp + per_node - 1) / per_node;
}

void common_notes(const Scenario& s, LaunchCommand& out) {
  const int64_t replicas = s.gpus / (s.tp * s.pp);
  if (replicas > 1)
    out.notes.push_back("One replica of " + num(s.tp * s.pp) + " GPU(s); the scenario runs " + num(replicas) +
                        " of them behind a load balancer (one command per group of GPUs, CUDA_VISIBLE_DEVICES).");
  if (const int64_t nodes = nodes_per_replica(s); nodes > 1)
    out.notes.push_back("A replica spans " + num(nodes) +
                        " nodes: the engine's multi-node start-up (Ray or its own rendezvous) comes first.");
  if (out.model_is_placeholder) out.notes.push_back("Replace " + out.model + " with the model's repo id or path.");
}

// vLLM: `vllm serve` (#5090, v0.5.2); flags per shared reference engines.md section 6,
// each left out before the release that added it when the scenario names an older version.
void vllm(const Scenario& s, const Result& r, const ModelArch& m, LaunchCommand& out) {
  // Before v0.5.2 the OpenAI server ran as a module taking --model (engines.md section 6).
  std::string c = version_before(Engine::Vllm, s.engine_version, "0.5.2")
                      ? "python -m vllm.entrypoints.openai.api_server --model " + out.model
                      : "vllm serve " + out.model;
  // Data-parallel attention: tp DP ranks of tensor parallelism 1 (--data-parallel-size,
  // #13923, v0.8.3), each an engine core with its own --max-num-seqs.
  const int64_t ranks = s.dp_attention ? s.tp : 1;
  c += " --tensor-parallel-size " + num(s.dp_attention ? int64_t{1} : s.tp);
  if (s.dp_attention) c += " --data-parallel-size " + num(s.tp);
  c += " --pipeline-parallel-size " + num(s.pp);
  c += " --max-model-len " + num(context_len(s));
  c += " --gpu-memory-utilization " + num(memory_fraction(s));
  // --kv-cache-dtype choices auto|fp8 (#2279): auto keeps the model's dtype.
  if (s.kv == KvDtype::Fp8) c += " --kv-cache-dtype fp8";
  else c += " --kv-cache-dtype auto";
  // --dtype (EngineArgs since v0.1): float16 where the GPU has no BF16, as the estimate assumed.
  if (r.weights == WeightFormat::Fp16 || (r.has(WarningCode::NoBf16) && compute_bits(r.weights) >= 16 &&
                                          r.weights != WeightFormat::Fp32))
    c += " --dtype float16";
  if (r.weights == WeightFormat::Fp32) c += " --dtype float32";
  // FP8 from a 16-bit checkpoint is quantized at load time (--quantization fp8); other
  // formats need a checkpoint already quantized, whose config names the method.
  if (s.weights == WeightFormat::Fp8 && !fp8_checkpoint(m)) c += " --quantization fp8";
  c += " --max-num-seqs " + num(s.max_num_seqs > 0 ? s.max_num_seqs : (concurrency(s, r) + ranks - 1) / ranks);
  // Engine knobs the user set (engines.md section 6: all before v0.4 or #150/#1926).
  if (s.max_num_batched_tokens > 0) c += " --max-num-batched-tokens " + num(s.max_num_batched_tokens);
  if (s.block_size > 0) c += " --block-size " + num(s.block_size);
  if (s.enforce_eager) c += " --enforce-eager";
  if (s.ep > 1 && version_before(Engine::Vllm, s.engine_version, "0.8.0")) {
    // --enable-expert-parallel: #14305, v0.8.0; before it experts split with tensor parallelism only.
    out.notes.push_back("vLLM " + s.engine_version + " has no --enable-expert-parallel (added in v0.8.0): the experts "
                        "split over the " + num(s.tp) + " tensor-parallel ranks.");
  } else if (s.ep > 1 && s.dp_attention) {
    c += " --enable-expert-parallel";
  } else if (s.ep > 1) {
    c += " --enable-expert-parallel";
    out.notes.push_back("vLLM's expert parallelism spans the tensor x data-parallel ranks (" + num(s.tp) +
                        " here), not a separate size.");
  }
  if (s.kv == KvDtype::Int8) out.notes.push_back("vLLM has no int8 KV cache; the command keeps the model's dtype (auto).");
  out.command = c;
}

// SGLang: `python -m sglang.launch_server` (S046 add_cli_args, engines.md section 2).
void sglang(const Scenario& s, const Result& r, const ModelArch& m, LaunchCommand& out) {
  std::string c = "python -m sglang.launch_server --model-path " + out.model;
  c += " --tp " + num(s.tp);
  if (s.pp > 1) c += " --pp-size " + num(s.pp);
  if (s.ep > 1) c += " --ep-size " + num(s.ep);
  // --enable-dp-attention with --dp-size = tp: attention data-parallel over the tp ranks
  // (S046 add_cli_args; the v0.4.0 "DP attention for DeepSeek" feature).
  if (s.dp_attention) c += " --dp-size " + num(s.tp) + " --enable-dp-attention";
  c += " --mem-fraction-static " + num(memory_fraction(s));
  c += " --context-length " + num(context_len(s));
  // --kv-cache-dtype choices auto|fp8_e5m2|fp8_e4m3.
  c += s.kv == KvDtype::Fp8 ? " --kv-cache-dtype fp8_e4m3" : " --kv-cache-dtype auto";
  if (s.weights == WeightFormat::Fp8 && !fp8_checkpoint(m)) c += " --quantization fp8";
  c += " --max-running-requests " + num(concurrency(s, r));
  // The prefill chunk when set (the planner's budget or the user's): --chunked-prefill-size (S046 add_cli_args).
  if (s.max_num_batched_tokens > 0) c += " --chunked-prefill-size " + num(s.max_num_batched_tokens);
  out.notes.push_back("SGLang's --mem-fraction-static is a share of the memory free at start-up (weights + KV); the "
                      "estimate reads it as a share of the whole GPU.");
  if (s.kv == KvDtype::Int8) out.notes.push_back("SGLang has no int8 KV cache; the command keeps the model's dtype (auto).");
  out.command = c;
}

// TensorRT-LLM: `trtllm-serve MODEL` (tensorrt_llm/commands/serve.py, 1.x; engines.md section 3).
void trtllm(const Scenario& s, const Result& r, const ModelArch&, LaunchCommand& out) {
  std::string c = "trtllm-serve " + out.model + " --backend pytorch";
  c += " --tp_size " + num(s.tp);
  c += " --pp_size " + num(s.pp);
  if (s.ep > 1) c += " --ep_size " + num(s.ep);
  c += " --max_batch_size " + num(concurrency(s, r));
  c += " --max_num_tokens " + num(static_cast<int64_t>(engine_params(s.engine).max_batched_tokens));
  c += " --max_seq_len " + num(context_len(s));
  c += " --kv_cache_free_gpu_memory_fraction " + num(memory_fraction(s));
  if (s.kv == KvDtype::Fp8 || s.kv == KvDtype::Int8)
    out.notes.push_back(std::string("KV cache in ") + std::string(name(s.kv)) +
                        ": pass --extra_llm_api_options with kv_cache_config: {dtype: " + std::string(name(s.kv)) + "}.");
  if (s.weights != WeightFormat::Bf16 && s.weights != WeightFormat::Fp16)
    out.notes.push_back(std::string("Weights in ") + std::string(name(s.weights)) +
                        ": serve a checkpoint already quantized to it (TensorRT Model Optimizer).");
  out.notes.push_back("--kv_cache_free_gpu_memory_fraction is a share of the memory free after the weights load.");
  out.command = c;
}

std::string gguf_type(WeightFormat w) {
  switch (w) {
    case WeightFormat::Fp32: return "F32";
    case WeightFormat::Fp16: return "F16";
    case WeightFormat::Q8_0: return "Q8_0";
    case WeightFormat::Q6_K: return "Q6_K";
    case WeightFormat::Q5_K_M: return "Q5_K_M";
    case WeightFormat::Q4_K_M: return "Q4_K_M";
    case WeightFormat::Q4_0: return "Q4_0";
    case WeightFormat::Q4_1: return "Q4_1";
    case WeightFormat::Q5_0: return "Q5_0";
    case WeightFormat::Q5_1: return "Q5_1";
    case WeightFormat::Q3_K_M: return "Q3_K_M";
    case WeightFormat::Q2_K: return "Q2_K";
    case WeightFormat::Iq4_Xs: return "IQ4_XS";
    case WeightFormat::Q4_K_S: return "Q4_K_S";
    case WeightFormat::Q3_K_S: return "Q3_K_S";
    default: return "BF16";
  }
}

// llama.cpp: `llama-server` (tools/server/README.md, docs/multi-gpu.md; engines.md section 4).
void llamacpp(const Scenario& s, const Result& r, const ModelArch& m, LaunchCommand& out) {
  std::string base = out.model;
  if (!out.model_is_placeholder) {
    const std::size_t slash = base.find('/');
    if (slash != std::string::npos) base = base.substr(slash + 1);
  } else {
    base = m.name.empty() ? "model" : m.name;
    for (char& ch : base)
      if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '.' && ch != '_') ch = '-';
  }
  const std::string file = base + "-" + gguf_type(s.weights) + ".gguf";
  const int64_t slots = concurrency(s, r);
  // -c is the KV cells all --parallel slots share: max-model-len when given.
  std::string c = "llama-server -m " + file + " -ngl 999 -c " + num(llamacpp_cells(s, slots));
  c += s.tp > 1 ? " --split-mode row" : " --split-mode layer";
  c += " --parallel " + num(slots);
  // A quantized V cache needs flash attention (engines.md section 4).
  if (s.kv == KvDtype::Int8) {
    c += " -ctk q8_0 -ctv q8_0 -fa on";
    // -fa/--flash-attn on|off|auto; "older builds take a boolean" (shared reference engines.md
    // section 4, which names no build for the change): said in a note, not guessed per build.
    out.notes.push_back("-fa on is the on|off|auto form of current builds; older builds take -fa alone.");
  }
  out.model = file;
  out.notes.push_back("llama.cpp loads a GGUF file: convert or download " + file + ".");
  if (!is_gguf(s.weights) && s.weights != WeightFormat::Bf16 && s.weights != WeightFormat::Fp16 &&
      s.weights != WeightFormat::Fp32)
    out.notes.push_back(std::string(name(s.weights)) + " is not a GGUF type; the file name says BF16.");
  if (s.kv == KvDtype::Fp8) out.notes.push_back("llama.cpp has no fp8 KV cache; -ctk/-ctv q8_0 is the nearest.");
  out.command = c;
}

// TGI v3.3.7 launcher (engines.md section 5): --num-shard is its tensor parallelism;
// --cuda-memory-fraction, --max-total-tokens, --max-concurrent-requests as the estimate used.
void tgi(const Scenario& s, const Result& r, LaunchCommand& out) {
  std::string c = "text-generation-launcher --model-id " + out.model;
  c += " --num-shard " + num(s.tp);
  if (s.gpu_util > 0) c += " --cuda-memory-fraction " + num(s.gpu_util);
  c += " --max-input-tokens " + num(s.input_tokens);
  c += " --max-total-tokens " + num(s.input_tokens + s.output_tokens);
  c += " --max-concurrent-requests " + num(concurrency(s, r));
  if (s.pp > 1) out.notes.push_back("TGI has no pipeline parallelism; the command shards over --num-shard only.");
  out.command = c;
}

// lmdeploy v0.16.0 TurboMind (engines.md section 5).
void lmdeploy(const Scenario& s, const Result& r, LaunchCommand& out) {
  std::string c = "lmdeploy serve api_server " + out.model + " --backend turbomind";
  c += " --tp " + num(s.tp);
  c += " --cache-max-entry-count " + num(memory_fraction(s));
  c += " --session-len " + num(s.input_tokens + s.output_tokens);
  c += " --max-batch-size " + num(concurrency(s, r));
  if (s.kv == KvDtype::Int8) c += " --quant-policy 8";
  if (s.pp > 1) out.notes.push_back("TurboMind has no pipeline parallelism; the command uses --tp only.");
  out.command = c;
}

}  // namespace

std::string model_repo(const Scenario& s, bool* placeholder) {
  auto set = [&](bool p) {
    if (placeholder) *placeholder = p;
  };
  if (s.model_id != "custom") {
    const ModelPreset* p = find_model_preset(s.model_id);
    if (p && !p->hf_repo.empty()) {
      set(false);
      return p->hf_repo;
    }
    set(true);
    return "<path-to-" + s.model_id + "-checkpoint>";
  }
  if (looks_like_repo(s.custom_model.name)) {
    set(false);
    return s.custom_model.name;
  }
  set(true);
  return "<hf-repo-id>";
}

LaunchCommand launch_command(const Scenario& s, const Result& r) {
  LaunchCommand out;
  out.engine = std::string(name(s.engine));
  out.model = model_repo(s, &out.model_is_placeholder);
  const ModelArch* m = resolve_model(s);
  if (!m || s.tp < 1 || s.pp < 1) return out;
  switch (s.engine) {
    case Engine::Vllm: vllm(s, r, *m, out); break;
    case Engine::Sglang: sglang(s, r, *m, out); break;
    case Engine::Trtllm: trtllm(s, r, *m, out); break;
    case Engine::Llamacpp: llamacpp(s, r, *m, out); break;
    case Engine::Tgi: tgi(s, r, out); break;
    case Engine::Lmdeploy: lmdeploy(s, r, out); break;
    case Engine::Mlc:
    case Engine::Hf:
      out.notes.push_back("No server command for " + engine_params(s.engine).name +
                          ": pick vLLM, SGLang, TensorRT-LLM or llama.cpp for one.");
      return out;
  }
  if (s.weights != WeightFormat::Bf16 && s.weights != WeightFormat::Fp16 && s.weights != WeightFormat::Fp32 &&
      !is_gguf(s.weights) && s.engine != Engine::Trtllm &&
      !(s.weights == WeightFormat::Fp8) &&
      !(s.weights == WeightFormat::Mxfp4 && m->native_quant == NativeQuant::Mxfp4Experts))
    out.notes.push_back(std::string("Weights in ") + std::string(name(s.weights)) +
                        ": serve a checkpoint already quantized to it; the engine reads the method from its config.");
  if (!r.fits) out.notes.push_back("The estimate says this does not fit: the engine would refuse to start.");
  common_notes(s, out);
  return out;
}

}  // namespace infercalc
