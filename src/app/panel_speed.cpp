// Speed: TTFT, time per output token, end-to-end latency, tokens/s per user, per GPU
// and in total, cost and energy per million tokens, each with its band; what bounds
// each phase, with the parts of a decode step and of the prefill as bars.
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/fonts.h"
#include "app/i18n.h"
#include "app/panels.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
#include "core/engine.h"
#include "core/evidence.h"
#include "core/gpu.h"
#include "core/report.h"
#include "core/scenario_check.h"
#include "core/ui_support.h"

namespace infercalc {
namespace {

using ui::tr;

struct Metric {
  const char* id;
  const char* label;
  std::string value, band;
  ImU32 color;
  std::vector<std::pair<const char*, std::string>> inputs;
  const char* formula;
};

// The rows' numbers in the order of metrics(), as core/compare.h MetricDiff halves: the
// key names the unit (format_delta), lower_is_better the direction of "better".
struct RowNumber {
  const char* key;
  double value;
  bool lower_is_better;
};
std::vector<RowNumber> row_numbers(const Scenario& s, const Result& r) {
  return {{"ttft_ms", r.ttft_ms, true},
          {"tpot_ms", r.tpot_ms, true},
          {"e2e_latency_ms", r.e2e_latency_ms, true},
          {"tokens_per_s_per_user", r.tokens_per_s_per_user, false},
          {"output_tokens_per_s", r.output_tokens_per_s, false},
          {"output_tokens_per_s_per_gpu", r.output_tokens_per_s_per_gpu, false},
          {"total_tokens_per_s", r.total_tokens_per_s, false},
          {"prefill_tokens_per_s", prefill_tokens_per_s(s, r), false},
          {"usd_per_million_output_tokens", r.usd_per_million_output_tokens, true},
          {"kwh_per_million_output_tokens", r.kwh_per_million_output_tokens, true}};
}

// The pinned setup's column and the change (current - pinned) beside each row.
struct PinnedRows {
  std::vector<Metric> rows;
  std::vector<MetricDiff> diffs;
};

// `pinned`: the pinned setup's rows (Pin in the summary), shown in the last two columns.
void metric_table(const std::vector<Metric>& rows, float width, const PinnedRows* pinned = nullptr) {
  const float em = ImGui::GetFontSize();
  // Narrow screens: one column fewer (the band under the estimate); with the pinned
  // column too the table scrolls sideways inside itself (a scrolling table needs its
  // height: the header and two lines a row).
  const bool narrow = narrow_layout() && width < em * 28;
  const bool scroll = narrow && pinned;
  const ImGuiStyle& st = ImGui::GetStyle();
  const float line = ImGui::GetTextLineHeight(), row_h = 2 * line + st.ItemSpacing.y + 2 * st.CellPadding.y;
  const ImVec2 size = scroll ? ImVec2(0, line + 3 * st.CellPadding.y + row_h * static_cast<float>(rows.size()) + st.ScrollbarSize)
                             : ImVec2(width, 0);
  constexpr ImGuiTableFlags kBase = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  const int band_col = narrow ? 1 : 2;
  if (!ImGui::BeginTable("speed-metrics", (pinned ? 5 : 3) - (narrow ? 1 : 0), kBase | (scroll ? ImGuiTableFlags_ScrollX : 0), size))
    return;
  ImGui::TableSetupColumn(tr("Metric"), scroll ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_WidthStretch,
                          em * 11);
  if (!narrow) ImGui::TableSetupColumn(tr("Estimate"), ImGuiTableColumnFlags_WidthFixed, em * 6.5f);
  ImGui::TableSetupColumn(narrow ? tr("Estimate") : tr("Band (p10 \xE2\x80\x93 p90)"), ImGuiTableColumnFlags_WidthFixed,
                          em * 9.5f);
  if (pinned) {
    ImGui::TableSetupColumn(tr("Pinned"), ImGuiTableColumnFlags_WidthFixed, em * 6.5f);
    ImGui::TableSetupColumn(tr("Change"), ImGuiTableColumnFlags_WidthFixed, em * 7.5f);
  }
  ImGui::TableHeadersRow();
  for (const Metric& m : rows) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ui::row_selectable(m.label);
    ui::probe_item(std::string("speed:") + m.id);
    if (ui::explain_begin(m.label)) {
      for (const auto& [label, value] : m.inputs) ui::explain_row(label, value);
      if (m.formula) ui::explain_note(m.formula);
      ui::explain_end();
    }
    ImGui::TableSetColumnIndex(1);
    ImGui::PushFont(ui::font(ui::Font::Strong));
    ui::text(m.color, m.value.c_str());
    ImGui::PopFont();
    ImGui::TableSetColumnIndex(band_col);
    ui::text_dim(m.band.c_str());
    if (pinned) {
      const std::size_t i = static_cast<std::size_t>(&m - rows.data());
      ImGui::TableSetColumnIndex(band_col + 1);
      ImGui::TextUnformatted(i < pinned->rows.size() ? pinned->rows[i].value.c_str() : "\xE2\x80\x94");
      ImGui::TableSetColumnIndex(band_col + 2);
      if (i < pinned->diffs.size()) {
        ui::text(delta_colour(pinned->diffs[i]), format_delta(pinned->diffs[i]).c_str());
        ui::probe_item(std::string("speed:delta-") + m.id);
      }
    }
  }
  ImGui::EndTable();
}

std::vector<Metric> metrics(const Scenario& s, const Result& r) {
  const ui::Palette& pal = ui::palette();
  const Efficiency& eff = default_efficiency();
  const Gpu* g = resolve_gpu(s);
  const std::string batch = std::to_string(r.batch) + " x " + std::to_string(r.replicas) + " " + tr("replicas");
  // The band of this engine's prefill-side times from cross-validated (held-out) errors.
  const EngineFit& fit = eff.engine[static_cast<std::size_t>(s.engine)];
  const std::string band_note = ui::printf_string("x%.2f \xE2\x80\x93 x%.2f", fit.band_low[0], fit.band_high[0]) +
                                " " + tr("(held-out errors of this engine)");
  const bool burst = s.workload == WorkloadMode::Burst, rate = s.workload == WorkloadMode::Rate;
  const char* ttft_how = burst ? tr("Burst: the batch's prompts arrive together and are prefilled in chunks of the "
                                    "engine's token budget; TTFT is averaged over the batch.")
                         : rate ? tr("Rate: Poisson arrivals queue for prefill (M/D/1 wait) and share each step with "
                                     "the running decodes; mean TTFT.")
                                : tr("Concurrency: a new prompt's chunks share steps with the other running requests' "
                                     "decodes (closed loop, steady state).");
  const char* output_how = burst ? tr("Burst: all requests' output tokens over the whole run, including the tail as "
                                      "the batch drains.")
                           : rate ? tr("Rate: arrivals per second x output tokens, while the replica keeps up.")
                                  : tr("Concurrency: batch x output tokens per request lifetime (Little's law); each "
                                       "decode step also carries the prefill of the prompts that arrive.");
  const Band cost = cost_band(r), energy = energy_band(r);
  std::vector<Metric> out;
  out.push_back({"ttft", tr("Time to first token"), format_ms(r.ttft_ms), ui::format_band_ms(r.ttft_band),
                 ui::rating_color(rate_ttft(r)),
                 {{tr("Prefill compute"), format_ms(r.prefill_compute_ms)},
                  {tr("Prefill memory"), format_ms(r.prefill_memory_ms)},
                  {tr("Prefill communication"), format_ms(r.prefill_comm_ms)},
                  {tr("Prompt x batch"), ui::format_count(static_cast<double>(s.input_tokens)) + " x " + std::to_string(r.batch)},
                  {tr("Band"), band_note}},
                 ttft_how});
  out.push_back({"tpot", tr("Time per output token"), format_ms(r.tpot_ms), ui::format_band_ms(r.tpot_band),
                 ui::rating_color(rate_tpot(r)),
                 {{tr("Decode memory"), format_ms(r.decode_memory_ms)},
                  {tr("Decode compute"), format_ms(r.decode_compute_ms)},
                  {tr("Decode communication"), format_ms(r.decode_comm_ms)},
                  {tr("Engine overhead"), format_ms(r.decode_overhead_ms)},
                  {tr("Bandwidth"), g ? ui::printf_string("%.0f GB/s x %.2f", g->mem_bw_gbs, eff.bandwidth) : std::string()},
                  {tr("Batch"), std::to_string(r.batch)}},
                 tr("One decode step reads the weights once and every sequence's KV cache.")});
  out.push_back({"e2e", tr("End-to-end latency"), format_ms(r.e2e_latency_ms), ui::format_band_ms(r.e2e_band),
                 pal.text,
                 {{tr("TTFT"), format_ms(r.ttft_ms)},
                  {tr("Output tokens"), ui::format_count(static_cast<double>(s.output_tokens))},
                  {tr("Time per token"), format_ms(r.tpot_ms)}},
                 tr("TTFT + (output tokens - 1) x time per token.")});
  out.push_back({"per-user", tr("Tokens/s per user"), format_rate(r.tokens_per_s_per_user),
                 ui::format_band_rate(r.per_user_band), ui::rating_color(rate_tpot(r)),
                 {{tr("Time per token"), format_ms(r.tpot_ms)}}, tr("1000 / time per output token (ms).")});
  out.push_back({"output", tr("Output tokens/s, all GPUs"), format_rate(r.output_tokens_per_s),
                 ui::format_band_rate(r.output_tps_band), pal.text,
                 {{tr("Batch x replicas"), batch}, {tr("Output tokens"), ui::format_count(static_cast<double>(s.output_tokens))}},
                 output_how});
  out.push_back({"per-gpu", tr("Output tokens/s per GPU"), format_rate(r.output_tokens_per_s_per_gpu),
                 ui::format_band_rate(r.output_tps_per_gpu_band), pal.text,
                 {{tr("GPUs"), std::to_string(s.gpus)}}, tr("Output tokens/s over all GPUs.")});
  out.push_back({"total", tr("Total tokens/s (in + out)"), format_rate(r.total_tokens_per_s),
                 ui::format_band_rate(r.total_tps_band), pal.text,
                 {{tr("Tokens per request"), ui::format_count(static_cast<double>(s.input_tokens + s.output_tokens))},
                  {tr("End-to-end latency"), format_ms(r.e2e_latency_ms)}},
                 tr("Output tokens/s x (input + output) / output tokens: input and output of the same run.")});
  out.push_back({"prefill", tr("Prompt tokens/s in prefill"), format_rate(prefill_tokens_per_s(s, r)), std::string(),
                 pal.text, {{tr("Prefill"), format_ms(r.prefill_ms)}},
                 tr("Input tokens x batch / the time the batch's prefill takes, one replica.")});
  out.push_back({"cost", tr("$ / M output tokens"), ui::format_usd(r.usd_per_million_output_tokens),
                 ui::format_usd(cost.low) + " \xE2\x80\x93 " + ui::format_usd(cost.high), ui::rating_color(rate_cost(r)),
                 {{tr("GPUs x $/GPU-hour"), std::to_string(s.gpus) + " x " + ui::format_usd(s.usd_per_gpu_hour)}},
                 tr("GPUs x price per hour x hours per million output tokens at the total rate.")});
  out.push_back({"energy", tr("kWh / M output tokens"), ui::printf_string("%.2f", r.kwh_per_million_output_tokens),
                 ui::printf_string("%.2f \xE2\x80\x93 %.2f", energy.low, energy.high), pal.text,
                 {{tr("Board power"), g ? ui::printf_string("%.0f W x %lld", g->tdp_w, static_cast<long long>(s.gpus))
                                         : std::string()}},
                 tr("GPUs x board power (TDP, an upper bound) x hours per million output tokens.")});
  return out;
}

const char* bound_text(Bound b) {
  switch (b) {
    case Bound::Memory: return tr("memory-bound");
    case Bound::Compute: return tr("compute-bound");
    case Bound::Communication: return tr("communication-bound");
  }
  return "";
}

void phase_breakdowns(const Scenario& s, const Result& r, float width) {
  const ui::Palette& pal = ui::palette();
  ui::heading(tr("Decode step"));
  ImGui::SameLine();
  ui::text(pal.accent, bound_text(r.decode_bound));
  ui::breakdown_bars("decode", {
      {tr("Memory"), r.decode_memory_ms, format_ms(r.decode_memory_ms), pal.weights, r.decode_bound == Bound::Memory},
      {tr("Compute"), r.decode_compute_ms, format_ms(r.decode_compute_ms), pal.activations, r.decode_bound == Bound::Compute},
      {tr("Communication"), r.decode_comm_ms, format_ms(r.decode_comm_ms), pal.kv_cache,
       r.decode_bound == Bound::Communication},
      {tr("Overhead"), r.decode_overhead_ms, format_ms(r.decode_overhead_ms), pal.reserved, false},
  }, width);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ui::text_dim(ui::printf_string(tr("= %s per step: the larger of memory and compute, %.0f%% of the smaller, plus "
                                    "communication and overhead."),
                                 format_ms(r.decode_step_ms).c_str(), default_efficiency().overlap * 100)
                   .c_str());
  // Concurrency and rate: the steps also carry the prompts that replace finished ones.
  if (r.tpot_ms > r.decode_step_ms * 1.005)
    ui::text_dim(ui::printf_string(tr("Time per token %s: each step also runs part of the prefill of the prompts that "
                                      "arrive meanwhile (%s)."),
                                   format_ms(r.tpot_ms).c_str(), format_ms(r.tpot_ms - r.decode_step_ms).c_str())
                     .c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  ui::heading(tr("Prefill"));
  ImGui::SameLine();
  ui::text(pal.accent, bound_text(r.prefill_bound));
  ui::breakdown_bars("prefill", {
      {tr("Compute"), r.prefill_compute_ms, format_ms(r.prefill_compute_ms), pal.activations, r.prefill_bound == Bound::Compute},
      {tr("Memory"), r.prefill_memory_ms, format_ms(r.prefill_memory_ms), pal.weights, r.prefill_bound == Bound::Memory},
      {tr("Communication"), r.prefill_comm_ms, format_ms(r.prefill_comm_ms), pal.kv_cache,
       r.prefill_bound == Bound::Communication},
  }, width);
  ImGui::Spacing();
  const Gpu* g = resolve_gpu(s);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ui::text_dim(ui::printf_string(tr("Tensor-parallel link: %s. Effective format: %s at %d bits, %.0f TFLOPS dense."),
                                 r.tp_link, std::string(name(r.weights)).c_str(), r.compute_bits, r.compute_tflops)
                   .c_str());
  if (g) ui::text_dim((std::string(tr("GPU figures: ")) + g->source.substr(0, g->source.find(" http"))).c_str());
  ImGui::PopTextWrapPos();
}

}  // namespace

// "How right is this?": the nearest published measurements with our prediction for each.
void evidence_section(const Scenario& s, float width) {
  static Scenario last;
  static std::vector<Evidence> rows;
  static bool ready = false;
  if (!ready || !(last == s)) {
    rows = nearest_evidence(s);
    last = s;
    ready = true;
  }
  ui::heading(tr("How right is this?"));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ui::text_dim(tr("The nearest published measurements (engine, GPU, model size, workload) and what this model "
                  "predicts for each:"));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ImGui::Bullet();
    ImGui::SameLine();
    ImGui::TextUnformatted(evidence_line(rows[i]).c_str());
    ui::probe_item("speed:evidence-" + std::to_string(i));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", rows[i].row->source.c_str());
  }
  ImGui::PopTextWrapPos();
}

