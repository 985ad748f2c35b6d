// Multi-GPU scaling: throughput and latency against GPU count (1..64, powers of two)
// for TP, PP and TP x PP (TP up to a node, then PP), one model replica spanning the
// GPUs (core scale_curve), beside the ideal line the seed article assumed ("twice the
// GPUs, half the time"), and the efficiency against it.
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/i18n.h"
#include "app/panels.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
#include "core/gpu.h"
#include "core/report.h"
#include "core/scenario_check.h"

namespace infercalc {
namespace {

using ui::tr;

constexpr ScaleMode kModes[] = {ScaleMode::Tp, ScaleMode::Pp, ScaleMode::TpPp};

const char* mode_label(int i) {
  static const char* const kLabels[] = {"TP", "PP", "TP x PP"};
  return kLabels[i];
}

ScalingViews compute(const Scenario& s) {
  ScalingViews v;
  for (int i = 0; i < 3; ++i) v.curves[static_cast<std::size_t>(i)] = scale_curve(s, kModes[i], 64);
  return v;
}

std::string format_ms_axis(double ms) {
  if (ms >= 1000) return ui::printf_string("%.3gs", ms / 1000);
  return ui::printf_string("%.3gms", ms);
}

std::string format_percent(double f) { return ui::printf_string("%.0f%%", f); }

// One series per mode, and the ideal of each mode as a dashed line in its colour.
std::vector<ui::ChartSeries> series(const ScalingViews& v, double (*get)(const ScalePoint&),
                                    double (*ideal)(const ScalePoint&)) {
  const ui::Palette& pal = ui::palette();
  std::vector<ui::ChartSeries> out;
  for (int i = 0; i < 3; ++i) {
    ui::ChartSeries s{mode_label(i), pal.series[i], false, {}, {}};
    ui::ChartSeries d{nullptr, (pal.series[i] & 0x00FFFFFFu) | 0xA0000000u, true, {}, {}};
    for (const ScalePoint& p : v.curves[static_cast<std::size_t>(i)]) {
      s.x.push_back(static_cast<double>(p.gpus));
      s.y.push_back(p.fits ? get(p) : 0);
      d.x.push_back(static_cast<double>(p.gpus));
      d.y.push_back(p.fits && ideal ? ideal(p) : 0);
    }
    out.push_back(std::move(s));
    if (ideal) out.push_back(std::move(d));
  }
  return out;
}

// The pinned setup's TP x PP curve (Pin in the summary), in the dim text colour, so
// both setups' scaling shows on one chart.
void add_pinned(std::vector<ui::ChartSeries>& out, const ScalingViews* pinned, double (*get)(const ScalePoint&)) {
  if (!pinned) return;
  ui::ChartSeries s{tr("pinned: TP x PP"), ui::palette().text_dim, false, {}, {}};
  for (const ScalePoint& p : pinned->curves[2]) {
    s.x.push_back(static_cast<double>(p.gpus));
    s.y.push_back(p.fits ? get(p) : 0);
  }
  out.push_back(std::move(s));
}

void point_tooltip(const ScalingViews& v, double gpus) {
  ImGui::BeginTooltip();
  ui::text_strong(ui::printf_string(tr("%.0f GPUs, one replica"), gpus).c_str());
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV;
  if (ImGui::BeginTable("point", 7, kFlags)) {
    for (const char* h : {tr("Mode"), "TP x PP", tr("tokens/s"), tr("ideal"), tr("efficiency"), tr("latency"), tr("per token")})
      ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (int i = 0; i < 3; ++i)
      for (const ScalePoint& p : v.curves[static_cast<std::size_t>(i)]) {
        if (static_cast<double>(p.gpus) != gpus) continue;
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ui::legend_item(ui::palette().series[i], mode_label(i));
        ImGui::TableSetColumnIndex(1);
        ImGui::Text("%lld x %lld", static_cast<long long>(p.tp), static_cast<long long>(p.pp));
        ImGui::TableSetColumnIndex(2);
        if (!p.fits) {
          ui::text(ui::palette().bad, tr("does not fit"));
          continue;
        }
        ImGui::TextUnformatted(format_rate(p.output_tokens_per_s).c_str());
        ImGui::TableSetColumnIndex(3);
        ui::text_dim(format_rate(p.ideal_tokens_per_s).c_str());
        ImGui::TableSetColumnIndex(4);
        ImGui::Text("%.0f %%", p.efficiency * 100);
        ImGui::TableSetColumnIndex(5);
        ImGui::TextUnformatted(format_ms(p.e2e_latency_ms).c_str());
        ImGui::TableSetColumnIndex(6);
        ImGui::TextUnformatted(format_ms(p.tpot_ms).c_str());
      }
    ImGui::EndTable();
  }
  ui::text_dim(tr("Ideal: the smallest count that fits, scaled linearly (the seed article's assumption)."));
  ImGui::EndTooltip();
}

}  // namespace

void draw_scaling(App& app) {
  const Scenario& s = app.scenario;
  const ScalingViews& v = app.panels.scaling.get(s, [&] { return compute(s); });
  const ScalingViews* pv =
      app.pinned ? &app.panels.pinned_scaling.get(*app.pinned, [&] { return compute(*app.pinned); }) : nullptr;
  const float em = ImGui::GetFontSize();
  const ui::Palette& pal = ui::palette();

  // The legend wraps on a narrow screen, each swatch with its label.
  auto item = [&](bool first, ImU32 color, const char* label) {
    if (!first) ui::same_line_or_wrap(em + ImGui::CalcTextSize(label).x, em);
    ui::legend_item(color, label);
  };
  for (int i = 0; i < 3; ++i) item(i == 0, pal.series[i], mode_label(i));
  item(false, pal.ideal, tr("dashed: ideal (linear)"));
  if (pv) item(false, pal.text_dim, tr("pinned: TP x PP"));
  const Gpu* g = resolve_gpu(s);
  const int node = s.gpus_per_node > 0 ? static_cast<int>(s.gpus_per_node) : (g ? g->default_gpus_per_node() : 8);
  ui::text_dim_after(ui::printf_string(tr("batch %s \xC2\xB7 %d GPUs per node; beyond, InfiniBand %.0f Gb/s"),
                                       s.batch_max ? "max" : std::to_string(s.batch).c_str(), node, s.internode_gbps)
                         .c_str(),
                     em);

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool wide = avail.x > em * 48;
  const float chart_w = wide ? (avail.x - em) / 2 : avail.x;
  const float gap = ImGui::GetStyle().ItemSpacing.y;
  const float chart_h = std::max(em * 10, wide ? (avail.y - gap) / 2 - 1 : (avail.y - 2 * gap) / 3 - 1);

  ui::ChartSpec tps{"chart-tps", tr("Throughput"), tr("output tokens/s, all GPUs of the replica")};
  auto tps_series = series(v, [](const ScalePoint& p) { return p.output_tokens_per_s; },
                           [](const ScalePoint& p) { return p.ideal_tokens_per_s; });
  add_pinned(tps_series, pv, [](const ScalePoint& p) { return p.output_tokens_per_s; });
  const int hover_a = ui::line_chart(tps, ImVec2(chart_w, chart_h), tps_series);
  ui::probe_item("chart:throughput");
  if (wide) ImGui::SameLine(0, em);
  ui::ChartSpec lat{"chart-latency", tr("Latency"), tr("end-to-end per request")};
  lat.format_y = format_ms_axis;
  auto lat_series = series(v, [](const ScalePoint& p) { return p.e2e_latency_ms; },
                           [](const ScalePoint& p) { return p.ideal_e2e_latency_ms; });
  add_pinned(lat_series, pv, [](const ScalePoint& p) { return p.e2e_latency_ms; });
  const int hover_b = ui::line_chart(lat, ImVec2(chart_w, chart_h), lat_series);
  ui::probe_item("chart:latency");
  ui::ChartSpec eff{"chart-efficiency", tr("Efficiency"), tr("tokens/s over the ideal line")};
  eff.log_y = false;
  eff.y_top = 100;
  eff.format_y = format_percent;
  const int hover_c = ui::line_chart(eff, ImVec2(chart_w, chart_h),
                                     series(v, [](const ScalePoint& p) { return p.efficiency * 100; }, nullptr));
  ui::probe_item("chart:efficiency");
  if (wide) {
    ImGui::SameLine(0, em);
    ImGui::BeginChild("scaling-notes", ImVec2(chart_w, chart_h), false);
    ui::heading(tr("Reading the curves"));
    ImGui::PushTextWrapPos(0);
    ui::text_dim(tr("The seed article saw Llama 2 run twice as fast on twice the GPUs. That holds while each GPU "
                    "reads a smaller share of the weights faster than the GPUs can exchange activations: TP over "
                    "NVLink inside a node. Across nodes every layer's all-reduce crosses InfiniBand and efficiency "
                    "falls; PP does not shorten a single request at all, it only holds a larger model."));
    ImGui::Spacing();
    ui::text_dim(ui::printf_string(tr("Computed in %s (%d estimates). Hover a chart for the numbers of each point."),
                                   ui::format_compute_ms(app.panels.scaling.compute_ms()).c_str(), 21)
                     .c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
  }
  const int hovered = std::max({hover_a, hover_b, hover_c});
  if (hovered >= 0 && !v.curves[0].empty()) {
    const std::vector<ScalePoint>& first = v.curves[0];
    if (static_cast<std::size_t>(hovered) < first.size()) point_tooltip(v, static_cast<double>(first[static_cast<std::size_t>(hovered)].gpus));
  }
}

}  // namespace infercalc
