// Importance methods beyond attention: ISM equals a brute-force loop over mutants exactly on a hand-built model
// (with a real k-mer tokenizer, so a substitution changes three tokens); integrated gradients satisfy completeness
// (attributions sum to the logit difference from the baseline within 1% at 64 steps) for every family, padded and
// unpadded, with and without LoRA; the word-embedding override is a plain forward; the per-base spread keeps sums.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "config/model_families.h"
#include "data/tokenizers/tokenizer_loader.h"
#include "tests/unit/test_paths.h"
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

ModelConfig family_shape(const std::string& family) {
  ModelConfig c;
  c.family = family;
  c.vocab_size = 40;
  c.hidden_size = 32;
  c.num_layers = 2;
  c.num_heads = 4;
  c.intermediate_size = 48;
  c.max_position_embeddings = 64;
  c.hidden_dropout = 0;
  c.attention_dropout = 0;
  if (family == "esm") {
    c.pad_token_id = 1;
    c.mask_token_id = 2;
  }
  return c;
}

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

TEST(IntegratedGradients, CompletenessForEveryFamilyPaddedUnpaddedAndLora) {
  for (const auto& c : ig_cases()) {
    SCOPED_TRACE(c.name);
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
    {  // weights far from HF's small init, so that the baseline moves the logit well above float noise
      torch::NoGradGuard no_grad;
      for (auto& p : model->named_parameters())
        if (p.value().dim() >= 2) p.value().normal_(0, 0.08);
    }
    model->set_padding_path(c.path);
    model->eval();
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

}  // namespace
}  // namespace lnc::trainer
