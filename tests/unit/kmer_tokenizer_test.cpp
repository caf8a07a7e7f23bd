// DNABERT k-mer tokenization against the real vocab files (shipped under data/vocab/dnabert).
#include <gtest/gtest.h>

#include "data/tokenizers/kmer_tokenizer.h"
#include "tests/unit/test_paths.h"

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
