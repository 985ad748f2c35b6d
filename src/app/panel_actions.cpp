// Under the summary strip: from answer to action.
//   - What would make it work: when the scenario does not fit or misses a target, the
//     core's fixes (core/suggest.h), cheapest first; a click applies one (its link).
//   - The launch command for the scenario's engine (core/launch.h), with Copy.
//   - Pin / Unpin: compare with a pinned setup; both side by side with the differences
//     (core/compare.h), carried in the link as vs=.
// Also the Cluster tab's Export of the shown plan as Dynamo or llm-d YAML (core/manifest.h).
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/export.h"
#include "app/i18n.h"
#include "app/panels.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
#include "core/compare.h"
#include "core/engine.h"
#include "core/gpu.h"
#include "core/launch.h"
#include "core/manifest.h"
#include "core/report.h"
#include "core/scenario_check.h"
#include "core/suggest.h"
#include "platform/platform.h"

namespace infercalc {
namespace {

using ui::tr;

long long ll(int64_t v) { return static_cast<long long>(v); }

std::string gpu_name(const std::string& id) {
  const Gpu* g = gpu_catalog().find(id);
  return g ? g->name : id;
}

// The change in the current language (the core's `change` is English).
std::string change_text(const Suggestion& x) {
  const Scenario& s = x.scenario;
  switch (x.kind) {
    case SuggestionKind::Parallelism:
      return ui::printf_string(tr("%lld GPUs: tp %lld x pp %lld"), ll(s.gpus), ll(s.tp), ll(s.pp));
    case SuggestionKind::Replicas:
      return ui::printf_string(tr("%lld replicas on %lld GPUs"), ll(s.gpus / (s.tp * s.pp)), ll(s.gpus));
    case SuggestionKind::Weights: return ui::printf_string(tr("Weights in %s"), std::string(name(s.weights)).c_str());
    case SuggestionKind::KvCache: return ui::printf_string(tr("KV cache in %s"), std::string(name(s.kv)).c_str());
    case SuggestionKind::Context: return ui::printf_string(tr("Prompts of %lld tokens"), ll(s.input_tokens));
    case SuggestionKind::Concurrency: return ui::printf_string(tr("Concurrency %lld"), ll(s.batch));
    case SuggestionKind::GpuType:
      return ui::printf_string(tr("%lld x %s at %s per GPU-hour"), ll(s.gpus), gpu_name(s.gpu_id).c_str(),
                               ui::format_usd(s.usd_per_gpu_hour).c_str());
    case SuggestionKind::ExpertParallel: return ui::printf_string(tr("Expert parallel %lld"), ll(s.ep));
  }
  return x.change;
}

std::string numbers_text(const Result& r) {
  return ui::printf_string(tr("%.1f of %.1f GiB per GPU, TTFT %s, %s per token, %s tok/s, %s per M tokens"),
                           r.total_bytes / 1073741824.0, r.usable_bytes / 1073741824.0, format_ms(r.ttft_ms).c_str(),
                           format_ms(r.tpot_ms).c_str(), format_rate(r.output_tokens_per_s).c_str(),
                           ui::format_usd(r.usd_per_million_output_tokens).c_str());
}

// What is wrong, in the current language.
std::string problem_text(const Scenario& s, const Result& r) {
  if (!r.fits) return tr("Does not fit.");
  std::string out;
  auto add = [&](const std::string& t) { out += (out.empty() ? "" : " ") + t; };
  if (s.target_ttft_ms > 0 && !(r.ttft_ms <= s.target_ttft_ms))
    add(ui::printf_string(tr("TTFT %s misses the target of %s."), format_ms(r.ttft_ms).c_str(),
                          format_ms(s.target_ttft_ms).c_str()));
  if (s.target_tpot_ms > 0 && !(r.tpot_ms <= s.target_tpot_ms))
    add(ui::printf_string(tr("Time per token %s misses the target of %s."), format_ms(r.tpot_ms).c_str(),
                          format_ms(s.target_tpot_ms).c_str()));
  if (s.target_tokens_per_s > 0 && !(r.output_tokens_per_s >= s.target_tokens_per_s))
    add(ui::printf_string(tr("%s tokens/s misses the target of %s."), format_rate(r.output_tokens_per_s).c_str(),
                          format_rate(s.target_tokens_per_s).c_str()));
  return out;
}

void fixes(App& app, const Result& r) {
  const Scenario& s = app.scenario;
  if (meets_targets(s, r)) return;
  const std::vector<Suggestion>& list =
      app.panels.suggestions.get(s, [&] { return suggest(s, r); });
  ImGui::PushTextWrapPos(0);
  ui::text(ui::palette().bad, (problem_text(s, r) + " " + tr("What would make it work, cheapest first:")).c_str());
  ImGui::PopTextWrapPos();
  ui::probe_item("fixes:problem");
  if (list.empty()) {
    ui::text_dim(tr("No single change fixes it: try two at once (more GPUs and a smaller format)."));
    return;
  }
  // Applying a fix replaces the scenario, which replaces `list`: take a copy first.
  const Scenario* chosen = nullptr;
  Scenario pick;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Suggestion& x = list[i];
    ImGui::PushID(static_cast<int>(i));
    const std::string label = change_text(x);
    if (ui::selectable(label.c_str(), false, ImGui::CalcTextSize(label.c_str()).x)) {
      pick = x.scenario;
      chosen = &pick;
    }
    ui::probe_item("fix:" + std::to_string(i));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s\n%s", tr("Apply this change (opens its link):"), x.link.c_str());
    ImGui::SameLine();
    ui::text_dim(numbers_text(x.result).c_str());
    ImGui::PopID();
  }
  if (chosen) app_set_scenario(app, *chosen);
}

void launch_line(App& app, const Result& r) {
  const LaunchCommand l = launch_command(app.scenario, r);
  const float em = ImGui::GetFontSize();
  ImGui::AlignTextToFramePadding();
  ui::text_dim(ui::printf_string(tr("Launch (%s):"), engine_params(app.scenario.engine).name.c_str()).c_str());
  ImGui::SameLine();
  if (l.command.empty()) {
    ui::text_dim(l.notes.empty() ? "" : l.notes.front().c_str());
    return;
  }
  if (ui::small_button(tr("Copy##launch"))) {
    platform::set_clipboard(l.command);
    flash(app, tr("Launch command copied"));
  }
  ui::probe_item("launch:copy");
  ImGui::SameLine();
  // Read-only text: selectable with the mouse, scrolls sideways when long.
  std::string text = l.command;
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGui::InputText("##launch-command", text.data(), text.size() + 1, ImGuiInputTextFlags_ReadOnly);
  ui::probe_item("launch:command");
  if (ImGui::IsItemHovered() && !l.notes.empty()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(em * 34);
    ui::text_strong(l.command.c_str());
    for (const std::string& n : l.notes) ui::explain_note(n);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void comparison(App& app, const Result& r) {
  const Scenario& a = *app.pinned;
  const Result ra = pinned_result(app);
  const float em = ImGui::GetFontSize();
  std::string diff;
  for (const SettingDiff& d : setting_diff(a, app.scenario))
    diff += (diff.empty() ? "" : ", ") + d.key + " " + (d.a.empty() ? "-" : d.a) + " \xE2\x86\x92 " + (d.b.empty() ? "-" : d.b);
  ImGui::PushTextWrapPos(0);
  ui::text_dim((std::string(tr("Compared with the pinned setup:")) + " " + (diff.empty() ? tr("no difference yet") : diff))
                   .c_str());
  ImGui::PopTextWrapPos();
  ui::probe_item("compare:settings");
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  const std::vector<MetricDiff> metrics = metric_diff(a, ra, app.scenario, r);
  // At most about eight rows high, scrolling, so the tabs below keep their room.
  const float rows_h = ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(metrics.size() + 2) + em;
  const float table_h = std::min(rows_h, std::max(em * 6, ImGui::GetContentRegionAvail().y * 0.3f));
  if (ImGui::BeginTable("compare-table", 4, kFlags | ImGuiTableFlags_ScrollY, ImVec2(0, table_h))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("Metric"), ImGuiTableColumnFlags_WidthFixed, em * 9);
    ImGui::TableSetupColumn(tr("Pinned"), ImGuiTableColumnFlags_WidthFixed, em * 12);
    ImGui::TableSetupColumn(tr("Current"), ImGuiTableColumnFlags_WidthFixed, em * 12);
    ImGui::TableSetupColumn(tr("Change"), ImGuiTableColumnFlags_WidthFixed, em * 11);
    ImGui::TableHeadersRow();
    // Memory as bars, then every metric with its change (current - pinned, with sign and
    // unit, and the ratio), green when the current setup is better, red when worse.
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ui::text_dim(tr("Memory per GPU"));
    ImGui::TableSetColumnIndex(1);
    const int pa = memory_bar("compare-bar-pinned", ra, em * 0.7f, em * 11.5f);
    if (pa >= 0) memory_part_tooltip(pa, a, ra);
    ImGui::TableSetColumnIndex(2);
    const int pb = memory_bar("compare-bar-current", r, em * 0.7f, em * 11.5f);
    if (pb >= 0) memory_part_tooltip(pb, app.scenario, r);
    for (const MetricDiff& m : metrics) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ui::text_dim(tr(m.label));
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(compare_value(m, m.a).c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::TextUnformatted(compare_value(m, m.b).c_str());
      ImGui::TableSetColumnIndex(3);
      std::string change = format_delta(m);
      if (std::string(m.key) == "fits" && m.a != m.b) change = m.b > 0 ? tr("now fits") : tr("no longer fits");
      if (!change.empty() && m.present && m.a != 0 && m.a != m.b && std::string(m.key) != "fits")
        change += ui::printf_string(" (x%.2f)", m.ratio());
      ui::text(delta_colour(m), change.c_str());
      ui::probe_item(std::string("compare:delta-") + m.key);
    }
    ImGui::EndTable();
  }
  ui::probe_item("compare:table");
}

}  // namespace

const Result& pinned_result(App& app) {
  return app.panels.pinned_result.get(*app.pinned, [&] { return estimate(*app.pinned); });
}

std::string compare_value(const MetricDiff& m, double v) {
  const std::string key = m.key;
  if (key == "fits") return v > 0 ? tr("Yes") : tr("No");
  if (!m.present) return "\xE2\x80\x94";
  if (key.find("bytes") != std::string::npos) return ui::printf_string("%.1f GiB", v / 1073741824.0);
  if (key.find("_ms") != std::string::npos) return format_ms(v);
  if (key.find("usd") != std::string::npos) return ui::format_usd(v);
  if (key.find("kwh") != std::string::npos) return ui::printf_string("%.2f kWh", v);
  if (key == "gpus") return std::to_string(static_cast<long long>(v));
  return format_rate(v);
}

ImU32 delta_colour(const MetricDiff& m) {
  const int v = delta_verdict(m);
  return v > 0 ? ui::palette().good : v < 0 ? ui::palette().bad : ui::palette().text_dim;
}

void draw_actions(App& app) {
  const Result& r = current_result(app);
  if (app.pinned) {
    if (ui::small_button(tr("Unpin"))) app.pinned.reset();
    ui::probe_item("compare:unpin");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Stop comparing (drops vs= from the link)."));
  } else {
    if (ui::small_button(tr("Pin to compare"))) app.pinned = app.scenario;
    ui::probe_item("compare:pin");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr("Keep this setup and change another: both show side by side, and the link carries both."));
  }
  ImGui::SameLine();
  launch_line(app, r);
  fixes(app, r);
  if (app.pinned) comparison(app, r);
}

