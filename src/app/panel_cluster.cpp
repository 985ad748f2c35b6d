// The Cluster tab (panel_cluster.h): inputs on the left; on the right the ranked plans,
// the chosen plan's pools and KV stream, and goodput against the arrival rate. The
// planner runs only when its request changes; the rate sweep (12 planner runs) waits
// until no field is being typed into.
#include "app/panel_cluster.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/i18n.h"
#include "app/theme.h"
#include "app/ui_probe.h"
#include "app/widgets.h"
#include "core/disagg.h"
#include "core/gpu.h"
#include "core/report.h"

namespace infercalc {
namespace {

using ui::tr;

constexpr int kSweepPoints = 12;

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

bool parse_number(std::string_view text, double& out) {
  if (text.empty() || text.size() > 30) return false;
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return false;
  out = v;
  return true;
}

bool valid_rate(double v) { return v > 0 && v <= WorkloadLimits::kMaxRate; }
bool valid_slo(double v) { return v > 0 && v <= WorkloadLimits::kMaxSloMs; }
bool valid_pct(double v) { return v >= 50 && v <= 99.9; }
bool valid_cv(double v) { return v >= 0 && v <= WorkloadLimits::kMaxCv; }
bool valid_gbps(double v) { return v >= 0 && v <= 10000; }
bool valid_latency(double v) { return v >= 0 && v <= 1e6; }

const LinkPreset& preset_of(const ClusterInputs& in) {
  const LinkPreset* p = find_link_preset(in.link_id);
  return p ? *p : link_preset(LinkKind::IbNdr);
}

std::string bytes_text(double b) {
  if (b >= 1e9) return ui::printf_string("%.2f GB", b / 1e9);
  if (b >= 1e6) return ui::printf_string("%.1f MB", b / 1e6);
  return ui::printf_string("%.0f kB", b / 1e3);
}

// --- Computing ----------------------------------------------------------------------

void refresh(ClusterPanel& c, const Scenario& s, bool editing) {
  const PlanRequest req = cluster_request(s, c.in);
  const bool same = c.has_request && c.request.base == req.base && c.request.workload == req.workload &&
                    c.request.link == req.link && c.request.fleet == req.fleet;
  if (!same) {
    c.has_request = true;
    c.request = req;
    c.selected = 0;
    c.sweep_valid = false;
    c.sweep.clear();
    c.link_use_row = -1;
    c.error.clear();
    c.result = PlanResult{};
    if (auto e = validate(req)) {
      c.error = e->field + ": " + e->message;
    } else {
      const auto t0 = std::chrono::steady_clock::now();
      c.result = plan_fleet(req);
      c.compute_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    }
  }
  // One rate per frame, so that no frame holds 12 planner runs (about 25 ms each in wasm).
  if (!c.sweep_valid && !editing && c.error.empty()) {
    if (c.sweep.empty()) c.sweep_ms = 0;
    const auto t0 = std::chrono::steady_clock::now();
    c.sweep.push_back(goodput_sweep_point(c.request, static_cast<int>(c.sweep.size()), kSweepPoints));
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

void fleet_editor(ClusterInputs& in) {
  const GpuCatalog& cat = gpu_catalog();
  const float em = ImGui::GetFontSize();
  ui::heading(tr("Fleet"));
  int remove = -1;
  for (std::size_t i = 0; i < in.fleet.size(); ++i) {
    FleetGroup& g = in.fleet[i];
    ImGui::PushID(static_cast<int>(i));
    const Gpu* gpu = cat.find(g.gpu_id);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - em * 6.4f);
    if (ImGui::BeginCombo("##gpu", gpu ? gpu->name.c_str() : g.gpu_id.c_str(), ImGuiComboFlags_HeightLarge)) {
      for (const Gpu& c : cat.gpus) {
        const bool sel = c.id == g.gpu_id;
        if (ImGui::Selectable(c.name.c_str(), sel)) g.gpu_id = c.id;
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

void inputs(App& app) {
  ClusterInputs& in = app.cluster.in;
  const float em = ImGui::GetFontSize();
  fleet_editor(in);

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
  const LinkPreset& cur = preset_of(in);
  if (ImGui::BeginCombo("##plink", cur.name)) {
    for (const LinkPreset& p : link_presets()) {
      const bool sel = in.link_id == p.id;
      if (ImGui::Selectable(p.name, sel)) {
        in.link_id = p.id;
        in.link_gbps = p.gbps;
        in.link_latency_us = p.latency_us;
      }
    }
    ImGui::EndCombo();
  }
  ui::probe_item("cluster:plink");
  ImGui::BeginChild("gbps", ImVec2(half, em * 3.6f), false, ImGuiWindowFlags_NoScrollbar);
  input_double(tr("Gb/s per GPU"), "##plink_gbps", in.link_gbps, 25, "%.6g", valid_gbps,
               tr("One direction, per GPU; 0 = the GPU's own NVLink."));
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("lat", ImVec2(half, em * 3.6f), false, ImGuiWindowFlags_NoScrollbar);
  input_double(tr("Latency (us)"), "##plink_lat", in.link_latency_us, 1, "%.6g", valid_latency, nullptr);
  ImGui::EndChild();
  if (!(in == default_cluster_inputs())) {
    if (ImGui::SmallButton(tr("Reset the cluster inputs"))) in = default_cluster_inputs();
    ui::probe_item("cluster:reset");
  }
}

// --- The ranking ------------------------------------------------------------------------

// "8 H100 prefill tp2 + 16 A100 decode tp4": the plan's roles, GPU names shortened
// to their first word (the tooltip has the catalog names).
std::string short_summary(const Plan& p) {
  std::string out;
  for (const PlanRole& r : p.roles) {
    if (r.role == Role::Unused) continue;
    std::string g = r.gpu_id.substr(0, r.gpu_id.find('-'));
    for (char& ch : g) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    const char* role = r.role == Role::Prefill ? "P" : r.role == Role::Decode ? "D" : "C";
    if (!out.empty()) out += " + ";
    out += ui::printf_string("%lld %s %s tp%lld", static_cast<long long>(r.gpus), g.c_str(), role,
                             static_cast<long long>(r.tp));
    if (r.pp > 1) out += ui::printf_string(" pp%lld", static_cast<long long>(r.pp));
  }
  return out;
}

const std::vector<Plan>& ranking(const ClusterPanel& c) { return c.by_dollar ? c.result.plans_per_dollar : c.result.plans; }

void plan_table(ClusterPanel& c, float height) {
  if (ImGui::RadioButton(tr("by goodput"), !c.by_dollar) && c.by_dollar) {
    c.by_dollar = false;
    c.selected = 0;
  }
  ui::probe_item("cluster:by-goodput");
  ImGui::SameLine();
  if (ImGui::RadioButton(tr("by goodput per dollar"), c.by_dollar) && !c.by_dollar) {
    c.by_dollar = true;
    c.selected = 0;
  }
  ui::probe_item("cluster:by-dollar");
  ImGui::SameLine();
  ui::text_dim(ui::printf_string(tr("%lld plans searched in %.1f ms"), static_cast<long long>(c.result.combinations),
                                 c.compute_ms)
                   .c_str());
  const std::vector<Plan>& plans = ranking(c);
  if (plans.empty()) {
    ui::text(ui::palette().bad, tr("No plan: no GPU type of the fleet holds the model, or none meets the targets."));
    return;
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                     ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("plans", 7, kFlags, ImVec2(0, height))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#");
    ImGui::TableSetupColumn(tr("Plan"), ImGuiTableColumnFlags_WidthStretch);
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
      if (ImGui::Selectable(label.c_str(), c.selected == static_cast<int>(i), ImGuiSelectableFlags_SpanAllColumns))
        c.selected = static_cast<int>(i);
      ui::probe_item("cluster:plan:" + std::to_string(i));
      ImGui::TableSetColumnIndex(1);
      const char* kind = p.disaggregated ? (p.colocated ? tr("mixed") : tr("disaggregated")) : tr("colocated");
      ImGui::TextUnformatted(short_summary(p).c_str());
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

// --- Goodput against arrival rate ----------------------------------------------------------------

void sweep_chart(const ClusterPanel& c, float width, float height) {
  const ui::Palette& pal = ui::palette();
  const float em = ImGui::GetFontSize();
  const float lh = ImGui::GetTextLineHeight();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("cluster-sweep", ImVec2(width, height));
  ui::probe_item("cluster:sweep");
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const char* title = tr("Goodput against arrival rate");
  dl->AddText(o, pal.text, title);
  if (c.sweep.empty()) {
    dl->AddText(ImVec2(o.x, o.y + lh * 1.5f), pal.text_dim, tr("Computed once typing stops..."));
    return;
  }
  // The sweep ends at twice the offered rate, and goodput never exceeds the rate.
  const double x_max = 2 * c.request.workload.rate_rps, y_max = x_max;
  if (x_max <= 0 || y_max <= 0) return;
  const std::string top_label = ui::printf_string("%.3g", y_max);
  const float label_w = ImGui::CalcTextSize(top_label.c_str()).x + em * 0.6f;
  const ImVec2 a(o.x + label_w, o.y + lh * 1.4f), b(o.x + width - em * 0.5f, o.y + height - lh * 2.2f);
  if (b.x - a.x < em * 4 || b.y - a.y < em * 2) return;
  auto px = [&](double x) { return a.x + static_cast<float>(x / x_max) * (b.x - a.x); };
  auto py = [&](double y) { return b.y - static_cast<float>(y / y_max) * (b.y - a.y); };
  for (int i = 0; i <= 4; ++i) {
    const double v = y_max * i / 4;
    dl->AddLine(ImVec2(a.x, py(v)), ImVec2(b.x, py(v)), pal.grid);
    const std::string s = ui::printf_string("%.3g", v);
    dl->AddText(ImVec2(a.x - em * 0.3f - ImGui::CalcTextSize(s.c_str()).x, py(v) - lh / 2), pal.text_dim, s.c_str());
  }
  for (std::size_t i = 1; i < c.sweep.size(); i += 2) {
    const double x = c.sweep[i].rate_rps;
    const std::string s = ui::printf_string("%.3g", x);
    dl->AddText(ImVec2(px(x) - ImGui::CalcTextSize(s.c_str()).x / 2, b.y + em * 0.2f), pal.text_dim, s.c_str());
  }
  const char* x_label = tr("offered arrival rate, requests/s");
  dl->AddText(ImVec2(a.x, b.y + em * 0.2f + lh), pal.text_dim, x_label);
  const std::string timing =
      c.sweep_valid ? ui::printf_string(tr("%d planner runs, %.0f ms"), static_cast<int>(c.sweep.size()), c.sweep_ms)
                    : std::string("...");
  dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(timing.c_str()).x, b.y + em * 0.2f + lh), pal.text_dim,
              timing.c_str());
  dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), pal.axis);
  dl->AddLine(ImVec2(a.x, a.y), ImVec2(a.x, b.y), pal.axis);
  // The offered rate itself (goodput cannot exceed it), dashed as the ideal.
  dl->AddLine(ImVec2(px(0), py(0)), ImVec2(px(x_max), py(x_max)), pal.ideal, 1);
  const double offered = c.request.workload.rate_rps;
  dl->AddLine(ImVec2(px(offered), a.y), ImVec2(px(offered), b.y), pal.limit_mark, 1);
  auto line = [&](double (*get)(const RatePoint&), ImU32 col, float thick) {
    for (std::size_t i = 0; i < c.sweep.size(); ++i) {
      const ImVec2 q(px(c.sweep[i].rate_rps), py(get(c.sweep[i])));
      if (i) dl->AddLine(ImVec2(px(c.sweep[i - 1].rate_rps), py(get(c.sweep[i - 1]))), q, col, thick);
      dl->AddCircleFilled(q, em * 0.1f + thick * 0.6f, col);
    }
  };
  line([](const RatePoint& p) { return p.colocated_goodput_rps; }, pal.series[2], 5);
  line([](const RatePoint& p) { return p.disaggregated_goodput_rps; }, pal.series[0], 2);
  // Legend at the top right.
  const char* l1 = tr("disaggregated");
  const char* l2 = tr("colocated");
  const float w2 = ImGui::CalcTextSize(l2).x, w1 = ImGui::CalcTextSize(l1).x;
  float x = b.x - w2 - em;
  dl->AddRectFilled(ImVec2(x - em * 0.9f, o.y + lh * 0.3f), ImVec2(x - em * 0.3f, o.y + lh * 0.8f), pal.series[2]);
  dl->AddText(ImVec2(x, o.y), pal.text_dim, l2);
  x -= w1 + em * 2;
  dl->AddRectFilled(ImVec2(x - em * 0.9f, o.y + lh * 0.3f), ImVec2(x - em * 0.3f, o.y + lh * 0.8f), pal.series[0]);
  dl->AddText(ImVec2(x, o.y), pal.text_dim, l1);
  if (hovered) {
    const float mx = ImGui::GetIO().MousePos.x;
    std::size_t best = 0;
    for (std::size_t i = 1; i < c.sweep.size(); ++i)
      if (std::fabs(px(c.sweep[i].rate_rps) - mx) < std::fabs(px(c.sweep[best].rate_rps) - mx)) best = i;
    const RatePoint& p = c.sweep[best];
    ImGui::BeginTooltip();
    ui::text_strong(ui::printf_string(tr("%.3g requests/s offered"), p.rate_rps).c_str());
    ImGui::Text("%s: %.3g req/s", tr("disaggregated"), p.disaggregated_goodput_rps);
    ImGui::Text("%s: %.3g req/s", tr("colocated"), p.colocated_goodput_rps);
    ImGui::EndTooltip();
  }
}

}  // namespace

ClusterInputs default_cluster_inputs() {
  ClusterInputs in;
  in.fleet = {{"h100-sxm", 8, -1}, {"a100-sxm4-80gb", 16, -1}, {"v100-sxm2-32gb", 32, -1}};
  const Workload w;
  in.rate_rps = w.rate_rps;
  in.ttft_slo_ms = w.ttft_slo_ms;
  in.tpot_slo_ms = w.tpot_slo_ms;
  in.percentile = w.percentile * 100;
  const LinkPreset& p = link_preset(LinkKind::IbNdr);
  in.link_id = p.id;
  in.link_gbps = p.gbps;
  in.link_latency_us = p.latency_us;
  return in;
}

PlanRequest cluster_request(const Scenario& s, const ClusterInputs& in) {
  PlanRequest r;
  Scenario& b = r.base;  // only what the planner reads: the cache compares it
  b.model_id = s.model_id;
  b.custom_model = s.custom_model;
  b.weights = s.weights;
  b.kv = s.kv;
  b.engine = s.engine;
  b.gpu_util = s.gpu_util;
  b.gpus_per_node = s.gpus_per_node;
  b.internode_gbps = s.internode_gbps;
  Workload& w = r.workload;
  w.rate_rps = in.rate_rps;
  w.input_tokens = s.input_tokens;
  w.output_tokens = s.output_tokens;
  w.input_cv = in.input_cv;
  w.output_cv = in.output_cv;
  w.ttft_slo_ms = in.ttft_slo_ms;
  w.tpot_slo_ms = in.tpot_slo_ms;
  w.percentile = in.percentile / 100;
  const LinkPreset& p = preset_of(in);
  r.link = pool_link(p.kind);
  r.link.gbps = in.link_gbps;
  r.link.latency_us = in.link_latency_us;
  r.fleet = in.fleet;
  return r;
}

const std::vector<std::string>& cluster_link_keys() {
  static const std::vector<std::string> keys = {"fleet",  "rate",   "ttft_slo", "tpot_slo",   "pct",
                                                "in_cv",  "out_cv", "plink",    "plink_gbps", "plink_lat"};
  return keys;
}

std::string cluster_link_value(const ClusterInputs& in, std::string_view key) {
  const ClusterInputs d = default_cluster_inputs();
  auto num = [](double v, double def) { return v == def ? std::string() : number_text(v); };
  if (key == "fleet") return in.fleet == d.fleet ? "" : fleet_to_string(in.fleet);
  if (key == "rate") return num(in.rate_rps, d.rate_rps);
  if (key == "ttft_slo") return num(in.ttft_slo_ms, d.ttft_slo_ms);
  if (key == "tpot_slo") return num(in.tpot_slo_ms, d.tpot_slo_ms);
  if (key == "pct") return num(in.percentile, d.percentile);
  if (key == "in_cv") return num(in.input_cv, d.input_cv);
  if (key == "out_cv") return num(in.output_cv, d.output_cv);
  if (key == "plink") return in.link_id == d.link_id ? "" : in.link_id;
  if (key == "plink_gbps") return num(in.link_gbps, preset_of(in).gbps);
  if (key == "plink_lat") return num(in.link_latency_us, preset_of(in).latency_us);
  return "";
}

bool cluster_link_set(ClusterInputs& in, std::string_view key, std::string_view value) {
  if (key == "fleet") {
    auto f = parse_fleet(value);
    if (!f || f.value().empty() || static_cast<int>(f.value().size()) > kMaxFleetGroups) return false;
    in.fleet = f.value();
    return true;
  }
  if (key == "plink") {
    const LinkPreset* p = find_link_preset(value);
    if (!p) return false;
    in.link_id = p->id;
    in.link_gbps = p->gbps;
    in.link_latency_us = p->latency_us;
    return true;
  }
  double v = 0;
  if (!parse_number(value, v)) return false;
  struct Field {
    const char* key;
    double ClusterInputs::*member;
    bool (*ok)(double);
  };
  static const Field kFields[] = {{"rate", &ClusterInputs::rate_rps, valid_rate},
                                  {"ttft_slo", &ClusterInputs::ttft_slo_ms, valid_slo},
                                  {"tpot_slo", &ClusterInputs::tpot_slo_ms, valid_slo},
                                  {"pct", &ClusterInputs::percentile, valid_pct},
                                  {"in_cv", &ClusterInputs::input_cv, valid_cv},
                                  {"out_cv", &ClusterInputs::output_cv, valid_cv},
                                  {"plink_gbps", &ClusterInputs::link_gbps, valid_gbps},
                                  {"plink_lat", &ClusterInputs::link_latency_us, valid_latency}};
  for (const Field& f : kFields)
    if (key == f.key) {
      if (!f.ok(v)) return false;
      in.*f.member = v;
      return true;
    }
  return false;
}

void cluster_link_reset(ClusterInputs& in, std::string_view key) {
  const ClusterInputs d = default_cluster_inputs();
  if (key == "fleet") in.fleet = d.fleet;
  else if (key == "rate") in.rate_rps = d.rate_rps;
  else if (key == "ttft_slo") in.ttft_slo_ms = d.ttft_slo_ms;
  else if (key == "tpot_slo") in.tpot_slo_ms = d.tpot_slo_ms;
  else if (key == "pct") in.percentile = d.percentile;
  else if (key == "in_cv") in.input_cv = d.input_cv;
  else if (key == "out_cv") in.output_cv = d.output_cv;
  else if (key == "plink") {
    in.link_id = d.link_id;
    in.link_gbps = d.link_gbps;
    in.link_latency_us = d.link_latency_us;
  } else if (key == "plink_gbps") in.link_gbps = preset_of(in).gbps;
  else if (key == "plink_lat") in.link_latency_us = preset_of(in).latency_us;
}

void draw_cluster(App& app) {
  ClusterPanel& c = app.cluster;
  const float em = ImGui::GetFontSize();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float left_w = std::clamp(avail.x * 0.3f, em * 16, em * 20);

  ImGui::BeginChild("cluster-inputs", ImVec2(left_w, 0), false);
  inputs(app);
  ImGui::EndChild();
  ui::probe_item("cluster:inputs");
  refresh(c, app.scenario, ImGui::IsAnyItemActive());

  ImGui::SameLine(0, em * 0.8f);
  ImGui::BeginChild("cluster-results", ImVec2(0, 0), false);
  if (!c.error.empty()) {
    ImGui::PushTextWrapPos(0);
    ui::text(ui::palette().error, c.error.c_str());
    ImGui::PopTextWrapPos();
  } else {
    const ImVec2 r = ImGui::GetContentRegionAvail();
    const float table_h = std::max(em * 7, r.y * 0.27f);
    plan_table(c, table_h);
    draw_plan_export(app);  // Export: Dynamo / llm-d (panel_actions.cpp)
    ImGui::Spacing();
    diagram(c, r.x);
    ImGui::Spacing();
    sweep_chart(c, r.x, std::max(em * 9, ImGui::GetContentRegionAvail().y - em * 0.7f));
  }
  ImGui::EndChild();
  ui::probe_item("cluster:results");
}

}  // namespace infercalc
