// The Cluster tab (panel_cluster.h): inputs on the left; on the right the ranked plans,
// the chosen plan's pools and KV stream, and goodput against the arrival rate. The
// planner runs only when its request changes; the rate sweep (17 planner runs, one a frame) waits
// until no field is being typed into.
#include "app/panel_cluster.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/i18n.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
#include "core/disagg.h"
#include "core/gpu.h"
#include "core/plan_spec.h"
#include "core/report.h"
#include "core/scenario_check.h"

namespace infercalc {
namespace {

using ui::tr;

constexpr int kSweepPoints = 16;
// Planner runs per frame for the catalogue search: a 30 fps frame's worth.
constexpr double kSearchSliceMs = 30;

bool valid_rate(double v) { return v > 0 && v <= WorkloadLimits::kMaxRate; }
bool valid_slo(double v) { return v > 0 && v <= WorkloadLimits::kMaxSloMs; }
bool valid_cv(double v) { return v >= 0 && v <= WorkloadLimits::kMaxCv; }
bool valid_gbps(double v) { return v >= 0 && v <= 10000; }
bool valid_latency(double v) { return v >= 0 && v <= 1e6; }


std::string bytes_text(double b) {
  if (b >= 1e9) return ui::printf_string("%.2f GB", b / 1e9);
  if (b >= 1e6) return ui::printf_string("%.1f MB", b / 1e6);
  return ui::printf_string("%.0f kB", b / 1e3);
}

// --- Computing ----------------------------------------------------------------------

void refresh(ClusterPanel& c, const Scenario& s, const PlanSpec& spec, bool editing) {
  const PlanRequest req = plan_request(s, spec);
  const bool same = c.has_request && c.asked == spec && c.asked_request.base == req.base &&
                    c.asked_request.workload == req.workload && c.asked_request.link == req.link &&
                    c.asked_request.fleet == req.fleet;
  if (!same) {
    c.has_request = true;
    c.asked = spec;
    c.asked_request = req;
    c.request = req;
    c.selected = 0;
    c.sweep_valid = false;
    c.has_sweep_range = false;
    c.sweep.clear();
    c.link_use_row = -1;
    c.error.clear();
    c.result = PlanResult{};
    c.search.reset();
    if (auto bad = validate(spec)) {
      c.error = bad->field + ": " + bad->message;
    } else if (auto e = validate(req)) {
      c.error = e->field + ": " + e->message;
    } else if (spec.catalog) {
      c.search.emplace(req, spec.available);
      c.search_ms = 0;
    } else {
      const auto t0 = std::chrono::steady_clock::now();
      c.result = plan_fleet(req);
      c.compute_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    }
  }
  // The catalogue search: planner runs for about kSearchSliceMs a frame, so the page
  // stays responsive; the tab shows its progress. Then the cheapest fleet is planned.
  if (c.search && !c.search->done() && c.error.empty()) {
    const auto t0 = std::chrono::steady_clock::now();
    double ms = 0;
    do {
      c.search->step();
      ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    } while (!c.search->done() && ms < kSearchSliceMs);
    c.search_ms += ms;
    if (c.search->done()) {
      const CatalogResult& r = c.search->result();
      if (r.best) {
        c.request = r.best_request;
        c.request.top = req.top;
        c.result = plan_fleet(c.request);
      }
    }
    return;
  }
  // One planner run per frame (about 25 ms each in wasm): first where the fleet
  // saturates, then one offered rate at a time.
  if (!c.sweep_valid && !editing && c.error.empty()) {
    const auto t0 = std::chrono::steady_clock::now();
    if (!c.has_sweep_range) {
      c.sweep_ms = 0;
      c.sweep_range = sweep_range(c.request);
      c.has_sweep_range = true;
    } else {
      c.sweep.push_back(goodput_sweep_point(c.request, c.sweep_range, static_cast<int>(c.sweep.size()), kSweepPoints));
    }
    c.sweep_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    c.sweep_valid = static_cast<int>(c.sweep.size()) >= kSweepPoints;
  }
}

// --- Inputs ---------------------------------------------------------------------------

bool input_double(const char* label, const char* id, double& value, double step, const char* format, bool (*ok)(double),
                  const char* help) {
  ImGui::TextUnformatted(label);
  if (help) {
    ImGui::SameLine();
    ui::help_marker(help);
  }
  ImGui::SetNextItemWidth(-1);
  double v = value;
  const double fast = step * 10;
  bool changed = false;
  if (ImGui::InputScalar(id, ImGuiDataType_Double, &v, &step, &fast, format) && ok(v) && v != value) {
    value = v;
    changed = true;
  }
  ui::text_field(std::string("cluster:") + (id + 2), platform::TextKind::Decimal, ui::printf_string(format, value), true);
  return changed;
}

void fleet_editor(PlanSpec& in) {
  const GpuCatalog& cat = gpu_catalog();
  const float em = ImGui::GetFontSize();
  ui::heading(tr("Fleet"));
  int remove = -1;
  for (std::size_t i = 0; i < in.fleet.size(); ++i) {
    FleetGroup& g = in.fleet[i];
    ImGui::PushID(static_cast<int>(i));
    const Gpu* gpu = cat.find(g.gpu_id);
    // The GPU gets what the count, price and remove button leave of the row.
    const ImGuiStyle& st = ImGui::GetStyle();
    const float remove_w = ImGui::CalcTextSize("\xC3\x97").x + st.FramePadding.x * 2;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - em * 7.6f - remove_w - st.ItemSpacing.x * 3);
    if (ImGui::BeginCombo("##gpu", gpu ? gpu->name.c_str() : g.gpu_id.c_str(), ImGuiComboFlags_HeightLarge)) {
      for (const Gpu& c : cat.gpus) {
        const bool sel = c.id == g.gpu_id;
        if (ui::selectable(c.name.c_str(), sel)) g.gpu_id = c.id;
        if (sel) ImGui::SetItemDefaultFocus();
      }
      ImGui::EndCombo();
    }
    ui::probe_item("cluster:fleet-gpu:" + std::to_string(i));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 4);
    int64_t n = g.count;
    if (ImGui::InputScalar("##count", ImGuiDataType_S64, &n, nullptr, nullptr, "%lld") && n >= 1 &&
        n <= Limits::kMaxGpus)
      g.count = n;
    ui::text_field("cluster:fleet-count:" + std::to_string(i), platform::TextKind::Integer, std::to_string(g.count));
    ImGui::SameLine();
    // $ per GPU-hour: the GPU table's unless edited; a GPU without a price needs one.
    ImGui::SetNextItemWidth(em * 3.6f);
    double usd = fleet_group_usd(g);
    const bool priced = usd >= 0;
    if (!priced) usd = 0;
    if (ImGui::InputScalar("##usd", ImGuiDataType_Double, &usd, nullptr, nullptr, priced ? "$%.2f" : "$?") && usd >= 0 &&
        usd <= Limits::kMaxUsdPerGpuHour)
      g.usd_per_gpu_hour = usd;
    ui::probe_item("cluster:fleet-usd:" + std::to_string(i));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", priced ? tr("Dollars per GPU-hour (the GPU table's price unless you change it)")
                                     : tr("No price in the GPU table for this GPU: type one"));
    ImGui::SameLine();
    ImGui::BeginDisabled(in.fleet.size() <= 1);
    if (ImGui::Button("\xC3\x97##remove")) remove = static_cast<int>(i);  // U+00D7
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Remove this GPU type"));
    ImGui::PopID();
  }
  if (remove >= 0) in.fleet.erase(in.fleet.begin() + remove);
  ImGui::BeginDisabled(static_cast<int>(in.fleet.size()) >= kMaxFleetGroups);
  if (ImGui::Button(tr("Add GPU type"))) {
    // The first catalog GPU not in the fleet yet.
    std::string id = cat.gpus.empty() ? "h100-sxm" : cat.gpus.front().id;
    for (const Gpu& c : cat.gpus)
      if (std::none_of(in.fleet.begin(), in.fleet.end(), [&](const FleetGroup& f) { return f.gpu_id == c.id; })) {
        id = c.id;
        break;
      }
    in.fleet.push_back(FleetGroup{id, 8, -1});
  }
  ImGui::EndDisabled();
  ui::probe_item("cluster:add-gpu");
}

