#include "app/link_sync.h"

#include <imgui.h>

#include "app/app.h"
#include "app/i18n.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
#include "core/estimate.h"
#include "core/link.h"
#include "core/report.h"

namespace infercalc {
namespace {

// UI state in links: key, its value now (empty = the default, left out of the link),
// and how to apply a value (false = not a known value: warned about, ignored).
struct UiKey {
  const char* key;
  std::string (*get)(const App&);
  bool (*set)(App&, std::string_view);
  void (*reset)(App&);
};

// The open tab: tab=memory|speed|scaling|heatmap|warnings|cluster, spelled as
// kTabNames (panels.h); the default (the GPU table) is left out.
Tab default_tab() {
  static const Tab t = Panels{}.tab;
  return t;
}

std::string get_tab(const App& app) {
  if (app.panels.tab == default_tab()) return "";
  for (const TabName& t : kTabNames)
    if (t.tab == app.panels.tab) return t.id;
  return "";
}

bool set_tab(App& app, std::string_view value) {
  for (const TabName& t : kTabNames)
    if (value == t.id) {
      app.panels.tab = t.tab;
      app.panels.tab_requested = true;
      return true;
    }
  return false;
}

void reset_tab(App& app) {
  app.panels.tab = default_tab();
  app.panels.tab_requested = true;
}

// The heatmap's colour: heat=tpot (time per output token); tokens/s per GPU (the
// default, heat=tps) is left out.
std::string get_heat(const App& app) { return app.heat_metric == HeatMetric::TpotMs ? "tpot" : ""; }

bool set_heat(App& app, std::string_view value) {
  if (value != "tpot" && value != "tps") return false;
  app.heat_metric = value == "tpot" ? HeatMetric::TpotMs : HeatMetric::TokensPerSPerGpu;
  return true;
}

void reset_heat(App& app) { app.heat_metric = HeatMetric::TokensPerSPerGpu; }

// The Cluster tab's inputs are not UI keys: they are the core's plan keys (App::plan,
// core/plan_spec.h), parsed and written by the link codec itself.
const std::vector<UiKey>& ui_keys() {
  static const std::vector<UiKey> keys = {{"tab", get_tab, set_tab, reset_tab}, {"heat", get_heat, set_heat, reset_heat}};
  return keys;
}

std::vector<std::pair<std::string, std::string>> ui_extras(const App& app) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const UiKey& k : ui_keys())
    if (std::string v = k.get(app); !v.empty()) out.emplace_back(k.key, std::move(v));
  return out;
}

// The choices a user makes from a list: changing one is a step Back should undo.
bool discrete_change(const Scenario& a, const Scenario& b) {
  return a.model_id != b.model_id || !(a.custom_model == b.custom_model) || a.gpu_id != b.gpu_id ||
         a.weights != b.weights || a.kv != b.kv || a.engine != b.engine ||
         a.enforce_eager != b.enforce_eager || a.dp_attention != b.dp_attention;
}

void set_notice(App& app, std::string text, bool error) {
  app.notice = std::move(text);
  app.notice_is_error = error;
  platform::announce(app.notice);
}

std::string with_hash(std::string_view fragment) {
  std::string f(fragment);
  if (f.empty() || f[0] != '#') f.insert(f.begin(), '#');
  return f;
}

std::string trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

std::vector<std::string> ui_link_keys() {
  std::vector<std::string> keys;
  for (const UiKey& k : ui_keys()) keys.emplace_back(k.key);
  return keys;
}

std::string app_link(const App& app) {
  // The page's own keys (tab=) first, then the plan's (core/plan_spec.h), in either kind of link.
  std::vector<std::pair<std::string, std::string>> extra = ui_extras(app);
  for (auto& kv : plan_link_pairs(app.plan)) extra.push_back(std::move(kv));
  return app.pinned ? make_compare_link(app.scenario, *app.pinned, extra) : make_link(app.scenario, extra);
}

void link_sync_init(App& app, std::string_view fragment) {
  app.link = app_link(app);
  app.sync.published = app.link;
  app.sync.published_scenario = app.scenario;
  if (!fragment.empty() && fragment != "#") app_apply_link(app, fragment, platform::LinkSource::Navigation);
  // Screen readers hear about changes, not about the page they just opened.
  app.sync.announced = make_link(app.scenario);
  app.sync.settling = app.sync.announced;
}

