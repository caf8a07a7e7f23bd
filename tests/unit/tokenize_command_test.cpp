// `lnctrain tokenize` end to end: the built executable on FASTA and CSV input, output file and errors.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "base/atomic_file.h"
#include "tests/unit/test_paths.h"

namespace lnc {
namespace {

int run_lnctrain(const std::string& args, const std::string& log) {
  const std::string cmd = "'" + test_paths::lnctrain_exe() + "' " + args + " > '" + log + "' 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(TokenizeCommand, WritesIdsPerSequenceForEachFamily) {
  const auto dir = test_paths::scratch_dir();
  write_file_atomic(dir + "/in.fa", ">a\ngattaca\n>b\nACGTAC\nGTACGT\n");
  const auto out = dir + "/bpe.tsv";
  ASSERT_EQ(run_lnctrain("tokenize --model " + test_paths::source("data/assets/dnabert2_tokenizer") + " --input " +
                             dir + "/in.fa --out " + out,
                         dir + "/log"),
            0)
      << read_file(dir + "/log");
  // GATTACA (upper-cased by the reader) and ACGTACGTACGT, as in the DNABERT-2 fixture cases.
  EXPECT_EQ(read_file(out), "index\tinput_ids\n0\t1 260 12 2\n1\t1 5 194 194 6 1049 2\n");
  EXPECT_NE(read_file(dir + "/log").find("tokenized 2 sequences"), std::string::npos);

  write_file_atomic(dir + "/in.csv", "sequence,label\nGATTACA,1\nACGTACGTACGT,0\n");
  ASSERT_EQ(run_lnctrain("tokenize --model " + test_paths::source("tests/fixtures/tokenizers/nucleotide_transformer/v2") +
                             " --input " + dir + "/in.csv --out " + dir + "/nt.tsv",
                         dir + "/log"),
            0)
      << read_file(dir + "/log");
  EXPECT_EQ(read_file(dir + "/nt.tsv"), "index\tinput_ids\n0\t3 3160 4102\n1\t3 728 3379\n");

  ASSERT_EQ(run_lnctrain("tokenize --model " + test_paths::source("data/assets/dnabert_vocab/3") + " --input " + dir +
                             "/in.csv --out " + dir + "/k3.tsv",
                         dir + "/log"),
            0);
  EXPECT_EQ(read_file(dir + "/k3.tsv"), "index\tinput_ids\n0\t2 54 10 25 23 13 3\n1\t2 16 50 57 23 16 50 57 23 16 50 3\n");
}

TEST(TokenizeCommand, BadInputFailsWithFileAndLineAndWritesNothing) {
  const auto dir = test_paths::scratch_dir();
  write_file_atomic(dir + "/in.csv", "sequence,label\nACGT,1\nACXT,0\n");
  const auto out = dir + "/out.tsv";
  EXPECT_EQ(run_lnctrain("tokenize --model " + test_paths::source("data/assets/dnabert2_tokenizer") + " --input " +
                             dir + "/in.csv --out " + out,
                         dir + "/log"),
            2);
  EXPECT_NE(read_file(dir + "/log").find(dir + "/in.csv:3: column 3: 'X' is not a base"), std::string::npos)
      << read_file(dir + "/log");
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(run_lnctrain("tokenize --model " + dir + " --input " + dir + "/in.csv --out " + out, dir + "/log"), 2);
  EXPECT_NE(read_file(dir + "/log").find("neither tokenizer.json"), std::string::npos) << read_file(dir + "/log");
}

TEST(TokenizeCommand, OutputDoesNotDependOnThreadCount) {
  const auto dir = test_paths::scratch_dir();
  std::string fasta;
  for (int i = 0; i < 300; ++i) {
    const std::string seq = std::string(static_cast<size_t>(i % 13 + 1), "ACGTN"[i % 5]) + "GATTACA";
    fasta += ">s" + std::to_string(i) + "\n" + seq + "\n";
  }
  write_file_atomic(dir + "/in.fa", fasta);
  const std::string model = test_paths::source("tests/fixtures/tokenizers/nucleotide_transformer/v1");
  ASSERT_EQ(run_lnctrain("tokenize --threads 1 --model " + model + " --input " + dir + "/in.fa --out " + dir + "/one.tsv",
                         dir + "/log"),
            0)
      << read_file(dir + "/log");
  ASSERT_EQ(run_lnctrain("tokenize --threads 4 --model " + model + " --input " + dir + "/in.fa --out " + dir + "/four.tsv",
                         dir + "/log"),
            0)
      << read_file(dir + "/log");
  EXPECT_EQ(read_file(dir + "/one.tsv"), read_file(dir + "/four.tsv"));
}

}  // namespace
}  // namespace lnc
