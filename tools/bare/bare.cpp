// A bare Dear ImGui page: GLFW (Emscripten's port), WebGL 2, ImGui's default font and
// one window. scripts/perf loads it beside the app to tell what infercalc itself adds
// to the time from navigation to the first drawn frame.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

namespace {

GLFWwindow* g_window = nullptr;
int g_frame = 0;

EM_JS(void, js_first_frame, (), {
  if (Module.onFirstFrame) Module.onFirstFrame();
});

void frame() {
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  ImGui::Begin("bare");
  ImGui::TextUnformatted("Dear ImGui 1.86, GLFW, WebGL 2");
  ImGui::End();
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(g_window, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(0.1f, 0.1f, 0.1f, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (g_frame++ == 0) js_first_frame();
}

}  // namespace

int main() {
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  g_window = glfwCreateWindow(1280, 800, "bare", nullptr, nullptr);
  if (!g_window) return 1;
  glfwMakeContextCurrent(g_window);
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::GetIO().Fonts->AddFontDefault();  // ProggyClean: ImGui is built without the implicit fallback (cmake/imgui.cmake)
  ImGui_ImplGlfw_InitForOpenGL(g_window, true);
  ImGui_ImplOpenGL3_Init(nullptr);
  emscripten_set_main_loop(frame, 0, 1);
  return 0;
}
