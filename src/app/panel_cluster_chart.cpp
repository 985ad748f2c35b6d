// The Cluster tab's chart (panel_cluster.h): goodput of the best plan against the
// offered rate, up to and past where the fleet saturates (core/cluster_view.h). The
// knee (goodput below kKneeShare of the offered rate) and the offered rate are marked;
// the best disaggregated and the best colocated plan get a line each where they
// differ, and a sentence where they are the same line.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "app/i18n.h"
#include "app/panel_cluster.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "app/widgets.h"

namespace infercalc {
namespace {

using ui::tr;

void legend(ImDrawList* dl, float right, float y, float lh, const char* label, ImU32 col, float& x) {
  const float em = ImGui::GetFontSize();
  x -= ImGui::CalcTextSize(label).x;
  dl->AddRectFilled(ImVec2(x - em * 0.9f, y + lh * 0.3f), ImVec2(x - em * 0.3f, y + lh * 0.8f), col);
  dl->AddText(ImVec2(x, y), ImGui::GetColorU32(ImGuiCol_TextDisabled), label);
  x -= em * 2;
  (void)right;
}

}  // namespace

void cluster_sweep_chart(const ClusterPanel& c, float width, float height) {
  const ui::Palette& pal = ui::palette();
  const float em = ImGui::GetFontSize();
  const float lh = ImGui::GetTextLineHeight();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("cluster-sweep", ImVec2(width, height));
  ui::probe_item("cluster:sweep");
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddText(o, pal.text, tr("Goodput against offered rate, to saturation"));
  const SweepRange& range = c.sweep_range;
  if (!c.has_sweep_range) {
    dl->AddText(ImVec2(o.x, o.y + lh * 1.5f), pal.text_dim, tr("Computed once typing stops..."));
    return;
  }
  if (range.saturation_rps <= 0) {
    dl->AddText(ImVec2(o.x, o.y + lh * 1.5f), pal.text_dim, tr("No plan meets the targets at any rate."));
    return;
  }
  const bool same = c.sweep_valid && sweep_curves_coincide(c.sweep);
  const bool no_disagg = range.disaggregated_max_rps <= 0, no_coloc = range.colocated_max_rps <= 0;
  // The second line: what the sweep found, in words.
  std::string note;
  if (no_disagg) note = tr("No disaggregated plan meets the targets on this fleet.");
  else if (no_coloc) note = tr("No colocated plan meets the targets on this fleet.");
  else if (same) note = tr("Disaggregated and colocated plans reach the same goodput at every rate: one line.");
  dl->AddText(ImVec2(o.x, o.y + lh), pal.text_dim, note.c_str());

  const double x_max = range.max_rps, y_max = range.max_rps;
  const std::string top_label = ui::printf_string("%.3g", y_max);
  const float label_w = ImGui::CalcTextSize(top_label.c_str()).x + em * 0.6f;
  const ImVec2 a(o.x + label_w, o.y + lh * 2.4f), b(o.x + width - em * 0.5f, o.y + height - lh * 2.2f);
  if (b.x - a.x < em * 4 || b.y - a.y < em * 2) return;
  auto px = [&](double x) { return a.x + static_cast<float>(x / x_max) * (b.x - a.x); };
  auto py = [&](double y) { return b.y - static_cast<float>(y / y_max) * (b.y - a.y); };
  for (int i = 0; i <= 4; ++i) {
    const double v = y_max * i / 4;
    dl->AddLine(ImVec2(a.x, py(v)), ImVec2(b.x, py(v)), pal.grid);
    const std::string s = ui::printf_string("%.3g", v);
    dl->AddText(ImVec2(a.x - em * 0.3f - ImGui::CalcTextSize(s.c_str()).x, py(v) - lh / 2), pal.text_dim, s.c_str());
  }
  for (int i = 1; i <= 4; ++i) {
    const double x = x_max * i / 4;
    const std::string s = ui::printf_string("%.3g", x);
    dl->AddText(ImVec2(px(x) - ImGui::CalcTextSize(s.c_str()).x / 2, b.y + em * 0.2f), pal.text_dim, s.c_str());
  }
  dl->AddText(ImVec2(a.x, b.y + em * 0.2f + lh), pal.text_dim, tr("offered arrival rate, requests/s"));
  const std::string timing =
      c.sweep_valid ? ui::printf_string(tr("%d planner runs, %.0f ms"), static_cast<int>(c.sweep.size()) + 1, c.sweep_ms)
                    : ui::printf_string(tr("computing %d of %d..."), static_cast<int>(c.sweep.size()) + 1, 17);
  dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(timing.c_str()).x, b.y + em * 0.2f + lh), pal.text_dim, timing.c_str());
  dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), pal.axis);
  dl->AddLine(ImVec2(a.x, a.y), ImVec2(a.x, b.y), pal.axis);
  // Goodput cannot exceed the offered rate: the diagonal, as the ideal.
  dl->AddLine(ImVec2(px(0), py(0)), ImVec2(px(x_max), py(x_max)), pal.ideal, 1);
  // The offered rate asked for, and the knee.
  const double offered = c.request.workload.rate_rps;
  dl->AddLine(ImVec2(px(offered), a.y), ImVec2(px(offered), b.y), pal.limit_mark, 1);
  const float kx = px(range.knee_rps);
  dl->AddLine(ImVec2(kx, a.y), ImVec2(kx, b.y), pal.bad, 2);
  const std::string knee = ui::printf_string(tr("knee %.3g req/s"), range.knee_rps);
  const float kw = ImGui::CalcTextSize(knee.c_str()).x;
  dl->AddText(ImVec2(kx + kw + em * 0.3f < b.x ? kx + em * 0.3f : kx - kw - em * 0.3f, a.y), pal.bad, knee.c_str());

  auto line = [&](double (*get)(const RatePoint&), ImU32 col, float thick) {
    for (std::size_t i = 0; i < c.sweep.size(); ++i) {
      const ImVec2 q(px(c.sweep[i].rate_rps), py(get(c.sweep[i])));
      if (i) dl->AddLine(ImVec2(px(c.sweep[i - 1].rate_rps), py(get(c.sweep[i - 1]))), q, col, thick);
      dl->AddCircleFilled(q, em * 0.1f + thick * 0.6f, col);
    }
  };
  float lx = b.x;
  if (same || no_disagg || no_coloc) {
    line([](const RatePoint& p) { return p.best_goodput_rps; }, pal.series[0], 3);
    legend(dl, b.x, o.y, lh, tr("best plan"), pal.series[0], lx);
  } else {
    line([](const RatePoint& p) { return p.colocated_goodput_rps; }, pal.series[2], 5);
    line([](const RatePoint& p) { return p.disaggregated_goodput_rps; }, pal.series[0], 2);
    legend(dl, b.x, o.y, lh, tr("colocated"), pal.series[2], lx);
    legend(dl, b.x, o.y, lh, tr("disaggregated"), pal.series[0], lx);
  }
  if (hovered && !c.sweep.empty()) {
    const float mx = ImGui::GetIO().MousePos.x;
    std::size_t best = 0;
    for (std::size_t i = 1; i < c.sweep.size(); ++i)
      if (std::fabs(px(c.sweep[i].rate_rps) - mx) < std::fabs(px(c.sweep[best].rate_rps) - mx)) best = i;
    const RatePoint& p = c.sweep[best];
    ImGui::BeginTooltip();
    ui::text_strong(ui::printf_string(tr("%.3g requests/s offered"), p.rate_rps).c_str());
    ImGui::Text("%s: %.3g req/s", tr("goodput"), p.best_goodput_rps);
    if (!same) {
      ImGui::Text("%s: %.3g req/s", tr("disaggregated"), p.disaggregated_goodput_rps);
      ImGui::Text("%s: %.3g req/s", tr("colocated"), p.colocated_goodput_rps);
    }
    if (!p.best_summary.empty()) ImGui::TextUnformatted(p.best_summary.c_str());
    ImGui::EndTooltip();
  }
}

}  // namespace infercalc
