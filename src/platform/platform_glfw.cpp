#include "platform/platform_glfw.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace infercalc::platform::glfw {
namespace {

// One keyboard event for ImGui: a key transition, or a typed character (key < 0).
struct InputEvent {
  int key, scancode, action, mods;
  unsigned codepoint;
};

struct State {
  GLFWwindow* window = nullptr;
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
  bool ctrl_v_pastes = false;
  int bench_left = 0;
  std::vector<double> bench_ms;
};

State& state() {
  static State s;
  return s;
}

void key_callback(GLFWwindow* w, int key, int scancode, int action, int mods) {
  State& s = state();
  if (s.ctrl_v_pastes && key == GLFW_KEY_V && action == GLFW_PRESS && (mods & GLFW_MOD_CONTROL) &&
      !ImGui::GetIO().WantTextInput) {
    const char* text = glfwGetClipboardString(w);
    queue_paste(text ? text : "");
  }
  s.input.push_back({key, scancode, action, mods, 0});
}

void char_callback(GLFWwindow*, unsigned codepoint) { state().input.push_back({-1, 0, 0, 0, codepoint}); }

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
    ImGui_ImplGlfw_KeyCallback(s.window, GLFW_KEY_TAB, 0, GLFW_RELEASE, 0);
    s.drop_real_tab_release = true;
    s.hold_input_frames = 2;
    return;
  }
  bool changed[GLFW_KEY_LAST + 1] = {};
  while (!s.input.empty()) {
    const InputEvent e = s.input.front();
    if (e.key == GLFW_KEY_TAB && e.action == GLFW_RELEASE && s.drop_real_tab_release) {
      s.drop_real_tab_release = false;
      s.input.pop_front();
      continue;
    }
    if (e.key < 0) {
      ImGui_ImplGlfw_CharCallback(s.window, e.codepoint);
    } else {
      if (e.key <= GLFW_KEY_LAST) {
        if (changed[e.key]) return;
        changed[e.key] = true;
      }
      const bool tab_press = e.key == GLFW_KEY_TAB && e.action != GLFW_RELEASE;
      // The backend ignores GLFW_REPEAT; a repeated Tab is one more step.
      ImGui_ImplGlfw_KeyCallback(s.window, e.key, e.scancode, tab_press ? GLFW_PRESS : e.action, e.mods);
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

void error_callback(int code, const char* description) {
  std::fprintf(stderr, "infercalc: GLFW error %d: %s\n", code, description);
}

}  // namespace

GLFWwindow* create(const char* title, int width, int height, const char* glsl_version, bool core_profile) {
  State& s = state();
  glfwSetErrorCallback(error_callback);
  if (!glfwInit()) return nullptr;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, core_profile ? 3 : 0);
  if (core_profile) glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  s.window = glfwCreateWindow(width, height, title, nullptr, nullptr);
  if (!s.window) {
    glfwTerminate();
    return nullptr;
  }
  glfwMakeContextCurrent(s.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is not saved: the link carries what matters
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplGlfw_InitForOpenGL(s.window, true);
  glfwSetKeyCallback(s.window, key_callback);    // replace the backend's, which feed_input calls
  glfwSetCharCallback(s.window, char_callback);
  ImGui_ImplOpenGL3_Init(glsl_version);
  return s.window;
}

void set_callbacks(Callbacks callbacks) { state().callbacks = std::move(callbacks); }
const Callbacks& callbacks() { return state().callbacks; }
GLFWwindow* window() { return state().window; }

void queue_paste(std::string text) { state().pastes.push_back(std::move(text)); }
void set_ctrl_v_pastes(bool on) { state().ctrl_v_pastes = on; }

void queue_key(int key, int action, int mods) { state().input.push_back({key, 0, action, mods, 0}); }
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
  ImGui_ImplGlfw_NewFrame();
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

  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(s.window, &fb_w, &fb_h);
  glViewport(0, 0, fb_w, fb_h);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  return s.frame++;
}

void destroy() {
  State& s = state();
  if (!s.window) return;
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(s.window);
  glfwTerminate();
  s.window = nullptr;
}

}  // namespace infercalc::platform::glfw
