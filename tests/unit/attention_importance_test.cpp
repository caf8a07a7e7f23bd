// Attention importance per base (DNABERT recipe) on hand-built attention and on the DNABERT v1 fixture's last layer.
#include "trainer/importance/attention_importance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "data/tokenizers/kmer_tokenizer.h"
#include "tests/unit/test_paths.h"

namespace lnc::trainer {
namespace {

TEST(AttentionImportance, HandBuiltThreeMersSpreadAndNormalise) {
  // 5 bases, 3-mers: [CLS] t1[0,3) t2[1,4) t3[2,5) [SEP]; 2 heads, seq_len 6 (one padding column).
  data::Encoding e;
  e.push(2, -1, -1);
  e.push(10, 0, 3);
  e.push(11, 1, 4);
  e.push(12, 2, 5);
  e.push(3, -1, -1);
  const std::size_t H = 2, L = 6;
  std::vector<float> att(H * L * L, 0.5f);  // rows other than 0 must be ignored
  const float row_h0[L] = {0.1f, 0.2f, 0.3f, 0.1f, 0.3f, 0.0f};
  const float row_h1[L] = {0.0f, 0.4f, 0.1f, 0.3f, 0.2f, 0.0f};
  std::copy(row_h0, row_h0 + L, att.begin());
  std::copy(row_h1, row_h1 + L, att.begin() + L * L);
  // token scores (sum over heads): t1 0.6, t2 0.4, t3 0.4
  // bases: b0 = 0.6, b1 = (0.6+0.4)/2 = 0.5, b2 = (0.6+0.4+0.4)/3, b3 = 0.4, b4 = 0.4
  std::vector<double> raw{0.6, 0.5, 1.4 / 3, 0.4, 0.4};
  double norm = 0;
  for (double v : raw) norm += v * v;
  norm = std::sqrt(norm);
  auto out = attention_importance(att.data(), H, L, e, 5);
  ASSERT_EQ(out.size(), 5u);
  for (std::size_t b = 0; b < 5; ++b) EXPECT_NEAR(out[b], raw[b] / norm, 1e-6) << b;
}

TEST(AttentionImportance, UncoveredBasesAreZeroAndBadSpansThrow) {
  data::Encoding e;
  e.push(2, -1, -1);
  e.push(10, 1, 2);  // only base 1 covered (e.g. a truncated window)
  std::vector<float> att{0.0f, 0.7f, 0.0f, 0.0f};  // 1 head, seq_len 2
  auto out = attention_importance(att.data(), 1, 2, e, 3);
  EXPECT_EQ(out, (std::vector<float>{0.0f, 1.0f, 0.0f}));
  EXPECT_THROW(attention_importance(att.data(), 1, 2, e, 1), std::invalid_argument);  // span past the sequence
  EXPECT_THROW(attention_importance(att.data(), 1, 1, e, 3), std::invalid_argument);  // more tokens than seq_len
  std::vector<float> zero(4, 0.0f);
  EXPECT_EQ(attention_importance(zero.data(), 1, 2, e, 3), (std::vector<float>{0, 0, 0}));  // no NaN
}

TEST(AttentionImportance, OffsetsRelativeToTss) {
  EXPECT_EQ(offset_from_tss(0, 300), -249);
  EXPECT_EQ(offset_from_tss(249, 300), 0);
  EXPECT_EQ(offset_from_tss(299, 300), 50);
  EXPECT_EQ(offset_from_tss(0, 2000), -1949);
}

// Minimal safetensors read of one F32 tensor (layout in the fixture README).
std::vector<float> read_f32(const std::string& path, const std::string& name, std::vector<std::int64_t>& shape) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::uint64_t n = 0;
  std::memcpy(&n, bytes.data(), 8);
  auto header = nlohmann::json::parse(bytes.substr(8, n));
  const auto& t = header.at(name);
  EXPECT_EQ(t.at("dtype"), "F32");
  shape = t.at("shape").get<std::vector<std::int64_t>>();
  auto offsets = t.at("data_offsets").get<std::vector<std::size_t>>();
  std::vector<float> out((offsets[1] - offsets[0]) / 4);
  std::memcpy(out.data(), bytes.data() + 8 + n + offsets[0], offsets[1] - offsets[0]);
  return out;
}

TEST(AttentionImportance, DnabertFixtureLastLayerMatchesUpstreamRecipe) {
  std::vector<std::int64_t> shape;
  auto att = read_f32(test_paths::source("tests/fixtures/dnabert1_bert_attention/expected.safetensors"),
                      "attentions.1", shape);
  ASSERT_EQ(shape, (std::vector<std::int64_t>{3, 4, 16, 16}));
  auto tok = data::KmerTokenizer::from_vocab_file(test_paths::source("data/assets/dnabert_vocab/3/vocab.txt"), 3);
  const std::vector<std::string> seqs{"ATGCGTACGTTAGCCA", "GATTACAGATTA", "CCGGTTAAC"};
  // numpy, DNABERT get_real_score(mean) + L2 norm over the k-mer tokens (fixture README); 9 significant digits.
  const std::vector<std::vector<double>> expected{
      {0.255741887, 0.283393818, 0.276672219, 0.318776381, 0.277404994, 0.255662278, 0.17177626, 0.225709324,
       0.204279939, 0.217008524, 0.17876178, 0.178097855, 0.287100515, 0.268914654, 0.33751151, 0.179432967},
      {0.462018366, 0.388369988, 0.385559383, 0.313470016, 0.250009881, 0.196413634, 0.204790412, 0.234867649,
       0.242758844, 0.216769769, 0.217868196, 0.192913375},
      {0.193354465, 0.231568886, 0.237495415, 0.233419117, 0.219316433, 0.276325443, 0.394977643, 0.478728836,
       0.537082172}};
  const std::size_t H = 4, L = 16;
  std::vector<data::Encoding> encodings;
  std::vector<std::size_t> bases;
  for (const auto& s : seqs) {
    encodings.push_back(tok->encode(s));
    bases.push_back(s.size());
    ASSERT_EQ(encodings.back().ids.size(), s.size() - 3 + 1 + 2);
  }
  auto batch = attention_importance_batch(att.data(), H, L, encodings, bases);
  ASSERT_EQ(batch.size(), 3u);
  for (std::size_t b = 0; b < seqs.size(); ++b) {
    ASSERT_EQ(batch[b].size(), expected[b].size());
    for (std::size_t i = 0; i < batch[b].size(); ++i)
      EXPECT_NEAR(batch[b][i], expected[b][i], 2e-7) << "seq " << b << " base " << i;
  }
}

}  // namespace
}  // namespace lnc::trainer
