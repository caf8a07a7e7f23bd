// Chunked rows through the model (trainer/components/row_forward.h), on every family: the logits of a batch of
// chunked rows equal those computed by hand (each chunk encoded alone, its pooled output taken, the chunks of a row
// averaged or max-pooled, the head applied) within 1e-5; truncated rows equal the model on the kept tokens; rows
// that fit are the plain forward; gradients reach the encoder through every chunk; micro-batches of chunked rows
// give the one-pass gradient.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <random>

#include "config/model_families.h"
#include "data/batching/long_rows.h"
#include "trainer/components/micro_batches.h"
#include "trainer/components/row_forward.h"
#include "tests/unit/tiny_family_config.h"
#include "trainer/models/model_factory.h"

namespace lnc::trainer {
namespace {

constexpr std::int32_t kPad = 1;

ModelConfig tiny(const std::string& family) { return tiny_family_config(family, kPad); }

// Rows [CLS]=3 ... [SEP]=0 (tokens 4..39) of the given lengths, padded with kPad to the longest.
data::TokenBatch rows_of(const std::vector<int>& lengths, unsigned seed) {
  std::mt19937 rng(seed);
  data::TokenBatch b;
  int longest = 0;
  for (int l : lengths) longest = std::max(longest, l);
  b.max_length = longest;
  for (size_t r = 0; r < lengths.size(); ++r) {
    b.rows.push_back(static_cast<std::int64_t>(r));
    b.labels.push_back(static_cast<std::int64_t>(r % 2));
    for (int t = 0; t < longest; ++t) {
      const bool real = t < lengths[r];
      std::int64_t id = t == 0 ? 3 : t == lengths[r] - 1 ? 0 : 4 + static_cast<std::int64_t>(rng() % 36);
      b.input_ids.push_back(real ? id : kPad);
      b.attention_mask.push_back(real ? 1 : 0);
    }
  }
  return b;
}

data::LongRowPolicy chunking(const SequenceClassifier& model, const std::string& mode, const std::string& pooling,
                             std::int64_t stride = 0) {
  config::DataConfig d;
  d.long_sequences = mode;
  d.chunk_pooling = pooling;
  d.chunk_stride = stride;
  d.truncation_side = "right";
  return data::long_row_policy(d, model.config(), "kmer", kPad);
}

// Row r's windows encoded one at a time.
torch::Tensor logits_by_hand(SequenceClassifier& model, const data::TokenBatch& b, const data::LongRowPolicy& p) {
  std::vector<torch::Tensor> rows;
  for (size_t r = 0; r < b.rows.size(); ++r) {
    std::int64_t length = 0;
    for (std::int64_t t = 0; t < b.max_length; ++t) length += b.attention_mask[r * b.max_length + t];
    std::vector<torch::Tensor> pooled;
    for (const auto& w : data::row_windows(length, p)) {
      std::vector<std::int64_t> ids;
      for (auto pos : data::window_positions(length, w, p.specials)) ids.push_back(b.input_ids[r * b.max_length + pos]);
      auto t = torch::tensor(ids, torch::kInt64).unsqueeze(0);
      pooled.push_back(model.forward(t, torch::ones_like(t)).pooled);
    }
    auto all = torch::cat(pooled);
    rows.push_back(p.pooling == "max" ? std::get<0>(all.max(0, true)) : all.mean(0, true));
  }
  return model.classify_pooled(torch::cat(rows));
}

class ChunkedForward : public ::testing::TestWithParam<std::string> {};

TEST_P(ChunkedForward, ChunkedLogitsEqualTheChunksEncodedByHandAndPooled) {
  torch::manual_seed(7);
  auto model = create_model(tiny(GetParam()));
  model->eval();
  torch::NoGradGuard no_grad;
  const auto batch = rows_of({150, 40, 64, 65, 200}, 1);
  for (const char* pooling : {"mean", "max"}) {
    const auto p = chunking(*model, "chunk", pooling);
    ASSERT_GT(p.context, 60);
    auto device_batch = windowed_device_batch(batch, p, torch::kCPU);
    ASSERT_FALSE(device_batch.window_offsets.empty());
    const auto logits = forward_rows(*model, device_batch).logits;
    ASSERT_EQ(logits.size(0), 5);
    const auto expected = logits_by_hand(*model, batch, p);
    EXPECT_LT((logits - expected).abs().max().item<double>(), 1e-5) << pooling << "\n" << logits << expected;
    // Mean and max differ on multi-chunk rows (the pooling is applied), agree on the rows that fit.
  }
  const auto mean = forward_rows(*model, windowed_device_batch(batch, chunking(*model, "chunk", "mean"), torch::kCPU)).logits;
  const auto max = forward_rows(*model, windowed_device_batch(batch, chunking(*model, "chunk", "max"), torch::kCPU)).logits;
  EXPECT_GT((mean[0] - max[0]).abs().max().item<double>(), 1e-6);
  EXPECT_LT((mean[1] - max[1]).abs().max().item<double>(), 1e-6);
}

TEST_P(ChunkedForward, TruncatedRowsAreTheModelOnTheKeptTokensAndFittingRowsThePlainForward) {
  torch::manual_seed(8);
  auto model = create_model(tiny(GetParam()));
  model->eval();
  torch::NoGradGuard no_grad;
  const auto batch = rows_of({150, 40}, 2);
  for (const char* side : {"right", "left"}) {
    auto p = chunking(*model, "truncate", "mean");
    p.side = side;
    const auto logits = forward_rows(*model, windowed_device_batch(batch, p, torch::kCPU)).logits;
    EXPECT_LT((logits - logits_by_hand(*model, batch, p)).abs().max().item<double>(), 1e-5) << side;
  }
  // Rows within the context: every mode is the plain forward of the batch as read.
  const auto fits = rows_of({60, 40}, 3);
  const auto plain = model->forward(to_device_batch(fits, torch::kCPU).input_ids,
                                    to_device_batch(fits, torch::kCPU).attention_mask).logits;
  for (const char* mode : {"error", "truncate", "chunk"}) {
    const auto b = windowed_device_batch(fits, chunking(*model, mode, "max"), torch::kCPU);
    EXPECT_TRUE(b.window_offsets.empty());
    EXPECT_TRUE(torch::equal(forward_rows(*model, b).logits, plain)) << mode;
  }
  EXPECT_THROW(windowed_device_batch(batch, chunking(*model, "error", "mean"), torch::kCPU), std::invalid_argument);
}

TEST_P(ChunkedForward, GradientsFlowThroughEveryChunkAndMicroBatchesMatchOnePass) {
  auto grads = [&](std::int64_t micro) {
    torch::manual_seed(9);
    auto model = create_model(tiny(GetParam()));
    model->train();
    const auto batch = rows_of({150, 40, 130}, 4);
    const auto b = windowed_device_batch(batch, chunking(*model, "chunk", "mean"), torch::kCPU);
    backward_in_micro_batches(*model, b, micro, 3.0);
    std::vector<torch::Tensor> out;
    for (auto& p : model->parameters())
      out.push_back(p.grad().defined() ? p.grad().clone() : torch::zeros_like(p));
    return out;
  };
  const auto one = grads(0), micro = grads(1);
  double total = 0;
  for (size_t i = 0; i < one.size(); ++i) {
    total += one[i].abs().sum().item<double>();
    EXPECT_LT((one[i] - micro[i]).abs().max().item<double>(), 1e-5) << i;
  }
  EXPECT_GT(total, 0.0);
}

INSTANTIATE_TEST_SUITE_P(EveryFamily, ChunkedForward, ::testing::ValuesIn(config::family_names(true)));

}  // namespace
}  // namespace lnc::trainer
