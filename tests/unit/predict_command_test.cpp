// `lnctrain predict` end to end: the built executable on a fixture model directory (weights + the family's vocab),
// fed the fixture's DNA strings, must print the fixture's upstream logits; errors name the file.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/atomic_file.h"
#include "trainer/checkpoint/safetensors_torch.h"
#include "tests/unit/test_paths.h"

namespace lnc {
namespace {
namespace fs = std::filesystem;

int run_lnctrain(const std::string& args, const std::string& log) {
  const std::string cmd = "'" + test_paths::lnctrain_exe() + "' " + args + " > '" + log + "' 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<std::vector<double>> read_rows(const std::string& path, std::string& header) {
  std::istringstream in(read_file(path));
  std::getline(in, header);
  std::vector<std::vector<double>> rows;
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::vector<double> row;
    for (std::string f; std::getline(fields, f, '\t');) row.push_back(std::stod(f));
    rows.push_back(row);
  }
  return rows;
}

struct Case {
  const char* fixture;
  const char* vocab;  // the tokenizer the fixture's input_ids came from
  std::vector<std::string> sequences;
};

TEST(PredictCommand, PrintsUpstreamLogitsForFixtureSequences) {
  const std::vector<Case> cases = {
      {"dnabert1_bert", "data/assets/dnabert_vocab/3/vocab.txt", {"ATGCGTACGTTAGCCA", "GATTACAGATTA", "CCGGTTAAC"}},
      {"nt_v1_esm_absolute", "tests/fixtures/tokenizers/nucleotide_transformer/v1/vocab.txt",
       {"TAAAAAAGCAAAGTTCACAATCATAAAGAGTGGCCTAAAGCTTCAATCACCAGACGTATGACGCGCTATGTGTTATCTTGGACTTAATTG",
        "CGACGCGTAATCAGACAGGTAGATCATCTCGCTCCGAGCTTGCCACCAGCAAACCATTGCTGGNTG",
        "CAGGTTGATGCGTAGTCTCTGAATTGTTCTTCGGGCCTTATAAGTAC"}},
  };
  const auto dir = test_paths::scratch_dir();
  for (const auto& c : cases) {
    const std::string model = dir + "/" + c.fixture;
    fs::create_directories(model);
    for (const char* f : {"config.json", "model.safetensors"})
      fs::copy_file(test_paths::source(std::string("tests/fixtures/") + c.fixture + "/" + f), model + "/" + f);
    fs::copy_file(test_paths::source(c.vocab), model + "/vocab.txt");
    std::string fasta;
    for (size_t i = 0; i < c.sequences.size(); ++i) fasta += ">s" + std::to_string(i) + "\n" + c.sequences[i] + "\n";
    write_file_atomic(dir + "/in.fa", fasta);
    const std::string out = dir + "/" + c.fixture + ".tsv";
    // Batch size 2: the first batch is padded to its own longest sequence, the second holds one sequence.
    ASSERT_EQ(run_lnctrain("predict --model " + model + " --input " + dir + "/in.fa --out " + out + " --batch-size 2",
                           dir + "/log"),
              0)
        << read_file(dir + "/log");
    std::string header;
    const auto rows = read_rows(out, header);
    EXPECT_EQ(header, "index\tlogit_0\tlogit_1\tprob_0\tprob_1");
    const auto expected = trainer::load_safetensors(
        test_paths::source(std::string("tests/fixtures/") + c.fixture + "/expected.safetensors"))["logits"];
    ASSERT_EQ(rows.size(), c.sequences.size()) << c.fixture;
    for (size_t i = 0; i < rows.size(); ++i) {
      ASSERT_EQ(rows[i].size(), 5u);
      EXPECT_EQ(rows[i][0], static_cast<double>(i));
      for (int j = 0; j < 2; ++j)
        EXPECT_NEAR(rows[i][1 + j], expected[i][j].item<double>(), 1e-5) << c.fixture << " row " << i;
      EXPECT_NEAR(rows[i][3], 1.0 / (1.0 + std::exp(rows[i][2] - rows[i][1])), 1e-8);  // softmax
      EXPECT_NEAR(rows[i][3] + rows[i][4], 1.0, 1e-8);
    }
  }
}

TEST(PredictCommand, MissingModelWeightsFailWithTheDirectoryNamed) {
  const auto dir = test_paths::scratch_dir();
  fs::copy_file(test_paths::source("tests/fixtures/dnabert1_bert/config.json"), dir + "/config.json");
  fs::copy_file(test_paths::source("data/assets/dnabert_vocab/3/vocab.txt"), dir + "/vocab.txt");
  write_file_atomic(dir + "/in.csv", "sequence\nACGTACGT\n");
  EXPECT_EQ(run_lnctrain("predict --model " + dir + " --input " + dir + "/in.csv --out " + dir + "/out.tsv",
                         dir + "/log"),
            2);
  EXPECT_NE(read_file(dir + "/log").find("no model weights"), std::string::npos) << read_file(dir + "/log");
  EXPECT_FALSE(fs::exists(dir + "/out.tsv"));
}

}  // namespace
}  // namespace lnc
