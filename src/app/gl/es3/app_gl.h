// OpenGL ES 3.0 (WebGL 2), the web build's GL: see src/app/CMakeLists.txt.
#pragma once
#include <GLES3/gl3.h>
