// The estimation method (docs/method.md explains each step with its sources):
//  1. linter: effective weight format, compute precision, attention kernel, TP link;
//  2. memory per GPU: weights by tensor class and sharding, KV per token and per
//     sequence (GQA/MLA/sliding windows, TP split or replication, engine blocks),
//     activations of one prefill chunk, runtime reserve, the engine's KV pool;
//  3. speed: decode step and prefill as a roofline per GPU over bytes moved and
//     FLOPs, plus TP/PP/EP communication and a per-step engine overhead;
//  4. serving: continuous batching steady state, cost, energy, error bands.
#include "core/estimate.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "core/engine_memory.h"
#include "core/gguf_layout.h"
#include "core/scenario_check.h"

namespace infercalc {
namespace {

constexpr double kAct = 2.0;  // activation bytes (16-bit)

struct Ctx {
  const Scenario& s;
  const ModelArch& m;
  const Gpu& g;
  const EngineParams& e;
  const Efficiency& eff;
  const EngineFit& fit;  // this engine's fitted factors and error bands
  ParamBreakdown p;
  const EngineSettings& k;  // the engine knobs, resolved
  Result& r;
  double tp, pp, ep;
  double bytes_quant = 2, bytes_plain = 2;  // per param: quantised linear layers, the rest
  GgufLayout gguf{};                        // GGUF formats: each tensor group's type
  double peak_flops = 0, bw = 0;            // per GPU, effective
  double link_bytes_per_s = 0, pp_link_bytes_per_s = 0;
  double kv_elem = 2;
  double kv_share = 1;  // fraction of the whole-model KV one GPU holds (TP split / replication, PP)
  // Data-parallel attention (Scenario::dp_attention): the tp ranks attend each for their own
  // sequences. kv_share is then the average over the ranks (1 / tp of a sequence per GPU);
  // `seq_ranks` = tp turns it back into what the one rank holding a sequence keeps.
  bool dp = false;
  double seq_ranks = 1;
  double attn_split = 1, dense_split = 1;  // ranks the attention / dense layers split over
  double requests = 1;  // burst: requests submitted together (may exceed what runs at once)
  double amd_bandwidth = 1, amd_compute = 1;  // ROCm factors on AMD GPUs
};

// --- 1. linter ---------------------------------------------------------------
// GeForce boards: consumer parts whose tensor cores accumulate FP16 products in FP32 at
// half the FP16-accumulate rate (GA102 and AD102 whitepapers: RTX 3090 71 vs 142 dense
// TFLOPS, RTX 4090 165 vs 330); gpus.csv lists the FP32-accumulate rate, the one PyTorch
// engines get. Datacenter and workstation parts run both at the same rate.
bool geforce(const Gpu& g) { return g.name.rfind("GeForce", 0) == 0; }

// llama.cpp's prompt processing does not run the 16-bit GEMMs the PyTorch engines do
// (ggml-cuda.cu, the llama.cpp builds of 2024 in calibration_more.csv):
// - for more than 32 tokens on Volta and newer it dequantises the weights to FP16 and calls
//   cuBLAS with CUBLAS_COMPUTE_16F (ggml_cuda_op_mul_mat_cublas at GGML_PREC_DEFAULT):
//   FP16 accumulation, twice the listed rate on a GeForce board;
// - without fast FP16 (Pascal: the P40 runs FP16 at 1/64) its MMQ kernels multiply the
//   quantised blocks with int8 dot products (dp4a): the int8 rate, not the FP32 one (PR
//   #4766's P40 table reaches 912 prompt tokens/s on a 7B Q4_0, 12.3 TFLOPS, above the
//   P40's 12 FP32 TFLOPS).
void llamacpp_gemm_rate(Ctx& c, double half) {
  const Gpu& g = c.g;
  Result& r = c.r;
  const bool fast_fp16 = (g.has_bf16() && g.bf16_tflops > 0) || g.fp16_tflops > 0;
  if (fast_fp16 && geforce(g)) r.compute_tflops = 2 * half;
  else if (!fast_fp16 && is_gguf(r.weights) && g.int8_tops > 0) r.compute_tflops = g.int8_tops;
}

void apply_linter(Ctx& c) {
  Result& r = c.r;
  const Gpu& g = c.g;
  r.weights = c.s.weights;
  if (r.weights == WeightFormat::Bf16 && !g.has_bf16()) {
    r.weights = WeightFormat::Fp16;
    r.warn(WarningCode::NoBf16);
  }
  // The KV cache follows the same rule (engines run a BF16 cache as FP16 there).
  r.kv = c.s.kv;
  if (r.kv == KvDtype::Bf16 && !g.has_bf16()) {
    r.kv = KvDtype::Fp16;
    r.warn(WarningCode::KvBf16AsFp16);
  }
  int bits = compute_bits(r.weights);
  const WeightFormat f = r.weights;
  if (bits == 8 && f == WeightFormat::Fp8 && !g.has_fp8()) { bits = 16; r.warn(WarningCode::NoFp8TensorCores); }
  if (bits == 8 && f == WeightFormat::Int8 && !g.has_int8()) { bits = 16; r.warn(WarningCode::NoInt8TensorCores); }
  // Without FP4 tensor cores the engines run 4-bit weights through weight-only kernels that
  // dequantise to BF16 in registers (vLLM's Marlin / triton matmul_ogs MXFP4 path for
  // gpt-oss on Hopper and Ampere): 4-bit storage, 16-bit math.
  if (bits == 4 && !g.has_fp4()) { bits = 16; r.warn(WarningCode::NoFp4TensorCores, bits); }
  r.compute_bits = bits;
  double half = g.has_bf16() && g.bf16_tflops > 0 ? g.bf16_tflops : g.fp16_tflops > 0 ? g.fp16_tflops : g.bf16_tflops;
  // No fast FP16 (Pascal P40 runs FP16 at 1/64): engines compute in FP32 there (gpus.csv notes).
  if (half <= 0) half = g.fp32_tflops;
  if (bits == 32) {
    r.compute_tflops = g.fp32_tflops;
    r.warn(WarningCode::Fp32OnCudaCores, g.fp32_tflops);
  } else if (bits == 16) {
    r.compute_tflops = half;
  } else if (bits == 8) {
    r.compute_tflops = f == WeightFormat::Int8 ? g.int8_tops : g.fp8_tflops;
  } else {
    r.compute_tflops = g.fp4_tflops;
  }
  if (r.compute_tflops <= 0) r.compute_tflops = half;
  if (c.s.engine == Engine::Llamacpp && bits == 16) llamacpp_gemm_rate(c, half);
  r.flash_attention = g.has_flash_attention2();
  if (!r.flash_attention) r.warn(WarningCode::NoFlashAttention);
}

// --- 2. memory -----------------------------------------------------------------
double node_size(const Ctx& c) {
  return static_cast<double>(c.s.gpus_per_node > 0 ? c.s.gpus_per_node : c.g.default_gpus_per_node());
}

void setup_links(Ctx& c) {
  Result& r = c.r;
  const double nvlink = c.g.gpu_link_gbs_bidir / 2 * 1e9;  // one direction
  // A missing PCIe figure (superchips list none) counts as PCIe 4.0 x16, 64 GB/s both ways.
  const double pcie = (c.g.pcie_gbs_bidir > 0 ? c.g.pcie_gbs_bidir : 64.0) / 2 * 1e9;
  const double ib = c.s.internode_gbps / 8 * 1e9;
  const double node = node_size(c);
  double intra = nvlink > 0 ? nvlink : pcie;
  if (c.tp > 1) {
    // PCIe cards reach each other over NVLink only within their bridge (pairs).
    const bool bridge_too_small = nvlink > 0 && c.g.form_factor == "PCIe" && c.tp > c.g.nvlink_domain();
    r.tp_link = nvlink > 0 && !bridge_too_small ? "NVLink" : "PCIe";
    if (nvlink <= 0 || bridge_too_small) {
      intra = pcie;
      r.warn(WarningCode::NoNvlink, c.g.pcie_gbs_bidir, bridge_too_small ? c.g.nvlink_domain() : 0);
    }
    if (c.tp > node) {
      r.tp_link = "InfiniBand";
      r.warn(WarningCode::CrossNodeTp, c.tp, node);
      intra = std::min(intra, ib);
    }
  }
  c.link_bytes_per_s = intra * c.eff.link;
  c.pp_link_bytes_per_s = (c.tp * c.pp > node ? std::min(intra, ib) : intra) * c.eff.link;
  if (c.pp > 1 && c.tp * c.pp > node) r.warn(WarningCode::CrossNodePp, c.pp, node);
}

void weight_bytes_per_param(Ctx& c) {
  const WeightFormat f = c.r.weights;
  c.bytes_plain = f == WeightFormat::Fp32 ? 4.0 : 2.0;
  c.bytes_quant = bytes_per_param(f);
  if (is_gguf(f)) c.gguf = gguf_layout(c.m, f);
}

// Bytes per parameter of the routed experts as stored.
double expert_bytes_per_param(const Ctx& c) { return is_gguf(c.r.weights) ? c.gguf.experts : c.bytes_quant; }

// The embedding table and the output projection, in parameters, and where they live.
// llama.cpp keeps token_embd in host memory (the input layer's device is the CPU:
// llama-model.cpp load_tensors, dev_input; its log line "CPU_Mapped model buffer size") and
// loads output.weight, or a copy of a tied token_embd standing in for it (TENSOR_DUPLICATED),
// on the GPU with the last layer. Other engines keep both on the GPU.
struct Ends {
  double embed = 0, head = 0, host = 0;
};
Ends end_params(const Ctx& c) {
  if (c.s.engine != Engine::Llamacpp) return {c.p.embedding, c.p.lm_head, 0};
  return {0, static_cast<double>(c.m.vocab) * static_cast<double>(embed_width(c.m)), c.p.embedding};
}

// Bytes per parameter of the token embedding and of the output projection as stored.
double embed_bytes_per_param(const Ctx& c) { return is_gguf(c.r.weights) ? c.gguf.embedding : c.bytes_plain; }
double head_bytes_per_param(const Ctx& c) { return is_gguf(c.r.weights) ? c.gguf.output : c.bytes_plain; }

// The embedding and output bytes one GPU holds: both on a single stage, the larger end
// stage's under pipeline parallelism; vocabulary-parallel over tp.
double ends_per_gpu(const Ctx& c) {
  const Ends e = end_params(c);
  const double embed = e.embed * embed_bytes_per_param(c), head = e.head * head_bytes_per_param(c);
  return (c.pp == 1 ? embed + head : std::max(embed, head)) / c.dense_split;
}

// Weights in host memory instead (llama.cpp's token_embd), whole.
double host_weights(const Ctx& c) { return end_params(c).host * embed_bytes_per_param(c); }

// A GGUF file's weights on one GPU, each tensor group in the type llama.cpp's quantize tool
// gave it (gguf_layout).
double gguf_weights_per_gpu(const Ctx& c) {
  const ParamBreakdown& p = c.p;
  const GgufLayout& g = c.gguf;
  double layer = (p.attention + p.state_mixers) * g.attention / (c.attn_split * c.pp) +
                 (p.dense_mlp * g.dense_mlp + p.shared_experts * g.shared + p.router * c.bytes_plain +
                  p.norms * g.norms) / (c.dense_split * c.pp);
  layer += p.routed_experts * g.experts / (c.pp * std::max(c.tp, c.ep));
  return layer + ends_per_gpu(c) + p.vision * c.bytes_plain / c.dense_split;
}

// Meta's FP8 Llama 3.1 checkpoint loaded as published: its attention stays BF16 (below).
bool attention_kept_bf16(const Ctx& c) {
  return c.m.native_quant == NativeQuant::Fp8MlpOnly && c.r.weights == WeightFormat::Fp8;
}

// Bytes of the weights one GPU holds. Layers split over pp stages and tp ranks;
// routed experts over max(tp, ep) ranks; the vocabulary-parallel embedding and LM
// head over tp, on the first and last stage.
double weights_per_gpu(const Ctx& c) {
  if (is_gguf(c.r.weights)) return gguf_weights_per_gpu(c);
  const ParamBreakdown& p = c.p;
  const bool experts_only = c.m.native_quant == NativeQuant::Mxfp4Experts &&
                            (c.r.weights == WeightFormat::Mxfp4 || c.r.weights == WeightFormat::Nvfp4);
  // Meta's FP8 Llama 3.1 checkpoints keep every self-attention projection and the first
  // and last layers in BF16 ("we do not perform quantization in the self-attention layers",
  // "we do not quantize the first and last Transformer layers": The Llama 3 Herd of
  // Models, section 6.2.2; vLLM logs 56.77 GiB per GPU at TP8, memory_logs.csv L042). With pp > 1
  // the two BF16 layers sit on the end stages; spreading them evenly is within 0.1 %.
  const bool mlp_only = attention_kept_bf16(c);
  const double q_attn = experts_only || mlp_only ? c.bytes_plain : c.bytes_quant;
  const double layers = static_cast<double>(c.m.layers);
  const double q_mlp = experts_only ? c.bytes_plain
                       : mlp_only && layers > 2 ? ((layers - 2) * c.bytes_quant + 2 * c.bytes_plain) / layers
                                                : c.bytes_quant;
  // Data-parallel attention keeps the attention whole on every rank; the dense layers
  // stay split over tp in SGLang and whole in vLLM, whose DP ranks run tp 1 (setup_dp).
  double layer = (p.attention + p.state_mixers) * q_attn / (c.attn_split * c.pp) +
                 ((p.dense_mlp + p.shared_experts) * q_mlp +
                  (p.router + p.norms) * c.bytes_plain) / (c.dense_split * c.pp);
  layer += p.routed_experts * c.bytes_quant / (c.pp * std::max(c.tp, c.ep));
  // A vision tower sits before the first stage, split over tp, kept in 16 bits (the
  // quantised checkpoints and engines leave it unquantised).
  return layer + ends_per_gpu(c) + p.vision * c.bytes_plain / c.dense_split;
}

// Data-parallel attention (SGLang dp_attention.py: attn_tp_size = tp / dp, here 1; vLLM
// --data-parallel-size with tensor-parallel-size 1, engines.md section 6): the attention
// weights are whole on every rank; SGLang keeps the dense MLPs, shared experts and the
// vocabulary split over all tp ranks (moe_dense_tp_size unset), vLLM's DP ranks hold them
// whole. Each sequence's KV lives on the one rank that serves it.
void setup_dp(Ctx& c) {
  c.attn_split = c.dense_split = c.tp;
  if (!c.s.dp_attention || c.tp <= 1) return;
  c.dp = true;
  c.seq_ranks = c.tp;
  c.attn_split = 1;
  if (c.s.engine == Engine::Vllm) c.dense_split = 1;
}

void kv_layout(Ctx& c) {
  const ModelArch& m = c.m;
  Result& r = c.r;
  c.kv_elem = bytes_per_element(c.s.kv);
  r.kv_bytes_per_token = kv_bytes_per_token(m, c.kv_elem);
  if (c.dp) {
    c.kv_share = 1.0 / (c.tp * c.pp);  // no replication: a sequence on one rank, tp ranks
  } else if (m.mla.is_mla()) {
    c.kv_share = 1.0 / c.pp;  // the latent is kept whole on every TP rank
    if (c.tp > 1) r.warn(WarningCode::MlaLatentReplicated, c.tp);
  } else {
    double heads_per_gpu = std::ceil(static_cast<double>(m.kv_heads) / c.tp);
    c.kv_share = heads_per_gpu / static_cast<double>(m.kv_heads) / c.pp;
    if (c.tp > static_cast<double>(m.kv_heads)) r.warn(WarningCode::KvHeadsReplicated, c.tp, static_cast<double>(m.kv_heads));
  }
  r.kv_bytes_per_token_per_gpu = r.kv_bytes_per_token * c.kv_share;
  const double seq = static_cast<double>(c.s.input_tokens + c.s.output_tokens);
  const double block = static_cast<double>(c.k.block_size);
  const double rounded = std::ceil(seq / block) * block;
  r.kv_bytes_per_sequence_per_gpu = kv_bytes_for_sequence(m, c.kv_elem, rounded) * c.kv_share;
  // Hybrid layers keep a fixed state per sequence beside the KV, in the model dtype
  // (vLLM's mamba_ssm_cache_dtype "auto"); engines shard its heads over TP like
  // attention heads, and each stage holds its own layers'.
  r.state_bytes_per_sequence = state_bytes_per_sequence(m, 2.0);
  r.state_bytes_per_sequence_per_gpu = r.state_bytes_per_sequence / (c.tp * c.pp);  // dp: average too
  r.kv_bytes_per_sequence_per_gpu += r.state_bytes_per_sequence_per_gpu;
  if (m.max_context > 0 && seq > static_cast<double>(m.max_context))
    r.warn(WarningCode::ContextBeyondModel, seq, static_cast<double>(m.max_context));
}

// The engine's cap on sequences per step (SGLang derives it from the pool: 0 here).
// Under DP attention vLLM runs one engine core per DP rank, each with its own
// --max-num-seqs; SGLang's --max-running-requests is the total, divided among the DP
// workers (tp_worker.py max_running_requests // dp_size).
double max_seqs(const Ctx& c) {
  const double per = c.s.engine == Engine::Vllm ? c.seq_ranks : 1;
  return (c.k.max_num_seqs > 0 ? static_cast<double>(c.k.max_num_seqs) : c.e.max_batch) * per;
}

// The engine's own accounting (engine_memory.cpp) gives the KV pool; "fits" means what
// the engine means: it starts (one max_model_len request fits in the pool) and runs at
// least one request. A concurrency above what the pool and max_num_seqs hold runs as
// far as they allow; the rest waits in the queue (a warning, not "does not fit").
void memory(Ctx& c) {
  Result& r = c.r;
  const EngineSettings& k = c.k;
  const EngineParams& e = c.e;
  r.capacity_bytes = c.g.usable_memory_bytes;
  r.weights_bytes = weights_per_gpu(c);
  r.host_weights_bytes = host_weights(c);
  const Accounting acc = k.profile->accounting;
  // vLLM and SGLang keep the rotary cos/sin cache beside the weights ("Model loading took").
  if (c.s.engine == Engine::Vllm || acc == Accounting::Sglang) r.weights_bytes += rotary_cache_bytes(c.m);
  const double requested = c.s.batch_max ? max_seqs(c) : static_cast<double>(c.s.batch);
  const MemoryInputs in{c.s, c.m, c.g, e, k, c.tp, c.pp, r.weights_bytes, r.kv_bytes_per_token_per_gpu,
                        r.flash_attention};
  const MemoryAccount a = engine_memory(in, requested);
  for (int i = 0; i < a.step_count; ++i) r.memory_steps[i] = a.steps[i];
  r.memory_step_count = a.step_count;
  r.activation_bytes = a.activation_bytes;
  r.reserved_bytes = a.reserved_bytes;
  r.kv_pool_bytes = a.pool_bytes;
  r.kv_blocks = a.blocks;
  r.max_kv_tokens = a.pool_tokens;
  r.has_kv_pool = a.has_pool;
  r.cuda_graph_bytes = a.graph_bytes;
  r.cuda_graphs_in_budget = a.graphs_in_budget;
  r.usable_bytes = r.capacity_bytes - a.kept_free_bytes;
  if (r.kv_bytes_per_sequence_per_gpu > 0) r.max_concurrency = r.kv_pool_bytes / r.kv_bytes_per_sequence_per_gpu;

  // SGLang's max_running_requests = min(tokens // 2, min(max(tokens / context_len x 512, 2048),
  // 4096)) (tp_worker.py, S046; resolve_max_num_reqs, SNEW).
  if (acc == Accounting::Sglang && k.max_num_seqs == 0) {
    // Per DP worker (SNEW resolve_max_num_reqs) under DP attention: each holds 1 / tp of the tokens.
    const double tokens = r.max_kv_tokens / c.seq_ranks;
    const double pool = std::min(std::max(tokens / static_cast<double>(k.max_model_len) * 512, 2048.0), 4096.0);
    r.engine.max_num_seqs =
        static_cast<int64_t>(std::max(1.0, std::min(std::floor(tokens / 2), pool)) * c.seq_ranks);
  }

  // Start-up. vLLM refuses when one max_model_len request does not fit
  // (raise_if_cache_size_invalid, V054; check_enough_kv_cache_memory, V1): with
  // --max-model-len given, that decides "fits"; left at the model's default it is a warning
  // with the length that would fit (vLLM's own advice), and this workload's request decides.
  const double block = static_cast<double>(k.block_size);
  const double len = static_cast<double>(k.max_model_len);
  // One sequence must fit the pool of the rank that holds it (DP attention: seq_ranks x the average).
  r.max_len_sequence_bytes =
      kv_bytes_for_sequence(c.m, c.kv_elem, std::ceil(len / block) * block) * c.kv_share * c.seq_ranks;
  bool starts = r.kv_pool_bytes > 0 && r.kv_bytes_per_sequence_per_gpu * c.seq_ranks <= r.kv_pool_bytes * (1 + 1e-12);
  if (c.s.engine == Engine::Vllm && r.kv_pool_bytes > 0 &&
             r.max_len_sequence_bytes > r.kv_pool_bytes * (1 + 1e-12)) {
    r.warn(WarningCode::MaxModelLenTooLong, len, r.max_kv_tokens / c.seq_ranks);
    if (c.s.max_model_len > 0) starts = false;
  }

  // Running batch: what the pool holds and the engine's max_num_seqs allow; the rest queue.
  const double cap = max_seqs(c);
  r.seq_cap = cap;
  const double held = std::floor(r.max_concurrency * (1 + 1e-12));
  double batch = static_cast<double>(c.s.batch);
  if (c.s.batch_max) {
    batch = std::min(held, cap);
    if (starts && batch >= 1) {
      if (cap <= held) r.warn(WarningCode::BatchCappedByEngine, cap);
      else r.warn(WarningCode::BatchCappedByMemory, batch);
    }
  }
  c.requests = batch;
  if (acc == Accounting::Hf) {
    starts = starts && batch <= held;  // generate() runs the whole batch or runs out of memory
  } else if (!c.s.batch_max) {
    const double running = std::min({batch, cap, held});
    if (starts && running >= 1 && running < batch) {
      r.warn(WarningCode::RequestsQueued, batch, running);
      r.queued = static_cast<int64_t>(batch - running);
      batch = running;
    }
  }
  r.batch = static_cast<int64_t>(std::max(0.0, batch));
  r.kv_cache_bytes = static_cast<double>(r.batch) * r.kv_bytes_per_sequence_per_gpu;
  // llama.cpp allocates all -c cells it is started with, shared by the --parallel slots (its
  // KV buffer is n_ctx cells: "llama_kv_cache: size = X MiB (N cells, ...)"). With max-model-len
  // given, that is -c; else the launch command's input + output per running slot.
  if (acc == Accounting::Llamacpp) {
    r.kv_cells = llamacpp_cells(c.s, r.batch);
    if (c.s.max_model_len > r.batch * (c.s.input_tokens + c.s.output_tokens))
      r.kv_cache_bytes = kv_bytes_for_sequence(c.m, c.kv_elem, static_cast<double>(c.s.max_model_len)) * c.kv_share;
  }
  r.total_bytes = r.weights_bytes + r.activation_bytes + r.reserved_bytes + r.kv_cache_bytes;
  r.fits = starts && r.batch >= 1 && r.total_bytes <= r.capacity_bytes * (1 + 1e-12);
  if (!r.fits) {
    const double seq = r.kv_bytes_per_sequence_per_gpu * c.seq_ranks;
    const double one = c.s.max_model_len > 0 ? std::max(r.max_len_sequence_bytes, seq) : seq;
    const double needed = r.weights_bytes + r.activation_bytes + r.reserved_bytes + one;
    r.warn(WarningCode::DoesNotFit, std::max(needed, r.total_bytes), r.usable_bytes);
  }
  if (k.version_mapped) r.warn(WarningCode::EngineVersionNotDocumented);
}

// --- 3. speed ------------------------------------------------------------------
// GeForce boards have no peer-to-peer over PCIe (NVIDIA disables it in the driver for
// the 40 series; the 30 series has it only across its NVLink bridge): NCCL stages each
// transfer through host memory (its SHM transport), two PCIe crossings per step.
bool pcie_p2p(const Gpu& g) { return g.name.rfind("GeForce", 0) != 0; }

// vLLM's custom all-reduce handles messages up to 8 MiB (custom_all_reduce.py max_size)
// and refuses more than two PCIe-only GPUs; TensorRT-LLM and SGLang have the same kind of
// one-kernel all-reduce over NVLink peers' buffers.
constexpr double kCustomAllreduceMaxBytes = 8.0 * 1024 * 1024;

// One all-reduce of `bytes` over the TP group. Bandwidth: a ring moves 2(n-1)/n of the
// message through each link direction. Latency by implementation: NCCL's ring takes
// 2(n-1) steps of one link latency each; a custom one-shot kernel is one launch whose
// cross-rank barrier grows with ceil(log2 n) (the flag exchange is parallel over peers).
double allreduce_s(const Ctx& c, double bytes) {
  if (c.tp <= 1) return 0;
  const double n = c.tp;
  const bool nvlink = std::string_view(c.r.tp_link) == "NVLink";
  const bool pcie = std::string_view(c.r.tp_link) == "PCIe";
  const bool p2p = !pcie || pcie_p2p(c.g);
  const bool custom = c.e.custom_allreduce && bytes <= kCustomAllreduceMaxBytes && (nvlink || (pcie && p2p && n <= 2));
  const double staging = p2p ? 1.0 : 2.0;
  const double transfer = 2 * (n - 1) / n * bytes / c.link_bytes_per_s * staging;
  if (custom) {
    // ceil(log2 n) by doubling: exact integers, the same natively and in wasm.
    double rounds = 0;
    for (double k = 1; k < n; k *= 2) ++rounds;
    return c.eff.custom_allreduce_s * rounds + transfer;
  }
  return 2 * (n - 1) * c.eff.link_step_latency_s * staging + transfer;
}

// Ranks a token's top-k experts fall on when ep ranks hold them evenly (routing uniform at
// random): the dispatch sends a token once per rank (DeepEP, vLLM's all2all backends),
// not once per expert.
double ranks_touched(const ModelArch& m, double ep) {
  return ep * (1 - std::pow(1 - 1 / ep, static_cast<double>(m.moe.experts_per_token)));
}

double alltoall_s(const Ctx& c, double bytes) {
  if (c.ep <= 1) return 0;
  return (c.ep - 1) * c.eff.link_step_latency_s + (c.ep - 1) / c.ep * bytes / c.link_bytes_per_s;
}

// Distinct experts a step of `tokens` tokens touches, routing uniform at random.
double experts_touched(const ModelArch& m, double tokens) {
  const double n = static_cast<double>(m.moe.num_experts);
  const double k = static_cast<double>(m.moe.experts_per_token);
  return n * (1 - std::pow(1 - k / n, tokens));
}

// Kernels one engine step launches per GPU, counted from the engines' decoder-layer code
// (vLLM model_executor/models/llama.py, deepseek_v2.py with the MLA backends and
// fused_moe; SGLang's and TensorRT-LLM's PyTorch-backend models run the same op lists).
// Each kernel costs a fixed time beyond its bytes and FLOPs (graph-node launch, ramp-up,
// tail: Efficiency::kernel_latency_s), which is what a layer whose per-GPU weights are
// small (high TP, MoE experts split eight ways) spends most of its decode step on.
// All-reduces are counted in the communication time, not here.
double kernels_per_step(const Ctx& c) {
  const ModelArch& m = c.m;
  const bool act_quant = c.r.compute_bits <= 8;  // FP8/INT8 GEMMs quantise their input first
  auto gemms = [&](double n) { return act_quant ? 2 * n : n; };
  // Meta's FP8 Llama keeps attention in BF16: its projections quantise nothing.
  const bool attn_plain = attention_kept_bf16(c);
  auto attn_gemms = [&](double n) { return attn_plain ? n : gemms(n); };
  const double layers = static_cast<double>(m.layers);
  const double mixers = static_cast<double>(m.kv_free_layers);  // recurrent mixers, no attention
  double attn = 0;
  if (m.mla.is_mla()) {
    // norm, [q_a_proj, q_a_layernorm, q_b_proj] or q_proj, kv_a_proj_with_mqa, kv_a_layernorm,
    // rotary, W_UK bmm, concat_and_cache_mla, split-KV attention + combine, W_UV bmm, o_proj.
    const double q_gemms = m.mla.q_lora_rank > 0 ? 2 : 1;
    attn = 1 + gemms(q_gemms) + (m.mla.q_lora_rank > 0 ? 1 : 0) + gemms(1) + 1 + 1 + 1 + 1 + 2 + 1 + gemms(1);
  } else {
    // norm, qkv_proj, rotary, reshape_and_cache, attention, o_proj (+ q/k norms).
    attn = 1 + attn_gemms(1) + 1 + 1 + 1 + attn_gemms(1) + (m.qk_norm ? 2 : 0);
  }
  // norm, in_proj, causal conv, scan, gated norm, out_proj.
  const double mixer = 1 + gemms(1) + 1 + 1 + 1 + gemms(1);
  // norm, gate_up_proj, act-and-mul, down_proj.
  const double dense = 1 + gemms(1) + 1 + gemms(1);
  // norm, router GEMM, top-k, align/sort by expert, w13 grouped GEMM, act-and-mul, w2
  // grouped GEMM, weighted sum; a shared expert adds gate_up, act, down and the add.
  double moe = 1 + 1 + 1 + 1 + gemms(1) + 1 + gemms(1) + 1;
  if (m.moe.shared_experts > 0) moe += gemms(1) + 1 + gemms(1) + 1;
  const double moe_layers = static_cast<double>(m.moe.moe_layers(m.layers));
  return (layers - mixers) * attn + mixers * mixer + moe_layers * moe + (layers - moe_layers) * dense;
}

struct StepTime {
  double memory_s = 0, compute_s = 0, comm_s = 0, overhead_s = 0;
  double overlap = 0;
  double flops = 0;  // whole replica
  double weights_s = 0;  // the part of memory_s that reads the weights
  // A step not replayed from a graph: the host's time to launch its kernels one by one.
  // The host runs ahead of the GPU, so the step lasts the longer of the two.
  double host_s = 0;
  double gpu_total() const {
    return std::max(memory_s, compute_s) + overlap * std::min(memory_s, compute_s) + comm_s + overhead_s;
  }
  double total() const { return std::max(host_s, gpu_total()); }
  // Time the GPU waits for the host's launches: part of the engine overhead.
  double host_wait() const { return std::max(0.0, host_s - gpu_total()); }
  Bound bound() const {
    if (comm_s > std::max(memory_s, compute_s)) return Bound::Communication;
    return memory_s >= compute_s ? Bound::Memory : Bound::Compute;
  }
};

// Nodes ggml launches for one llama.cpp decode token (llm_build_llama in src/llama.cpp at
// b3891, ggml-cuda.cu): per layer rms_norm, mul (norm weight), the Q, K and V mat-vecs,
// two ropes, two copies into the KV cache, KQ, soft_max_ext (scale and mask fused), KQV,
// cont (the permuted output), the output mat-vec, the residual add, rms_norm, mul, gate
// and up mat-vecs, silu, mul, down mat-vec, add: 23 (views and permutes launch nothing).
// A MoE layer's FFN is the router mat-vec, soft_max, argsort, get_rows of the weights, two
// mul_mat_id, silu, mul, mul_mat_id down, the weighting mul and k - 1 adds of the experts'
// outputs (llm_build_moe_ffn). A quantised weight's mat-vec first quantises the
// activations to q8_1 (ggml_cuda_op_mul_mat_vec_q): one more kernel per weight mat-vec.
// Then the output norm, its mul and the LM head.
double ggml_decode_nodes(const Ctx& c) {
  const ModelArch& m = c.m;
  const bool q8_1 = is_gguf(c.r.weights) && c.r.weights != WeightFormat::Fp16;
  const double layers = static_cast<double>(m.layers);
  const double moe_layers = static_cast<double>(m.moe.moe_layers(m.layers));
  const double attn = 15 + (q8_1 ? 4 : 0);
  const double dense_ffn = 8 + (q8_1 ? 3 : 0);
  const double moe_ffn = 10 + static_cast<double>(std::max<int64_t>(m.moe.experts_per_token - 1, 0)) + (q8_1 ? 4 : 0);
  return layers * attn + moe_layers * moe_ffn + (layers - moe_layers) * dense_ffn + 3 + (q8_1 ? 1 : 0);
}

// Kernels a decode step launches one by one from the host (0 when it replays a graph).
// llama.cpp captures its single-token decode into a CUDA graph on NVIDIA GPUs of compute
// capability 8.0 and newer (ggml-cuda.cu USE_CUDA_GRAPH, disable_due_to_gpu_arch below
// Ampere); its HIP build (AMD) and older NVIDIA GPUs launch every node. vLLM and SGLang
// under --enforce-eager launch each op of their layers plus one all-reduce after
// attention and one after the MLP under TP. Prefill steps are GPU-heavy: the host keeps
// ahead of them, so they are not counted.
double host_launches(const Ctx& c, double tokens_per_seq) {
  if (tokens_per_seq > 1) return 0;
  if (c.s.engine == Engine::Llamacpp) {
    const bool graphs = c.g.is_nvidia() && c.g.cc >= 80;
    const bool launched = c.g.vendor == "AMD" || (c.g.is_nvidia() && !graphs);
    return launched ? ggml_decode_nodes(c) : 0;
  }
  if ((c.s.engine == Engine::Vllm || c.s.engine == Engine::Sglang) && c.k.enforce_eager)
    return kernels_per_step(c) + (c.tp > 1 ? 2 * static_cast<double>(c.m.layers) : 0);
  return 0;
}

// Whole-model work of one engine step for `tokens` new tokens of sequences whose
// attention spans `ctx` tokens on average, per GPU of one replica (all pp stages
// summed: a pipeline serves the stages one after another for one micro-batch).
// `sampled`: rows that reach the LM head (one per sequence that samples a token).
// `spread`: under DP attention, work whose sequences land on all ranks evenly (the
// prefill of the many prompts that arrive over a request's life), not on one rank.
StepTime step_time(const Ctx& c, double seqs, double tokens_per_seq, double ctx, double sampled, bool spread = false) {
  const ModelArch& m = c.m;
  const ParamBreakdown& p = c.p;
  StepTime t;
  const double tokens = seqs * tokens_per_seq;
  const double layers = static_cast<double>(m.layers);
  const double hidden = static_cast<double>(m.hidden);
  // Data-parallel attention: the ranks step together (the MoE layers exchange tokens), so a
  // step lasts as long as its busiest rank, which attends for max(seqs / tp, one sequence);
  // `imb` is that over the even share. Without it every rank attends for every sequence.
  const double imb = c.dp && !spread && seqs > 0 ? std::max(seqs / c.tp, std::min(seqs, 1.0)) * c.tp / seqs : 1;

  // Bytes: weights once per step (only the experts the step touches), KV of the context.
  double weight_bytes = c.r.weights_bytes * c.pp;  // all stages
  double expert_bytes = 0;  // the routed experts' part of weight_bytes
  if (m.moe.is_moe() && m.moe.num_experts > 0) {
    const double touched = experts_touched(m, tokens);
    const double experts = p.routed_experts * expert_bytes_per_param(c) / std::max(c.tp, c.ep);
    const double untouched_share = 1 - touched / static_cast<double>(m.moe.num_experts);
    weight_bytes -= experts * untouched_share;
    expert_bytes = experts * (1 - untouched_share);
  }
  // The touched experts are read by grouped GEMMs, at a fraction of the dense rate.
  const double weight_read = weight_bytes - expert_bytes + expert_bytes / c.eff.expert_bandwidth;
  const double kv_seq = kv_bytes_read_per_query(m, c.kv_elem, ctx) * c.kv_share * c.pp;
  // KV reads are gathers from paged blocks: they reach a fraction of the weights' rate.
  double bytes = weight_read + imb * seqs * kv_seq / c.eff.attention_bandwidth;
  // A hybrid layer reads its sequence's state and writes it back once per step.
  bytes += seqs * 2 * c.r.state_bytes_per_sequence_per_gpu * c.pp;

  // FLOPs: 2 per active parameter per token, the LM head only on the sampled rows
  // (vLLM's LogitsProcessor takes hidden_states[sample_indices]), attention QK^T and PV.
  const double head = p.unembedding(m);
  const double active = p.active_compute(m) - head;
  double flops = 2 * (active * tokens + head * sampled) / c.tp + (imb - 1) * 2 * p.attention * tokens / c.tp;
  double qk_dim = static_cast<double>(m.head_dim), v_dim = static_cast<double>(m.head_dim);
  if (m.mla.is_mla()) {
    if (tokens_per_seq <= 1) {
      // Decode runs MLA absorbed (FlashMLA, vLLM/SGLang MLA backends): every head attends
      // over the cached latent, K = kv_lora_rank + rope dims (576), V = kv_lora_rank (512).
      qk_dim = static_cast<double>(m.mla.kv_lora_rank + m.mla.qk_rope_head_dim);
      v_dim = static_cast<double>(m.mla.kv_lora_rank);
    } else {
      // Prefill decompresses the latent and runs ordinary attention over 192/128-dim heads.
      qk_dim = static_cast<double>(m.mla.qk_nope_head_dim + m.mla.qk_rope_head_dim);
      v_dim = static_cast<double>(m.mla.v_head_dim);
    }
  }
  const double full_layers = static_cast<double>(kv_layers(m) - m.sliding_layers);
  const double win = static_cast<double>(m.sliding_window);
  // DeepSeek-V3.2: each query attends over its index_topk selected tokens only, after the
  // indexer scored all of them (index_heads x index_head_dim per query-key pair).
  const double topk = static_cast<double>(m.index_topk);
  const double span_full = m.index_topk > 0 ? std::min(ctx, topk) : ctx;
  const double span_slide = m.sliding_layers > 0 ? std::min(ctx, win) : 0;
  const double heads = static_cast<double>(m.heads) / c.tp;
  double attn_flops = 2 * imb * tokens * heads * (qk_dim + v_dim) *
                      (full_layers * span_full + static_cast<double>(m.sliding_layers) * span_slide);
  if (m.index_topk > 0)
    attn_flops += 2 * tokens * static_cast<double>(m.index_heads * m.index_head_dim) / c.tp * full_layers * ctx;
  if (!c.r.flash_attention) bytes += 3 * attn_flops / (qk_dim + v_dim) * kAct;  // scores written, read, softmaxed
  // A recurrent mixer does a fixed amount of work per token on its state: the gated
  // delta rule decays S, reads k^T S, adds the rank-1 update and reads q^T S, about
  // 6 FLOPs per state element (a Mamba2 scan about 5). Its projections are in `active`.
  const double state_flops = 6 * tokens * static_cast<double>(m.state_layers * m.state_elements) / c.tp;

  const double rate = c.r.compute_tflops * 1e12 * c.e.compute_scale * c.fit.compute * c.amd_compute *
                      (c.r.compute_bits <= 8 ? c.eff.compute8 : c.eff.compute16);
  // The routed experts' GEMMs are grouped GEMMs: the same fraction of the dense rate.
  const double expert_flops = 2 * p.routed_active(m) * tokens / c.tp;
  t.compute_s = (flops + expert_flops * (1 / c.eff.expert_bandwidth - 1)) / rate +
                (attn_flops + state_flops) / (rate * c.eff.attention_compute);
  t.flops = (flops + attn_flops + state_flops) * c.tp;
  const double achieved_bw = c.g.mem_bw_gbs * 1e9 * c.eff.bandwidth * c.e.bandwidth_scale * c.fit.bandwidth * c.amd_bandwidth;
  t.memory_s = bytes / achieved_bw;
  t.weights_s = weight_read / achieved_bw;

  // Communication: two all-reduces per layer (attention out, MLP out) under TP,
  // dispatch + combine all-to-all per MoE layer under EP, p2p between PP stages.
  const double msg = tokens * hidden * kAct;
  if (c.dp) {
    // DP attention: no all-reduce after attention. A MoE layer dispatches each rank's tokens
    // to the experts' ranks and combines them back (two all-to-alls, SGLang --ep-size /
    // vLLM --enable-expert-parallel), or with ep = 1 all-gathers the tokens and reduce-
    // scatters the outputs (dp_attention.py dp_gather/dp_scatter; about one all-reduce's
    // traffic). SGLang's dense layers, split over tp, do the same gather/scatter; vLLM's
    // DP ranks run them whole.
    const double moe_layers = layers - static_cast<double>(m.moe.first_dense_layers);
    const double dense_layers = static_cast<double>(m.moe.first_dense_layers);
    const double rank_msg = msg * imb / c.tp;
    t.comm_s = c.ep > 1 ? 2 * moe_layers * alltoall_s(c, rank_msg * ranks_touched(m, c.ep))
                        : moe_layers * allreduce_s(c, msg);
    if (c.dense_split > 1) t.comm_s += dense_layers * allreduce_s(c, msg);
  } else {
    t.comm_s = 2 * layers * allreduce_s(c, msg);
  }
  if (!c.dp && m.moe.is_moe() && c.ep > 1) {
    const double moe_layers = layers - static_cast<double>(m.moe.first_dense_layers);
    t.comm_s += 2 * moe_layers * alltoall_s(c, msg * static_cast<double>(m.moe.experts_per_token) / c.ep);
  }
  t.overhead_s = (c.e.step_overhead_s + layers * c.e.per_layer_overhead_s) * c.fit.overhead +
                 kernels_per_step(c) * c.eff.kernel_latency_s;
  t.overlap = c.eff.overlap;
  t.host_s = host_launches(c, tokens_per_seq) * c.eff.eager_launch_s;
  return t;
}

// One hop between pipeline stages: the activations of `tokens` tokens, point to point.
double pp_hop_s(const Ctx& c, double tokens) {
  if (c.pp <= 1) return 0;
  return c.eff.link_step_latency_s + tokens * static_cast<double>(c.m.hidden) * kAct / c.tp / c.pp_link_bytes_per_s;
}

// One engine step that carries a prefill chunk and the decode tokens of the running
// sequences together (chunked prefill): the weights are read once for both.
StepTime mixed(const StepTime& pre, const StepTime& dec) {
  StepTime t = pre;
  t.memory_s = pre.memory_s + dec.memory_s - std::min(pre.weights_s, dec.weights_s);
  t.compute_s = pre.compute_s + dec.compute_s;
  t.comm_s = pre.comm_s + dec.comm_s;
  t.overhead_s = std::max(pre.overhead_s, dec.overhead_s);
  t.host_s = std::max(pre.host_s, dec.host_s);
  return t;
}

struct Phases {
  double L = 0, O = 0, budget = 0;
  // The chunks one prompt's prefill takes at the engine's token budget.
  double chunks() const { return std::ceil(L / std::min(budget, L)); }
  // Decode round of n running sequences (micro-batched over pp stages), seconds.
  double tpot(const Ctx& c, double n, StepTime* out = nullptr) const {
    const double micro_batches = std::min(std::max(n, 1.0), c.pp);
    const double micro = std::max(1.0, n / micro_batches);
    const StepTime dec = step_time(c, micro, 1, L + O / 2, micro);
    if (out) *out = dec;
    return dec.total() + (c.pp - 1) * pp_hop_s(c, micro);
  }
  // The prefill of one prompt while n other sequences decode in the same steps.
  double prefill_one(const Ctx& c, double n) const {
    const double chunk = std::min(budget, L);
    const double chunks = this->chunks();
    StepTime step = step_time(c, chunk / L, L, L / 2, 1 / chunks);
    if (n >= 1) {
      const double micro = std::max(1.0, n / std::min(n, c.pp));
      step = mixed(step, step_time(c, micro, 1, L + O / 2, micro));
    }
    return step.total() * (chunks + c.pp - 1) / c.pp + (c.pp - 1) * pp_hop_s(c, chunk);
  }
  // Prefill work one prompt adds to the steps it shares (compute, communication,
  // overhead: the weights are read anyway), spread over the pp stages.
  double prefill_work(const Ctx& c) const {
    const double chunk = std::min(budget, L);
    const double chunks = this->chunks();
    const StepTime p = step_time(c, chunk / L, L, L / 2, 1 / chunks, true);
    return (p.compute_s + p.comm_s + p.overhead_s) * chunks / c.pp;
  }
};

// A closed loop keeping B in flight: a new prompt's chunks share steps with the B - 1
// running decodes, and every step also carries the prefill work of the prompts that
// arrive meanwhile (B per request lifetime of O steps), the new prompt's steps included.
// `mixed_share`: the share of decode steps that carry a prompt's chunk (B prompts of
// ceil(L / budget) chunks each per request lifetime of O steps).
void closed_loop(const Ctx& c, const Phases& ph, double B, double tpot_dec_s, double& ttft_s, double& tpot_s,
                 double& e2e_s, double& mixed_share) {
  const double work = ph.prefill_work(c);
  const double chunks = ph.chunks();
  ttft_s = ph.prefill_one(c, B - 1) + chunks * (B - 1) * work / ph.O;
  tpot_s = tpot_dec_s + B * work / ph.O;
  e2e_s = ttft_s + (ph.O - 1) * tpot_s;
  mixed_share = std::min(1.0, B * chunks / ph.O);
}

void speed(Ctx& c) {
  Result& r = c.r;
  const double B = static_cast<double>(r.batch);  // running sequences per replica
  const double L = static_cast<double>(c.s.input_tokens);
  const double O = static_cast<double>(c.s.output_tokens);
  r.replicas = c.s.gpus / (c.s.tp * c.s.pp);
  const Phases ph{L, O, static_cast<double>(c.k.max_num_batched_tokens)};

  // Prefill of B prompts that arrive together, in chunks of the engine's token budget.
  // step_time covers all pp stages of one chunk; under PP the chunks flow through the
  // stages (GPipe): (chunks + pp - 1) stage times, plus the pp - 1 hops of the first.
  // Under DP attention every rank fills its own token budget (its own scheduler).
  const double chunk = std::min(static_cast<double>(c.k.max_num_batched_tokens) * c.seq_ranks, B * L);
  const double chunks = std::ceil(B * L / chunk);
  StepTime pre = step_time(c, chunk / L, L, L / 2, B / chunks);  // causal: average span L/2
  const double pre_hop = pp_hop_s(c, chunk);
  const double stages = (chunks + c.pp - 1) / c.pp;  // in units of a whole pass
  r.prefill_compute_ms = pre.compute_s * stages * 1e3;
  r.prefill_memory_ms = pre.memory_s * stages * 1e3;
  r.prefill_comm_ms = (pre.comm_s * stages + (c.pp - 1) * pre_hop) * 1e3;
  r.prefill_bound = pre.bound();
  r.prefill_flops = pre.flops * chunks;
  const double prefill_all_s = pre.total() * stages + (c.pp - 1) * pre_hop;
  r.prefill_ms = prefill_all_s * 1e3;

  // Decode: each of B sequences adds a token per round. Under PP the batch splits into
  // min(B, pp) micro-batches; a token round is one micro-batch crossing every stage
  // (the others fill the remaining stages meanwhile), so tpot = one pass of B / micro-
  // batches plus the hops. A single stream over a layer split is one pass: about the
  // one-GPU speed (llama.cpp's default split, AUGMXNT/MI300-testing: 183 vs 175 tok/s).
  StepTime dec;
  const double tpot_dec_s = ph.tpot(c, B, &dec);
  const double dec_hops = tpot_dec_s - dec.total();
  r.decode_memory_ms = dec.memory_s * 1e3;
  r.decode_compute_ms = dec.compute_s * 1e3;
  r.decode_comm_ms = (dec.comm_s + dec_hops) * 1e3;
  r.decode_overhead_ms = (dec.overhead_s + dec.host_wait()) * 1e3;
  r.decode_kernel_ms = kernels_per_step(c) * c.eff.kernel_latency_s * 1e3;
  r.decode_step_ms = tpot_dec_s * 1e3;
  r.decode_bound = dec.bound();
  r.decode_flops = dec.flops * std::min(B, c.pp);

  double ttft_s = 0, tpot_s = 0, e2e_s = 0, replica_tps = 0, itl_s = 0;
  // The median inter-token gap: a step without a prompt's chunk while fewer than half the
  // steps carry one, else the mean time per token.
  auto median_gap = [](double decode_alone_s, double mean_s, double mixed_share) {
    return mixed_share < 0.5 ? decode_alone_s : mean_s;
  };
  double mixed_share = 0;
  if (c.s.workload == WorkloadMode::Burst) {
    // `requests` arrive together; the engine runs B of them at a time (waves). Each wave
    // prefills its prompts in chunks, then decodes; a prompt sees its first token after
    // the chunk that holds its last token, so TTFT is the mean over the batch.
    const double requests = c.requests;
    const double waves = std::ceil(requests / B);
    const double last = requests - (waves - 1) * B;
    const double wave_s = prefill_all_s + (O - 1) * tpot_dec_s;
    double last_s = wave_s, last_prefill_s = prefill_all_s;
    if (last < B) {
      const double lchunk = std::min(static_cast<double>(c.k.max_num_batched_tokens), last * L);
      const double lchunks = std::ceil(last * L / lchunk);
      const StepTime lp = step_time(c, lchunk / L, L, L / 2, last / lchunks);
      last_prefill_s = lp.total() * (lchunks + c.pp - 1) / c.pp + (c.pp - 1) * pp_hop_s(c, lchunk);
      last_s = last_prefill_s + (O - 1) * ph.tpot(c, last);
    }
    // Prompt i's first token comes after the chunk holding its last token: on average
    // (B + 1) / 2 prompts' worth of chunks, at least the chunks of one prompt.
    const double per_prompt = L / chunk;
    const double mean_chunks = std::clamp((B + 1) / 2 * per_prompt + std::max(0.0, 1 - per_prompt) / 2,
                                          std::ceil(per_prompt), chunks);
    const double mean_first = pre.total() * (mean_chunks + c.pp - 1) / c.pp + (c.pp - 1) * pre_hop;
    ttft_s = ((requests - last) * (mean_first + (waves - 1) / 2 * wave_s) +
              last * (mean_first * last_prefill_s / prefill_all_s + (waves - 1) * wave_s)) / requests;
    tpot_s = tpot_dec_s;
    itl_s = tpot_dec_s;  // a wave's prompts prefill before its decodes
    e2e_s = (waves - 1) * wave_s + last_s;  // the whole run: arrival to the last token
    replica_tps = requests * O / e2e_s;
  } else if (c.s.workload == WorkloadMode::Concurrency) {
    // Closed loop, B in flight: a new prompt's chunks share steps with the B - 1 running
    // decodes, and every decode step also carries the prefill work of the prompts that
    // arrive meanwhile (B per request lifetime). Little's law: throughput = B x O / e2e.
    closed_loop(c, ph, B, tpot_dec_s, ttft_s, tpot_s, e2e_s, mixed_share);
    itl_s = median_gap(tpot_dec_s, tpot_s, mixed_share);
    replica_tps = B * O / e2e_s;
  } else {
    // Poisson arrivals at lambda: the mean running set n solves n = lambda x e2e(n)
    // (Little), found on [0, B]. A prompt's service is its chunks sharing steps with the
    // running decodes; it waits only while other prompts' chunks fill the step's token
    // budget (the scheduler admits waiting prompts into every step while budget is left:
    // vllm/v1/core/sched/scheduler.py token_budget), so the queue's load is the share of
    // engine time that prefill work takes, lambda x work, not lambda x the mixed step.
    // M/D/1 wait at that load.
    const double lambda = c.s.request_rate;
    const double work = ph.prefill_work(c);
    auto e2e_at = [&](double n, double* ttft, double* tpot) {
      const double rho_p = lambda * work;  // share of step time spent on arriving prompts
      const double service = ph.prefill_one(c, std::max(0.0, n - 1));
      if (rho_p >= 1) return HUGE_VAL;
      const double wait = rho_p * service / (2 * (1 - rho_p));
      *ttft = wait + service;
      *tpot = ph.tpot(c, std::max(1.0, n)) / (1 - rho_p);
      return *ttft + (O - 1) * *tpot;
    };
    // n - lambda x e2e(n) is positive at n = 0 and may cross zero twice: decode is
    // memory-bound, so e2e grows slower than n at first (the stable point, where the
    // engine settles) and faster near the cap. Scan up from 0 for the first crossing,
    // then bisect inside that step; saturated only where no n up to B keeps up.
    double lo = 0, hi = 0, t1 = 0, t2 = 0;
    constexpr int kScan = 64;
    for (int i = 1; i <= kScan; ++i) {
      const double n = B * i / kScan;
      if (lambda * e2e_at(n, &t1, &t2) <= n) {
        hi = n;
        break;
      }
      lo = n;
    }
    if (hi <= 0) {
      // More arrivals than any running set up to B can serve: the queue grows without
      // bound. Shown at full load, B in flight; the capacity quoted is that run's rate.
      closed_loop(c, ph, B, tpot_dec_s, ttft_s, tpot_s, e2e_s, mixed_share);
      itl_s = median_gap(tpot_dec_s, tpot_s, mixed_share);
      replica_tps = B * O / e2e_s;
      r.warn(WarningCode::RateBeyondCapacity, lambda, B / e2e_s);
    } else {
      for (int i = 0; i < 48; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (lambda * e2e_at(mid, &t1, &t2) > mid) lo = mid;
        else hi = mid;
      }
      e2e_s = e2e_at(hi, &ttft_s, &tpot_s);
      r.mean_running = hi;
      // Steps carrying a prompt's chunk: lambda x chunks of them a second, one step every
      // tpot. The decode round alone is e2e_at's, before its share of prompt work.
      const double decode_alone_s = tpot_s * (1 - lambda * work);
      mixed_share = std::min(1.0, lambda * ph.chunks() * tpot_s);
      itl_s = median_gap(decode_alone_s, tpot_s, mixed_share);
      replica_tps = lambda * O;
    }
  }

  r.ttft_ms = ttft_s * 1e3;
  r.tpot_ms = tpot_s * 1e3;
  r.itl_median_ms = itl_s * 1e3;
  r.e2e_latency_ms = e2e_s * 1e3;
  r.output_tokens_per_s = replica_tps * static_cast<double>(r.replicas);
  r.output_tokens_per_s_per_gpu = r.output_tokens_per_s / static_cast<double>(c.s.gpus);
  // Input and output tokens of the same run: the output rate x (L + O) / O.
  r.total_tokens_per_s = r.output_tokens_per_s * (L + O) / O;
  r.tokens_per_s_per_user = 1e3 / r.tpot_ms;

  // Bands: the held-out (cross-validated) residuals of this engine's rows per metric class.
  const EngineFit& f = c.fit;
  auto time_band = [&](double v, MetricClass k) {
    const auto i = static_cast<std::size_t>(k);
    return Band{v * f.band_low[i], v * f.band_high[i]};
  };
  auto rate_band = [&](double v, MetricClass k) {
    const auto i = static_cast<std::size_t>(k);
    return Band{v / f.band_high[i], v / f.band_low[i]};
  };
  r.ttft_band = time_band(r.ttft_ms, MetricClass::Prefill);
  r.tpot_band = time_band(r.tpot_ms, MetricClass::Decode);
  r.e2e_band = time_band(r.e2e_latency_ms, MetricClass::Run);
  r.output_tps_band = rate_band(r.output_tokens_per_s, MetricClass::Run);
  r.output_tps_per_gpu_band = rate_band(r.output_tokens_per_s_per_gpu, MetricClass::Run);
  r.total_tps_band = rate_band(r.total_tokens_per_s, MetricClass::Run);
  r.per_user_band = rate_band(r.tokens_per_s_per_user, MetricClass::Decode);

  const double gpus = static_cast<double>(c.s.gpus);
  const double seconds_per_million = 1e6 / r.output_tokens_per_s;
  r.usd_per_million_output_tokens = gpus * c.s.usd_per_gpu_hour * seconds_per_million / 3600;
  r.kwh_per_million_output_tokens = gpus * c.g.tdp_w * seconds_per_million / 3.6e6;
}

}  // namespace

const char* name(Bound b) {
  switch (b) {
    case Bound::Memory: return "memory";
    case Bound::Compute: return "compute";
    case Bound::Communication: return "communication";
  }
  return "memory";
}

int64_t llamacpp_cells(const Scenario& s, int64_t slots) {
  return std::max((s.input_tokens + s.output_tokens) * slots, s.max_model_len);
}

Result estimate(const Scenario& s) { return estimate(s, default_efficiency()); }

Result estimate(const Scenario& s, const Efficiency& eff) {
  Result r;
  const ModelArch* m = resolve_model(s);
  const Gpu* g = resolve_gpu(s);
  if (!m || !g || s.tp < 1 || s.pp < 1 || s.ep < 1 || s.gpus < s.tp * s.pp || s.input_tokens < 1 ||
      s.output_tokens < 1 || m->layers < 1 || m->heads < 1 || m->kv_heads < 1 || engine_unsupported(s.engine, *g))
    return r;
  r.engine = resolve_engine(s, *m, *g);
  Ctx c{s, *m, *g, engine_params(s.engine), eff, eff.engine[static_cast<std::size_t>(s.engine)], count_params(*m), r.engine, r,
        static_cast<double>(s.tp), static_cast<double>(s.pp), static_cast<double>(s.ep)};
  if (g->vendor == "AMD") {
    c.amd_bandwidth = eff.amd_bandwidth;
    c.amd_compute = eff.amd_compute;
  }
  r.valid = true;
  r.total_params = total_params(*m);
  r.active_params = active_params(*m);
  if (!m->unmodelled.empty()) {
    r.unmodelled = m->unmodelled;
    r.warn(WarningCode::UnknownArchitecture);
  }
  apply_linter(c);
  weight_bytes_per_param(c);
  setup_links(c);
  setup_dp(c);
  kv_layout(c);
  memory(c);
  if (r.fits) speed(c);
  return r;
}

}  // namespace infercalc
