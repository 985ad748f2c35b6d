#include "bench/bench.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "core/catalog_search.h"
#include "core/estimate.h"
#include "core/link.h"

namespace infercalc {
namespace {

// Dense, GQA, MoE, MLA, sliding-window, multi-GPU, batch=max, a linter case and a
// does-not-fit case: the kinds of estimate the UI recomputes per frame.
const char* const kMix[] = {
    "#v=1&model=llama-3.1-8b&gpu=h100-sxm",
    "#v=1&model=llama-3.1-70b&gpu=h100-sxm&gpus=4&tp=4&batch=64",
    "#v=1&model=llama-3.1-70b&gpu=a100-sxm4-80gb&gpus=8&tp=8&batch=max",
    "#v=1&model=mixtral-8x7b&gpu=h200-sxm&gpus=2&tp=2&weights=fp8&kv=fp8&batch=max&engine=trtllm",
    "#v=1&model=deepseek-v3&gpu=h200-sxm&gpus=16&tp=8&pp=2&weights=fp8&batch=32",
    "#v=1&model=gemma-3-27b&gpu=l40s&gpus=2&tp=2&input=8192&output=512",
    "#v=1&model=gpt-oss-120b&gpu=h100-sxm&weights=mxfp4&batch=max",
    "#v=1&model=llama-2-7b&gpu=v100-sxm2-16gb&weights=fp16&kv=fp16",
    "#v=1&model=qwen3-235b-a22b&gpu=h100-sxm&gpus=8&tp=8&ep=8&weights=fp8&batch=256",
    "#v=1&model=llama-3.1-405b&gpu=a100-sxm4-40gb",
    "#v=1&model=mistral-7b-v0.1&gpu=rtx-4090&weights=int4&engine=llamacpp&input=4096",
    "#v=1&model=qwen2.5-72b&gpu=h100-pcie&gpus=4&tp=4&batch=16",
};

}  // namespace

BenchResult run_bench(double min_seconds) {
  std::vector<Scenario> mix;
  for (const char* link : kMix) {
    auto parsed = parse_link(link);
    if (parsed) mix.push_back(parsed->scenario);
  }
  BenchResult out;
  out.scenarios = static_cast<int>(mix.size());
  if (mix.empty()) return out;
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  double elapsed = 0;
  long long n = 0;
  double checksum = 0;
  while (elapsed < min_seconds) {
    for (int rep = 0; rep < 200; ++rep)
      for (const Scenario& s : mix) {
        const Result r = estimate(s);
        checksum += r.total_bytes + r.tpot_ms;
        ++n;
      }
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  }
  out.seconds = elapsed;
  out.estimates = n;
  out.estimates_per_s = static_cast<double>(n) / elapsed;
  out.checksum = checksum;
  return out;
}

std::string bench_json(const BenchResult& r, const char* build) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "{\"build\": \"%s\", \"estimates_per_s\": %.0f, \"estimates\": %lld, \"seconds\": %.3f, "
                "\"scenarios\": %d}",
                build, r.estimates_per_s, r.estimates, r.seconds, r.scenarios);
  return buf;
}

// What `infercalc plan --catalog --rate 8` plans (its defaults: Llama-3.1-70B, 2048
// tokens in, 256 out), as a page link.
const char* const kCatalogBenchLink = "#v=1&model=llama-3.1-70b&gpu=h100-sxm&input=2048&output=256&catalog=1&rate=8";

CatalogBenchResult run_catalog_bench(int runs) {
  CatalogBenchResult out;
  auto parsed = parse_link(kCatalogBenchLink);
  if (!parsed || runs < 1) return out;
  const PlanRequest req = plan_request(parsed->scenario, parsed->plan);
  using clock = std::chrono::steady_clock;
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto start = clock::now();
    const CatalogResult c = catalog_search(req, parsed->plan.available);
    ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - start).count());
    out.fleets = c.fleets;
    out.plans = c.plans;
    out.best = c.best ? c.best->summary() : "none";
  }
  std::sort(ms.begin(), ms.end());
  out.runs = runs;
  out.ms_min = ms.front();
  out.ms_median = ms[ms.size() / 2];
  return out;
}

std::string catalog_bench_json(const CatalogBenchResult& r, const char* build) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "{\"build\": \"%s\", \"catalog_ms_min\": %.1f, \"catalog_ms_median\": %.1f, \"runs\": %d, "
                "\"fleets\": %lld, \"plans\": %lld, \"best\": \"%s\"}",
                build, r.ms_min, r.ms_median, r.runs, r.fleets, r.plans, r.best.c_str());
  return buf;
}

}  // namespace infercalc
