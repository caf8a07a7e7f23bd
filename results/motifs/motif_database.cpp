#include "results/motifs/motif_database.h"

#include <sqlite3.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "base/input_error.h"
#include "base/line_reader.h"

namespace lnc::results::motifs {

namespace {

constexpr double kPseudocount = 0.8;

using Db = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;
using Stmt = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

Stmt prepare(sqlite3* db, const std::string& sql, const std::string& path, const std::string& table) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
    throw InputError(path, 0, table, std::string("not a JASPAR database: ") + sqlite3_errmsg(db));
  return Stmt(s, &sqlite3_finalize);
}

void require_columns(sqlite3* db, const std::string& path, const std::string& table,
                     const std::vector<std::string>& columns) {
  auto s = prepare(db, "SELECT name FROM pragma_table_info(?)", path, table);
  sqlite3_bind_text(s.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<std::string> have;
  while (sqlite3_step(s.get()) == SQLITE_ROW) have.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0)));
  if (have.empty()) throw InputError(path, 0, table, "not a JASPAR database: no table " + table);
  for (const auto& c : columns) {
    bool found = false;
    for (const auto& h : have) found = found || sqlite3_stricmp(h.c_str(), c.c_str()) == 0;
    if (!found) throw InputError(path, 0, table, "not a JASPAR database: table " + table + " has no column " + c);
  }
}

