#include "results/tracks/bedgraph_tracks.h"

#include <hdf5.h>

#include <cstdio>
#include <map>
#include <sstream>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "base/line_reader.h"
#include "data/genome/promoter_window.h"
#include "data/token_store/hdf5_util.h"

namespace lnc::results::tracks {

namespace {

std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') { out.back() += '"'; ++i; }
      else if (c == '"') quoted = false;
      else out.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

}  // namespace

std::vector<GenomicRow> read_genomic_rows(const std::string& csv_path) {
  LineReader in(csv_path);
  std::string line;
  if (!in.next(line)) throw InputError(csv_path, 1, "", "empty CSV");
  const auto header = csv_fields(line);
  int chrom = -1, tss = -1, strand = -1;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "chrom") chrom = static_cast<int>(i);
    if (header[i] == "tss") tss = static_cast<int>(i);
    if (header[i] == "strand") strand = static_cast<int>(i);
  }
  if (chrom < 0 || tss < 0 || strand < 0)
    throw InputError(csv_path, 1, "chrom",
                     "no chrom, tss and strand columns: genome tracks need a dataset built from a genome");
  std::vector<GenomicRow> out;
  long n = 1;
  while (in.next(line)) {
    ++n;
    if (line.empty()) continue;
    const auto f = csv_fields(line);
    if (f.size() != header.size())
      throw InputError(csv_path, n, "", std::to_string(f.size()) + " fields, the header has " +
                                            std::to_string(header.size()));
    GenomicRow r;
    const auto& t = f[static_cast<std::size_t>(tss)];
    const auto& s = f[static_cast<std::size_t>(strand)];
    r.chrom = f[static_cast<std::size_t>(chrom)];
    if (!t.empty() && !r.chrom.empty() && (s == "+" || s == "-")) {
      char* end = nullptr;
      r.tss = std::strtoll(t.c_str(), &end, 10);
      if (*end != '\0' || r.tss <= 0) throw InputError(csv_path, n, "tss", "'" + t + "' is not a positive integer");
      r.strand = s[0];
      r.placed = true;
    }
    out.push_back(r);
  }
  return out;
}

std::string test_split_source(const std::string& token_file) {
  data::hdf5::silence_errors();
  const hid_t file = H5Fopen(token_file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) throw InputError(token_file, 0, "", "cannot open the token file");
  std::string source;
  const hid_t group = H5Gopen2(file, "test", H5P_DEFAULT);
  if (group >= 0) {
    if (data::hdf5::has_attribute(group, "source_file")) source = data::hdf5::read_string_attribute(group, "source_file", token_file);
    H5Gclose(group);
  }
  H5Fclose(file);
  if (source.empty()) throw InputError(token_file, 0, "test", "the test split records no source_file");
  return source;
}

TrackFiles write_bedgraph_tracks(const std::vector<ImportanceRecord>& rows, const std::vector<GenomicRow>& genome,
                                 const std::string& track_name, const std::string& out_dir, const std::string& stem) {
  // (chrom, 0-based start) -> sum, count; one map per strand.
  std::map<std::pair<std::string, std::int64_t>, std::pair<double, int>> strands[2];
  TrackFiles files;
  for (const auto& r : rows) {
    if (r.sample < 0 || static_cast<std::size_t>(r.sample) >= genome.size() ||
        !genome[static_cast<std::size_t>(r.sample)].placed) {
      ++files.skipped;
      continue;
    }
    const auto& g = genome[static_cast<std::size_t>(r.sample)];
    const auto l = static_cast<std::int64_t>(r.scores.size());
    for (std::int64_t p = 0; p < l; ++p) {
      const std::int64_t o = data::offset_from_tss(p, l);
      const std::int64_t position = g.strand == '+' ? g.tss + o : g.tss - o;
      if (position < 1) continue;
      auto& cell = strands[g.strand == '+' ? 0 : 1][{g.chrom, position - 1}];
      cell.first += r.scores[static_cast<std::size_t>(p)];
      cell.second += 1;
    }
    ++files.rows;
  }
  make_directories(out_dir);
  const char* names[2] = {"plus", "minus"};
  for (int s = 0; s < 2; ++s) {
    std::ostringstream out;
    out << "track type=bedGraph name=\"" << track_name << " (" << (s == 0 ? '+' : '-')
        << " strand genes)\" visibility=full autoScale=on\n";
    char value[64];
    for (const auto& [key, cell] : strands[s]) {
      std::snprintf(value, sizeof value, "%.6g", cell.first / cell.second);
      out << key.first << '\t' << key.second << '\t' << key.second + 1 << '\t' << value << '\n';
    }
    const std::string name = stem + "." + names[s] + ".bedGraph";
    write_file_atomic(out_dir + "/" + name, out.str());
    files.written.push_back(name);
  }
  return files;
}

}  // namespace lnc::results::tracks
