// DNABERT-2's packed layout from the host row lengths that travel with a loader batch (ForwardOptions::row_lengths,
// DeviceBatch::row_lengths): the same layout as the one read from the attention mask, bit-identical logits, hidden
// states and gradients, and no host synchronisation in the forward (counted by trainer/bench/op_counter.h), on a
// whole batch and through micro-batches and windows (forward_rows passes each pass its rows' lengths).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <map>

#include "data/token_store/token_store.h"
#include "trainer/bench/op_counter.h"
#include "trainer/components/micro_batches.h"
#include "trainer/components/row_forward.h"
#include "trainer/models/dnabert2/dnabert2_model.h"
#include "trainer/models/packed_rows.h"

namespace lnc::trainer {
namespace {

ModelConfig tiny_dnabert2() {
  ModelConfig c;
  c.family = "dnabert2";
  c.vocab_size = 40;
  c.hidden_size = 32;
  c.num_layers = 2;
  c.num_heads = 4;
  c.intermediate_size = 48;
  c.pad_token_id = 3;
  return c;  // dropout on (the presets' 0.1): runs compared from the same seed
}

// A loader-style batch: right-padded host rows of these lengths, collated as TokenStoreReader::read_rows does.
data::TokenBatch token_batch(const std::vector<std::int64_t>& lengths) {
  data::TokenBatch b;
  b.max_length = *std::max_element(lengths.begin(), lengths.end());
  for (std::size_t r = 0; r < lengths.size(); ++r) {
    b.rows.push_back(static_cast<std::int64_t>(r));
    b.labels.push_back(static_cast<std::int64_t>(r % 2));
    for (std::int64_t i = 0; i < b.max_length; ++i) {
      const bool real = i < lengths[r];
      b.input_ids.push_back(real ? 5 + (static_cast<std::int64_t>(r) * 7 + i * 3) % 30 : 3);
      b.attention_mask.push_back(real ? 1 : 0);
    }
  }
  return b;
}

struct Run {
  torch::Tensor loss;
  ClassifierOutput out;
  std::map<std::string, torch::Tensor> grads;
  OpCounts counts;
};

// One training forward + backward of `batch` in micro-batches of `micro` rows, from the same seed each time.
Run run(Dnabert2ForSequenceClassification& model, const DeviceBatch& batch, std::int64_t micro) {
  model.train();
  model.zero_grad();
  torch::manual_seed(11);
  Run r;
  {
    OpCounter counter;
    r.loss = backward_in_micro_batches_on_device(model, batch, micro, static_cast<double>(batch.rows()));
    r.counts = counter.counts();
  }
  for (auto& p : model.named_parameters())
    if (p.value().grad().defined()) r.grads[p.key()] = p.value().grad().clone();
  torch::manual_seed(12);
  r.out = forward_rows(model, batch, {/*attentions=*/false, /*hidden_states=*/true});
  return r;
}

void expect_identical(const Run& a, const Run& b, const std::string& what) {
  EXPECT_TRUE(torch::equal(a.loss, b.loss)) << what;
  EXPECT_TRUE(torch::equal(a.out.logits, b.out.logits)) << what;
  ASSERT_EQ(a.out.hidden_states.size(), b.out.hidden_states.size()) << what;
  for (std::size_t i = 0; i < a.out.hidden_states.size(); ++i)
    EXPECT_TRUE(torch::equal(a.out.hidden_states[i], b.out.hidden_states[i])) << what << " hidden " << i;
  ASSERT_EQ(a.grads.size(), b.grads.size()) << what;
  ASSERT_GT(a.grads.size(), 10u) << what;
  for (const auto& [name, g] : a.grads) EXPECT_TRUE(torch::equal(g, b.grads.at(name))) << what << " " << name;
}

TEST(Dnabert2HostLengths, SameLayoutAsTheMask) {
  const auto b = token_batch({9, 1, 4, 9, 0});
  const auto mask = torch::tensor(b.attention_mask, torch::kLong).view({5, 9});
  const auto lengths = right_padded_lengths(b.attention_mask, 5, 9);
  EXPECT_EQ(lengths, (std::vector<std::int64_t>{9, 1, 4, 9, 0}));
  const auto from_mask = PackedRows::from_mask(mask), from_lengths = PackedRows::from_lengths(mask, lengths);
  EXPECT_TRUE(torch::equal(from_mask.indices, from_lengths.indices));
  EXPECT_EQ(from_mask.lengths, from_lengths.lengths);
  EXPECT_EQ(from_mask.total, from_lengths.total);
  EXPECT_EQ(from_mask.right_padded, from_lengths.right_padded);
  EXPECT_TRUE(PackedRows::from(mask, {}).right_padded);
  EXPECT_THROW(PackedRows::from_lengths(mask, {9, 1}), std::invalid_argument);
  EXPECT_THROW(PackedRows::from_lengths(mask, {9, 1, 4, 10, 0}), std::invalid_argument);
  // A row with a hole is not right-padded: no host lengths, the model reads the mask.
  auto holes = b.attention_mask;
  holes[9 + 3] = 1;  // row 1: a real token after its padding
  EXPECT_TRUE(right_padded_lengths(holes, 5, 9).empty());
}

TEST(Dnabert2HostLengths, IdenticalOutputsAndGradientsWithoutAHostRead) {
  torch::manual_seed(5);
  Dnabert2ForSequenceClassification model(tiny_dnabert2());
  for (auto path : {PaddingPath::automatic, PaddingPath::unpadded_repadded_attention}) {
    model.set_padding_path(path);
    for (std::int64_t micro : {0, 2}) {
      const auto with = to_device_batch(token_batch({12, 3, 7, 1, 12}), torch::kCPU);
      ASSERT_EQ(with.row_lengths, (std::vector<std::int64_t>{12, 3, 7, 1, 12}));
      auto without = with;
      without.row_lengths.clear();  // tensors only: the mask is read on the host
      const std::string what = "micro-batch " + std::to_string(micro) + " path " +
                               std::to_string(static_cast<int>(path));
      const auto a = run(model, with, micro), b = run(model, without, micro);
      expect_identical(a, b, what);
      EXPECT_EQ(a.counts.host_syncs, 0) << what;  // the loss stays on the device, lengths came from the host
      EXPECT_EQ(b.counts.host_syncs, micro_batch_count(5, micro)) << what;  // one mask read per forward
    }
  }
}

TEST(Dnabert2HostLengths, WindowsOfChunkedRowsCarryTheirLengths) {
  torch::manual_seed(6);
  Dnabert2ForSequenceClassification model(tiny_dnabert2());
  data::WindowedBatch windows;
  windows.batch = token_batch({10, 4, 10, 2});  // windows 0-1 are row 0, 2-3 row 1
  windows.batch.labels = {0, 1};  // one label per source row
  windows.offsets = {0, 2, 4};
  auto with = to_device_batch(windows, "mean", torch::kCPU);
  ASSERT_EQ(with.window_offsets, (std::vector<std::int64_t>{0, 2, 4}));
  ASSERT_EQ(with.row_lengths, (std::vector<std::int64_t>{10, 4, 10, 2}));
  auto without = with;
  without.row_lengths.clear();
  const auto a = run(model, with, 1), b = run(model, without, 1);
  expect_identical(a, b, "windows");
  EXPECT_EQ(a.counts.host_syncs, 0);
  EXPECT_EQ(b.counts.host_syncs, 2);
}

}  // namespace
}  // namespace lnc::trainer
