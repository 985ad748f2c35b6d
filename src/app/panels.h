// The calculator's panels: the scenario column, the summary strip and the tabs below
// it (layout.cpp puts them on screen). Each panel is one file (panel_*.cpp); their
// state and the views they cache live in Panels, one member of App.
#pragma once
#include <array>
#include <cstddef>
#include <iterator>
#include <cstdint>
#include <string>
#include <vector>

#include "app/heatmap_gl.h"
#include "app/view_cache.h"
#include "core/compare.h"
#include "core/estimate.h"
#include "core/explore.h"
#include "core/status.h"
#include "core/suggest.h"

namespace infercalc {

struct App;

// The tabs below the summary strip, in display order. Adding one: a value here and a
// row in kTabNames (its link id and label; layout.cpp draws it, link_sync.cpp spells
// it in links from the same table). The static_asserts keep the two in step.
enum class Tab : uint8_t { Memory, Speed, Scaling, Heatmap, Gpus, Warnings, Cluster, Count };

struct TabName {
  Tab tab;
  const char* id;     // stable: link value tab=<id>, ImGui id and ui_probe name "tab:<id>"
  const char* label;  // English, translated when drawn
};
inline constexpr TabName kTabNames[] = {
    {Tab::Memory, "memory", "Memory"},       {Tab::Speed, "speed", "Speed"},       {Tab::Scaling, "scaling", "Scaling"},
    {Tab::Heatmap, "heatmap", "Heatmap"},    {Tab::Gpus, "gpus", "GPUs"},          {Tab::Warnings, "warnings", "Warnings"},
    {Tab::Cluster, "cluster", "Cluster"},
};
static_assert(std::size(kTabNames) == static_cast<std::size_t>(Tab::Count), "one kTabNames row per Tab");
constexpr bool tab_names_in_order() {
  for (std::size_t i = 0; i < std::size(kTabNames); ++i)
    if (static_cast<std::size_t>(kTabNames[i].tab) != i) return false;
  return true;
}
static_assert(tab_names_in_order(), "kTabNames rows in Tab order");

struct ScenarioPanel {
  // What the controls show: the scenario plus the user's last edit, which may be
  // invalid. The app's scenario only takes it when validate() accepts it.
  Scenario draft;
  Scenario synced;                 // app.scenario when `draft` was last taken from it
  bool has_draft = false;
  Error error;                     // why `draft` is not applied; empty field and message = none
  std::string error_origin;        // the control whose edit caused it
  std::string model_filter;
  std::vector<char> config_text;   // the pasted config.json (NUL-terminated buffer)
  char config_path[512] = "";      // desktop: a config.json to load into the text box
  std::string import_error;
  std::string imported_name;       // for the "Imported" confirmation
};

struct MemoryViews {
  std::vector<FitOnGpu> fits;      // per catalog GPU, same order as gpu_catalog()
  int64_t longest_input = 0;       // tokens, output as in the scenario
  int64_t largest_batch = 0;       // sequences at input + output tokens
};

struct ScalingViews {
  std::array<std::vector<ScalePoint>, 3> curves;  // ScaleMode::Tp, Pp, TpPp
};

struct Panels {
  ScenarioPanel scenario;
  Tab tab = Tab::Gpus;       // the GPU table first: the seed article's own question
  bool tab_requested = true; // `tab` was set from outside: select it in the tab bar
  Cached<Result> result;
  Cached<MemoryViews> memory;
  Cached<ScalingViews> scaling;
  Cached<Heatmap> heat;
  HeatMetric heat_computed_for = HeatMetric::TokensPerSPerGpu;
  ui::HeatGrid heat_grid;  // the heatmap's texels, rebuilt when `heat` is recomputed
  Cached<std::vector<Relative>> relative;  // per catalog GPU, vs V100 SXM2 32GB
  bool show_seed_table = false;
  // Narrow screens: whether the scenario inputs are open (closed when the page was
  // opened from a link: the reader came for the answer), and their height last frame.
  bool inputs_open = true;
  float inputs_height = 0;
  Cached<std::vector<Suggestion>> suggestions;  // fixes for app.scenario (panel_actions.cpp)
  Cached<Result> pinned_result;                 // the estimate of app.pinned
  Cached<ScalingViews> pinned_scaling;          // its curves (panel_scaling.cpp)
};

// The estimate of app.scenario (cached).
const Result& current_result(App& app);

void draw_scenario(App& app);
void draw_summary(App& app);
// Under the summary: Pin/Unpin, the launch command, the fixes, the comparison (panel_actions.cpp).
void draw_actions(App& app);
// The Cluster tab's Export of the shown plan as Dynamo or llm-d YAML (panel_actions.cpp).
void draw_plan_export(App& app);
void draw_memory(App& app);
void draw_speed(App& app);
void draw_scaling(App& app);
void draw_heatmap(App& app);
void draw_warnings(App& app);
void draw_cluster(App& app);  // panel_cluster.h
void draw_seed_table(App& app);
// The GPUs tab's switch between every GPU (the spec table) and the article's table.
void gpu_view_toggle(App& app);
// relative_speed of every catalog GPU against the V100 SXM2 32GB, for app.scenario (cached).
const std::vector<Relative>& relative_speeds(App& app);
// The top bar's language and theme switches (ui::set_language, ui::set_theme), and
// the width they take, for right-aligning the bar.
void draw_preferences(App& app);
float preferences_width();
// Shared by the summary and memory panels: a result's memory as a stacked bar (one
// item; returns the hovered part or -1), the tooltip of a part, and the note that
// says what the rating colours mean.
int memory_bar(const char* id, const Result& r, float height, float width = 0);
void memory_part_tooltip(int part, const Scenario& s, const Result& r);
void rating_note();
// Compare (Pin in the summary): the pinned setup's estimate (cached), a metric's value as
// the page shows it, and the colour of a change (core/compare.h delta_verdict: green
// when the current setup is better, red when worse, dim when equal).
const Result& pinned_result(App& app);
std::string compare_value(const MetricDiff& m, double v);
ImU32 delta_colour(const MetricDiff& m);

// Everything below the top bar: scenario column, summary strip, tabs.
void draw_body(App& app);

// Narrow screens get one scrolling column instead of two (layout.cpp): below about
// 900 CSS px wide (53 em of the 17 px body text), or below about 490 px high, which
// is every phone held sideways.
inline constexpr float kNarrowBelowEm = 53;
inline constexpr float kShortBelowEm = 29;
bool narrow_layout();

}  // namespace infercalc
