// Weight formats, KV-cache dtypes and serving engines: names as the CLI and links
// spell them, and the storage cost of each weight format.
#pragma once
#include <optional>
#include <string_view>

namespace infercalc {

enum class WeightFormat {
  Fp32, Bf16, Fp16, Fp8, Int8, Int4, Mxfp4, Nvfp4, Q8_0, Q6_K, Q5_K_M, Q4_K_M,
  Awq, Gptq, Q4_0, Q4_1, Q5_0, Q5_1, Q3_K_M, Q2_K, Iq4_Xs, Q4_K_S, Q3_K_S,
};
enum class KvDtype { Fp16, Bf16, Fp8, Int8 };
enum class Engine { Vllm, Sglang, Trtllm, Llamacpp, Mlc, Hf, Tgi, Lmdeploy };

inline constexpr WeightFormat kAllWeightFormats[] = {
    WeightFormat::Fp32, WeightFormat::Bf16,  WeightFormat::Fp16,  WeightFormat::Fp8,
    WeightFormat::Int8, WeightFormat::Int4,  WeightFormat::Mxfp4, WeightFormat::Nvfp4,
    WeightFormat::Q8_0, WeightFormat::Q6_K, WeightFormat::Q5_K_M, WeightFormat::Q4_K_M,
    WeightFormat::Awq,  WeightFormat::Gptq, WeightFormat::Q4_0,   WeightFormat::Q4_1,
    WeightFormat::Q5_0, WeightFormat::Q5_1, WeightFormat::Q3_K_M, WeightFormat::Q2_K,
    WeightFormat::Iq4_Xs, WeightFormat::Q4_K_S, WeightFormat::Q3_K_S};
inline constexpr KvDtype kAllKvDtypes[] = {KvDtype::Fp16, KvDtype::Bf16, KvDtype::Fp8, KvDtype::Int8};
inline constexpr Engine kAllEngines[] = {Engine::Vllm, Engine::Sglang, Engine::Trtllm,
                                         Engine::Llamacpp, Engine::Mlc, Engine::Hf,
                                         Engine::Tgi, Engine::Lmdeploy};

std::string_view name(WeightFormat f);  // "bf16", "q4_k_m", ...
std::string_view name(KvDtype d);
std::string_view name(Engine e);
std::optional<WeightFormat> parse_weight_format(std::string_view s);
std::optional<KvDtype> parse_kv_dtype(std::string_view s);
std::optional<Engine> parse_engine(std::string_view s);
// "fp32, bf16, ..." for error messages.
const char* allowed_weight_formats();
const char* allowed_kv_dtypes();
const char* allowed_engines();

// How requests reach the engine (Scenario::workload): burst = `batch` requests arrive
// together (offline benchmarks, trtllm-bench, benchmark_latency, llama-bench); concurrency =
// a closed loop keeping `batch` in flight (vllm bench serve --max-concurrency, steady state);
// rate = Poisson arrivals at request_rate requests/s (queueing).
enum class WorkloadMode { Burst, Concurrency, Rate };
inline constexpr WorkloadMode kAllWorkloadModes[] = {WorkloadMode::Burst, WorkloadMode::Concurrency,
                                                     WorkloadMode::Rate};
std::string_view name(WorkloadMode w);  // "burst", "concurrency", "rate"
std::optional<WorkloadMode> parse_workload_mode(std::string_view s);
const char* allowed_workload_modes();

// Storage bytes per parameter of a quantised matrix, scales and zero points included:
// int4 GPTQ/AWQ group 128 (fp16 scale + packed zero per group), MXFP4 (32 values share
// an 8-bit scale: 4.25 bits), NVFP4 (16 values share an FP8 scale: 4.5 bits), GGUF
// blocks (Q8_0 34 B / 32, Q6_K 210 B / 256, Q5_K 176 B / 256, Q4_K 144 B / 256).
double bytes_per_param(WeightFormat f);
// The narrowest tensor-core math the format's kernels use: fp8 and int8 (W8A8) run at
// 8 bits, MXFP4/NVFP4 at 4 bits where FP4 tensor cores exist; int4 (W4A16 Marlin-style)
// and GGUF dequantise to 16 bits; fp32 runs on the FP32 units.
int compute_bits(WeightFormat f);
bool is_gguf(WeightFormat f);
double bytes_per_element(KvDtype d);

}  // namespace infercalc
