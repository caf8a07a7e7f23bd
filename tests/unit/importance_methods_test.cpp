// Importance methods beyond attention: ISM equals a brute-force loop over mutants exactly on a hand-built model
// (with a real k-mer tokenizer, so a substitution changes three tokens); integrated gradients satisfy completeness
// (attributions sum to the logit difference from the baseline within 1% at 64 steps) for every family, padded and
// unpadded, with and without LoRA; the word-embedding override is a plain forward; the per-base spread keeps sums.
// On rows longer than the context (chunked, mean and max pooling; truncated, both sides): ISM equals the brute-force
// loop through forward_rows exactly, forwarding only the windows mutants change; IG's completeness holds on the row.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <functional>

#include "config/model_families.h"
#include "data/batching/long_rows.h"
#include "data/token_store/token_store.h"
#include "data/tokenizers/tokenizer_loader.h"
#include "tests/unit/test_paths.h"
#include "tests/unit/tiny_family_config.h"
#include "trainer/components/row_forward.h"
#include "trainer/importance/base_spread.h"
#include "trainer/importance/in_silico_mutagenesis.h"
#include "trainer/importance/integrated_gradients.h"
#include "trainer/importance/ism_mutants.h"
#include "trainer/lora/apply_lora.h"
#include "trainer/models/model_factory.h"

namespace lnc::trainer {
namespace {

// Logit c of a row = sum over its real tokens t of w[c][id_t] * (t % 3 + 1): integer weights, so every sum is exact
// in float32 whatever the batching, and a brute-force loop must give the very same numbers.
class HandBuiltModel : public SequenceClassifier {
 public:
  explicit HandBuiltModel(int vocab) : SequenceClassifier(ModelConfig{}) {
    w_ = torch::zeros({2, vocab});
    for (int i = 0; i < vocab; ++i) {
      w_[0][i] = static_cast<float>((i * 7) % 5 - 2);
      w_[1][i] = static_cast<float>((i * 3) % 7 - 3);
    }
  }
  ClassifierOutput forward(const torch::Tensor& ids, const torch::Tensor& mask, const ForwardOptions& = {}) override {
    ++forward_calls;
    auto weight = (torch::arange(ids.size(1)).remainder(3) + 1).to(torch::kFloat32).unsqueeze(0) *
                  mask.to(torch::kFloat32);
    ClassifierOutput out;
    out.logits = torch::stack({(w_[0].index({ids}) * weight).sum(1), (w_[1].index({ids}) * weight).sum(1)}, 1);
    return out;
  }
  // Only chunked rows reach the head on pooled outputs; these rows are single windows.
  torch::Tensor classify_pooled(const torch::Tensor& pooled) override { return pooled; }
  std::vector<std::string> head_parameter_prefixes() const override { return {}; }
  int forward_calls = 0;

