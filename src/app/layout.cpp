// The calculator's layout below the top bar: the scenario column on the left (about
// 26 em), and beside it the summary strip over the detail tabs. Sizes are multiples
// of the font size. Also the top bar's language and theme switches.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/app.h"
#include "app/i18n.h"
#include "app/panel_gpu_table.h"
#include "app/panels.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "core/scenario_check.h"

namespace infercalc {
namespace {

struct TabInfo {
  Tab tab;
  const char* id;     // stable: ImGui id and ui_probe name "tab:<id>"
  const char* label;  // English, translated when drawn
  void (*draw)(App&);
};

void draw_gpus_tab(App& app) {
  if (app.panels.show_seed_table) draw_seed_table(app);
  else draw_gpu_table(app);
}

const TabInfo kTabs[] = {
    {Tab::Memory, "memory", "Memory", draw_memory},
    {Tab::Speed, "speed", "Speed", draw_speed},
    {Tab::Scaling, "scaling", "Scaling", draw_scaling},
    {Tab::Heatmap, "heatmap", "Heatmap", draw_heatmap},
    {Tab::Gpus, "gpus", "GPUs", draw_gpus_tab},
    {Tab::Warnings, "warnings", "Warnings", draw_warnings},
    {Tab::Cluster, "cluster", "Cluster", draw_cluster},
};

std::string tab_label(App& app, const TabInfo& t) {
  std::string label = ui::tr(t.label);
  if (t.tab == Tab::Warnings) {
    const int n = current_result(app).warning_count;
    if (n > 0) label += " (" + std::to_string(n) + ")";
  }
  return label + "###" + t.id;
}

// The tab bar only picks the tab; its contents are drawn below it from Panels::tab.
// So a tab asked for from outside (the default, a link) shows from the very first
// frame: ImGuiTabItemFlags_SetSelected takes effect a frame later, and a new tab bar
// shows its first tab meanwhile.
void draw_tabs(App& app) {
  Panels& p = app.panels;
  if (ImGui::BeginTabBar("tabs", ImGuiTabBarFlags_NoTooltip)) {
    for (const TabInfo& t : kTabs) {
      const ImGuiTabItemFlags flags = p.tab_requested && p.tab == t.tab ? ImGuiTabItemFlags_SetSelected : 0;
      const bool open = ImGui::BeginTabItem(tab_label(app, t).c_str(), nullptr, flags);
      ui::probe_item(std::string("tab:") + t.id);
      if (!open) continue;
      if (!p.tab_requested) p.tab = t.tab;
      else if (p.tab == t.tab) p.tab_requested = false;  // the bar shows it now
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  for (const TabInfo& t : kTabs) {
    if (t.tab != p.tab) continue;
    ImGui::BeginChild(t.id, ImVec2(0, 0), false, ImGuiWindowFlags_NoBackground);
    t.draw(app);
    ImGui::EndChild();
  }
}

}  // namespace

const Result& current_result(App& app) {
  return app.panels.result.get(app.scenario, [&] { return estimate(app.scenario); });
}

float preferences_width() {
  const ImGuiStyle& st = ImGui::GetStyle();
  auto w = [&](const char* s) { return ImGui::CalcTextSize(s).x + st.FramePadding.x * 2; };
  const float lang = std::max(w(ui::native_name(ui::Language::English)), w(ui::native_name(ui::Language::Korean)));
  const float theme = std::max(w(ui::tr("Light")), w(ui::tr("Dark")));
  return lang + theme + st.ItemSpacing.x;
}

void draw_preferences(App&) {
  const ui::Language other = ui::language() == ui::Language::English ? ui::Language::Korean : ui::Language::English;
  if (ImGui::Button(ui::native_name(other))) ui::set_language(other);
  ui::probe_item("language");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ui::tr("Switch the language (English / Korean)"));
  ImGui::SameLine();
  const bool dark = ui::theme() == ui::Theme::Dark;
  if (ImGui::Button(dark ? ui::tr("Light") : ui::tr("Dark"))) ui::set_theme(dark ? ui::Theme::Light : ui::Theme::Dark);
  ui::probe_item("theme");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", dark ? ui::tr("Switch to the light theme") : ui::tr("Switch to the dark theme"));
}

void draw_body(App& app) {
  const float em = ImGui::GetFontSize();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float column_w = std::clamp(avail.x * 0.33f, em * 20, em * 26);

  ImGui::BeginChild("scenario-column", ImVec2(column_w, 0), false);
  draw_scenario(app);
  ImGui::EndChild();
  ui::probe_item("scenario");
  const ImVec2 sep = ImGui::GetItemRectMax();
  ImGui::GetWindowDrawList()->AddLine(ImVec2(sep.x + em * 0.4f, ImGui::GetItemRectMin().y),
                                      ImVec2(sep.x + em * 0.4f, sep.y), ImGui::GetColorU32(ImGuiCol_Separator));
  ImGui::SameLine(0, em * 0.8f);

  ImGui::BeginChild("main", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  draw_summary(app);
  ImGui::Spacing();
  draw_tabs(app);
  ImGui::EndChild();
}

}  // namespace infercalc