std::string text_column(sqlite3_stmt* s, int i) {
  const auto* t = sqlite3_column_text(s, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

// Counts in rows A, C, G, T -> columns; throws naming `where` on unequal rows.
Pwm counts_to_pwm(const std::array<std::vector<double>, 4>& rows, const std::string& file, long line,
                  const std::string& where) {
  const std::size_t w = rows[0].size();
  for (int b = 1; b < 4; ++b)
    if (rows[b].size() != w)
      throw InputError(file, line, where, "rows of unequal length (" + std::to_string(w) + " and " +
                                              std::to_string(rows[b].size()) + ")");
  if (w == 0) throw InputError(file, line, where, "matrix without columns");
  std::vector<Column> counts(w);
  for (std::size_t c = 0; c < w; ++c)
    for (int b = 0; b < 4; ++b) counts[c][b] = rows[b][c];
  return from_counts(counts, kPseudocount / 4);
}

double parse_number(const std::string& token, const std::string& file, long line, const std::string& where) {
  char* end = nullptr;
  const double v = std::strtod(token.c_str(), &end);
  if (token.empty() || *end != '\0' || !std::isfinite(v) || v < 0)
    throw InputError(file, line, where, "'" + token + "' is not a non-negative number");
  return v;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

std::vector<KnownMotif> read_jaspar_sqlite(const std::string& path) {
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    const std::string msg = raw ? sqlite3_errmsg(raw) : "cannot open";
    sqlite3_close(raw);
    throw InputError(path, 0, "", "cannot open the JASPAR database: " + msg);
  }
  Db db(raw, &sqlite3_close);
  require_columns(db.get(), path, "MATRIX", {"ID", "COLLECTION", "BASE_ID", "VERSION", "NAME"});
  require_columns(db.get(), path, "MATRIX_DATA", {"ID", "row", "col", "val"});
  require_columns(db.get(), path, "MATRIX_ANNOTATION", {"ID", "TAG", "VAL"});
  // CORE vertebrates, the latest version of each base id.
  auto m = prepare(db.get(),
                   "SELECT m.ID, m.BASE_ID, m.VERSION, m.NAME FROM MATRIX m WHERE m.COLLECTION='CORE' AND EXISTS("
                   "SELECT 1 FROM MATRIX_ANNOTATION a WHERE a.ID=m.ID AND a.TAG='tax_group' AND a.VAL='vertebrates') "
                   "AND m.VERSION=(SELECT MAX(n.VERSION) FROM MATRIX n WHERE n.BASE_ID=m.BASE_ID AND "
                   "n.COLLECTION='CORE') ORDER BY m.BASE_ID",
                   path, "MATRIX");
  std::vector<KnownMotif> out;
  std::vector<std::int64_t> ids;
  while (sqlite3_step(m.get()) == SQLITE_ROW) {
    ids.push_back(sqlite3_column_int64(m.get(), 0));
    out.push_back({text_column(m.get(), 1) + "." + text_column(m.get(), 2), text_column(m.get(), 3), {}});
  }
  auto d = prepare(db.get(), "SELECT row, col, val FROM MATRIX_DATA WHERE ID=? ORDER BY col", path, "MATRIX_DATA");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sqlite3_reset(d.get());
    sqlite3_bind_int64(d.get(), 1, ids[i]);
    std::map<std::int64_t, std::array<double, 4>> columns;
    std::map<std::int64_t, std::array<bool, 4>> seen;
    const std::string where = "MATRIX_DATA";
    const std::string matrix = "matrix " + out[i].id + " (ID " + std::to_string(ids[i]) + ")";
    while (sqlite3_step(d.get()) == SQLITE_ROW) {
      const std::string row = text_column(d.get(), 0);
      const int b = row.size() == 1 ? base_index(static_cast<char>(std::toupper(row[0]))) : -1;
      if (b < 0) throw InputError(path, 0, where, matrix + ": row '" + row + "' is not A, C, G or T");
      if (sqlite3_column_type(d.get(), 1) != SQLITE_INTEGER)
        throw InputError(path, 0, where, matrix + ": col is not an integer");
      const std::int64_t col = sqlite3_column_int64(d.get(), 1);
      const int type = sqlite3_column_type(d.get(), 2);
      if (type != SQLITE_INTEGER && type != SQLITE_FLOAT)
        throw InputError(path, 0, where, matrix + ": val of row " + row + " col " + std::to_string(col) +
                                             " is not a number");
      const double v = sqlite3_column_double(d.get(), 2);
      if (!std::isfinite(v) || v < 0)
        throw InputError(path, 0, where, matrix + ": val of row " + row + " col " + std::to_string(col) +
                                             " is negative or not finite");
      columns[col][static_cast<std::size_t>(b)] = v;
      seen[col][static_cast<std::size_t>(b)] = true;
    }
    if (columns.empty()) throw InputError(path, 0, where, matrix + ": no rows");
    std::array<std::vector<double>, 4> rows;
    std::int64_t expect = 1;
    for (const auto& [col, values] : columns) {
      if (col != expect)
        throw InputError(path, 0, where, matrix + ": columns are not 1.." + std::to_string(columns.size()) +
                                             " (col " + std::to_string(col) + ")");
      for (int b = 0; b < 4; ++b) {
        if (!seen[col][static_cast<std::size_t>(b)])
          throw InputError(path, 0, where, matrix + ": col " + std::to_string(col) + " has no row " + "ACGT"[b]);
        rows[static_cast<std::size_t>(b)].push_back(values[static_cast<std::size_t>(b)]);
      }
      ++expect;
    }
    out[i].pwm = counts_to_pwm(rows, path, 0, matrix);
  }
  if (out.empty()) throw InputError(path, 0, "MATRIX", "no CORE vertebrate matrix in the database");
  return out;
}

std::vector<KnownMotif> read_jaspar_text(const std::string& path) {
  LineReader in(path);
  std::vector<KnownMotif> out;
  std::string line;
  long n = 0, header_line = 0;
  std::array<std::vector<double>, 4> rows;
  int next_row = 4;  // rows read of the current motif
  auto finish = [&] {
    if (out.empty()) return;
    if (next_row != 4) throw InputError(path, n, out.back().id, "motif has " + std::to_string(next_row) + " rows, not 4");
    out.back().pwm = counts_to_pwm(rows, path, header_line, out.back().id);
  };
  while (in.next(line)) {
    ++n;
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (line[0] == '>') {
      finish();
      std::istringstream h(line.substr(1));
      KnownMotif m;
      h >> m.id;
      std::getline(h >> std::ws, m.name);
      if (m.id.empty()) throw InputError(path, n, "", "motif header without an id");
      out.push_back(m);
      rows = {};
      next_row = 0;
      header_line = n;
      continue;
    }
    if (out.empty()) throw InputError(path, n, "", "not a JASPAR motif file: expected '>ID NAME'");
    if (next_row >= 4) throw InputError(path, n, out.back().id, "more than four rows");
    std::string s = line;
    for (auto& c : s)
      if (c == '[' || c == ']') c = ' ';
    std::istringstream r(s);
    std::string token;
    r >> token;
    if (token.size() == 1 && base_index(static_cast<char>(std::toupper(token[0]))) >= 0) {
      if (base_index(static_cast<char>(std::toupper(token[0]))) != next_row)
        throw InputError(path, n, out.back().id, "row " + token + " where row " + "ACGT"[next_row] + " belongs");
      r >> token;
    }
    do rows[static_cast<std::size_t>(next_row)].push_back(parse_number(token, path, n, out.back().id));
    while (r >> token);
    ++next_row;
  }
  finish();
  if (out.empty()) throw InputError(path, 0, "", "no motif in the file");
  return out;
}

std::vector<KnownMotif> read_meme_text(const std::string& path) {
  LineReader in(path);
  std::vector<KnownMotif> out;
  std::string line;
  long n = 0;
  long width = -1;  // columns still to read of the current matrix
  while (in.next(line)) {
    ++n;
    if (starts_with(line, "MOTIF")) {
      if (width > 0) throw InputError(path, n, out.back().id, "matrix cut short");
      std::istringstream h(line.substr(5));
      KnownMotif m;
      h >> m.id;
      std::getline(h >> std::ws, m.name);
      if (m.id.empty()) throw InputError(path, n, "MOTIF", "motif without an id");
      out.push_back(m);
      width = -1;
      continue;
    }
    if (line.find("letter-probability matrix") != std::string::npos) {
      if (out.empty()) throw InputError(path, n, "", "matrix before any MOTIF line");
      const auto at = line.find("w=");
      if (at == std::string::npos) throw InputError(path, n, out.back().id, "letter-probability matrix without w=");
      width = std::strtol(line.c_str() + at + 2, nullptr, 10);
      if (width <= 0) throw InputError(path, n, out.back().id, "w= must be positive");
      continue;
    }
    if (width > 0) {
      std::istringstream r(line);
      Column c{};
      std::string token;
      for (int b = 0; b < 4; ++b) {
        if (!(r >> token)) throw InputError(path, n, out.back().id, "a matrix row needs four probabilities");
        c[static_cast<std::size_t>(b)] = parse_number(token, path, n, out.back().id);
      }
      double sum = c[0] + c[1] + c[2] + c[3];
      if (std::abs(sum - 1) > 0.02) throw InputError(path, n, out.back().id, "probabilities sum to " + std::to_string(sum));
      for (auto& v : c) v /= sum;
      out.back().pwm.columns.push_back(c);
      --width;
    }
  }
  if (width > 0) throw InputError(path, n, out.back().id, "matrix cut short");
  for (const auto& m : out)
    if (m.pwm.columns.empty()) throw InputError(path, 0, m.id, "MOTIF without a letter-probability matrix");
  if (out.empty()) throw InputError(path, 0, "", "no MOTIF in the file");
  return out;
}

std::vector<KnownMotif> read_motif_database(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw InputError(path, 0, "", "cannot open the motif database");
  std::string head(16, '\0');
  f.read(head.data(), 16);
  head.resize(static_cast<std::size_t>(f.gcount()));
  if (head == std::string("SQLite format 3\0", 16)) return read_jaspar_sqlite(path);
  f.clear();
  f.seekg(0);
  std::string line;
  while (std::getline(f, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (starts_with(line, "MEME version")) return read_meme_text(path);
    if (line[0] == '>') return read_jaspar_text(path);
    break;
  }
  throw InputError(path, 1, "", "not a motif database: expected a JASPAR SQLite file, a JASPAR motif file ('>ID NAME') "
                                "or a MEME motif file ('MEME version 4')");
}

std::string default_jaspar_database() {
  if (const char* env = std::getenv("LNC_JASPAR_DB"); env && *env) return env;
  std::string out;
  if (FILE* p = popen("python3 -c 'import os, pyjaspar; print(os.path.join(os.path.dirname(pyjaspar.__file__), "
                      "\"data\", \"JASPAR2024.sqlite\"))' 2>/dev/null",
                      "r")) {
    char buf[4096];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return !out.empty() && std::filesystem::exists(out) ? out : std::string();
}

}  // namespace lnc::results::motifs
