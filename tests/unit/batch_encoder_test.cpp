// Multi-threaded encoding: same results as one by one, in order; the first failing sequence is reported.
#include <gtest/gtest.h>

#include "base/input_error.h"
#include "data/tokenizers/batch_encoder.h"
#include "data/tokenizers/tokenizer_loader.h"
#include "tests/unit/test_paths.h"

namespace lnc::data {
namespace {

std::string where(std::size_t i) { return "input.csv:" + std::to_string(i + 2); }

TEST(BatchEncoder, MatchesSequentialEncodingInOrder) {
  auto tok = load_tokenizer(test_paths::source("data/assets/dnabert2_tokenizer"));
  std::vector<std::string> storage;
  for (int i = 0; i < 1000; ++i) storage.push_back(std::string(static_cast<size_t>(i % 37 + 1), "ACGT"[i % 4]) + "GATTACAGGC");
  std::vector<std::string_view> seqs(storage.begin(), storage.end());
  for (int threads : {1, 3, 0}) {
    const auto encodings = encode_batch(*tok, seqs, threads, where);
    ASSERT_EQ(encodings.size(), seqs.size());
    for (std::size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(encodings[i].ids, tok->encode(seqs[i]).ids) << i;
  }
}

TEST(BatchEncoder, ReportsTheFirstFailingSequence) {
  auto tok = load_tokenizer(test_paths::source("tests/fixtures/tokenizers/nucleotide_transformer/v2"));
  std::vector<std::string_view> seqs(500, "ACGTACGT");
  seqs[130] = "ACGTRY";  // NT raises on characters outside ACGTN
  seqs[400] = "acgtac";
  for (int threads : {1, 4}) {
    try {
      encode_batch(*tok, seqs, threads, where);
      ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("input.csv:132: ", 0), 0u) << e.what();
      EXPECT_NE(std::string(e.what()).find("'R'"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace lnc::data
