#pragma once
#include "tests/unit/test_paths.h"
// Shared by the genome_* tests: a seeded random genome FASTA covering an annotation, GCT writing, and a
// [genome] config parsed from TOML text (so tests go through the same validation as lnctrain prepare).
#include <ftw.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "data/random/deterministic_rng.h"
#include "config/genome_dataset_config.h"
#include "data/genome/gene_tss.h"
#include "data/genome/sequence_shuffle.h"
#include "config/toml_reader.h"

namespace lnc::data {
using config::GenomeDatasetsConfig;
}  // namespace lnc::data

namespace lnc::data::genome_test {

struct Chromosome {
  std::string name;
  std::int64_t length;
  std::vector<std::pair<std::int64_t, std::int64_t>> n_runs;  // 1-based inclusive ranges written as N
};

using test_paths::scratch_dir;

// Random A/C/G/T (a little soft-masked lowercase, as real assemblies) with N runs, 60 bases per line.
inline void write_random_fasta(const std::string& path, const std::vector<Chromosome>& chromosomes, std::uint64_t seed) {
  DeterministicRng rng(seed, "random_fasta");
  std::ofstream out(path, std::ios::binary);
  static const char bases[] = "ACGTacgt";
  std::string line;
  for (const Chromosome& c : chromosomes) {
    out << '>' << c.name << " synthetic\n";
    for (std::int64_t pos = 1; pos <= c.length; ++pos) {
      char b = bases[rng.below(4) + (rng.below(10) == 0 ? 4 : 0)];
      for (const auto& [s, e] : c.n_runs)
        if (pos >= s && pos <= e) b = 'N';
      line += b;
      if (line.size() == 60 || pos == c.length) {
        out << line << '\n';
        line.clear();
      }
    }
  }
}

struct GctRow {
  std::string id;
  std::vector<double> tpm;
};

inline void write_gct(const std::string& path, const std::vector<std::string>& tissues, const std::vector<GctRow>& rows) {
  std::ofstream out(path, std::ios::binary);
  out << "#1.2\n" << rows.size() << '\t' << tissues.size() << "\nName\tDescription";
  for (const auto& t : tissues) out << '\t' << t;
  out << '\n';
  for (const auto& r : rows) {
    out << r.id << "\tNAME_" << r.id;
    for (double v : r.tpm) out << '\t' << v;
    out << '\n';
  }
}

inline GenomeDatasetsConfig parse_config_text(const std::string& toml_text, const std::string& source = "test.toml") {
  toml::table root = config::parse_toml_string(toml_text, source);
  config::TomlReader top(root, source);
  config::TomlReader genome = top.table("genome");
  return parse_genome_config(genome);
}

inline std::string ensembl_gtf() { return test_paths::source("data/assets/annotation/ensembl_human.gtf.gz"); }
inline std::string gencode_gtf() { return test_paths::source("data/assets/annotation/gencode_human.gtf.gz"); }

// Covers the Ensembl excerpt (1:11869-1197935) with a realistic N run at the start of chromosome 1.
inline std::vector<Chromosome> excerpt_chromosomes(const std::string& name = "1") {
  return {{name, 1300000, {{1, 10000}}}, {"2", 200000, {}}};
}

}  // namespace lnc::data::genome_test
