// Every model family against the outputs of its upstream Python implementation (tests/fixtures/<name>/, see
// MODELS_PROVENANCE.md and each README): logits, pooled output, last hidden state, every hidden_states.i and
// attentions.i within 1e-5 in float32. Padded rows are compared too: our BERT/ESM compute them with the same
// operations as HF, and our DNABERT-2 zeroes padded q/k/v exactly as upstream's re-padding does.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "trainer/checkpoint/safetensors_torch.h"
#include "trainer/models/dnabert2/dnabert2_model.h"
#include "trainer/models/esm/esm_model.h"
#include "trainer/models/model_directory.h"
#include "tests/unit/test_paths.h"

namespace lnc::trainer {
namespace {

constexpr double kTolerance = 1e-5;

double max_abs_diff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

#define EXPECT_TENSOR_NEAR(actual, expected, what)                                                   \
  do {                                                                                               \
    ASSERT_TRUE((actual).defined()) << what;                                                         \
    ASSERT_EQ((actual).sizes(), (expected).sizes()) << what;                                         \
    EXPECT_LE(max_abs_diff((actual), (expected)), kTolerance) << what;                               \
  } while (0)

struct Fixture {
  std::string dir;
  LoadedModel loaded;
  std::map<std::string, torch::Tensor> expected;
};

Fixture open_fixture(const std::string& name) {
  Fixture f;
  f.dir = test_paths::source("tests/fixtures/" + name);
  f.loaded = load_model_directory(f.dir);
  f.loaded.model->eval();
  f.expected = load_safetensors(f.dir + "/expected.safetensors");
  return f;
}

class ModelParity : public ::testing::TestWithParam<std::string> {};

TEST_P(ModelParity, LoadsEveryTensorByItsHuggingFaceName) {
  auto f = open_fixture(GetParam());
  const auto& r = f.loaded.report;
  EXPECT_TRUE(r.missing.empty()) << r.summary();
  EXPECT_TRUE(r.unexpected.empty()) << r.summary();
  EXPECT_TRUE(r.mismatched.empty()) << r.summary();
  EXPECT_GT(r.loaded, 10);
}

TEST_P(ModelParity, MatchesUpstreamOutputsWithinTolerance) {
  auto f = open_fixture(GetParam());
  auto& e = f.expected;
  torch::NoGradGuard no_grad;
  const auto out = f.loaded.model->forward(e["input_ids"], e["attention_mask"], {/*attentions=*/true, /*hidden=*/true});
  EXPECT_TENSOR_NEAR(out.logits, e["logits"], "logits");
  EXPECT_TENSOR_NEAR(out.last_hidden_state, e["last_hidden_state"], "last_hidden_state");
  if (e.count("pooler_output")) EXPECT_TENSOR_NEAR(out.pooled, e["pooler_output"], "pooler_output");
  if (e.count("cls_hidden")) EXPECT_TENSOR_NEAR(out.last_hidden_state.select(1, 0), e["cls_hidden"], "cls_hidden");
  const int layers = f.loaded.model->config().num_layers;
  ASSERT_EQ(out.attentions.size(), static_cast<size_t>(layers));
  int compared = 0;
  for (int i = 0; i < layers; ++i) {
    const auto key = "attentions." + std::to_string(i);
    ASSERT_TRUE(e.count(key)) << key;
    EXPECT_TENSOR_NEAR(out.attentions[i], e[key], key);
    ++compared;
  }
  ASSERT_EQ(out.hidden_states.size(), static_cast<size_t>(layers + 1));
  for (int i = 0; i <= layers; ++i) {
    const auto key = "hidden_states." + std::to_string(i);
    if (!e.count(key)) continue;  // DNABERT-2 upstream has no padded per-layer states
    EXPECT_TENSOR_NEAR(out.hidden_states[i], e[key], key);
    ++compared;
  }
  EXPECT_GE(compared, layers);
}

TEST_P(ModelParity, FusedAttentionPathEqualsExplicitPath) {
  auto f = open_fixture(GetParam());
  auto& e = f.expected;
  torch::NoGradGuard no_grad;
  const auto fused = f.loaded.model->forward(e["input_ids"], e["attention_mask"], {});
  const auto explicit_path = f.loaded.model->forward(e["input_ids"], e["attention_mask"], {true, false});
  EXPECT_TRUE(fused.attentions.empty());
  EXPECT_LE(max_abs_diff(fused.logits, explicit_path.logits), kTolerance);
  EXPECT_LE(max_abs_diff(fused.logits, e["logits"]), kTolerance);
  // Only real positions: padded query rows of a fused kernel are free to differ in rounding.
  auto mask = e["attention_mask"].to(torch::kFloat32).unsqueeze(-1);
  EXPECT_LE(max_abs_diff(fused.last_hidden_state * mask, explicit_path.last_hidden_state * mask), kTolerance);
}

TEST_P(ModelParity, PaddingDoesNotChangeRealTokensOutputs) {
  // The shortest row alone (no padding) must give the logits it gets inside the padded batch.
  auto f = open_fixture(GetParam());
  auto& e = f.expected;
  torch::NoGradGuard no_grad;
  const auto lengths = e["attention_mask"].sum(1);
  const int64_t row = lengths.argmin().item<int64_t>(), len = lengths[row].item<int64_t>();
  ASSERT_LT(len, e["input_ids"].size(1));
  auto ids = e["input_ids"].narrow(0, row, 1).narrow(1, 0, len);
  auto mask = e["attention_mask"].narrow(0, row, 1).narrow(1, 0, len);
  const auto alone = f.loaded.model->forward(ids, mask);
  EXPECT_LE(max_abs_diff(alone.logits, e["logits"].narrow(0, row, 1)), kTolerance);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ModelParity,
                         ::testing::Values("dnabert1_bert", "dnabert2", "nt_v1_esm_absolute", "nt_v1_token_dropout",
                                           "esm_rotary", "nt_v2_swiglu"));

TEST(Dnabert2Parity, AlibiBiasAndSlopesMatchUpstream) {
  auto f = open_fixture("dnabert2");
  auto& model = dynamic_cast<Dnabert2ForSequenceClassification&>(*f.loaded.model);
  const auto& expected = f.expected["alibi_bias"];
  EXPECT_TRUE(torch::equal(model.alibi(expected.size(1)), expected));
  const auto slopes = alibi_slopes(12);
  ASSERT_EQ(slopes.size(), 12u);
  EXPECT_DOUBLE_EQ(slopes[0], 0.5);
  EXPECT_DOUBLE_EQ(slopes[7], std::pow(2.0, -8));
  EXPECT_DOUBLE_EQ(slopes[8], std::pow(2.0, -0.5));
  EXPECT_DOUBLE_EQ(slopes[11], std::pow(2.0, -3.5));
  const auto eight = alibi_slopes(8);  // power of two: 2^-1 ... 2^-8
  ASSERT_EQ(eight.size(), 8u);
  for (int i = 0; i < 8; ++i) EXPECT_DOUBLE_EQ(eight[i], std::pow(2.0, -(i + 1)));
}

TEST(ModelLimits, SequencesLongerThanThePositionTableAreRefused) {
  for (const char* name : {"dnabert1_bert", "nt_v1_esm_absolute"}) {
    auto f = open_fixture(name);
    const int64_t L = f.loaded.model->config().max_position_embeddings + 1;
    auto ids = torch::full({1, L}, 5, torch::kInt64);
    EXPECT_THROW(f.loaded.model->forward(ids, torch::ones({1, L}, torch::kInt64)), std::invalid_argument) << name;
  }
}

TEST(Dnabert2Parity, PaddedPositionsOfHiddenStatesAreExactlyZero) {
  auto f = open_fixture("dnabert2");
  auto& e = f.expected;
  torch::NoGradGuard no_grad;
  for (bool attentions : {false, true}) {
    const auto out = f.loaded.model->forward(e["input_ids"], e["attention_mask"], {attentions, true});
    auto pad = (e["attention_mask"] == 0).unsqueeze(-1).expand_as(out.last_hidden_state);
    EXPECT_EQ(out.last_hidden_state.masked_select(pad).abs().max().item<float>(), 0.0f);
    for (const auto& h : out.hidden_states) EXPECT_EQ(h.masked_select(pad).abs().max().item<float>(), 0.0f);
  }
}

TEST(EsmParity, TokenDropoutRescalesInEvalAndZeroesMaskEmbeddings) {
  auto f = open_fixture("nt_v1_token_dropout");
  auto& e = f.expected;
  torch::NoGradGuard no_grad;
  const auto out = f.loaded.model->forward(e["input_ids"], e["attention_mask"], {false, true});
  // At <mask> positions the embedding output is the position embedding alone.
  auto& esm = dynamic_cast<EsmForSequenceClassification&>(*f.loaded.model);
  const int64_t pos = 5 + 1 + 1;  // row 0, token 5: cumsum position 6 + padding_idx 1
  EXPECT_TRUE(torch::allclose(out.hidden_states[0][0][5], esm.esm->embeddings->position_embeddings->weight[pos]));
  // Rows without <mask> are still rescaled by 0.88 in eval: row 1 = 0.88 * word + position embedding.
  auto ids = e["input_ids"][1];
  auto not_pad = (ids != 1).to(torch::kInt64);
  auto positions = torch::cumsum(not_pad, 0) * not_pad + 1;
  auto& emb = *esm.esm->embeddings;
  auto manual = (emb.word_embeddings->weight.index_select(0, ids) * 0.88 +
                 emb.position_embeddings->weight.index_select(0, positions)) *
                e["attention_mask"][1].to(torch::kFloat32).unsqueeze(-1);
  EXPECT_LE(max_abs_diff(out.hidden_states[0][1], manual), kTolerance);
  EXPECT_LE(max_abs_diff(out.hidden_states[0], e["hidden_states.0"]), kTolerance);
}

}  // namespace
}  // namespace lnc::trainer
