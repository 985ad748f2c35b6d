// OpenGL 3.3 core, the desktop build's GL: see src/app/CMakeLists.txt. The system's
// libGL exports the 3.3 entry points (Mesa, NVIDIA and macOS do), so no loader.
#pragma once
#define GL_GLEXT_PROTOTYPES 1
#include <GL/glcorearb.h>