 private:
  torch::Tensor w_;
};

TEST(IsmMutants, EveryBaseByTheOtherThreeAndNSkipped) {
  const auto m = ism_mutants("ACN");
  ASSERT_EQ(m.size(), 6u);
  EXPECT_EQ(m[0].base, 0);
  EXPECT_EQ(m[0].to, 'C');
  EXPECT_EQ(m[2].to, 'T');
  EXPECT_EQ(m[3].base, 1);
  EXPECT_EQ(m[3].to, 'A');
  EXPECT_EQ(apply_mutant("ACN", m[4]), "AGN");
  // Largest drop and mean change: reference 1, mutants of base 0 at 0, 3, 1 and of base 1 at 2, 2, 2.
  const auto s = ism_scores(3, 1.0, m, {0, 3, 1, 2, 2, 2});
  EXPECT_FLOAT_EQ(s.largest_drop[0], 1.0f);
  EXPECT_FLOAT_EQ(s.mean_change[0], 1.0f / 3.0f);
  EXPECT_FLOAT_EQ(s.largest_drop[1], -1.0f);  // every substitution raises the logit
  EXPECT_FLOAT_EQ(s.mean_change[1], 1.0f);
  EXPECT_EQ(s.largest_drop[2], 0.0f);  // N: no mutants
  EXPECT_THROW(ism_scores(3, 1.0, m, {0, 1}), std::invalid_argument);
}

// ISM scores against a loop over every substitution of every base, each scored by `logit` (exact equality: the
// same forward passes in the same order of operations); N bases have no mutants and score 0.
void expect_brute_force_ism(const std::string& window, const IsmScores& got,
                            const std::function<double(const std::string&)>& logit) {
  const double reference = logit(window);
  for (std::size_t p = 0; p < window.size(); ++p) {
    if (window[p] == 'N') {
      EXPECT_EQ(got.largest_drop[p], 0.0f);
      EXPECT_EQ(got.mean_change[p], 0.0f);
      continue;
    }
    double drop = -1e30, sum = 0;
    for (char b : std::string("ACGT")) {
      if (b == window[p]) continue;
      std::string mutant = window;
      mutant[p] = b;
      const double z = logit(mutant);
      drop = std::max(drop, reference - z);
      sum += z - reference;
    }
    EXPECT_EQ(got.largest_drop[p], static_cast<float>(drop)) << "base " << p;
    EXPECT_EQ(got.mean_change[p], static_cast<float>(sum / 3)) << "base " << p;
  }
}

TEST(Ism, EqualsBruteForceLoopOverMutantsExactly) {
  const auto tokenizer = data::make_kmer_tokenizer(test_paths::source("data/assets/dnabert_vocab/3/vocab.txt"), 3);
  HandBuiltModel model(tokenizer->vocab_size());
  const std::string window = "ACGTTGCANGGATCCA";
  for (std::int64_t target : {0, 1}) {
    model.forward_calls = 0;
    const auto got = ism_window(model, *tokenizer, window, target, 5, torch::kCPU);
    EXPECT_EQ(model.forward_calls, 1 + 9) << "45 mutants in batches of 5, plus the reference";
    auto logit = [&](const std::string& s) {
      const auto e = tokenizer->encode(s);
      auto ids = torch::tensor(std::vector<std::int64_t>(e.ids.begin(), e.ids.end())).unsqueeze(0);
      return static_cast<double>(model.forward(ids, torch::ones_like(ids)).logits[0][target].item().toFloat());
    };
    expect_brute_force_ism(window, got, logit);
  }
}

TEST(BaseSpread, SplitsEachTokenEvenlyAndKeepsTheSum) {
  data::Encoding e;
  e.push(2, -1, -1);  // [CLS]
  e.push(5, 0, 3);
  e.push(6, 1, 4);
  e.push(3, -1, -1);
  std::vector<double> bases(4, 0.0);
  spread_over_bases({9.0, 3.0, 6.0, 9.0, 100.0}, e, bases);  // the fifth score is padding
  EXPECT_EQ(bases, (std::vector<double>{1.0, 3.0, 3.0, 2.0}));
  std::vector<double> short_bases(3, 0.0);
  EXPECT_THROW(spread_over_bases({0, 1, 1, 0}, e, short_bases), std::invalid_argument);
}

ModelConfig family_shape(const std::string& family) { return tiny_family_config(family, family == "esm" ? 1 : 0); }

struct IgCase {
  std::string name;
  ModelConfig config;
  bool lora = false;
  PaddingPath path = PaddingPath::automatic;
};

std::vector<IgCase> ig_cases() {
  std::vector<IgCase> out;
  for (const auto& family : constructible_families()) {
    out.push_back({family, family_shape(family)});
    out.push_back({family + " + LoRA", family_shape(family), true});
  }
  out.push_back({"dnabert2 padded", family_shape("dnabert2"), false, PaddingPath::padded});
  out.push_back({"dnabert2 unpadded", family_shape("dnabert2"), false, PaddingPath::unpadded_per_row_attention});
  auto v2 = family_shape("esm");  // NT v2: rotary, gated FFN, token dropout
  v2.position_embedding_type = "rotary";
  v2.gated_ffn = true;
  v2.add_bias_ffn = false;
  v2.token_dropout = true;
  out.push_back({"esm v2", v2});
  return out;
}

// The case's model in eval mode, seeded, with LoRA's B matrices non-zero (so the adapters act) and weights far from
// HF's small init, so that the baseline moves the logit well above float noise.
std::shared_ptr<SequenceClassifier> ig_model(const IgCase& c) {
  torch::manual_seed(3);
  auto model = create_model(c.config);
  if (c.lora) {
    config::LoraSettings l;
    l.enabled = true;
    l.target_modules = config::find_family(c.config.family)->lora_target_modules;
    apply_lora(*model, l);
    torch::NoGradGuard no_grad;
    for (auto& p : model->named_parameters())
      if (p.key().find("lora_B") != std::string::npos) p.value().normal_(0, 0.2);
  }
  {
    torch::NoGradGuard no_grad;
    for (auto& p : model->named_parameters())
      if (p.value().dim() >= 2) p.value().normal_(0, 0.08);
  }
  model->set_padding_path(c.path);
  model->eval();
  return model;
}

TEST(IntegratedGradients, CompletenessForEveryFamilyPaddedUnpaddedAndLora) {
  for (const auto& c : ig_cases()) {
    SCOPED_TRACE(c.name);
    auto model = ig_model(c);
    const std::int64_t pad = c.config.pad_token_id;
    // Two rows: 10 tokens, and 7 tokens + 3 of padding; ids 0 and pad avoided inside; first/last = special tokens.
    auto ids = torch::randint(5, 40, {2, 10}, torch::kInt64);
    auto mask = torch::ones({2, 10}, torch::kInt64);
    for (int t = 7; t < 10; ++t) {
      ids[1][t] = pad;
      mask[1][t] = 0;
    }
    auto baseline = ids.clone();
    baseline.index_put_({0, torch::indexing::Slice(1, 9)}, pad);
    baseline.index_put_({1, torch::indexing::Slice(1, 6)}, pad);
    const auto targets = torch::tensor(std::vector<std::int64_t>{1, 0});
    {  // the override with the looked-up embeddings is the plain forward
      torch::NoGradGuard no_grad;
      ForwardOptions o;
      o.word_embeddings = word_embedding_weight(*model).index_select(0, ids.flatten()).view({2, 10, -1});
      EXPECT_TRUE(torch::allclose(model->forward(ids, mask, o).logits, model->forward(ids, mask).logits, 1e-6, 1e-6));
    }
    const auto ig = integrated_gradients(*model, ids, mask, baseline, targets, 64);
    for (int b = 0; b < 2; ++b) {
      const double difference = ig.input_logits[b].item<double>() - ig.baseline_logits[b].item<double>();
      const double total = ig.token_attributions[b].sum().item<double>();
      ASSERT_GT(std::abs(difference), 1e-3) << "the baseline must move the logit for the test to mean anything";
      EXPECT_NEAR(total, difference, 0.01 * std::abs(difference)) << "row " << b;
      EXPECT_EQ(ig.token_attributions[b][0].item<double>(), 0.0) << "special tokens keep their embedding";
    }
    EXPECT_EQ(ig.token_attributions[1][8].item<double>(), 0.0) << "padding gets nothing";
  }
}


// Rows longer than the model's context (data/batching/long_rows.h): a window's pooled output is HandBuiltModel's
// integer sum over the window, the head maps it element-wise (exact whatever the batch), forward_rows combines the
// chunks; so ISM through the run's windows must equal a brute-force loop over mutants through forward_rows exactly.
class PooledHandBuiltModel : public SequenceClassifier {
 public:
  explicit PooledHandBuiltModel(int vocab) : SequenceClassifier(ModelConfig{}), sums_(vocab) {}
  ClassifierOutput forward(const torch::Tensor& ids, const torch::Tensor& mask, const ForwardOptions& = {}) override {
    windows += ids.size(0);
    ClassifierOutput out;
    out.pooled = sums_.forward(ids, mask).logits;
    out.logits = classify_pooled(out.pooled);
    return out;
  }
  torch::Tensor classify_pooled(const torch::Tensor& pooled) override { return pooled * 2 - 1; }
  std::vector<std::string> head_parameter_prefixes() const override { return {}; }
  std::int64_t windows = 0;  // forwarded, over all calls

