# Embeds the files of assets/ into the core at build time, LZMA-packed into one byte array
# with a name -> bytes lookup (src/core/assets.h, tools/embed_assets.py). Regenerated
# whenever an asset changes.
set(INFERCALC_ASSETS
  gpus.csv
  models.json
  engines.json
  engine_versions.json
  efficiency.json
  k8s_gpu_labels.csv
  # The calibration rows as the loader reads them (src/core/evidence.h); the published
  # files (calibration.csv, calibration_more.csv) are read from assets/ by the CLI and tests.
  evidence.csv
)
string(REPLACE ";" "," ASSET_LIST "${INFERCALC_ASSETS}")
set(ASSET_CPP "${CMAKE_BINARY_DIR}/generated/embedded_assets.cpp")
set(ASSET_DEPS "")
foreach(a ${INFERCALC_ASSETS})
  list(APPEND ASSET_DEPS "${CMAKE_SOURCE_DIR}/assets/${a}")
endforeach()
# tools/embed_assets.py packs them with Python's lzma module (standard library), decoded
# by src/core/lzma.cpp. Debian's python3 (a pyenv build may lack _lzma).
find_program(INFERCALC_EMBED_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
if(NOT INFERCALC_EMBED_PYTHON)
  find_program(INFERCALC_EMBED_PYTHON NAMES python3 REQUIRED)
endif()
execute_process(COMMAND ${INFERCALC_EMBED_PYTHON} -c "import lzma" RESULT_VARIABLE no_lzma OUTPUT_QUIET ERROR_QUIET)
if(no_lzma)
  message(FATAL_ERROR "${INFERCALC_EMBED_PYTHON} cannot import lzma (Python's standard library): install python3")
endif()
add_custom_command(
  OUTPUT "${ASSET_CPP}"
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/generated
  COMMAND ${INFERCALC_EMBED_PYTHON} ${CMAKE_SOURCE_DIR}/tools/embed_assets.py ${ASSET_CPP} ${CMAKE_SOURCE_DIR}/assets ${ASSET_LIST}
  DEPENDS ${ASSET_DEPS} ${CMAKE_SOURCE_DIR}/tools/embed_assets.py
  COMMENT "Embedding assets"
  VERBATIM)
