#pragma once
// Writing a cairo surface as a PNG file atomically (temporary name, then rename), for every figure of results/.
#include <cairo.h>

#include <string>

namespace lnc::results {

// Throws InputError naming the path when the PNG cannot be written.
void save_png(cairo_surface_t* surface, const std::string& path);

}  // namespace lnc::results
