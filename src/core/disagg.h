// Prefill/decode disaggregation (Splitwise, DistServe) against colocated serving.
//
// A request's prompt is prefilled on one pool of GPUs, its KV cache is sent over a
// link to another pool, which decodes it. Given an arrival rate, input and output
// length distributions and latency targets (TTFT and TPOT at a percentile), this
// computes the percentile TTFT and TPOT, the throughput and the goodput of a pool,
// queueing included, with every per-step time taken from estimate().
//
// Queueing (docs/disaggregation.md states the approximations and their limits):
//  - prefill: G/G/c with Allen-Cunneen: Poisson arrivals (ca^2 = 1), service time
//    SCV = input_cv^2, the Erlang-C probability of waiting, and an exponential tail
//    of the conditional wait with mean (ca^2 + cs^2) / 2 / (c mu - lambda);
//  - decode: concurrency is M/G/inf (Poisson, mean lambda x output x tpot by Little's
//    law); the percentile TPOT is the step time at the percentile concurrency;
//  - colocated: the same instances prefill and decode; each decode step also carries
//    the prefill chunks of arriving requests, so TPOT = decode step + the prefill work
//    that lands during a request's decoding (a compound Poisson count), and prefill
//    shares each step with the running decodes (chunked prefill);
//  - percentiles of lengths are log-normal quantiles (mean, coefficient of variation).
// Goodput: the largest arrival rate <= the offered rate at which the percentile TTFT
// and the percentile TPOT both meet their targets (0 when none does).
//
// Pure arithmetic; no files, clocks or exceptions.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/gpu.h"
#include "core/scenario.h"
#include "core/status.h"

