# Embeds the files of assets/ into the core at build time, as byte arrays with a
# name -> bytes lookup (src/core/assets.h). Regenerated whenever an asset changes.
set(INFERCALC_ASSETS
  gpus.csv
  models.json
  engines.json
  engine_versions.json
  efficiency.json
  calibration.csv
  k8s_gpu_labels.csv
  calibration_more.csv
)
string(REPLACE ";" "," ASSET_LIST "${INFERCALC_ASSETS}")
set(ASSET_CPP "${CMAKE_BINARY_DIR}/generated/embedded_assets.cpp")
set(ASSET_DEPS "")
foreach(a ${INFERCALC_ASSETS})
  list(APPEND ASSET_DEPS "${CMAKE_SOURCE_DIR}/assets/${a}")
endforeach()
add_custom_command(
  OUTPUT "${ASSET_CPP}"
  COMMAND ${CMAKE_COMMAND} -DOUT=${ASSET_CPP} -DDIR=${CMAKE_SOURCE_DIR}/assets
          "-DFILES=${ASSET_LIST}" -P ${CMAKE_SOURCE_DIR}/cmake/embed_assets_run.cmake
  DEPENDS ${ASSET_DEPS} ${CMAKE_SOURCE_DIR}/cmake/embed_assets_run.cmake
  COMMENT "Embedding assets"
  VERBATIM)
