// Linter messages: what each finding means and what it changed in the estimate.
#include <cstdio>
#include <string>

#include "core/estimate.h"

namespace infercalc {

const char* code_name(WarningCode c) {
  switch (c) {
    case WarningCode::NoBf16: return "no-bf16";
    case WarningCode::NoFlashAttention: return "no-flash-attention";
    case WarningCode::NoFp8TensorCores: return "no-fp8-tensor-cores";
    case WarningCode::NoInt8TensorCores: return "no-int8-tensor-cores";
    case WarningCode::NoFp4TensorCores: return "no-fp4-tensor-cores";
    case WarningCode::NoNvlink: return "no-nvlink";
    case WarningCode::CrossNodeTp: return "cross-node-tp";
    case WarningCode::CrossNodePp: return "cross-node-pp";
    case WarningCode::KvHeadsReplicated: return "kv-heads-replicated";
    case WarningCode::MlaLatentReplicated: return "mla-latent-replicated";
    case WarningCode::ContextBeyondModel: return "context-beyond-model";
    case WarningCode::BatchCappedByEngine: return "batch-capped-by-engine";
    case WarningCode::BatchCappedByMemory: return "batch-capped-by-memory";
    case WarningCode::DoesNotFit: return "does-not-fit";
    case WarningCode::Fp32OnCudaCores: return "fp32-on-cuda-cores";
    case WarningCode::RequestsQueued: return "requests-queued";
    case WarningCode::RateBeyondCapacity: return "rate-beyond-capacity";
    case WarningCode::UnknownArchitecture: return "unknown-architecture";
    case WarningCode::MaxModelLenTooLong: return "max-model-len-too-long";
    case WarningCode::EngineVersionNotDocumented: return "engine-version-not-documented";
    case WarningCode::KvBf16AsFp16: return "kv-bf16-as-fp16";
  }
  return "unknown";
}

namespace {
std::string fmt(const char* format, double a = 0, double b = 0) {
  char buf[512];
  std::snprintf(buf, sizeof buf, format, a, b);
  return buf;
}
}  // namespace

std::string warning_message(const Warning& w, const Result& r) {
  const double GiB = 1024.0 * 1024.0 * 1024.0;
  switch (w.code) {
    case WarningCode::NoBf16:
      return "This GPU has no BF16 (compute capability < 8.0): weights and activations run in FP16 instead. "
             "Models trained in BF16 can overflow FP16's range (max 65504); choose fp32 weights to avoid it at "
             "twice the memory.";
    case WarningCode::NoFlashAttention:
      return "No FlashAttention 2 on this GPU (compute capability < 8.0): prefill materialises the attention "
             "score matrix, which adds activation memory and memory traffic to the estimate.";
    case WarningCode::NoFp8TensorCores:
      return "No FP8 tensor cores on this GPU: FP8 weights are stored in 8 bits but computed at 16 bits "
             "(weight-only kernels), so prefill runs at the 16-bit rate.";
    case WarningCode::NoInt8TensorCores:
      return "No INT8 tensor cores on this GPU: INT8 weights are stored in 8 bits but computed at 16 bits.";
    case WarningCode::NoFp4TensorCores:
      return fmt("No FP4 tensor cores on this GPU (Blackwell has them): 4-bit weights are stored in 4 bits but "
                 "computed at %.0f bits.", w.a);
    case WarningCode::NoNvlink:
      if (w.b > 1)
        return fmt("This card's NVLink bridge joins only %2$.0f GPUs: a larger tensor-parallel group all-reduces over "
                   "PCIe (%1$.0f GB/s both ways), which the communication time reflects.", w.a, w.b);
      return fmt("No NVLink on this GPU: tensor-parallel all-reduces go over PCIe (%.0f GB/s both ways), which "
                 "the communication time reflects.", w.a);
    case WarningCode::CrossNodeTp:
      return fmt("The tensor-parallel group (%.0f GPUs) is larger than a node (%.0f GPUs): its all-reduces cross "
                 "the inter-node link, which slows every layer.", w.a, w.b);
    case WarningCode::CrossNodePp:
      return fmt("Pipeline stages (%.0f) span nodes of %.0f GPUs: activations between stages cross the "
                 "inter-node link.", w.a, w.b);
    case WarningCode::KvHeadsReplicated:
      return fmt("Tensor parallelism %.0f exceeds the model's %.0f KV heads: each KV head is duplicated on "
                 "several GPUs, so the KV cache per GPU does not shrink further.", w.a, w.b);
    case WarningCode::MlaLatentReplicated:
      return fmt("MLA keeps its compressed KV latent whole on each of the %.0f tensor-parallel GPUs (engines do "
                 "not split it), so the KV cache per GPU does not shrink with TP.", w.a);
    case WarningCode::ContextBeyondModel:
      return fmt("Input + output (%.0f tokens) exceeds the model's maximum context (%.0f tokens); the estimate "
                 "is computed anyway.", w.a, w.b);
    case WarningCode::BatchCappedByEngine:
      return fmt("batch=max is limited to %.0f sequences by the engine's cap on concurrent sequences, not by "
                 "memory.", w.a);
    case WarningCode::BatchCappedByMemory:
      return fmt("batch=max is %.0f sequences: what the KV-cache pool holds at this input + output length.", w.a);
    case WarningCode::DoesNotFit:
      return fmt("Does not fit: %.1f GiB needed per GPU, %.1f GiB usable. Speed is not estimated; add GPUs, "
                 "raise TP, or use a smaller weight format.", w.a / GiB, w.b / GiB);
    case WarningCode::Fp32OnCudaCores:
      return fmt("FP32 weights run on the FP32 units (%.1f TFLOPS), not the tensor cores: prefill is much "
                 "slower than at 16 bits.", w.a);
    case WarningCode::RequestsQueued:
      return fmt("%.0f requests but %.0f run at once (the engine's cap or the KV pool): the rest wait in "
                 "the engine's queue and run as later waves.", w.a, w.b);
    case WarningCode::RateBeyondCapacity:
      return fmt("%.4g requests/s arrive but this replica serves about %.4g: the queue grows without bound. "
                 "Times and rates are shown at full load.", w.a, w.b);
    case WarningCode::UnknownArchitecture:
      return "This model's config.json has architecture the importer does not model (" + r.unmodelled +
             "). Parameters, KV cache and speed are estimated under that assumption and may be wrong.";
    case WarningCode::MaxModelLenTooLong:
      // vLLM's own words (raise_if_cache_size_invalid, V054).
      return fmt("vLLM refuses to start when the model's max seq len (%.0f) is larger than the maximum number of "
                 "tokens that can be stored in KV cache (%.0f): pass --max-model-len at most that, raise "
                 "--gpu-util, or add GPUs.", w.a, w.b);
    case WarningCode::EngineVersionNotDocumented: {
      const EngineVersion* p = r.engine.profile;
      std::string v = p ? p->version : std::string();
      return "This engine version is outside the documented range (docs/engines.md): the defaults and memory "
             "accounting of " + v + " are used.";
    }
    case WarningCode::KvBf16AsFp16:
      return "This GPU has no BF16 (compute capability < 8.0): the KV cache is kept in FP16 instead (same size).";
  }
  return "";
}

}  // namespace infercalc
