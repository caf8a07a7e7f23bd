#include "results/report/report_drawing.h"

#include <cmath>
#include <cstdio>

#include "base/atomic_file.h"
#include "base/input_error.h"

namespace lnc::results::drawing {

void text(cairo_t* cr, const std::string& s, double x, double y, double size, double align_x, bool vertical) {
  cairo_save(cr);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  cairo_translate(cr, x, y);
  if (vertical) cairo_rotate(cr, -M_PI / 2);
  cairo_move_to(cr, -align_x * e.x_advance, e.height / 2);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_show_text(cr, s.c_str());
  cairo_restore(cr);
}

std::string number(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void save_png(cairo_surface_t* surface, const std::string& path) {
  cairo_surface_flush(surface);
  AtomicFile out(path);
  if (cairo_surface_write_to_png(surface, out.temp_path().c_str()) != CAIRO_STATUS_SUCCESS)
    throw InputError(path, 0, "", "cannot write PNG");
  out.commit();
}

}  // namespace lnc::results::drawing
