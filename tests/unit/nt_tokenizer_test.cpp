// Nucleotide Transformer 6-mer tokenization against the upstream cases (v1 and v2 id orders).
#include <gtest/gtest.h>

#include "base/input_error.h"
#include "data/tokenizers/nt_tokenizer.h"
#include "tests/unit/test_paths.h"
#include "tests/unit/tokenizer_cases.h"

namespace lnc::data {
namespace {

std::unique_ptr<NtTokenizer> nt(const std::string& version) {
  return NtTokenizer::from_vocab_file(
      test_paths::source("tests/fixtures/tokenizers/nucleotide_transformer/" + version + "/vocab.txt"));
}

TEST(NtTokenizer, ReproducesUpstreamCasesIncludingErrorsAndPadding) {
  auto v1 = nt("v1"), v2 = nt("v2");
  const auto cases = test_cases::load_tokenizer_cases("tests/fixtures/tokenizers/nucleotide_transformer/cases.json");
  ASSERT_EQ(cases.size(), 30u);
  int errors = 0, batches = 0;
  for (const auto& c : cases) {
    const NtTokenizer& tok = c.tokenizer == "nt_v1_6mer" ? *v1 : *v2;
    ASSERT_TRUE(c.tokenizer == "nt_v1_6mer" || c.tokenizer == "nt_v2_6mer") << c.tokenizer;
    if (!c.error.empty()) {
      EXPECT_THROW(tok.encode(c.sequences[0]), InputError) << c.tokenizer << " " << c.name;
      ++errors;
      continue;
    }
    ASSERT_EQ(c.ids.size(), c.sequences.size());
    batches += c.sequences.size() > 1;
    for (std::size_t s = 0; s < c.sequences.size(); ++s) {
      auto ids = tok.encode(c.sequences[s]).ids;
      // Batch cases: upstream batch_tokenize right-pads with <pad> to fixed_length.
      if (c.sequences.size() > 1) ids.resize(c.ids[s].size(), tok.pad_id());
      EXPECT_EQ(ids, c.ids[s]) << c.tokenizer << " " << c.name;
    }
  }
  EXPECT_EQ(errors, 6);
  EXPECT_EQ(batches, 2);
}

TEST(NtTokenizer, ErrorNamesTheCharacterAndPosition) {
  auto tok = nt("v2");
  try {
    tok->encode("ACGTRYACGT");
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("'R' at base 5"), std::string::npos) << msg;
    EXPECT_NE(msg.find("ACGTRY"), std::string::npos) << msg;
  }
}

TEST(NtTokenizer, SpansAndVocabulary) {
  auto tok = nt("v1");
  EXPECT_EQ(tok->vocab_size(), 4107);
  EXPECT_EQ(tok->pad_id(), 1);
  EXPECT_EQ(tok->k(), 6);
  const Encoding e = tok->encode("ACGTACGNA");  // <cls> ACGTAC G N A
  ASSERT_EQ(e.ids.size(), 5u);
  EXPECT_EQ(tok->token(e.ids[1]), "ACGTAC");
  EXPECT_EQ(e.base_begin, (std::vector<std::int32_t>{-1, 0, 6, 7, 8}));
  EXPECT_EQ(e.base_end, (std::vector<std::int32_t>{-1, 6, 7, 8, 9}));
  EXPECT_EQ(tok->encode("").ids, (std::vector<std::int32_t>{3}));
}

TEST(NtTokenizer, RejectsAVocabularyWithoutAllSixMers) {
  EXPECT_THROW(NtTokenizer::from_vocab_file(test_paths::source("data/assets/dnabert_vocab/6/vocab.txt")), InputError);
}

}  // namespace
}  // namespace lnc::data
