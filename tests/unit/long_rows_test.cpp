// Rows longer than the model's context (data/batching/long_rows.h): truncation sides, chunk boundaries (stride,
// the last chunk, special tokens on every chunk), the default stride, the batch of windows, the policy checks, and
// the [data] keys' parsing and identity.
#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>

#include "base/input_error.h"
#include "config/model_families.h"
#include "config/run_config.h"
#include "data/batching/long_rows.h"
#include "tests/unit/test_paths.h"

namespace lnc::data {
namespace {

// A kmer-style row: [CLS]=2, content tokens 100.., [SEP]=3.
std::vector<std::int64_t> row(std::int64_t content) {
  std::vector<std::int64_t> r{2};
  for (std::int64_t i = 0; i < content; ++i) r.push_back(100 + i);
  r.push_back(3);
  return r;
}

LongRowPolicy policy(const std::string& mode, std::int64_t context, std::int64_t stride = 0,
                     const std::string& side = "right") {
  LongRowPolicy p;
  p.mode = mode;
  p.side = side;
  p.stride = stride;
  p.context = context;
  p.specials = {1, 1};
  p.pad_id = 0;
  p.max_position_embeddings = context;
  return p;
}

std::vector<std::int64_t> tokens_of(const std::vector<std::int64_t>& r, const RowWindow& w, const SpecialTokens& s) {
  std::vector<std::int64_t> out;
  for (auto p : window_positions(static_cast<std::int64_t>(r.size()), w, s)) out.push_back(r[static_cast<size_t>(p)]);
  return out;
}

TEST(LongRows, SpecialTokensOfEachTokenizer) {
  EXPECT_EQ(special_tokens_of("kmer").leading, 1);
  EXPECT_EQ(special_tokens_of("kmer").trailing, 1);
  EXPECT_EQ(special_tokens_of("bpe").trailing, 1);
  EXPECT_EQ(special_tokens_of("nt").leading, 1);
  EXPECT_EQ(special_tokens_of("nt").trailing, 0);  // NT's tokenizer adds <cls> only
  EXPECT_THROW(special_tokens_of("char"), std::invalid_argument);
}

TEST(LongRows, ARowThatFitsIsOneWholeWindowInEveryMode) {
  for (const char* mode : {"error", "truncate", "chunk"}) {
    const auto w = row_windows(10, policy(mode, 10));
    ASSERT_EQ(w.size(), 1u) << mode;
    EXPECT_EQ(w[0].begin, 0);
    EXPECT_EQ(w[0].end, 8);
  }
}

TEST(LongRows, ErrorModeNamesTheLengthTheContextAndTheKey) {
  try {
    row_windows(11, policy("error", 10));
    FAIL();
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("a row of 11 tokens exceeds max_position_embeddings 10"), std::string::npos) << m;
    EXPECT_NE(m.find("data.long_sequences"), std::string::npos) << m;
  }
}

TEST(LongRows, TruncationRightKeepsTheFirstTokensLeftTheLastWithTheirSpecialTokens) {
  const auto r = row(20);  // 22 tokens
  const auto p = policy("truncate", 8);
  const auto right = row_windows(22, p);
  ASSERT_EQ(right.size(), 1u);
  EXPECT_EQ(tokens_of(r, right[0], p.specials), (std::vector<std::int64_t>{2, 100, 101, 102, 103, 104, 105, 3}));
  const auto left = row_windows(22, policy("truncate", 8, 0, "left"));
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(tokens_of(r, left[0], p.specials), (std::vector<std::int64_t>{2, 114, 115, 116, 117, 118, 119, 3}));
  // NT rows have no end token: the kept tokens are <cls> and the content.
  LongRowPolicy nt = policy("truncate", 4, 0, "left");
  nt.specials = {1, 0};
  const std::vector<std::int64_t> nt_row{2, 10, 11, 12, 13, 14};
  EXPECT_EQ(tokens_of(nt_row, row_windows(6, nt)[0], nt.specials), (std::vector<std::int64_t>{2, 12, 13, 14}));
}

TEST(LongRows, ChunksStartEveryStrideTheLastHoldsTheRestAndEachHasTheSpecialTokens) {
  const auto r = row(20);  // 22 tokens, 20 of content
  const auto p = policy("chunk", 8, 4);  // 6 content tokens per chunk
  const auto w = row_windows(22, p);
  // Starts 0, 4, 8, 12, 16; the last holds what is left (16-20) and the loop stops once a chunk reaches the end.
  ASSERT_EQ(w.size(), 5u);
  for (size_t c = 0; c < w.size(); ++c) EXPECT_EQ(w[c].begin, static_cast<std::int64_t>(4 * c));
  EXPECT_EQ(w[3].end, 18);
  EXPECT_EQ(w[4].end, 20);
  EXPECT_EQ(tokens_of(r, w[0], p.specials), (std::vector<std::int64_t>{2, 100, 101, 102, 103, 104, 105, 3}));
  EXPECT_EQ(tokens_of(r, w[4], p.specials), (std::vector<std::int64_t>{2, 116, 117, 118, 119, 3}));
  // One token past the context: two chunks, the second the last content token alone with [CLS] and [SEP].
  const auto two = row_windows(9, policy("chunk", 8, 6));
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[1].begin, 6);
  EXPECT_EQ(two[1].end, 7);
}

