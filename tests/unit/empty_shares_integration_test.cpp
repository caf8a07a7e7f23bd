// Any group size with any batch remainder (issue 14): under mpirun -np 4, groups of 4, 2 and 1 train points whose
// global batch leaves ranks without rows (a global batch of 2 on 4 ranks, last batches of 1, 2 and 3 rows), with
// micro-batches, a dev split of 3 rows and a test split of 2 (fewer rows than ranks), with overlapped and
// synchronous all-reduce. Every point must finish, and with dropout off give the metrics of the same points on
// one rank.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "results/store/prediction_records.h"
#include "results/store/results_store.h"
#include "tests/unit/grid_test_support.h"

namespace lnc {
namespace {

using namespace test_paths;

std::string prepare_uneven_tokens(const std::string& dir) {
  write_toy_csv(dir + "/train.csv", 23, 1);  // 23 = 1 mod 2, 3 mod 4, 2 mod 3
  write_toy_csv(dir + "/dev.csv", 3, 2);
  write_toy_csv(dir + "/test.csv", 2, 3);
  std::ofstream(dir + "/dataset.toml") << "[dataset]\nname = \"toy\"\noutput_dir = \"" << dir << "/tokens\"\n"
                                       << "[csv]\ntrain = \"" << dir << "/train.csv\"\ndev = \"" << dir
                                       << "/dev.csv\"\ntest = \"" << dir << "/test.csv\"\n"
                                       << "[[tokenizers]]\nkind = \"kmer\"\nk = 3\nvocab = \""
                                       << source("data/assets/dnabert_vocab/3/vocab.txt") << "\"\n";
  auto prep = run_command(lnctrain("prepare --config " + dir + "/dataset.toml"));
  EXPECT_EQ(prep.exit_code, 0) << prep.output;
  return dir + "/tokens/toy.kmer3.h5";
}

// Points: (group size, global batch, micro-batch) = (4, 2, 0), (4, 4, 1), (2, 3, 0), (1, 4, 2), each with the
// overlapped and the synchronous all-reduce. `one_rank` puts every point on a group of 1 instead.
std::string uneven_grid(const std::string& dir, const std::string& name, const std::string& tokens, bool one_rank) {
  const std::string path = dir + "/" + name + ".toml";
  std::ofstream(path) << toy_grid_head(dir + "/" + name + ".sqlite", dir + "/" + name + "_runs", tokens, 2)
                      << "[evaluation]\nimportance = false\n"
                      << "[grid]\n\"training.overlap_allreduce\" = [true, false]\n"
                      << "[[grid.zip]]\n\"parallelism.group_size\" = " << (one_rank ? "[1, 1, 1, 1]" : "[4, 4, 2, 1]")
                      << "\n\"training.global_batch_size\" = [2, 4, 3, 4]\n\"training.micro_batch_size\" = [0, 1, 0, 2]\n";
  return path;
}

std::map<std::string, std::map<std::string, double>> test_metrics(const std::string& store_path) {
  results::ResultsStore store(store_path, true);
  std::map<std::string, std::map<std::string, double>> out;
  for (const auto& run : store.runs()) {
    EXPECT_EQ(run.status, "done") << run.config_hash << ": " << run.error;
    for (const auto& m : store.metrics(run.id))
      if (!m.epoch) out[run.config_hash][m.split + "." + m.name] = m.value;
  }
  return out;
}

std::map<std::string, std::vector<results::PredictionRecord>> predictions_by_hash(const std::string& store_path) {
  results::ResultsStore store(store_path, true);
  std::map<std::string, std::vector<results::PredictionRecord>> out;
  for (const auto& run : store.runs()) out[run.config_hash] = results::read_predictions(store, run.id);
  return out;
}

TEST(IntegrationEmptyShares, EveryGroupSizeAndRemainderFinishesWithTheOneRankMetrics) {
  const std::string dir = scratch_dir();
  const std::string tokens = prepare_uneven_tokens(dir);
  auto four = run_command(mpirun(4) + lnctrain("--grid " + uneven_grid(dir, "four", tokens, false)));
  ASSERT_EQ(four.exit_code, 0) << four.output;
  auto one = run_command(mpirun(1) + lnctrain("--grid " + uneven_grid(dir, "one", tokens, true)));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const auto on_four = test_metrics(dir + "/four.sqlite");
  const auto on_one = test_metrics(dir + "/one.sqlite");
  ASSERT_EQ(on_four.size(), 8u);
  ASSERT_EQ(on_one.size(), 8u);
  for (const auto& [hash, metrics] : on_four) {
    ASSERT_TRUE(on_one.count(hash)) << hash;  // parallelism is not part of a run's identity
    for (const char* split : {"dev.", "test."})  // and auroc / auprc where the split's classes define them
      for (const char* name : {"mcc", "accuracy", "f1", "loss"})
        EXPECT_EQ(metrics.count(std::string(split) + name), 1u) << hash << " " << split << name;
    ASSERT_EQ(metrics.size(), on_one.at(hash).size()) << hash;
    for (const auto& [name, value] : metrics) {
      ASSERT_TRUE(on_one.at(hash).count(name)) << hash << " " << name;
      const double reference = on_one.at(hash).at(name);
      // Sums over ranks change only the floating-point order: losses and the probability-ranked metrics agree to
      // 1e-5, the rest exactly.
      if (name.find("loss") != std::string::npos || name.find("au") != std::string::npos)
        EXPECT_NEAR(value, reference, 1e-5 * std::max(1.0, std::fabs(reference))) << hash << " " << name;
      else
        EXPECT_EQ(value, reference) << hash << " " << name;
    }
  }
  // Per-sample predictions gathered across every group size: one row per dev and test sequence, as on one rank.
  const auto on_four_rows = predictions_by_hash(dir + "/four.sqlite");
  const auto on_one_rows = predictions_by_hash(dir + "/one.sqlite");
  ASSERT_EQ(on_four_rows.size(), 8u);
  for (const auto& [hash, rows] : on_four_rows) {
    const auto& reference = on_one_rows.at(hash);
    ASSERT_EQ(rows.size(), 5u) << hash;  // dev 3 + test 2
    ASSERT_EQ(rows.size(), reference.size()) << hash;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(rows[i].split, reference[i].split);
      EXPECT_EQ(rows[i].sample, reference[i].sample);
      EXPECT_EQ(rows[i].label, reference[i].label);
      EXPECT_EQ(rows[i].prediction, reference[i].prediction) << hash << " row " << i;
      ASSERT_EQ(rows[i].probabilities.size(), reference[i].probabilities.size());
      for (std::size_t c = 0; c < rows[i].probabilities.size(); ++c)
        EXPECT_NEAR(rows[i].probabilities[c], reference[i].probabilities[c], 1e-5) << hash << " row " << i;
    }
  }
}

}  // namespace
}  // namespace lnc
