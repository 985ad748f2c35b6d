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
// - touch events turned into clicks at once (a tap is lost by ImGui 1.86): replaced by
//   touch.cpp's taps, drag scrolling and momentum, fed from the canvas's touch events;
// - no on-screen keyboard for a canvas: a DOM <input> over the tapped text field.
// Beyond GLFW: the URL fragment and history (replaceState / pushState), downloads as
// Blobs, preferences in localStorage, navigator.language, the frame benchmark hook.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/platform.h"
#include "platform/platform_glfw.h"
#include "platform/touch.h"

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

// Touch: the GLFW port turns touchstart / touchend into a mouse press and release at
// once, which ImGui 1.86 never sees; its listeners are replaced by ours, which feed
// touch.cpp one finger at a time and cancel on a second (a pinch neither zooms nor
// taps). preventDefault keeps the browser from scrolling, zooming and sending the
// compatibility mouse events; a real mouse moving hands the pointer back to it. Times
// are the events' own (when the finger moved), not when the handler ran.
// Keys typed into the text entry (below) go to that element, not to GLFW.
EM_JS(void, js_install_touch, (), {
  var c = Module.canvas;
  c.removeEventListener("touchmove", GLFW.onMousemove, true);
  c.removeEventListener("touchstart", GLFW.onMouseButtonDown, true);
  c.removeEventListener("touchcancel", GLFW.onMouseButtonUp, true);
  c.removeEventListener("touchend", GLFW.onMouseButtonUp, true);
  var finger = null;
  var at = function(t) {
    var r = c.getBoundingClientRect();
    var k = c.width / r.width;
    return [(t.clientX - r.left) * k, (t.clientY - r.top) * k];
  };
  var ours = function(e) {
    for (var i = 0; i < e.changedTouches.length; ++i)
      if (e.changedTouches[i].identifier === finger) return e.changedTouches[i];
    return null;
  };
  var opts = {passive: false};
  c.addEventListener("touchstart", function(e) {
    e.preventDefault();
    var entry = document.getElementById("text-entry");
    if (entry && document.activeElement === entry) entry.blur();
    if (e.touches.length > 1 || finger !== null) { finger = null; _infercalc_touch_cancel(); return; }
    var t = e.changedTouches[0];
    finger = t.identifier;
    var p = at(t);
    _infercalc_touch_start(p[0], p[1], e.timeStamp);
  }, opts);
  c.addEventListener("touchmove", function(e) {
    e.preventDefault();
    var t = ours(e);
    if (!t) return;
    var p = at(t);
    _infercalc_touch_move(p[0], p[1], e.timeStamp);
  }, opts);
  c.addEventListener("touchend", function(e) {
    e.preventDefault();
    var t = ours(e);
    if (!t) return;
    finger = null;
    var p = at(t);
    _infercalc_touch_end(p[0], p[1], e.timeStamp);
  }, opts);
  c.addEventListener("touchcancel", function() { finger = null; _infercalc_touch_cancel(); });
  c.addEventListener("mousemove", function() { _infercalc_mouse_used(); });
  document.addEventListener("gesturestart", function(e) { e.preventDefault(); });
  Module.placeTextEntry = function(x0, y0, x1, y1) {
    var el = document.getElementById("text-entry");
    if (!el) return;
    var r = c.getBoundingClientRect();
    var k = c.width / r.width;
    el.style.left = (r.left + x0 / k) + "px";
    el.style.top = (r.top + y0 / k) + "px";
    el.style.width = ((x1 - x0) / k) + "px";
    el.style.height = ((y1 - y0) / k) + "px";
  };
  [["keydown", GLFW.onKeydown], ["keypress", GLFW.onKeyPress], ["keyup", GLFW.onKeyup]].forEach(function(k) {
    window.removeEventListener(k[0], k[1], true);
    window.addEventListener(k[0], function(e) { if (!e.target || e.target.id !== "text-entry") k[1](e); }, true);
  });
});

EM_JS(int, js_coarse_pointer, (), {
  return window.matchMedia && window.matchMedia("(pointer: coarse)").matches ? 1 : 0;
});

