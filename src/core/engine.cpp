#include "core/engine.h"

#include <array>

#include "core/assets.h"
#include "core/json.h"

namespace infercalc {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

double num(const json::Value& obj, const char* key, double fallback) {
  const json::Value* v = obj.find(key);
  return v && v->is_number() ? v->number() : fallback;
}

std::array<EngineParams, kEngineCount> load_engines() {
  std::array<EngineParams, kEngineCount> out{};
  for (Engine e : kAllEngines) out[static_cast<std::size_t>(e)].id = std::string(name(e));
  auto doc = json::parse(asset("engines.json"));
  if (!doc) return out;
  const json::Value* list = doc->find("engines");
  if (!list || !list->is_array()) return out;
  for (const json::Value& item : list->array()) {
    const json::Value* id = item.find("id");
    if (!id || !id->is_string()) continue;
    auto e = parse_engine(id->string());
    if (!e) continue;
    EngineParams& p = out[static_cast<std::size_t>(*e)];
    if (const json::Value* n = item.find("name"); n && n->is_string()) p.name = n->string();
    if (const json::Value* s = item.find("source"); s && s->is_string()) p.source = s->string();
    const json::Value* of = item.find("fraction_of");
    p.fraction_of_free = of && of->is_string() && of->string() == "free";
    p.memory_fraction = num(item, "memory_fraction", 0.9);
    p.kv_block_tokens = num(item, "kv_block_tokens", 16);
    p.max_batch = num(item, "max_batch", 256);
    p.max_batched_tokens = num(item, "max_batched_tokens", 8192);
    p.cuda_graph_bytes = num(item, "cuda_graph_gib", 0) * kGiB;
    p.context_bytes = num(item, "context_gib", 0.5) * kGiB;
    p.comm_buffer_bytes_per_peer = num(item, "comm_buffer_gib_per_peer", 0) * kGiB;
    p.bandwidth_scale = num(item, "bandwidth_scale", 1);
    p.compute_scale = num(item, "compute_scale", 1);
    p.step_overhead_s = num(item, "step_overhead_ms", 0) * 1e-3;
    p.per_layer_overhead_s = num(item, "per_layer_overhead_us", 0) * 1e-6;
    const json::Value* car = item.find("custom_allreduce");
    p.custom_allreduce = car && car->is_bool() && car->boolean();
  }
  return out;
}

}  // namespace

const EngineParams& engine_params(Engine e) {
  static const std::array<EngineParams, kEngineCount> engines = load_engines();
  return engines[static_cast<std::size_t>(e)];
}

