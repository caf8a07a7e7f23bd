#include "results/report/variant_effects_report.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>
#include <sstream>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "data/variants/variant_table.h"
#include "results/report/report_drawing.h"

namespace lnc::results {
namespace {

// Effects span orders of magnitude (a dprob of 3e-5 is common): 3 significant digits, not fixed decimals.
std::string significant(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

std::string top_table(const std::vector<data::VariantTableRow>& rows) {
  std::vector<std::size_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double da = std::abs(rows[a].effect.dprob), db = std::abs(rows[b].effect.dprob);
    if (da != db) return da > db;
    return std::abs(rows[a].effect.dlogit) > std::abs(rows[b].effect.dlogit);
  });
  std::ostringstream md;
  md << "| rank | variant | gene | strand | offset | p_ref | p_alt | dprob | dlogit |\n"
     << "|---:|---|---|:-:|---:|---:|---:|---:|---:|\n";
  for (std::size_t i = 0; i < order.size() && i < static_cast<std::size_t>(kTopVariants); ++i) {
    const auto& r = rows[order[i]];
    md << "| " << i + 1 << " | " << r.chrom << ':' << r.pos << ' ' << r.ref << '>' << r.alt << " | " << r.gene_name
       << " (" << r.gene << ") | " << r.strand << " | " << r.offset << " | " << drawing::number(r.effect.p_ref, 4)
       << " | " << drawing::number(r.effect.p_alt, 4) << " | " << significant(r.effect.dprob) << " | "
       << significant(r.effect.dlogit) << " |\n";
  }
  return md.str();
}

void effect_figure(const std::vector<data::VariantTableRow>& rows, const std::string& title, const std::string& png) {
  drawing::Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, kVariantFigureWidth, kVariantFigureHeight),
                           &cairo_surface_destroy);
  drawing::Context cr(cairo_create(surface.get()), &cairo_destroy);
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  std::int64_t lo = 0, hi = 0;
  double ymax = 1e-6;
  for (const auto& r : rows) {
    lo = std::min(lo, r.offset);
    hi = std::max(hi, r.offset);
    ymax = std::max(ymax, std::abs(r.effect.dprob));
  }
  ymax *= 1.1;
  const double x0 = 90, y0 = 50, w = kVariantFigureWidth - 130, h = kVariantFigureHeight - 120;
  auto px = [&](double offset) { return x0 + (offset - lo + 0.5) / static_cast<double>(hi - lo + 1) * w; };
  auto py = [&](double d) { return y0 + h / 2 - d / ymax * (h / 2); };
  cairo_set_source_rgb(cr.get(), 0, 0, 0);
  cairo_set_line_width(cr.get(), 1);
  cairo_rectangle(cr.get(), x0, y0, w, h);
  cairo_stroke(cr.get());
  cairo_move_to(cr.get(), x0, py(0));
  cairo_line_to(cr.get(), x0 + w, py(0));
  cairo_stroke(cr.get());
  const double dash[] = {4.0, 4.0};
  cairo_set_dash(cr.get(), dash, 2, 0);
  cairo_move_to(cr.get(), px(0), y0);
  cairo_line_to(cr.get(), px(0), y0 + h);
  cairo_stroke(cr.get());
  cairo_set_dash(cr.get(), nullptr, 0, 0);
  for (const auto& r : rows) {
    if (r.strand == '-')
      cairo_set_source_rgba(cr.get(), 0.90, 0.45, 0.05, 0.75);
    else
      cairo_set_source_rgba(cr.get(), 0.12, 0.40, 0.75, 0.75);
    cairo_arc(cr.get(), px(static_cast<double>(r.offset)), py(r.effect.dprob), 3.5, 0, 2 * M_PI);
    cairo_fill(cr.get());
  }
  drawing::text(cr.get(), title, kVariantFigureWidth / 2.0, 22, 15);
  drawing::text(cr.get(), std::to_string(lo), x0, y0 + h + 14, 11);
  drawing::text(cr.get(), "0 (TSS)", px(0), y0 + h + 14, 11);
  drawing::text(cr.get(), std::to_string(hi), x0 + w, y0 + h + 14, 11);
  drawing::text(cr.get(), "offset from the TSS on the gene's strand (bp)", x0 + w / 2, y0 + h + 40, 13);
  drawing::text(cr.get(), drawing::number(ymax, 3), x0 - 8, y0 + 6, 11, 1.0);
  drawing::text(cr.get(), "0", x0 - 8, py(0), 11, 1.0);
  drawing::text(cr.get(), drawing::number(-ymax, 3), x0 - 8, y0 + h - 6, 11, 1.0);
  drawing::text(cr.get(), "dprob (p_alt - p_ref)", 30, y0 + h / 2, 13, 0.5, /*vertical=*/true);
  drawing::text(cr.get(), "blue: + strand gene, orange: - strand gene", x0 + w, y0 - 12, 11, 1.0);
  drawing::save_png(surface.get(), png);
}

}  // namespace

void write_variant_report(const std::string& tsv_path, const std::string& out_dir, std::ostream& summary) {
  const auto rows = data::read_variant_table(tsv_path);
  make_directories(out_dir);
  const std::string table = top_table(rows);
  const std::string md = out_dir + "/variants_top.md", png = out_dir + "/variants_effect.png";
  write_file_atomic(md, "# Largest variant effects (" + tsv_path + ", " + std::to_string(rows.size()) +
                            " scored variant-gene pairs)\n\n" + table);
  effect_figure(rows, "variant effect by position (" + std::to_string(rows.size()) + " variant-gene pairs)", png);
  summary << "largest variant effects of " << tsv_path << ":\n" << table << "wrote " << md << "\nwrote " << png << "\n";
}

}  // namespace lnc::results