// The text entry: one <input> (or <textarea> for a multi-line field) over the field
// the finger tapped, focused within the touch's own event so that every browser opens
// its keyboard. What it holds goes to the app on every change; Enter, Done or leaving
// it commits. Coordinates in framebuffer pixels, as the app draws.
EM_JS(void, js_open_text_entry, (int kind, float x0, float y0, float x1, float y1, float em, const char* text,
                                 const char* fg, const char* bg, const char* edge), {
  var multi = kind == 3;
  var el = document.getElementById("text-entry");
  if (el && el.tagName != (multi ? "TEXTAREA" : "INPUT")) { el.remove(); el = null; }
  if (!el) {
    el = document.createElement(multi ? "textarea" : "input");
    el.id = "text-entry";
    if (!multi) el.type = "text";
    el.setAttribute("autocomplete", "off");
    el.setAttribute("autocapitalize", "off");
    el.setAttribute("autocorrect", "off");
    el.spellcheck = false;
    el.addEventListener("input", function() { Module.ccall("infercalc_text_entry_input", null, ["string"], [el.value]); });
    el.addEventListener("keydown", function(e) {
      if (e.key === "Enter" && !multi) { e.preventDefault(); el.blur(); }
    });
    el.addEventListener("blur", function() {
      if (el.style.display == "none") return;
      el.style.display = "none";
      _infercalc_text_entry_done();
    });
    document.body.appendChild(el);
  }
  el.setAttribute("inputmode", ["text", "numeric", "decimal", "text"][kind]);
  el.setAttribute("enterkeyhint", multi ? "enter" : "done");
  el.setAttribute("aria-label", "Edit the field");
  el.value = UTF8ToString(text);
  el.style.color = UTF8ToString(fg);
  el.style.background = UTF8ToString(bg);
  el.style.borderColor = UTF8ToString(edge);
  var k = Module.canvas.width / Module.canvas.getBoundingClientRect().width;
  el.style.fontSize = Math.max(16, em / k) + "px";  // smaller text makes iOS zoom the page
  el.style.display = "block";
  Module.placeTextEntry(x0, y0, x1, y1);
  el.focus();
  if (!multi) el.select();
});

EM_JS(void, js_place_text_entry, (float x0, float y0, float x1, float y1), { Module.placeTextEntry(x0, y0, x1, y1); });