TEST(LongRows, ChunkBoundariesCoverTheRowExactlyOnce) {
  const auto r = row(20);
  const auto p = policy("chunk", 8, 6);  // stride = content: no overlap
  const auto w = row_windows(22, p);
  ASSERT_EQ(w.size(), 4u);  // 0-6, 6-12, 12-18, 18-20
  EXPECT_EQ(w.back().begin, 18);
  EXPECT_EQ(w.back().end, 20);
  std::vector<std::int64_t> seen;
  for (const auto& c : w) {
    const auto t = tokens_of(r, c, p.specials);
    EXPECT_EQ(t.front(), 2);
    EXPECT_EQ(t.back(), 3);
    EXPECT_LE(t.size(), 8u);
    seen.insert(seen.end(), t.begin() + 1, t.end() - 1);
  }
  std::vector<std::int64_t> content(r.begin() + 1, r.end() - 1);
  EXPECT_EQ(seen, content);
  // With overlap the last chunk still ends at the row's end and no chunk lies inside the one before.
  const auto o = row_windows(22, policy("chunk", 8, 5));  // 0-6, 5-11, 10-16, 15-20
  ASSERT_EQ(o.size(), 4u);
  EXPECT_EQ(o.back().begin, 15);
  EXPECT_EQ(o.back().end, 20);
}

TEST(LongRows, DefaultStrideIsContentLess64OrHalfForSmallContexts) {
  EXPECT_EQ(default_chunk_stride(510), 446);  // DNABERT: 512 positions less [CLS] and [SEP]
  EXPECT_EQ(default_chunk_stride(128), 64);
  EXPECT_EQ(default_chunk_stride(62), 31);    // the tests' 64-position BERT
  EXPECT_EQ(default_chunk_stride(1), 1);
  EXPECT_EQ(policy("chunk", 64).chunk_stride(), 31);
  EXPECT_EQ(policy("chunk", 64, 10).chunk_stride(), 10);
}

TEST(LongRows, PolicyProblemsNameTheKey) {
  EXPECT_EQ(long_row_policy_problem(policy("chunk", 8, 6)), "");
  const auto wide = long_row_policy_problem(policy("chunk", 8, 7));
  EXPECT_NE(wide.find("data.chunk_stride = 7"), std::string::npos) << wide;
  EXPECT_NE(long_row_policy_problem(policy("truncate", 2)).find("no room"), std::string::npos);
  EXPECT_EQ(long_row_policy_problem(policy("error", 2)), "");
  EXPECT_THROW(row_windows(22, policy("chunk", 8, 7)), std::invalid_argument);
}

TEST(LongRows, WindowBatchPadsTheWindowsAndKeepsOneLabelPerRow) {
  TokenBatch b;
  b.rows = {5, 9};
  b.max_length = 12;
  const auto long_row = row(10), short_row = row(3);
  b.input_ids.assign(24, 0);
  b.attention_mask.assign(24, 0);
  for (size_t t = 0; t < long_row.size(); ++t) {
    b.input_ids[t] = long_row[t];
    b.attention_mask[t] = 1;
  }
  for (size_t t = 0; t < short_row.size(); ++t) {
    b.input_ids[12 + t] = short_row[t];
    b.attention_mask[12 + t] = 1;
  }
  b.labels = {1, 0};
  const auto w = window_batch(b, policy("chunk", 6, 3));  // row 5: content 10 -> 0-4, 3-7, 6-10; row 9 fits
  ASSERT_EQ(w.offsets, (std::vector<std::int64_t>{0, 3, 4}));
  EXPECT_FALSE(w.one_window_per_row());
  EXPECT_EQ(w.batch.rows, (std::vector<std::int64_t>{5, 5, 5, 9}));
  EXPECT_EQ(w.batch.labels, (std::vector<std::int64_t>{1, 0}));
  EXPECT_EQ(w.batch.max_length, 6);
  EXPECT_EQ(std::vector<std::int64_t>(w.batch.input_ids.begin() + 6, w.batch.input_ids.begin() + 12),
            (std::vector<std::int64_t>{2, 103, 104, 105, 106, 3}));
  EXPECT_EQ(std::vector<std::int64_t>(w.batch.input_ids.begin() + 18, w.batch.input_ids.end()),
            (std::vector<std::int64_t>{2, 100, 101, 102, 3, 0}));
  EXPECT_EQ(std::vector<std::int64_t>(w.batch.attention_mask.begin() + 18, w.batch.attention_mask.end()),
            (std::vector<std::int64_t>{1, 1, 1, 1, 1, 0}));
  EXPECT_EQ(w.row_lengths, (std::vector<std::int64_t>{12, 5}));
  // Rows that fit: the batch as read.
  const auto same = window_batch(b, policy("chunk", 12));
  EXPECT_TRUE(same.one_window_per_row());
  EXPECT_EQ(same.batch.input_ids, b.input_ids);
  // Error mode names the split row.
  try {
    window_batch(b, policy("error", 6));
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("row 5: a row of 12 tokens"), std::string::npos) << e.what();
  }
}

