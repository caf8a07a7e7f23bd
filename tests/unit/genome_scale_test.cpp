// Timing at scale (disabled by default; run with --gtest_also_run_disabled_tests):
//   ./build/lnctrain_tests --gtest_also_run_disabled_tests --gtest_filter='IntegrationGenomeScale.*'
// Generates a 100 Mb genome (10 x 10 Mb; genes in the first 3 Mb of each chromosome, the rest a gene desert,
// as real genomes have), a 20,000-gene GTF with 1-3 transcripts per gene, and a 49-tissue GCT, then builds
// all four tasks at 300, 500, 1000 and 2000 bp and prints the wall time of each phase.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "data/genome/genome_datasets.h"
#include "base/atomic_file.h"
#include "tests/unit/genome_test_support.h"

namespace lnc::data {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

TEST(IntegrationGenomeScale, DISABLED_HundredMegabasesTwentyThousandGenes) {
  const std::string dir = genome_test::scratch_dir();
  const int chromosomes = 10, genes_per_chromosome = 2000, tissues = 49;
  const std::int64_t chrom_length = 10'000'000, gene_zone = 3'000'000;
  auto t0 = std::chrono::steady_clock::now();

  std::vector<genome_test::Chromosome> chroms;
  for (int c = 1; c <= chromosomes; ++c) chroms.push_back({"chr" + std::to_string(c), chrom_length, {{1, 10000}}});
  genome_test::write_random_fasta(dir + "/genome.fa", chroms, 1);

  DeterministicRng rng(2, "scale_annotation");
  std::ofstream gtf(dir + "/genes.gtf");
  std::ofstream gct(dir + "/tpm.gct");
  gct << "#1.2\n" << chromosomes * genes_per_chromosome << '\t' << tissues << "\nName\tDescription";
  for (int t = 0; t < tissues; ++t) gct << "\tTissue_" << t;
  gct << '\n';
  int gene_number = 0;
  for (int c = 1; c <= chromosomes; ++c) {
    for (int g = 0; g < genes_per_chromosome; ++g, ++gene_number) {
      const std::int64_t slot = gene_zone / genes_per_chromosome;
      const std::int64_t start = 20000 + g * slot + static_cast<std::int64_t>(rng.below(slot / 2));
      const std::int64_t end = start + 1000 + static_cast<std::int64_t>(rng.below(1500));
      const char strand = rng.below(2) ? '+' : '-';
      const std::uint64_t kind = rng.below(20);
      const char* biotype = kind < 10 ? "protein_coding" : kind < 17 ? "lncRNA" : "processed_pseudogene";
      char id[32];
      std::snprintf(id, sizeof id, "ENSG%011d", gene_number);
      const std::string attrs = std::string("gene_id \"") + id + "\"; gene_name \"GENE" + std::to_string(gene_number) +
                                "\"; gene_biotype \"" + biotype + "\";";
      gtf << "chr" << c << "\tsynthetic\tgene\t" << start << '\t' << end << "\t.\t" << strand << "\t.\t" << attrs << '\n';
      const int transcripts = 1 + static_cast<int>(rng.below(3));
      for (int t = 0; t < transcripts; ++t) {
        const std::int64_t shift = t == 0 ? 0 : static_cast<std::int64_t>(rng.below(200));
        const std::int64_t ts = strand == '+' ? start + shift : start, te = strand == '-' ? end - shift : end;
        gtf << "chr" << c << "\tsynthetic\ttranscript\t" << ts << '\t' << te << "\t.\t" << strand << "\t.\t" << attrs
            << " transcript_id \"" << id << "_T" << t << "\";" << (t == 0 ? " tag \"Ensembl_canonical\";" : " tag \"basic\";")
            << '\n';
      }
      const double level = std::exp(-3.0 + 9.0 * static_cast<double>(rng.below(1000000)) / 1e6);
      gct << id << '.' << 1 + rng.below(9) << "\tGENE" << gene_number;
      for (int t = 0; t < tissues; ++t) gct << '\t' << level * (0.5 + static_cast<double>(rng.below(1000)) / 1000.0);
      gct << '\n';
    }
  }
  gtf.close();
  gct.close();
  const double generate_s = seconds_since(t0);

  GenomeDatasetsConfig cfg = genome_test::parse_config_text(
      "[genome]\nfasta = \"" + dir + "/genome.fa\"\ngtf = \"" + dir + "/genes.gtf\"\ngct = \"" + dir +
      "/tpm.gct\"\nlengths = [300, 500, 1000, 2000]\nseed = 42\n");
  auto t1 = std::chrono::steady_clock::now();
  std::vector<BuiltDataset> built = build_genome_datasets(cfg, dir + "/out");
  const double build_s = seconds_since(t1);
  auto t2 = std::chrono::steady_clock::now();
  build_genome_datasets(cfg, dir + "/out_again");
  const double rebuild_s = seconds_since(t2);
  ASSERT_EQ(built.size(), 16u);
  for (const BuiltDataset& b : built)
    EXPECT_EQ(read_file(b.train_csv), read_file(dir + "/out_again/" + b.name + "/train.csv")) << b.name;
  std::printf("genome scale: generate %.1f s, build 4 tasks x 4 lengths %.1f s (rebuild %.1f s)\n", generate_s, build_s,
              rebuild_s);
  for (const BuiltDataset& b : built) {
    nlohmann::json m = nlohmann::json::parse(read_file(b.manifest));
    std::printf("  %-11s train %6lld dev %5lld test %5lld\n", b.name.c_str(),
                static_cast<long long>(m["counts"]["train"]["total"].get<std::int64_t>()),
                static_cast<long long>(m["counts"]["dev"]["total"].get<std::int64_t>()),
                static_cast<long long>(m["counts"]["test"]["total"].get<std::int64_t>()));
  }
}

}  // namespace
}  // namespace lnc::data