void app_apply_link(App& app, std::string_view fragment, platform::LinkSource source) {
  const bool empty = fragment.empty() || fragment == "#";
  auto parsed = parse_link(fragment, Scenario{}, ui_link_keys());
  if (!parsed) {
    set_notice(app, ui::printf_string(ui::tr("Link not applied: %s"), parsed.error().text().c_str()), true);
    return;
  }
  app.scenario = parsed->scenario;
  app.pinned = parsed->vs;
  app.plan = parsed->plan;
  std::vector<std::string> warnings = parsed->warnings;
  for (const UiKey& k : ui_keys()) {
    k.reset(app);
    for (const auto& [key, value] : parsed->extra)
      if (key == k.key && !k.set(app, value))
        warnings.push_back(ui::printf_string(ui::tr("'%s' is not a value of link key '%s'; ignored"), value.c_str(),
                                             key.c_str()));
  }
  app.link = app_link(app);
  if (warnings.empty()) {
    app.notice.clear();
  } else {
    std::string list;
    for (std::size_t i = 0; i < warnings.size(); ++i) list += (i ? "; " : "") + warnings[i];
    set_notice(app, ui::printf_string(ui::tr("Link applied, but: %s"), list.c_str()), false);
  }
  if (source == platform::LinkSource::Navigation) {
    // The URL holds the fragment already; only a non-canonical spelling is rewritten.
    if (!empty && with_hash(fragment) != app.link) platform::set_link(app.link, platform::History::Replace);
  } else if (app.link != app.sync.published) {
    platform::set_link(app.link, platform::History::Push);
  }
  app.sync.published = app.link;
  app.sync.published_scenario = app.scenario;
}

void app_paste(App& app, std::string_view text) {
  const std::string t = trim(text);
  if (t.empty()) {
    set_notice(app, ui::tr("Nothing to paste: the clipboard is empty or the browser did not let the page read it. "
                           "Press Ctrl+V instead."), true);
    return;
  }
  const std::size_t hash = t.find('#');
  if (hash != std::string::npos)
    app_apply_link(app, std::string_view(t).substr(hash), platform::LinkSource::Request);
  else if (t.rfind("v=", 0) == 0)
    app_apply_link(app, "#" + t, platform::LinkSource::Request);
  else
    set_notice(app, ui::tr("The pasted text is not an infercalc link (one holds #v=1&...)."), true);
}

void link_sync_end_frame(App& app) {
  LinkSync& sync = app.sync;
  app.link = app_link(app);
  const bool editing = ImGui::IsAnyItemActive() || app.widget_active;
  if (app.link != sync.published && !editing) {
    const bool push = discrete_change(sync.published_scenario, app.scenario);
    platform::set_link(app.link, push ? platform::History::Push : platform::History::Replace);
    sync.published = app.link;
    sync.published_scenario = app.scenario;
    app.notice.clear();  // it was about a link this state has replaced
  }

  const double now = ImGui::GetTime();
  const std::string scenario_link = make_link(app.scenario);
  if (scenario_link != sync.settling) {
    sync.settling = scenario_link;
    sync.settling_since_s = now;
  } else if (scenario_link != sync.announced && now - sync.settling_since_s >= kAnnounceAfterS && !editing) {
    sync.announced = scenario_link;
    platform::announce(report_summary(app.scenario, estimate(app.scenario)));
  }
}

void draw_link_banner(App& app) {
  if (app.notice.empty()) return;
  const ImVec4 colour = ui::to_vec4(app.notice_is_error ? ui::palette().error : ui::palette().tight);
  if (ui::small_button("\xC3\x97##dismiss-notice")) {  // U+00D7 multiplication sign
    app.notice.clear();
    return;
  }
  ui::probe_item("notice-dismiss");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ui::tr("Dismiss"));
  ImGui::SameLine();
  ImGui::PushTextWrapPos(0);
  ImGui::TextColored(colour, "%s", app.notice.c_str());
  ui::probe_item("notice");
  ImGui::PopTextWrapPos();
}

}  // namespace infercalc
