#include "platform/platform_glfw.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>

#include "platform/imgui_glue.h"

namespace infercalc::platform::glfw {
namespace {

struct State {
  GLFWwindow* window = nullptr;
  bool ctrl_v_pastes = false;
};

State& state() {
  static State s;
  return s;
}

// GLFW's key numbers are the glue's (imgui_glue.h): its events go through unchanged.
void key_callback(GLFWwindow* w, int key, int scancode, int action, int mods) {
  State& s = state();
  if (s.ctrl_v_pastes && key == GLFW_KEY_V && action == GLFW_PRESS && (mods & GLFW_MOD_CONTROL) &&
      !ImGui::GetIO().WantTextInput) {
    const char* text = glfwGetClipboardString(w);
    glue::queue_paste(text ? text : "");
  }
  glue::queue_key(key, action, mods, scancode);
}

void char_callback(GLFWwindow*, unsigned codepoint) { glue::queue_char(codepoint); }

void imgui_key(int key, int scancode, int action, int mods) {
  ImGui_ImplGlfw_KeyCallback(state().window, key, scancode, action, mods);
}
void imgui_char(unsigned codepoint) { ImGui_ImplGlfw_CharCallback(state().window, codepoint); }

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

  glue::create_context({imgui_key, imgui_char, ImGui_ImplGlfw_NewFrame});
  ImGui_ImplGlfw_InitForOpenGL(s.window, true);
  glfwSetKeyCallback(s.window, key_callback);    // replace the backend's, which the glue's feed_input calls
  glfwSetCharCallback(s.window, char_callback);
  ImGui_ImplOpenGL3_Init(glsl_version);
  return s.window;
}

GLFWwindow* window() { return state().window; }

void set_ctrl_v_pastes(bool on) { state().ctrl_v_pastes = on; }

int render_frame(float scale) {
  const int frame = glue::render_frame(scale);
  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(state().window, &fb_w, &fb_h);
  glViewport(0, 0, fb_w, fb_h);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  return frame;
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
