#include "platform/platform_glfw.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <utility>
#include <vector>

namespace infercalc::platform::glfw {
namespace {

struct KeyEvent {
  int key, scancode, mods;
};

struct State {
  GLFWwindow* window = nullptr;
  Callbacks callbacks;
  float font_scale = 0;  // scale the current font atlas was built for; 0 = none yet
  int frame = 0;
  // Dear ImGui 1.86 samples io.KeysDown once per frame and has no input queue: a key
  // pressed and released between two frames (a quick tap, a synthetic event) would
  // never be seen. Such a release is held back until the press has been seen.
  bool pressed_since_frame[GLFW_KEY_LAST + 1] = {};
  std::vector<KeyEvent> held_releases;
};

State& state() {
  static State s;
  return s;
}

void key_callback(GLFWwindow* w, int key, int scancode, int action, int mods) {
  State& s = state();
  if (key >= 0 && key <= GLFW_KEY_LAST) {
    if (action == GLFW_PRESS) s.pressed_since_frame[key] = true;
    if (action == GLFW_RELEASE && s.pressed_since_frame[key]) {
      s.held_releases.push_back({key, scancode, mods});
      return;
    }
  }
  ImGui_ImplGlfw_KeyCallback(w, key, scancode, action, mods);
}

void release_held_keys() {
  State& s = state();
  for (bool& p : s.pressed_since_frame) p = false;
  std::vector<KeyEvent> held;
  std::swap(held, s.held_releases);
  for (const KeyEvent& k : held) ImGui_ImplGlfw_KeyCallback(s.window, k.key, k.scancode, GLFW_RELEASE, k.mods);
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
  glfwSetKeyCallback(s.window, key_callback);  // replaces the backend's, which it calls
  ImGui_ImplOpenGL3_Init(glsl_version);
  return s.window;
}

void set_callbacks(Callbacks callbacks) { state().callbacks = std::move(callbacks); }
const Callbacks& callbacks() { return state().callbacks; }
GLFWwindow* window() { return state().window; }

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
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  if (after_new_frame) after_new_frame();
  ImGui::NewFrame();
  release_held_keys();
  s.callbacks.frame();
  ImGui::Render();

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
