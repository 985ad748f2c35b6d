// The mixed-fleet planner. Each GPU type's count is cut into steps (the smallest
// instance that fits, doubled while the search would exceed max_combinations); a plan
// gives each type a number of steps per role. For every (type, role, steps) the best
// parallelism is chosen once by the group's own goodput (prefill also by the decode
// side's receiving bandwidth), so a plan's goodput is a sum of table entries:
//   min(offered, sum colocated + min(sum prefill, sum decode)),
// which lets the search visit every role split exhaustively.
#include "core/planner.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "core/estimate.h"
#include "core/order.h"
#include "core/scenario_check.h"

namespace infercalc {
namespace {

double d(int64_t v) { return static_cast<double>(v); }

struct Choice {
  int cfg = -1;     // index into TypeData::configs
  double inst = 0;  // instances
  double rate = 0;  // goodput of the group alone
  double gpus = 0;  // GPUs it uses
};

bool choice_better(const Choice& a, const Choice& b, const std::vector<InstanceProfile>& cfgs) {
  if (a.rate != b.rate) return a.rate > b.rate;
  if (a.gpus != b.gpus) return a.gpus < b.gpus;
  return a.cfg >= 0 && b.cfg >= 0 && cfgs[static_cast<std::size_t>(a.cfg)].tp < cfgs[static_cast<std::size_t>(b.cfg)].tp;
}

bool same_choice(const Choice& a, const Choice& b) { return a.cfg == b.cfg && a.inst == b.inst; }

struct TypeData {
  const FleetGroup* group = nullptr;
  double price = 0;
  std::vector<InstanceProfile> configs;  // [0, shapes): the engine's chunk budget; then colocated-only budgets
  std::size_t shapes = 0;
  int64_t step = 1, units = 0;
  std::vector<Choice> coloc, decode;         // [k], k = 0..units
  std::vector<std::vector<Choice>> prefill;  // [k][key]
  std::vector<int> decode_key;               // [k]
};

struct Option {
  uint16_t kp = 0, kd = 0, kc = 0;
  double coloc = 0, decode = 0, cost = 0, gpus = 0;
  int key = std::numeric_limits<int>::max();
};

struct Cand {
  double goodput = 0, cost = 0, gpus = 0;
  std::array<uint32_t, kMaxFleetGroups> idx{};
};

bool goodput_better(const Cand& a, const Cand& b) {
  if (a.goodput != b.goodput) return a.goodput > b.goodput;
  if (a.cost != b.cost) return a.cost < b.cost;
  if (a.gpus != b.gpus) return a.gpus < b.gpus;
  return a.idx < b.idx;
}

bool dollar_better(const Cand& a, const Cand& b) {
  const double l = a.goodput * b.cost, r = b.goodput * a.cost;
  if (l != r) return l > r;
  return goodput_better(a, b);
}

template <class Better>
struct Ranking {
  std::size_t keep;
  Better better;
  std::vector<Cand> items;
  Cand worst{};           // the last kept candidate after a trim
  bool full = false;
  void add(const Cand& c) {
    if (full && !better(c, worst)) return;
    items.push_back(c);
    if (items.size() > 4 * keep + 64) trim();
  }
  // Sorted stably through the one compiled sort (order.h): ties keep the order they were
  // found in, so the page (libc++) and the CLI (libstdc++) keep the same candidates, and
  // no std::nth_element / std::sort machinery is compiled for Cand.
  void trim() {
    if (items.size() <= keep) return;
    stable_sort_by(items, better);
    items.resize(keep);
    worst = items.back();
    full = true;
  }
  std::vector<Cand> sorted() {
    stable_sort_by(items, better);
    if (items.size() > keep) items.resize(keep);
    return items;
  }
};

double combinations_bound(const std::vector<TypeData>& types) {
  double n = 1;
  for (const TypeData& t : types) {
    const double u = d(t.units);
    n *= (u + 1) * (u + 2) * (u + 3) / 6;
  }
  return n;
}

}  // namespace

std::optional<Error> validate(const PlanRequest& r) {
  if (r.fleet.empty()) return Error{"fleet", "needs at least one GPU type, e.g. h100-sxm:8"};
  if (auto e = validate_fleet(r.fleet, "fleet")) return e;
  if (r.top < 1 || r.top > 1000) return Error{"top", "must be from 1 to 1000"};
  if (r.max_combinations < 1) return Error{"max-combinations", "must be at least 1"};
  if (auto e = validate(r.workload)) return e;
  if (auto e = validate(r.link)) return e;
  Scenario s = r.base;
  s.gpu_id = r.fleet.front().gpu_id;
  s.gpus = s.tp = s.pp = s.ep = 1;
  s.batch = 1;
  s.batch_max = false;
  s.input_tokens = r.workload.input_tokens;
  s.output_tokens = r.workload.output_tokens;
  if (auto e = validate(s)) return e;
  return std::nullopt;
}

std::string Plan::summary() const {
  std::string out;
  for (const PlanRole& r : roles) {
    if (r.role == Role::Unused) continue;
    if (!out.empty()) out += " + ";
    out += r.gpu_id + " x" + std::to_string(r.gpus) + " " + name(r.role) + " tp" + std::to_string(r.tp);
    if (r.pp > 1) out += " pp" + std::to_string(r.pp);
    if (r.dp_attention) out += " dp-attention";
    if (!r.chunk_default) out += " chunk " + std::to_string(r.chunk_tokens);
  }
  return out.empty() ? "nothing" : out;
}

PlanRequest plan_request(const Scenario& s, const PlanSpec& spec) {
  PlanRequest r;
  Scenario& b = r.base;  // only what the planner reads, so that equal requests compare equal
  b.model_id = s.model_id;
  b.custom_model = s.custom_model;
  b.weights = s.weights;
  b.kv = s.kv;
  b.engine = s.engine;
  b.gpu_util = s.gpu_util;
  b.gpus_per_node = s.gpus_per_node;
  b.internode_gbps = s.internode_gbps;
  r.workload = plan_workload(spec, s.input_tokens, s.output_tokens);
  r.link = spec.link;
  r.fleet = spec.fleet;
  return r;
}

namespace {

// --- plan_fleet's steps ------------------------------------------------------------

// 1. Instance configurations that fit, per type; each type's step is its smallest one.
std::vector<TypeData> profile_types(const PlanRequest& req, const ModelArch& model, PlanResult& res) {
  std::vector<TypeData> types(req.fleet.size());
  for (std::size_t t = 0; t < types.size(); ++t) {
    TypeData& td = types[t];
    td.group = &req.fleet[t];
    const Gpu* g = gpu_catalog().find(td.group->gpu_id);
    td.price = fleet_group_usd(*td.group);
    const int64_t node = req.base.gpus_per_node > 0 ? req.base.gpus_per_node : g->default_gpus_per_node();
    int64_t smallest = 0;
    // Data-parallel attention where it can win: a MoE model (on a dense one it is plain
    // replicas), tp >= 2, pp 1, an engine that has it (make_profile's validate refuses the
    // rest). Expert parallelism without it is not tried: it only adds all-to-all time here.
    const bool dp_ok = model.moe.is_moe() && (req.base.engine == Engine::Sglang || req.base.engine == Engine::Vllm);
    for (int64_t tp = 1; tp <= node && tp <= td.group->count; tp *= 2) {
      for (int64_t pp : {1, 2, 4}) {
        if (tp * pp > td.group->count || pp > model.layers) continue;
        for (bool dp : {false, true}) {
          if (dp && !(dp_ok && tp >= 2 && pp == 1)) continue;
          InstanceProfile p = make_profile(req.base, td.group->gpu_id, tp, pp, req.workload, req.link, td.price, dp);
          ++res.searched.candidates;
          ++res.searched.evaluated;
          if (!p.fits) continue;
          smallest = smallest == 0 ? tp * pp : std::min(smallest, tp * pp);
          td.configs.push_back(std::move(p));
        }
      }
    }
    res.profiles += static_cast<int64_t>(td.configs.size());
    td.shapes = td.configs.size();
    td.step = std::max<int64_t>(1, smallest);
    td.units = smallest > 0 ? td.group->count / td.step : 0;
  }
  return types;
}

// 2. Coarser steps (the widest type's doubled) while the exhaustive search would be too large.
void coarsen_steps(std::vector<TypeData>& types, int64_t max_combinations) {
  while (combinations_bound(types) > d(max_combinations)) {
    TypeData* widest = nullptr;
    for (TypeData& td : types)
      if (td.units > 1 && (!widest || td.units > widest->units)) widest = &td;
    if (!widest) break;
    widest->step *= 2;
    widest->units = widest->group->count / widest->step;
  }
}

// The best of `cand` and what `slot` holds (rate 0: not a candidate).
void keep_better(Choice& slot, const Choice& cand, const std::vector<InstanceProfile>& cfgs) {
  if (cand.rate > 0 && (slot.cfg < 0 || choice_better(cand, slot, cfgs))) slot = cand;
}

// What stops a colocated group just above `rate`, its limit within the targets, as
// the chunk budgets that could move it (kSmaller, kLarger bits). A smaller budget caps
// the prefill a step carries (lower percentile TPOT) and cuts each prompt into more
// steps (longer TTFT, less prefill per second); a larger one does the reverse. So a
// group held by its TPOT target can only gain from a smaller budget, one held by TTFT
// or by its capacity only from a larger one, one held by both from neither.
constexpr unsigned kSmaller = 1, kLarger = 2;

unsigned budget_directions(const InstanceProfile& p, double inst, double rate, const Workload& w) {
  const double probe = rate > 0 ? rate * (1 + 1e-6) : 1e-9;
  const StageMetrics m = colocated_stage(p, inst, probe, w);
  if (!m.stable) return kLarger;
  const bool ttft_bad = m.ttft_ms > w.ttft_slo_ms * (1 + 1e-12), tpot_bad = m.tpot_ms > w.tpot_slo_ms * (1 + 1e-12);
  if (tpot_bad && !ttft_bad) return kSmaller;
  if (ttft_bad && !tpot_bad) return kLarger;
  return 0;
}

// 3a. Best parallelism per (type, steps) for colocated and decode groups, colocated
//     ones also over the chunk budgets that can raise their rate (the others pruned).
//     Returns the decode instances' receiving bandwidths, sorted and unique: the
//     prefill tables' keys.
std::vector<double> choose_colocated_and_decode(std::vector<TypeData>& types, const PlanRequest& req,
                                                PlanSearched& searched) {
  const Workload& w = req.workload;
  const bool budgets = req.base.engine == Engine::Vllm || req.base.engine == Engine::Sglang;
  std::vector<double> keys;
  for (TypeData& td : types) {
    const std::size_t n = static_cast<std::size_t>(td.units) + 1;
    td.coloc.assign(n, Choice{});
    td.decode.assign(n, Choice{});
    td.decode_key.assign(n, std::numeric_limits<int>::max());
    // [shape][k]: the budgets that could raise the default's rate at k steps.
    std::vector<std::vector<unsigned>> directions(td.shapes, std::vector<unsigned>(n, 0));
    std::vector<std::size_t> base_of;  // [variant - shapes]: its shape
    std::vector<unsigned> wanted;      // [variant - shapes]: kSmaller or kLarger
    auto colocated = [&](std::size_t c, std::size_t k) {
      const InstanceProfile& p = td.configs[c];
      const double inst = std::floor(d(static_cast<int64_t>(k) * td.step) / p.gpus);
      if (inst < 1) return;
      // A budget variant only where its direction can help this many instances.
      if (c >= td.shapes && !(directions[base_of[c - td.shapes]][k] & wanted[c - td.shapes])) return;
      const double rate = colocated_max_rate(p, inst, w);
      if (c < td.shapes && budgets && p.chunked_prefill) directions[c][k] = budget_directions(p, inst, rate, w);
      keep_better(td.coloc[k], Choice{static_cast<int>(c), inst, rate, inst * p.gpus}, td.configs);
    };
    for (std::size_t k = 1; k < n; ++k) {
      for (std::size_t c = 0; c < td.shapes; ++c) {
        const InstanceProfile& p = td.configs[c];
        colocated(c, k);
        const double inst = std::floor(d(static_cast<int64_t>(k) * td.step) / p.gpus);
        if (inst < 1) continue;
        keep_better(td.decode[k], Choice{static_cast<int>(c), inst, decode_max_rate(p, inst, w), inst * p.gpus},
                    td.configs);
      }
      if (td.decode[k].cfg >= 0) keys.push_back(kv_link_bytes_per_s(td.configs[static_cast<std::size_t>(td.decode[k].cfg)]));
    }
    // The other budgets of each shape: profiled where they can win, else counted as pruned.
    for (std::size_t c = 0; budgets && c < td.shapes; ++c) {
      if (!td.configs[c].chunked_prefill) continue;
      const double own = td.configs[c].chunk_tokens;
      unsigned any = 0;
      for (unsigned dk : directions[c]) any |= dk;
      for (int64_t budget : kChunkBudgets) {
        if (d(budget) == own) continue;
        ++searched.candidates;
        const unsigned dir = d(budget) < own ? kSmaller : kLarger;
        if (!(any & dir)) {
          ++searched.pruned;
          continue;
        }
        ++searched.evaluated;
        const InstanceProfile& p = td.configs[c];
        InstanceProfile v = make_profile(req.base, td.group->gpu_id, p.tp, p.pp, w, req.link, td.price, p.dp_attention, budget);
        if (!v.fits) continue;
        td.configs.push_back(std::move(v));  // may move td.configs: p is not used after this
        base_of.push_back(c);
        wanted.push_back(dir);
      }
    }
    for (std::size_t c = td.shapes; c < td.configs.size(); ++c)
      for (std::size_t k = 1; k < n; ++k) colocated(c, k);
  }
  stable_sort_by(keys, [](double a, double b) { return a < b; });
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// 3b. Best parallelism per (type, steps, receiving bandwidth) for prefill groups.
void choose_prefill(std::vector<TypeData>& types, const std::vector<double>& keys, const Workload& w,
                    const PoolLink& link) {
  const double latency_ms = link.latency_us * 1e-3;
  for (TypeData& td : types) {
    const std::size_t n = static_cast<std::size_t>(td.units) + 1;
    for (std::size_t k = 1; k < n; ++k)
      if (td.decode[k].cfg >= 0) {
        const double recv = kv_link_bytes_per_s(td.configs[static_cast<std::size_t>(td.decode[k].cfg)]);
        td.decode_key[k] = static_cast<int>(std::lower_bound(keys.begin(), keys.end(), recv) - keys.begin());
      }
    td.prefill.assign(n, std::vector<Choice>(keys.size()));
    for (std::size_t k = 1; k < n; ++k) {
      const double count = d(static_cast<int64_t>(k) * td.step);
      for (std::size_t key = 0; key < keys.size(); ++key) {
        const SendSide send{keys[key], latency_ms};
        for (std::size_t c = 0; c < td.shapes; ++c) {
          const InstanceProfile& p = td.configs[c];
          const double inst = std::floor(count / p.gpus);
          if (inst < 1) continue;
          keep_better(td.prefill[k][key], Choice{static_cast<int>(c), inst, prefill_max_rate(p, inst, w, send), inst * p.gpus},
                      td.configs);
        }
      }
    }
  }
}

// 4. Options per type: steps per role, without groups that serve nothing and without
//    duplicates (more steps, same instances: the same plan with GPUs unused).
std::vector<Option> role_options(const TypeData& td, std::size_t nkeys) {
  std::vector<Option> out;
  auto usable = [&](const std::vector<Choice>& v, std::size_t k) {
    return k == 0 || (v[k].cfg >= 0 && (k == 1 || !same_choice(v[k], v[k - 1])));
  };
  auto prefill_usable = [&](std::size_t k) {
    if (k == 0) return true;
    bool any = false, differs = k == 1;
    for (std::size_t key = 0; key < nkeys; ++key) {
      any = any || td.prefill[k][key].cfg >= 0;
      differs = differs || !same_choice(td.prefill[k][key], td.prefill[k - 1][key]);
    }
    return any && differs;
  };
  const std::size_t u = static_cast<std::size_t>(td.units);
  for (std::size_t kp = 0; kp <= u; ++kp) {
    if (!prefill_usable(kp)) continue;
    for (std::size_t kd = 0; kp + kd <= u; ++kd) {
      if (!usable(td.decode, kd)) continue;
      for (std::size_t kc = 0; kp + kd + kc <= u; ++kc) {
        if (!usable(td.coloc, kc)) continue;
        Option o;
        o.kp = static_cast<uint16_t>(kp);
        o.kd = static_cast<uint16_t>(kd);
        o.kc = static_cast<uint16_t>(kc);
        o.coloc = td.coloc[kc].rate;
        o.decode = td.decode[kd].rate;
        o.gpus = td.coloc[kc].gpus + td.decode[kd].gpus;
        if (kd > 0) o.key = td.decode_key[kd];
        out.push_back(o);
      }
    }
  }
  return out;
}

struct Rankings {
  Ranking<decltype(&goodput_better)> by_goodput, best_coloc, best_disagg;
  Ranking<decltype(&dollar_better)> by_dollar;
  explicit Rankings(std::size_t keep)
      : by_goodput{keep, &goodput_better, {}, {}, false},
        best_coloc{1, &goodput_better, {}, {}, false},
        best_disagg{1, &goodput_better, {}, {}, false},
        by_dollar{keep, &dollar_better, {}, {}, false} {}
};

// The smallest receiving-bandwidth key among the decode groups of a combination.
int combination_key(const std::vector<std::vector<Option>>& options, const std::array<uint32_t, kMaxFleetGroups>& idx) {
  int key = std::numeric_limits<int>::max();
  for (std::size_t t = 0; t < options.size(); ++t) key = std::min(key, options[t][idx[t]].key);
  return key;
}

// One combination (an option per type) scored: false when it is no plan (prefill
// without decode or the reverse, a prefill group that serves nothing under the
// combination's key, or a duplicate with GPUs idle).
bool score_combination(const std::vector<TypeData>& types, const std::vector<std::vector<Option>>& options,
                       const std::array<uint32_t, kMaxFleetGroups>& idx, double offered, Cand& c, bool& disagg) {
  double coloc = 0, decode = 0, gpus = 0, cost = 0, pre = 0;
  bool has_p = false, has_d = false;
  for (std::size_t t = 0; t < types.size(); ++t) {
    const Option& o = options[t][idx[t]];
    coloc += o.coloc;
    decode += o.decode;
    has_p = has_p || o.kp > 0;
    has_d = has_d || o.kd > 0;
  }
  if (has_p != has_d) return false;
  const int key = combination_key(options, idx);
  for (std::size_t t = 0; t < types.size(); ++t) {
    const Option& o = options[t][idx[t]];
    double g = o.gpus;
    if (o.kp > 0) {
      const Choice& ch = types[t].prefill[o.kp][static_cast<std::size_t>(key)];
      if (ch.rate <= 0) return false;
      // Same instances as one step fewer under this key: a duplicate with GPUs idle.
      if (o.kp > 1 && same_choice(ch, types[t].prefill[o.kp - 1][static_cast<std::size_t>(key)])) return false;
      pre += ch.rate;
      g += ch.gpus;
    }
    gpus += g;
    cost += g * types[t].price;
  }
  if (gpus <= 0) return false;
  c.goodput = std::min(offered, coloc + (has_p ? std::min(pre, decode) : 0.0));
  c.cost = cost;
  c.gpus = gpus;
  c.idx = idx;
  disagg = has_p;
  return true;
}

// 5. Every combination of one option per type, ranked.
int64_t search_combinations(const std::vector<TypeData>& types, const std::vector<std::vector<Option>>& options,
                            double offered, Rankings& rank) {
  int64_t searched = 0;
  const std::size_t nt = types.size();
  std::array<uint32_t, kMaxFleetGroups> idx{};
  for (;;) {
    Cand c;
    bool disagg = false;
    if (score_combination(types, options, idx, offered, c, disagg)) {
      ++searched;
      if (c.goodput > 0) {
        rank.by_goodput.add(c);
        rank.by_dollar.add(c);
        (disagg ? rank.best_disagg : rank.best_coloc).add(c);
      }
    }
    std::size_t t = 0;
    while (t < nt && ++idx[t] == options[t].size()) idx[t++] = 0;
    if (t == nt) break;
  }
  return searched;
}

// 6. A ranked combination as a plan, with its latencies at the operating rate.
Plan build_plan(const Cand& c, const std::vector<TypeData>& types, const std::vector<std::vector<Option>>& options,
                const PlanRequest& req) {
  Plan plan;
  const std::size_t key = static_cast<std::size_t>(combination_key(options, c.idx));
  std::vector<StageGroup> groups;
  for (std::size_t t = 0; t < types.size(); ++t) {
    const TypeData& td = types[t];
    const Option& o = options[t][c.idx[t]];
    int64_t used = 0;
    auto add = [&](const Choice& ch, Role role) {
      const InstanceProfile& p = td.configs[static_cast<std::size_t>(ch.cfg)];
      PlanRole r;
      r.gpu_id = td.group->gpu_id;
      r.role = role;
      r.instances = static_cast<int64_t>(ch.inst);
      r.tp = p.tp;
      r.pp = p.pp;
      r.dp_attention = p.dp_attention;
      r.chunk_tokens = static_cast<int64_t>(p.chunk_tokens);
      r.chunk_default = p.chunk_budget == 0;
      r.gpus = r.instances * p.tp * p.pp;
      r.max_rate_rps = ch.rate;
      r.usd_per_gpu_hour = td.price;
      used += r.gpus;
      plan.roles.push_back(r);
      groups.push_back(StageGroup{&p, ch.inst, role});
    };
    if (o.kp > 0) add(td.prefill[o.kp][key], Role::Prefill);
    if (o.kd > 0) add(td.decode[o.kd], Role::Decode);
    if (o.kc > 0) add(td.coloc[o.kc], Role::Colocated);
    if (td.group->count > used) {
      PlanRole r;
      r.gpu_id = td.group->gpu_id;
      r.gpus = td.group->count - used;
      r.usd_per_gpu_hour = td.price;
      plan.roles.push_back(r);
    }
    plan.disaggregated = plan.disaggregated || o.kp > 0;
    plan.colocated = plan.colocated || o.kc > 0;
  }
  plan.serving = evaluate_groups(groups, req.workload, req.link, &plan.transfer);
  return plan;
}

}  // namespace

PlanResult plan_fleet(const PlanRequest& req) {
  PlanResult res;
  if (validate(req)) return res;
  const Workload& w = req.workload;
  const ModelArch* model = resolve_model(req.base);
  if (!model) return res;
  res.valid = true;
  res.kv_bytes_per_token = kv_bytes_per_token(*model, bytes_per_element(req.base.kv));
  res.kv_transfer_bytes_per_request = kv_transfer_bytes(req.base, d(w.input_tokens));

  std::vector<TypeData> types = profile_types(req, *model, res);
  coarsen_steps(types, req.max_combinations);
  for (const TypeData& td : types) res.step_gpus.push_back(td.step);
  const std::vector<double> keys = choose_colocated_and_decode(types, req, res.searched);
  choose_prefill(types, keys, w, req.link);
  std::vector<std::vector<Option>> options;
  for (const TypeData& td : types) options.push_back(role_options(td, keys.size()));

  Rankings rank(static_cast<std::size_t>(req.top));
  res.combinations = search_combinations(types, options, w.rate_rps, rank);

  auto build = [&](const Cand& c) { return build_plan(c, types, options, req); };
  for (const Cand& c : rank.by_goodput.sorted()) res.plans.push_back(build(c));
  for (const Cand& c : rank.by_dollar.sorted()) res.plans_per_dollar.push_back(build(c));
  if (!res.plans.empty()) res.best = res.plans.front();
  if (!res.plans_per_dollar.empty()) res.best_per_dollar = res.plans_per_dollar.front();
  for (const Cand& c : rank.best_coloc.sorted()) res.best_colocated = build(c);
  for (const Cand& c : rank.best_disagg.sorted()) res.best_disaggregated = build(c);
  return res;
}

}  // namespace infercalc
