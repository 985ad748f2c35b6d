// Prefill/decode disaggregation: KV transfer, queueing of each stage, goodput.
// docs/disaggregation.md explains the approximations; disagg.h lists them.
#include "core/disagg.h"

#include <algorithm>
#include <cmath>

#include "core/engine.h"
#include "core/estimate.h"
#include "core/formats.h"
#include "core/model.h"
#include "core/scenario_check.h"

namespace infercalc {
namespace {

double d(int64_t v) { return static_cast<double>(v); }

const std::vector<LinkPreset> kLinks = {
    {LinkKind::Nvlink, "nvlink", "NVLink (same node, the GPU's one-way NVLink)", 0, 5},
    {LinkKind::IbNdr, "ib-ndr", "InfiniBand NDR 400 Gb/s", 400, 10},
    {LinkKind::IbHdr, "ib-hdr", "InfiniBand HDR 200 Gb/s", 200, 10},
    {LinkKind::Roce200, "roce-200", "RoCE 200 Gb/s", 200, 20},
    {LinkKind::Roce100, "roce-100", "RoCE 100 Gb/s", 100, 20},
    {LinkKind::Eth100, "eth-100", "Ethernet 100 Gb/s (TCP)", 100, 50},
    {LinkKind::Eth25, "eth-25", "Ethernet 25 Gb/s (TCP)", 25, 50},
};

struct Price {
  const char* id;
  double usd;
};
// Illustrative on-demand prices per GPU-hour (2024-25 public cloud list prices,
// rounded); docs/disaggregation.md. Edit per fleet group or pool.
const Price kPrices[] = {
    {"v100-sxm2-16gb", 0.80}, {"v100-pcie-16gb", 0.70}, {"v100-sxm2-32gb", 0.90}, {"v100-pcie-32gb", 0.80},
    {"t4", 0.35},             {"a100-sxm4-40gb", 1.30}, {"a100-sxm4-80gb", 1.80}, {"a100-pcie-40gb", 1.20},
    {"a100-pcie-80gb", 1.60}, {"a10", 0.75},            {"a10g", 1.00},           {"rtx-3090", 0.25},
    {"rtx-3090-ti", 0.30},    {"rtx-4090", 0.40},       {"l4", 0.50},             {"l40s", 1.00},
    {"h100-sxm", 3.00},       {"h100-pcie", 2.50},      {"h100-nvl", 2.80},       {"h200-sxm", 3.80},
    {"h200-nvl", 3.50},       {"gh200", 3.20},          {"b200", 6.00},           {"gb200", 7.00},
    {"mi300x", 2.50},         {"mi325x", 3.00},
};

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

// Time the KV of a prompt still needs once its prefill ends: sent layer by layer,
// the last layer's share leaves after prefill, and a link slower than prefill delays
// the rest. Seconds; latency excluded.
double after_prefill_s(double transfer_s, double prefill_s, double layers, bool overlap) {
  if (!overlap) return transfer_s;
  const double n = std::max(1.0, layers);
  return std::max(transfer_s / n, transfer_s - prefill_s * (n - 1) / n);
}

// GPUs of an instance holding distinct KV: TP ranks beyond the KV heads hold copies
// (the MLA latent is whole on every rank, so each can send a slice), times the stages.
double kv_senders(const ModelArch& m, int64_t tp, int64_t pp) {
  const double ranks = m.mla.is_mla() ? d(tp) : std::min(d(tp), d(m.kv_heads));
  return ranks * d(pp);
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

// --- links and prices ------------------------------------------------------------------
const std::vector<LinkPreset>& link_presets() { return kLinks; }

const LinkPreset* find_link_preset(std::string_view id) {
  for (const LinkPreset& l : kLinks)
    if (id == l.id) return &l;
  return nullptr;
}

const LinkPreset& link_preset(LinkKind k) {
  for (const LinkPreset& l : kLinks)
    if (l.kind == k) return l;
  return kLinks[1];
}

const char* allowed_links() { return "nvlink, ib-ndr, ib-hdr, roce-200, roce-100, eth-100, eth-25"; }

PoolLink pool_link(LinkKind k) {
  const LinkPreset& p = link_preset(k);
  PoolLink l;
  l.kind = k;
  l.gbps = p.gbps;
  l.latency_us = p.latency_us;
  return l;
}

double link_bytes_per_s(const PoolLink& link, const Gpu& g) {
  double bytes = link.gbps / 8 * 1e9;
  if (link.gbps <= 0) bytes = (g.has_nvlink() ? g.gpu_link_gbs_bidir : g.pcie_gbs_bidir) / 2 * 1e9;
  return bytes * link.efficiency;
}

double default_usd_per_gpu_hour(std::string_view gpu_id) {
  for (const Price& p : kPrices)
    if (gpu_id == p.id) return p.usd;
  return 2.0;
}

double pool_usd_per_gpu_hour(const Pool& p) {
  return p.usd_per_gpu_hour >= 0 ? p.usd_per_gpu_hour : default_usd_per_gpu_hour(p.gpu_id);
}

const char* name(Role r) {
  switch (r) {
    case Role::Unused: return "unused";
    case Role::Prefill: return "prefill";
    case Role::Decode: return "decode";
    case Role::Colocated: return "colocated";
  }
  return "unused";
}

// --- validation --------------------------------------------------------------------------
std::optional<Error> validate(const Workload& w) {
  if (!(w.rate_rps > 0 && w.rate_rps <= WorkloadLimits::kMaxRate))
    return Error{"rate", "must be an arrival rate above 0 and at most 1000000 requests/s"};
  const std::string max_tokens = std::to_string(Limits::kMaxTokens);
  if (w.input_tokens < 1 || w.input_tokens > Limits::kMaxTokens)
    return Error{"input", "must be a whole number of tokens from 1 to " + max_tokens};
  if (w.output_tokens < 1 || w.output_tokens > Limits::kMaxTokens)
    return Error{"output", "must be a whole number of tokens from 1 to " + max_tokens};
  if (!(w.input_cv >= 0 && w.input_cv <= WorkloadLimits::kMaxCv))
    return Error{"input-cv", "must be a coefficient of variation from 0 to 10"};
  if (!(w.output_cv >= 0 && w.output_cv <= WorkloadLimits::kMaxCv))
    return Error{"output-cv", "must be a coefficient of variation from 0 to 10"};
  if (!(w.ttft_slo_ms > 0 && w.ttft_slo_ms <= WorkloadLimits::kMaxSloMs))
    return Error{"ttft-slo-ms", "must be a target above 0 and at most 10000000 ms"};
  if (!(w.tpot_slo_ms > 0 && w.tpot_slo_ms <= WorkloadLimits::kMaxSloMs))
    return Error{"tpot-slo-ms", "must be a target above 0 and at most 10000000 ms"};
  if (!(w.percentile >= 0.5 && w.percentile <= 0.999))
    return Error{"percentile", "must be from 50 to 99.9"};
  return std::nullopt;
}

std::optional<Error> validate(const PoolLink& l) {
  if (!(l.gbps >= 0 && l.gbps <= Limits::kMaxInternodeGbps))
    return Error{"link-gbps", "must be from 1 to 10000 Gb/s per GPU (0 = the GPU's NVLink)"};
  if (l.gbps == 0 && l.kind != LinkKind::Nvlink)
    return Error{"link-gbps", "0 (the GPU's own bandwidth) is only meaningful with --link nvlink"};
  if (!(l.latency_us >= 0 && l.latency_us <= 1e6)) return Error{"link-latency-us", "must be from 0 to 1000000 us"};
  if (!(l.efficiency >= 0.05 && l.efficiency <= 1)) return Error{"link-efficiency", "must be from 0.05 to 1"};
  return std::nullopt;
}

std::optional<Error> validate(const Pool& p, const Scenario& base, const std::string& prefix) {
  Scenario s = base;
  s.gpu_id = p.gpu_id;
  s.gpus = p.gpus;
  s.tp = p.tp;
  s.pp = p.pp;
  s.ep = 1;
  s.batch = 1;
  s.batch_max = false;
  if (auto e = validate(s)) {
    if (e->field == "gpu" || e->field == "gpus" || e->field == "tp" || e->field == "pp")
      e->field = prefix + "-" + e->field;
    return e;
  }
  if (!(p.usd_per_gpu_hour < 0 || p.usd_per_gpu_hour <= Limits::kMaxUsdPerGpuHour))
    return Error{prefix + "-usd-per-gpu-hour", "must be from 0 to 1000 dollars"};
  return std::nullopt;
}

// --- lengths --------------------------------------------------------------------------
double normal_quantile(double p) {
  // Acklam's rational approximation (relative error < 1.2e-9).
  if (!(p > 0)) return -40;
  if (!(p < 1)) return 40;
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                             1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
  static const double e[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double lo = 0.02425;
  if (p < lo) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((e[0] * q + e[1]) * q + e[2]) * q + e[3]) * q + 1);
  }
  if (p > 1 - lo) return -normal_quantile(1 - p);
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

double length_quantile(double mean, double cv, double p) {
  if (!(cv > 0)) return mean;
  const double s2 = std::log1p(cv * cv);
  return mean * std::exp(normal_quantile(p) * std::sqrt(s2) - s2 / 2);
}

// --- KV transfer ------------------------------------------------------------------------
double kv_transfer_bytes(const Scenario& base, double prompt_tokens) {
  const ModelArch* m = resolve_model(base);
  if (!m) return 0;
  return kv_bytes_for_sequence(*m, bytes_per_element(base.kv), prompt_tokens);
}

KvTransfer kv_transfer(const Scenario& base, const Pool& prefill, const Pool& decode, const PoolLink& link,
                       double prompt_tokens, double prefill_ms) {
  KvTransfer t;
  const ModelArch* m = resolve_model(base);
  const Gpu* gs = gpu_catalog().find(prefill.gpu_id);
  const Gpu* gr = gpu_catalog().find(decode.gpu_id);
  if (!m || !gs || !gr) return t;
  t.bytes_per_request = kv_transfer_bytes(base, prompt_tokens);
  t.senders = kv_senders(*m, prefill.tp, prefill.pp);
  t.receivers = kv_senders(*m, decode.tp, decode.pp);
  t.bytes_per_s = std::min(t.senders * link_bytes_per_s(link, *gs), t.receivers * link_bytes_per_s(link, *gr));
  t.latency_ms = link.latency_us * 1e-3;
  if (t.bytes_per_s <= 0) return t;
  const double s = t.bytes_per_request / t.bytes_per_s;
  t.serial_ms = t.latency_ms + s * 1e3;
  t.overlapped_ms = t.latency_ms + after_prefill_s(s, prefill_ms * 1e-3, d(m->layers), true) * 1e3;
  return t;
}

// --- instance profile ---------------------------------------------------------------------
double InstanceProfile::tpot_ms(double b) const {
  if (tpot_b.empty()) return 0;
  if (b <= tpot_b.front()) return tpot_ms_at.front();
  for (std::size_t i = 1; i < tpot_b.size(); ++i) {
    if (b <= tpot_b[i]) {
      const double f = (b - tpot_b[i - 1]) / (tpot_b[i] - tpot_b[i - 1]);
      return tpot_ms_at[i - 1] + f * (tpot_ms_at[i] - tpot_ms_at[i - 1]);
    }
  }
  const std::size_t n = tpot_b.size();
  if (n < 2) return tpot_ms_at.back();
  const double slope = (tpot_ms_at[n - 1] - tpot_ms_at[n - 2]) / (tpot_b[n - 1] - tpot_b[n - 2]);
  return tpot_ms_at[n - 1] + slope * (b - tpot_b[n - 1]);
}

InstanceProfile make_profile(const Scenario& base, const std::string& gpu_id, int64_t tp, int64_t pp,
                             const Workload& w, const PoolLink& link, double usd_per_gpu_hour) {
  InstanceProfile p;
  p.gpu_id = gpu_id;
  p.tp = tp;
  p.pp = pp;
  p.gpus = d(tp * pp);
  p.usd_per_gpu_hour = usd_per_gpu_hour >= 0 ? usd_per_gpu_hour : default_usd_per_gpu_hour(gpu_id);
  Scenario s = base;
  s.gpu_id = gpu_id;
  s.tp = tp;
  s.pp = pp;
  s.ep = 1;
  s.gpus = tp * pp;
  s.input_tokens = w.input_tokens;
  s.output_tokens = w.output_tokens;
  s.batch = 1;
  s.batch_max = false;
  if (validate(s)) return p;
  const ModelArch* m = resolve_model(s);
  const Gpu* g = resolve_gpu(s);
  const Result one = estimate(s);
  if (!one.fits || !m || !g) return p;

  const double L = d(w.input_tokens), O = d(w.output_tokens);
  const double tokens_cap = d(Limits::kMaxTokens);
  p.input_p = std::clamp(std::round(length_quantile(L, w.input_cv, w.percentile)), 1.0, tokens_cap);
  p.output_lo = std::clamp(std::round(length_quantile(O, w.output_cv, 1 - w.percentile)), 1.0, tokens_cap);
  p.layers = d(m->layers);
  p.kv_senders = kv_senders(*m, tp, pp);
  p.link_bytes_per_s = link_bytes_per_s(link, *g);
  p.kv_bytes = kv_bytes_for_sequence(*m, bytes_per_element(s.kv), L);
  p.kv_bytes_p = kv_bytes_for_sequence(*m, bytes_per_element(s.kv), p.input_p);
  p.chunk_tokens = engine_params(s.engine).max_batched_tokens;
  p.prefill_ms = one.ttft_ms;

  Scenario sp = s;
  sp.input_tokens = static_cast<int64_t>(p.input_p);
  const Result longer = estimate(sp);
  p.prefill_ms_p = longer.fits ? longer.ttft_ms : one.ttft_ms * p.input_p / L;

  Scenario sm = s;
  sm.batch_max = true;
  const Result most = estimate(sm);
  p.max_batch = most.fits ? d(most.batch) : 1;

  // Back-to-back prefill: batches of as many prompts as one step's token budget holds.
  const double k = std::clamp(std::floor(p.chunk_tokens / L), 1.0, p.max_batch);
  Result batch = one;
  if (k > 1) {
    Scenario sk = s;
    sk.batch = static_cast<int64_t>(k);
    const Result rk = estimate(sk);
    if (rk.fits) batch = rk;
  }
  const double kk = d(batch.batch);
  p.prefill_rate_rps = kk / (batch.ttft_ms * 1e-3);
  p.prefill_work_s = std::max(1e-9, (batch.prefill_compute_ms + batch.prefill_comm_ms) / kk * 1e-3);

  // Decode step time against concurrency: powers of two up to the most the pool holds.
  for (double b = 1; b < p.max_batch; b *= 2) {
    Scenario sb = s;
    sb.batch = static_cast<int64_t>(b);
    const Result rb = estimate(sb);
    if (!rb.fits) break;
    p.tpot_b.push_back(b);
    p.tpot_ms_at.push_back(rb.tpot_ms);
  }
  if (p.tpot_b.empty() || p.tpot_b.back() < p.max_batch) {
    Scenario sb = s;
    sb.batch = static_cast<int64_t>(p.max_batch);
    const Result rb = estimate(sb);
    if (rb.fits) {
      p.tpot_b.push_back(p.max_batch);
      p.tpot_ms_at.push_back(rb.tpot_ms);
    } else if (!p.tpot_b.empty()) {
      p.max_batch = p.tpot_b.back();
    }
  }
  if (p.tpot_b.empty()) return p;
  p.fits = true;
  return p;
}

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
    const double bw = std::min(p.kv_senders * p.link_bytes_per_s, send.recv_bytes_per_s);
    if (!(bw > 0)) return m;
    // Each instance's NICs carry its own prompts' KV: M/D/1 waiting on the link.
    const double rho = rate / instances * p.kv_bytes / bw;
    if (rho >= 1) return m;
    const double stretch = 1 + rho / (2 * (1 - rho));
    transfer_p = send.latency_ms * 1e-3 +
                 after_prefill_s(p.kv_bytes_p / bw * stretch, p.prefill_ms_p * 1e-3, p.layers, w.overlap_transfer);
    transfer_mean = send.latency_ms * 1e-3 +
                    after_prefill_s(p.kv_bytes / bw * stretch, p.prefill_ms * 1e-3, p.layers, w.overlap_transfer);
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
  m.tpot_ms = (p.tpot_ms(bp) * 1e-3 + work * extra / o) * 1e3;
  m.tpot_mean_ms = tau * 1e3;
  // TTFT: prompts queue for the instance's prefill capacity, which shares every step
  // with the running decodes (chunked prefill: chunk = budget - running sequences).
  const double chunk = std::max(1.0, p.chunk_tokens - b);
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
    hi = std::min(hi, instances * std::min(p.kv_senders * p.link_bytes_per_s, send.recv_bytes_per_s) / p.kv_bytes);
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
    const double recv = g.profile->kv_senders * g.profile->link_bytes_per_s;
    s.recv_bytes_per_s = s.recv_bytes_per_s > 0 ? std::min(s.recv_bytes_per_s, recv) : recv;
  }
  return s;
}

