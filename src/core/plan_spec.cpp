// The plan request's fleet syntax and its half of the link codec (plan_spec.h).
#include "core/plan_spec.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/gpu.h"
#include "core/json.h"
#include "core/parse_number.h"
#include "core/scenario.h"

namespace infercalc {
namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string number_text(double v) { return json::number(v); }

bool parse_number(std::string_view text, double& out) {
  if (text.empty() || text.size() > 32) return false;
  const std::string s(text);
  char* end = nullptr;
  const double v = parse_double(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return false;
  out = v;
  return true;
}

// Link order: the preset (plink) before its overrides, the catalogue switch before its limits.
const std::vector<PlanField> kFields = {
    {"fleet", "fleet"},           {"catalog", "catalog"},         {"avail", "gpus-available"},
    {"rate", "rate"},             {"ttft_slo", "ttft-slo-ms"},    {"tpot_slo", "tpot-slo-ms"},
    {"pct", "percentile"},        {"in_cv", "input-cv"},          {"out_cv", "output-cv"},
    {"kv_overlap", "kv-overlap"}, {"plink", "pool-link"},         {"plink_gbps", "pool-link-gbps"},
    {"plink_lat", "pool-link-latency-us"}, {"plink_eff", "pool-link-efficiency"},
};

}  // namespace

Expected<std::vector<FleetGroup>> parse_fleet(std::string_view text, const std::string& field) {
  std::vector<FleetGroup> out;
  const std::string allowed = "expected id:count[@usd per GPU-hour], comma separated, e.g. h100-sxm:8,a100-sxm4-80gb:16";
  if (trim(text).empty()) return Error{field, "is empty; " + allowed};
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string item = trim(text.substr(start, end - start));
    start = end + 1;
    const std::size_t colon = item.find(':');
    if (item.empty() || colon == std::string::npos) return Error{field, "'" + item + "': " + allowed};
    FleetGroup g;
    g.gpu_id = trim(std::string_view(item).substr(0, colon));
    std::string rest = item.substr(colon + 1);
    const std::size_t at = rest.find('@');
    std::string count = trim(rest.substr(0, at));
    char* e = nullptr;
    const long long c = std::strtoll(count.c_str(), &e, 10);
    if (count.empty() || e != count.c_str() + count.size() || c < 1 || c > Limits::kMaxGpus)
      return Error{field, "'" + item + "': the count must be a whole number from 1 to " + std::to_string(Limits::kMaxGpus)};
    g.count = c;
    if (at != std::string::npos) {
      const std::string usd = trim(rest.substr(at + 1));
      const double v = parse_double(usd.c_str(), &e);
      if (usd.empty() || e != usd.c_str() + usd.size() || !(v >= 0 && v <= Limits::kMaxUsdPerGpuHour))
        return Error{field, "'" + item + "': the price after @ must be from 0 to 1000 dollars per GPU-hour"};
      g.usd_per_gpu_hour = v;
    }
    if (!gpu_catalog().find(g.gpu_id))
      return Error{field, "unknown GPU '" + g.gpu_id + "'; `infercalc gpus` lists the GPUs"};
    for (const FleetGroup& o : out)
      if (o.gpu_id == g.gpu_id) return Error{field, "'" + g.gpu_id + "' is listed twice; give one count per GPU type"};
    out.push_back(g);
    if (end == text.size()) break;
  }
  return out;
}

std::string fleet_to_string(const std::vector<FleetGroup>& fleet) {
  std::string out;
  for (const FleetGroup& g : fleet) {
    if (!out.empty()) out += ",";
    out += g.gpu_id + ":" + std::to_string(g.count);
    if (g.usd_per_gpu_hour >= 0) out += "@" + number_text(g.usd_per_gpu_hour);
  }
  return out;
}

double fleet_group_usd(const FleetGroup& g) {
  if (g.usd_per_gpu_hour >= 0) return g.usd_per_gpu_hour;
  const Gpu* gpu = gpu_catalog().find(g.gpu_id);
  return gpu ? gpu->usd_per_hour : -1;
}

std::optional<Error> validate_fleet(const std::vector<FleetGroup>& fleet, const std::string& field) {
  if (fleet.size() > static_cast<std::size_t>(kMaxFleetGroups))
    return Error{field, "at most " + std::to_string(kMaxFleetGroups) + " GPU types"};
  int64_t total = 0;
  for (std::size_t i = 0; i < fleet.size(); ++i) {
    const FleetGroup& g = fleet[i];
    if (!gpu_catalog().find(g.gpu_id)) return Error{field, "unknown GPU '" + g.gpu_id + "'"};
    if (g.count < 1 || g.count > Limits::kMaxGpus)
      return Error{field, "'" + g.gpu_id + "': the count must be from 1 to " + std::to_string(Limits::kMaxGpus)};
    if (!(g.usd_per_gpu_hour < 0 || g.usd_per_gpu_hour <= Limits::kMaxUsdPerGpuHour))
      return Error{field, "'" + g.gpu_id + "': the price must be from 0 to 1000 dollars per GPU-hour"};
    if (field == "fleet" && fleet_group_usd(g) < 0)
      return Error{field, "'" + g.gpu_id + "' has no price in the GPU table; give one as " + g.gpu_id + ":" +
                              std::to_string(g.count) + "@USD per GPU-hour"};
    for (std::size_t j = 0; j < i; ++j)
      if (fleet[j].gpu_id == g.gpu_id) return Error{field, "'" + g.gpu_id + "' is listed twice"};
    total += g.count;
  }
  if (total > Limits::kMaxGpus) return Error{field, "at most " + std::to_string(Limits::kMaxGpus) + " GPUs in all"};
  return std::nullopt;
}