// "Choose the fleet for me": the catalogue search instead of the fleet editor, its
// progress, and the cheapest plan per GPU type once done.
void catalog_inputs(App& app) {
  PlanSpec& in = app.plan;
  ClusterPanel& c = app.cluster;
  ImGui::Checkbox(tr("Choose the fleet for me"), &in.catalog);
  ui::probe_item("cluster:catalog");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("Search GPU types and counts of the whole catalogue, at their prices, for the cheapest "
                               "fleet that serves the arrival rate within the targets."));
  if (!in.catalog) return;
  ImGui::PushTextWrapPos(0);
  if (in.available.empty()) ui::text_dim(tr("Every GPU type with a price in the GPU table, any count."));
  else ui::text_dim(ui::printf_string(tr("Only: %s"), fleet_to_string(in.available).c_str()).c_str());
  if (c.search) {
    const CatalogResult& r = c.search->result();
    if (!c.search->done()) {
      ImGui::ProgressBar(static_cast<float>(c.search->progress()), ImVec2(-1, 0),
                         ui::printf_string(tr("%lld fleets searched..."), static_cast<long long>(r.fleets)).c_str());
      ui::probe_item("cluster:search-progress");
    } else {
      ui::text_dim(ui::printf_string(tr("%lld fleets, %lld plans searched in %.0f ms"), static_cast<long long>(r.fleets),
                                     static_cast<long long>(r.plans), c.search_ms)
                       .c_str());
      if (!r.unpriced.empty())
        ui::text_dim(ui::printf_string(tr("%d GPU types have no price in the table and were skipped; give one with "
                                          "avail=id:count@usd in the link (--gpus-available on the CLI)."),
                                       static_cast<int>(r.unpriced.size()))
                         .c_str());
      ui::heading(tr("Cheapest plan per GPU type"));
      constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
      if (ImGui::BeginTable("per-gpu", 2, kFlags, ImVec2(0, ImGui::GetFontSize() * 12))) {
        ImGui::TableSetupColumn(tr("$/h"));
        ImGui::TableSetupColumn(tr("Plan"), ImGuiTableColumnFlags_WidthStretch);
        for (const CatalogOption& o : r.per_gpu) {
          if (!o.plan) continue;
          ImGui::TableNextRow();
          ImGui::TableSetColumnIndex(0);
          ImGui::TextUnformatted(ui::format_usd(o.plan->serving.usd_per_hour).c_str());
          ImGui::TableSetColumnIndex(1);
          ImGui::TextUnformatted(plan_name(*o.plan).c_str());
          if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", o.gpu_id.c_str(), o.plan->summary().c_str());
        }
        ImGui::EndTable();
      }
      ui::probe_item("cluster:per-gpu");
    }
  }
  ImGui::PopTextWrapPos();
}

