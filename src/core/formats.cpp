#include "core/formats.h"

namespace infercalc {
namespace {

struct WeightInfo { WeightFormat f; std::string_view name; double bytes; int bits; };
// GGUF K-quant block sizes from ggml's block_q*_K structs (QK_K = 256):
// q6_K = 128 + 64 + 16 + 2 = 210 B, q5_K = 2+2+12+32+128 = 176 B, q4_K = 2+2+12+128 = 144 B;
// q8_0 = 2 + 32 = 34 B per 32. Q5_K_M / Q4_K_M mix in a few Q6_K tensors (attn_v,
// ffn_down halves): llama.cpp's published sizes for Llama-2-7B (Q4_K_M 4.08 GB, Q5_K_M
// 4.78 GB of 6.74B params) are 4.84 and 5.67 bits per weight. These nominal figures name the
// format in the UI; estimates lay a GGUF file out tensor by tensor (gguf_layout.cpp).
constexpr WeightInfo kWeights[] = {
    {WeightFormat::Fp32, "fp32", 4.0, 32},
    {WeightFormat::Bf16, "bf16", 2.0, 16},
    {WeightFormat::Fp16, "fp16", 2.0, 16},
    {WeightFormat::Fp8, "fp8", 1.0 + 4.0 / (128.0 * 128.0), 8},  // per-block fp32 scale
    {WeightFormat::Int8, "int8", 1.0 + 2.0 / 4096.0, 8},         // per-channel fp16 scale, hidden ~4096
    {WeightFormat::Int4, "int4", 0.5 + (2.0 + 0.5) / 128.0, 16},  // g128: fp16 scale + 4-bit zero
    {WeightFormat::Mxfp4, "mxfp4", 4.25 / 8.0, 4},
    {WeightFormat::Nvfp4, "nvfp4", 4.5 / 8.0, 4},
    {WeightFormat::Q8_0, "q8_0", 34.0 / 32.0, 16},
    {WeightFormat::Q6_K, "q6_k", 210.0 / 256.0, 16},
    {WeightFormat::Q5_K_M, "q5_k_m", 5.67 / 8.0, 16},
    {WeightFormat::Q4_K_M, "q4_k_m", 4.84 / 8.0, 16},
    // AutoAWQ GEMM layout, 4 bits, group 128: packed int32 qweight (0.5 B), one fp16 scale and
    // one packed 4-bit zero point per group of 128 (2.5 B / 128).
    {WeightFormat::Awq, "awq", 0.5 + 2.5 / 128.0, 16},
    // AutoGPTQ / GPTQModel, 4 bits, group 128: the same qweight, scales and packed qzeros,
    // plus g_idx, one int32 per input channel (4 B per row of a ~4096-wide matrix).
    {WeightFormat::Gptq, "gptq", 0.5 + 2.5 / 128.0 + 4.0 / 4096.0, 16},
    // ggml block structs (ggml-common.h, ggml v0.21.0 8599e0ea; type_traits in ggml.c):
    // block_q4_0 = fp16 d + 16 B = 18 B / 32, block_q4_1 = d, m + 16 B = 20 B,
    // block_q5_0 = d + 4 B qh + 16 B = 22 B, block_q5_1 = d, m + qh + qs = 24 B,
    // block_q2_K = 16 + 64 + 2 + 2 = 84 B / 256, block_iq4_xs = 2 + 2 + 4 + 128 = 136 B / 256.
    {WeightFormat::Q4_0, "q4_0", 18.0 / 32.0, 16},
    {WeightFormat::Q4_1, "q4_1", 20.0 / 32.0, 16},
    {WeightFormat::Q5_0, "q5_0", 22.0 / 32.0, 16},
    {WeightFormat::Q5_1, "q5_1", 24.0 / 32.0, 16},
    // Q3_K_M is mostly Q3_K (110 B / 256) with some tensors in higher types: llama.cpp's
    // quantize tool prints 3.74 GB for Llama-3-8B (8.03 B params; engines.md section 4).
    {WeightFormat::Q3_K_M, "q3_k_m", 3.74 / 8.03, 16},
    {WeightFormat::Q2_K, "q2_k", 84.0 / 256.0, 16},
    {WeightFormat::Iq4_Xs, "iq4_xs", 136.0 / 256.0, 16},
    // The _S ("small") mixes keep nearly every tensor in the base K-quant type (llama.cpp
    // llama_model_quantize: the _M mixes are the ones that raise attn_v / ffn_down): the
    // base block, block_q4_K = 2 + 2 + 12 + 128 = 144 B / 256 and block_q3_K = 32 hmask +
    // 64 qs + 12 scales + 2 d = 110 B / 256 (engines.md section 4 table).
    {WeightFormat::Q4_K_S, "q4_k_s", 144.0 / 256.0, 16},
    {WeightFormat::Q3_K_S, "q3_k_s", 110.0 / 256.0, 16},
};
constexpr std::string_view kKvNames[] = {"fp16", "bf16", "fp8", "int8"};
constexpr std::string_view kEngineNames[] = {"vllm", "sglang", "trtllm", "llamacpp", "mlc", "hf", "tgi", "lmdeploy"};

const WeightInfo& info(WeightFormat f) { return kWeights[static_cast<int>(f)]; }

}  // namespace

std::string_view name(WeightFormat f) { return info(f).name; }
std::string_view name(KvDtype d) { return kKvNames[static_cast<int>(d)]; }
std::string_view name(Engine e) { return kEngineNames[static_cast<int>(e)]; }

std::optional<WeightFormat> parse_weight_format(std::string_view s) {
  for (const WeightInfo& w : kWeights)
    if (w.name == s) return w.f;
  return std::nullopt;
}
std::optional<KvDtype> parse_kv_dtype(std::string_view s) {
  for (KvDtype d : kAllKvDtypes)
    if (name(d) == s) return d;
  return std::nullopt;
}
std::optional<Engine> parse_engine(std::string_view s) {
  for (Engine e : kAllEngines)
    if (name(e) == s) return e;
  return std::nullopt;
}

const char* allowed_weight_formats() {
  return "fp32, bf16, fp16, fp8, int8, int4, mxfp4, nvfp4, q8_0, q6_k, q5_k_m, q4_k_m, awq, gptq, q4_0, q4_1, "
         "q5_0, q5_1, q3_k_m, q2_k, iq4_xs, q4_k_s, q3_k_s";
}
const char* allowed_kv_dtypes() { return "fp16, bf16, fp8, int8"; }
const char* allowed_engines() { return "vllm, sglang, trtllm, llamacpp, mlc, hf, tgi, lmdeploy"; }

double bytes_per_param(WeightFormat f) { return info(f).bytes; }
int compute_bits(WeightFormat f) { return info(f).bits; }
bool is_gguf(WeightFormat f) {
  switch (f) {
    case WeightFormat::Q8_0: case WeightFormat::Q6_K: case WeightFormat::Q5_K_M: case WeightFormat::Q4_K_M:
    case WeightFormat::Q4_0: case WeightFormat::Q4_1: case WeightFormat::Q5_0: case WeightFormat::Q5_1:
    case WeightFormat::Q3_K_M: case WeightFormat::Q2_K: case WeightFormat::Iq4_Xs:
    case WeightFormat::Q4_K_S: case WeightFormat::Q3_K_S: return true;
    default: return false;
  }
}
double bytes_per_element(KvDtype d) { return (d == KvDtype::Fp8 || d == KvDtype::Int8) ? 1.0 : 2.0; }

std::string_view name(WorkloadMode w) {
  switch (w) {
    case WorkloadMode::Burst: return "burst";
    case WorkloadMode::Concurrency: return "concurrency";
    case WorkloadMode::Rate: return "rate";
  }
  return "concurrency";
}

std::optional<WorkloadMode> parse_workload_mode(std::string_view s) {
  for (WorkloadMode w : kAllWorkloadModes)
    if (s == name(w)) return w;
  return std::nullopt;
}

const char* allowed_workload_modes() { return "burst, concurrency, rate"; }

}  // namespace infercalc
