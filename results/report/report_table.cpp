#include "results/report/report_table.h"

#include <cstdio>
#include <sstream>
#include <utility>

namespace lnc::results {
namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string signed_fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.*f", decimals, v);
  return buf;
}

// The parts of a cell, shared by markdown and LaTeX.
struct CellParts {
  std::string value, spread, interval, count, paper, diff;
};

CellParts parts(const ReportCell& c, int d) {
  CellParts p;
  if (c.ours) {
    p.value = fixed(c.ours->mean, d);
    if (c.ours->sd) p.spread = fixed(*c.ours->sd, d);
    if (c.ours->ci_low) p.interval = "[" + fixed(*c.ours->ci_low, d) + ", " + fixed(*c.ours->ci_high, d) + "]";
    if (c.ours->n > 1) p.count = "n=" + std::to_string(c.ours->n);
  }
  if (c.paper) {
    p.paper = fixed(*c.paper, d);
    if (c.ours) p.diff = signed_fixed(c.ours->mean - *c.paper, d);
  }
  return p;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string latex_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '_' || c == '%' || c == '&' || c == '#' || c == '$') out += '\\';
    out += c;
  }
  // The notes' UTF-8 symbols, spelled so that pdflatex without extra packages accepts them.
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"±", "$\\pm$"}, {"—", "---"}, {"Δ", "$\\Delta$"}})
    for (std::size_t pos = out.find(from); pos != std::string::npos; pos = out.find(from, pos + to.size()))
      out.replace(pos, from.size(), to);
  return out;
}

std::string latex_cell(const ReportCell& c, int d) {
  const CellParts p = parts(c, d);
  std::string s = c.ours ? p.value : "---";
  if (!p.spread.empty()) s += " $\\pm$ " + p.spread;
  if (!p.interval.empty()) s += " {\\scriptsize " + p.interval + "}";
  if (!p.paper.empty()) {
    s += " (" + p.paper;
    if (!p.diff.empty()) s += "; $" + p.diff + "$";
    s += ")";
  }
  return s;
}

}  // namespace

std::string format_cell_markdown(const ReportCell& cell, int decimals) {
  const CellParts p = parts(cell, decimals);
  std::string s = cell.ours ? p.value : "—";
  if (!p.spread.empty()) s += " ± " + p.spread;
  if (!p.interval.empty()) s += " " + p.interval;
  if (!p.count.empty()) s += " " + p.count;
  if (!p.paper.empty()) s += " (paper " + p.paper + (p.diff.empty() ? "" : ", Δ " + p.diff) + ")";
  return s;
}

std::string render_markdown(const ReportTable& t) {
  std::ostringstream out;
  out << "### " << t.title << "\n\n| " << t.row_header;
  for (const auto& c : t.columns) out << " | " << c;
  out << " |\n|---";
  for (std::size_t i = 0; i < t.columns.size(); ++i) out << "|---";
  out << "|\n";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    out << "| " << t.rows[r];
    for (std::size_t c = 0; c < t.columns.size(); ++c) out << " | " << format_cell_markdown(t.cells[r][c], t.decimals_of(c));
    out << " |\n";
  }
  if (!t.note.empty()) out << "\n" << t.note << "\n";
  return out.str();
}

std::string render_csv(const ReportTable& t) {
  std::ostringstream out;
  out << "table,row,column,n,mean,sd,ci_low,ci_high,paper,diff\n";
  const int d = 6;  // CSV keeps more digits than the printed tables
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const ReportCell& cell = t.cells[r][c];
      out << csv_field(t.id) << ',' << csv_field(t.rows[r]) << ',' << csv_field(t.columns[c]) << ',';
      if (cell.ours) {
        out << cell.ours->n << ',' << fixed(cell.ours->mean, d) << ',';
        out << (cell.ours->sd ? fixed(*cell.ours->sd, d) : "") << ',';
        out << (cell.ours->ci_low ? fixed(*cell.ours->ci_low, d) : "") << ',';
        out << (cell.ours->ci_high ? fixed(*cell.ours->ci_high, d) : "") << ',';
      } else {
        out << "0,,,,,";
      }
      out << (cell.paper ? fixed(*cell.paper, d) : "") << ',';
      out << (cell.paper && cell.ours ? fixed(cell.ours->mean - *cell.paper, d) : "") << '\n';
    }
  return out.str();
}

std::string render_latex(const ReportTable& t) {
  std::ostringstream out;
  out << "% " << t.title << " (lnctrain report; cell: ours [+- sd, 95% bootstrap CI] (paper; difference))\n";
  out << "\\begin{table}[ht]\n\\centering\n\\begin{tabular}{l";
  for (std::size_t i = 0; i < t.columns.size(); ++i) out << 'c';
  out << "}\n\\hline\n" << latex_escape(t.row_header);
  for (const auto& c : t.columns) out << " & " << latex_escape(c);
  out << " \\\\\n\\hline\n";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    out << latex_escape(t.rows[r]);
    for (std::size_t c = 0; c < t.columns.size(); ++c) out << " & " << latex_cell(t.cells[r][c], t.decimals_of(c));
    out << " \\\\\n";
  }
  out << "\\hline\n\\end{tabular}\n\\caption{" << latex_escape(t.title);
  if (!t.note.empty()) out << ". " << latex_escape(t.note);
  out << "}\n\\label{tab:" << t.id << "}\n\\end{table}\n";
  return out.str();
}

}  // namespace lnc::results