void inputs(App& app) {
  PlanSpec& in = app.plan;
  const float em = ImGui::GetFontSize();
  catalog_inputs(app);
  if (!in.catalog) fleet_editor(in);

  ImGui::Spacing();
  ui::heading(tr("Workload and targets"));
  input_double(tr("Arrival rate (requests/s)"), "##rate", in.rate_rps, 1, "%.6g", valid_rate,
               tr("Offered load, Poisson arrivals. Goodput is the largest rate up to this one at which both "
                  "targets hold."));
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  ImGui::BeginGroup();
  ImGui::PushItemWidth(half);
  ImGui::BeginChild("ttft", ImVec2(half, em * 3.6f), false, ImGuiWindowFlags_NoScrollbar);
  input_double(tr("TTFT target (ms)"), "##ttft_slo", in.ttft_slo_ms, 100, "%.6g", valid_slo, nullptr);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("tpot", ImVec2(half, em * 3.6f), false, ImGuiWindowFlags_NoScrollbar);
  input_double(tr("TPOT target (ms)"), "##tpot_slo", in.tpot_slo_ms, 5, "%.6g", valid_slo, nullptr);
  ImGui::EndChild();
  ImGui::PopItemWidth();
  ImGui::EndGroup();

  ImGui::TextUnformatted(tr("Targets hold at"));
  ImGui::SameLine();
  if (ImGui::RadioButton("p50", in.percentile == 50)) in.percentile = 50;
  ui::probe_item("cluster:p50");
  ImGui::SameLine();
  if (ImGui::RadioButton("p90", in.percentile == 90)) in.percentile = 90;
  ui::probe_item("cluster:p90");
  if (in.percentile != 50 && in.percentile != 90) {
    ImGui::SameLine();
    ui::text_dim(ui::printf_string("p%g", in.percentile).c_str());
  }

  const Scenario& s = app.scenario;
  ImGui::PushTextWrapPos(0);
  ui::text_dim(ui::printf_string(tr("Mean lengths from the scenario: %lld in, %lld out"),
                                 static_cast<long long>(s.input_tokens), static_cast<long long>(s.output_tokens))
                   .c_str());
  ImGui::PopTextWrapPos();
  ImGui::BeginChild("incv", ImVec2(half, em * 3.6f), false, ImGuiWindowFlags_NoScrollbar);
  input_double(tr("Input CV"), "##in_cv", in.input_cv, 0.1, "%.3g", valid_cv,
               tr("Coefficient of variation of prompt lengths (log-normal); 0 = every prompt the mean length."));
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("outcv", ImVec2(half, em * 3.6f), false, ImGuiWindowFlags_NoScrollbar);
  input_double(tr("Output CV"), "##out_cv", in.output_cv, 0.1, "%.3g", valid_cv, nullptr);
  ImGui::EndChild();

  ImGui::Spacing();
  ui::heading(tr("Link between pools"));
  ImGui::SetNextItemWidth(-1);
  const LinkPreset& cur = link_preset(in.link.kind);
  if (ImGui::BeginCombo("##plink", cur.name)) {
    for (const LinkPreset& p : link_presets()) {
      const bool sel = in.link.kind == p.kind;
      if (ui::selectable(p.name, sel)) in.link = pool_link(p.kind);
    }
    ImGui::EndCombo();
  }
  ui::probe_item("cluster:plink");
  ImGui::BeginChild("gbps", ImVec2(half, em * 3.6f), false, ImGuiWindowFlags_NoScrollbar);
  input_double(tr("Gb/s per GPU"), "##plink_gbps", in.link.gbps, 25, "%.6g", valid_gbps,
               tr("One direction, per GPU; 0 = the GPU's own NVLink."));
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("lat", ImVec2(half, em * 3.6f), false, ImGuiWindowFlags_NoScrollbar);
  input_double(tr("Latency (us)"), "##plink_lat", in.link.latency_us, 1, "%.6g", valid_latency, nullptr);
  ImGui::EndChild();
  if (!(in == PlanSpec{})) {
    if (ui::small_button(tr("Reset the cluster inputs"))) in = PlanSpec{};
    ui::probe_item("cluster:reset");
  }
}