TEST(LongRows, ContextOfEachFamily) {
  config::ModelConfig m;
  m.max_position_embeddings = 512;
  m.family = "bert";
  EXPECT_EQ(config::family_spec("bert").context_tokens(m), 512);
  EXPECT_EQ(config::family_spec("dnabert2").context_tokens(m), 512);
  m.max_position_embeddings = 1002;
  m.pad_token_id = 1;
  EXPECT_EQ(config::family_spec("esm").context_tokens(m), 1000);  // NT: positions start at pad_token_id + 1
  m.family = "esm";
  const auto p = long_row_policy(config::DataConfig{}, m, "nt", 1);
  EXPECT_EQ(p.context, 1000);
  EXPECT_EQ(p.specials.trailing, 0);
  EXPECT_EQ(p.mode, "error");
}

class LongRowKeys : public ::testing::Test {
 protected:
  config::RunConfig point(const std::string& data_keys) {
    const std::string path = test_paths::scratch_dir() + "/g.toml";
    std::ofstream(path) << "[data]\ntask = \"t\"\nlength = 300\ntokens = \"x.h5\"\n" << data_keys
                        << "[model]\nfamily = \"bert\"\n";
    return config::load_grid_config(path).points.at(0);
  }
  std::string error_of(const std::string& data_keys) {
    try {
      point(data_keys);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(LongRowKeys, DefaultsParsingValidationAndIdentity) {
  const auto plain = point("");
  EXPECT_EQ(plain.data.long_sequences, "error");
  EXPECT_EQ(plain.data.truncation_side, "right");
  EXPECT_EQ(plain.data.chunk_stride, 0);
  EXPECT_EQ(plain.data.chunk_pooling, "mean");
  // Spelling the defaults out is the same run; every other value is another run.
  EXPECT_EQ(point("long_sequences = \"error\"\ntruncation_side = \"right\"\nchunk_pooling = \"mean\"\n").config_hash,
            plain.config_hash);
  const auto chunk = point("long_sequences = \"chunk\"\nchunk_stride = 100\nchunk_pooling = \"max\"\n");
  EXPECT_EQ(chunk.data.long_sequences, "chunk");
  EXPECT_EQ(chunk.data.chunk_stride, 100);
  EXPECT_EQ(chunk.data.chunk_pooling, "max");
  EXPECT_NE(chunk.config_hash, plain.config_hash);
  EXPECT_NE(point("long_sequences = \"truncate\"\ntruncation_side = \"left\"\n").config_hash,
            point("long_sequences = \"truncate\"\n").config_hash);
  EXPECT_NE(chunk.canonical_toml.find("data.chunk_pooling = \"max\"\n"), std::string::npos);
  // Bad values name the file, line and key.
  EXPECT_NE(error_of("long_sequences = \"split\"\n").find("data.long_sequences"), std::string::npos);
  EXPECT_NE(error_of("truncation_side = \"middle\"\n").find("data.truncation_side"), std::string::npos);
  EXPECT_NE(error_of("chunk_pooling = \"sum\"\n").find("data.chunk_pooling"), std::string::npos);
  EXPECT_EQ(point("chunk_stride = 0\n").config_hash, plain.config_hash);  // 0 spells the default out
  const auto stride = error_of("chunk_stride = -1\n");
  EXPECT_NE(stride.find(":5:"), std::string::npos) << stride;
  EXPECT_NE(stride.find("data.chunk_stride"), std::string::npos) << stride;
  EXPECT_NE(stride.find("must be positive"), std::string::npos) << stride;
}

TEST_F(LongRowKeys, AreGridAxes) {
  const std::string path = test_paths::scratch_dir() + "/axes.toml";
  std::ofstream(path) << "[data]\ntask = \"t\"\nlength = 300\ntokens = \"x.h5\"\n[model]\nfamily = \"bert\"\n"
                      << "[grid]\n\"data.long_sequences\" = [\"truncate\", \"chunk\"]\n"
                      << "\"data.truncation_side\" = [\"right\", \"left\"]\n";
  const auto grid = config::load_grid_config(path);
  ASSERT_EQ(grid.points.size(), 4u);
  EXPECT_EQ(grid.points[3].data.long_sequences, "chunk");
  EXPECT_EQ(grid.points[3].data.truncation_side, "left");
}

}  // namespace
}  // namespace lnc::data
