# One Dear ImGui 1.86 library, from Debian's source package (scripts/fetch-imgui),
# compiled the same way for the web (WebGL2, no platform backend: the page feeds ImGui
# itself) and the desktop (system GLFW and imgui_impl_glfw, OpenGL 3.3). No warnings flags: it is third-party code.
if(NOT EXISTS "${IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui sources not found in ${IMGUI_DIR}: run scripts/fetch-imgui")
endif()
# ImGui 1.86's ImFontAtlas::Build() adds the embedded ProggyClean font when no font was
# added, so every program links its 11,980 bytes of base85 (8.7 KB of the page's gzip
# size) although the app always adds its own fonts first (src/app/fonts.cpp). Later
# ImGui versions have IMGUI_DISABLE_DEFAULT_FONT for this; 1.86 has not, so ImGui is
# built from a copy of imgui_draw.cpp whose Build() asserts a font instead. A program
# that wants ProggyClean calls AddFontDefault() itself (tools/bare does).
file(READ ${IMGUI_DIR}/imgui_draw.cpp imgui_draw_src)
set(imgui_default_font_fallback "    if (ConfigData.Size == 0)\n        AddFontDefault();")
string(FIND "${imgui_draw_src}" "${imgui_default_font_fallback}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${IMGUI_DIR}/imgui_draw.cpp: ImFontAtlas::Build() no longer has the default-font fallback cmake/imgui.cmake removes")
endif()
string(REPLACE "${imgui_default_font_fallback}"
  "    IM_ASSERT(ConfigData.Size > 0 && \"infercalc: add a font (or AddFontDefault()) before building the atlas\");"
  imgui_draw_src "${imgui_draw_src}")
set(IMGUI_DRAW_CPP ${CMAKE_BINARY_DIR}/generated/imgui/imgui_draw.cpp)
file(WRITE ${IMGUI_DRAW_CPP}.tmp "${imgui_draw_src}")
file(COPY_FILE ${IMGUI_DRAW_CPP}.tmp ${IMGUI_DRAW_CPP} ONLY_IF_DIFFERENT)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${IMGUI_DIR}/imgui_draw.cpp)
# imgui.cpp's CRC-32 table for ImHashData / ImHashStr (every widget ID) is 1 KB of
# constants that do not compress (the page is 904 bytes of gzip smaller without them,
# docs/perf.md): the copy built here computes the same 256 entries once at start-up
# (2,048 shift-and-xor steps; polynomial 0xEDB88320, the table's own: its entry 128).
file(READ ${IMGUI_DIR}/imgui.cpp imgui_src)
string(FIND "${imgui_src}" "static const ImU32 GCrc32LookupTable[256] =" crc_at)
if(crc_at EQUAL -1)
  message(FATAL_ERROR "${IMGUI_DIR}/imgui.cpp: no GCrc32LookupTable for cmake/imgui.cmake to replace")
endif()
string(SUBSTRING "${imgui_src}" ${crc_at} 6000 imgui_crc_table)
string(FIND "${imgui_crc_table}" "};" crc_end)
math(EXPR crc_end "${crc_end} + 2")
string(SUBSTRING "${imgui_crc_table}" 0 ${crc_end} imgui_crc_table)
string(REPLACE "${imgui_crc_table}"
  "// infercalc (cmake/imgui.cmake): the table computed at start-up rather than stored.
struct ImCrc32Table { ImU32 v[256]; ImCrc32Table() { for (ImU32 i = 0; i < 256; i++) { ImU32 c = i; for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1; v[i] = c; } } };
static const ImCrc32Table GCrc32Table;
#define GCrc32LookupTable GCrc32Table.v"
  imgui_src "${imgui_src}")
set(IMGUI_CPP ${CMAKE_BINARY_DIR}/generated/imgui/imgui.cpp)
file(WRITE ${IMGUI_CPP}.tmp "${imgui_src}")
file(COPY_FILE ${IMGUI_CPP}.tmp ${IMGUI_CPP} ONLY_IF_DIFFERENT)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${IMGUI_DIR}/imgui.cpp)
# The OpenGL 3 renderer draws on both; the GLFW platform backend is the desktop's only
# (the page reads the browser's events itself: src/platform/platform_web.cpp).
set(IMGUI_BACKENDS ${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
if(NOT EMSCRIPTEN)
  list(APPEND IMGUI_BACKENDS ${IMGUI_DIR}/backends/imgui_impl_glfw.cpp)
endif()
add_library(imgui STATIC
  ${IMGUI_CPP} ${IMGUI_DRAW_CPP} ${IMGUI_DIR}/imgui_tables.cpp
  ${IMGUI_DIR}/imgui_widgets.cpp ${IMGUI_BACKENDS})
target_include_directories(imgui SYSTEM PUBLIC ${IMGUI_DIR} ${IMGUI_DIR}/backends)
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_DISABLE_DEMO_WINDOWS)
# C++20 makes GCC warn about ImGui 1.86's enum arithmetic: not ours to fix.
target_compile_options(imgui PRIVATE -w)
if(EMSCRIPTEN)
  # The page opens no file through ImGui (its fonts come from memory, io.IniFilename is
  # null: src/platform/imgui_glue.cpp) and shows none of its metrics or ID-stack
  # tools, so neither is compiled in (docs/perf.md, "Download size").
  target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_FILE_FUNCTIONS IMGUI_DISABLE_METRICS_WINDOW)
  # ImGui's sscanf and atof calls (a number typed into InputScalar, a colour's hex code,
  # its settings handlers) go to a lean scanner on strtoull and the core's correctly
  # rounded parse_float / parse_double (src/core/parse_number.cpp, in infercalc_core)
  # instead of musl's sscanf (4.6 KB of wasm code) and strtod (__floatscan and 128-bit
  # long double arithmetic, about 13 KB): src/platform/imgui_sscanf.cpp, docs/perf.md.
  # Its sinf and cosf (arcs, the colour wheel: a few turns at most) go to a reduction by
  # pi/2 in double instead of musl's exact one for any float (__rem_pio2f: 2.8 KB of wasm
  # code with the kernels): src/platform/imgui_math.cpp, docs/perf.md.
  target_sources(imgui PRIVATE ${CMAKE_SOURCE_DIR}/src/platform/imgui_sscanf.cpp
                 ${CMAKE_SOURCE_DIR}/src/platform/imgui_math.cpp)
  target_link_libraries(imgui PRIVATE infercalc_core)
  target_compile_definitions(imgui PRIVATE sscanf=infercalc_imgui_sscanf atof=infercalc_imgui_atof
                             sinf=infercalc_imgui_sinf cosf=infercalc_imgui_cosf)
  # WebGL 2 only. No -sUSE_GLFW: Emscripten's GLFW port and the Browser library it
  # pulls in (6 KB of app.js's gzip) are replaced by html5.h and a few listeners of our
  # own (src/platform/platform_web.cpp, docs/perf.md "Sixth round").
  target_link_options(imgui PUBLIC -sMAX_WEBGL_VERSION=2 -sMIN_WEBGL_VERSION=2)
  # The font atlas (stb_truetype, in imgui_draw.cpp) is most of the page's start-up
  # work: -O2 outside LTO (whose code generation follows the link's -Oz) builds it in
  # about half the time for 2.5 KB of wasm (docs/perf.md).
  set_source_files_properties(${IMGUI_DRAW_CPP} PROPERTIES COMPILE_OPTIONS "-O2;-fno-lto")
else()
  find_package(OpenGL REQUIRED)
  target_link_libraries(imgui PUBLIC glfw OpenGL::GL ${CMAKE_DL_LIBS})
endif()
