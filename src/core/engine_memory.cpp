// The KV pool as each engine computes it at start-up. Engine facts and commits are from
// /work/shared/reference/engines.md (V050 = vLLM 114332b88e49, V054 = 4db5176d9758,
// V066 = ac7979940, V085 = a8f5aec20ad6, VNEW = 9aaf83ef502f; S046 = SGLang 84022c0e563c,
// SNEW = 8905cbd42f4a). docs/engines.md walks through the same steps.
#include "core/engine_memory.h"

#include <algorithm>
#include <cmath>

namespace infercalc {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

// NCCL communicator buffers per rank once TP/PP > 1: NCCL_BUFFSIZE (4 MiB, NCCL's
// environment-variable docs) for each of up to 32 channels (MAXCHANNELS in NCCL's
// src/include/device.h), one receive buffer for each ring neighbour (2). NVLS and RCCL
// allocate more; docs/accuracy.md shows what this leaves out.
constexpr double kNcclBytes = 4 * kMiB * 32 * 2;

// The sampler's vocabulary-wide temporaries per sequence in the profile run, at their peak,
// which is inside top-k/top-p's torch.sort (vLLM sampler.py _apply_top_k_top_p and the V1
// Sampler's apply_top_k_top_p both sort the fp32 logits first). Live then: the model-dtype
// logits the runner still holds (2 B), the fp32 copy (4), sort's outputs: values (4) and int64
// indices (8), and sort's own temporaries: an int64 index per element (8) and cub's alternate
// key and value buffers (4 + 8), since PyTorch sorts 128 or more rows with
// cub::DeviceSegmentedRadixSort::SortPairs, the variant that may not overwrite its input
// (aten/src/ATen/native/cuda/SortStable.cu segmented_sort_pairs: reverse_indices,
// aten/src/ATen/cuda/cub.cuh segmented_sort_pairs; PyTorch 1.13.1, Debian source package
// pytorch 1.13.1+dfsg-4; the same code in the 2.x releases the engines ship): 38 B. After the
// sort, the softmax, masks and scatter (V0: 32 B in all, V1: 28 B, its cumsum runs in place)
// stay below that.
constexpr double kSamplerBytesPerLogit = 38;

// llama.cpp's micro-batch (-ub 512, engines.md section 4): its compute buffer holds the
// graph of that many tokens, fp32 logits included.
constexpr double kLlamacppUbatch = 512;

double d(int64_t v) { return static_cast<double>(v); }

// Peak 16-bit activation bytes per token of a forward pass, at the MLP: the residual,
// the normed input and the layer outputs (4 x hidden) and, for a dense MLP, gate_up (2I),
// SiluAndMul's output (I) and one more intermediate-size block the caching allocator
// holds while the next layer's gate_up is allocated (I). MoE layers run vLLM's fused_moe,
// whose intermediate caches are tokens x top_k x (2I + I) plus tokens x top_k x hidden
// (fused_moe.py intermediate_cache1..3). Intermediate sizes split over TP.
// `mlp_blocks` is how many intermediate-size tensors are live at the dense MLP's peak: 4 as
// above for the engines' fused gate_up, 3 for transformers' unfused LlamaMLP.forward
// (down_proj(act_fn(gate_proj(x)) * up_proj(x)): act_fn's output, up_proj's and their product).
double activation_per_token(const ModelArch& m, double tp, double mlp_blocks = 4) {
  const double h = d(m.hidden);
  double mlp = mlp_blocks * d(m.intermediate) / tp;
  if (m.moe.is_moe()) {
    const double k = d(m.moe.experts_per_token);
    const double routed = k * (3 * d(m.moe.expert_intermediate) / tp + h) +
                          4 * d(m.moe.shared_experts * m.moe.shared_intermediate) / tp;
    mlp = std::max(routed, 4 * d(m.moe.dense_intermediate) / tp);
  }
  return (4 * h + mlp) * 2;
}

// vLLM's fused_moe works through at most VLLM_FUSED_MOE_CHUNK_SIZE rows at a time
// (vllm/envs.py: default "32768"; fused_moe.py fused_experts_impl, M = min(num_tokens,
// CHUNK_SIZE)), so its intermediate caches never hold more rows than that.
constexpr double kFusedMoeChunkRows = 32768;

// The profile run's activations under vLLM's data parallelism on a MoE model
// (--data-parallel-size N --enable-expert-parallel with tensor parallelism 1: this scenario's
// dp_attention over `tp` ranks). Attention and the residual stream see this rank's tokens only,
// but every MoE layer first gathers the tokens of all N ranks (vllm/model_executor/layers/
// fused_moe/layer.py FusedMoE.forward_impl: do_naive_dispatch_combine when dp_size > 1 and no
// DeepEP high-throughput kernels -> get_ep_group().dispatch(), whose all2all managers, naive
// (naive_multicast) and allgather_reducescatter (all_gatherv), give each rank the N ranks' rows,
// vllm/distributed/device_communicators/all2all.py). All ranks run the profile run together
// with the same dummy token count (gpu_model_runner.py _dummy_run pads to the DP maximum), so
// the experts see N x max_num_batched_tokens rows: the gathered hidden states plus fused_moe's
// caches for one chunk of them. Those caches are cache13, M x top_k x max(N_w, K) shared by the
// first and the last GEMM's outputs, and cache2, M x top_k x N_w / 2 (fused_moe.py
// fused_experts_impl: "we can reuse the memory between these"), with N_w = 2 x the expert's
// intermediate size and K = hidden. Expert parallelism keeps each expert whole; without it the
// DP ranks split every expert's intermediate size as tensor parallelism would (layer.py
// FusedMoEParallelConfig.make: flattened DP x TP ranks).
// The quantized copies of the chunk's rows (fp8, 1 B each) are left out: under 2 % of the caches.
double vllm_dp_moe_activations(const MemoryInputs& in, double tokens) {
  const ModelArch& m = in.m;
  const double h = d(m.hidden), ranks = in.tp;
  const double gathered = ranks * tokens;
  const double k = d(m.moe.experts_per_token);
  const double inter = d(m.moe.expert_intermediate) / (in.s.ep > 1 ? 1 : ranks);
  const double caches = std::min(gathered, kFusedMoeChunkRows) * k * (std::max(2 * inter, h) + inter);
  const double shared = tokens * 4 * d(m.moe.shared_experts * m.moe.shared_intermediate);
  const double moe_peak = gathered * h + caches + shared;
  const double dense_peak = tokens * 4 * d(m.moe.dense_intermediate);
  return (tokens * 4 * h + std::max(moe_peak, dense_peak)) * 2;
}

double sampler_bytes(const ModelArch& m, double seqs) { return seqs * d(m.vocab) * kSamplerBytesPerLogit; }

double nccl(const MemoryInputs& in) { return in.tp * in.pp > 1 ? kNcclBytes : 0; }

// CUDA-graph capture memory, as the engines' own log lines measure it (vLLM V0 "Graph capturing
// finished in N secs, took X GiB": free memory before minus after capture_model; SGLang
// "Capture cuda graph end ... mem usage"). Each size is warmed up eagerly and then captured into
// one memory pool shared by all graphs, largest size first (vLLM V054 model_runner.py
// capture_model: _NUM_WARMUP_ITERS eager runs, then CUDAGraphRunner.capture with the shared
// memory_pool; SGLang S046 cuda_graph_runner.py capture_one_batch_size: two run_once calls, then
// torch.cuda.graph(pool=global_graph_memory_pool)). So the largest size's intermediate tensors
// are held twice: once in PyTorch's caching allocator (the warm-up's freed blocks are kept, no
// empty_cache) and once in the graph pool. Every graph also keeps its outputs for replay:
// vLLM V0 the 16-bit hidden states (output_buffers), SGLang its LogitsProcessor output, fp32
// logits of the vocabulary (capture_one_batch_size returns next_token_logits; logits_processor.py
// casts them with .float(); the hidden states it also returns are None unless requested). What CUDA itself allocates per instantiated graph and what NCCL/RCCL
// register for captured collectives have no documented size here and are left out
// (docs/accuracy.md shows what that leaves).
double graph_capture_bytes(const MemoryInputs& in, bool sglang) {
  const int64_t top = in.k.cuda_graph_max_bs;
  if (in.k.enforce_eager || top <= 0) return 0;
  // Captured sizes up to `top`, the same list in both (engines.md 1a, 1c, 2): SGLang S046
  // get_batch_sizes_to_capture [1, 2, 4, 8] + 16, 24, ...; vLLM V0 _BATCH_SIZES_TO_CAPTURE (V054)
  // and V1 0.8 (#17201) [1, 2, 4] + 8, 16, ...; VNEW (vllm/config/vllm.py) steps 16 from 256.
  const bool vnew = !sglang && in.k.profile->cuda_graphs_counted;
  double sum = 0;
  for (int64_t b = 1; b <= top; b = b < 8 ? (b == 4 ? 8 : 2 * b) : b + (vnew && b >= 256 ? 16 : 8)) sum += d(b);
  const double kept_per_token = sglang ? d(in.m.vocab) * 4 : d(in.m.hidden) * 2;
  return 2 * d(top) * activation_per_token(in.m, in.tp) + sum * kept_per_token;
}

void whole_blocks(MemoryAccount& a, double bytes, double block, double per_token) {
  a.pool_bytes = 0;
  a.blocks = 0;
  a.pool_tokens = 0;
  if (!(bytes > 0) || !(per_token > 0)) return;
  a.blocks = std::floor(bytes / (block * per_token));
  a.pool_tokens = a.blocks * block;
  a.pool_bytes = a.pool_tokens * per_token;
}

// vLLM, every version: requested = total x gpu_memory_utilization, then what the profile
// run and the loaded model take; the rest in whole blocks.
void vllm(const MemoryInputs& in, MemoryAccount& a) {
  const EngineSettings& k = in.k;
  const Accounting acc = k.profile->accounting;
  const double util = k.gpu_util;
  // V0 Worker.determine_num_available_blocks (V050/V054), memory_profiling (#10511, V066),
  // V1 Worker.determine_available_memory (V085), request_memory (VNEW): the budget is a
  // fraction of TOTAL memory.
  a.add("Headroom: 1 - gpu_memory_utilization",
        "vLLM worker.py determine_num_available_blocks (V050), v1/worker/gpu_worker.py (V085), "
        "v1/worker/utils.py request_memory (VNEW)",
        (1 - util) * a.total_bytes, StepKind::Headroom);
  a.kept_free_bytes = (1 - util) * a.total_bytes;
  a.add("Model weights", "vLLM model_runner.py load_model 'Loading model weights took' (V054); "
                         "'Model loading took' (#14063)", in.weights_bytes, StepKind::Weights);
  // Profile run: V0 runs max_num_seqs dummy prompts whose lengths sum to
  // max_num_batched_tokens (model_runner.py profile_run, V054), one logits row each;
  // V1 _dummy_run(max_num_batched_tokens) with min(max_num_seqs, tokens) requests and a
  // _dummy_sampler_run (VNEW).
  const double tokens = d(k.max_num_batched_tokens);
  const double seqs = k.v0 ? d(k.max_num_seqs) : std::min(d(k.max_num_seqs), tokens);
  const bool dp_moe = in.s.dp_attention && in.m.moe.is_moe() && in.tp > 1;
  a.activation_bytes = (dp_moe ? vllm_dp_moe_activations(in, tokens) : tokens * activation_per_token(in.m, in.tp)) +
                       sampler_bytes(in.m, seqs);
  a.add("Profile run: activations and sampler",
        k.v0    ? "vLLM model_runner.py profile_run (V054): max_num_seqs prompts summing to max_num_batched_tokens"
        : dp_moe ? "vLLM gpu_model_runner.py profile_run -> _dummy_run(max_num_batched_tokens), _dummy_sampler_run; "
                   "every MoE layer gathers all DP ranks' rows first (fused_moe/layer.py naive dispatch)"
                 : "vLLM gpu_model_runner.py profile_run -> _dummy_run(max_num_batched_tokens), _dummy_sampler_run",
        a.activation_bytes, StepKind::Activations);
  // Non-torch memory inside the budget. V0 before 0.6.4: free memory is read before
  // distributed init, so NCCL counts and the CUDA context does not (V054). 0.6.4 (#9352):
  // only non-torch growth during the profile run. 0.6.5 (#10511): NCCL again. V1 0.8.x:
  // all non-torch memory, CUDA context included (V085). 0.9.1 (#19312): growth since a
  // snapshot before NCCL init; 0.11 (#25359): snapshot after NCCL init.
  double non_torch = 0;
  switch (acc) {
    case Accounting::VllmV0Peak:
    case Accounting::VllmV0Profiling: non_torch = nccl(in); break;
    case Accounting::VllmV1NonTorch: non_torch = in.e.context_bytes + nccl(in); break;
    case Accounting::VllmV1Profiling: non_torch = k.profile->nccl_counted ? nccl(in) : 0; break;
    default: break;
  }
  if (non_torch > 0)
    a.add(acc == Accounting::VllmV1NonTorch ? "Non-torch memory: CUDA context, NCCL" : "Non-torch memory: NCCL buffers",
          "vLLM engines.md 1a-1c: #9352 (de4008e2), #10511 (551603fe), V085 gpu_worker.py, #19312 (cc867be1), "
          "#25359 (abad204b)",
          non_torch);
  // CUDA graphs: captured after the KV allocation until the graph-memory estimate became the
  // default (#38284, 96a85c57, VNEW). Their memory pool holds the largest captured batch's
  // intermediate tensors.
  a.graph_bytes = graph_capture_bytes(in, false);
  a.graphs_in_budget = k.profile->cuda_graphs_counted;
  double graphs = 0;
  if (a.graphs_in_budget && a.graph_bytes > 0) {
    graphs = a.graph_bytes;
    a.add("CUDA graphs (estimated)", "vLLM #38284 (96a85c57): VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS default", graphs);
  }
  a.reserved_bytes = non_torch + graphs;
  const double available = util * a.total_bytes - in.weights_bytes - a.activation_bytes - non_torch - graphs;
  // V1 _get_kv_cache_config_uniform_type (V085): blocks = available // page // layers.
  whole_blocks(a, available, d(k.block_size), in.kv_bytes_per_token_per_gpu);
}

// SGLang ModelRunner.profile_max_num_token (S046) / _profile_available_bytes (SNEW): the pool
// is what is free after the weights minus pre_load_free x (1 - mem_fraction_static).
void sglang(const MemoryInputs& in, MemoryAccount& a) {
  const double init = in.e.context_bytes + nccl(in);
  a.add("CUDA context and distributed init", "SGLang model_runner.py: pre_load_free is read after distributed init (S046)",
        init);
  const double pre_load_free = std::max(0.0, a.total_bytes - init);
  const double frac = in.k.gpu_util;
  a.add("Kept out by mem_fraction_static (activations, CUDA graphs)",
        "SGLang model_runner.py profile_max_num_token (S046), kv_cache_configurator.py (SNEW)",
        (1 - frac) * pre_load_free, StepKind::Headroom);
  a.kept_free_bytes = (1 - frac) * pre_load_free;
  a.add("Model weights", "SGLang 'Load weight end. ... mem usage' (model_runner.py)", in.weights_bytes, StepKind::Weights);
  a.activation_bytes = d(in.k.max_num_batched_tokens) * activation_per_token(in.m, in.tp);
  // The activations run in the share mem_fraction_static keeps out, so the part of it that
  // stays free is what is left after them (the used memory the summary shows counts them).
  a.kept_free_bytes = std::max(0.0, a.kept_free_bytes - a.activation_bytes);
  a.reserved_bytes = init;
  // Captured after the pool, out of what mem_fraction_static keeps out (model_runner.py
  // init_cuda_graphs follows init_memory_pool, S046).
  a.graph_bytes = graph_capture_bytes(in, true);
  // max_total_num_tokens = rest / cell, rounded to page_size (S046).
  whole_blocks(a, frac * pre_load_free - in.weights_bytes, d(in.k.block_size), in.kv_bytes_per_token_per_gpu);
}

// TensorRT-LLM: a fraction of what is free once the engine (or the PyTorch model), its
// activations and runtime buffers are in memory.
void trtllm(const MemoryInputs& in, MemoryAccount& a) {
  const bool pytorch = in.k.profile->accounting == Accounting::TrtllmPytorch;
  double graphs = 0;
  if (pytorch && !in.k.enforce_eager) graphs = d(in.k.max_num_seqs) * activation_per_token(in.m, in.tp);
  const double runtime = in.e.context_bytes + nccl(in) + graphs;
  a.add(pytorch ? "CUDA context, NCCL, CUDA graphs" : "CUDA context and runtime buffers",
        pytorch ? "TensorRT-LLM _torch/pyexecutor/_util.py KvCacheCreator: peak = torch peak + non-torch (unpinned)"
                : "TensorRT-LLM kvCacheManager.cpp calculateFreeMemBytes (unpinned)",
        runtime);
  a.add("Model weights", "TensorRT-LLM engine / model load", in.weights_bytes, StepKind::Weights);
  // KvCacheCreator's dummy requests are max_seq_len - 1 tokens each and fill max_num_tokens
  // (engines.md section 3): one logits row per request, so few requests unless max_seq_len is short.
  const double tokens = d(in.k.max_num_batched_tokens);
  const double requests = std::min(d(in.k.max_num_seqs),
                                   std::ceil(tokens / std::max(1.0, d(in.k.max_model_len) - 1)));
  a.activation_bytes = tokens * activation_per_token(in.m, in.tp) + (pytorch ? sampler_bytes(in.m, requests) : 0);
  a.add(pytorch ? "Profile run: max_num_tokens activations" : "Activations for max_num_tokens",
        pytorch ? "TensorRT-LLM KvCacheCreator dummy requests fill max_num_tokens (unpinned)"
                : "TensorRT-LLM engine activation buffers", a.activation_bytes, StepKind::Activations);
  const double free = std::max(0.0, a.total_bytes - runtime - in.weights_bytes - a.activation_bytes);
  const double frac = in.k.gpu_util;
  a.add("Left free: 1 - kv_cache_free_gpu_mem_fraction",
        "TensorRT-LLM KvCacheConfig free_gpu_memory_fraction 0.9 (nvidia.github.io/TensorRT-LLM/examples/kvcacheconfig.html)",
        (1 - frac) * free, StepKind::Headroom);
  a.kept_free_bytes = (1 - frac) * free;
  a.reserved_bytes = runtime;
  whole_blocks(a, frac * free, d(in.k.block_size), in.kv_bytes_per_token_per_gpu);
}

// llama.cpp: no pool and no fraction. The model buffer per device, KV = -c cells x bytes per
// token on each layer's device, a compute buffer for one micro-batch (engines.md section 4).
// The cells are what the launch command asks for (-c = input + output per --parallel slot,
// launch.cpp); here `pool_tokens` is the most cells that fit beside the weights and buffers,
// and estimate.cpp allocates the running slots' share of them.
void llamacpp(const MemoryInputs& in, MemoryAccount& a) {
  a.has_pool = false;
  a.add("CUDA context", "llama.cpp backend init", in.e.context_bytes);
  a.add("Model buffer", "llama.cpp src/llama-model.cpp 'CUDA0 model buffer size'", in.weights_bytes, StepKind::Weights);
  // The compute buffer: the graph of one micro-batch, fp32 logits of the vocabulary included.
  a.activation_bytes = kLlamacppUbatch * (activation_per_token(in.m, in.tp) + d(in.m.vocab) * 4);
  a.add("Compute buffer", "llama.cpp src/llama-context.cpp 'CUDA0 compute buffer size'", a.activation_bytes, StepKind::Activations);
  a.reserved_bytes = in.e.context_bytes;
  whole_blocks(a, a.total_bytes - in.e.context_bytes - in.weights_bytes - a.activation_bytes, 1,
               in.kv_bytes_per_token_per_gpu);
}

// Hugging Face transformers generate(): no pool; the KV cache grows with the batch inside
// whatever the weights, the prefill activations and the CUDA context leave.
void hf(const MemoryInputs& in, MemoryAccount& a, double batch) {
  a.has_pool = false;
  a.add("CUDA context", "PyTorch CUDA initialisation", in.e.context_bytes);
  a.add("Model weights", "from_pretrained", in.weights_bytes, StepKind::Weights);
  const double prompt = d(in.s.input_tokens);
  const double tokens = batch * prompt;
  a.activation_bytes = tokens * activation_per_token(in.m, in.tp, 3) + batch * d(in.m.vocab) * 4;
  if (!in.flash_attention) {  // eager attention materialises one layer's scores
    const double heads = std::ceil(d(in.m.heads) / in.tp);
    a.activation_bytes += batch * prompt * prompt * heads * 2 * 2;
  }
  a.add("Prefill activations", "transformers generate(): whole prompts in one forward pass", a.activation_bytes, StepKind::Activations);
  a.reserved_bytes = in.e.context_bytes;
  a.kept_free_bytes = (1 - in.k.gpu_util) * a.total_bytes;
  const double left = a.total_bytes * in.k.gpu_util - in.e.context_bytes - in.weights_bytes - a.activation_bytes;
  whole_blocks(a, left, 1, in.kv_bytes_per_token_per_gpu);
}

// A plain fraction of total memory (MLC LLM): what the weights, activations, graphs and
// context leave of util x total.
void fraction_of_total(const MemoryInputs& in, MemoryAccount& a) {
  const double util = in.k.gpu_util;
  a.add("Headroom: 1 - gpu_memory_utilization", "MLC LLM engine config", (1 - util) * a.total_bytes, StepKind::Headroom);
  a.kept_free_bytes = (1 - util) * a.total_bytes;
  a.add("Model weights", "model load", in.weights_bytes, StepKind::Weights);
  a.activation_bytes = d(in.k.max_num_batched_tokens) * activation_per_token(in.m, in.tp) +
                       sampler_bytes(in.m, d(in.k.max_num_seqs));
  a.add("Prefill chunk activations", "prefill_chunk_size", a.activation_bytes, StepKind::Activations);
  const double graphs = in.k.enforce_eager ? 0 : in.e.cuda_graph_bytes;
  a.reserved_bytes = in.e.context_bytes + graphs + nccl(in);
  a.add("CUDA context, graphs, NCCL", "runtime", a.reserved_bytes);
  whole_blocks(a, util * a.total_bytes - in.weights_bytes - a.activation_bytes - a.reserved_bytes, d(in.k.block_size),
               in.kv_bytes_per_token_per_gpu);
}

}  // namespace