// --- The ranking ------------------------------------------------------------------------

// The GPU's catalogue name up to its first space ("H100 SXM5 80GB" -> "H100").
std::string short_gpu(const std::string& id) {
  const Gpu* g = gpu_catalog().find(id);
  const std::string n = g ? g->name : id;
  return n.substr(0, n.find(' '));
}

const std::vector<Plan>& ranking(const ClusterPanel& c) { return c.by_dollar ? c.result.plans_per_dollar : c.result.plans; }

void plan_table(ClusterPanel& c, float height) {
  if (ImGui::RadioButton(tr("by goodput"), !c.by_dollar) && c.by_dollar) {
    c.by_dollar = false;
    c.selected = 0;
  }
  ui::probe_item("cluster:by-goodput");
  const char* per_dollar = tr("by goodput per dollar");
  ui::same_line_or_wrap(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(per_dollar).x);
  if (ImGui::RadioButton(per_dollar, c.by_dollar) && !c.by_dollar) {
    c.by_dollar = true;
    c.selected = 0;
  }
  ui::probe_item("cluster:by-dollar");
  // How much was searched: plans, and instance shapes with chunk budgets evaluated and pruned.
  ui::text_dim_after(ui::printf_string(tr("%lld plans searched (%lld instances evaluated, %lld pruned) in %.1f ms"),
                                       static_cast<long long>(c.result.combinations),
                                       static_cast<long long>(c.result.searched.evaluated),
                                       static_cast<long long>(c.result.searched.pruned), c.compute_ms)
                         .c_str());
  const std::vector<Plan>& plans = ranking(c);
  if (plans.empty()) {
    ui::text(ui::palette().bad, tr("No plan: no GPU type of the fleet holds the model, or none meets the targets."));
    return;
  }
  // Narrow screens: the table scrolls sideways inside itself, "#" frozen, the plan
  // column as wide as its longest name.
  const bool narrow = narrow_layout();
  const ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                 ImGuiTableFlags_SizingFixedFit | (narrow ? ImGuiTableFlags_ScrollX : 0);
  if (ImGui::BeginTable("plans", 7, kFlags, ImVec2(0, height))) {
    ImGui::TableSetupScrollFreeze(narrow ? 1 : 0, 1);
    ImGui::TableSetupColumn("#");
    ImGui::TableSetupColumn(tr("Plan"), narrow ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(tr("req/s"));
    ImGui::TableSetupColumn(tr("/GPU"));
    ImGui::TableSetupColumn(tr("$/M tok"));
    ImGui::TableSetupColumn("TTFT");
    ImGui::TableSetupColumn("TPOT");
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < plans.size(); ++i) {
      const Plan& p = plans[i];
      const ServingResult& r = p.serving;
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      const std::string label = std::to_string(i + 1) + "##plan" + std::to_string(i);
      if (ui::row_selectable(label.c_str(), c.selected == static_cast<int>(i)))
        c.selected = static_cast<int>(i);
      ui::probe_item("cluster:plan:" + std::to_string(i));
      ImGui::TableSetColumnIndex(1);
      const char* kind = p.disaggregated ? (p.colocated ? tr("mixed") : tr("disaggregated")) : tr("colocated");
      ImGui::TextUnformatted(plan_name(p).c_str());
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s (%s)\n%s", p.summary().c_str(), kind, tr("P: prefill, D: decode, C: colocated"));
      ImGui::TableSetColumnIndex(2);
      ImGui::Text("%.2f", r.goodput_rps);
      ImGui::TableSetColumnIndex(3);
      ImGui::Text("%.3f", r.goodput_rps_per_gpu);
      ImGui::TableSetColumnIndex(4);
      if (r.usd_per_million_output_tokens > 0) ImGui::TextUnformatted(ui::format_usd(r.usd_per_million_output_tokens).c_str());
      else ui::text_dim("-");
      ImGui::TableSetColumnIndex(5);
      ImGui::TextUnformatted(format_ms(r.ttft_ms).c_str());
      ImGui::TableSetColumnIndex(6);
      ImGui::TextUnformatted(format_ms(r.tpot_ms).c_str());
    }
    ImGui::EndTable();
  }
  ui::probe_item("cluster:plans");
  ImGui::PushTextWrapPos(0);
  ui::text_dim(tr("req/s: goodput; /GPU: goodput per GPU; $/M tok: dollars per million output tokens at goodput; "
                  "TTFT and TPOT at the percentile."));
  ImGui::PopTextWrapPos();
}

