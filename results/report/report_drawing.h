#pragma once
// What the report's PNG figures share (cairo): colours, owned surfaces, text placement, number labels and the atomic
// PNG write. Used by importance_figures (Figure 2), training_curves
// and variant_effects_report.
#include <cairo.h>

#include <memory>
#include <string>

namespace lnc::results::drawing {

struct Rgb {
  double r, g, b;
};

using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using Context = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

// Black text centred at (x, y) vertically; align_x 0 = left, 0.5 = centre, 1 = right; `vertical` reads bottom-up.
void text(cairo_t* cr, const std::string& s, double x, double y, double size, double align_x = 0.5,
          bool vertical = false);
// `v` with `decimals` digits after the point.
std::string number(double v, int decimals);
// Writes the surface as PNG under a temporary name, then renames it; InputError naming the path on failure.
void save_png(cairo_surface_t* surface, const std::string& path);

}  // namespace lnc::results::drawing
