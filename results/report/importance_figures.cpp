#include "results/report/importance_figures.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <stdexcept>

#include "base/input_error.h"
#include "data/genome/promoter_window.h"
#include "results/report/report_drawing.h"

namespace lnc::results {
namespace {

// ---- data: importances aligned on the TSS -------------------------------------------------------------------

struct AlignedRows {
  std::int64_t first_offset = 0, last_offset = 0;  // inclusive x range relative to the TSS
  std::vector<std::vector<double>> by_label[2];    // [label 0|1][sequence][column]; NaN = not covered
  double max_value = 0;
  std::size_t columns() const { return static_cast<std::size_t>(last_offset - first_offset + 1); }
  std::size_t drawn() const { return by_label[0].size() + by_label[1].size(); }
};

AlignedRows align(const std::vector<ImportanceRecord>& rows) {
  if (rows.empty()) throw std::invalid_argument("importance figure: no importance rows");
  AlignedRows a;
  a.first_offset = std::numeric_limits<std::int64_t>::max();
  a.last_offset = std::numeric_limits<std::int64_t>::min();
  for (const auto& r : rows) {
    const auto l = static_cast<std::int64_t>(r.scores.size());
    if (l == 0) continue;
    a.first_offset = std::min(a.first_offset, data::offset_from_tss(0, l));
    a.last_offset = std::max(a.last_offset, data::offset_from_tss(l - 1, l));
  }
  if (a.first_offset > a.last_offset) throw std::invalid_argument("importance figure: all rows are empty");
  for (const auto& r : rows) {
    if (r.label != 0 && r.label != 1) continue;  // the study's tasks are binary
    std::vector<double> line(a.columns(), std::nan(""));
    const auto l = static_cast<std::int64_t>(r.scores.size());
    for (std::int64_t p = 0; p < l; ++p) {
      const double v = r.scores[static_cast<std::size_t>(p)];
      line[static_cast<std::size_t>(data::offset_from_tss(p, l) - a.first_offset)] = v;
      a.max_value = std::max(a.max_value, v);
    }
    a.by_label[r.label].push_back(std::move(line));
  }
  return a;
}

// ---- drawing helpers ------------------------------------------------------------------------------------------

using namespace drawing;  // results/report/report_drawing.h


// Viridis sampled at 9 points, linearly interpolated.
Rgb viridis(double t) {
  static const Rgb stops[] = {{0.267, 0.005, 0.329}, {0.283, 0.141, 0.458}, {0.254, 0.265, 0.530},
                              {0.207, 0.372, 0.553}, {0.164, 0.471, 0.558}, {0.128, 0.567, 0.551},
                              {0.135, 0.659, 0.518}, {0.478, 0.821, 0.318}, {0.993, 0.906, 0.144}};
  t = std::clamp(t, 0.0, 1.0) * 8;
  const int i = std::min(static_cast<int>(t), 7);
  const double f = t - i;
  return {stops[i].r + f * (stops[i + 1].r - stops[i].r), stops[i].g + f * (stops[i + 1].g - stops[i].g),
          stops[i].b + f * (stops[i + 1].b - stops[i].b)};
}

using Context = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;


// A tick step giving at most ~8 ticks over `span` bp.
std::int64_t tick_step(std::int64_t span) {
  for (std::int64_t s : {10, 25, 50, 100, 250, 500, 1000})
    if (span / s <= 8) return s;
  return 2000;
}

// x ticks (relative to the TSS) under a plot area spanning columns first..last over [x0, x0 + w].
void x_axis(cairo_t* cr, const AlignedRows& a, double x0, double w, double y) {
  const std::int64_t step = tick_step(a.last_offset - a.first_offset);
  const double per_column = w / static_cast<double>(a.columns());
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 1);
  for (std::int64_t t = (a.first_offset / step) * step; t <= a.last_offset; t += step) {
    if (t < a.first_offset) continue;
    const double x = x0 + (static_cast<double>(t - a.first_offset) + 0.5) * per_column;
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x, y + 5);
    cairo_stroke(cr);
    text(cr, std::to_string(t), x, y + 14, 11);
  }
}

