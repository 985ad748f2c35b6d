// The catalogue search (catalog_search.h): planner runs on one GPU type at a time,
// then on pairs of the cheapest types.
#include "core/catalog_search.h"

#include <algorithm>
#include <cmath>

#include "core/gpu.h"
#include "core/order.h"

namespace infercalc {
namespace {

double d(int64_t v) { return static_cast<double>(v); }

// GPUs a plan keeps busy, per type.
std::vector<FleetGroup> used_fleet(const Plan& p, const std::vector<FleetGroup>& fleet) {
  std::vector<FleetGroup> out;
  for (const FleetGroup& g : fleet) {
    int64_t used = 0;
    for (const PlanRole& r : p.roles)
      if (r.gpu_id == g.gpu_id && r.role != Role::Unused) used += r.gpus;
    if (used > 0) out.push_back(FleetGroup{g.gpu_id, used, g.usd_per_gpu_hour});
  }
  return out;
}

bool cheaper(const Plan& a, const std::optional<Plan>& b) {
  return !b || a.serving.usd_per_hour < b->serving.usd_per_hour ||
         (a.serving.usd_per_hour == b->serving.usd_per_hour && a.serving.gpus < b->serving.gpus);
}

}  // namespace

CatalogSearch::CatalogSearch(const PlanRequest& req, const std::vector<FleetGroup>& available) : req_(req) {
  auto add = [&](const std::string& id, double usd, int64_t cap) {
    FleetGroup g{id, std::min(kFirstCount, cap), usd};
    if (fleet_group_usd(g) < 0) {
      result_.unpriced.push_back(id);
      return;
    }
    Type t;
    t.group = g;
    t.cap = cap;
    types_.push_back(t);
  };
  if (available.empty()) {
    for (const Gpu& g : gpu_catalog().gpus) add(g.id, -1, Limits::kMaxGpus);
  } else {
    for (const FleetGroup& g : available) add(g.gpu_id, g.usd_per_gpu_hour, g.count);
  }
  result_.valid = true;
  total_steps_ = static_cast<int64_t>(types_.size()) * 3 + kPairTypes * (kPairTypes - 1) / 2 + 1;
  if (types_.empty()) finish();
}

PlanResult CatalogSearch::run(const std::vector<FleetGroup>& fleet, double rate) {
  PlanRequest r = req_;
  r.fleet = fleet;
  r.top = 1;
  r.workload.rate_rps = rate;
  PlanResult res = plan_fleet(r);
  ++result_.fleets;
  result_.plans += res.combinations;
  result_.searched += res.searched;
  ++steps_;
  return res;
}

bool CatalogSearch::serves(const PlanResult& r) const {
  return r.best && r.best->serving.goodput_rps >= req_.workload.rate_rps * (1 - 1e-12);
}

// A plan that serves the rate: the cheapest so far for each type it uses?
void CatalogSearch::consider(const PlanResult& r, const std::vector<FleetGroup>& fleet) {
  if (!serves(r)) return;
  const Plan& p = *r.best;
  for (Type& t : types_) {
    const bool uses = std::any_of(p.roles.begin(), p.roles.end(),
                                  [&](const PlanRole& role) { return role.gpu_id == t.group.gpu_id && role.role != Role::Unused; });
    if (uses && cheaper(p, t.plan)) {
      t.plan = p;
      t.fleet = used_fleet(p, fleet);
    }
  }
}

void CatalogSearch::next_type() {
  ++cur_;
  stage_ = Stage::Probe;
  if (cur_ < types_.size()) return;
  // Pairs of the cheapest types that serve the rate alone.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < types_.size(); ++i)
    if (types_[i].plan) order.push_back(i);
  // Stable (order.h): types at the same price keep the catalogue's order, on the page and
  // in the CLI alike.
  stable_sort_by(order, [&](std::size_t a, std::size_t b) {
    return types_[a].plan->serving.usd_per_hour < types_[b].plan->serving.usd_per_hour;
  });
  if (order.size() > static_cast<std::size_t>(kPairTypes)) order.resize(kPairTypes);
  for (std::size_t i = 0; i < order.size(); ++i)
    for (std::size_t j = i + 1; j < order.size(); ++j) pairs_.emplace_back(order[i], order[j]);
  total_steps_ = steps_ + static_cast<int64_t>(pairs_.size()) + 1;
  stage_ = pairs_.empty() ? Stage::Done : Stage::Pairs;
  if (stage_ == Stage::Done) finish();
}

void CatalogSearch::step() {
  if (stage_ == Stage::Done) return;
  const double rate = req_.workload.rate_rps;
  if (stage_ == Stage::Pairs) {
    const auto [a, b] = pairs_[pair_++];
    // Each at the count it needed alone: enough for any split between them.
    std::vector<FleetGroup> fleet;
    for (std::size_t i : {a, b}) fleet.push_back(types_[i].group);
    consider(run(fleet, rate), fleet);
    if (pair_ >= pairs_.size()) finish();
    return;
  }
  Type& t = types_[cur_];
  const std::vector<FleetGroup> fleet = {t.group};
  if (stage_ == Stage::Probe) {
    // What the first GPUs serve within the targets, at any rate.
    const PlanResult r = run(fleet, WorkloadLimits::kMaxRate);
    const double served = r.best ? r.best->serving.goodput_rps : 0;
    if (r.profiles == 0) {
      t.note = "the model fits no instance of " + std::to_string(t.group.count) + " GPUs";
      next_type();
    } else if (served <= 0) {
      t.note = "no plan meets the targets";
      next_type();
    } else {
      // Scaled to the offered rate with a tenth to spare; queues pool better with more instances.
      const double need = std::ceil(rate / served * d(t.group.count) * 1.1);
      t.group.count = std::clamp<int64_t>(static_cast<int64_t>(need), 1, t.cap);
      stage_ = Stage::Grow;
    }
    return;
  }
  if (stage_ == Stage::Grow) {
    const PlanResult r = run(fleet, rate);
    if (serves(r)) {
      consider(r, fleet);
      stage_ = Stage::Refine;
    } else if (t.group.count >= t.cap || ++t.tries >= 6) {
      t.note = "cannot serve the rate within the targets on " + std::to_string(t.group.count) + " GPUs";
      next_type();
    } else {
      t.group.count = std::min<int64_t>(t.cap, static_cast<int64_t>(std::ceil(d(t.group.count) * 1.5)));
    }
    return;
  }
  // Refine: exactly the GPUs the plan used, for finer steps.
  int64_t used = 0;
  for (const FleetGroup& g : t.fleet)
    if (g.gpu_id == t.group.gpu_id) used = g.count;
  if (used > 0 && used < t.group.count) {
    t.group.count = used;
    const std::vector<FleetGroup> f = {t.group};
    consider(run(f, rate), f);
  }
  next_type();
}

double CatalogSearch::progress() const {
  if (stage_ == Stage::Done) return 1;
  return std::min(0.99, d(steps_) / d(std::max<int64_t>(total_steps_, steps_ + 1)));
}

void CatalogSearch::finish() {
  stage_ = Stage::Done;
  result_.per_gpu.clear();
  for (const Type& t : types_) {
    CatalogOption o;
    o.gpu_id = t.group.gpu_id;
    o.plan = t.plan;
    o.fleet = t.fleet;
    o.note = t.plan ? "" : t.note;
    result_.per_gpu.push_back(o);
    if (t.plan && cheaper(*t.plan, result_.best)) {
      result_.best = t.plan;
      result_.best_request = req_;
      result_.best_request.fleet = t.fleet;
    }
  }
  stable_sort_by(result_.per_gpu, [](const CatalogOption& a, const CatalogOption& b) {
    if (a.plan.has_value() != b.plan.has_value()) return a.plan.has_value();
    return a.plan && a.plan->serving.usd_per_hour < b.plan->serving.usd_per_hour;
  });
  for (const std::string& id : result_.unpriced) {
    CatalogOption o;
    o.gpu_id = id;
    o.note = "no price in the GPU table: give it with --gpus-available " + id + ":COUNT@USD";
    result_.per_gpu.push_back(o);
  }
}

CatalogResult catalog_search(const PlanRequest& req, const std::vector<FleetGroup>& available) {
  CatalogSearch s(req, available);
  while (!s.done()) s.step();
  return s.result();
}

}  // namespace infercalc
