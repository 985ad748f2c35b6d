# Script mode: stamps the assembled site with its version. VERSION = the first 12 hex
# digits of the SHA-256 over every file a visit fetches (app.wasm, app.js, page.js,
# style.css, the icons, the manifest and the two templates), so any change makes a
# new version. Writes SITE/index.html and SITE/sw.js from the templates in SRC with
# @VERSION@ replaced: the page asks for "app.js?v=VERSION" etc. and the service worker
# caches them under "infercalc-VERSION" (web/sw.js).
#   cmake -DSRC=web -DSITE=build/web -P cmake/site_version.cmake
cmake_minimum_required(VERSION 3.20)
set(hashed "")
foreach(f app.wasm app.js page.js style.css favicon.svg manifest.webmanifest icon-192.png icon-512.png)
  if(EXISTS "${SITE}/${f}")
    file(SHA256 "${SITE}/${f}" h)
    string(APPEND hashed "${f}:${h}\n")
  endif()
endforeach()
foreach(f index.html sw.js)
  file(SHA256 "${SRC}/${f}" h)
  string(APPEND hashed "${f}:${h}\n")
endforeach()
string(SHA256 all "${hashed}")
string(SUBSTRING "${all}" 0 12 VERSION)
foreach(f index.html sw.js)
  file(READ "${SRC}/${f}" text)
  string(REPLACE "@VERSION@" "${VERSION}" text "${text}")
  file(WRITE "${SITE}/${f}.tmp" "${text}")
  file(COPY_FILE "${SITE}/${f}.tmp" "${SITE}/${f}" ONLY_IF_DIFFERENT)
  file(REMOVE "${SITE}/${f}.tmp")
endforeach()
file(WRITE "${SITE}/version.txt" "${VERSION}\n")