// One heatmap panel: rows x columns cells scaled into the rectangle, nearest-neighbour.
void heatmap_panel(cairo_t* cr, const std::vector<std::vector<double>>& rows, std::size_t columns, double vmax,
                   double x, double y, double w, double h) {
  cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
  if (rows.empty()) {
    text(cr, "no sequences", x + w / 2, y + h / 2, 14);
    return;
  }
  Surface cells(cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(columns), static_cast<int>(rows.size())),
                &cairo_surface_destroy);
  cairo_surface_flush(cells.get());
  unsigned char* data = cairo_image_surface_get_data(cells.get());
  const int stride = cairo_image_surface_get_stride(cells.get());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    auto* px = reinterpret_cast<std::uint32_t*>(data + r * static_cast<std::size_t>(stride));
    for (std::size_t c = 0; c < columns; ++c) {
      const double v = rows[r][c];
      const Rgb rgb = std::isnan(v) ? Rgb{0.85, 0.85, 0.85} : viridis(v / vmax);
      px[c] = (static_cast<std::uint32_t>(rgb.r * 255 + 0.5) << 16) | (static_cast<std::uint32_t>(rgb.g * 255 + 0.5) << 8) |
              static_cast<std::uint32_t>(rgb.b * 255 + 0.5);
    }
  }
  cairo_surface_mark_dirty(cells.get());
  cairo_save(cr);
  cairo_rectangle(cr, x, y, w, h);
  cairo_clip(cr);
  cairo_translate(cr, x, y);
  cairo_scale(cr, w / static_cast<double>(columns), h / static_cast<double>(rows.size()));
  cairo_set_source_surface(cr, cells.get(), 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
  cairo_paint(cr);
  cairo_restore(cr);
}

}  // namespace

std::size_t write_importance_heatmap(const std::vector<ImportanceRecord>& rows, const std::string& title,
                                     const std::string& png_path, const ImportanceGroups& groups) {
  const std::string* kLabelNames = groups.names;
  const AlignedRows a = align(rows);
  const double vmax = a.max_value > 0 ? a.max_value : 1.0;
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, kHeatmapWidth, kHeatmapHeight), &cairo_surface_destroy);
  Context cr(cairo_create(surface.get()), &cairo_destroy);
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  text(cr.get(), title, kHeatmapWidth / 2.0, 22, 16);

  const double top = 70, height = 540, width = 470, lefts[2] = {90, 600};
  const int panel_label[2] = {1, 0};  // highly expressed first, as in the paper
  for (int p = 0; p < 2; ++p) {
    const auto& group = a.by_label[panel_label[p]];
    heatmap_panel(cr.get(), group, a.columns(), vmax, lefts[p], top, width, height);
    text(cr.get(), kLabelNames[panel_label[p]] + ", n=" + std::to_string(group.size()),
         lefts[p] + width / 2, top - 16, 13);
    // TSS marker
    const double tss_x = lefts[p] + (static_cast<double>(-a.first_offset) + 0.5) * width / static_cast<double>(a.columns());
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_set_line_width(cr.get(), 1);
    const double dash[] = {4, 3};
    cairo_set_dash(cr.get(), dash, 2, 0);
    cairo_move_to(cr.get(), tss_x, top);
    cairo_line_to(cr.get(), tss_x, top + height);
    cairo_stroke(cr.get());
    cairo_set_dash(cr.get(), nullptr, 0, 0);
    x_axis(cr.get(), a, lefts[p], width, top + height);
    text(cr.get(), "position relative to TSS (bp)", lefts[p] + width / 2, top + height + 40, 13);
    text(cr.get(), "0", lefts[p] - 8, top + 6, 11, 1.0);
    text(cr.get(), std::to_string(group.size()), lefts[p] - 8, top + height - 6, 11, 1.0);
  }
  text(cr.get(), "sequence", 40, top + height / 2, 13, 0.5, /*vertical=*/true);

  // Colour bar
  const double bx = 1100, bw = 20;
  for (int i = 0; i < static_cast<int>(height); ++i) {
    const Rgb c = viridis(1.0 - i / height);
    cairo_set_source_rgb(cr.get(), c.r, c.g, c.b);
    cairo_rectangle(cr.get(), bx, top + i, bw, 1);
    cairo_fill(cr.get());
  }
  for (int i = 0; i <= 4; ++i) {
    const double v = vmax * i / 4.0, y = top + height - height * i / 4.0;
    cairo_set_source_rgb(cr.get(), 0, 0, 0);
    cairo_move_to(cr.get(), bx + bw, y);
    cairo_line_to(cr.get(), bx + bw + 4, y);
    cairo_stroke(cr.get());
    text(cr.get(), number(v, 3), bx + bw + 7, y, 10, 0.0);
  }
  text(cr.get(), "importance", bx + bw / 2, top - 16, 12);
  save_png(surface.get(), png_path);
  return a.drawn();
}

