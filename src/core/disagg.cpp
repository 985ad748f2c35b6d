// Prefill/decode disaggregation: link presets, validation, KV transfer, the
// instance profile and a prefill/decode pair. The queues are in serving.cpp;
// docs/disaggregation.md explains the approximations.
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

// GPUs of an instance holding distinct KV: TP ranks beyond the KV heads hold copies
// (the MLA latent is whole on every rank, so each can send a slice), times the stages.
double kv_senders(const ModelArch& m, int64_t tp, int64_t pp) {
  const double ranks = m.mla.is_mla() ? d(tp) : std::min(d(tp), d(m.kv_heads));
  return ranks * d(pp);
}

}  // namespace

// --- links and prices (the GPU table's) ------------------------------------------------------------------
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
  const Gpu* g = gpu_catalog().find(std::string(gpu_id));
  return g ? g->usd_per_hour : -1;
}

bool has_listed_usd_per_gpu_hour(std::string_view gpu_id) { return default_usd_per_gpu_hour(gpu_id) >= 0; }

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
    return Error{"pool-link-gbps", "must be from 1 to 10000 Gb/s per GPU (0 = the GPU's NVLink)"};
  if (l.gbps == 0 && l.kind != LinkKind::Nvlink)
    return Error{"pool-link-gbps", "0 (the GPU's own bandwidth) is only meaningful with --pool-link nvlink"};
  if (!(l.latency_us >= 0 && l.latency_us <= 1e6)) return Error{"pool-link-latency-us", "must be from 0 to 1000000 us"};
  if (!(l.efficiency >= 0.05 && l.efficiency <= 1)) return Error{"pool-link-efficiency", "must be from 0.05 to 1"};
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
  if (pool_usd_per_gpu_hour(p) < 0)
    return Error{prefix + "-usd-per-gpu-hour", "'" + p.gpu_id + "' has no price in the GPU table; give one"};
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
// Time the KV of a prompt still needs once its prefill ends: sent layer by layer,
// the last layer's share leaves after prefill, and a link slower than prefill delays
// the rest. Seconds; latency excluded.
double kv_after_prefill_s(double transfer_s, double prefill_s, double layers, bool overlap) {
  if (!overlap) return transfer_s;
  const double n = std::max(1.0, layers);
  return std::max(transfer_s / n, transfer_s - prefill_s * (n - 1) / n);
}

double kv_transfer_bytes(const Scenario& base, double prompt_tokens) {
  const ModelArch* m = resolve_model(base);
  if (!m) return 0;
  return kv_bytes_for_sequence(*m, bytes_per_element(base.kv), prompt_tokens);
}

KvTransfer kv_transfer_of(double bytes, double senders, double send_bytes_per_s_per_gpu, double receivers,
                          double recv_bytes_per_s_per_gpu, double latency_ms, double prefill_ms, double layers) {
  KvTransfer t;
  t.bytes_per_request = bytes;
  t.senders = senders;
  t.receivers = receivers;
  t.bytes_per_s = std::min(senders * send_bytes_per_s_per_gpu, receivers * recv_bytes_per_s_per_gpu);
  t.latency_ms = latency_ms;
  if (t.bytes_per_s <= 0) return t;
  const double s = bytes / t.bytes_per_s;
  t.serial_ms = latency_ms + s * 1e3;
  t.overlapped_ms = latency_ms + kv_after_prefill_s(s, prefill_ms * 1e-3, layers, true) * 1e3;
  return t;
}

KvTransfer kv_transfer(const Scenario& base, const Pool& prefill, const Pool& decode, const PoolLink& link,
                       double prompt_tokens, double prefill_ms) {
  const ModelArch* m = resolve_model(base);
  const Gpu* gs = gpu_catalog().find(prefill.gpu_id);
  const Gpu* gr = gpu_catalog().find(decode.gpu_id);
  if (!m || !gs || !gr) return KvTransfer{};
  return kv_transfer_of(kv_transfer_bytes(base, prompt_tokens), kv_senders(*m, prefill.tp, prefill.pp),
                        link_bytes_per_s(link, *gs), kv_senders(*m, decode.tp, decode.pp), link_bytes_per_s(link, *gr),
                        link.latency_us * 1e-3, prefill_ms, d(m->layers));
}

double kv_link_bytes_per_s(const InstanceProfile& p) { return p.kv_senders * p.link_bytes_per_s; }

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
                             const Workload& w, const PoolLink& link, double usd_per_gpu_hour, bool dp_attention,
                             int64_t chunk_budget) {
  InstanceProfile p;
  p.chunk_budget = chunk_budget;
  p.gpu_id = gpu_id;
  p.tp = tp;
  p.pp = pp;
  p.dp_attention = dp_attention;
  p.gpus = d(tp * pp);
  // validate() refuses a pool or fleet without a price; 0 keeps sums finite if one slips by.
  p.usd_per_gpu_hour = std::max(0.0, usd_per_gpu_hour >= 0 ? usd_per_gpu_hour : default_usd_per_gpu_hour(gpu_id));
  Scenario s = base;
  s.gpu_id = gpu_id;
  s.tp = tp;
  s.pp = pp;
  // Data-parallel attention runs the experts expert-parallel over its ranks (SGLang
  // --ep-size, vLLM --enable-expert-parallel); without it ep stays 1: ep <= tp alone only
  // adds all-to-all time in this model (estimate.cpp), so it can never win a plan.
  s.dp_attention = dp_attention;
  s.ep = dp_attention ? tp : 1;
  s.gpus = tp * pp;
  // The budget reaches every estimate below: prefill chunks, the activation memory the
  // engine reserves for one step (so the KV pool and the concurrency), SGLang's reserve.
  if (chunk_budget > 0) s.max_num_batched_tokens = chunk_budget;
  s.input_tokens = w.input_tokens;
  s.output_tokens = w.output_tokens;
  s.batch = 1;
  s.batch_max = false;
  // The profile wants the phases alone (a batch's prefill, decode steps without new
  // arrivals): the queueing below adds the arrivals, so the estimates run as a burst.
  s.workload = WorkloadMode::Burst;
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
  p.chunk_tokens = static_cast<double>(one.engine.max_num_batched_tokens);  // the engine version's step budget
  p.chunked_prefill = one.engine.chunked_prefill;
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
