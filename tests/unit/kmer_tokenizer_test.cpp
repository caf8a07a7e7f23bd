// DNABERT k-mer tokenization against the real vocab files (shipped under data/assets/dnabert_vocab).
#include <gtest/gtest.h>

#include "data/tokenizers/kmer_tokenizer.h"
#include "tests/unit/test_paths.h"
#include "tests/unit/tokenizer_cases.h"

namespace lnc::data {
namespace {

TEST(KmerTokenizer, OverlappingThreeMersWithSpecialTokens) {
  auto tok = KmerTokenizer::from_vocab_file(test_paths::source("data/assets/dnabert_vocab/3/vocab.txt"), 3);
  EXPECT_EQ(tok->vocab_size(), 69);
  Encoding e = tok->encode("ACGTA");
  // [CLS]=2, ACG, CGT, GTA, [SEP]=3; k-mer ids follow the vocab file's line order.
  ASSERT_EQ(e.ids.size(), 5u);
  EXPECT_EQ(e.ids.front(), 2);
  EXPECT_EQ(e.ids.back(), 3);
  EXPECT_EQ(tok->token(e.ids[1]), "ACG");
  EXPECT_EQ(tok->token(e.ids[2]), "CGT");
  EXPECT_EQ(tok->token(e.ids[3]), "GTA");
  EXPECT_EQ(e.base_begin[1], 0);
  EXPECT_EQ(e.base_end[3], 5);
  EXPECT_EQ(e.base_begin[0], -1);
}

TEST(KmerTokenizer, UnknownKmersAndShortSequences) {
  auto tok = KmerTokenizer::from_vocab_file(test_paths::source("data/assets/dnabert_vocab/6/vocab.txt"), 6);
  EXPECT_EQ(tok->vocab_size(), 4101);
  Encoding e = tok->encode("ACGTNACGTACG");
  // every 6-mer touching N is [UNK]=1
  EXPECT_EQ(e.ids[1], 1);
  EXPECT_EQ(e.ids[5], 1);
  EXPECT_NE(e.ids[6], 1);
  EXPECT_EQ(tok->encode("ACG").ids, (std::vector<std::int32_t>{2, 3}));
}

TEST(KmerTokenizer, RejectsVocabOfAnotherK) {
  EXPECT_THROW(KmerTokenizer::from_vocab_file(test_paths::source("data/assets/dnabert_vocab/3/vocab.txt"), 6), InputError);
}

}  // namespace
}  // namespace lnc::data

namespace lnc::data {
namespace {

// Every upstream case (jerryji1993/DNABERT seq2kmer + DNATokenizer) for k = 3 and 6.
TEST(KmerTokenizer, ReproducesUpstreamCases) {
  auto k3 = KmerTokenizer::from_vocab_file(test_paths::source("data/assets/dnabert_vocab/3/vocab.txt"), 3);
  auto k6 = KmerTokenizer::from_vocab_file(test_paths::source("data/assets/dnabert_vocab/6/vocab.txt"), 6);
  const auto cases = test_cases::load_tokenizer_cases("tests/fixtures/tokenizers/dnabert_v1/cases.json");
  ASSERT_EQ(cases.size(), 28u);
  for (const auto& c : cases) {
    ASSERT_TRUE(c.tokenizer == "dnabert_3mer" || c.tokenizer == "dnabert_6mer") << c.tokenizer;
    ASSERT_TRUE(c.error.empty());
    const KmerTokenizer& tok = c.tokenizer == "dnabert_3mer" ? *k3 : *k6;
    EXPECT_EQ(tok.encode(c.sequences[0]).ids, c.ids[0]) << c.tokenizer << " " << c.name;
  }
}

}  // namespace
}  // namespace lnc::data
