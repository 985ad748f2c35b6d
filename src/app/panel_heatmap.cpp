// Heatmap: concurrency x input length (core heatmap over its default axes), coloured
// by output tokens/s per GPU or by time per output token (App::heat_metric, the link's
// heat=tpot), with the cells that do not fit hatched. The colours come from a shader
// (heatmap_gl.h); the numbers, axes and hover are ImGui.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "app/app.h"
#include "app/fonts.h"
#include "app/heatmap_gl.h"
#include "app/i18n.h"
#include "app/panels.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
#include "core/report.h"
#include "core/scenario_check.h"
#include "platform/platform.h"

namespace infercalc {
namespace {

using ui::tr;

// 0..1 on a log scale between the smallest and largest fitting value, 1 = best
// (most tokens/s, least time per token): a display mapping of the core's values.
double shade(const Heatmap& h, HeatMetric metric, double v) {
  if (!(h.max_value > h.min_value) || v <= 0) return 0.5;
  const double t = (std::log(v) - std::log(h.min_value)) / (std::log(h.max_value) - std::log(h.min_value));
  return metric == HeatMetric::TpotMs ? 1 - t : t;
}

ui::HeatGrid to_grid(const Heatmap& h, HeatMetric metric, uint64_t version) {
  ui::HeatGrid g;
  g.cols = static_cast<int>(h.contexts.size());
  g.rows = static_cast<int>(h.batches.size());
  g.version = version;
  g.rgba.resize(h.values.size() * 4);
  for (std::size_t k = 0; k < h.values.size(); ++k) {
    g.rgba[k * 4 + 0] = static_cast<uint8_t>(std::lround(std::clamp(shade(h, metric, h.values[k]), 0.0, 1.0) * 255));
    g.rgba[k * 4 + 1] = h.fits[k] ? 255 : 0;
    g.rgba[k * 4 + 2] = 0;
    g.rgba[k * 4 + 3] = 255;
  }
  return g;
}

std::string cell_text(HeatMetric metric, double v) {
  return metric == HeatMetric::TpotMs ? format_ms(v) : format_rate(v);
}

void cell_tooltip(const Scenario& base, const Heatmap& h, std::size_t i, std::size_t j) {
  Scenario s = base;
  s.batch = h.batches[i];
  s.batch_max = false;
  s.input_tokens = h.contexts[j];
  const Result r = estimate(s);
  ImGui::BeginTooltip();
  ui::text_strong(ui::printf_string(tr("Concurrency %lld, input %s tokens"), static_cast<long long>(s.batch),
                                    ui::format_count(static_cast<double>(s.input_tokens)).c_str())
                      .c_str());
  if (!r.fits) {
    ui::text(ui::palette().bad, tr("Does not fit"));
    ui::explain_row(tr("Needed per GPU"), format_gib(r.total_bytes));
    ui::explain_row(tr("Usable per GPU"), format_gib(r.usable_bytes));
  } else {
    ui::explain_row(tr("Tokens/s per GPU"), format_rate(r.output_tokens_per_s_per_gpu));
    ui::explain_row(tr("Time per token"), format_ms(r.tpot_ms) + " (" + tr(name(r.decode_bound)) + ")");
    ui::explain_row(tr("TTFT"), format_ms(r.ttft_ms));
    ui::explain_row(tr("Memory per GPU"), format_gib(r.total_bytes) + " / " + format_gib(r.usable_bytes));
  }
  ui::text_dim(tr("Click to use this concurrency and input length."));
  ImGui::EndTooltip();
}

void oom_swatch(ImVec2 p0, ImVec2 p1) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ui::Palette& pal = ui::palette();
  dl->AddRectFilled(p0, p1, pal.oom_b);
  const float step = ImGui::GetFontSize() * 0.5f;
  dl->PushClipRect(p0, p1, true);
  for (float x = p0.x - (p1.y - p0.y); x < p1.x; x += step)
    dl->AddLine(ImVec2(x, p1.y), ImVec2(x + (p1.y - p0.y), p0.y), pal.oom_a, step * 0.5f);
  dl->PopClipRect();
}

void legend(const Heatmap& h, HeatMetric metric) {
  const float em = ImGui::GetFontSize();
  const ui::Palette& pal = ui::palette();
  const bool tpot = metric == HeatMetric::TpotMs;
  const double worst = tpot ? h.max_value : h.min_value, best = tpot ? h.min_value : h.max_value;
  const std::string lo = h.max_value > 0 ? cell_text(metric, worst) : "\xE2\x80\x94";
  const std::string hi = h.max_value > 0 ? cell_text(metric, best) : "\xE2\x80\x94";
  ImGui::AlignTextToFramePadding();
  ui::text_dim(lo.c_str());
  ImGui::SameLine();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float bar_h = ImGui::GetFrameHeight() * 0.6f;
  const float y_off = (ImGui::GetFrameHeight() - bar_h) / 2;
  ui::heatmap_draw_legend(ImGui::GetWindowDrawList(), ImVec2(p.x, p.y + y_off), ImVec2(p.x + em * 10, p.y + y_off + bar_h));
  ImGui::Dummy(ImVec2(em * 10, ImGui::GetFrameHeight()));
  ImGui::SameLine();
  ui::text_dim(hi.c_str());
  // Each swatch with its label; they wrap on a narrow screen.
  const char* no_fit = tr("does not fit");
  ui::same_line_or_wrap(em * 2.5f + ImGui::CalcTextSize(no_fit).x, em * 1.5f);
  const ImVec2 q = ImGui::GetCursorScreenPos();
  oom_swatch(ImVec2(q.x, q.y + y_off), ImVec2(q.x + em * 2, q.y + y_off + bar_h));
  ImGui::Dummy(ImVec2(em * 2, ImGui::GetFrameHeight()));
  ImGui::SameLine();
  ui::text_dim(no_fit);
  const char* this_one = tr("this scenario");
  ui::same_line_or_wrap(em * 2.5f + ImGui::CalcTextSize(this_one).x, em * 1.5f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 r = ImGui::GetCursorScreenPos();
  const float y = r.y + y_off;
  dl->AddRect(ImVec2(r.x, y), ImVec2(r.x + em * 2, y + bar_h), pal.text, 0, 0, 2);
  ImGui::Dummy(ImVec2(em * 2, ImGui::GetFrameHeight()));
  ImGui::SameLine();
  ui::text_dim(this_one);
}

}  // namespace

void draw_heatmap(App& app) {
  const Scenario& s = app.scenario;
  Panels& p = app.panels;
  const float em = ImGui::GetFontSize();
  const ui::Palette& pal = ui::palette();

  int metric = app.heat_metric == HeatMetric::TpotMs ? 1 : 0;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("Colour by"));
  ImGui::SameLine();
  ImGui::RadioButton(tr("tokens/s per GPU"), &metric, 0);
  ui::probe_item("heat:tps");
  const char* tpot_label = tr("time per token");
  ui::same_line_or_wrap(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(tpot_label).x);
  ImGui::RadioButton(tpot_label, &metric, 1);
  ui::probe_item("heat:tpot");
  const HeatMetric wanted = metric == 1 ? HeatMetric::TpotMs : HeatMetric::TokensPerSPerGpu;
  if (wanted != app.heat_metric) app.heat_metric = wanted;
  if (p.heat_computed_for != app.heat_metric) {
    p.heat.clear();
    p.heat_computed_for = app.heat_metric;
  }
  const Heatmap& h = p.heat.get(s, [&] {
    return heatmap(s, app.heat_metric, default_heat_batches(), default_heat_contexts());
  });
  ui::text_dim_after(ui::printf_string(tr("output %lld tokens \xC2\xB7 %zu estimates in %s"),
                                       static_cast<long long>(s.output_tokens), h.values.size(),
                                       ui::format_compute_ms(p.heat.compute_ms()).c_str())
                         .c_str(),
                     em * 1.5f);
  legend(h, app.heat_metric);

