#include "platform/touch.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <deque>

namespace infercalc::platform::touch {
namespace {

// The finger's speed is measured over its last 100 ms of movement; a finger that
// rested for 60 ms before lifting does not fling.
constexpr double kVelocityWindowMs = 100;
constexpr double kRestBeforeLiftMs = 60;
// Momentum slows down as UIScrollView's "normal" deceleration rate does: the speed is
// multiplied by 0.998 every millisecond (Apple, UIScrollView.DecelerationRate.normal).
constexpr double kDecelerationPerMs = 0.998;
// Below this speed (pixels per ms at the framebuffer's scale, 1 = 60 px per frame at
// 60 Hz / 60) the fling stops.
constexpr float kStopSpeed = 0.02f;

struct Step {
  ImVec2 pos;
  bool down;
};

struct Sample {
  double t_ms;
  ImVec2 pos;
};

enum class Axis { Free, X, Y };

struct State {
  bool active = false;             // touch drives the pointer
  ImVec2 pointer{-FLT_MAX, -FLT_MAX};
  std::deque<Step> steps;          // queued taps, one step per frame
  bool touching = false;
  bool dragging = false;
  bool stopped_fling = false;      // this touch stopped a fling: it does not tap
  ImVec2 start{0, 0}, last{0, 0};
  ImVec2 pending{0, 0};            // finger movement not yet scrolled
  Axis axis = Axis::Free;
  std::deque<Sample> samples;
  int frames_at_start = 0;         // NewFrames that saw the pointer at `start`
  ImGuiID target = 0;              // the window the drag scrolls (then its parents)
  ImVec2 velocity{0, 0};           // momentum, pixels per ms
  double last_apply_ms = -1;
  float slop = 10;
};

State& state() {
  static State s;
  return s;
}

float length(ImVec2 v) { return std::sqrt(v.x * v.x + v.y * v.y); }

// The window a wheel would scroll along one axis: the innermost one under the finger
// that can scroll that way (as ImGui's own wheel handling picks it), then its parents.
// Moves the content by `delta` pixels (finger down = content down); what one window
// cannot take goes to the next. Returns what was left.
float scroll_chain(ImGuiWindow* w, float delta, bool x_axis) {
  for (; w && delta != 0; w = w->ParentWindow) {
    const float max = x_axis ? w->ScrollMax.x : w->ScrollMax.y;
    if (max > 0 && !(w->Flags & ImGuiWindowFlags_NoScrollWithMouse)) {
      const float target = x_axis ? w->ScrollTarget.x : w->ScrollTarget.y;
      const float now = target < FLT_MAX ? target : (x_axis ? w->Scroll.x : w->Scroll.y);
      const float next = std::clamp(now - delta, 0.0f, max);
      if (x_axis) ImGui::SetScrollX(w, next);
      else ImGui::SetScrollY(w, next);
      delta -= now - next;
    }
    if (!(w->Flags & ImGuiWindowFlags_ChildWindow)) break;
  }
  return delta;
}

void scroll_by(State& s, ImVec2 d) {
  ImGuiWindow* w = ImGui::FindWindowByID(s.target);
  if (!w) return;
  if (s.axis != Axis::Y) scroll_chain(w, d.x, true);
  if (s.axis != Axis::X) scroll_chain(w, d.y, false);
}

}  // namespace

void start(float x, float y, double t_ms) {
  State& s = state();
  s.active = true;
  s.stopped_fling = length(s.velocity) > kStopSpeed * 4;
  s.velocity = ImVec2(0, 0);
  s.touching = true;
  s.dragging = false;
  s.start = s.last = ImVec2(x, y);
  s.pending = ImVec2(0, 0);
  s.axis = Axis::Free;
  s.samples.assign(1, Sample{t_ms, s.start});
  s.frames_at_start = 0;
  s.target = 0;
  s.pointer = s.start;
}

void move(float x, float y, double t_ms) {
  State& s = state();
  if (!s.touching) return;
  const ImVec2 p(x, y);
  if (!s.dragging) {
    const ImVec2 d(p.x - s.start.x, p.y - s.start.y);
    if (length(d) < s.slop) return;
    s.dragging = true;
    // A drag mostly along one axis scrolls along that one only (a table row swiped
    // sideways does not drift up or down).
    s.axis = std::fabs(d.y) > 2 * std::fabs(d.x) ? Axis::Y : std::fabs(d.x) > 2 * std::fabs(d.y) ? Axis::X : Axis::Free;
  }
  s.pending.x += p.x - s.last.x;
  s.pending.y += p.y - s.last.y;
  s.last = p;
  s.samples.push_back({t_ms, p});
  while (s.samples.size() > 2 && t_ms - s.samples.front().t_ms > kVelocityWindowMs) s.samples.pop_front();
}

bool end(float x, float y, double t_ms) {
  State& s = state();
  if (!s.touching) return false;
  move(x, y, t_ms);
  s.touching = false;
  if (s.dragging) {
    const Sample& a = s.samples.front();
    const Sample& b = s.samples.back();
    const double dt = b.t_ms - a.t_ms;
    if (dt > 0 && t_ms - b.t_ms < kRestBeforeLiftMs)
      s.velocity = ImVec2(static_cast<float>((b.pos.x - a.pos.x) / dt), static_cast<float>((b.pos.y - a.pos.y) / dt));
    if (s.axis == Axis::X) s.velocity.y = 0;
    if (s.axis == Axis::Y) s.velocity.x = 0;
    s.pointer = ImVec2(-FLT_MAX, -FLT_MAX);  // nothing stays hovered after a scroll
    return false;
  }
  if (s.stopped_fling) return false;
  const ImVec2 p(x, y);
  s.steps.push_back({p, false});
  s.steps.push_back({p, true});
  s.steps.push_back({p, false});
  s.pointer = p;
  return true;
}

void cancel() {
  State& s = state();
  s.touching = false;
  s.dragging = false;
  s.pending = ImVec2(0, 0);
  s.velocity = ImVec2(0, 0);
}

void mouse_used() {
  State& s = state();
  if (s.touching || !s.steps.empty()) return;
  s.active = false;
  s.velocity = ImVec2(0, 0);
}

bool active() { return state().active; }

void scroll_content(unsigned id, float dy) { scroll_chain(ImGui::FindWindowByID(id), -dy, false); }

void apply(double now_ms, float slop_px) {
  State& s = state();
  s.slop = slop_px;
  const double dt = s.last_apply_ms < 0 ? 0 : std::clamp(now_ms - s.last_apply_ms, 0.0, 100.0);
  s.last_apply_ms = now_ms;
  if (!s.active) return;
  ImGuiIO& io = ImGui::GetIO();
  io.MouseDown[0] = false;
  if (!s.steps.empty()) {
    io.MousePos = s.steps.front().pos;
    io.MouseDown[0] = s.steps.front().down;
    s.steps.pop_front();
    return;
  }
  if (s.touching && !s.dragging) {
    io.MousePos = s.start;
    ++s.frames_at_start;
    return;
  }
  if (s.dragging && s.target == 0) {
    // The window to scroll is the one under the start of the drag; until a frame has
    // seen the pointer there, ImGui's hovered window is that of its previous place.
    // (A quick swipe can start and end between two frames: its movement waits.)
    io.MousePos = s.start;
    if (s.frames_at_start > 0) {
      ImGuiWindow* hovered = GImGui->HoveredWindow;
      s.target = hovered ? hovered->ID : 0;
    }
    ++s.frames_at_start;
    if (s.target == 0) return;
  }
  io.MousePos = s.dragging ? ImVec2(-FLT_MAX, -FLT_MAX) : s.pointer;
  ImVec2 d = s.pending;
  s.pending = ImVec2(0, 0);
  if (!s.touching && (s.velocity.x != 0 || s.velocity.y != 0)) {
    d.x += s.velocity.x * static_cast<float>(dt);
    d.y += s.velocity.y * static_cast<float>(dt);
    const float decay = static_cast<float>(std::pow(kDecelerationPerMs, dt));
    s.velocity = ImVec2(s.velocity.x * decay, s.velocity.y * decay);
    if (length(s.velocity) < kStopSpeed) s.velocity = ImVec2(0, 0);
  }
  if (d.x != 0 || d.y != 0) scroll_by(s, d);
}

}  // namespace infercalc::platform::touch
