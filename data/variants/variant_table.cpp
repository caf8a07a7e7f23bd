#include "data/variants/variant_table.h"

#include <cmath>
#include <cstdio>
#include <fstream>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "base/line_reader.h"
#include <sstream>
#include "data/variants/variant_vcf_writer.h"

namespace lnc::data {
namespace {

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", v);
  return buffer;
}

}  // namespace

void write_variant_table(const std::string& path, const VariantPlan& plan, const std::vector<VariantEffect>& effects) {
  AtomicFile file(path);
  std::ofstream os(file.temp_path(), std::ios::binary);
  if (!os) throw InputError(path, 0, "", "cannot write");
  os << kVariantTableHeader << '\n';
  for (std::size_t i : output_order(plan)) {
    const VariantItem& item = plan.items[i];
    const VariantEffect& e = effects[i];
    os << item.chrom << '\t' << item.pos << '\t' << item.ref << '\t' << item.alt << '\t' << item.gene_id << '\t'
       << item.gene_name << '\t' << item.strand << '\t' << item.windows.offset << '\t' << number(e.p_ref) << '\t'
       << number(e.p_alt) << '\t' << number(e.dprob) << '\t' << number(e.dlogit) << '\n';
  }
  os.close();
  if (!os) throw InputError(path, 0, "", "write failed (disk full?)");
  file.commit();
}

std::vector<VariantTableRow> read_variant_table(const std::string& path) {
  LineReader reader(path);
  std::string line;
  if (!reader.next(line) || line != kVariantTableHeader)
    throw InputError(path, 1, "", std::string("not a score-variants table: the header must be ") + kVariantTableHeader);
  std::vector<VariantTableRow> rows;
  while (reader.next(line)) {
    const long at = reader.line_number();
    std::vector<std::string> f;
    {
      std::istringstream fields(line);
      for (std::string x; std::getline(fields, x, '\t');) f.push_back(x);
      if (!line.empty() && line.back() == '\t') f.emplace_back();
    }
    if (f.size() != 12) throw InputError(path, at, "", "expected 12 tab-separated columns, found " + std::to_string(f.size()));
    VariantTableRow row;
    try {
      std::size_t used = 0;
      auto integer = [&](const std::string& s) {
        const long long v = std::stoll(s, &used);
        if (used != s.size()) throw std::invalid_argument(s);
        return static_cast<std::int64_t>(v);
      };
      auto real = [&](const std::string& s) {
        const double v = std::stod(s, &used);
        if (used != s.size() || !std::isfinite(v)) throw std::invalid_argument(s);
        return v;
      };
      row.chrom = f[0];
      row.pos = integer(f[1]);
      row.ref = f[2];
      row.alt = f[3];
      row.gene = f[4];
      row.gene_name = f[5];
      if (f[6] != "+" && f[6] != "-") throw std::invalid_argument(f[6]);
      row.strand = f[6][0];
      row.offset = integer(f[7]);
      row.effect = {real(f[8]), real(f[9]), real(f[10]), real(f[11])};
    } catch (const std::exception&) {
      throw InputError(path, at, "", "malformed row (a number, or a strand other than + and -)");
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace lnc::data