Expected<Efficiency> parse_efficiency_json(std::string_view text) {
  auto doc = json::parse(text);
  if (!doc) return doc.error();
  if (!doc->is_object()) return Error{"efficiency", "expected a JSON object"};
  Efficiency e;
  e.bandwidth = num(*doc, "bandwidth", e.bandwidth);
  e.compute16 = num(*doc, "compute16", e.compute16);
  e.compute8 = num(*doc, "compute8", e.compute8);
  e.link = num(*doc, "link", e.link);
  e.link_step_latency_s = num(*doc, "link_step_latency_us", e.link_step_latency_s * 1e6) * 1e-6;
  e.custom_allreduce_s = num(*doc, "custom_allreduce_us", e.custom_allreduce_s * 1e6) * 1e-6;
  e.kernel_latency_s = num(*doc, "kernel_latency_us", e.kernel_latency_s * 1e6) * 1e-6;
  e.eager_launch_s = num(*doc, "eager_launch_us", e.eager_launch_s * 1e6) * 1e-6;
  e.attention_compute = num(*doc, "attention_compute", e.attention_compute);
  e.attention_bandwidth = num(*doc, "attention_bandwidth", e.attention_bandwidth);
  e.expert_bandwidth = num(*doc, "expert_bandwidth", e.expert_bandwidth);
  e.overlap = num(*doc, "overlap", e.overlap);
  e.band_low = num(*doc, "band_low", e.band_low);
  e.band_high = num(*doc, "band_high", e.band_high);
  e.amd_bandwidth = num(*doc, "amd_bandwidth", e.amd_bandwidth);
  e.amd_compute = num(*doc, "amd_compute", e.amd_compute);
  static const char* const kClassNames[] = {"prefill", "decode", "run"};
  if (const json::Value* engines = doc->find("engines"); engines && engines->is_object()) {
    for (Engine id : kAllEngines) {
      const json::Value* item = engines->find(name(id));
      if (!item || !item->is_object()) continue;
      EngineFit& f = e.engine[static_cast<std::size_t>(id)];
      f.bandwidth = num(*item, "bandwidth", f.bandwidth);
      f.compute = num(*item, "compute", f.compute);
      f.overhead = num(*item, "overhead", f.overhead);
      if (!(f.bandwidth >= 0.05 && f.bandwidth <= 3 && f.compute >= 0.05 && f.compute <= 3 && f.overhead >= 0 &&
            f.overhead <= 100))
        return Error{"efficiency", "engine " + std::string(name(id)) + ": a factor is outside its sane range"};
      const json::Value* bands = item->find("bands");
      for (int k = 0; bands && k < kMetricClasses; ++k) {
        const json::Value* b = bands->find(kClassNames[k]);
        if (!b || !b->is_array() || b->array().size() != 2 || !b->array()[0].is_number() || !b->array()[1].is_number())
          continue;
        f.band_low[k] = b->array()[0].number();
        f.band_high[k] = b->array()[1].number();
        if (!(f.band_low[k] > 0.01 && f.band_low[k] <= 1 && f.band_high[k] >= 1 && f.band_high[k] <= 100))
          return Error{"efficiency", "engine " + std::string(name(id)) + ": a band is outside 0.01..1..100"};
      }
    }
  }
  auto in = [](double v, double lo, double hi) { return v >= lo && v <= hi; };
  if (!in(e.bandwidth, 0.05, 1) || !in(e.compute16, 0.05, 1) || !in(e.compute8, 0.05, 1) || !in(e.link, 0.05, 1) ||
      !in(e.link_step_latency_s, 0, 1e-2) || !in(e.custom_allreduce_s, 0, 1e-2) || !in(e.kernel_latency_s, 0, 1e-3) || !in(e.eager_launch_s, 0, 1e-3) || !in(e.attention_compute, 0.05, 2) ||
      !in(e.attention_bandwidth, 0.05, 2) || !in(e.expert_bandwidth, 0.05, 2) || !in(e.overlap, 0, 1) || !in(e.band_low, 0.01, 1) ||
      !in(e.amd_bandwidth, 0.05, 3) || !in(e.amd_compute, 0.05, 3) ||
      !in(e.band_high, 1, 100))
    return Error{"efficiency", "a value is outside its sane range (efficiencies 0.05..1)"};
  return e;
}

std::string efficiency_to_json(const Efficiency& e) {
  std::string out = "{\n";
  auto add = [&](const char* k, double v, bool last = false) {
    out += "  \"" + std::string(k) + "\": " + json::number(v) + (last ? "\n" : ",\n");
  };
  add("bandwidth", e.bandwidth);
  add("compute16", e.compute16);
  add("compute8", e.compute8);
  add("link", e.link);
  add("link_step_latency_us", e.link_step_latency_s * 1e6);
  add("custom_allreduce_us", e.custom_allreduce_s * 1e6);
  add("kernel_latency_us", e.kernel_latency_s * 1e6);
  add("eager_launch_us", e.eager_launch_s * 1e6);
  add("attention_compute", e.attention_compute);
  add("attention_bandwidth", e.attention_bandwidth);
  add("expert_bandwidth", e.expert_bandwidth);
  add("overlap", e.overlap);
  add("band_low", e.band_low);
  add("band_high", e.band_high);
  add("amd_bandwidth", e.amd_bandwidth);
  add("amd_compute", e.amd_compute);
  out += "  \"engines\": {\n";
  for (std::size_t i = 0; i < kEngineCount; ++i) {
    const EngineFit& f = e.engine[i];
    out += "    \"" + std::string(name(kAllEngines[i])) + "\": {\"bandwidth\": " + json::number(f.bandwidth) +
           ", \"compute\": " + json::number(f.compute) + ", \"overhead\": " + json::number(f.overhead) +
           ", \"bands\": {";
    static const char* const kClassNames[] = {"prefill", "decode", "run"};
    for (int k = 0; k < kMetricClasses; ++k)
      out += std::string(k ? ", " : "") + "\"" + kClassNames[k] + "\": [" + json::number(f.band_low[k]) + ", " +
             json::number(f.band_high[k]) + "]";
    out += "}}" + std::string(i + 1 < kEngineCount ? "," : "") + "\n";
  }
  return out + "  }\n}\n";
}

const Efficiency& default_efficiency() {
  static const Efficiency eff = [] {
    auto parsed = parse_efficiency_json(asset("efficiency.json"));
    return parsed ? parsed.value() : Efficiency{};
  }();
  return eff;
}

}  // namespace infercalc