const std::vector<PlanField>& plan_fields() { return kFields; }

const char* plan_flag(std::string_view key) {
  for (const PlanField& f : kFields)
    if (key == f.key) return f.flag;
  return "";
}

std::string plan_key_of_flag(std::string_view flag) {
  for (const PlanField& f : kFields)
    if (flag == f.flag) return f.key;
  return std::string(flag);
}

bool is_plan_key(std::string_view key) { return *plan_flag(key) != '\0'; }

std::vector<std::pair<std::string, std::string>> plan_link_pairs(const PlanSpec& p) {
  const PlanSpec d;
  const PoolLink preset = pool_link(p.link.kind);
  std::vector<std::pair<std::string, std::string>> out;
  auto num = [&](const char* key, double v, double def) {
    if (v != def) out.emplace_back(key, number_text(v));
  };
  if (p.fleet != d.fleet) out.emplace_back("fleet", fleet_to_string(p.fleet));
  if (p.catalog) out.emplace_back("catalog", "1");
  if (!p.available.empty()) out.emplace_back("avail", fleet_to_string(p.available));
  num("rate", p.rate_rps, d.rate_rps);
  num("ttft_slo", p.ttft_slo_ms, d.ttft_slo_ms);
  num("tpot_slo", p.tpot_slo_ms, d.tpot_slo_ms);
  num("pct", p.percentile, d.percentile);
  num("in_cv", p.input_cv, d.input_cv);
  num("out_cv", p.output_cv, d.output_cv);
  if (!p.kv_overlap) out.emplace_back("kv_overlap", "off");
  if (p.link.kind != d.link.kind) out.emplace_back("plink", link_preset(p.link.kind).id);
  num("plink_gbps", p.link.gbps, preset.gbps);
  num("plink_lat", p.link.latency_us, preset.latency_us);
  num("plink_eff", p.link.efficiency, preset.efficiency);
  return out;
}

std::optional<Error> plan_link_set(PlanSpec& p, std::string_view key, std::string_view value) {
  const std::string k(key), v(value);
  auto bad = [&](const std::string& allowed) { return Error{k, "'" + v + "' is not valid; allowed: " + allowed}; };
  if (key == "fleet" || key == "avail") {
    auto f = parse_fleet(value, k);
    if (!f) return f.error();
    (key == "fleet" ? p.fleet : p.available) = f.value();
    return std::nullopt;
  }
  if (key == "catalog") {
    if (value != "1" && value != "0") return bad("1 or 0");
    p.catalog = value == "1";
    return std::nullopt;
  }
  if (key == "kv_overlap") {
    if (value != "on" && value != "off") return bad("on or off");
    p.kv_overlap = value == "on";
    return std::nullopt;
  }
  if (key == "plink") {
    const LinkPreset* lp = find_link_preset(value);
    if (!lp) return bad(allowed_links());
    p.link = pool_link(lp->kind);
    return std::nullopt;
  }
  struct Num {
    const char* key;
    double* member;
  };
  const Num nums[] = {{"rate", &p.rate_rps},           {"ttft_slo", &p.ttft_slo_ms},  {"tpot_slo", &p.tpot_slo_ms},
                      {"pct", &p.percentile},          {"in_cv", &p.input_cv},        {"out_cv", &p.output_cv},
                      {"plink_gbps", &p.link.gbps},    {"plink_lat", &p.link.latency_us},
                      {"plink_eff", &p.link.efficiency}};
  for (const Num& n : nums)
    if (key == n.key) {
      double x = 0;
      if (!parse_number(value, x)) return bad("a number");
      *n.member = x;
      return std::nullopt;
    }
  return Error{k, "is not a plan key"};
}

Workload plan_workload(const PlanSpec& p, int64_t input_tokens, int64_t output_tokens) {
  Workload w;
  w.rate_rps = p.rate_rps;
  w.input_tokens = input_tokens;
  w.output_tokens = output_tokens;
  w.input_cv = p.input_cv;
  w.output_cv = p.output_cv;
  w.ttft_slo_ms = p.ttft_slo_ms;
  w.tpot_slo_ms = p.tpot_slo_ms;
  w.percentile = p.percentile / 100;
  w.overlap_transfer = p.kv_overlap;
  return w;
}

}  // namespace infercalc
