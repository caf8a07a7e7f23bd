#include "results/motifs/sequence_logo.h"

#include <cairo.h>

#include <algorithm>
#include <array>
#include <memory>

#include "results/report/report_drawing.h"

namespace lnc::results::motifs {

namespace {

// A glyph scaled into the box [x, x + w] x [y, y + h] (y down), from its ink extents.
void glyph(cairo_t* cr, char base, double x, double y, double w, double h) {
  if (h < 0.5) return;
  static const double colours[4][3] = {{0.0, 0.6, 0.0}, {0.0, 0.0, 0.8}, {1.0, 0.65, 0.0}, {0.8, 0.0, 0.0}};
  const int b = base_index(base);
  cairo_save(cr);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, 100);
  const char text[2] = {base, '\0'};
  cairo_text_extents_t e;
  cairo_text_extents(cr, text, &e);
  cairo_translate(cr, x, y);
  cairo_scale(cr, w / std::max(e.width, 1.0), h / std::max(e.height, 1.0));
  cairo_move_to(cr, -e.x_bearing, -e.y_bearing);
  cairo_text_path(cr, text);
  cairo_set_source_rgb(cr, colours[b][0], colours[b][1], colours[b][2]);
  cairo_fill(cr);
  cairo_restore(cr);
}

void label(cairo_t* cr, const std::string& s, double x, double y, double size) {
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  cairo_move_to(cr, x - e.x_advance / 2, y);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_show_text(cr, s.c_str());
}

}  // namespace

void write_sequence_logo(const Pwm& pwm, const std::string& title, const std::string& png_path) {
  const double left = 50, right = 20, top = 30, bottom = 30;
  const int width = static_cast<int>(left + right) + kLogoColumnWidth * static_cast<int>(pwm.size());
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, kLogoHeight), &cairo_surface_destroy);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> context(cairo_create(surface.get()), &cairo_destroy);
  cairo_t* cr = context.get();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  const double plot_h = kLogoHeight - top - bottom, per_bit = plot_h / 2;
  label(cr, title, width / 2.0, 18, 13);
  // Axis: 0, 1, 2 bits.
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 1);
  cairo_move_to(cr, left - 5, top);
  cairo_line_to(cr, left - 5, top + plot_h);
  cairo_stroke(cr);
  for (int bits = 0; bits <= 2; ++bits) {
    const double y = top + plot_h - bits * per_bit;
    cairo_move_to(cr, left - 9, y);
    cairo_line_to(cr, left - 5, y);
    cairo_stroke(cr);
    label(cr, std::to_string(bits), left - 18, y + 4, 11);
  }
  label(cr, "bits", 14, top + plot_h / 2, 11);
  for (std::size_t c = 0; c < pwm.size(); ++c) {
    const auto& col = pwm.columns[c];
    const double ic = information_content(col);
    std::array<int, 4> order{0, 1, 2, 3};
    std::sort(order.begin(), order.end(), [&](int a, int b) { return col[a] < col[b]; });  // smallest at the bottom
    double y = top + plot_h;
    const double x = left + static_cast<double>(c) * kLogoColumnWidth + 2;
    for (int b : order) {
      const double h = col[static_cast<std::size_t>(b)] * ic * per_bit;
      glyph(cr, "ACGT"[b], x, y - h, kLogoColumnWidth - 4, h);
      y -= h;
    }
    label(cr, std::to_string(c + 1), x + (kLogoColumnWidth - 4) / 2.0, top + plot_h + 16, 10);
  }
  drawing::save_png(surface.get(), png_path);
}

}  // namespace lnc::results::motifs
