// FASTA and CSV sequence input: upper-casing, validation, and errors with file and line.
#include <gtest/gtest.h>

#include <zlib.h>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "data/sequences/fasta_sequences.h"
#include "data/sequences/sequence_input.h"
#include "tests/unit/test_paths.h"

namespace lnc::data {
namespace {

std::string write(const std::string& dir, const std::string& name, const std::string& content) {
  write_file_atomic(dir + "/" + name, content);
  return dir + "/" + name;
}

std::string error_of(const std::string& path) {
  try {
    read_sequences(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(SequenceInput, ReadsMultiLineFastaUpperCased) {
  const auto dir = test_paths::scratch_dir();
  const auto path = write(dir, "x.fa", ">one first record\nacgt\nNNac\n\n>two\r\nGATTACA\r\n");
  const auto records = read_fasta_sequences(path);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].name, "one");
  EXPECT_EQ(records[0].sequence, "ACGTNNAC");
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[1].name, "two");
  EXPECT_EQ(records[1].sequence, "GATTACA");
  EXPECT_EQ(records[1].line, 5);
}

TEST(SequenceInput, ReadsGzipFastaByExtensionAndFastaByContent) {
  const auto dir = test_paths::scratch_dir();
  const std::string gz_path = dir + "/x.fasta.gz";
  gzFile gz = gzopen(gz_path.c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  const std::string text = ">s1\nACGT\n>s2\ntttt\n";
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  auto records = read_sequences(gz_path);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].sequence, "TTTT");
  records = read_sequences(write(dir, "seqs.txt", "\n>only\nacgn\n"));  // no FASTA extension, '>' first
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].sequence, "ACGN");
}

TEST(SequenceInput, FastaErrorsNameFileAndLine) {
  const auto dir = test_paths::scratch_dir();
  const auto bad_base = write(dir, "bad.fa", ">a\nACGT\nACRT\n");
  EXPECT_NE(error_of(bad_base).find(bad_base + ":3: column 3: 'R' is not a base"), std::string::npos)
      << error_of(bad_base);
  const auto headless = write(dir, "headless.fa", "ACGT\n>a\nACGT\n");
  EXPECT_NE(error_of(headless).find(headless + ":1: sequence line before the first '>'"), std::string::npos)
      << error_of(headless);
  const auto empty_record = write(dir, "empty.fa", ">a\n>b\nACGT\n");
  EXPECT_NE(error_of(empty_record).find(empty_record + ":1: FASTA record 'a' has no sequence"), std::string::npos)
      << error_of(empty_record);
  const auto no_records = write(dir, "none.fa", "\n");
  EXPECT_NE(error_of(no_records).find("no records"), std::string::npos);
  EXPECT_NE(error_of(dir + "/missing.fa").find(dir + "/missing.fa"), std::string::npos);
}

TEST(SequenceInput, ReadsCsvSequenceColumnAnywhere) {
  const auto dir = test_paths::scratch_dir();
  auto records = read_sequences(write(dir, "a.csv", "label,sequence,extra\n1,acgt,x\n\n0,GGNN,y\n"));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].sequence, "ACGT");
  EXPECT_EQ(records[0].line, 2);
  EXPECT_EQ(records[1].sequence, "GGNN");
  EXPECT_EQ(records[1].line, 4);
  // The shipped GUE file (gzip CSV with sequence,label).
  records = read_sequences(test_paths::source("data/assets/gue/prom_300_notata/dev.csv.gz"));
  EXPECT_EQ(records.size(), 5307u);
  EXPECT_EQ(records[0].sequence.size(), 300u);
}

TEST(SequenceInput, CsvErrorsNameFileAndLine) {
  const auto dir = test_paths::scratch_dir();
  const auto no_column = write(dir, "nocol.csv", "seq,label\nACGT,1\n");
  EXPECT_NE(error_of(no_column).find(no_column + ":1: CSV header has no 'sequence' column"), std::string::npos)
      << error_of(no_column);
  const auto wrong_fields = write(dir, "fields.csv", "sequence,label\nACGT,1\nACGT,1,2\n");
  EXPECT_NE(error_of(wrong_fields).find(wrong_fields + ":3: row has 3 fields, the header has 2"), std::string::npos)
      << error_of(wrong_fields);
  const auto bad_base = write(dir, "base.csv", "label,sequence\n1,ACGT\n0,AC-T\n");
  EXPECT_NE(error_of(bad_base).find(bad_base + ":3: column 5: '-' is not a base"), std::string::npos)
      << error_of(bad_base);
  const auto quoted = write(dir, "quoted.csv", "sequence,label\n\"ACGT\",1\n");
  EXPECT_NE(error_of(quoted).find(quoted + ":2: quoted CSV fields are not supported"), std::string::npos);
  const auto empty_seq = write(dir, "empty.csv", "sequence,label\n,1\n");
  EXPECT_NE(error_of(empty_seq).find(empty_seq + ":2:"), std::string::npos) << error_of(empty_seq);
}

}  // namespace
}  // namespace lnc::data
