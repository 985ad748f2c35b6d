#include "core/scenario_check.h"

#include <cmath>
#include <string>

#include "core/engine_version.h"
#include "core/presets.h"
#include "core/version_order.h"

namespace infercalc {

const ModelArch* resolve_model(const Scenario& s) {
  if (s.model_id == "custom") return s.custom_model.layers > 0 ? &s.custom_model : nullptr;
  const ModelPreset* p = find_model_preset(s.model_id);
  return p ? &p->arch : nullptr;
}

const Gpu* resolve_gpu(const Scenario& s) { return gpu_catalog().find(s.gpu_id); }

const char* engine_unsupported(Engine engine, const Gpu& g) {
  if (g.is_apple() && engine != Engine::Llamacpp && engine != Engine::Mlc)
    return "runs on CUDA or ROCm GPUs only; Apple GPUs (Metal, unified memory) run llamacpp or mlc";
  // Intel Xe-HPC (Data Center GPU Max) is reached through oneAPI/SYCL (Level Zero): vLLM's
  // XPU backend, SGLang's XPU path, llama.cpp's SYCL backend (docs/backend/SYCL.md lists
  // the Max series), PyTorch's `xpu` device (HF) and TGI's Intel GPU image run there.
  // TensorRT-LLM is built on CUDA and TensorRT; lmdeploy's engines target CUDA (and
  // Ascend); MLC reaches Intel GPUs through Vulkan, which it documents for Arc and
  // integrated GPUs, not the compute-only Max series.
  if (g.vendor == "Intel" && g.arch.rfind("Xe-HPC", 0) == 0 &&
      (engine == Engine::Trtllm || engine == Engine::Lmdeploy || engine == Engine::Mlc))
    return "has no oneAPI/SYCL (XPU) backend; Intel Data Center GPU Max runs vllm, sglang, llamacpp, hf or tgi";
  return nullptr;
}

namespace {

Error out_of_range(const char* field, const std::string& allowed) { return Error{field, "must be " + allowed}; }

// Data-parallel attention exists in SGLang (--enable-dp-attention, "Data Parallelism Attention
// for DeepSeek Models", v0.4.0 release notes, 2024-12-04; S046 add_cli_args) and in vLLM
// (--data-parallel-size, #13923, v0.8.3, engines.md section 6; the V1 engine only). Its
// ranks are the tp group of one replica; the experts run over them either expert-parallel
// (ep = tp) or tensor-parallel (ep = 1).
std::optional<Error> check_dp_attention(const Scenario& s, const ModelArch& m) {
  if (!s.dp_attention) return std::nullopt;
  const char* f = "dp-attention";
  if (s.engine != Engine::Sglang && s.engine != Engine::Vllm)
    return Error{f, std::string(name(s.engine)) + " has no data-parallel attention; sglang and vllm do"};
  if (s.engine == Engine::Sglang && version_before(Engine::Sglang, s.engine_version, "0.4.0"))
    return Error{f, "SGLang " + s.engine_version + " has no --enable-dp-attention (added in v0.4.0)"};
  if (s.engine == Engine::Vllm && (version_before(Engine::Vllm, s.engine_version, "0.8.3") ||
                                   s.engine_version.find("-v0") != std::string::npos))
    return Error{f, "vLLM " + s.engine_version + " has no --data-parallel-size (added in v0.8.3, V1 engine)"};
  if (!m.moe.is_moe())
    return Error{f, "needs a MoE model: on a dense one it is plain data parallelism (set gpus = replicas x tp)"};
  if (s.tp < 2) return Error{f, "needs tp of at least 2: its attention ranks are the tp group"};
  if (s.pp != 1) return Error{f, "is modelled with pp = 1 only"};
  if (s.ep != 1 && s.ep != s.tp)
    return Error{f, "runs the experts over the tp ranks: ep must be 1 or tp (" + std::to_string(s.tp) + ")"};
  return std::nullopt;
}

}  // namespace

std::optional<Error> validate_arch(const ModelArch& m) {
  struct Bound { const char* field; int64_t value; int64_t lo; int64_t hi; };
  const Bound bounds[] = {
      {"hidden", m.hidden, 1, 1'000'000},         {"layers", m.layers, 1, 1000},
      {"heads", m.heads, 1, 10'000},              {"kv_heads", m.kv_heads, 1, 10'000},
      {"head_dim", m.head_dim, 1, 100'000},       {"intermediate", m.intermediate, 0, 10'000'000},
      {"vocab", m.vocab, 1, 100'000'000},         {"max_context", m.max_context, 0, 100'000'000},
      {"positions", m.learned_positions, 0, 100'000'000}, {"norms_per_layer", m.norms_per_layer, 0, 16},
      {"sliding_layers", m.sliding_layers, 0, m.layers},  {"sliding_window", m.sliding_window, 0, 100'000'000},
      {"experts", m.moe.num_experts, 0, 100'000}, {"top_k", m.moe.experts_per_token, 0, m.moe.num_experts},
      {"expert_intermediate", m.moe.expert_intermediate, 0, 10'000'000},
      {"shared_experts", m.moe.shared_experts, 0, 1000},
      {"shared_intermediate", m.moe.shared_intermediate, 0, 10'000'000},
      {"dense_layers", m.moe.first_dense_layers, 0, m.layers},
      {"dense_intermediate", m.moe.dense_intermediate, 0, 10'000'000},
      {"kv_lora_rank", m.mla.kv_lora_rank, 0, 100'000}, {"q_lora_rank", m.mla.q_lora_rank, 0, 100'000},
      {"qk_nope_dim", m.mla.qk_nope_head_dim, 0, 100'000}, {"qk_rope_dim", m.mla.qk_rope_head_dim, 0, 100'000},
      {"v_head_dim", m.mla.v_head_dim, 0, 100'000},
      {"state_layers", m.state_layers, 0, m.layers},  {"state_elements", m.state_elements, 0, 10'000'000'000},
      {"state_params", m.state_params, 0, 100'000'000'000}, {"kv_free_layers", m.kv_free_layers, 0, m.layers},
      {"index_heads", m.index_heads, 0, 10'000},     {"index_dim", m.index_head_dim, 0, 100'000},
      {"index_topk", m.index_topk, 0, 100'000'000},  {"vision_params", m.vision_params, 0, 100'000'000'000},
      {"mtp_layers", m.mtp_layers, 0, 1000},
  };
  for (const Bound& b : bounds)
    if (b.value < b.lo || b.value > b.hi)
      return Error{std::string("arch.") + b.field,
                   std::to_string(b.value) + " is out of range " + std::to_string(b.lo) + ".." + std::to_string(b.hi)};
  if (m.kv_heads > m.heads) return Error{"arch.kv_heads", "cannot exceed heads (" + std::to_string(m.heads) + ")"};
  if (m.heads % m.kv_heads != 0)
    return Error{"arch.kv_heads", "must divide heads (" + std::to_string(m.heads) + ")"};
  if (m.moe.num_experts > 0 && m.moe.experts_per_token < 1)
    return Error{"arch.top_k", "a MoE model needs at least one expert per token"};
  // An MLA latent without per-head widths left attention at 0/0 (NaN); found by fuzz_link.
  if (m.mla.is_mla() && (m.mla.qk_nope_head_dim + m.mla.qk_rope_head_dim < 1 || m.mla.v_head_dim < 1))
    return Error{"arch.v_head_dim", "an MLA model (kv_lora_rank > 0) needs qk_nope_dim or qk_rope_dim, and v_head_dim"};
  if (m.sliding_layers > 0 && m.sliding_window < 1)
    return Error{"arch.sliding_window", "sliding layers need a window of at least 1 token"};
  return std::nullopt;
}

std::optional<Error> validate(const Scenario& s) {
  const ModelArch* m = resolve_model(s);
  if (!m) {
    if (s.model_id == "custom") return Error{"model", "custom model has no architecture"};
    return Error{"model", "unknown model '" + s.model_id + "'; `infercalc models` lists the presets"};
  }
  if (s.model_id == "custom")
    if (auto e = validate_arch(s.custom_model)) return e;
  const Gpu* g = resolve_gpu(s);
  if (!g) return Error{"gpu", "unknown GPU '" + s.gpu_id + "'; `infercalc gpus` lists the GPUs"};
  if (const char* why = engine_unsupported(s.engine, *g))
    return Error{"engine", std::string(name(s.engine)) + " " + why + " (" + g->name + ")"};
  const std::string max_gpus = std::to_string(Limits::kMaxGpus);
  if (s.gpus < 1 || s.gpus > Limits::kMaxGpus) return out_of_range("gpus", "a whole number from 1 to " + max_gpus);
  if (s.tp < 1 || s.tp > s.gpus) return out_of_range("tp", "from 1 to gpus (" + std::to_string(s.gpus) + ")");
  if (s.pp < 1 || s.pp > s.gpus) return out_of_range("pp", "from 1 to gpus (" + std::to_string(s.gpus) + ")");
  if (s.gpus % (s.tp * s.pp) != 0)
    return Error{"gpus", "must be a multiple of tp x pp (" + std::to_string(s.tp * s.pp) + ")"};
  if (s.pp > m->layers)
    return Error{"pp", "cannot exceed the model's layers (" + std::to_string(m->layers) + ")"};
  if (s.ep < 1 || s.ep > s.gpus || s.gpus % s.ep != 0)
    return out_of_range("ep", "a divisor of gpus (" + std::to_string(s.gpus) + ")");
  if (s.ep > 1 && !m->moe.is_moe()) return Error{"ep", "expert parallelism needs a MoE model; this one is dense"};
  if (s.ep > 1 && m->moe.num_experts % s.ep != 0)
    return Error{"ep", "must divide the number of experts (" + std::to_string(m->moe.num_experts) + ")"};
  if (auto e = check_dp_attention(s, *m)) return e;
  if (s.gpus_per_node < 0 || s.gpus_per_node > 72) return out_of_range("node", "from 1 to 72 GPUs per node (0 = default)");
  if (!(s.internode_gbps >= 1 && s.internode_gbps <= Limits::kMaxInternodeGbps))
    return out_of_range("ib", "a link speed from 1 to 10000 Gb/s per GPU");
  const std::string max_tokens = std::to_string(Limits::kMaxTokens);
  if (s.input_tokens < 1 || s.input_tokens > Limits::kMaxTokens)
    return out_of_range("input", "a whole number of tokens from 1 to " + max_tokens);
  if (s.output_tokens < 1 || s.output_tokens > Limits::kMaxTokens)
    return out_of_range("output", "a whole number of tokens from 1 to " + max_tokens);
  if (!s.batch_max && (s.batch < 1 || s.batch > Limits::kMaxBatch))
    return out_of_range("batch", "a whole number from 1 to " + std::to_string(Limits::kMaxBatch) + ", or max");
  if (s.gpu_util != 0 && !(s.gpu_util >= 0.05 && s.gpu_util <= 1.0))
    return out_of_range("gpu-util", "a fraction from 0.05 to 1 (0 = the engine's default)");
  if (!(s.request_rate > 0 && s.request_rate <= Limits::kMaxRequestRate))
    return out_of_range("request-rate", "requests per second above 0 and at most 1000000");
  if (!(s.usd_per_gpu_hour >= 0 && s.usd_per_gpu_hour <= Limits::kMaxUsdPerGpuHour))
    return out_of_range("usd-per-gpu-hour", "from 0 to 1000 dollars");
  if (!(s.target_ttft_ms >= 0 && s.target_ttft_ms <= Limits::kMaxTargetMs))
    return out_of_range("target-ttft", "a time in ms from 0 (none) to 3600000");
  if (!(s.target_tpot_ms >= 0 && s.target_tpot_ms <= Limits::kMaxTargetMs))
    return out_of_range("target-tpot", "a time in ms from 0 (none) to 3600000");
  if (!(s.target_tokens_per_s >= 0 && s.target_tokens_per_s <= Limits::kMaxTargetTokensPerS))
    return out_of_range("target-tps", "output tokens/s from 0 (none) to 1e9");
  if (auto e = validate_engine_settings(s)) return e;
  return std::nullopt;
}

std::optional<Error> validate_engine_settings(const Scenario& s) {
  if (auto e = check_engine_version(s.engine, s.engine_version)) return e;
  const std::string max_tokens = std::to_string(Limits::kMaxTokens);
  if (s.max_model_len < 0 || s.max_model_len > Limits::kMaxTokens)
    return out_of_range("max-model-len", "a whole number of tokens from 1 to " + max_tokens + " (0 = the model's)");
  // An engine rejects a request longer than its max_model_len (vLLM: "This model's maximum
  // context length is ..."): the scenario's requests would never run.
  if (s.max_model_len > 0 && s.input_tokens + s.output_tokens > s.max_model_len)
    return Error{"max-model-len", std::to_string(s.max_model_len) + " is shorter than input + output (" +
                                      std::to_string(s.input_tokens + s.output_tokens) +
                                      " tokens): the engine would reject every request"};
  if (s.max_num_seqs < 0 || s.max_num_seqs > Limits::kMaxBatch)
    return out_of_range("max-num-seqs", "a whole number from 1 to " + std::to_string(Limits::kMaxBatch) +
                                            " (0 = the engine's default)");
  if (s.max_num_batched_tokens < 0 || s.max_num_batched_tokens > Limits::kMaxTokens)
    return out_of_range("max-num-batched-tokens", "a whole number of tokens from 1 to " + max_tokens +
                                                      " (0 = the engine's default)");
  // Block sizes are powers of two (vLLM --block-size choices, TensorRT-LLM tokens_per_block).
  if (s.block_size < 0 || s.block_size > 1024 || (s.block_size & (s.block_size - 1)) != 0)
    return out_of_range("block-size", "a power of two from 1 to 1024 tokens (0 = the engine's default)");
  return std::nullopt;
}

std::optional<Error> validate(const PlanSpec& p) {
  if (p.fleet.empty()) return Error{"fleet", "needs at least one GPU type, e.g. h100-sxm:8"};
  if (auto e = validate_fleet(p.fleet, "fleet")) return e;
  if (auto e = validate_fleet(p.available, "gpus-available")) return e;
  if (!p.available.empty() && !p.catalog)
    return Error{"gpus-available", "limits the catalogue search: give it with --catalog (link: catalog=1)"};
  // Lengths come from the scenario; 1 token stands in for them here.
  if (auto e = validate(plan_workload(p, 1, 1))) return e;
  if (auto e = validate(p.link)) return e;
  return std::nullopt;
}

}  // namespace infercalc