void draw_speed(App& app) {
  const Scenario& s = app.scenario;
  const Result& r = current_result(app);
  const float em = ImGui::GetFontSize();
  if (!r.fits) {
    ui::text(ui::palette().bad, tr("The model does not fit, so speed is not estimated."));
    ui::text_dim(tr("The Memory tab shows what takes the room and the fewest GPUs of each type that hold it."));
    return;
  }
  // Pin in the summary: the pinned setup's numbers and the change beside these (when it fits).
  PinnedRows pinned;
  bool pinned_fits = false;
  if (app.pinned) {
    const Result& pr = pinned_result(app);
    pinned_fits = pr.fits;
    if (pr.fits) {
      pinned.rows = metrics(*app.pinned, pr);
      const std::vector<RowNumber> a = row_numbers(*app.pinned, pr), b = row_numbers(s, r);
      for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        pinned.diffs.push_back({a[i].key, a[i].key, a[i].value, b[i].value, true, a[i].lower_is_better});
    }
  }
  // The table beside the phase breakdowns when both have room; the pinned columns widen it by 14 em.
  const float avail = ImGui::GetContentRegionAvail().x;
  const float table_need = pinned_fits ? em * 44 : em * 30;
  const bool side_by_side = avail > table_need + em * 20;
  const float table_w = side_by_side ? (pinned_fits ? table_need : std::min(table_need, avail * 0.55f)) : avail;
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + table_w);
  ui::text_dim((std::string(tr("Workload")) + ": " + workload_meaning(s, &tr)).c_str());
  if (app.pinned && !pinned_fits) ui::text_dim(tr("The pinned setup does not fit: no speed to compare."));
  ImGui::PopTextWrapPos();
  metric_table(metrics(s, r), table_w, pinned_fits ? &pinned : nullptr);
  ImGui::EndGroup();
  if (side_by_side) ImGui::SameLine(0, em * 1.5f);
  else ImGui::Spacing();
  ImGui::BeginGroup();
  phase_breakdowns(s, r, side_by_side ? ImGui::GetContentRegionAvail().x : avail);
  ImGui::EndGroup();
  ImGui::Spacing();
  evidence_section(s, avail);
}

}  // namespace infercalc
