// DNABERT-2's unpadded path (padding removed after the embeddings, attention per row or on re-padded qkv) gives
// the padded path's logits, hidden states and parameter gradients within 1e-5 on batches with very uneven lengths,
// and still matches the upstream fixture.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>

#include "tests/unit/test_paths.h"
#include "trainer/checkpoint/safetensors_torch.h"
#include "trainer/models/attention.h"
#include "trainer/models/dnabert2/dnabert2_model.h"
#include "trainer/models/model_directory.h"

namespace lnc::trainer {
namespace {

constexpr double kTolerance = 1e-5;

double max_abs_diff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

ModelConfig small_dnabert2() {
  ModelConfig c;
  c.family = "dnabert2";
  c.vocab_size = 60;
  c.hidden_size = 48;
  c.num_layers = 3;
  c.num_heads = 6;  // not a power of two: the interleaved ALiBi slopes
  c.intermediate_size = 80;
  c.hidden_dropout = 0.0;  // deterministic, so training-mode paths must agree up to rounding
  c.attention_dropout = 0.0;
  c.pad_token_id = 3;
  return c;
}

// Right-padded rows of the given lengths (1 = a lone [CLS]) in a batch padded to the longest.
std::pair<torch::Tensor, torch::Tensor> batch_with_lengths(const std::vector<int64_t>& lengths, int64_t vocab) {
  const int64_t L = *std::max_element(lengths.begin(), lengths.end());
  const auto B = static_cast<int64_t>(lengths.size());
  auto ids = torch::randint(5, vocab, {B, L}, torch::kLong);
  auto mask = torch::zeros({B, L}, torch::kLong);
  for (int64_t b = 0; b < B; ++b) mask[b].narrow(0, 0, lengths[static_cast<size_t>(b)]).fill_(1);
  ids = ids * mask + 3 * (1 - mask);
  return {ids, mask};
}

struct PathResult {
  ClassifierOutput out;
  std::map<std::string, torch::Tensor> grads;
};

PathResult run_path(Dnabert2ForSequenceClassification& model, PaddingPath path, const torch::Tensor& ids,
                    const torch::Tensor& mask, const torch::Tensor& labels) {
  model.set_padding_path(path);
  model.zero_grad();
  PathResult r;
  r.out = model.forward(ids, mask, {/*attentions=*/false, /*hidden_states=*/true});
  torch::nn::functional::cross_entropy(r.out.logits, labels).backward();
  for (auto& p : model.named_parameters())
    if (p.value().grad().defined()) r.grads[p.key()] = p.value().grad().clone();
  return r;
}

void expect_same(const PathResult& a, const PathResult& b, const std::string& what) {
  EXPECT_LE(max_abs_diff(a.out.logits, b.out.logits), kTolerance) << what << " logits";
  EXPECT_LE(max_abs_diff(a.out.last_hidden_state, b.out.last_hidden_state), kTolerance) << what << " last hidden";
  ASSERT_EQ(a.out.hidden_states.size(), b.out.hidden_states.size()) << what;
  for (size_t i = 0; i < a.out.hidden_states.size(); ++i)
    EXPECT_LE(max_abs_diff(a.out.hidden_states[i], b.out.hidden_states[i]), kTolerance) << what << " hidden " << i;
  ASSERT_EQ(a.grads.size(), b.grads.size()) << what;
  for (const auto& [name, g] : a.grads) {
    ASSERT_TRUE(b.grads.count(name)) << what << " " << name;
    EXPECT_LE(max_abs_diff(g, b.grads.at(name)), kTolerance) << what << " grad " << name;
  }
}

TEST(Dnabert2Unpadded, SameLogitsHiddenStatesAndGradientsAsPaddedOnUnevenBatches) {
  torch::manual_seed(3);
  Dnabert2ForSequenceClassification model(small_dnabert2());
  model.train();
  for (const auto& lengths : std::vector<std::vector<int64_t>>{{97, 1, 7, 60, 2, 33}, {5, 128}, {64, 64, 3}}) {
    auto [ids, mask] = batch_with_lengths(lengths, 60);
    auto labels = torch::randint(0, 2, {static_cast<int64_t>(lengths.size())}, torch::kLong);
    const auto padded = run_path(model, PaddingPath::padded, ids, mask, labels);
    ASSERT_GT(padded.grads.size(), 10u);
    expect_same(padded, run_path(model, PaddingPath::unpadded_per_row_attention, ids, mask, labels), "per-row");
    expect_same(padded, run_path(model, PaddingPath::unpadded_repadded_attention, ids, mask, labels), "re-padded");
    // Padded positions of the unpadded path's states are exactly zero, as upstream's pad_input leaves them.
    const auto unpadded = run_path(model, PaddingPath::automatic, ids, mask, labels);
    auto pad = (mask == 0).unsqueeze(-1).expand_as(unpadded.out.last_hidden_state);
    EXPECT_EQ(unpadded.out.last_hidden_state.masked_select(pad).abs().max().item<float>(), 0.0f);
  }
}

TEST(Dnabert2Unpadded, MaskWithHolesFallsBackToRepaddedAttentionAndStillMatches) {
  torch::manual_seed(4);
  Dnabert2ForSequenceClassification model(small_dnabert2());
  model.eval();
  auto [ids, mask] = batch_with_lengths({20, 12, 5}, 60);
  mask[1][4] = 0;  // a hole inside row 1: ALiBi positions are the padded ones, per-row attention cannot serve it
  const auto rows = PackedRows::from_mask(mask);
  EXPECT_FALSE(rows.right_padded);
  auto labels = torch::tensor({0, 1, 0}, torch::kLong);
  const auto padded = run_path(model, PaddingPath::padded, ids, mask, labels);
  expect_same(padded, run_path(model, PaddingPath::unpadded_per_row_attention, ids, mask, labels), "holes");
}

TEST(Dnabert2Unpadded, AutomaticChoiceIsUnpaddedOnlyWhenThereIsPaddingAndNoProbabilities) {
  const auto uneven = PackedRows::from_mask(torch::tensor({1, 1, 1, 1, 0, 0}, torch::kLong).view({2, 3}));
  const auto full = PackedRows::from_mask(torch::ones({2, 3}, torch::kLong));
  EXPECT_EQ(uneven.total, 4);
  EXPECT_EQ(uneven.lengths, (std::vector<int64_t>{3, 1}));
  EXPECT_EQ(choose_padding_path(PaddingPath::automatic, uneven, false), PaddingPath::unpadded_per_row_attention);
  EXPECT_EQ(choose_padding_path(PaddingPath::automatic, uneven, true), PaddingPath::padded);
  EXPECT_EQ(choose_padding_path(PaddingPath::automatic, full, false), PaddingPath::padded);
  EXPECT_EQ(choose_padding_path(PaddingPath::unpadded_repadded_attention, uneven, false),
            PaddingPath::unpadded_repadded_attention);
  auto x = torch::arange(12, torch::kFloat32).view({2, 3, 2});
  auto packed = uneven.unpad(x);
  EXPECT_EQ(packed.sizes(), (std::vector<int64_t>{4, 2}));
  auto back = uneven.pad(packed);
  EXPECT_TRUE(torch::equal(back, x * uneven.mask.unsqueeze(-1).to(torch::kFloat32)));
}

TEST(Dnabert2Unpadded, MatchesTheUpstreamFixtureOnBothAttentionKernels) {
  const auto dir = test_paths::source("tests/fixtures/dnabert2");
  auto loaded = load_model_directory(dir);
  loaded.model->eval();
  auto& model = dynamic_cast<Dnabert2ForSequenceClassification&>(*loaded.model);
  auto e = load_safetensors(dir + "/expected.safetensors");
  ASSERT_TRUE(PackedRows::from_mask(e["attention_mask"]).has_padding());
  torch::NoGradGuard no_grad;
  for (auto path : {PaddingPath::unpadded_per_row_attention, PaddingPath::unpadded_repadded_attention}) {
    model.set_padding_path(path);
    const auto out = model.forward(e["input_ids"], e["attention_mask"]);
    EXPECT_LE(max_abs_diff(out.logits, e["logits"]), kTolerance);
    EXPECT_LE(max_abs_diff(out.last_hidden_state, e["last_hidden_state"]), kTolerance);
    EXPECT_LE(max_abs_diff(out.pooled, e["pooler_output"]), kTolerance);
  }
}

}  // namespace
}  // namespace lnc::trainer