// --- The diagram ----------------------------------------------------------------------------

void pool_box(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 edge, const char* title, const std::vector<const PlanRole*>& roles) {
  const ui::Palette& pal = ui::palette();
  const float em = ImGui::GetFontSize();
  dl->AddRectFilled(a, b, pal.card_bg, em * 0.3f);
  dl->AddRect(a, b, edge, em * 0.3f, 0, 2);
  float y = a.y + em * 0.3f;
  dl->AddText(ImVec2(a.x + em * 0.5f, y), edge, title);
  y += em * 1.3f;
  const GpuCatalog& cat = gpu_catalog();
  for (const PlanRole* r : roles) {
    if (y + em > b.y) break;
    const Gpu* g = cat.find(r->gpu_id);
    const std::string l1 = ui::printf_string("%s x%lld", g ? g->name.c_str() : r->gpu_id.c_str(), static_cast<long long>(r->gpus));
    const std::string l2 = ui::printf_string(tr("TP %lld \xC2\xB7 PP %lld \xC2\xB7 instances: %lld"), static_cast<long long>(r->tp),
                                             static_cast<long long>(r->pp), static_cast<long long>(r->instances));
    dl->AddText(ImVec2(a.x + em * 0.5f, y), pal.text, l1.c_str());
    dl->AddText(ImVec2(a.x + em * 0.5f, y + em * 1.1f), pal.text_dim, l2.c_str());
    y += em * 2.4f;
  }
}

