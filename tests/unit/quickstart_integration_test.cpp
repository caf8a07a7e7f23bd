// End to end under mpirun: prepare the shipped GUE data, train the same grid point with 1 and with 2 ranks,
// and compare. The global batch and the global data order are the same for any number of ranks and dropout is
// off, so the runs differ only by floating-point summation order (gradient all-reduce): the test metrics must
// agree within 0.01 (MCC/accuracy/F1) and the test loss within 1e-3.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "base/line_reader.h"
#include "results/store/results_store.h"
#include "tests/unit/mpi_launch.h"

namespace lnc {
namespace {

using test_paths::lnctrain;
using test_paths::mpirun;
using test_paths::run_command;

void head_of_csv(const std::string& from, const std::string& to, int rows) {
  LineReader reader(from);
  std::ofstream out(to);
  std::string line;
  for (int i = 0; i <= rows && reader.next(line); ++i) out << line << "\n";
}

std::map<std::string, double> final_test_metrics(const std::string& store_path) {
  results::ResultsStore store(store_path, true);
  auto runs = store.runs();
  EXPECT_EQ(runs.size(), 1u);
  std::map<std::string, double> out;
  if (runs.empty()) return out;
  EXPECT_EQ(runs[0].status, "done") << runs[0].error;
  for (const auto& m : store.metrics(runs[0].id))
    if (m.split == "test" && !m.epoch) out[m.name] = m.value;
  return out;
}

TEST(IntegrationQuickstart, OneAndTwoRanksGiveTheSameTestMetrics) {
  const std::string dir = test_paths::scratch_dir();
  // The first 2,000 rows of GUE dev (train + carved validation) and 1,000 of GUE test keep the test short.
  head_of_csv(test_paths::source("data/assets/gue/prom_300_notata/dev.csv.gz"), dir + "/train.csv", 2000);
  head_of_csv(test_paths::source("data/assets/gue/prom_300_notata/test.csv.gz"), dir + "/test.csv", 1000);
  std::ofstream(dir + "/dataset.toml") << "[dataset]\nname = \"prom\"\noutput_dir = \"" << dir << "/tokens\"\n"
                                       << "[csv]\ntrain = \"" << dir << "/train.csv"
                                       << "\"\ntest = \"" << dir << "/test.csv"
                                       << "\"\n[[tokenizers]]\nkind = \"kmer\"\nk = 3\nvocab = \""
                                       << test_paths::source("data/assets/dnabert_vocab/3/vocab.txt") << "\"\n";
  auto prep = run_command(lnctrain("prepare --config " + dir + "/dataset.toml"));
  ASSERT_EQ(prep.exit_code, 0) << prep.output;

  for (int ranks : {1, 2}) {
    std::ofstream(dir + "/grid" + std::to_string(ranks) + ".toml")
        << "[job]\nstore = \"" << dir << "/store" << ranks << ".sqlite\"\noutput_dir = \"" << dir << "/runs" << ranks << "\"\n"
        << "[data]\ntask = \"prom\"\nlength = 300\ntokens = \"" << dir << "/tokens/prom.kmer3.h5\"\n"
        << "[model]\nfamily = \"bert\"\npreset = \"tiny\"\nhidden_dropout = 0.0\nattention_dropout = 0.0\n"
        << "[optimizer]\nlr = 1e-3\n[lr_scheduler]\nwarmup_steps = 10\n"
        << "[training]\nepochs = 2\nglobal_batch_size = 32\neval_batch_size = 256\nthreads_per_rank = 1\n";
    auto run = run_command(mpirun(ranks) + lnctrain("--grid " + dir + "/grid" + std::to_string(ranks) + ".toml"));
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }
  auto one = final_test_metrics(dir + "/store1.sqlite");
  auto two = final_test_metrics(dir + "/store2.sqlite");
  for (const char* name : {"mcc", "accuracy", "f1"}) {
    ASSERT_TRUE(one.count(name) && two.count(name)) << name;
    EXPECT_NEAR(one[name], two[name], 0.01) << name;
  }
  EXPECT_NEAR(one["loss"], two["loss"], 1e-3);
  EXPECT_GT(one["accuracy"], 0.6);  // two short epochs already learn something on this task
}

TEST(IntegrationQuickstart, InvalidConfigRunsNothingAndExitsNonZero) {
  const std::string dir = test_paths::scratch_dir();
  std::ofstream(dir + "/bad.toml") << "[job]\nstore = \"" << dir << "/s.sqlite\"\n[data]\ntask = \"x\"\ntokens = \"t.h5\"\n"
                                   << "[model]\nfamily = \"bert\"\nhidden_size = \"big\"\n";
  auto run = run_command(mpirun(2) + lnctrain("--grid " + dir + "/bad.toml"));
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("bad.toml:8: key 'model.hidden_size': expected an integer"), std::string::npos) << run.output;
  EXPECT_FALSE(std::ifstream(dir + "/s.sqlite").good());
}

}  // namespace
}  // namespace lnc
