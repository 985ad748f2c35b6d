#include "platform/imgui_glue.h"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace infercalc::platform::glue {
namespace {

// One keyboard event for ImGui: a key transition, or a typed character (key < 0).
struct InputEvent {
  int key, scancode, action, mods;
  unsigned codepoint;
};

struct State {
  Backend backend{};
  Callbacks callbacks;
  float font_scale = 0;  // scale the current font atlas was built for; 0 = none yet
  int frame = 0;
  // Dear ImGui 1.86 has no input queue: it samples io.KeysDown once per frame, so a key
  // pressed and released between two frames (a quick tap, a synthetic event, a slow
  // frame) would never be seen, and two Tabs would count as one. Keyboard events wait
  // here and go to ImGui in order, at most one transition per key per frame
  // (feed_input).
  std::deque<InputEvent> input;
  int hold_input_frames = 0;
  bool release_tab_next = false;     // a Tab press went out; ImGui sees it released next frame
  bool drop_real_tab_release = false;  // ... so the keyboard's own release, still to come, is dropped
  std::vector<std::string> pastes;  // for Callbacks::pasted, next frame
  int bench_left = 0;
  std::vector<double> bench_ms;
};

State& state() {
  static State s;
  return s;
}

// Before NewFrame: hands ImGui the waiting events in order, stopping at the first key
// that already changed this frame. A Tab is a single step, never a held key: ImGui sees
// its press for one frame and its release on the next, whenever the keyboard's own
// release arrives (that one is dropped). Otherwise a Tab whose release came a frame
// late (a synthetic key press split over two events, a busy main thread) stays down
// over slow frames (over 0.14 s each, as in software GL or a loaded phone), passes
// ImGui's key-repeat delay (io.KeyRepeatDelay, 0.275 s) and moves two fields. Holding
// Tab down still steps through the fields at the keyboard's own repeat rate (each
// repeat is a press). A Tab moves the keyboard to another field one frame later and
// that field takes text one frame after that, so what follows the release waits two
// frames (otherwise typed text would go nowhere).
void feed_input() {
  State& s = state();
  if (s.hold_input_frames > 0) {
    --s.hold_input_frames;
    return;
  }
  if (s.release_tab_next) {
    s.release_tab_next = false;
    s.backend.key(key::Tab, 0, kRelease, 0);
    s.drop_real_tab_release = true;
    s.hold_input_frames = 2;
    return;
  }
  bool changed[key::Last + 1] = {};
  while (!s.input.empty()) {
    const InputEvent e = s.input.front();
    if (e.key == key::Tab && e.action == kRelease && s.drop_real_tab_release) {
      s.drop_real_tab_release = false;
      s.input.pop_front();
      continue;
    }
    if (e.key < 0) {
      s.backend.character(e.codepoint);
    } else {
      if (e.key <= key::Last) {
        if (changed[e.key]) return;
        changed[e.key] = true;
      }
      const bool tab_press = e.key == key::Tab && e.action != kRelease;
      // The backends ignore a repeat (GLFW_REPEAT); a repeated Tab is one more step.
      s.backend.key(e.key, e.scancode, tab_press ? kPress : e.action, e.mods);
      if (tab_press) {
        s.input.pop_front();
        s.release_tab_next = true;
        return;
      }
    }
    s.input.pop_front();
  }
}

void deliver_pastes() {
  State& s = state();
  std::vector<std::string> pastes;
  std::swap(pastes, s.pastes);
  if (s.callbacks.pasted)
    for (const std::string& text : pastes) s.callbacks.pasted(text);
}

}  // namespace

void create_context(const Backend& backend) {
  state().backend = backend;
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is not saved: the link carries what matters
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
}

void set_callbacks(Callbacks callbacks) { state().callbacks = std::move(callbacks); }
const Callbacks& callbacks() { return state().callbacks; }

void queue_paste(std::string text) { state().pastes.push_back(std::move(text)); }

void queue_key(int key, int action, int mods, int scancode) { state().input.push_back({key, scancode, action, mods, 0}); }
void queue_char(unsigned codepoint) { state().input.push_back({-1, 0, 0, 0, codepoint}); }

void bench_start(int frames) {
  State& s = state();
  s.bench_left = frames;
  s.bench_ms.clear();
}

bool bench_running() { return state().bench_left > 0; }

std::string bench_json() {
  std::vector<double> ms = state().bench_ms;
  if (ms.empty()) return "{\"frames\":0}";
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double m : ms) sum += m;
  const std::size_t n = ms.size();
  const double median = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  char buf[200];
  std::snprintf(buf, sizeof buf, "{\"frames\":%zu,\"mean_ms\":%.3f,\"median_ms\":%.3f,\"p95_ms\":%.3f,\"max_ms\":%.3f}",
                n, sum / static_cast<double>(n), median, ms[std::min(n - 1, n * 95 / 100)], ms.back());
  return buf;
}

int render_frame(float scale, void (*after_new_frame)()) {
  State& s = state();
  if (scale != s.font_scale) {
    const bool had_texture = s.font_scale != 0;
    s.callbacks.load_fonts(scale);
    s.font_scale = scale;
    // The first NewFrame creates the texture itself; later changes must replace it.
    if (had_texture) {
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
  }
  feed_input();
  ImGui_ImplOpenGL3_NewFrame();
  s.backend.new_frame();
  if (after_new_frame) after_new_frame();
  ImGui::NewFrame();
  deliver_pastes();
  if (s.bench_left > 0) {
    if (s.callbacks.perturb) s.callbacks.perturb(s.frame);
    const auto t0 = std::chrono::steady_clock::now();
    s.callbacks.frame();
    ImGui::Render();
    s.bench_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    --s.bench_left;
  } else {
    s.callbacks.frame();
    ImGui::Render();
  }
  return s.frame++;
}

}  // namespace infercalc::platform::glue