  // Grid area: row labels on the left, column labels below.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float left = ImGui::CalcTextSize("1024").x + em * 2.2f;
  const float bottom = ImGui::GetTextLineHeight() * 2.4f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  // At least a text line per row, so that the row labels never overlap (a phone held
  // sideways leaves little height: the tab scrolls instead).
  const float grid_h = std::max({em * 12, avail.y, ImGui::GetTextLineHeight() * (static_cast<float>(h.batches.size()) + 3.6f)});
  const ImVec2 a(origin.x + left, origin.y + ImGui::GetTextLineHeight() * 1.2f);
  const ImVec2 b(origin.x + avail.x - em * 0.3f, origin.y + grid_h - bottom);
  ImGui::InvisibleButton("heat-grid", ImVec2(avail.x, grid_h));
  ui::probe_rect("heatmap", a.x, a.y, b.x, b.y);
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked();
  ImDrawList* dl = ImGui::GetWindowDrawList();

  const std::size_t rows = h.batches.size(), cols = h.contexts.size();
  if (rows == 0 || cols == 0) return;
  if (p.heat_grid.version != p.heat.generation()) p.heat_grid = to_grid(h, app.heat_metric, p.heat.generation());

  if (!ui::heatmap_gl_error().empty()) {
    ui::text(pal.bad, ui::heatmap_gl_error().c_str());
    return;
  }
  ui::heatmap_draw_grid(dl, a, b, p.heat_grid, em * 0.6f, pal.oom_a, pal.oom_b);

