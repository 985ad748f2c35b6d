// The summary strip: the answer first. Fits? (with the per-GPU memory bar), TTFT,
// time per output token, tokens/s and $ per million tokens, in large type, each with
// its calibration band and a colour for good / tight / impossible (core/ui_support.h).
#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/app.h"
#include "app/fonts.h"
#include "app/i18n.h"
#include "app/panels.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
#include "core/engine.h"
#include "core/gpu.h"
#include "core/report.h"
#include "core/scenario_check.h"
#include "core/ui_support.h"

namespace infercalc {

namespace {

using ui::tr;

const char* rating_word(Rating r) {
  switch (r) {
    case Rating::Good: return tr("good");
    case Rating::Tight: return tr("tight");
    case Rating::Impossible: return tr("impossible");
  }
  return "";
}

struct Card {
  const char* id;
  const char* label;
  Rating rating;
};

// The label, and the rating word at the right when both fit (a phone held sideways
// puts five narrow cards in a row; the coloured edge still tells the rating).
void card_header(const char* label, Rating r) {
  ui::text_dim(label);
  ImGui::SameLine();
  const char* word = rating_word(r);
  const float x = ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(word).x;
  if (x < ImGui::GetCursorPosX()) {
    ImGui::NewLine();
    return;
  }
  ImGui::SetCursorPosX(x);
  ui::text(ui::rating_color(r), word);
}

// Pin in the summary: under a card's value, the pinned setup's value of the same metric
// (core/compare.h metric_diff) and the change, coloured better / worse.
void pinned_line(App& app, const Result& r, const char* key) {
  if (!app.pinned) return;
  const Result& pr = pinned_result(app);
  for (const MetricDiff& m : metric_diff(*app.pinned, pr, app.scenario, r)) {
    if (std::string(m.key) != key) continue;
    std::string text = std::string(tr("pinned")) + " " + compare_value(m, m.a);
    const std::string d = format_delta(m);
    if (!d.empty()) text += ", " + d;
    // Wrapped inside the card: a narrow card puts the change on a second line.
    ImGui::PushTextWrapPos(0);
    ui::text(delta_colour(m), text.c_str());
    ImGui::PopTextWrapPos();
    ui::probe_item(std::string("summary:pinned-") + key);
    return;
  }
}

void no_speed(const char* why) {
  ui::big_text("\xE2\x80\x94", ui::palette().text_dim);
  ui::text(ui::palette().bad, why);
}

void fits_card(App& app, const Result& r, ImVec2 size) {
  const Scenario& s = app.scenario;
  const Rating rating = rate_fit(s, r);
  ui::card_begin("card-fits", size, ui::rating_color(rating));
  card_header(tr("Fits?"), rating);
  const char* verdict = !r.fits ? tr("No") : rating == Rating::Tight ? tr("Tight") : tr("Yes");
  ui::big_text(verdict, ui::rating_color(rating));
  ImGui::SameLine();
  ImGui::BeginGroup();
  const std::string used = ui::printf_string("%.1f / %.1f", r.total_bytes / 1073741824.0, r.usable_bytes / 1073741824.0);
  ImGui::TextUnformatted(used.c_str());
  ui::text_dim(tr("GiB per GPU"));
  ImGui::EndGroup();
  const int part = memory_bar("summary-memory-bar", r, ImGui::GetFontSize() * 0.75f);
  if (part >= 0) memory_part_tooltip(part, s, r);
  if (app.pinned) {
    // The pinned verdict, then its memory per GPU and the change.
    const Result& pr = pinned_result(app);
    if (pr.fits != r.fits) {
      ui::text(pr.fits ? ui::palette().bad : ui::palette().good, pr.fits ? tr("pinned fits") : tr("pinned: No"));
      ImGui::SameLine();
    }
    pinned_line(app, r, "total_bytes_per_gpu");
  }
  ui::card_end();
  ui::probe_item("summary:fits");
  if (ImGui::IsItemHovered() && part < 0) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    ImGui::TextUnformatted(tr("Memory per GPU against what the engine may use. Hover the bar for each part."));
    ui::explain_note(tr("Green: fits, and the KV cache holds at least twice the concurrency. Amber: fits, but the "
                        "KV cache holds less than twice the concurrency (fewer than 4 sequences for max). Red: does "
                        "not fit."));
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void explain_timing(const char* title, const Scenario& s, const Result& r, bool prefill) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
  ImGui::PushFont(ui::font(ui::Font::Strong));
  ImGui::TextUnformatted(title);
  ImGui::PopFont();
  const Gpu* g = resolve_gpu(s);
  const Efficiency& eff = default_efficiency();
  const EngineParams& e = engine_params(s.engine);
  if (prefill) {
    ui::explain_row(tr("Compute"), format_ms(r.prefill_compute_ms));
    ui::explain_row(tr("Memory"), format_ms(r.prefill_memory_ms));
    ui::explain_row(tr("Communication"), format_ms(r.prefill_comm_ms));
    ui::explain_row(tr("Bound by"), tr(name(r.prefill_bound)));
    ui::explain_row(tr("Prompt"), ui::format_count(static_cast<double>(s.input_tokens)) + " " + tr("tokens") + " x " +
                                      std::to_string(r.batch));
    if (g)
      ui::explain_row(tr("Tensor rate"), ui::printf_string("%.0f TFLOPS (%d-bit) x %.2f", r.compute_tflops, r.compute_bits,
                                                           r.compute_bits <= 8 ? eff.compute8 : eff.compute16));
  } else {
    ui::explain_row(tr("Memory"), format_ms(r.decode_memory_ms));
    ui::explain_row(tr("Compute"), format_ms(r.decode_compute_ms));
    ui::explain_row(tr("Communication"), format_ms(r.decode_comm_ms));
    ui::explain_row(tr("Overhead"), format_ms(r.decode_overhead_ms));
    ui::explain_row(tr("Bound by"), tr(name(r.decode_bound)));
    ui::explain_row(tr("Batch"), std::to_string(r.batch));
    if (g)
      ui::explain_row(tr("Bandwidth"), ui::printf_string("%.0f GB/s x %.2f x %.2f", g->mem_bw_gbs, eff.bandwidth,
                                                          e.bandwidth_scale));
  }
  ui::explain_note(tr("A step takes the larger of memory and compute time plus a share of the smaller (imperfect "
                      "overlap), plus communication and engine overhead."));
  if (g) ui::explain_note(std::string(tr("GPU figures: ")) + g->name + " \xE2\x80\x94 " + g->source);
  ui::explain_note(ui::printf_string(tr("Band: the 10th to 90th percentile of calibration error (x%.2f to x%.2f)."),
                                     eff.band_low, eff.band_high));
  rating_note();
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void ttft_card(App& app, const Result& r, ImVec2 size) {
  const Rating rating = rate_ttft(r);
  ui::card_begin("card-ttft", size, ui::rating_color(rating));
  card_header(tr("TTFT"), rating);
  if (!r.fits) {
    no_speed(tr("does not fit"));
  } else {
    ui::big_text(format_ms(r.ttft_ms).c_str(), ui::rating_color(rating));
    ui::text_dim(ui::format_band_ms(r.ttft_band).c_str());
  }
  pinned_line(app, r, "ttft_ms");
  ui::card_end();
  ui::probe_item("summary:ttft");
  if (ImGui::IsItemHovered()) {
    if (r.fits) explain_timing(tr("Time to first token: the prefill of the prompt"), app.scenario, r, true);
    else ImGui::SetTooltip("%s", tr("Time to first token: not estimated, the model does not fit."));
  }
}

void tpot_card(App& app, const Result& r, ImVec2 size) {
  const Rating rating = rate_tpot(r);
  ui::card_begin("card-tpot", size, ui::rating_color(rating));
  card_header(tr("Time per token"), rating);
  if (!r.fits) {
    no_speed(tr("does not fit"));
  } else {
    ui::big_text(format_ms(r.tpot_ms).c_str(), ui::rating_color(rating));
    ui::text_dim(ui::format_band_ms(r.tpot_band).c_str());
  }
  pinned_line(app, r, "tpot_ms");
  ui::card_end();
  ui::probe_item("summary:tpot");
  if (ImGui::IsItemHovered()) {
    if (r.fits) explain_timing(tr("Time per output token: one decode step"), app.scenario, r, false);
    else ImGui::SetTooltip("%s", tr("Time per output token: not estimated, the model does not fit."));
  }
}

void tps_card(App& app, const Result& r, ImVec2 size) {
  const Rating rating = rate_tpot(r);
  ui::card_begin("card-tps", size, ui::rating_color(rating));
  card_header(tr("Tokens/s"), rating);
  if (!r.fits) {
    no_speed(tr("does not fit"));
  } else {
    ui::big_text(ui::format_count(r.output_tokens_per_s).c_str(), ui::rating_color(rating));
    const std::string sub = format_rate(r.tokens_per_s_per_user) + " " + tr("per user");
    ui::text_dim(sub.c_str());
  }
  pinned_line(app, r, "output_tokens_per_s");
  ui::card_end();
  ui::probe_item("summary:tps");
  if (ImGui::IsItemHovered() && r.fits) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
    ui::text_strong(tr("Output tokens per second, all GPUs"));
    ui::explain_row(tr("Total"), format_rate(r.output_tokens_per_s) + "  (" + ui::format_band_rate(r.output_tps_band) + ")");
    ui::explain_row(tr("Per user"), format_rate(r.tokens_per_s_per_user) + "  (" + ui::format_band_rate(r.per_user_band) + ")");
    ui::explain_row(tr("Per GPU"), format_rate(r.output_tokens_per_s_per_gpu) + "  (" +
                                       ui::format_band_rate(r.output_tps_per_gpu_band) + ")");
    ui::explain_row(tr("Batch x replicas"), std::to_string(r.batch) + " x " + std::to_string(r.replicas));
    ui::explain_note(tr("Continuous batching in steady state: every request's output tokens over the time its "
                        "slot is busy, prefill of the next prompts included. Per user = 1000 / time per token."));
    rating_note();
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  (void)app;
}

void cost_card(App& app, const Result& r, ImVec2 size) {
  const Rating rating = rate_cost(r);
  ui::card_begin("card-cost", size, ui::rating_color(rating));
  card_header(tr("$ / M tokens"), rating);
  if (!r.fits) {
    no_speed(tr("does not fit"));
  } else {
    ui::big_text(ui::format_usd(r.usd_per_million_output_tokens).c_str(), ui::rating_color(rating));
    const Band b = cost_band(r);
    ui::text_dim((ui::format_usd(b.low) + " \xE2\x80\x93 " + ui::format_usd(b.high)).c_str());
  }
  pinned_line(app, r, "usd_per_million_output_tokens");
  ui::card_end();
  ui::probe_item("summary:cost");
  if (ImGui::IsItemHovered() && r.fits) {
    const Scenario& s = app.scenario;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
    ui::text_strong(tr("Dollars per million output tokens"));
    ui::explain_row(tr("GPUs x $/GPU-hour"), std::to_string(s.gpus) + " x " + ui::format_usd(s.usd_per_gpu_hour));
    ui::explain_row(tr("Output tokens/s"), format_rate(r.output_tokens_per_s));
    ui::explain_row(tr("Energy"), ui::printf_string("%.2f kWh / M", r.kwh_per_million_output_tokens));
    ui::explain_note(tr("Cost = GPUs x price per hour x the hours a million output tokens take at the total rate."));
    ui::explain_note(ui::printf_string(tr("Green below $%.0f per million, amber below $%.0f: a rule of thumb, not a "
                                          "market price."),
                                       CostTargets::kGoodUsdPerMillion, CostTargets::kTightUsdPerMillion));
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace

void rating_note() {
  ui::explain_note(ui::printf_string(tr("Colours: green within MLPerf's interactive targets (TTFT %.0f ms, %.0f ms per "
                                        "token), amber within its server targets (%.0f ms, %.0f ms), red beyond."),
                                     LatencyTargets::kInteractiveTtftMs, LatencyTargets::kInteractiveTpotMs,
                                     LatencyTargets::kServerTtftMs, LatencyTargets::kServerTpotMs));
}

void draw_summary(App& app) {
  if (app.panels.tab == Tab::Cluster) {  // the plan's own verdict over the plan
    draw_cluster_summary(app);
    return;
  }
  const Result& r = current_result(app);
  const float em = ImGui::GetFontSize();
  const float spacing = em * 0.5f;
  const float avail = ImGui::GetContentRegionAvail().x;
  int per_row = std::clamp(static_cast<int>((avail + spacing) / (em * 8.8f)), 1, 5);
  per_row = (5 + (5 + per_row - 1) / per_row - 1) / ((5 + per_row - 1) / per_row);  // balanced rows: 3 + 2, not 4 + 1
  const float w = (avail - spacing * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
  // A compare (Pin) adds the pinned setup's line to every card.
  const ImVec2 size(w, em * (app.pinned ? 7.5f : 5.0f));
  void (*const cards[])(App&, const Result&, ImVec2) = {fits_card, ttft_card, tpot_card, tps_card, cost_card};
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing, spacing));
  for (int i = 0; i < 5; ++i) {
    if (i % per_row != 0) ImGui::SameLine();
    cards[i](app, r, size);
  }
  ImGui::PopStyleVar();
}

}  // namespace infercalc