namespace infercalc {

// --- The link between the prefill and decode pools ---------------------------------
enum class LinkKind : uint8_t { Nvlink, IbNdr, IbHdr, Roce200, Roce100, Eth100, Eth25 };

struct LinkPreset {
  LinkKind kind;
  const char* id;      // "ib-ndr", as the CLI spells it
  const char* name;    // "InfiniBand NDR 400 Gb/s"
  double gbps;         // per GPU, one direction; 0 for NVLink (the GPU's own NVLink)
  double latency_us;   // per transfer: NIC/switch latency plus the transfer engine's set-up
};
const std::vector<LinkPreset>& link_presets();
const LinkPreset* find_link_preset(std::string_view id);
const LinkPreset& link_preset(LinkKind k);
const char* allowed_links();  // "nvlink, ib-ndr, ..."

struct PoolLink {
  LinkKind kind = LinkKind::IbNdr;
  double gbps = 400;          // per GPU, one direction, Gb/s; 0 = the GPU's NVLink (or PCIe) one way
  double latency_us = 10;
  double efficiency = 0.85;   // achieved / line rate of large RDMA writes
  bool operator==(const PoolLink&) const = default;
};
PoolLink pool_link(LinkKind k);  // the preset's values

// Bytes per second one GPU of `g` sends over the link (efficiency applied).
double link_bytes_per_s(const PoolLink& link, const Gpu& g);

// --- Pools, workload -----------------------------------------------------------------
struct Pool {
  std::string gpu_id = "h100-sxm";
  int64_t gpus = 8;  // a multiple of tp x pp; gpus / (tp x pp) instances
  int64_t tp = 1;
  int64_t pp = 1;
  double usd_per_gpu_hour = -1;  // < 0: default_usd_per_gpu_hour(gpu_id)
  bool operator==(const Pool&) const = default;
};

// The GPU table's usd_per_hour (assets/gpus.csv, with its source and date); < 0 when
// it knows no price for the GPU.
double default_usd_per_gpu_hour(std::string_view gpu_id);
// Whether the GPU table lists a price for the GPU (default_usd_per_gpu_hour >= 0).
bool has_listed_usd_per_gpu_hour(std::string_view gpu_id);
double pool_usd_per_gpu_hour(const Pool& p);

struct Workload {
  double rate_rps = 8;          // offered arrival rate, Poisson
  int64_t input_tokens = 2048;  // mean prompt length
  int64_t output_tokens = 256;  // mean output length
  double input_cv = 0;          // coefficient of variation of the lengths (log-normal)
  double output_cv = 0;
  double ttft_slo_ms = 2000;
  double tpot_slo_ms = 100;
  double percentile = 0.9;      // of TTFT and TPOT that must meet the targets
  bool overlap_transfer = true; // KV sent layer by layer during prefill
  bool operator==(const Workload&) const = default;
};

struct WorkloadLimits {
  static constexpr double kMaxRate = 1e6;
  static constexpr double kMaxCv = 10;
  static constexpr double kMaxSloMs = 1e7;
};

// The first problem, naming the CLI flag: rate, input, output, input-cv, output-cv,
// ttft-slo-ms, tpot-slo-ms, percentile.
std::optional<Error> validate(const Workload& w);
// link-gbps, link-latency-us, link-efficiency.
std::optional<Error> validate(const PoolLink& l);
// The pool against the base scenario's model: gpu, gpus, tp, pp (prefix names the pool).
std::optional<Error> validate(const Pool& p, const Scenario& base, const std::string& prefix);

// The p-quantile of a log-normal length with this mean and coefficient of variation.
double length_quantile(double mean, double cv, double p);
double normal_quantile(double p);  // inverse standard normal CDF

// --- KV transfer ---------------------------------------------------------------------
// The prompt's KV cache, whole model, at the KV dtype: GQA, MLA-latent and
// sliding-window aware (kv_bytes_for_sequence).
double kv_transfer_bytes(const Scenario& base, double prompt_tokens);

struct KvTransfer {
  double bytes_per_request = 0;
  double senders = 0, receivers = 0;  // GPUs of one prefill / decode instance that move distinct KV
  double bytes_per_s = 0;             // min(senders x per-GPU link, receivers x per-GPU link)
  double latency_ms = 0;
  double serial_ms = 0;      // latency + bytes / bandwidth: added to TTFT without overlap
  double overlapped_ms = 0;  // sent layer by layer as prefill proceeds: what is left once it ends
};

// Seconds the KV of a prompt still needs once its prefill ends (latency excluded):
// sent layer by layer (`overlap`), the last layer's share leaves after prefill and a
// link slower than prefill delays the rest: max(T/n, T - P (n-1)/n); else all of T.
double kv_after_prefill_s(double transfer_s, double prefill_s, double layers, bool overlap);

// The KV arithmetic, written once: `bytes` from an instance that sends `senders` x
// `send_bytes_per_s_per_gpu` to one that receives `receivers` x `recv_..._per_gpu`
// (bandwidth = the smaller side), latency added; the part left once a `prefill_ms`
// prefill ends (sent layer by layer over `layers`). kv_transfer() and the queues use it.
KvTransfer kv_transfer_of(double bytes, double senders, double send_bytes_per_s_per_gpu, double receivers,
                          double recv_bytes_per_s_per_gpu, double latency_ms, double prefill_ms, double layers);

// The transfer of one `prompt_tokens` prompt from an instance of `prefill` to one of
// `decode`, whose prefill takes `prefill_ms`.
KvTransfer kv_transfer(const Scenario& base, const Pool& prefill, const Pool& decode, const PoolLink& link,
                       double prompt_tokens, double prefill_ms);

// --- One instance (tp x pp GPUs of one type) under the workload -----------------------
struct InstanceProfile {
  bool fits = false;            // estimate(...).fits for the mean request at batch 1
  std::string gpu_id;
  int64_t tp = 1, pp = 1;
  bool dp_attention = false;    // attention data-parallel over the tp ranks, experts ep = tp
  double gpus = 1;              // tp x pp
  double usd_per_gpu_hour = 0;
  double input_p = 0;           // percentile prompt length (TTFT), tokens
  double output_lo = 0;         // (1 - p) quantile output length (TPOT noise), tokens
  double prefill_ms = 0;        // one mean prompt, alone
  double prefill_ms_p = 0;      // one percentile prompt, alone
  double prefill_rate_rps = 0;  // prompts per second back to back, batched up to the chunk budget
  double prefill_work_s = 0;    // compute one mean prompt adds to shared steps (colocated)
  double chunk_tokens = 8192;   // tokens per step (the prefill chunk budget) the engine runs with
  int64_t chunk_budget = 0;     // the budget asked for (0: the engine version's default)
  bool chunked_prefill = false; // the engine splits prompts into chunks that share decode steps
  double max_batch = 0;         // decode concurrency the KV pool and the engine allow
  double layers = 1;
  double kv_senders = 1;        // GPUs holding distinct KV (tp capped at KV heads, x pp)
  double link_bytes_per_s = 0;  // per GPU, this pool's link
  double kv_bytes = 0;          // KV of the mean prompt, whole model
  double kv_bytes_p = 0;        // KV of the percentile prompt
  // TPOT (ms) of the decode step at concurrency b, interpolated over estimates.
  std::vector<double> tpot_b, tpot_ms_at;
  double tpot_ms(double b) const;
};

// `chunk_budget` > 0 runs the instance with that many tokens per step (vLLM
// --max-num-batched-tokens, SGLang --chunked-prefill-size); 0 keeps `base`'s setting
// (its engine version's default unless the scenario sets one).
InstanceProfile make_profile(const Scenario& base, const std::string& gpu_id, int64_t tp, int64_t pp,
                             const Workload& w, const PoolLink& link, double usd_per_gpu_hour = -1,
                             bool dp_attention = false, int64_t chunk_budget = 0);

// What one instance sends (or receives) per second: its GPUs holding distinct KV x the link.
double kv_link_bytes_per_s(const InstanceProfile& p);

// What a stage does at an arrival rate (all its instances together).
struct StageMetrics {
  bool stable = false;
  double rate_rps = 0;
  double ttft_ms = 0, ttft_mean_ms = 0;  // percentile and mean (prefill and colocated stages)
  double tpot_ms = 0, tpot_mean_ms = 0;  // (decode and colocated stages)
  double utilization = 0;                // prefill server (or colocated instance)
  double batch = 0;                      // mean decode concurrency per instance
  double transfer_ms = 0;                // KV transfer added to TTFT (prefill stage)
};

// The link a prefill stage sends over: to decode instances that receive at
// `recv_bytes_per_s` each (0 = no decode side: no transfer).
struct SendSide {
  double recv_bytes_per_s = 0;
  double latency_ms = 0;
};

StageMetrics prefill_stage(const InstanceProfile& p, double instances, double rate, const Workload& w,
                           const SendSide& send);
StageMetrics decode_stage(const InstanceProfile& p, double instances, double rate, const Workload& w);
StageMetrics colocated_stage(const InstanceProfile& p, double instances, double rate, const Workload& w);

// The largest arrival rate at which the stage is stable and meets its targets (TTFT
// for prefill, TPOT for decode, both for colocated); `slo` = false ignores targets
// (the stage's capacity).
double prefill_max_rate(const InstanceProfile& p, double instances, const Workload& w, const SendSide& send,
                        bool slo = true);
double decode_max_rate(const InstanceProfile& p, double instances, const Workload& w, bool slo = true);
double colocated_max_rate(const InstanceProfile& p, double instances, const Workload& w, bool slo = true);

// --- A disaggregated scenario and its colocated counterpart ---------------------------
struct DisaggScenario {
  Scenario base;  // model, weights, kv, engine, gpu_util, gpus_per_node, internode_gbps
  Pool prefill{"h100-sxm", 4, 4, 1, -1};
  Pool decode{"h100-sxm", 4, 4, 1, -1};
  PoolLink link;
  Workload workload;
};

struct ServingResult {
  bool valid = false;          // every pool fits and the inputs are sound
  double gpus = 0, usd_per_hour = 0;
  double capacity_rps = 0;     // largest stable rate, targets ignored
  double goodput_rps = 0;      // largest rate <= offered meeting both targets
  double operating_rps = 0;    // where the latencies below are taken: goodput, or ~0 when none
  double ttft_ms = 0, tpot_ms = 0;            // percentile at the operating rate
  double ttft_mean_ms = 0, tpot_mean_ms = 0;
  bool meets_slo = false;
  double output_tokens_per_s = 0;             // served: min(offered, capacity) x output
  double goodput_rps_per_gpu = 0;
  double goodput_rps_per_usd_hour = 0;
  double usd_per_million_output_tokens = 0;   // at goodput; 0 when goodput is 0
};

struct DisaggResult {
  KvTransfer transfer;      // the mean prompt
  ServingResult disaggregated;
  ServingResult colocated;  // the same GPUs, each pool serving whole requests with its own tp/pp
};

DisaggResult evaluate_disaggregated(const DisaggScenario& s);
ServingResult evaluate_colocated(const Scenario& base, const Pool& pool, const Workload& w);

// --- Groups of instances serving together (what the planner ranks) -------------------
enum class Role : uint8_t { Unused, Prefill, Decode, Colocated };
const char* name(Role r);  // "unused", "prefill", "decode", "colocated"

struct StageGroup {
  const InstanceProfile* profile = nullptr;
  double instances = 0;
  Role role = Role::Unused;
};

// Colocated groups serve whole requests; prefill groups hand their KV to the decode
// groups over `link` (every prefill group to every decode group: the slowest receiver
// caps the transfer). Rates split across groups in proportion to what each sustains
// within the targets, so the goodput is min(offered, sum of colocated rates +
// min(sum of prefill rates, sum of decode rates)). The latencies are the worst
// group's percentile at the operating rate. `transfer` gets the slowest pair's KV
// transfer of the mean prompt (zeros without a prefill/decode pair).
ServingResult evaluate_groups(const std::vector<StageGroup>& groups, const Workload& w, const PoolLink& link,
                              KvTransfer* transfer = nullptr);

// What a prefill group sends to: the slowest decode instance's receiving bandwidth.
SendSide send_side(const std::vector<StageGroup>& groups, const PoolLink& link);

}  // namespace infercalc
