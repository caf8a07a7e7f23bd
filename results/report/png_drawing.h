#pragma once
// Cairo helpers the report's figures share (importance_figures, variant_effects_report).
#include <cairo.h>

#include <string>

namespace lnc::results {

// `s` centred on (x, y) when align_x = 0.5 (0: starts at x, 1: ends at x); vertical: rotated 90 degrees.
void draw_text(cairo_t* cr, const std::string& s, double x, double y, double size, double align_x = 0.5,
               bool vertical = false);

// Writes the surface as a PNG under a temporary name, then renames it into place (InputError naming the path).
void save_png(cairo_surface_t* surface, const std::string& path);

}  // namespace lnc::results
