// The queues behind disagg.h: a prefill stage (G/G/c, Allen-Cunneen), a decode stage
// (M/G/inf concurrency, Little's law), colocated serving (prefill chunks in every decode
// step), the largest rate meeting the targets, and groups of stages serving together.
// docs/disaggregation.md states each approximation.
#include <algorithm>
#include <cmath>

#include "core/disagg.h"

namespace infercalc {
namespace {

double d(int64_t v) { return static_cast<double>(v); }

// Erlang C: probability an arrival waits in an M/M/c queue with offered load a = lambda / mu.
// Erlang B = Poisson(a) pmf(c) / cdf(c); for many servers the cdf is summed outward from
// its peak at m = floor(a) until the terms vanish (O(sqrt a) terms, not O(c)).
double erlang_c(double servers, double a) {
  const double c = std::floor(std::max(1.0, servers));
  if (!(a > 0)) return 0;
  if (a >= c) return 1;
  double b = 1;
  if (c <= 64) {
    for (double k = 1; k <= c; ++k) b = a * b / (k + a * b);  // the stable recursion
  } else {
    // Terms a^m / m! relative to the one at m = c.
    const double m0 = std::min(c, std::floor(a));
    const double log_peak = (m0 - c) * std::log(a) + std::lgamma(c + 1) - std::lgamma(m0 + 1);
    if (log_peak > 690) return 0;  // B < 1e-300: nobody waits
    const double peak = std::exp(log_peak);
    double sum = peak, t = peak;
    for (double m = m0 + 1; m <= c; ++m) {
      t *= a / m;
      sum += t;
      if (t < 1e-17 * sum) break;
    }
    t = peak;
    for (double m = m0; m >= 1; --m) {
      t *= m / a;
      sum += t;
      if (t < 1e-17 * sum) break;
    }
    b = 1 / sum;
  }
  const double rho = a / c;
  return b / (1 - rho * (1 - b));
}

// Allen-Cunneen G/G/c waiting time: mean and p-quantile (seconds). The conditional
// wait is taken as exponential with mean (ca^2 + cs^2) / 2 / (c mu - lambda).
struct Wait {
  double mean = 0, quantile = 0;
};
Wait gg_c_wait(double servers, double mu, double lambda, double cs2, double p) {
  Wait w;
  if (lambda <= 0) return w;
  const double pw = erlang_c(servers, lambda / mu);
  const double theta = (1 + cs2) / 2 / (servers * mu - lambda);
  w.mean = pw * theta;
  const double tail = 1 - p;
  w.quantile = pw > tail ? theta * std::log(pw / tail) : 0;
  return w;
}

// The largest rate in (0, hi] at which ok() holds, by bisection (ok is monotone:
// true at low rates, false beyond some rate). 0 when it fails even at hi x 1e-9.
template <class Ok>
double sup_rate(double hi, Ok ok) {
  if (!(hi > 0) || !std::isfinite(hi)) return 0;
  if (ok(hi)) return hi;
  double lo = hi * 1e-9;
  if (!ok(lo)) return 0;
  for (int i = 0; i < 40; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

// Mean decode concurrency per instance solving b = lambda_i x output x step(b) (Little),
// where step(b) = tpot(b) x stretch seconds: the smallest root, exact on the piecewise
// linear tpot table. Negative when even max_batch falls short.
double solve_batch(const InstanceProfile& p, double lambda_i, double output, double stretch) {
  const double c = lambda_i * output * 1e-3 * stretch;
  if (p.max_batch - c * p.tpot_ms(p.max_batch) < 0) return -1;
  const std::vector<double>& b = p.tpot_b;
  const std::vector<double>& t = p.tpot_ms_at;
  if (c * t.front() <= b.front()) return c * t.front();  // below one sequence tpot is flat
  for (std::size_t i = 1; i < b.size(); ++i) {
    if (b[i] - c * t[i] < 0) continue;
    const double slope = (t[i] - t[i - 1]) / (b[i] - b[i - 1]);
    const double root = c * (t[i - 1] - slope * b[i - 1]) / (1 - c * slope);
    return std::clamp(root, b[i - 1], b[i]);
  }
  return p.max_batch;
}

double quantile_count(double mean, double z) { return std::max(0.0, mean + z * std::sqrt(std::max(0.0, mean))); }

bool within(double v, double target) { return v <= target * (1 + 1e-12); }

}  // namespace

// --- stages -------------------------------------------------------------------------------
StageMetrics prefill_stage(const InstanceProfile& p, double instances, double rate, const Workload& w,
                           const SendSide& send) {
  StageMetrics m;
  m.rate_rps = rate;
  if (!p.fits || instances < 1) return m;
  const double mu = p.prefill_rate_rps;
  if (rate >= instances * mu) return m;
  const double cs2 = w.input_cv * w.input_cv;
  const Wait wait = gg_c_wait(instances, mu, rate, cs2, w.percentile);
  m.utilization = rate / (instances * mu);
  double transfer_p = 0, transfer_mean = 0;
  if (send.recv_bytes_per_s > 0) {
    const double bw = std::min(kv_link_bytes_per_s(p), send.recv_bytes_per_s);
    if (!(bw > 0)) return m;
    // Each instance's NICs carry its own prompts' KV: M/D/1 waiting on the link.
    const double rho = rate / instances * p.kv_bytes / bw;
    if (rho >= 1) return m;
    const double stretch = 1 + rho / (2 * (1 - rho));
    transfer_p = send.latency_ms * 1e-3 +
                 kv_after_prefill_s(p.kv_bytes_p / bw * stretch, p.prefill_ms_p * 1e-3, p.layers, w.overlap_transfer);
    transfer_mean = send.latency_ms * 1e-3 +
                    kv_after_prefill_s(p.kv_bytes / bw * stretch, p.prefill_ms * 1e-3, p.layers, w.overlap_transfer);
  }
  m.stable = true;
  m.transfer_ms = transfer_p * 1e3;
  m.ttft_ms = (wait.quantile + p.prefill_ms_p * 1e-3 + transfer_p) * 1e3;
  m.ttft_mean_ms = (wait.mean + p.prefill_ms * 1e-3 + transfer_mean) * 1e3;
  return m;
}

StageMetrics decode_stage(const InstanceProfile& p, double instances, double rate, const Workload& w) {
  StageMetrics m;
  m.rate_rps = rate;
  if (!p.fits || instances < 1) return m;
  const double b = solve_batch(p, rate / instances, d(w.output_tokens), 1);
  if (b < 0) return m;
  const double z = normal_quantile(w.percentile);
  const double bp = std::min(p.max_batch, quantile_count(b, z));
  m.stable = true;
  m.batch = b;
  m.utilization = b / p.max_batch;
  m.tpot_ms = p.tpot_ms(bp);
  m.tpot_mean_ms = p.tpot_ms(b);
  return m;
}

StageMetrics colocated_stage(const InstanceProfile& p, double instances, double rate, const Workload& w) {
  StageMetrics m;
  m.rate_rps = rate;
  if (!p.fits || instances < 1) return m;
  const double li = rate / instances;
  const double work = p.prefill_work_s;
  const double rho_p = li * work;  // share of each step spent on prefill chunks
  if (rho_p >= 1) return m;
  const double stretch = 1 / (1 - rho_p);
  const double b = solve_batch(p, li, d(w.output_tokens), stretch);
  if (b < 0) return m;
  const double z = normal_quantile(w.percentile);
  const double step = p.tpot_ms(b) * 1e-3;  // decode part of a step
  const double tau = step * stretch;        // whole step, prefill chunks included
  // TPOT: the decode step at the percentile concurrency plus the prefill work of the
  // prompts that arrive while a short request decodes (compound Poisson count).
  const double o = p.output_lo;
  const double arrivals = li * o * tau;
  const double spread = std::sqrt(arrivals * (1 + w.input_cv * w.input_cv));
  const double extra = std::max(0.0, arrivals + z * spread);
  const double bp = std::min(p.max_batch, quantile_count(b, z));
  // A step carries at most `chunk` prompt tokens: the budget less one token per running
  // sequence (vLLM's scheduler and SGLang's both schedule the running decodes first). A
  // burst of arrivals beyond that waits for later steps (its TTFT, below) instead of
  // stretching this request's steps, so the prefill share of a step is capped at
  // chunk tokens' work. The mean is not: the same work is done, spread over more steps.
  const double chunk = std::max(1.0, p.chunk_tokens - b);
  const double step_prefill_cap = work * chunk / std::max(1.0, d(w.input_tokens));
  m.tpot_ms = (p.tpot_ms(bp) * 1e-3 + std::min(work * extra / o, step_prefill_cap)) * 1e3;
  m.tpot_mean_ms = tau * 1e3;
  // TTFT: prompts queue for the instance's prefill capacity, which shares every step
  // with the running decodes (chunked prefill: chunk = budget - running sequences).
  const double busy = std::min(1.0, b);  // no decode step to share while nothing runs
  const double steps = std::max(1.0, d(w.input_tokens) / chunk);
  const double steps_p = std::max(1.0, p.input_p / chunk);
  const double service = 1 / p.prefill_rate_rps + steps * step * busy;
  const double mu = 1 / service;
  if (li >= mu) return m;
  const Wait wait = gg_c_wait(instances, mu, rate, w.input_cv * w.input_cv, w.percentile);
  m.stable = true;
  m.batch = b;
  m.utilization = std::max(li / mu, b / p.max_batch);
  m.ttft_ms = (wait.quantile + p.prefill_ms_p * 1e-3 + steps_p * step * busy) * 1e3;
  m.ttft_mean_ms = (wait.mean + p.prefill_ms * 1e-3 + steps * step * busy) * 1e3;
  return m;
}

double prefill_max_rate(const InstanceProfile& p, double instances, const Workload& w, const SendSide& send,
                        bool slo) {
  if (!p.fits || instances < 1) return 0;
  double hi = instances * p.prefill_rate_rps;
  if (send.recv_bytes_per_s > 0 && p.kv_bytes > 0)
    hi = std::min(hi, instances * std::min(kv_link_bytes_per_s(p), send.recv_bytes_per_s) / p.kv_bytes);
  return sup_rate(hi, [&](double r) {
    const StageMetrics m = prefill_stage(p, instances, r, w, send);
    return m.stable && (!slo || within(m.ttft_ms, w.ttft_slo_ms));
  });
}

double decode_max_rate(const InstanceProfile& p, double instances, const Workload& w, bool slo) {
  if (!p.fits || instances < 1) return 0;
  const double hi = instances * p.max_batch / (d(w.output_tokens) * p.tpot_ms(p.max_batch) * 1e-3);
  return sup_rate(hi, [&](double r) {
    const StageMetrics m = decode_stage(p, instances, r, w);
    return m.stable && (!slo || within(m.tpot_ms, w.tpot_slo_ms));
  });
}

double colocated_max_rate(const InstanceProfile& p, double instances, const Workload& w, bool slo) {
  if (!p.fits || instances < 1) return 0;
  const double hi = instances * std::min(p.prefill_rate_rps,
                                         p.max_batch / (d(w.output_tokens) * p.tpot_ms(p.max_batch) * 1e-3));
  return sup_rate(hi, [&](double r) {
    const StageMetrics m = colocated_stage(p, instances, r, w);
    return m.stable && (!slo || (within(m.ttft_ms, w.ttft_slo_ms) && within(m.tpot_ms, w.tpot_slo_ms)));
  });
}

// --- groups ---------------------------------------------------------------------------------
SendSide send_side(const std::vector<StageGroup>& groups, const PoolLink& link) {
  SendSide s;
  s.latency_ms = link.latency_us * 1e-3;
  for (const StageGroup& g : groups) {
    if (g.role != Role::Decode || !g.profile || g.instances < 1) continue;
    const double recv = kv_link_bytes_per_s(*g.profile);
    s.recv_bytes_per_s = s.recv_bytes_per_s > 0 ? std::min(s.recv_bytes_per_s, recv) : recv;
  }
  return s;
}

namespace {

// What each group sustains: within the targets (`rate`) and at all (`cap`), summed by role.
struct GroupRates {
  std::vector<double> rate, cap;
  double coloc = 0, pre = 0, dec = 0, coloc_cap = 0, pre_cap = 0, dec_cap = 0;
  bool any = false, has_pre = false, has_dec = false, fits = true;
};

GroupRates group_rates(const std::vector<StageGroup>& groups, const Workload& w, const SendSide& send,
                       ServingResult& out) {
  GroupRates g;
  g.rate.assign(groups.size(), 0);
  g.cap.assign(groups.size(), 0);
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const StageGroup& s = groups[i];
    if (s.role == Role::Unused || s.instances < 1) continue;
    if (!s.profile || !s.profile->fits) {  // a pool that does not fit: no plan
      g.fits = false;
      return g;
    }
    g.any = true;
    out.gpus += s.instances * s.profile->gpus;
    out.usd_per_hour += s.instances * s.profile->gpus * s.profile->usd_per_gpu_hour;
    double *sum = nullptr, *sum_cap = nullptr;
    if (s.role == Role::Colocated) {
      g.rate[i] = colocated_max_rate(*s.profile, s.instances, w);
      g.cap[i] = colocated_max_rate(*s.profile, s.instances, w, false);
      sum = &g.coloc, sum_cap = &g.coloc_cap;
    } else if (s.role == Role::Prefill) {
      g.has_pre = true;
      g.rate[i] = prefill_max_rate(*s.profile, s.instances, w, send);
      g.cap[i] = prefill_max_rate(*s.profile, s.instances, w, send, false);
      sum = &g.pre, sum_cap = &g.pre_cap;
    } else {
      g.has_dec = true;
      g.rate[i] = decode_max_rate(*s.profile, s.instances, w);
      g.cap[i] = decode_max_rate(*s.profile, s.instances, w, false);
      sum = &g.dec, sum_cap = &g.dec_cap;
    }
    *sum += g.rate[i];
    *sum_cap += g.cap[i];
  }
  return g;
}

// The worst group's percentile latencies (and rate-weighted means) when each group
// carries its share of the operating rate; `transfer` gets the slowest pair's KV.
struct Latencies {
  double ttft = 0, tpot = 0, ttft_mean = 0, tpot_mean = 0, weight_t = 0, weight_d = 0;
};

Latencies latencies_at(const std::vector<StageGroup>& groups, const GroupRates& g, const Workload& w,
                       const SendSide& send, const ServingResult& out, KvTransfer* transfer) {
  Latencies l;
  // Operating point: the goodput, split in proportion to what each group sustains
  // within the targets; with no goodput, a vanishing load split by capacity.
  const bool by_slo = out.goodput_rps > 0;
  const double within_targets = g.coloc + std::min(g.pre, g.dec);
  const double total = by_slo ? within_targets : out.capacity_rps;
  const double op = by_slo ? out.goodput_rps : out.capacity_rps * 1e-9;
  const double share = total > 0 ? op / total : 0;
  const double pd_total = by_slo ? std::min(g.pre, g.dec) : std::min(g.pre_cap, g.dec_cap);
  const double pre_sum = by_slo ? g.pre : g.pre_cap, dec_sum = by_slo ? g.dec : g.dec_cap;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const StageGroup& s = groups[i];
    if (s.role == Role::Unused || s.instances < 1) continue;
    const double own = by_slo ? g.rate[i] : g.cap[i];
    if (s.role == Role::Colocated) {
      const double r = share * own;
      if (r <= 0) continue;
      const StageMetrics m = colocated_stage(*s.profile, s.instances, r, w);
      l.ttft = std::max(l.ttft, m.ttft_ms);
      l.tpot = std::max(l.tpot, m.tpot_ms);
      l.ttft_mean += r * m.ttft_mean_ms;
      l.tpot_mean += r * m.tpot_mean_ms;
      l.weight_t += r;
      l.weight_d += r;
    } else if (s.role == Role::Prefill) {
      const double r = pre_sum > 0 ? share * pd_total * own / pre_sum : 0;
      if (r <= 0) continue;
      const StageMetrics m = prefill_stage(*s.profile, s.instances, r, w, send);
      l.ttft = std::max(l.ttft, m.ttft_ms);
      l.ttft_mean += r * m.ttft_mean_ms;
      l.weight_t += r;
      if (transfer) {
        // The slowest pair's transfer of the mean prompt (receivers filled in below).
        const KvTransfer t = kv_transfer_of(s.profile->kv_bytes, s.profile->kv_senders, s.profile->link_bytes_per_s, 1,
                                            send.recv_bytes_per_s, send.latency_ms, s.profile->prefill_ms,
                                            s.profile->layers);
        if (t.bytes_per_s > 0 && t.serial_ms >= transfer->serial_ms) {
          *transfer = t;
          transfer->receivers = 0;
        }
      }
    } else {
      const double r = dec_sum > 0 ? share * pd_total * own / dec_sum : 0;
      if (r <= 0) continue;
      const StageMetrics m = decode_stage(*s.profile, s.instances, r, w);
      l.tpot = std::max(l.tpot, m.tpot_ms);
      l.tpot_mean += r * m.tpot_mean_ms;
      l.weight_d += r;
    }
  }
  if (transfer && transfer->bytes_per_s > 0) {
    // Receivers of the slowest decode instance (for the report).
    for (const StageGroup& s : groups)
      if (s.role == Role::Decode && s.profile && s.instances >= 1 &&
          kv_link_bytes_per_s(*s.profile) <= send.recv_bytes_per_s * (1 + 1e-12))
        transfer->receivers = s.profile->kv_senders;
  }
  return l;
}

}  // namespace

ServingResult evaluate_groups(const std::vector<StageGroup>& groups, const Workload& w, const PoolLink& link,
                              KvTransfer* transfer) {
  ServingResult out;
  if (transfer) *transfer = KvTransfer{};
  const SendSide send = send_side(groups, link);
  const GroupRates g = group_rates(groups, w, send, out);
  if (!g.fits || !g.any || g.has_pre != g.has_dec) return out;
  out.valid = true;
  out.capacity_rps = g.coloc_cap + std::min(g.pre_cap, g.dec_cap);
  out.goodput_rps = std::min(w.rate_rps, g.coloc + std::min(g.pre, g.dec));
  out.operating_rps = out.goodput_rps > 0 ? out.goodput_rps : 0;
  const Latencies l = latencies_at(groups, g, w, send, out, transfer);
  out.ttft_ms = l.ttft;
  out.tpot_ms = l.tpot;
  out.ttft_mean_ms = l.weight_t > 0 ? l.ttft_mean / l.weight_t : 0;
  out.tpot_mean_ms = l.weight_d > 0 ? l.tpot_mean / l.weight_d : 0;
  out.meets_slo = out.goodput_rps > 0 && within(l.ttft, w.ttft_slo_ms * (1 + 1e-9)) &&
                  within(l.tpot, w.tpot_slo_ms * (1 + 1e-9));
  out.output_tokens_per_s = std::min(w.rate_rps, out.capacity_rps) * d(w.output_tokens);
  if (out.gpus > 0) out.goodput_rps_per_gpu = out.goodput_rps / out.gpus;
  if (out.usd_per_hour > 0) out.goodput_rps_per_usd_hour = out.goodput_rps / out.usd_per_hour;
  if (out.goodput_rps > 0)
    out.usd_per_million_output_tokens = out.usd_per_hour / (out.goodput_rps * d(w.output_tokens) * 3600) * 1e6;
  return out;
}

}  // namespace infercalc
