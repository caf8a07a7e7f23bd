// Choosing the tokenizer from what a model directory holds.
#include <gtest/gtest.h>

#include <filesystem>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "data/tokenizers/tokenizer_loader.h"
#include "tests/unit/test_paths.h"

namespace lnc::data {
namespace {

std::string error_of(const std::string& dir) {
  try {
    load_tokenizer(dir);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(TokenizerLoader, PicksEachFamilyFromItsFiles) {
  auto bpe = load_tokenizer(test_paths::source("data/assets/dnabert2_tokenizer"));
  EXPECT_EQ(bpe->kind(), "bpe");
  EXPECT_EQ(bpe->encode("GATTACA").ids, (std::vector<std::int32_t>{1, 260, 12, 2}));
  for (int k : {3, 4, 5, 6}) {
    auto kmer = load_tokenizer(test_paths::source("data/assets/dnabert_vocab/" + std::to_string(k)));
    EXPECT_EQ(kmer->kind(), "kmer");
    EXPECT_EQ(kmer->k(), k);
  }
  auto k6 = load_tokenizer(test_paths::source("data/assets/dnabert_vocab/6"));
  EXPECT_EQ(k6->encode("GATTACA").ids, (std::vector<std::int32_t>{2, 3159, 333, 3}));
  auto nt1 = load_tokenizer(test_paths::source("tests/fixtures/tokenizers/nucleotide_transformer/v1"));
  auto nt2 = load_tokenizer(test_paths::source("tests/fixtures/tokenizers/nucleotide_transformer/v2"));
  EXPECT_EQ(nt1->kind(), "nt");
  EXPECT_EQ(nt1->encode("GATTACA").ids, (std::vector<std::int32_t>{3, 3158, 4100}));
  EXPECT_EQ(nt2->encode("GATTACA").ids, (std::vector<std::int32_t>{3, 3160, 4102}));
  auto explicit_k = make_kmer_tokenizer(test_paths::source("data/assets/dnabert_vocab/3/vocab.txt"), 3);
  EXPECT_EQ(explicit_k->k(), 3);
}

TEST(TokenizerLoader, ErrorsNameTheDirectoryOrFile) {
  const std::string dir = test_paths::scratch_dir();
  EXPECT_NE(error_of(dir + "/missing").find(dir + "/missing"), std::string::npos);
  EXPECT_NE(error_of(dir).find("neither tokenizer.json"), std::string::npos);

  write_file_atomic(dir + "/vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nAAA\nAAAA\n");
  const std::string mixed = error_of(dir);
  EXPECT_NE(mixed.find(dir + "/vocab.txt:7"), std::string::npos) << mixed;
  EXPECT_NE(mixed.find("'AAAA'"), std::string::npos) << mixed;

  write_file_atomic(dir + "/vocab.txt", "hello\nworld\n");
  EXPECT_NE(error_of(dir).find(dir + "/vocab.txt"), std::string::npos);

  write_file_atomic(dir + "/vocab.txt", "<unk>\n<pad>\n<cls>\nAAAAAA\n");  // NT-like but lacks 6-mers
  EXPECT_NE(error_of(dir).find("lacks the token"), std::string::npos) << error_of(dir);
}

}  // namespace
}  // namespace lnc::data
