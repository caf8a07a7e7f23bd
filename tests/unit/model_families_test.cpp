// The model-family registry (config/model_families.h): every registered neural family has a constructor and
// every constructor a spec; for every family and a few shapes each, the memory plan's parameter formula equals the
// numel of the built model and its LoRA count equals what apply_lora trains; config.json round trips recognise the
// family; the parser takes the family's default LoRA targets.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <fstream>
#include <map>

#include "config/family_recipes.h"
#include "config/model_families.h"
#include "config/run_config.h"
#include "launcher/plan/memory_plan.h"
#include "tests/unit/test_paths.h"
#include "trainer/lora/apply_lora.h"
#include "trainer/models/hf_config.h"
#include "trainer/models/model_factory.h"

namespace lnc::trainer {
namespace {

ModelConfig shape(const std::string& family, int hidden, int layers, int heads, int ffn) {
  ModelConfig c;
  c.family = family;
  c.vocab_size = 40;
  c.hidden_size = hidden;
  c.num_layers = layers;
  c.num_heads = heads;
  c.intermediate_size = ffn;
  c.max_position_embeddings = 64;
  return c;
}

// A few shapes per family, named. A family registered without shapes here fails RegistryShapes below.
std::map<std::string, std::vector<std::pair<std::string, ModelConfig>>> shapes() {
  std::map<std::string, std::vector<std::pair<std::string, ModelConfig>>> out;
  {
    auto three_labels = shape("bert", 48, 2, 6, 96);
    three_labels.num_labels = 3;
    three_labels.max_position_embeddings = 130;
    out["bert"] = {{"tiny", shape("bert", 32, 3, 4, 48)}, {"3 labels, 6 heads", three_labels}};
  }
  {
    auto big_vocab = shape("dnabert2", 48, 1, 6, 80);  // 6 heads: ALiBi's non-power-of-two slopes
    big_vocab.vocab_size = 4096;
    out["dnabert2"] = {{"tiny", shape("dnabert2", 32, 3, 4, 48)}, {"vocab 4096, 6 heads", big_vocab}};
  }
  {
    auto v1 = shape("esm", 32, 3, 4, 48);
    v1.pad_token_id = 1;
    v1.mask_token_id = 2;
    auto v1_ln = v1;
    v1_ln.emb_layer_norm_before = true;
    v1_ln.token_dropout = true;
    auto v2 = v1;  // NT v2: rotary, gated FFN without biases
    v2.position_embedding_type = "rotary";
    v2.gated_ffn = true;
    v2.add_bias_ffn = false;
    auto v2_bias = v2;
    v2_bias.add_bias_ffn = true;
    v2_bias.num_layers = 2;
    v2_bias.num_labels = 5;
    out["esm"] = {{"v1 absolute", v1},
                  {"v1 emb_layer_norm_before + token_dropout", v1_ln},
                  {"v2 rotary gated, no FFN bias", v2},
                  {"rotary gated with FFN bias", v2_bias}};
  }
  return out;
}

std::int64_t numel(torch::nn::Module& model) {
  std::int64_t n = 0;
  for (auto& p : model.parameters()) n += p.numel();
  return n;
}

TEST(ModelFamilies, EveryNeuralSpecHasAConstructorAndEveryConstructorASpec) {
  EXPECT_EQ(constructible_families(), config::family_names(/*neural_only=*/true));
  for (const auto* spec : config::model_families()) {
    EXPECT_EQ(&config::family_spec(spec->name), spec);
    if (spec->baseline) {
      ModelConfig c;
      c.family = spec->name;
      EXPECT_THROW(create_model(c), std::invalid_argument) << spec->name;
      continue;
    }
    // The torch-free half is complete for every neural family.
    EXPECT_FALSE(spec->hf_model_type.empty()) << spec->name;
    EXPECT_FALSE(spec->hf_architecture_prefix.empty()) << spec->name;
    EXPECT_TRUE(spec->read_hf && spec->write_hf && spec->parameter_count && spec->head_parameters &&
                spec->layer_linears && spec->other_linears && spec->ffn_in_width)
        << spec->name;
    EXPECT_FALSE(spec->lora_target_modules.empty()) << spec->name;
  }
  EXPECT_THROW(config::family_spec("gpt2"), std::invalid_argument);
  EXPECT_TRUE(config::is_baseline_family(config::lr_tfidf_family().name));
}

TEST(ModelFamilies, RegistryShapesCoverEveryNeuralFamily) {
  const auto all = shapes();
  for (const auto& name : config::family_names(/*neural_only=*/true)) EXPECT_TRUE(all.count(name)) << name;
}

TEST(ModelFamilies, PlanParameterFormulaEqualsBuiltModelForEveryFamily) {
  for (const auto& [family, cases] : shapes()) {
    for (const auto& [what, c] : cases) {
      torch::manual_seed(0);
      auto model = create_model(c);
      EXPECT_EQ(model->config().family, family);
      EXPECT_EQ(launcher::parameter_count(c), numel(*model)) << family << " " << what;
    }
  }
}

TEST(ModelFamilies, PlanLoraCountsEqualAppliedLoraForEveryFamily) {
  for (const auto& [family, cases] : shapes()) {
    for (const auto& [what, c] : cases) {
      auto model = create_model(c);
      launcher::PlanInput in;
      in.model = c;
      in.lora.enabled = true;
      in.lora.target_modules = config::family_spec(family).lora_target_modules;
      const auto applied = apply_lora(*model, in.lora);
      const auto plan = launcher::plan_memory(in);
      EXPECT_EQ(plan.trainable, applied.trainable_parameters) << family << " " << what;
      EXPECT_EQ(plan.adapted_modules, static_cast<std::int64_t>(applied.adapted_modules.size())) << family << " " << what;
      EXPECT_EQ(plan.parameters, applied.total_parameters) << family << " " << what;
    }
  }
}

TEST(ModelFamilies, ConfigJsonRoundTripRecognisesEveryFamily) {
  for (const auto& [family, cases] : shapes()) {
    for (const auto& [what, c] : cases) {
      const auto back = parse_hf_config(hf_config_json(c), "config.json");
      EXPECT_EQ(back.family, family) << what;
      EXPECT_EQ(launcher::parameter_count(back), launcher::parameter_count(c)) << family << " " << what;
    }
  }
}

TEST(ModelFamilies, EveryFamilyHasABuiltInRecipeTable) {
  toml::table grid_recipes;
  for (const auto& name : config::family_names()) grid_recipes.insert(name, toml::table{});
  const config::FamilyRecipes recipes(grid_recipes, "g.toml");  // a family without a recipe would be refused
  toml::table point;
  EXPECT_FALSE(recipes.apply(config::bert_family().name, point).empty());
  toml::table baseline_point;
  EXPECT_TRUE(recipes.apply(config::lr_tfidf_family().name, baseline_point).empty());
}

std::string grid_with_lora(const std::string& family, const std::string& lora_keys) {
  const std::string path = test_paths::scratch_dir() + "/lora_" + family + ".toml";
  std::ofstream(path) << "[data]\ntask = \"prom\"\ntokens = \"t.h5\"\n[model]\nfamily = \"" << family
                      << "\"\n[lora]\n" << lora_keys;
  return path;
}

TEST(ModelFamilies, LoraTargetsDefaultToTheFamilysAndAGridKeyWins) {
  auto dnabert2 = config::load_grid_config(grid_with_lora("dnabert2", "")).points.at(0);
  EXPECT_EQ(dnabert2.lora.target_modules, (std::vector<std::string>{"Wqkv", "dense", "gated_layers", "wo"}));
  auto esm = config::load_grid_config(grid_with_lora("esm", "")).points.at(0);
  EXPECT_EQ(esm.lora.target_modules, (std::vector<std::string>{"query", "key", "value", "dense"}));
  auto given = config::load_grid_config(grid_with_lora("dnabert2", "target_modules = [\"Wqkv\"]\n")).points.at(0);
  EXPECT_EQ(given.lora.target_modules, std::vector<std::string>{"Wqkv"});
  // The dnabert2 default adapts the projections the bert default does, under DNABERT-2's names.
  auto model = create_model(shape("dnabert2", 32, 2, 4, 48));
  const auto applied = apply_lora(*model, dnabert2.lora);
  EXPECT_EQ(applied.adapted_modules.size(), 2u * 4u + 1u);  // per layer Wqkv, output dense, gated_layers, wo; pooler
}

}  // namespace
}  // namespace lnc::trainer