void diagram(ClusterPanel& c, float width) {
  const std::vector<Plan>& plans = ranking(c);
  if (plans.empty()) return;
  const int row = std::clamp(c.selected, 0, static_cast<int>(plans.size()) - 1);
  const Plan& p = plans[static_cast<std::size_t>(row)];
  if (c.link_use_row != row || c.link_use_by_dollar != c.by_dollar) {  // on a new plan only
    c.link_use = link_use(c.request, p);
    c.link_use_row = row;
    c.link_use_by_dollar = c.by_dollar;
  }
  const LinkUse& u = c.link_use;
  const ui::Palette& pal = ui::palette();
  const float em = ImGui::GetFontSize();
  const float lh0 = ImGui::GetTextLineHeight();
  const ImVec2 o = ImGui::GetCursorScreenPos();

  std::vector<const PlanRole*> pre, dec, col;
  for (const PlanRole& r : p.roles) {
    if (r.role == Role::Prefill) pre.push_back(&r);
    else if (r.role == Role::Decode) dec.push_back(&r);
    else if (r.role == Role::Colocated) col.push_back(&r);
  }
  const float rows = static_cast<float>(std::max({pre.size(), dec.size(), std::size_t{1}}));
  const float box_h = em * (1.8f + 2.4f * rows);
  const float col_h = em * (1.8f + 2.4f * static_cast<float>(std::max<std::size_t>(col.size(), 1)));
  float height = p.disaggregated ? box_h + lh0 * 4.6f : col_h + em * 0.5f;
  if (p.disaggregated && !col.empty()) height += col_h + em * 0.5f;
  ImGui::InvisibleButton("cluster-diagram", ImVec2(width, height));
  ui::probe_item("cluster:diagram");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float top = o.y;
  if (p.disaggregated) {
    const float box_w = std::min(width * 0.4f, em * 16);
    const ImVec2 a1(o.x, top), b1(o.x + box_w, top + box_h);
    const ImVec2 a2(o.x + width - box_w, top), b2(o.x + width, top + box_h);
    pool_box(dl, a1, b1, pal.series[0], tr("Prefill pool"), pre);
    pool_box(dl, a2, b2, pal.series[1], tr("Decode pool"), dec);
    // The KV stream.
    const float y = top + box_h * 0.5f;
    const float x0 = b1.x + em * 0.4f, x1 = a2.x - em * 0.4f;
    const ImU32 arrow = u.share > 1 ? pal.bad : (u.share > 0.5 ? pal.tight : pal.accent);
    dl->AddLine(ImVec2(x0, y), ImVec2(x1 - em * 0.6f, y), arrow, 3);
    dl->AddTriangleFilled(ImVec2(x1, y), ImVec2(x1 - em * 0.8f, y - em * 0.45f), ImVec2(x1 - em * 0.8f, y + em * 0.45f), arrow);
    const std::string l0 = ui::printf_string(tr("KV %s per request"), bytes_text(u.bytes_per_request).c_str());
    const std::string l1 = ui::printf_string(tr("%.1f ms to send, %.1f ms after prefill"), u.transfer_ms, u.overlapped_ms);
    const std::string l2 = ui::printf_string(tr("link %.1f%% used at %.6g req/s"), u.share * 100, c.request.workload.rate_rps);
    const std::string l3 = ui::printf_string(tr("%s of %s aggregate"), ui::printf_string("%.1f GB/s", u.offered_bytes_per_s / 1e9).c_str(),
                                             ui::printf_string("%.1f GB/s", u.aggregate_bytes_per_s / 1e9).c_str());
    const float mid = (x0 + x1) / 2;
    const float lh = ImGui::GetTextLineHeight();
    auto centered = [&](const std::string& s, float yy, ImU32 col_) {
      const float w = ImGui::CalcTextSize(s.c_str()).x;
      dl->AddText(ImVec2(mid - w / 2, yy), col_, s.c_str());
    };
    const std::string kv = bytes_text(u.bytes_per_request);
    if (ImGui::CalcTextSize(kv.c_str()).x < x1 - x0) centered(kv, y - lh * 1.2f, pal.text);
    centered(u.share > 0 ? ui::printf_string("%.1f%%", u.share * 100) : std::string("-"), y + lh * 0.2f, arrow);
    const float below = top + box_h + lh * 0.4f;
    dl->AddText(ImVec2(o.x, below), pal.text, l0.c_str());
    dl->AddText(ImVec2(o.x, below + lh), pal.text_dim, l1.c_str());
    dl->AddText(ImVec2(o.x, below + lh * 2), arrow, l2.c_str());
    dl->AddText(ImVec2(o.x, below + lh * 3), pal.text_dim, l3.c_str());
    top = below + lh * 4.2f - (box_h + em * 0.5f);
    if (!col.empty()) {
      // A mixed plan: its colocated pool under the pair.
      const float y2 = top + box_h + em * 0.5f;
      pool_box(dl, ImVec2(o.x, y2), ImVec2(o.x + width, y2 + col_h), pal.series[2], tr("Colocated pool"), col);
    }
  } else {
    const float box_w = width * 0.5f;
    const float h = col_h;
    pool_box(dl, ImVec2(o.x + (width - box_w) / 2, top), ImVec2(o.x + (width + box_w) / 2, top + h), pal.series[2],
             tr("Colocated pool (prefill and decode on the same GPUs)"), col);
  }
}

}  // namespace

