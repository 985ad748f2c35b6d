// The web platform: Emscripten's GLFW port on a WebGL 2 canvas. The only file that
// knows Emscripten; every browser call is an EM_JS below. The page (web/page.js)
// provides Module.canvas and the Module.on* hooks used here, and calls the
// EMSCRIPTEN_KEEPALIVE functions at the end through window.infercalc.
//
// What the GLFW port of Emscripten 3.1.6 lacks, and what replaces it here:
// - no HiDPI: the canvas backing store is sized to CSS size x devicePixelRatio
//   every frame, so the app works in physical pixels (fonts rebuilt per ratio);
// - inverted, ~100x wheel deltas: the wheel is read with emscripten_set_wheel_callback;
// - empty clipboard stubs: navigator.clipboard for writes, the paste event for reads;
// - no cursors: the CSS cursor follows ImGui's.
// Beyond GLFW: the URL fragment and history (replaceState / pushState), downloads as
// Blobs, preferences in localStorage, navigator.language, the frame benchmark hook.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "platform/platform.h"
#include "platform/platform_glfw.h"

namespace {

// Sizes the canvas backing store to its CSS box x devicePixelRatio through the GLFW
// port's own resize path (Browser.setCanvasSize -> GLFW.onCanvasResize), so that
// glfwGetWindowSize and the mouse coordinates follow. glfwSetWindowSize is not used:
// it requests fullscreen when the size equals the screen's.
EM_JS(void, js_sync_canvas_size, (), {
  var c = Module.canvas;
  var r = c.getBoundingClientRect();
  var dpr = window.devicePixelRatio || 1;
  var w = Math.max(1, Math.round(r.width * dpr));
  var h = Math.max(1, Math.round(r.height * dpr));
  if (c.width != w || c.height != h) Browser.setCanvasSize(w, h);
});

EM_JS(char*, js_location_hash, (), {
  var s = location.hash;
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(void, js_set_hash, (const char* fragment, int push), {
  var f = UTF8ToString(fragment);
  if (location.hash == f) return;
  var url = f.length > 1 ? f : location.pathname + location.search;
  if (push) history.pushState(null, "", url);
  else history.replaceState(history.state, "", url);
});

EM_JS(char*, js_share_url, (const char* fragment), {
  var s = location.origin + location.pathname + location.search + UTF8ToString(fragment);
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

// The last text copied or pasted: browsers give no synchronous clipboard read, so
// ImGui's paste returns what the page's paste event delivered (or our own copy). A
// paste while no ImGui text field has the focus goes to the app (a pasted link).
EM_JS(void, js_install_clipboard, (), {
  Module.clipboardText = "";
  document.addEventListener("paste", function(e) {
    if (!e.clipboardData) return;
    var text = e.clipboardData.getData("text/plain");
    Module.clipboardText = text;
    if (!Module.ccall("infercalc_wants_text", "number", [], [])) Module.ccall("infercalc_pasted", null, ["string"], [text]);
  });
});

// navigator.clipboard.readText asks for permission and may be refused: then the app
// gets "" and tells the user to press Ctrl+V instead.
EM_JS(void, js_request_paste, (), {
  var deliver = function(text) { Module.ccall("infercalc_pasted", null, ["string"], [text]); };
  if (!navigator.clipboard || !navigator.clipboard.readText) { deliver(""); return; }
  navigator.clipboard.readText().then(deliver, function() { deliver(""); });
});

// A Blob behind a temporary <a download>: no request leaves the page.
EM_JS(void, js_download, (const char* name, const char* mime, const char* data, int size), {
  var bytes = HEAPU8.slice(data, data + size);
  var url = URL.createObjectURL(new Blob([bytes], {type: UTF8ToString(mime)}));
  var a = document.createElement("a");
  a.href = url;
  a.download = UTF8ToString(name);
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function() { URL.revokeObjectURL(url); }, 10000);
});

EM_JS(int, js_prefers_light, (), {
  return window.matchMedia && window.matchMedia("(prefers-color-scheme: light)").matches ? 1 : 0;
});

EM_JS(char*, js_system_language, (), {
  var s = navigator.language || "";
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

// localStorage throws where storage is disabled: preferences then last one visit.
EM_JS(char*, js_read_preferences, (), {
  var s = "";
  try { s = localStorage.getItem("infercalc.settings") || ""; } catch (e) {}
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(int, js_write_preferences, (const char* json), {
  try { localStorage.setItem("infercalc.settings", UTF8ToString(json)); return 1; } catch (e) { return 0; }
});

EM_JS(void, js_bench_done, (const char* json), {
  if (Module.onBenchDone) Module.onBenchDone(UTF8ToString(json));
});

EM_JS(void, js_clipboard_write, (const char* text), {
  var s = UTF8ToString(text);
  Module.clipboardText = s;
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(s).catch(function() {});
});

EM_JS(char*, js_clipboard_read, (), {
  var s = Module.clipboardText || "";
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(void, js_set_cursor, (const char* css), { Module.canvas.style.cursor = UTF8ToString(css); });

EM_JS(void, js_first_frame, (), {
  if (Module.onFirstFrame) Module.onFirstFrame();
});

EM_JS(void, js_announce, (const char* text), {
  if (Module.onAnnounce) Module.onAnnounce(UTF8ToString(text));
});

EM_JS(void, js_set_document_language, (const char* code), { document.documentElement.lang = UTF8ToString(code); });

EM_JS(void, js_fail, (const char* message), {
  if (Module.onFail) Module.onFail(UTF8ToString(message));
});

std::string take_js_string(char* p) {
  std::string s = p ? p : "";
  std::free(p);
  return s;
}

const char* css_cursor(ImGuiMouseCursor c) {
  switch (c) {
    case ImGuiMouseCursor_None: return "none";
    case ImGuiMouseCursor_TextInput: return "text";
    case ImGuiMouseCursor_ResizeAll: return "move";
    case ImGuiMouseCursor_ResizeNS: return "ns-resize";
    case ImGuiMouseCursor_ResizeEW: return "ew-resize";
    case ImGuiMouseCursor_ResizeNESW: return "nesw-resize";
    case ImGuiMouseCursor_ResizeNWSE: return "nwse-resize";
    case ImGuiMouseCursor_Hand: return "pointer";
    case ImGuiMouseCursor_NotAllowed: return "not-allowed";
    default: return "default";
  }
}

// Browser wheel deltas, converted to ImGui's units (1 = one notch of a wheel; positive
// = up/left): Chromium and Firefox report 100 px or 3 lines per notch.
EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
  double per_notch = 1;
  if (e->deltaMode == DOM_DELTA_PIXEL) per_notch = 100;
  if (e->deltaMode == DOM_DELTA_LINE) per_notch = 3;
  ImGuiIO& io = ImGui::GetIO();
  io.MouseWheel -= static_cast<float>(e->deltaY / per_notch);
  io.MouseWheelH -= static_cast<float>(e->deltaX / per_notch);
  return EM_TRUE;  // the page itself never scrolls
}

void set_clipboard_for_imgui(void*, const char* text) { infercalc::platform::set_clipboard(text); }

const char* clipboard_for_imgui(void*) {
  static std::string text;
  text = infercalc::platform::clipboard();
  return text.c_str();
}

// Physical pixels: the display is the backing store, one ImGui unit per pixel.
void after_new_frame() { ImGui::GetIO().DisplayFramebufferScale = ImVec2(1, 1); }

void iterate() {
  js_sync_canvas_size();
  const bool benchmarking = infercalc::platform::glfw::bench_running();
  const int frame = infercalc::platform::glfw::render_frame(infercalc::platform::pixel_scale(), after_new_frame);
  static ImGuiMouseCursor cursor = ImGuiMouseCursor_COUNT;
  if (ImGui::GetMouseCursor() != cursor) {
    cursor = ImGui::GetMouseCursor();
    js_set_cursor(css_cursor(cursor));
  }
  if (frame == 0) js_first_frame();
  if (benchmarking && !infercalc::platform::glfw::bench_running())
    js_bench_done(infercalc::platform::glfw::bench_json().c_str());
}

}  // namespace

namespace infercalc::platform {

bool init(int, char**, const char* title, int& exit_code) {
  if (!glfw::create(title, 1280, 800, nullptr, false)) {
    js_fail("WebGL 2 is not available in this browser.");
    exit_code = 1;
    return false;
  }
  ImGuiIO& io = ImGui::GetIO();
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;  // the CSS cursor is set here
  io.SetClipboardTextFn = set_clipboard_for_imgui;
  io.GetClipboardTextFn = clipboard_for_imgui;
  glfwSetScrollCallback(glfw::window(), nullptr);  // replaced by on_wheel
  emscripten_set_wheel_callback("#canvas", nullptr, EM_TRUE, on_wheel);
  js_install_clipboard();
  return true;
}

std::string initial_link() { return take_js_string(js_location_hash()); }

const Startup& startup() {
  static const Startup none;
  return none;
}

void set_exit_code(int) {}

int run(Callbacks callbacks) {
  glfw::set_callbacks(std::move(callbacks));
  iterate();  // the first frame now, not one animation frame later
  emscripten_set_main_loop(iterate, 0, EM_TRUE);
  return 0;
}

void shutdown() { glfw::destroy(); }

void set_link(const std::string& fragment, History how) { js_set_hash(fragment.c_str(), how == History::Push); }

std::string share_url(const std::string& fragment) { return take_js_string(js_share_url(fragment.c_str())); }

void set_clipboard(const std::string& text) { js_clipboard_write(text.c_str()); }

std::string clipboard() { return take_js_string(js_clipboard_read()); }

void request_paste() { js_request_paste(); }

float pixel_scale() { return static_cast<float>(emscripten_get_device_pixel_ratio()); }

void announce(const std::string& text) { js_announce(text.c_str()); }

void set_document_language(const std::string& code) { js_set_document_language(code.c_str()); }

std::string system_language() { return take_js_string(js_system_language()); }
bool system_prefers_light() { return js_prefers_light() != 0; }

std::string read_preferences() { return take_js_string(js_read_preferences()); }

std::optional<Error> write_preferences(const std::string& json) {
  if (js_write_preferences(json.c_str())) return std::nullopt;
  return Error{"settings", "the browser refused to store them (localStorage)"};
}

bool has_files() { return false; }

Expected<std::string> read_file(const std::string& path) { return Error{path, "no file system in the browser"}; }
bool has_file_system() { return false; }

std::optional<Error> write_file_atomic(const std::string& path, std::string_view) {
  return Error{path, "no file system in the browser"};
}

std::string default_directory() { return ""; }

bool download(const std::string& file_name, const std::string& mime_type, const std::string& content) {
  js_download(file_name.c_str(), mime_type.c_str(), content.data(), static_cast<int>(content.size()));
  return true;
}

}  // namespace infercalc::platform

// The page's window.infercalc (web/page.js) calls these. Strings returned stay valid
// until the next call of the same function.
extern "C" {

EMSCRIPTEN_KEEPALIVE const char* infercalc_link() {
  static std::string s;
  s = infercalc::platform::glfw::callbacks().link();
  return s.c_str();
}

// window.infercalc.setLink: a new history entry.
EMSCRIPTEN_KEEPALIVE void infercalc_set_link(const char* fragment) {
  infercalc::platform::glfw::callbacks().apply_link(fragment ? fragment : "", infercalc::platform::LinkSource::Request);
}

// popstate / hashchange: the URL already holds `fragment`.
EMSCRIPTEN_KEEPALIVE void infercalc_navigated(const char* fragment) {
  infercalc::platform::glfw::callbacks().apply_link(fragment ? fragment : "",
                                                     infercalc::platform::LinkSource::Navigation);
}

EMSCRIPTEN_KEEPALIVE void infercalc_pasted(const char* text) { infercalc::platform::glfw::queue_paste(text ? text : ""); }

EMSCRIPTEN_KEEPALIVE int infercalc_wants_text() { return ImGui::GetIO().WantTextInput ? 1 : 0; }

// window.infercalc.benchFrames(n): Module.onBenchDone gets glfw::bench_json() after n frames.
EMSCRIPTEN_KEEPALIVE void infercalc_bench_start(int frames) { infercalc::platform::glfw::bench_start(frames); }

EMSCRIPTEN_KEEPALIVE const char* infercalc_results() {
  static std::string s;
  s = infercalc::platform::glfw::callbacks().results();
  return s.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* infercalc_ui_rect(const char* name) {
  static std::string s;
  s = infercalc::platform::glfw::callbacks().ui_rect(name ? name : "");
  return s.c_str();
}

}  // extern "C"
