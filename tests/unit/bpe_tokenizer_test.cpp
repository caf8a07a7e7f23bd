// DNABERT-2 BPE against (1) the fixture cases and (2) ids + offsets produced by the real Hugging Face
// `tokenizers` library (tests/fixtures/tokenizers/dnabert2_hf), plus the tokenizer.json features and errors.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/atomic_file.h"
#include "base/line_reader.h"
#include "data/tokenizers/bpe_tokenizer.h"
#include "tests/unit/test_paths.h"
#include "tests/unit/tokenizer_cases.h"

namespace lnc::data {
namespace {

const char* kTokenizerJson = "data/assets/dnabert2_tokenizer/tokenizer.json";

std::unique_ptr<BpeTokenizer> dnabert2() { return BpeTokenizer::from_tokenizer_json(test_paths::source(kTokenizerJson)); }

std::vector<std::string> tokens_of(const Tokenizer& tok, const Encoding& e) {
  std::vector<std::string> out;
  for (auto id : e.ids) out.push_back(tok.token(id));
  return out;
}

TEST(BpeTokenizer, LoadsDnabert2Vocabulary) {
  auto tok = dnabert2();
  EXPECT_EQ(tok->kind(), "bpe");
  EXPECT_EQ(tok->vocab_size(), 4096);
  EXPECT_EQ(tok->pad_id(), 3);
  EXPECT_EQ(tok->token(0), "[UNK]");
  EXPECT_EQ(tok->token(5), "A");
  EXPECT_EQ(tok->vocab_sha256(), "5d178e8ce2ba55df97fff197f4b30f40133b95d7096be398c2df6b526c5d8cd3");
}

TEST(BpeTokenizer, ReproducesFixtureCases) {
  auto tok = dnabert2();
  const auto cases = test_cases::load_tokenizer_cases("tests/fixtures/tokenizers/dnabert2/cases.json");
  ASSERT_EQ(cases.size(), 14u);
  for (const auto& c : cases) {
    ASSERT_EQ(c.tokenizer, "dnabert2_bpe");
    ASSERT_TRUE(c.error.empty()) << c.name;
    EXPECT_EQ(tok->encode(c.sequences[0]).ids, c.ids[0]) << c.name;
  }
}

// The reference file: name, sequence, ids, offsets ("begin:end" per token; specials "0:0").
TEST(BpeTokenizer, MatchesHuggingFaceTokenizersLibrary) {
  auto tok = dnabert2();
  LineReader reader(test_paths::source("tests/fixtures/tokenizers/dnabert2_hf/cases.tsv.gz"));
  std::string line;
  ASSERT_TRUE(reader.next(line));  // header
  int n = 0, long_ones = 0;
  while (reader.next(line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string field; std::getline(ss, field, '\t');) f.push_back(field);
    ASSERT_EQ(f.size(), 4u) << line;
    const Encoding e = tok->encode(f[1]);
    std::vector<std::int32_t> ids;
    std::stringstream is(f[2]);
    for (std::int32_t id; is >> id;) ids.push_back(id);
    ASSERT_EQ(e.ids, ids) << f[0] << " " << f[1];
    std::stringstream os(f[3]);
    std::size_t i = 0;
    for (std::string span; os >> span; ++i) {
      const auto colon = span.find(':');
      const int b = std::stoi(span.substr(0, colon)), en = std::stoi(span.substr(colon + 1));
      const bool special = i == 0 || i + 1 == e.ids.size();  // [CLS] ... [SEP]
      EXPECT_EQ(e.base_begin[i], special ? -1 : b) << f[0] << " token " << i;
      EXPECT_EQ(e.base_end[i], special ? -1 : en) << f[0] << " token " << i;
    }
    EXPECT_EQ(i, e.ids.size()) << f[0];
    ++n;
    long_ones += f[1].size() == 2000;
  }
  EXPECT_EQ(n, 258);
  EXPECT_EQ(long_ones, 5);
}

TEST(BpeTokenizer, SpansCoverTheSequence) {
  auto tok = dnabert2();
  const std::string seq = "ACGTAGCATCGGATCTATCTATCGACACTTGGTTATCGATCTACGAGCATCTCGTTAGC";
  const Encoding e = tok->encode(seq);
  std::string rebuilt;
  for (std::size_t i = 1; i + 1 < e.ids.size(); ++i) {
    EXPECT_EQ(e.base_begin[i], static_cast<std::int32_t>(rebuilt.size()));
    EXPECT_EQ(seq.substr(static_cast<size_t>(e.base_begin[i]), static_cast<size_t>(e.base_end[i] - e.base_begin[i])),
              tok->token(e.ids[i]));
    rebuilt += tok->token(e.ids[i]);
  }
  EXPECT_EQ(rebuilt, seq);
  EXPECT_EQ(e.ids.size(), 17u);  // the count reported for upstream (DNABERT_2 issue #27)
}

// A tokenizer.json with a tiny vocabulary: DNABERT-2's file with vocab and merges replaced.
std::string tiny_tokenizer(const nlohmann::json& merges, const std::string& dir) {
  auto j = nlohmann::json::parse(read_file(test_paths::source(kTokenizerJson)));
  j["model"]["vocab"] = {{"[UNK]", 0}, {"[CLS]", 1}, {"[SEP]", 2}, {"[PAD]", 3}, {"[MASK]", 4}, {"A", 5},
                         {"C", 6},     {"G", 7},     {"T", 8},     {"AC", 9},   {"CG", 10},    {"ACG", 11}};
  j["model"]["merges"] = merges;
  const std::string path = dir + "/tokenizer.json";
  write_file_atomic(path, j.dump());
  return path;
}

TEST(BpeTokenizer, MergesAsStringsOrPairsAndLaterDuplicatesWin) {
  const std::string dir = test_paths::scratch_dir();
  auto as_strings = BpeTokenizer::from_tokenizer_json(tiny_tokenizer(nlohmann::json::array({"A C", "C G"}), dir));
  auto as_pairs = BpeTokenizer::from_tokenizer_json(tiny_tokenizer(
      nlohmann::json::array({nlohmann::json::array({"A", "C"}), nlohmann::json::array({"C", "G"})}), dir));
  // Outcomes checked with tokenizers 0.23.3: [AC G AC G]; with "A C" listed again last: [A CG A CG].
  const std::vector<std::string> expected{"[CLS]", "AC", "G", "AC", "G", "[SEP]"};
  EXPECT_EQ(tokens_of(*as_strings, as_strings->encode("ACGACG")), expected);
  EXPECT_EQ(tokens_of(*as_pairs, as_pairs->encode("ACGACG")), expected);
  auto duplicated = BpeTokenizer::from_tokenizer_json(tiny_tokenizer(nlohmann::json::array({"A C", "C G", "A C"}), dir));
  EXPECT_EQ(tokens_of(*duplicated, duplicated->encode("ACGACG")),
            (std::vector<std::string>{"[CLS]", "A", "CG", "A", "CG", "[SEP]"}));
}

// A merge table where "AC G" ranks before "A C" (not rank-monotone) takes the reference queue loop.
TEST(BpeTokenizer, NonMonotoneMergeTableUsesTheQueueLoop) {
  const std::string dir = test_paths::scratch_dir();
  auto tok = BpeTokenizer::from_tokenizer_json(tiny_tokenizer(nlohmann::json::array({"AC G", "A C", "C G"}), dir));
  EXPECT_FALSE(tok->rank_monotone());
  // Checked with tokenizers 0.23.3.
  EXPECT_EQ(tokens_of(*tok, tok->encode("ACGACGTACCG")),
            (std::vector<std::string>{"[CLS]", "ACG", "ACG", "T", "AC", "CG", "[SEP]"}));
  EXPECT_TRUE(dnabert2()->rank_monotone());
}

// The bucket loop (used for DNABERT-2) and upstream's queue loop agree on random and low-complexity DNA.
TEST(BpeTokenizer, BucketLoopEqualsQueueLoop) {
  auto fast = dnabert2();
  auto reference = dnabert2();
  reference->use_reference_merge_loop();
  std::uint64_t state = 12345;
  auto next = [&] { return (state = state * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
  for (int i = 0; i < 400; ++i) {
    std::string seq;
    const std::size_t len = next() % 1500 + 1;
    const std::size_t period = i % 2 ? next() % 9 + 1 : len;  // odd cases: tandem repeats
    std::string unit;
    for (std::size_t k = 0; k < period; ++k) unit += "ACGTN"[next() % (i % 3 ? 4 : 5)];
    while (seq.size() < len) seq += unit;
    seq.resize(len);
    const Encoding a = fast->encode(seq), b = reference->encode(seq);
    ASSERT_EQ(a.ids, b.ids) << seq;
    ASSERT_EQ(a.base_begin, b.base_begin) << seq;
  }
}

TEST(BpeTokenizer, UnknownCharactersAreSingleUnkTokensAndWhitespaceSplits) {
  auto tok = dnabert2();
  // Checked with tokenizers 0.23.3: "AC GT[CLS]x" -> [CLS] A C GT [CLS] [UNK] [SEP]
  const Encoding e = tok->encode("AC GT[CLS]x");
  EXPECT_EQ(e.ids, (std::vector<std::int32_t>{1, 5, 6, 1049, 1, 0, 2}));
  EXPECT_EQ(e.base_begin[3], 3);
  EXPECT_EQ(e.base_end[4], 10);
  EXPECT_EQ(tok->encode("").ids, (std::vector<std::int32_t>{1, 2}));
}

TEST(BpeTokenizer, RejectsUnsupportedOrBrokenFiles) {
  const std::string dir = test_paths::scratch_dir();
  auto j = nlohmann::json::parse(read_file(test_paths::source(kTokenizerJson)));
  auto expect_error = [&](nlohmann::json broken, const std::string& fragment) {
    write_file_atomic(dir + "/tokenizer.json", broken.dump());
    try {
      BpeTokenizer::from_tokenizer_json(dir + "/tokenizer.json");
      ADD_FAILURE() << "no error for " << fragment;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(dir + "/tokenizer.json"), std::string::npos) << e.what();
    }
  };
  auto with_normalizer = j;
  with_normalizer["normalizer"] = {{"type", "Lowercase"}};
  expect_error(with_normalizer, "normalizer");
  auto with_bad_merge = j;
  with_bad_merge["model"]["merges"].push_back("A Q");
  expect_error(with_bad_merge, "model.merges[4087]");
  auto with_dropout = j;
  with_dropout["model"]["dropout"] = 0.1;
  expect_error(with_dropout, "model.dropout");
  write_file_atomic(dir + "/tokenizer.json", "{\"model\": ");
  EXPECT_THROW(BpeTokenizer::from_tokenizer_json(dir + "/tokenizer.json"), InputError);
}

}  // namespace
}  // namespace lnc::data