ServingResult evaluate_groups(const std::vector<StageGroup>& groups, const Workload& w, const PoolLink& link,
                              KvTransfer* transfer) {
  ServingResult out;
  if (transfer) *transfer = KvTransfer{};
  const SendSide send = send_side(groups, link);
  const std::size_t n = groups.size();
  std::vector<double> rate(n, 0), cap(n, 0);
  double coloc = 0, pre = 0, dec = 0, coloc_cap = 0, pre_cap = 0, dec_cap = 0;
  bool any = false, has_pre = false, has_dec = false;
  for (std::size_t i = 0; i < n; ++i) {
    const StageGroup& g = groups[i];
    if (g.role == Role::Unused || g.instances < 1) continue;
    if (!g.profile || !g.profile->fits) return out;  // a pool that does not fit: no plan
    any = true;
    out.gpus += g.instances * g.profile->gpus;
    out.usd_per_hour += g.instances * g.profile->gpus * g.profile->usd_per_gpu_hour;
    if (g.role == Role::Colocated) {
      rate[i] = colocated_max_rate(*g.profile, g.instances, w);
      cap[i] = colocated_max_rate(*g.profile, g.instances, w, false);
      coloc += rate[i];
      coloc_cap += cap[i];
    } else if (g.role == Role::Prefill) {
      has_pre = true;
      rate[i] = prefill_max_rate(*g.profile, g.instances, w, send);
      cap[i] = prefill_max_rate(*g.profile, g.instances, w, send, false);
      pre += rate[i];
      pre_cap += cap[i];
    } else {
      has_dec = true;
      rate[i] = decode_max_rate(*g.profile, g.instances, w);
      cap[i] = decode_max_rate(*g.profile, g.instances, w, false);
      dec += rate[i];
      dec_cap += cap[i];
    }
  }
  if (!any || has_pre != has_dec) return out;
  out.valid = true;
  const double within_targets = coloc + std::min(pre, dec);
  out.capacity_rps = coloc_cap + std::min(pre_cap, dec_cap);
  out.goodput_rps = std::min(w.rate_rps, within_targets);
  // Operating point: the goodput, split in proportion to what each group sustains
  // within the targets; with no goodput, a vanishing load split by capacity.
  const bool by_slo = out.goodput_rps > 0;
  const double total = by_slo ? within_targets : out.capacity_rps;
  const double op = by_slo ? out.goodput_rps : out.capacity_rps * 1e-9;
  out.operating_rps = by_slo ? op : 0;
  const double share = total > 0 ? op / total : 0;
  const double pd_total = by_slo ? std::min(pre, dec) : std::min(pre_cap, dec_cap);
  const double pre_sum = by_slo ? pre : pre_cap, dec_sum = by_slo ? dec : dec_cap;
  double ttft = 0, tpot = 0, ttft_mean = 0, tpot_mean = 0, weight_t = 0, weight_d = 0;
  double slowest_transfer = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const StageGroup& g = groups[i];
    if (g.role == Role::Unused || g.instances < 1) continue;
    const double own = by_slo ? rate[i] : cap[i];
    if (g.role == Role::Colocated) {
      const double r = share * own;
      if (r <= 0) continue;
      const StageMetrics m = colocated_stage(*g.profile, g.instances, r, w);
      ttft = std::max(ttft, m.ttft_ms);
      tpot = std::max(tpot, m.tpot_ms);
      ttft_mean += r * m.ttft_mean_ms;
      tpot_mean += r * m.tpot_mean_ms;
      weight_t += r;
      weight_d += r;
    } else if (g.role == Role::Prefill) {
      const double r = pre_sum > 0 ? share * pd_total * own / pre_sum : 0;
      if (r <= 0) continue;
      const StageMetrics m = prefill_stage(*g.profile, g.instances, r, w, send);
      ttft = std::max(ttft, m.ttft_ms);
      ttft_mean += r * m.ttft_mean_ms;
      weight_t += r;
      if (transfer) {
        const double bw = std::min(g.profile->kv_senders * g.profile->link_bytes_per_s, send.recv_bytes_per_s);
        if (bw > 0 && g.profile->kv_bytes / bw >= slowest_transfer) {
          slowest_transfer = g.profile->kv_bytes / bw;
          KvTransfer& t = *transfer;
          t.bytes_per_request = g.profile->kv_bytes;
          t.senders = g.profile->kv_senders;
          t.bytes_per_s = bw;
          t.receivers = 0;
          t.latency_ms = send.latency_ms;
          const double s = g.profile->kv_bytes / bw;
          t.serial_ms = send.latency_ms + s * 1e3;
          t.overlapped_ms = send.latency_ms + after_prefill_s(s, g.profile->prefill_ms * 1e-3, g.profile->layers, true) * 1e3;
        }
      }
    } else {
      const double r = dec_sum > 0 ? share * pd_total * own / dec_sum : 0;
      if (r <= 0) continue;
      const StageMetrics m = decode_stage(*g.profile, g.instances, r, w);
      tpot = std::max(tpot, m.tpot_ms);
      tpot_mean += r * m.tpot_mean_ms;
      weight_d += r;
    }
  }
  if (transfer && transfer->bytes_per_s > 0) {
    // Receivers of the slowest decode instance (for the report).
    for (const StageGroup& g : groups)
      if (g.role == Role::Decode && g.profile && g.instances >= 1 &&
          g.profile->kv_senders * g.profile->link_bytes_per_s <= send.recv_bytes_per_s * (1 + 1e-12))
        transfer->receivers = g.profile->kv_senders;
  }
  out.ttft_ms = ttft;
  out.tpot_ms = tpot;
  out.ttft_mean_ms = weight_t > 0 ? ttft_mean / weight_t : 0;
  out.tpot_mean_ms = weight_d > 0 ? tpot_mean / weight_d : 0;
  out.meets_slo = by_slo && within(ttft, w.ttft_slo_ms * (1 + 1e-9)) && within(tpot, w.tpot_slo_ms * (1 + 1e-9));
  out.output_tokens_per_s = std::min(w.rate_rps, out.capacity_rps) * d(w.output_tokens);
  if (out.gpus > 0) out.goodput_rps_per_gpu = out.goodput_rps / out.gpus;
  if (out.usd_per_hour > 0) out.goodput_rps_per_usd_hour = out.goodput_rps / out.usd_per_hour;
  if (out.goodput_rps > 0)
    out.usd_per_million_output_tokens = out.usd_per_hour / (out.goodput_rps * d(w.output_tokens) * 3600) * 1e6;
  return out;
}

