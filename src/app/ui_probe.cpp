#include "app/ui_probe.h"

#include <imgui.h>

#include <vector>

#include "core/json.h"

namespace infercalc::ui {
namespace {

struct Probe {
  std::string name;
  float x0, y0, x1, y1;
};

std::vector<Probe>& probes() {
  static std::vector<Probe> p;
  return p;
}

}  // namespace

void probe_begin_frame() { probes().clear(); }

void probe_item(std::string_view name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  probe_rect(name, a.x, a.y, b.x, b.y);
}

void probe_rect(std::string_view name, float x0, float y0, float x1, float y1) {
  probes().push_back({std::string(name), x0, y0, x1, y1});
}

std::string probe_json(std::string_view name) {
  for (const Probe& p : probes())
    if (p.name == name)
      return "[" + json::number(p.x0) + "," + json::number(p.y0) + "," + json::number(p.x1 - p.x0) + "," +
             json::number(p.y1 - p.y0) + "]";
  return "null";
}

}  // namespace infercalc::ui
