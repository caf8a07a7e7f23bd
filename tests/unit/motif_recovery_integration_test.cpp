// Motif recovery end to end: positives carry JASPAR's CTCF (MA0139, sampled from its own matrix) at a fixed place
// of a 64-base window, negatives are random DNA. A tiny BERT trained on it under mpirun (a group of 2, so each rank
// mutates half the test rows) stores ISM importances, and `lnctrain motifs` under mpirun (each rank matching a
// slice of JASPAR 2024 CORE vertebrates) must find a motif whose best three matches hold MA0139 and whose mean
// offset from the TSS is within 5 bp of the planted one.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "base/split_fields.h"
#include "results/motifs/motif_database.h"
#include "results/store/results_store.h"
#include "tests/unit/grid_test_support.h"

namespace lnc {
namespace {

using namespace test_paths;

constexpr int kLength = 64, kPlanted = 20;  // TSS at base 13: the motif starts at offset +7

void write_motif_csv(const std::string& path, int rows, unsigned seed, const results::motifs::Pwm& pwm) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::ofstream out(path);
  out << "sequence,label\n";
  for (int i = 0; i < rows; ++i) {
    std::string s(kLength, 'A');
    for (auto& c : s) c = "ACGT"[rng() % 4];
    const int label = (rng() % 2) ? 1 : 0;
    if (label)
      for (std::size_t p = 0; p < pwm.size(); ++p) {
        double r = u(rng);
        int b = 0;
        while (b < 3 && r >= pwm.columns[p][static_cast<std::size_t>(b)]) r -= pwm.columns[p][static_cast<std::size_t>(b++)];
        s[static_cast<std::size_t>(kPlanted) + p] = "ACGT"[b];
      }
    out << s << "," << label << "\n";
  }
}

std::vector<std::vector<std::string>> read_tsv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) rows.push_back(split_tabs(line));
  return rows;
}

TEST(IntegrationMotifRecovery, IsmAndMotifsFindThePlantedJasparMotif) {
  const std::string db = results::motifs::default_jaspar_database();
  ASSERT_FALSE(db.empty()) << "JASPAR 2024 not found: .ci/setup.sh installs pyjaspar";
  const auto jaspar = results::motifs::read_jaspar_sqlite(db);
  const results::motifs::KnownMotif* ctcf = nullptr;
  for (const auto& m : jaspar)
    if (m.id.rfind("MA0139.", 0) == 0) ctcf = &m;
  ASSERT_NE(ctcf, nullptr);

  const std::string dir = scratch_dir();
  write_motif_csv(dir + "/train.csv", 600, 1, ctcf->pwm);
  write_motif_csv(dir + "/test.csv", 120, 2, ctcf->pwm);
  const std::string vocab = source("data/assets/dnabert_vocab/3/vocab.txt");
  std::ofstream(dir + "/dataset.toml") << "[dataset]\nname = \"ctcf\"\noutput_dir = \"" << dir << "/tokens\"\n"
                                       << "[csv]\ntrain = \"" << dir << "/train.csv\"\ntest = \"" << dir
                                       << "/test.csv\"\ndev_fraction = 0.1\nsplit_seed = 42\n"
                                       << "[[tokenizers]]\nkind = \"kmer\"\nk = 3\nvocab = \"" << vocab << "\"\n";
  auto prep = run_command(lnctrain("prepare --config " + dir + "/dataset.toml"));
  ASSERT_EQ(prep.exit_code, 0) << prep.output;
  const std::string store_path = dir + "/m.sqlite";
  std::ofstream(dir + "/m.toml") << "[job]\nstore = \"" << store_path << "\"\noutput_dir = \"" << dir << "/runs\"\n"
                                 << "[parallelism]\ngroup_size = 2\n"
                                 << "[data]\ntask = \"ctcf\"\nlength = 64\ntokens = \"" << dir
                                 << "/tokens/ctcf.kmer3.h5\"\n"
                                 << "[model]\nfamily = \"bert\"\npreset = \"tiny\"\nhidden_dropout = 0.0\n"
                                 << "attention_dropout = 0.0\n[optimizer]\nlr = 2e-3\n[lr_scheduler]\nwarmup_steps = 10\n"
                                 << "[training]\nepochs = 4\nglobal_batch_size = 16\neval_batch_size = 64\n"
                                 << "threads_per_rank = 1\n[evaluation]\nimportance_methods = [\"ism\"]\n"
                                 << "importance_max_sequences = 0\nism_tokenizer = \"" << vocab << "\"\n";
  auto train = run_command(mpirun(2) + lnctrain("--grid " + dir + "/m.toml"));
  ASSERT_EQ(train.exit_code, 0) << train.output;
  EXPECT_NE(train.output.find("ism importance: 120 test rows"), std::string::npos) << train.output;
  {
    results::ResultsStore store(store_path, true);
    ASSERT_EQ(store.runs().size(), 1u);
    EXPECT_EQ(store.importance(1, "test", "ism").size(), 120u);
    EXPECT_EQ(store.importance(1, "test", "ism_mean").size(), 120u);
  }
  auto motifs = run_command(mpirun(2) + lnctrain("motifs --store " + store_path + " --run 1 --out " + dir + "/motifs"));
  ASSERT_EQ(motifs.exit_code, 0) << motifs.output;
  const auto found = read_tsv(dir + "/motifs/motifs.tsv");
  const auto matches = read_tsv(dir + "/motifs/matches.tsv");
  ASSERT_FALSE(found.empty()) << motifs.output;
  // The best-ranked motif: CTCF among its three best matches, at the planted place.
  std::vector<std::string> top;
  for (const auto& m : matches)
    if (m[0] == "1") top.push_back(m[2]);
  bool has_ctcf = false;
  for (const auto& id : top) has_ctcf = has_ctcf || id == ctcf->id;
  EXPECT_TRUE(has_ctcf) << motifs.output;
  EXPECT_NEAR(std::stod(found[0][9]), kPlanted - (kLength - 51), 5.0) << motifs.output;
  std::ifstream logo(dir + "/motifs/motif1.png", std::ios::binary);
  EXPECT_TRUE(logo.good());
}

}  // namespace
}  // namespace lnc
