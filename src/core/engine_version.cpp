#include "core/engine_version.h"
#include "core/version_order.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/assets.h"
#include "core/json.h"

namespace infercalc {
namespace {

constexpr std::size_t kEngines = std::size(kAllEngines);

struct Parsed {
  bool ok = false;
  bool v0 = false;
  int64_t key[3] = {0, 0, 0};
};

bool digit(char ch) { return ch >= '0' && ch <= '9'; }

// "b4876" (llama.cpp) or "[v]X[.Y[.Z]][suffix][-v0]" with a suffix such as "rc4",
// ".post2" or ".dev9+g5d264f4a" (what `pip show` prints). No allocation.
Parsed parse(Engine e, std::string_view t) {
  Parsed p;
  if (t.empty() || t.size() > 48) return p;
  if (e == Engine::Llamacpp) {
    if (t[0] != 'b' || t.size() < 2 || t.size() > 7) return p;
    int64_t n = 0;
    for (std::size_t i = 1; i < t.size(); ++i) {
      if (!digit(t[i])) return p;
      n = n * 10 + (t[i] - '0');
    }
    p.key[0] = n;
    p.ok = true;
    return p;
  }
  if (e == Engine::Vllm && t.size() > 3 && t.substr(t.size() - 3) == "-v0") {
    p.v0 = true;
    t.remove_suffix(3);
  }
  std::size_t i = 0;
  if (i < t.size() && t[i] == 'v') ++i;
  int parts = 0;
  while (parts < 3) {
    if (i >= t.size() || !digit(t[i])) break;
    int64_t n = 0;
    int len = 0;
    while (i < t.size() && digit(t[i])) {
      n = n * 10 + (t[i++] - '0');
      if (++len > 6) return p;
    }
    p.key[parts++] = n;
    if (i < t.size() && t[i] == '.' && i + 1 < t.size() && digit(t[i + 1])) ++i;
    else break;
  }
  if (parts < 2) return p;  // "0.6" at least
  // The rest: a pre/post/dev release tag, letters, digits, '.', '+'.
  for (; i < t.size(); ++i) {
    const char ch = t[i];
    if (!(digit(ch) || (ch >= 'a' && ch <= 'z') || ch == '.' || ch == '+')) return p;
  }
  p.ok = true;
  return p;
}

int compare(const int64_t a[3], const int64_t b[3]) {
  for (int i = 0; i < 3; ++i)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

double num(const json::Value& obj, const char* key, double fallback) {
  const json::Value* v = obj.find(key);
  return v && v->is_number() ? v->number() : fallback;
}
std::string str(const json::Value& obj, const char* key) {
  const json::Value* v = obj.find(key);
  return v && v->is_string() ? v->string() : std::string();
}
bool flag(const json::Value& obj, const char* key, bool fallback) {
  const json::Value* v = obj.find(key);
  return v && v->is_bool() ? v->boolean() : fallback;
}

Accounting parse_accounting(const std::string& s) {
  if (s == "vllm_v0_peak") return Accounting::VllmV0Peak;
  if (s == "vllm_v0_torch_peak") return Accounting::VllmV0TorchPeak;
  if (s == "vllm_v0_profiling") return Accounting::VllmV0Profiling;
  if (s == "vllm_v1_nontorch") return Accounting::VllmV1NonTorch;
  if (s == "vllm_v1_profiling") return Accounting::VllmV1Profiling;
  if (s == "sglang") return Accounting::Sglang;
  if (s == "trtllm_engine") return Accounting::TrtllmEngine;
  if (s == "trtllm_pytorch") return Accounting::TrtllmPytorch;
  if (s == "llamacpp") return Accounting::Llamacpp;
  if (s == "hf") return Accounting::Hf;
  if (s == "fraction_of_free") return Accounting::TrtllmEngine;  // TGI, lmdeploy: a fraction of what is free
  return Accounting::FractionOfTotal;
}

KvLog parse_kv_log(const std::string& s) {
  if (s == "vllm_blocks") return KvLog::VllmBlocks;
  if (s == "vllm_v1") return KvLog::VllmV1;
  if (s == "sglang") return KvLog::Sglang;
  if (s == "trtllm_engine") return KvLog::TrtllmEngine;
  if (s == "trtllm_pytorch") return KvLog::TrtllmPytorch;
  if (s == "llamacpp_kv_self") return KvLog::LlamacppKvSelf;
  if (s == "llamacpp_kv_cache") return KvLog::LlamacppKvCache;
  return KvLog::Generic;
}

std::array<EngineVersions, kEngines> load() {
  std::array<EngineVersions, kEngines> out{};
  auto doc = json::parse(asset("engine_versions.json"));
  if (doc) {
    if (const json::Value* list = doc->find("engines"); list && list->is_array()) {
      for (const json::Value& item : list->array()) {
        auto e = parse_engine(str(item, "id"));
        if (!e) continue;
        EngineVersions& vs = out[static_cast<std::size_t>(*e)];
        vs.newest_documented = str(item, "newest_documented");
        const json::Value* versions = item.find("versions");
        if (!versions || !versions->is_array()) continue;
        for (const json::Value& v : versions->array()) {
          EngineVersion p;
          p.version = str(v, "version");
          p.label = str(v, "label");
          p.source = str(v, "source");
          if (Parsed k = parse(*e, p.version); k.ok) std::copy(k.key, k.key + 3, p.key);
          p.accounting = parse_accounting(str(v, "accounting"));
          const std::string rule = str(v, "fraction_rule");
          p.fraction_rule = rule == "sglang_046"   ? FractionRule::Sglang046
                            : rule == "sglang_052" ? FractionRule::Sglang052
                            : rule == "sglang_056" ? FractionRule::Sglang056
                                                   : FractionRule::Fixed;
          const std::string large = str(v, "large_gpu");
          p.large_gpu = large == "h100_h200"        ? LargeGpuRule::H100H200
                        : large == "70gib_not_a100" ? LargeGpuRule::Gib70NotA100
                                                    : LargeGpuRule::None;
          p.kv_log = parse_kv_log(str(v, "kv_log"));
          p.gpu_memory_utilization = num(v, "gpu_memory_utilization", 0.9);
          auto i64 = [&](const char* k, double fallback) { return static_cast<int64_t>(num(v, k, fallback)); };
          p.block_size = i64("block_size", 16);
          p.max_num_seqs = i64("max_num_seqs", 256);
          p.max_num_seqs_large_gpu = i64("max_num_seqs_large_gpu", 0);
          p.batched_tokens_min = i64("batched_tokens_min", 0);
          p.chunk_tokens = i64("chunk_tokens", 0);
          p.chunk_tokens_large_gpu = i64("chunk_tokens_large_gpu", 0);
          p.chunk_tokens_small_gpu = i64("chunk_tokens_small_gpu", 0);
          p.chunked_above = i64("chunked_above", 0);
          p.cuda_graphs_counted = flag(v, "cuda_graphs_counted", false);
          p.nccl_counted = flag(v, "nccl_counted", true);
          vs.versions.push_back(std::move(p));
        }
      }
    }
  }
  for (EngineVersions& vs : out)
    if (vs.versions.empty()) vs.versions.emplace_back();  // a missing asset still resolves
  return out;
}

constexpr double kMiB = 1024.0 * 1024.0;

double gpu_gib(const Gpu& g) { return g.usable_memory_bytes / (kMiB * 1024.0); }

bool large_gpu(LargeGpuRule rule, const Gpu& g) {
  switch (rule) {
    case LargeGpuRule::None: return false;
    // vLLM #12369: the device name is an H100 or H200.
    case LargeGpuRule::H100H200: return g.id.rfind("h100", 0) == 0 || g.id.rfind("h200", 0) == 0 || g.id == "gh200";
    // vLLM #17073 (0.8.5): at least 70 GiB of memory, A100 excluded.
    case LargeGpuRule::Gib70NotA100: return gpu_gib(g) >= 70 && g.name.find("A100") == std::string::npos;
  }
  return false;
}

// SGLang's chunked_prefill_size default by GPU memory (srt/server_args.py).
int64_t sglang_chunk(FractionRule rule, double gib) {
  switch (rule) {
    case FractionRule::Sglang046: return gib < 25 ? 2048 : 8192;  // S046
    case FractionRule::Sglang052: return gib < 35 ? 2048 : gib < 160 ? 8192 : 16384;  // S052
    default: return gib < 35 ? 2048 : gib < 60 ? 4096 : gib < 160 ? 8192 : 16384;  // S056 / SNEW
  }
}

// SGLang's cuda_graph_max_bs default (S046 cuda_graph_runner batch sizes; S056 table by memory and TP).
int64_t sglang_graph_bs(FractionRule rule, double gib, int64_t tp) {
  if (rule != FractionRule::Sglang056) return gib > 80 ? 256 : 160;
  if (gib < 20) return 8;
  if (gib < 35) return tp < 4 ? 24 : 80;
  if (gib < 60) return tp < 4 ? 32 : 160;
  if (gib < 160) return tp < 4 ? 256 : 512;
  return 512;
}

// SGLang's default mem_fraction_static (srt/server_args.py of each version).
// `dp`: the data-parallel attention size (--dp-size with --enable-dp-attention; 1 without).
double sglang_fraction(FractionRule rule, double gib, int64_t tp, int64_t pp, int64_t chunk, int64_t graph_bs,
                       int64_t dp) {
  const double mib = gib * 1024;
  const double tp_pp = static_cast<double>(tp * pp);
  switch (rule) {
    case FractionRule::Sglang046:
      if (mib > 81920) return (gib - 13) / gib;
      return tp >= 16 ? 0.79 : tp >= 8 ? 0.81 : tp >= 4 ? 0.85 : tp >= 2 ? 0.87 : 0.88;
    case FractionRule::Sglang052: {
      double reserve = gib < 35 ? 2.8 + tp_pp / 10 : gib < 90 ? 9.5 + tp_pp / 2 : gib < 160 ? 12 + tp_pp / 2 : 32;
      if (dp > 1) reserve += 4;  // "+4 GiB dp-attention" (engines.md section 2, S052)
      return (gib - reserve) / gib;
    }
    case FractionRule::Sglang056: {
      double reserve = 512 + 1.5 * static_cast<double>(std::max<int64_t>(chunk, 2048)) +
                       2 * static_cast<double>(graph_bs) + tp_pp / 8 * 1024;
      // dp-attention adds 3 x cuda_graph_max_bs x dp MiB (engines.md section 2, S056 / SNEW).
      if (dp > 1) reserve += 3 * static_cast<double>(graph_bs) * static_cast<double>(dp);
      if (gib > 60) reserve = std::max(reserve, 10.0 * 1024);
      return (mib - reserve) / mib;
    }
    case FractionRule::Fixed: break;
  }
  return 0.88;
}

}  // namespace

const EngineVersions& engine_versions(Engine e) {
  static const std::array<EngineVersions, kEngines> all = load();
  return all[static_cast<std::size_t>(e)];
}

const char* engine_version_syntax(Engine e) {
  if (e == Engine::Llamacpp) return "a llama.cpp build such as b4876";
  if (e == Engine::Vllm) return "a version such as 0.6.3 or 0.10.1 (0.9.2-v0 = the V0 engine of 0.8-0.10)";
  return "a version such as 0.5.2 or 1.0.0";
}

std::optional<Error> check_engine_version(Engine e, std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (!parse(e, text).ok)
    return Error{"engine-version", "'" + std::string(text.substr(0, 48)) + "' is not " + engine_version_syntax(e)};
  return std::nullopt;
}

bool version_before(Engine e, std::string_view version, std::string_view release) {
  const Parsed v = parse(e, version), r = parse(e, release);
  return v.ok && r.ok && compare(v.key, r.key) < 0;
}

EngineSettings resolve_engine(const Scenario& s, const ModelArch& m, const Gpu& g) {
  EngineSettings r;
  const EngineVersions& vs = engine_versions(s.engine);
  const EngineVersion* p = &vs.versions.back();
  const Parsed v = parse(s.engine, s.engine_version);
  if (v.ok) {
    p = &vs.versions.front();
    for (const EngineVersion& x : vs.versions)
      if (compare(x.key, v.key) <= 0) p = &x;
    // vLLM 0.8-0.10 still ship V0 behind VLLM_USE_V1=0: the newest V0 rules not newer than it.
    if (v.v0)
      for (const EngineVersion& x : vs.versions)
        if (x.label == "V0" && compare(x.key, v.key) <= 0) p = &x;
    Parsed newest = parse(s.engine, vs.newest_documented);
    r.version_mapped = vs.versions.front().version.empty() || compare(v.key, vs.versions.front().key) < 0 ||
                       (newest.ok && compare(v.key, newest.key) > 0);
  }
  r.profile = p;
  r.v0 = p->label == "V0";
  const double gib = gpu_gib(g);
  const bool large = large_gpu(p->large_gpu, g);

  // max_model_len: vLLM _get_and_verify_max_len takes the config's max_position_embeddings;
  // SGLang context_len and llama.cpp -c 0 likewise. transformers has no such limit: the sequence.
  const int64_t seq = s.input_tokens + s.output_tokens;
  if (s.max_model_len > 0) r.max_model_len = s.max_model_len;
  else if (p->accounting == Accounting::Hf || m.max_context <= 0) r.max_model_len = seq;
  // llama-server: "-c, --ctx-size N (default: 4096, 0 = loaded from model)" (tools/server/README.md);
  // a workload longer than that needs a larger -c, which is assumed.
  else if (p->accounting == Accounting::Llamacpp) r.max_model_len = std::max<int64_t>(4096, seq);
  else r.max_model_len = m.max_context;

  r.block_size = s.block_size > 0 ? s.block_size : std::max<int64_t>(1, p->block_size);
  r.enforce_eager = s.enforce_eager;

  // Chunked prefill: always in V1, TRT-LLM, SGLang, llama.cpp (ubatches); in vLLM V0 from
  // 0.5.3 when max_model_len > 32768, except for sliding-window models (#6666).
  if (p->chunked_above < 0) r.chunked_prefill = false;
  else if (p->chunked_above == 0) r.chunked_prefill = true;
  else r.chunked_prefill = r.max_model_len > p->chunked_above && m.sliding_layers == 0 && g.is_nvidia();  // "on CUDA"

  if (p->fraction_rule != FractionRule::Fixed) {
    const int64_t chunk = sglang_chunk(p->fraction_rule, gib);
    r.max_num_batched_tokens = s.max_num_batched_tokens > 0 ? s.max_num_batched_tokens : chunk;
    r.cuda_graph_max_bs = sglang_graph_bs(p->fraction_rule, gib, s.tp);
    // A reserve larger than the GPU leaves nothing: SGLang stops ("Not enough memory").
    r.gpu_util = s.gpu_util > 0 ? s.gpu_util
                                : std::clamp(sglang_fraction(p->fraction_rule, gib, s.tp, s.pp, r.max_num_batched_tokens,
                                                             r.cuda_graph_max_bs, s.dp_attention ? s.tp : 1),
                                             0.0, 1.0);
    r.max_num_seqs = s.max_num_seqs;  // 0: SGLang derives max_running_requests from the pool
  } else {
    r.gpu_util = s.gpu_util > 0 ? s.gpu_util : p->gpu_memory_utilization;
    r.max_num_seqs = s.max_num_seqs > 0 ? s.max_num_seqs
                     : (large && p->max_num_seqs_large_gpu > 0) ? p->max_num_seqs_large_gpu
                                                                 : p->max_num_seqs;
    if (s.max_num_batched_tokens > 0) {
      r.max_num_batched_tokens = s.max_num_batched_tokens;
    } else if (r.chunked_prefill) {
      r.max_num_batched_tokens = (large && p->chunk_tokens_large_gpu > 0) ? p->chunk_tokens_large_gpu : p->chunk_tokens;
    } else {
      // vLLM V0 SchedulerConfig: max(max_model_len, 2048) without chunked prefill.
      r.max_num_batched_tokens = std::max(r.max_model_len, p->batched_tokens_min);
    }
    // vLLM caps the default sequences at the token budget (V1 get_batch_defaults).
    if (s.max_num_seqs == 0 && s.engine == Engine::Vllm)
      r.max_num_seqs = std::min(r.max_num_seqs, r.max_num_batched_tokens);
    if (s.engine == Engine::Vllm && !r.enforce_eager) {
      // V0 captures [1,2,4,8..256] up to the padded max_num_seqs; V1 up to 512 (0.8: cuda_graph_sizes
      // [512]; VNEW: min(2 x max_num_seqs, 512)), capped at max_num_batched_tokens.
      const int64_t top = r.v0 ? 256 : (p->cuda_graphs_counted ? std::min<int64_t>(2 * r.max_num_seqs, 512) : 512);
      r.cuda_graph_max_bs = std::min(top, r.v0 ? r.max_num_seqs : r.max_num_batched_tokens);
    }
  }
  if (r.enforce_eager) r.cuda_graph_max_bs = 0;
  // An engine without an entry in the asset still gets a usable step (never 0 tokens).
  r.max_num_batched_tokens = std::max<int64_t>(1, r.max_num_batched_tokens);
  return r;
}

}  // namespace infercalc
