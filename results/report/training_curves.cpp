#include "results/report/training_curves.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "results/report/report_drawing.h"
#include "results/store/results_store.h"
#include "results/store/training_curve_records.h"

namespace lnc::results {
namespace {

using namespace drawing;

struct Series {
  std::int64_t seed = 0;
  std::vector<std::pair<double, double>> points;  // (x, y), finite only
};

struct Panel {
  std::string title, x_label, y_label;
  std::vector<Series> series;
};

// Distinguishable line colours (Tableau 10), one per seed in order.
const Rgb kColours[] = {{0.12, 0.47, 0.71}, {1.00, 0.50, 0.05}, {0.17, 0.63, 0.17}, {0.84, 0.15, 0.16},
                        {0.58, 0.40, 0.74}, {0.55, 0.34, 0.29}, {0.89, 0.47, 0.76}, {0.50, 0.50, 0.50},
                        {0.74, 0.74, 0.13}, {0.09, 0.75, 0.81}};

void draw_panel(cairo_t* cr, const Panel& p, double x0, double y0, double w, double h) {
  double xmin = std::numeric_limits<double>::infinity(), xmax = -xmin, ymin = xmin, ymax = -xmin;
  for (const auto& s : p.series)
    for (const auto& [x, y] : s.points) {
      xmin = std::min(xmin, x), xmax = std::max(xmax, x);
      ymin = std::min(ymin, y), ymax = std::max(ymax, y);
    }
  text(cr, p.title, x0 + w / 2, y0 - 14, 13);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, x0, y0, w, h);
  cairo_stroke(cr);
  text(cr, p.x_label, x0 + w / 2, y0 + h + 38, 12);
  text(cr, p.y_label, x0 - 62, y0 + h / 2, 12, 0.5, /*vertical=*/true);
  if (!std::isfinite(xmin)) {
    text(cr, "no values", x0 + w / 2, y0 + h / 2, 13);
    return;
  }
  if (xmax == xmin) xmin -= 0.5, xmax += 0.5;
  const double pad = ymax > ymin ? 0.05 * (ymax - ymin) : 0.5;
  ymin -= pad, ymax += pad;
  auto px = [&](double x) { return x0 + w * (x - xmin) / (xmax - xmin); };
  auto py = [&](double y) { return y0 + h - h * (y - ymin) / (ymax - ymin); };
  for (int i = 0; i <= 4; ++i) {
    const double xv = xmin + (xmax - xmin) * i / 4.0, yv = ymin + (ymax - ymin) * i / 4.0;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, px(xv), y0 + h);
    cairo_line_to(cr, px(xv), y0 + h + 5);
    cairo_move_to(cr, x0 - 5, py(yv));
    cairo_line_to(cr, x0, py(yv));
    cairo_stroke(cr);
    text(cr, number(xv, xmax - xmin >= 8 ? 0 : 1), px(xv), y0 + h + 16, 10);
    text(cr, number(yv, 3), x0 - 8, py(yv), 10, 1.0);
  }
  for (std::size_t k = 0; k < p.series.size(); ++k) {
    const Rgb c = kColours[k % (sizeof kColours / sizeof kColours[0])];
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_set_line_width(cr, 1.5);
    const auto& pts = p.series[k].points;
    for (std::size_t i = 0; i < pts.size(); ++i) {
      if (i == 0) cairo_move_to(cr, px(pts[i].first), py(pts[i].second));
      else cairo_line_to(cr, px(pts[i].first), py(pts[i].second));
    }
    cairo_stroke(cr);
    for (const auto& [x, y] : pts) {  // markers: a curve of one point is still seen
      cairo_arc(cr, px(x), py(y), 2.5, 0, 2 * M_PI);
      cairo_fill(cr);
    }
    const double ly = y0 + 14 + 16 * static_cast<double>(k);
    cairo_move_to(cr, x0 + w - 95, ly);
    cairo_line_to(cr, x0 + w - 70, ly);
    cairo_stroke(cr);
    text(cr, "seed " + std::to_string(p.series[k].seed), x0 + w - 64, ly, 11, 0.0);
  }
}

}  // namespace

std::vector<CurveFigure> write_training_curves(const ResultsStore& store, const std::string& out_dir) {
  struct Point {
    std::string caption;
    std::vector<const RunRecord*> runs;
  };
  const auto runs = store.runs();
  std::vector<Point> points;
  std::map<std::string, std::size_t> index;
  for (const auto& r : runs) {
    if (r.status != "done") continue;
    const std::string key = r.task + ", " + std::to_string(r.length) + " bp, " + r.model + " (" + r.tokenizer +
                            (r.tokenizer == "kmer" ? " " + std::to_string(r.k) : "") + "), grid " + r.grid_name;
    auto [it, inserted] = index.emplace(key, points.size());
    if (inserted) points.push_back({key, {}});
    points[it->second].runs.push_back(&r);
  }
  std::vector<CurveFigure> out;
  for (const auto& point : points) {
    Panel loss{"train loss", "step", "loss", {}}, mcc{"dev MCC per epoch", "epoch", "MCC", {}};
    std::string seeds;
    for (const RunRecord* r : point.runs) {
      Series l{r->seed, {}}, m{r->seed, {}};
      for (const auto& c : read_training_curve(store, r->id))
        if (std::isfinite(c.train_loss)) l.points.emplace_back(static_cast<double>(c.step), c.train_loss);
      if (l.points.empty()) continue;  // lr_tfidf, or a run recorded before schema 7
      for (const auto& metric : store.metrics(r->id))
        if (metric.split == "dev" && metric.epoch && metric.name == "mcc")
          m.points.emplace_back(static_cast<double>(*metric.epoch + 1), metric.value);
      std::sort(m.points.begin(), m.points.end());
      loss.series.push_back(std::move(l));
      mcc.series.push_back(std::move(m));
      seeds += (seeds.empty() ? "" : ", ") + std::to_string(r->seed);
    }
    if (loss.series.empty()) continue;
    Surface surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, kCurvesWidth, kCurvesHeight), &cairo_surface_destroy);
    Context cr(cairo_create(surface.get()), &cairo_destroy);
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    text(cr.get(), "Training curves, " + point.caption, kCurvesWidth / 2.0, 18, 15);
    draw_panel(cr.get(), loss, 90, 70, 460, 360);
    draw_panel(cr.get(), mcc, 700, 70, 460, 360);
    CurveFigure f{"curves_" + std::to_string(out.size() + 1) + ".png", point.caption + ": seeds " + seeds};
    save_png(surface.get(), out_dir + "/" + f.file);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace lnc::results