void draw_plan_export(App& app) {
  const ClusterPanel& c = app.cluster;
  const std::vector<Plan>& plans = c.by_dollar ? c.result.plans_per_dollar : c.result.plans;
  if (plans.empty()) return;
  const Plan& p = plans[static_cast<std::size_t>(std::clamp(c.selected, 0, static_cast<int>(plans.size()) - 1))];
  struct Target { DeployTarget t; const char* label; const char* probe; const char* file; };
  const Target targets[] = {{DeployTarget::Dynamo, tr("Export: Dynamo"), "cluster:export-dynamo", "dynamo"},
                            {DeployTarget::LlmD, tr("Export: llm-d"), "cluster:export-llm-d", "llm-d"}};
  for (const Target& t : targets) {
    if (ui::small_button(t.label)) {
      auto yaml = plan_manifest(c.request, p, t.t);
      if (!yaml) {
        flash(app, yaml.error().message);
      } else {
        const std::string file = "infercalc-plan-" + std::string(t.file) + ".yaml";
        if (!platform::download(file, "application/yaml", *yaml)) {
          platform::set_clipboard(*yaml);
          flash(app, tr("YAML copied"));
        } else {
          flash(app, ui::printf_string(tr("Downloaded %s"), file.c_str()));
        }
      }
    }
    ui::probe_item(t.probe);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr("The shown plan as Kubernetes YAML: prefill and decode workers with their replicas, "
                                 "tensor-parallel sizes, GPU requests and node selectors."));
    ImGui::SameLine();
  }
  if (app.flash_at_s >= 0 && ImGui::GetTime() - app.flash_at_s < kFlashShownS)
    ui::text(ui::palette().good, app.flash.c_str());
  else
    ImGui::NewLine();
}

}  // namespace infercalc