  const float cw = (b.x - a.x) / static_cast<float>(cols), ch = (b.y - a.y) / static_cast<float>(rows);
  auto cell_rect = [&](std::size_t i, std::size_t j) {  // row i from the bottom
    return std::make_pair(ImVec2(a.x + cw * static_cast<float>(j), b.y - ch * static_cast<float>(i + 1)),
                          ImVec2(a.x + cw * static_cast<float>(j + 1), b.y - ch * static_cast<float>(i)));
  };
  // Values in the cells, when they fit in them.
  const bool labels = cw > ImGui::CalcTextSize("0000").x + em * 0.3f && ch > ImGui::GetTextLineHeight();
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j) {
      const std::size_t k = i * cols + j;
      const auto [p0, p1] = cell_rect(i, j);
      dl->AddRect(p0, p1, IM_COL32(0, 0, 0, 40));
      if (!labels || !h.fits[k]) continue;
      const std::string t = cell_text(app.heat_metric, h.values[k]);
      const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
      if (ts.x > cw - em * 0.2f) continue;
      const bool light_cell = shade(h, app.heat_metric, h.values[k]) > 0.62;
      dl->AddText(ImVec2((p0.x + p1.x - ts.x) / 2, (p0.y + p1.y - ts.y) / 2),
                  light_cell ? IM_COL32(20, 20, 30, 255) : IM_COL32(245, 245, 250, 255), t.c_str());
    }
  // The scenario's own cell, when it lies on the axes.
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j)
      if (!s.batch_max && h.batches[i] == s.batch && h.contexts[j] == s.input_tokens) {
        const auto [p0, p1] = cell_rect(i, j);
        dl->AddRect(p0, p1, pal.text, 0, 0, std::max(2.0f, em * 0.14f));
      }
  // Axes.
  for (std::size_t i = 0; i < rows; ++i) {
    const std::string t = std::to_string(h.batches[i]);
    const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
    const auto [p0, p1] = cell_rect(i, 0);
    dl->AddText(ImVec2(a.x - em * 0.3f - ts.x, (p0.y + p1.y - ts.y) / 2), pal.text_dim, t.c_str());
  }
  // Every column's label, or every other one where they would touch (phones), the last kept.
  const std::size_t label_step = cw > ImGui::CalcTextSize("128k").x + em * 0.4f ? 1 : 2;
  for (std::size_t j = 0; j < cols; ++j) {
    if ((cols - 1 - j) % label_step != 0) continue;
    const std::string t = ui::format_tokens_short(h.contexts[j]);
    const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
    const auto [p0, p1] = cell_rect(0, j);
    dl->AddText(ImVec2((p0.x + p1.x - ts.x) / 2, b.y + em * 0.2f), pal.text_dim, t.c_str());
  }
  const char* x_title = tr("Input tokens");
  const ImVec2 xs = ImGui::CalcTextSize(x_title);
  dl->AddText(ImVec2((a.x + b.x - xs.x) / 2, b.y + em * 0.2f + ImGui::GetTextLineHeight()), pal.text_dim, x_title);
  dl->AddText(origin, pal.text_dim, tr("Concurrency"));

  if (!hovered) return;
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (m.x < a.x || m.x >= b.x || m.y < a.y || m.y >= b.y) return;
  const std::size_t j = std::min(cols - 1, static_cast<std::size_t>((m.x - a.x) / cw));
  const std::size_t i = std::min(rows - 1, static_cast<std::size_t>((b.y - m.y) / ch));
  const auto [p0, p1] = cell_rect(i, j);
  dl->AddRect(p0, p1, pal.accent, 0, 0, 2);
  cell_tooltip(s, h, i, j);
  if (clicked) {
    Scenario next = s;
    next.batch = h.batches[i];
    next.batch_max = false;
    next.input_tokens = h.contexts[j];
    if (!validate(next)) {
      app_set_scenario(app, next);
      platform::announce(ui::printf_string("Concurrency %lld, input %lld tokens", static_cast<long long>(next.batch),
                                           static_cast<long long>(next.input_tokens)));
    }
  }
}

}  // namespace infercalc