std::string plan_name(const Plan& p) {
  std::string out;
  for (Role role : {Role::Prefill, Role::Decode, Role::Colocated}) {
    std::string part;
    for (const PlanRole& r : p.roles) {
      if (r.role != role) continue;
      if (!part.empty()) part += " + ";
      part += ui::printf_string("%lldx%s tp%lld", static_cast<long long>(r.gpus), short_gpu(r.gpu_id).c_str(),
                                static_cast<long long>(r.tp));
      if (r.pp > 1) part += ui::printf_string(" pp%lld", static_cast<long long>(r.pp));
      if (r.dp_attention) part += " dp-attn";  // data-parallel attention (full name on hover)
      if (!r.chunk_default) part += ui::printf_string(" chunk%lld", static_cast<long long>(r.chunk_tokens));
    }
    if (part.empty()) continue;
    if (!out.empty()) out += " | ";
    out += (role == Role::Prefill ? "P: " : role == Role::Decode ? "D: " : "C: ") + part;
  }
  return out.empty() ? "-" : out;
}

void draw_cluster_summary(App& app) {
  ClusterPanel& c = app.cluster;
  refresh(c, app.scenario, app.plan, ImGui::IsAnyItemActive());
  const float em = ImGui::GetFontSize();
  const float spacing = em * 0.5f;
  const float avail = ImGui::GetContentRegionAvail().x;
  // Five cards in a row; on narrow screens fewer, at least 11 em wide each (a phone:
  // 2 + 2 + 1), so that the plan's name and numbers stay readable.
  const int per_row = narrow_layout() ? std::clamp(static_cast<int>((avail + spacing) / (em * 11)), 2, 5) : 5;
  const ImVec2 size((avail - spacing * static_cast<float>(per_row - 1)) / static_cast<float>(per_row), em * 5.0f);
  int n = 0;
  const ui::Palette& pal = ui::palette();
  const std::optional<Plan>& best = c.result.best;
  const Workload& w = c.request.workload;
  const bool meets = best && best->serving.meets_slo && best->serving.goodput_rps >= w.rate_rps * (1 - 1e-9);
  const ImU32 verdict = meets ? pal.good : best ? pal.tight : pal.bad;
  const std::string pct = ui::printf_string("p%g", w.percentile * 100);
  ImGui::BeginGroup();
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing, spacing));
  // In rows of fewer, the plan's card (its verdict and name are long) has a row of its own.
  const int alone = per_row < 5 ? 1 : 0;
  auto card = [&](const char* id, const char* label, const std::string& big, const std::string& small, ImU32 col) {
    if (n >= alone && (n - alone) % per_row != 0) ImGui::SameLine();
    ui::card_begin(id, n++ < alone ? ImVec2(avail, size.y) : size, col);
    ui::text_dim(label);
    ui::big_text(big.c_str(), col);
    ImGui::PushTextWrapPos(0);
    ui::text_dim(small.c_str());
    ImGui::PopTextWrapPos();
    ui::card_end();
  };
  if (!c.error.empty() || !best) {
    const std::string why = !c.error.empty() ? c.error : tr("No plan: no GPU type of the fleet holds the model, or none meets the targets.");
    card("card-plan", tr("Plan"), tr("None"), why, pal.bad);
  } else {
    const ServingResult& s = best->serving;
    card("card-plan", tr("Plan"), meets ? tr("Meets targets") : tr("Short of the rate"), plan_name(*best), verdict);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", best->summary().c_str());
    card("card-goodput", tr("Goodput"), ui::printf_string("%.3g", s.goodput_rps),
         ui::printf_string(tr("of %.3g req/s offered"), w.rate_rps), verdict);
    card("card-plan-ttft", (std::string("TTFT ") + pct).c_str(), format_ms(s.ttft_ms),
         ui::printf_string(tr("target %s"), format_ms(w.ttft_slo_ms).c_str()),
         s.ttft_ms <= w.ttft_slo_ms * (1 + 1e-9) ? pal.good : pal.bad);
    card("card-plan-tpot", (std::string(tr("Time per token")) + " " + pct).c_str(), format_ms(s.tpot_ms),
         ui::printf_string(tr("target %s"), format_ms(w.tpot_slo_ms).c_str()),
         s.tpot_ms <= w.tpot_slo_ms * (1 + 1e-9) ? pal.good : pal.bad);
    card("card-plan-cost", tr("$ / M tokens"), ui::format_usd(s.usd_per_million_output_tokens),
         ui::printf_string(tr("%.0f GPUs, %s/h"), s.gpus, ui::format_usd(s.usd_per_hour).c_str()), pal.text);
  }
  ImGui::PopStyleVar();
  ImGui::EndGroup();
  ui::probe_item("summary:plan");
}