EM_JS(void, js_close_text_entry, (), {
  var el = document.getElementById("text-entry");
  if (!el || el.style.display == "none") return;
  el.style.display = "none";
  if (document.activeElement === el) el.blur();
  Module.canvas.focus();
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

// --- Text entry on touch screens ---------------------------------------------------

// A text field the app drew (platform::text_field): its box, and the part of it its
// window shows (what a finger can hit).
struct Field {
  std::string name;
  ImVec2 min, max;
  ImVec2 hit_min, hit_max;
  infercalc::platform::TextKind kind;
  std::string text;
  int order;      // its root window's place in ImGui's display order: higher is in front
  ImGuiID window;
};

// ImGui takes a tap in three frames; a field not active half a second after its tap
// never will be (the tap went elsewhere), and what was typed for it is dropped.
constexpr int kEntryWaitFrames = 30;

struct TextEntry {
  std::vector<Field> drawing;        // reported by the frame being drawn
  std::vector<Field> drawn;          // by the last complete frame: what taps hit
  std::string open;                  // the field the DOM element is over; empty = closed
  ImVec2 placed_min, placed_max;
  int open_frames = 0;
  bool seen_active = false;          // ImGui's field has had the keyboard since it opened
  std::optional<std::string> typed;  // the element's text, not yet given to ImGui
  bool commit = false;               // Enter, after `typed`
  int hold = 0;                      // frames between the text and the Enter
  int waiting_frames = 0;            // since `typed` or `commit` arrived
};

TextEntry& entry() {
  static TextEntry e;
  return e;
}

std::string css_color(ImGuiCol c) {
  const ImVec4 v = ImGui::GetStyle().Colors[c];
  char buf[64];
  std::snprintf(buf, sizeof buf, "rgb(%d,%d,%d)", static_cast<int>(v.x * 255), static_cast<int>(v.y * 255),
                static_cast<int>(v.z * 255));
  return buf;
}

void open_entry(const Field& f) {
  TextEntry& e = entry();
  e.open = f.name;
  e.placed_min = f.min;
  e.placed_max = f.max;
  e.open_frames = 0;
  e.seen_active = false;
  js_open_text_entry(static_cast<int>(f.kind), f.min.x, f.min.y, f.max.x, f.max.y, ImGui::GetFontSize(), f.text.c_str(),
                     css_color(ImGuiCol_Text).c_str(), css_color(ImGuiCol_FrameBg).c_str(),
                     css_color(ImGuiCol_NavHighlight).c_str());
}

void close_entry() {
  entry().open.clear();
  js_close_text_entry();
}

// The tapped field: the one under (x, y) in the frontmost window (a combo's search box
// over the fields its popup hides).
const Field* field_at(float x, float y) {
  const Field* hit = nullptr;
  for (const Field& f : entry().drawn)
    if (x >= f.hit_min.x && x < f.hit_max.x && y >= f.hit_min.y && y < f.hit_max.y && (!hit || f.order >= hit->order))
      hit = &f;
  return hit;
}

// Replaces the active ImGui field's text with `text`: Ctrl+A, then the characters
// (Delete when empty), as a keyboard would type them.
void type_into_imgui(const std::string& text) {
  namespace glfw = infercalc::platform::glfw;
  glfw::queue_key(GLFW_KEY_LEFT_CONTROL, GLFW_PRESS, GLFW_MOD_CONTROL);
  glfw::queue_key(GLFW_KEY_A, GLFW_PRESS, GLFW_MOD_CONTROL);
  glfw::queue_key(GLFW_KEY_A, GLFW_RELEASE, GLFW_MOD_CONTROL);
  glfw::queue_key(GLFW_KEY_LEFT_CONTROL, GLFW_RELEASE, 0);
  if (text.empty()) {
    glfw::queue_key(GLFW_KEY_DELETE, GLFW_PRESS, 0);
    glfw::queue_key(GLFW_KEY_DELETE, GLFW_RELEASE, 0);
  }
  const char* p = text.c_str();
  const char* end = p + text.size();
  while (p < end) {
    unsigned c = 0;
    const int n = ImTextCharFromUtf8(&c, p, end);
    if (n <= 0) break;
    p += n;
    if (c != '\r') glfw::queue_char(c);
  }
}

// After each frame: the element follows its field (or closes when the field is gone or
// lost the keyboard), and what was typed goes to ImGui once its field is active.
void sync_text_entry() {
  TextEntry& e = entry();
  std::swap(e.drawn, e.drawing);
  e.drawing.clear();
  const bool active = ImGui::GetIO().WantTextInput;
  if (e.typed || e.commit) {
    ++e.waiting_frames;
    if (active && e.typed) {
      type_into_imgui(*e.typed);
      e.typed.reset();
      e.hold = 2;
    } else if (active && e.commit) {
      if (--e.hold < 0) {
        namespace glfw = infercalc::platform::glfw;
        glfw::queue_key(GLFW_KEY_ENTER, GLFW_PRESS, 0);
        glfw::queue_key(GLFW_KEY_ENTER, GLFW_RELEASE, 0);
        e.commit = false;
      }
    } else if (e.waiting_frames > kEntryWaitFrames) {
      e.typed.reset();
      e.commit = false;
    }
  }
  if (e.open.empty()) return;
  const Field* f = nullptr;
  for (const Field& x : e.drawn)
    if (x.name == e.open) f = &x;
  ++e.open_frames;
  if (active) e.seen_active = true;
  const bool lost = e.seen_active ? !active && !e.typed && !e.commit : e.open_frames > kEntryWaitFrames;
  if (!f || lost) {
    close_entry();
    return;
  }
  // The on-screen keyboard shrinks the page (interactive-widget=resizes-content): the
  // field scrolls up to stay above it.
  const float margin = ImGui::GetFrameHeight() * 0.5f;
  const float below = f->max.y + margin - ImGui::GetIO().DisplaySize.y;
  if (below > 0) infercalc::platform::touch::scroll_content(f->window, below);
  if (f->min.x != e.placed_min.x || f->min.y != e.placed_min.y || f->max.x != e.placed_max.x ||
      f->max.y != e.placed_max.y) {
    e.placed_min = f->min;
    e.placed_max = f->max;
    js_place_text_entry(f->min.x, f->min.y, f->max.x, f->max.y);
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

// Physical pixels: the display is the backing store, one ImGui unit per pixel. Touch
// then overrides the pointer the GLFW backend read. A finger that moves less than
// 10 CSS px still taps (about Android's touch slop, ViewConfiguration: 8 dp).
void after_new_frame() {
  ImGui::GetIO().DisplayFramebufferScale = ImVec2(1, 1);
  infercalc::platform::touch::apply(emscripten_get_now(), 10 * infercalc::platform::pixel_scale());
}

void iterate() {
  js_sync_canvas_size();
  const bool benchmarking = infercalc::platform::glfw::bench_running();
  const int frame = infercalc::platform::glfw::render_frame(infercalc::platform::pixel_scale(), after_new_frame);
  static ImGuiMouseCursor cursor = ImGuiMouseCursor_COUNT;
  if (ImGui::GetMouseCursor() != cursor) {
    cursor = ImGui::GetMouseCursor();
    js_set_cursor(css_cursor(cursor));
  }
  sync_text_entry();
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
  js_install_touch();
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

bool coarse_pointer() { return js_coarse_pointer() != 0; }

void text_field(std::string_view name, float x0, float y0, float x1, float y1, TextKind kind, std::string_view text) {
  ImGuiContext& g = *GImGui;
  ImRect hit(x0, y0, x1, y1);
  hit.ClipWith(g.CurrentWindow->ClipRect);
  if (hit.Min.x > hit.Max.x || hit.Min.y > hit.Max.y) hit = ImRect(0, 0, 0, 0);
  ImGuiWindow* root = g.CurrentWindow->RootWindow;
  const int order = g.Windows.contains(root) ? g.Windows.index_from_ptr(g.Windows.find(root)) : 0;
  entry().drawing.push_back({std::string(name), ImVec2(x0, y0), ImVec2(x1, y1), hit.Min, hit.Max, kind,
                             std::string(text), order, g.CurrentWindow->ID});
}

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

// The canvas's touch events (js_install_touch), in framebuffer pixels. A tap on a text
// field opens the text entry over it, within the touch's event.
EMSCRIPTEN_KEEPALIVE void infercalc_touch_start(float x, float y, double t_ms) { infercalc::platform::touch::start(x, y, t_ms); }
EMSCRIPTEN_KEEPALIVE void infercalc_touch_move(float x, float y, double t_ms) { infercalc::platform::touch::move(x, y, t_ms); }
EMSCRIPTEN_KEEPALIVE void infercalc_touch_end(float x, float y, double t_ms) {
  if (!infercalc::platform::touch::end(x, y, t_ms)) return;
  if (const Field* f = field_at(x, y)) open_entry(*f);
}
EMSCRIPTEN_KEEPALIVE void infercalc_touch_cancel() { infercalc::platform::touch::cancel(); }
EMSCRIPTEN_KEEPALIVE void infercalc_mouse_used() { infercalc::platform::touch::mouse_used(); }

// The text entry's text changed / it was committed (Enter, Done, or left).
EMSCRIPTEN_KEEPALIVE void infercalc_text_entry_input(const char* text) {
  entry().typed = text ? text : "";
  entry().waiting_frames = 0;
}
EMSCRIPTEN_KEEPALIVE void infercalc_text_entry_done() {
  entry().open.clear();
  entry().commit = true;
  entry().waiting_frames = 0;
}

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
