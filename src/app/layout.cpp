// The calculator's layout below the top bar. Wide screens: the scenario column on the
// left (about 26 em), and beside it the summary strip over the detail tabs. Narrow
// screens (phones, and landscape phones): one column that scrolls, the answer first:
// the summary strip, the scenario inputs in a section that opens (one line when
// closed), the tabs as buttons that wrap, and the open tab's content one screen tall.
// Sizes are multiples of the font size. Also the top bar's language and theme switches.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/app.h"
#include "app/i18n.h"
#include "core/gpu.h"
#include "app/panel_gpu_table.h"
#include "app/panels.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
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

// The open tab's content, in a child `height` tall (0: the rest of the window).
void draw_tab_content(App& app, float height) {
  for (const TabInfo& t : kTabs) {
    if (t.tab != app.panels.tab) continue;
    ImGui::BeginChild(t.id, ImVec2(0, height), false, ImGuiWindowFlags_NoBackground);
    t.draw(app);
    ImGui::EndChild();
  }
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
  draw_tab_content(app, 0);
}

// Narrow screens: the tabs as buttons that wrap onto a second row (a tab bar would
// squeeze seven labels into unreadable stubs), the open one highlighted.
void draw_tab_buttons(App& app) {
  Panels& p = app.panels;
  const ImGuiStyle& st = ImGui::GetStyle();
  const float right = ImGui::GetContentRegionAvail().x;
  float x = 0;
  for (const TabInfo& t : kTabs) {
    const std::string label = tab_label(app, t);
    const float w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + st.FramePadding.x * 2;
    if (x > 0 && x + st.ItemSpacing.x + w <= right) ImGui::SameLine();
    else x = 0;
    const bool open = p.tab == t.tab;
    ImGui::PushStyleColor(ImGuiCol_Button, st.Colors[open ? ImGuiCol_TabActive : ImGuiCol_Tab]);
    if (ImGui::Button(label.c_str())) {
      p.tab = t.tab;
      p.tab_requested = true;  // a tab bar drawn later (a wider window) shows it too
    }
    ImGui::PopStyleColor();
    ui::probe_item(std::string("tab:") + t.id);
    x += (x > 0 ? st.ItemSpacing.x : 0) + w;
  }
}

// One line saying what the results are for: model, GPUs, parallelism, concurrency.
std::string scenario_line(const App& app) {
  const Scenario& s = app.scenario;
  const ModelArch* m = resolve_model(s);
  const Gpu* g = gpu_catalog().find(s.gpu_id);
  std::string line = m && !m->name.empty() ? m->name : s.model_id;
  line += " \xC2\xB7 " + std::to_string(s.gpus) + " x " + (g ? g->name : s.gpu_id);
  if (s.tp > 1) line += " \xC2\xB7 TP " + std::to_string(s.tp);
  if (s.pp > 1) line += " \xC2\xB7 PP " + std::to_string(s.pp);
  line += " \xC2\xB7 " + std::string(ui::tr("Concurrency")) + " " + (s.batch_max ? std::string(ui::tr("max")) : std::to_string(s.batch));
  return line;
}

// The scenario inputs in a section that opens and closes; its child window keeps the
// name "scenario-column" (app.cpp gives it the keyboard) and is as tall as what it
// held last frame, so that the page, not the section, scrolls.
void draw_inputs_section(App& app) {
  Panels& p = app.panels;
  const std::string title = ui::tr("Scenario");
  const std::string line = scenario_line(app);
  // Closed: the line in the header, or under it, wrapped, where a phone is too narrow.
  const std::string full = title + ": " + line;
  const bool fits = ImGui::CalcTextSize(full.c_str()).x + ImGui::GetFontSize() * 3 <= ImGui::GetContentRegionAvail().x;
  ImGui::SetNextItemOpen(p.inputs_open);
  p.inputs_open = ImGui::CollapsingHeader(((p.inputs_open || !fits ? title : full) + "###inputs").c_str());
  ui::probe_item("inputs");
  if (!p.inputs_open && !fits) {
    ImGui::PushTextWrapPos(0);
    ui::text_dim(line.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!p.inputs_open) return;
  const float em = ImGui::GetFontSize();
  ImGui::BeginChild("scenario-column", ImVec2(0, std::max(em * 4, p.inputs_height)), false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  draw_scenario(app);
  p.inputs_height = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
  ImGui::EndChild();
  ui::probe_item("scenario");
}

void draw_narrow_body(App& app) {
  const float em = ImGui::GetFontSize();
  ImGui::BeginChild("narrow", ImVec2(0, 0), false);
  const float screen_h = ImGui::GetWindowHeight();
  draw_summary(app);
  ImGui::Spacing();
  draw_inputs_section(app);
  ImGui::Spacing();
  const float tabs_y = ImGui::GetCursorPosY();
  draw_tab_buttons(app);
  // The open tab fills what the screen shows below the tabs once they reach the top.
  const float tabs_h = ImGui::GetCursorPosY() - tabs_y;
  draw_tab_content(app, std::max(em * 16, screen_h - tabs_h - ImGui::GetStyle().ItemSpacing.y));
  ImGui::EndChild();
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

bool narrow_layout() {
  const float em = ImGui::GetFontSize();
  const ImVec2 size = ImGui::GetMainViewport()->WorkSize;
  return size.x < em * kNarrowBelowEm || size.y < em * kShortBelowEm;
}

void draw_body(App& app) {
  if (narrow_layout()) {
    draw_narrow_body(app);
    return;
  }
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
  draw_actions(app);
  ImGui::Spacing();
  draw_tabs(app);
  ImGui::EndChild();
}

}  // namespace infercalc
