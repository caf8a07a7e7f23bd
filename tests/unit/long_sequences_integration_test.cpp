// A length-sweep-shaped grid at tiny scale, end to end (issue 14's acceptance): promoter windows of 300 and
// 1000 bp from the shipped Ensembl excerpt on a generated genome (task 4, which needs no GTEx table), 3-mer tokens
// (rows of 300 and 1000 tokens), a tiny BERT with 64 positions. `long_sequences = "error"` is refused at
// submission and by the dry run, naming the point and the key; "truncate" (both sides) and "chunk" reach done;
// every importance row (attention, ism, integrated gradients) has the window's length in bases, zero where
// truncation dropped the tokens.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "base/remove_tree.h"
#include "results/store/results_store.h"
#include "tests/unit/genome_test_support.h"
#include "tests/unit/mpi_launch.h"
#include "tests/unit/test_paths.h"

namespace lnc {
namespace {

using test_paths::lnctrain;
using test_paths::run_command;

class IntegrationLongSequences : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One dataset for the suite (scratch_dir() names a test; there is none yet here).
    dir_ = new std::string(test_paths::binary_dir() + "/test_scratch/IntegrationLongSequences");
    const std::string& dir = *dir_;
    remove_tree(dir);
    std::filesystem::create_directories(dir);
    data::genome_test::write_random_fasta(dir + "/genome.fa", data::genome_test::excerpt_chromosomes(), 14);
    std::ofstream(dir + "/dataset.toml")
        << "[dataset]\nname = \"sweep\"\noutput_dir = \"" << dir << "/data\"\nsource = \"genome\"\n"
        << "[genome]\nfasta = \"" << dir << "/genome.fa\"\ngtf = \"" << data::genome_test::ensembl_gtf() << "\"\n"
        << "tasks = [\"task4\"]\nlengths = [300, 1000]\nseed = 42\nexclusion_distance = 500\n"
        << "[[tokenizers]]\nkind = \"kmer\"\nk = 3\nvocab = \"" << test_paths::source("data/assets/dnabert_vocab/3/vocab.txt")
        << "\"\n";
    const auto prep = run_command(lnctrain("prepare --config " + dir + "/dataset.toml"));
    ASSERT_EQ(prep.exit_code, 0) << prep.output;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // The grid: task 4 at 300 and 1000 bp on a 64-position BERT, with `extra` [data] keys / axes.
  std::string grid(const std::string& name, const std::string& data_keys, const std::string& axes) const {
    const std::string& dir = *dir_;
    const std::string path = dir + "/" + name + ".toml";
    std::ofstream(path) << "[job]\nstore = \"" << dir << "/" << name << ".sqlite\"\noutput_dir = \"" << dir << "/runs_"
                        << name << "\"\n"
                        << "[data]\ntask = \"task4\"\ntokens = \"" << dir
                        << "/data/{task}_{length}/{task}_{length}.kmer3.h5\"\n" << data_keys
                        << "[model]\nfamily = \"bert\"\npreset = \"tiny\"\nmax_position_embeddings = 64\n"
                        << "hidden_dropout = 0.0\nattention_dropout = 0.0\n"
                        << "[optimizer]\nlr = 1e-3\n[lr_scheduler]\nwarmup_steps = 2\n"
                        << "[training]\nepochs = 1\nglobal_batch_size = 8\neval_batch_size = 16\nthreads_per_rank = 1\n"
                        << "[evaluation]\nimportance_max_sequences = 4\nig_steps = 8\n"
                        << "importance_methods = [\"attention\", \"ism\", \"integrated_gradients\"]\n"
                        << "ism_tokenizer = \"" << test_paths::source("data/assets/dnabert_vocab/3/vocab.txt") << "\"\n"
                        << "[grid]\n\"data.length\" = [300, 1000]\n" << axes;
    return path;
  }
  static std::string* dir_;
};
std::string* IntegrationLongSequences::dir_ = nullptr;

TEST_F(IntegrationLongSequences, ErrorIsRefusedAtSubmissionAndInTheDryRun) {
  const auto path = grid("error", "", "");
  const auto dry = run_command(lnctrain("train --grid " + path + " --dry-run"));
  EXPECT_EQ(dry.exit_code, 2) << dry.output;
  EXPECT_NE(dry.output.find("refused at submission"), std::string::npos) << dry.output;
  // Point 2 is the 1000 bp one (1000 tokens > 64); the 300 bp point is refused too (300 > 64).
  EXPECT_NE(dry.output.find("point 2 ("), std::string::npos) << dry.output;
  EXPECT_NE(dry.output.find("has 1000 tokens, more than the model's context of 64 tokens"), std::string::npos)
      << dry.output;
  EXPECT_NE(dry.output.find("data.long_sequences"), std::string::npos) << dry.output;

  const auto run = run_command(test_paths::mpirun(1) + lnctrain("--grid " + path));
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("point 1 ("), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("data.long_sequences"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("terminate called"), std::string::npos) << run.output;
  EXPECT_FALSE(std::filesystem::exists(*dir_ + "/error.sqlite"));  // nothing ran, nothing was recorded
}

TEST_F(IntegrationLongSequences, TruncateBothSidesAndChunkReachDoneWithFullLengthImportance) {
  const auto path = grid("fit", "",
                         "[[grid.zip]]\n\"data.long_sequences\" = [\"truncate\", \"truncate\", \"chunk\"]\n"
                         "\"data.truncation_side\" = [\"right\", \"left\", \"right\"]\n");
  const auto dry = run_command(lnctrain("train --grid " + path + " --dry-run"));
  EXPECT_EQ(dry.exit_code, 0) << dry.output;
  const auto run = run_command(test_paths::mpirun(2) + lnctrain("--grid " + path));
  ASSERT_EQ(run.exit_code, 0) << run.output;

  results::ResultsStore store(*dir_ + "/fit.sqlite", /*read_only=*/true);
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 6u);
  std::map<std::string, int> done_by_setting;
  for (const auto& r : runs) {
    EXPECT_EQ(r.status, "done") << r.config_text << r.error;
    const bool chunk = r.config_text.find("data.long_sequences = \"chunk\"") != std::string::npos;
    const bool left = r.config_text.find("data.truncation_side = \"left\"") != std::string::npos;
    ++done_by_setting[(chunk ? "chunk " : left ? "left " : "right ") + std::to_string(r.length)];
    const auto test_rows = store.importance(r.id, "test").size();  // attention's: every chosen test row
    EXPECT_GT(test_rows, 0u) << r.config_text;
    for (const char* method : {"attention", "ism", "ism_mean", "integrated_gradients"}) {
      const auto rows = store.importance(r.id, "test", method);
      EXPECT_EQ(rows.size(), test_rows) << method << ": the same rows as attention, in every setting";
      for (const auto& imp : rows) {
        ASSERT_EQ(imp.scores.size(), static_cast<size_t>(r.length));  // the full window, whatever reached the model
        if (r.length != 1000) continue;
        const auto nonzero = std::count_if(imp.scores.begin(), imp.scores.end(), [](float s) { return s != 0.0f; });
        if (imp.method != "attention") {
          // ISM and IG through the same windows: nothing past a truncation's 64 bases; bases all along the chunks.
          if (chunk) {
            EXPECT_GT(nonzero, 900) << method;
          } else {
            EXPECT_LE(nonzero, 64) << method;
            EXPECT_GT(nonzero, 0) << method;
            for (int p = 64; p < 1000; ++p) ASSERT_EQ(imp.scores[left ? 999 - p : p], 0.0f) << method << " base " << p;
          }
          continue;
        }
        // 62 3-mers of content cover 64 bases: at one end of the window for truncation, everywhere for chunks.
        if (chunk) {
          EXPECT_EQ(nonzero, 1000) << "every base is covered by some chunk";
        } else {
          EXPECT_EQ(nonzero, 64);
          EXPECT_EQ(imp.scores[left ? 0 : 999], 0.0f);
          EXPECT_NE(imp.scores[left ? 999 : 0], 0.0f);
        }
      }
    }
  }
  for (const char* setting : {"right 300", "left 300", "chunk 300", "right 1000", "left 1000", "chunk 1000"})
    EXPECT_EQ(done_by_setting[setting], 1) << setting;
}

}  // namespace
}  // namespace lnc