// --- a prefill pool and a decode pool -------------------------------------------------------
namespace {

bool pool_shape_ok(const Pool& p) { return p.tp >= 1 && p.pp >= 1 && p.gpus >= p.tp * p.pp; }

double pool_instances(const Pool& p) { return std::floor(d(p.gpus) / d(p.tp * p.pp)); }

}  // namespace

ServingResult evaluate_colocated(const Scenario& base, const Pool& pool, const Workload& w) {
  if (!pool_shape_ok(pool)) return ServingResult{};
  const PoolLink none;
  const InstanceProfile prof = make_profile(base, pool.gpu_id, pool.tp, pool.pp, w, none, pool_usd_per_gpu_hour(pool));
  return evaluate_groups({StageGroup{&prof, pool_instances(pool), Role::Colocated}}, w, none);
}

DisaggResult evaluate_disaggregated(const DisaggScenario& s) {
  DisaggResult r;
  if (!pool_shape_ok(s.prefill) || !pool_shape_ok(s.decode)) return r;
  const Workload& w = s.workload;
  const InstanceProfile pre = make_profile(s.base, s.prefill.gpu_id, s.prefill.tp, s.prefill.pp, w, s.link,
                                           pool_usd_per_gpu_hour(s.prefill));
  const InstanceProfile dec = make_profile(s.base, s.decode.gpu_id, s.decode.tp, s.decode.pp, w, s.link,
                                           pool_usd_per_gpu_hour(s.decode));
  r.transfer = kv_transfer(s.base, s.prefill, s.decode, s.link, d(w.input_tokens), pre.fits ? pre.prefill_ms : 0);
  r.disaggregated = evaluate_groups({StageGroup{&pre, pool_instances(s.prefill), Role::Prefill},
                                     StageGroup{&dec, pool_instances(s.decode), Role::Decode}},
                                    w, s.link);
  r.colocated = evaluate_groups({StageGroup{&pre, pool_instances(s.prefill), Role::Colocated},
                                 StageGroup{&dec, pool_instances(s.decode), Role::Colocated}},
                                w, s.link);
  return r;
}

}  // namespace infercalc