double rotary_cache_bytes(const ModelArch& m) {
  // vLLM rotary_embedding.py _compute_cos_sin_cache: max_position_embeddings x rotary_dim,
  // cast to the model dtype and kept as a buffer, one per (head_dim, max_position, base)
  // shared by all layers (get_rope caches it). Matches L001/L003 of memory_logs.csv to the
  // printed digit: 14.9595 GiB at max_position 8192, 14.9888 at 131072.
  if (m.mla.is_mla()) return d(m.max_context) * d(m.mla.qk_rope_head_dim) * 2;
  return d(m.max_context) * d(m.head_dim) * 2;
}

MemoryAccount engine_memory(const MemoryInputs& in, double requested_batch) {
  MemoryAccount a;
  a.total_bytes = in.g.usable_memory_bytes;
  a.weights_bytes = in.weights_bytes;
  switch (in.k.profile->accounting) {
    case Accounting::VllmV0Peak:
    case Accounting::VllmV0TorchPeak:
    case Accounting::VllmV0Profiling:
    case Accounting::VllmV1NonTorch:
    case Accounting::VllmV1Profiling: vllm(in, a); break;
    case Accounting::Sglang: sglang(in, a); break;
    case Accounting::TrtllmEngine:
    case Accounting::TrtllmPytorch: trtllm(in, a); break;
    case Accounting::Llamacpp: llamacpp(in, a); break;
    case Accounting::Hf: hf(in, a, std::max(1.0, requested_batch)); break;
    case Accounting::FractionOfTotal: fraction_of_total(in, a); break;
  }
  return a;
}

}  // namespace infercalc