 private:
  HandBuiltModel sums_;
};

data::LongRowPolicy small_context(const std::string& mode, const std::string& side_or_pooling, std::int32_t pad_id,
                                  data::SpecialTokens specials = {}) {
  data::LongRowPolicy p;
  p.mode = mode;
  if (mode == "truncate") p.side = side_or_pooling;
  if (mode == "chunk") p.pooling = side_or_pooling;
  p.context = 10;  // 8 content tokens per window with [CLS] ... [SEP]
  p.stride = 4;
  p.specials = specials;
  p.pad_id = pad_id;
  p.max_position_embeddings = 10;
  return p;
}

data::TokenBatch one_row(const data::Encoding& e, std::int64_t label) {
  data::TokenBatch rows;
  rows.rows = {0};
  rows.max_length = static_cast<std::int64_t>(e.ids.size());
  rows.input_ids.assign(e.ids.begin(), e.ids.end());
  rows.attention_mask.assign(e.ids.size(), 1);
  rows.labels = {label};
  return rows;
}

TEST(Ism, ChunkedAndTruncatedRowsEqualBruteForceThroughForwardRows) {
  const auto tokenizer = data::make_kmer_tokenizer(test_paths::source("data/assets/dnabert_vocab/3/vocab.txt"), 3);
  PooledHandBuiltModel model(tokenizer->vocab_size());
  const std::string window = "ACGTTGCANGGATCCAGTACCGTTAGCATG";  // 30 bases: 28 3-mers + [CLS], [SEP]
  const std::vector<std::pair<std::string, std::string>> policies{
      {"chunk", "mean"}, {"chunk", "max"}, {"truncate", "right"}, {"truncate", "left"}};
  for (const auto& [mode, how] : policies)
    for (std::int64_t target : {0, 1}) {
      SCOPED_TRACE(mode + " " + how + " target " + std::to_string(target));
      const auto policy = small_context(mode, how, tokenizer->pad_id());
      const auto tokens = static_cast<std::int64_t>(tokenizer->encode(window).ids.size());
      ASSERT_EQ(tokens, 30);
      const auto windows = data::row_windows(tokens, policy).size();
      ASSERT_EQ(windows, mode == "chunk" ? 6u : 1u);  // chunks start at content tokens 0, 4, ..., 20
      model.windows = 0;
      const auto got = ism_window(model, *tokenizer, window, target, policy, 5, torch::kCPU);
      const std::int64_t mutants = 3 * 29;  // every base but the N
      // Each distinct window once: a mutant's changed tokens lie in at most 3 of the 6 chunks, and only the 10 bases
      // covered by the 8 kept 3-mers reach the model of a truncated row.
      if (mode == "chunk") {
        EXPECT_LE(model.windows, static_cast<std::int64_t>(windows) + 3 * mutants);
      } else {
        EXPECT_LE(model.windows, 1 + 3 * 10);
      }
      auto logit = [&](const std::string& s) {
        torch::NoGradGuard no_grad;
        const auto batch = windowed_device_batch(one_row(tokenizer->encode(s), target), policy, torch::kCPU);
        return static_cast<double>(forward_rows(model, batch).logits[0][target].item<float>());
      };
      expect_brute_force_ism(window, got, logit);
      for (std::size_t p = 0; p < window.size(); ++p) {
        // Truncated to the first (right) or last (left) 8 3-mers, which cover 10 bases: the others change nothing.
        const bool kept = how == "right" ? p < 10 : how == "left" ? p >= 20 : true;
        if (!kept) {
          EXPECT_EQ(got.largest_drop[p], 0.0f) << "base " << p;
          EXPECT_EQ(got.mean_change[p], 0.0f) << "base " << p;
        }
      }
    }
}

// IG on windows: two rows of 26 and 19 tokens (the second padded) under a context of 10 tokens, chunked (mean and
// max pooling: 5 and 4 windows) and truncated (both sides), for every family, and with LoRA on mean-pooled chunks.
// Completeness against the rows' logits as forward_rows computes them: within 1% at 64 steps for mean pooling and
// truncation, 5% for max pooling (piecewise smooth, integrated_gradients.h; measured here: mean and truncation
// within 2e-4 of the difference, max within 1%).
TEST(IntegratedGradients, CompletenessOnChunkedAndTruncatedRowsForEveryFamily) {
  const std::vector<std::pair<std::string, std::string>> policies{
      {"chunk", "mean"}, {"chunk", "max"}, {"truncate", "right"}, {"truncate", "left"}};
  for (const auto& family : constructible_families())
    for (bool lora : {false, true}) {  // LoRA on mean-pooled chunks (the adapters see every chunk), to keep it short
      const IgCase c{family + (lora ? " + LoRA" : ""), family_shape(family), lora};
      auto model = ig_model(c);
      const std::int32_t pad = static_cast<std::int32_t>(c.config.pad_token_id);
      const data::SpecialTokens specials = family == "esm" ? data::SpecialTokens{1, 0} : data::SpecialTokens{1, 1};
      torch::manual_seed(5);
      const std::vector<std::int64_t> lengths{26, 19};
      data::TokenBatch rows;
      rows.rows = {0, 1};
      rows.max_length = 26;
      rows.labels = {1, 0};
      rows.input_ids.assign(2 * 26, pad);
      rows.attention_mask.assign(2 * 26, 0);
      auto baseline = rows.input_ids;
      const auto random = torch::randint(5, 40, {2 * 26}, torch::kInt64);
      for (std::size_t b = 0; b < 2; ++b)
        for (std::int64_t t = 0; t < lengths[b]; ++t) {
          const auto at = b * 26 + static_cast<std::size_t>(t);
          rows.input_ids[at] = random[static_cast<std::int64_t>(at)].item<std::int64_t>();
          rows.attention_mask[at] = 1;
          const bool content = t >= specials.leading && t < lengths[b] - specials.trailing;
          baseline[at] = content ? pad : rows.input_ids[at];
        }
      for (const auto& [mode, how] : policies) {
        if (lora && !(mode == "chunk" && how == "mean")) continue;
        SCOPED_TRACE(c.name + ", " + mode + " " + how);
        const auto policy = small_context(mode, how, pad, specials);
        const auto windows = data::window_batch(rows, policy);
        ASSERT_EQ(windows.windows.size(), mode == "chunk" ? 9u : 2u);
        const auto ig = integrated_gradients(*model, rows, baseline, policy, 64, torch::kCPU);
        {  // the logits IG integrates between are the rows' logits as the run computes them
          torch::NoGradGuard no_grad;
          const auto plain = forward_rows(*model, windowed_device_batch(rows, policy, torch::kCPU)).logits;
          for (std::int64_t b = 0; b < 2; ++b)
            EXPECT_NEAR(ig.input_logits[b].item<double>(), plain[b][rows.labels[b]].item<double>(), 1e-5);
        }
        const double tolerance = how == "max" ? 0.05 : 0.01;
        for (std::int64_t b = 0; b < 2; ++b) {
          const double difference = ig.input_logits[b].item<double>() - ig.baseline_logits[b].item<double>();
          const double total = ig.token_attributions[b].sum().item<double>();
          ASSERT_GT(std::abs(difference), 1e-3) << "the baseline must move the logit for the test to mean anything";
          EXPECT_NEAR(total, difference, tolerance * std::abs(difference)) << "row " << b;
          const std::int64_t content = lengths[static_cast<std::size_t>(b)] - specials.leading - specials.trailing;
          for (std::int64_t t = 0; t < 26; ++t) {
            const double a = ig.token_attributions[b][t].item<double>();
            const std::int64_t i = t - specials.leading;  // content index
            const bool special = i < 0 || i >= content;
            const std::int64_t kept = policy.content();
            const bool dropped =
                mode == "truncate" && content > kept && (how == "right" ? i >= kept : i < content - kept);
            if (special || dropped) EXPECT_EQ(a, 0.0) << "row " << b << " token " << t;
          }
        }
      }
    }
}

}  // namespace
}  // namespace lnc::trainer
