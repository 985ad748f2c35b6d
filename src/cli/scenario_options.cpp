#include "cli/scenario_options.h"

#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "core/link.h"
#include "core/model.h"
#include "core/scenario_check.h"

namespace infercalc::cli {

struct ScenarioOptions {
  std::string link, model, model_config, gpu, weights, kv, batch, engine, workload, engine_version;
  double request_rate = 0;
  int64_t gpus = 0, tp = 0, pp = 0, ep = 0, input = 0, output = 0, gpus_per_node = 0;
  int64_t max_model_len = 0, max_num_seqs = 0, max_num_batched_tokens = 0, block_size = 0;
  bool enforce_eager = false;
  bool dp_attention = false;
  double gpu_util = 0, usd = 0, ib = 0;
  double target_ttft = 0, target_tpot = 0, target_tps = 0;
};


std::shared_ptr<ScenarioOptions> add_scenario_options(CLI::App& app, ScenarioFlags which) {
  auto o = std::make_shared<ScenarioOptions>();
  const bool all = which == ScenarioFlags::All;
  app.add_option("--link", o->link, "A link fragment (#v=1&model=...&gpu=...) to start from; flags override it");
  app.add_option("--model", o->model, "Model preset id (see `infercalc models`)");
  app.add_option("--model-config", o->model_config, "A Hugging Face config.json file instead of a preset");
  if (all) {
    app.add_option("--gpu", o->gpu, "GPU id (see `infercalc gpus`)");
    app.add_option("--gpus", o->gpus, "Total number of GPUs (default 1)");
    app.add_option("--tp", o->tp, "Tensor-parallel size (default 1)");
    app.add_option("--pp", o->pp, "Pipeline-parallel size (default 1)");
    app.add_option("--ep", o->ep, "Expert-parallel size, MoE only (default 1)");
  }
  app.add_option("--gpus-per-node", o->gpus_per_node, "GPUs per node (default 8 for SXM/OAM and PCIe servers)");
  app.add_option("--internode-gbps", o->ib, "Inter-node link per GPU in Gb/s (default 400, InfiniBand NDR)");
  app.add_option("--weights", o->weights,
                 "Weight format: fp32, bf16, fp16, fp8, int8, int4, awq, gptq, mxfp4, nvfp4, q8_0, q6_k, q5_k_m, "
                 "q4_k_m, q5_0, q5_1, q4_0, q4_1, iq4_xs, q3_k_m, q2_k, q4_k_s, q3_k_s");
  app.add_option("--kv", o->kv, "KV-cache dtype: fp16, bf16, fp8, int8");
  app.add_option("--input", o->input, all ? "Input (prompt) tokens per request (default 1024)" : "Mean prompt tokens");
  app.add_option("--output", o->output, all ? "Output tokens per request (default 256)" : "Mean output tokens");
  if (all) app.add_option("--batch", o->batch, "Concurrent requests per replica, or max (default 1)");
  app.add_option("--engine", o->engine, "Serving engine: vllm (default), sglang, trtllm, llamacpp, mlc, hf, tgi, lmdeploy");
  app.add_option("--gpu-util", o->gpu_util, "Fraction of GPU memory the engine may use (default: the engine's)");
  if (all) {
    app.add_option("--usd-per-gpu-hour", o->usd, "Price of one GPU-hour in dollars (default 2)");
    app.add_option("--target-ttft", o->target_ttft, "Target time to first token, ms (0 = none); missing it lists fixes");
    app.add_option("--target-tpot", o->target_tpot, "Target time per output token, ms (0 = none)");
    app.add_option("--target-tps", o->target_tps, "Target output tokens/s over all GPUs (0 = none)");
    app.add_option("--workload", o->workload,
                   "How requests arrive: burst (--batch requests together; times and rates over the whole run), "
                   "concurrency (default; --batch kept in flight, steady state), rate (Poisson arrivals at "
                   "--request-rate per replica, with queueing)");
    app.add_option("--request-rate", o->request_rate, "Requests per second per replica for --workload rate (default 1)");
    // Engine settings, spelled as vLLM's flags; 0 = the engine version's default (docs/engines.md).
    app.add_option("--engine-version", o->engine_version,
                   "Engine version: 0.6.3, 0.10.1 (vLLM; 0.9.2-v0 = its V0 engine), 0.5.2 (SGLang), 1.0.0 "
                   "(TensorRT-LLM), b4876 (llama.cpp); default: the newest documented");
    app.add_option("--max-model-len", o->max_model_len, "Longest request the engine admits, tokens (default: the model's)");
    app.add_option("--max-num-seqs", o->max_num_seqs, "Most sequences per step (default: the engine's)");
    app.add_option("--max-num-batched-tokens", o->max_num_batched_tokens,
                   "Most tokens per step, the prefill chunk (default: the engine's)");
    app.add_option("--block-size", o->block_size, "KV-cache tokens per block (default: the engine's)");
    app.add_flag("--enforce-eager", o->enforce_eager, "No CUDA graphs (--enforce-eager=false to turn off again)");
    app.add_flag("--dp-attention", o->dp_attention,
                 "Data-parallel attention over the tp ranks, MoE models on sglang/vllm (SGLang --enable-dp-attention, "
                 "vLLM --data-parallel-size); ep 1 or tp");
  }
  return o;
}

int scenario_from_options(const ScenarioOptions& opts, const CLI::App& app, Scenario& out, const Scenario& start,
                          LinkParse* link) {
  const ScenarioOptions* o = &opts;
  Scenario s = start;
  // An option `which` did not register is never given.
  auto given = [&app](const char* flag) {
    const CLI::Option* opt = app.get_option_no_throw(flag);
    return opt != nullptr && opt->count() > 0;
  };
  if (given("--link") && o->link.empty()) return bad_input("link", "empty; give a link fragment such as #v=1&model=...");
  if (!o->link.empty()) {
    auto parsed = parse_link(o->link);
    if (!parsed) return bad_input(parsed.error().field, parsed.error().message);
    s = parsed->scenario;
    for (const std::string& w : parsed->warnings) std::fprintf(stderr, "infercalc: warning: %s\n", w.c_str());
    if (link) *link = parsed.value();
  }
  if (given("--model") && given("--model-config"))
    return bad_input("model", "give --model or --model-config, not both");
  if (given("--model")) s.model_id = o->model;
  if (given("--model-config")) {
    std::string text, error;
    if (!read_file(o->model_config, text, error)) return bad_input("model-config", error);
    auto arch = import_config(text);
    if (!arch) return bad_input(arch.error().field, arch.error().message);
    s.model_id = "custom";
    s.custom_model = arch.value();
  }
  if (given("--gpu")) s.gpu_id = o->gpu;
  if (given("--gpus")) s.gpus = o->gpus;
  if (given("--tp")) s.tp = o->tp;
  if (given("--pp")) s.pp = o->pp;
  if (given("--ep")) s.ep = o->ep;
  // --tp/--pp without --gpus: one replica of exactly tp x pp GPUs.
  if (!given("--gpus") && (given("--tp") || given("--pp")) && s.gpus < s.tp * s.pp) s.gpus = s.tp * s.pp;
  if (given("--gpus-per-node")) s.gpus_per_node = o->gpus_per_node;
  if (given("--internode-gbps")) s.internode_gbps = o->ib;
  if (given("--weights")) {
    auto w = parse_weight_format(o->weights);
    if (!w) return bad_input("weights", "'" + o->weights + "' is not a weight format; allowed: " + allowed_weight_formats());
    s.weights = *w;
  }
  if (given("--kv")) {
    auto k = parse_kv_dtype(o->kv);
    if (!k) return bad_input("kv", "'" + o->kv + "' is not a KV dtype; allowed: " + allowed_kv_dtypes());
    s.kv = *k;
  }
  if (given("--input")) s.input_tokens = o->input;
  if (given("--output")) s.output_tokens = o->output;
  if (given("--batch")) {
    if (o->batch == "max") {
      s.batch_max = true;
    } else {
      char* end = nullptr;
      long long b = std::strtoll(o->batch.c_str(), &end, 10);
      if (end != o->batch.c_str() + o->batch.size() || o->batch.empty())
        return bad_input("batch", "'" + o->batch + "' is not a whole number or max");
      s.batch = b;
      s.batch_max = false;
    }
  }
  if (given("--engine")) {
    auto e = parse_engine(o->engine);
    if (!e) return bad_input("engine", "'" + o->engine + "' is not an engine; allowed: " + allowed_engines());
    s.engine = *e;
  }
  if (given("--gpu-util")) s.gpu_util = o->gpu_util;
  if (given("--usd-per-gpu-hour")) s.usd_per_gpu_hour = o->usd;
  if (given("--target-ttft")) s.target_ttft_ms = o->target_ttft;
  if (given("--target-tpot")) s.target_tpot_ms = o->target_tpot;
  if (given("--target-tps")) s.target_tokens_per_s = o->target_tps;
  if (!o->workload.empty()) {
    auto w = parse_workload_mode(o->workload);
    if (!w) return bad_input("workload", "'" + o->workload + "' is not a workload; allowed: " + allowed_workload_modes());
    s.workload = *w;
  }
  if (given("--request-rate")) s.request_rate = o->request_rate;
  if (given("--engine-version")) {
    if (o->engine_version.empty())
      return bad_input("engine-version", "empty; give a version or leave the flag out for the newest documented one");
    s.engine_version = o->engine_version;
  }
  if (given("--max-model-len")) s.max_model_len = o->max_model_len;
  if (given("--max-num-seqs")) s.max_num_seqs = o->max_num_seqs;
  if (given("--max-num-batched-tokens")) s.max_num_batched_tokens = o->max_num_batched_tokens;
  if (given("--block-size")) s.block_size = o->block_size;
  if (given("--enforce-eager")) s.enforce_eager = o->enforce_eager;
  if (given("--dp-attention")) s.dp_attention = o->dp_attention;
  if (auto e = validate(s)) return bad_input(e->field, e->message);
  out = s;
  return 0;
}

}  // namespace infercalc::cli
