#include "data/genome/gtex_gct.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <unordered_set>

#include "data/genome/gtf_annotation.h"
#include "base/input_error.h"
#include "base/line_reader.h"
#include "base/split_fields.h"

namespace lnc::data {
namespace {

long parse_count(const std::string& text, const LineReader& in, const char* what) {
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v < 0)
    throw InputError(in.path(), in.line_number(), "", std::string("GCT dimensions: ") + what + " '" + text +
                                                          "' is not a non-negative integer");
  return v;
}

}  // namespace

GtexGct GtexGct::read(const std::string& path) {
  GtexGct gct;
  gct.path = path;
  LineReader in(path);
  std::string line;
  if (!in.next(line) || line.rfind("#1.2", 0) != 0)
    throw InputError(path, 1, "", "not a GCT 1.2 file: the first line must be '#1.2'");
  if (!in.next(line)) throw InputError(path, 2, "", "GCT ends before its dimensions line");
  std::vector<std::string> dims = split_tabs(line);
  if (dims.size() < 2) throw InputError(path, 2, "", "GCT dimensions line must be '<rows>\\t<columns>'");
  const long rows = parse_count(dims[0], in, "rows");
  const long columns = parse_count(dims[1], in, "columns");
  if (!in.next(line)) throw InputError(path, 3, "", "GCT ends before its header line");
  std::vector<std::string> header = split_tabs(line);
  if (header.size() < 2 || header[0] != "Name" || header[1] != "Description")
    throw InputError(path, 3, "", "GCT header must start with 'Name\\tDescription'");
  if (static_cast<long>(header.size()) - 2 != columns)
    throw InputError(path, 3, "", "GCT header names " + std::to_string(header.size() - 2) +
                                      " tissues but the dimensions line says " + std::to_string(columns));
  if (columns == 0) throw InputError(path, 3, "", "GCT has no tissue columns");
  gct.tissues.assign(header.begin() + 2, header.end());

  std::unordered_set<std::string> seen;
  while (in.next(line)) {
    if (line.empty()) continue;
    std::vector<std::string> f = split_tabs(line);
    if (static_cast<long>(f.size()) != columns + 2)
      throw InputError(path, in.line_number(), "", "GCT row has " + std::to_string(f.size()) + " fields, expected " +
                                                       std::to_string(columns + 2));
    GctGene gene;
    gene.id = strip_gene_version(f[0]);
    gene.description = f[1];
    gene.line = in.line_number();
    if (gene.id.empty()) throw InputError(path, in.line_number(), "", "GCT row without a gene id");
    if (!seen.insert(gene.id).second)
      throw InputError(path, in.line_number(), "", "GCT gene '" + gene.id + "' repeats (after version stripping)");
    gene.tpm.reserve(static_cast<std::size_t>(columns));
    for (long c = 0; c < columns; ++c) {
      const std::string& cell = f[static_cast<std::size_t>(c) + 2];
      char* end = nullptr;
      double v = std::strtod(cell.c_str(), &end);
      if (cell.empty() || *end != '\0' || !std::isfinite(v) || v < 0)
        throw InputError(path, in.line_number(), gct.tissues[static_cast<std::size_t>(c)],
                         "TPM '" + cell + "' is not a non-negative number");
      gene.tpm.push_back(v);
    }
    gct.genes.push_back(std::move(gene));
  }
  if (static_cast<long>(gct.genes.size()) != rows)
    throw InputError(path, 2, "", "GCT dimensions line says " + std::to_string(rows) + " rows but the file has " +
                                      std::to_string(gct.genes.size()));
  return gct;
}

}  // namespace lnc::data