std::size_t write_importance_curve(const std::vector<ImportanceRecord>& rows, const std::string& title,
                                   const std::string& png_path, const ImportanceGroups& groups) {
  const std::string* kLabelNames = groups.names;
  const AlignedRows a = align(rows);
  std::vector<double> mean[2];
  double ymax = 0;
  for (int label = 0; label < 2; ++label) {
    mean[label].assign(a.columns(), std::nan(""));
    for (std::size_t c = 0; c < a.columns(); ++c) {
      double sum = 0;
      std::size_t n = 0;
      for (const auto& line : a.by_label[label])
        if (!std::isnan(line[c])) sum += line[c], ++n;
      if (n) {
        mean[label][c] = sum / static_cast<double>(n);
        ymax = std::max(ymax, mean[label][c]);
      }
    }
  }
  ymax = ymax > 0 ? ymax * 1.05 : 1.0;
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, kCurveWidth, kCurveHeight), &cairo_surface_destroy);
  Context cr(cairo_create(surface.get()), &cairo_destroy);
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  text(cr.get(), title, kCurveWidth / 2.0, 22, 15);
  const double x0 = 90, y0 = 50, w = 780, h = 370;
  cairo_set_source_rgb(cr.get(), 0, 0, 0);
  cairo_set_line_width(cr.get(), 1);
  cairo_rectangle(cr.get(), x0, y0, w, h);
  cairo_stroke(cr.get());
  x_axis(cr.get(), a, x0, w, y0 + h);
  text(cr.get(), "position relative to TSS (bp)", x0 + w / 2, y0 + h + 40, 13);
  text(cr.get(), "mean importance", 30, y0 + h / 2, 13, 0.5, /*vertical=*/true);
  for (int i = 0; i <= 4; ++i) {
    const double v = ymax * i / 4.0, y = y0 + h - h * i / 4.0;
    cairo_move_to(cr.get(), x0 - 5, y);
    cairo_line_to(cr.get(), x0, y);
    cairo_stroke(cr.get());
    text(cr.get(), number(v, 4), x0 - 8, y, 10, 1.0);
  }
  const Rgb colours[2] = {{0.13, 0.40, 0.75}, {0.84, 0.19, 0.15}};  // label 0 blue, label 1 red
  const double per_column = w / static_cast<double>(a.columns());
  for (int label = 0; label < 2; ++label) {
    cairo_set_source_rgb(cr.get(), colours[label].r, colours[label].g, colours[label].b);
    cairo_set_line_width(cr.get(), 1.5);
    bool drawing = false;
    for (std::size_t c = 0; c < a.columns(); ++c) {
      const double v = mean[label][c];
      if (std::isnan(v)) {
        drawing = false;
        continue;
      }
      const double x = x0 + (static_cast<double>(c) + 0.5) * per_column, y = y0 + h - h * v / ymax;
      if (drawing) cairo_line_to(cr.get(), x, y); else cairo_move_to(cr.get(), x, y);
      drawing = true;
    }
    cairo_stroke(cr.get());
    // Legend
    // Legend top left: attention peaks near the TSS, on the right.
    const double ly = y0 + 16 + 18 * (1 - label);
    cairo_move_to(cr.get(), x0 + 15, ly);
    cairo_line_to(cr.get(), x0 + 40, ly);
    cairo_stroke(cr.get());
    text(cr.get(), kLabelNames[label] + ", n=" + std::to_string(a.by_label[label].size()), x0 + 47, ly,
         11, 0.0);
  }
  save_png(surface.get(), png_path);
  return a.drawn();
}

}  // namespace lnc::results