void draw_cluster(App& app) {
  ClusterPanel& c = app.cluster;
  const float em = ImGui::GetFontSize();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // Narrow screens: the inputs above the results, both as wide as the screen, and the
  // tab scrolls; wide ones: the inputs in a column at the left.
  const bool narrow = narrow_layout();
  if (narrow) {
    ImGui::BeginGroup();
    inputs(app);
    ImGui::EndGroup();
  } else {
    ImGui::BeginChild("cluster-inputs", ImVec2(std::clamp(avail.x * 0.3f, em * 16, em * 20), 0), false);
    inputs(app);
    ImGui::EndChild();
  }
  ui::probe_item("cluster:inputs");
  refresh(c, app.scenario, app.plan, ImGui::IsAnyItemActive());

  if (narrow) ImGui::Spacing();
  else ImGui::SameLine(0, em * 0.8f);
  ImGui::BeginChild("cluster-results", ImVec2(0, narrow ? std::max(em * 36, avail.y) : 0), false);
  if (!c.error.empty()) {
    ImGui::PushTextWrapPos(0);
    ui::text(ui::palette().error, c.error.c_str());
    ImGui::PopTextWrapPos();
  } else if (c.search && !c.search->done()) {
    ImGui::ProgressBar(static_cast<float>(c.search->progress()), ImVec2(-1, 0), tr("Searching the catalogue..."));
    ui::probe_item("cluster:searching");
  } else {
    const ImVec2 r = ImGui::GetContentRegionAvail();
    const float table_h = std::max(em * 7, r.y * 0.27f);
    plan_table(c, table_h);
    draw_plan_export(app);  // Export: Dynamo / llm-d (panel_actions.cpp)
    ImGui::Spacing();
    diagram(c, r.x);
    ImGui::Spacing();
    cluster_sweep_chart(c, r.x, std::max(em * 9, ImGui::GetContentRegionAvail().y - em * 0.7f));
  }
  ImGui::EndChild();
  ui::probe_item("cluster:results");
}

}  // namespace infercalc
