#pragma once
// One study table (rows x columns of reproduced values beside the paper's) and its three renderings.
//
// Cell text (markdown; LaTeX uses the same parts with $\pm$ and ---):
//   one run:           "70.12 (paper 70.45, Δ -0.33)"
//   several runs:      "70.12 ± 1.03 [68.90, 71.20] n=3 (paper 70.45, Δ -0.33)"   sd, 95% bootstrap CI, run count
//   no run:            "— (paper 70.45)"          (never a made-up value)
//   no paper value:    the same without the parenthesis.
// Δ = reproduced mean - paper value. Numbers have `decimals` digits (2 for x100 metrics).
//
// CSV (long format, one line per cell, header line first):
//   table,row,column,n,mean,sd,ci_low,ci_high,paper,diff
// with empty fields for what is missing (n = 0 for a missing cell); fields quoted per RFC 4180 when needed.
#include <optional>
#include <string>
#include <vector>

#include "results/report/seed_summary.h"

namespace lnc::results {

struct ReportCell {
  std::optional<SeedSummary> ours;
  std::optional<double> paper;
};

struct ReportTable {
  std::string id;          // file stem, e.g. "table1"
  std::string title;       // e.g. "Table 1: task 3 MCC x100 by promoter length"
  std::string row_header;  // label of the first column
  std::vector<std::string> columns, rows;
  std::vector<std::vector<ReportCell>> cells;  // [row][column]
  std::string note;        // printed under the table (markdown, LaTeX caption)
  int decimals = 2;
  std::vector<int> column_decimals;  // per column; empty = `decimals` everywhere
  int decimals_of(std::size_t column) const {
    return column < column_decimals.size() ? column_decimals[column] : decimals;
  }
};

std::string format_cell_markdown(const ReportCell& cell, int decimals);
std::string render_markdown(const ReportTable& table);
std::string render_csv(const ReportTable& table);
std::string render_latex(const ReportTable& table);

}  // namespace lnc::results
