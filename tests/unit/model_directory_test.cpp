// Loading and saving Hugging Face model directories: masked-LM checkpoints, sharded and half-precision weights,
// refusals for broken inputs, and a save/load round trip after training that must reproduce logits exactly.
#include "trainer/models/model_directory.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "trainer/checkpoint/pytorch_bin.h"
#include "trainer/checkpoint/safetensors_torch.h"
#include "trainer/models/hf_config.h"
#include "tests/unit/input_error_of.h"
#include "tests/unit/test_paths.h"

namespace lnc::trainer {
namespace {
namespace fs = std::filesystem;

std::string fixture(const std::string& name) { return test_paths::source("tests/fixtures/" + name); }

std::vector<std::pair<std::string, torch::Tensor>> as_list(const std::map<std::string, torch::Tensor>& m) {
  return {m.begin(), m.end()};
}

// A model directory in scratch: the fixture's config.json and the given tensors as model.safetensors.
std::string make_dir(const std::string& name, const std::map<std::string, torch::Tensor>& tensors,
                     const std::string& sub = "model") {
  const std::string dir = test_paths::scratch_dir() + "/" + sub;
  fs::create_directories(dir);
  fs::copy_file(fixture(name) + "/config.json", dir + "/config.json");
  save_safetensors(dir + "/model.safetensors", as_list(tensors));
  return dir;
}

torch::Tensor logits_of(SequenceClassifier& model, const std::string& name) {
  auto e = load_safetensors(fixture(name) + "/expected.safetensors");
  torch::NoGradGuard no_grad;
  model.eval();
  return model.forward(e["input_ids"], e["attention_mask"]).logits;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

class ModelRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(ModelRoundTrip, TrainSaveLoadGivesIdenticalLogits) {
  const std::string name = GetParam();
  torch::manual_seed(7);
  auto loaded = load_model_directory(fixture(name));
  auto& model = *loaded.model;
  auto e = load_safetensors(fixture(name) + "/expected.safetensors");
  const auto before = logits_of(model, name);
  model.train();
  torch::optim::AdamW optimizer(model.parameters(), torch::optim::AdamWOptions(1e-3));
  auto labels = torch::randint(0, 2, {e["input_ids"].size(0)}, torch::kInt64);
  for (int step = 0; step < 3; ++step) {
    optimizer.zero_grad();
    auto loss = torch::cross_entropy_loss(model.forward(e["input_ids"], e["attention_mask"]).logits, labels);
    loss.backward();
    optimizer.step();
  }
  const auto trained = logits_of(model, name);
  EXPECT_GT((trained - before).abs().max().item<double>(), 1e-6);  // training changed the model

  const std::string scratch = test_paths::scratch_dir();
  const std::string tokenizer_src = scratch + "/tok";
  fs::create_directories(tokenizer_src);
  write_file_atomic(tokenizer_src + "/vocab.txt", "[PAD]\n[UNK]\n");
  const std::string out = scratch + "/saved";
  save_model_directory(model, out, tokenizer_src);
  save_model_directory(model, out, tokenizer_src);  // replacing an existing directory works too
  EXPECT_TRUE(fs::exists(out + "/config.json"));
  EXPECT_EQ(read_file(out + "/vocab.txt"), "[PAD]\n[UNK]\n");
  for (const auto& entry : fs::directory_iterator(fs::path(out).parent_path()))
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos) << entry.path();

  auto reloaded = load_model_directory(out);
  EXPECT_TRUE(reloaded.report.missing.empty()) << reloaded.report.summary();
  EXPECT_TRUE(reloaded.report.unexpected.empty()) << reloaded.report.summary();
  EXPECT_TRUE(torch::equal(logits_of(*reloaded.model, name), trained));
}

INSTANTIATE_TEST_SUITE_P(Families, ModelRoundTrip, ::testing::Values("dnabert1_bert", "dnabert2", "nt_v2_swiglu"));

TEST(ModelDirectory, BertMaskedLmCheckpointLoadsWithFreshHead) {
  auto tensors = load_safetensors(fixture("dnabert1_bert") + "/model.safetensors");
  const auto encoder_weight = tensors["bert.encoder.layer.1.output.dense.weight"].clone();
  for (auto it = tensors.begin(); it != tensors.end();)
    it = (it->first.rfind("classifier.", 0) == 0 || it->first.rfind("bert.pooler.", 0) == 0) ? tensors.erase(it) : ++it;
  tensors["cls.predictions.bias"] = torch::zeros({69});
  tensors["cls.predictions.transform.dense.weight"] = torch::zeros({32, 32});
  tensors["bert.embeddings.position_ids"] = torch::arange(64).unsqueeze(0);
  const auto dir = make_dir("dnabert1_bert", tensors);
  auto loaded = load_model_directory(dir);
  const auto& r = loaded.report;
  EXPECT_TRUE(contains(r.missing, "classifier.weight")) << r.summary();
  EXPECT_TRUE(contains(r.missing, "bert.pooler.dense.weight")) << r.summary();
  EXPECT_TRUE(contains(r.unexpected, "cls.predictions.bias")) << r.summary();
  EXPECT_TRUE(contains(r.ignored, "bert.embeddings.position_ids")) << r.summary();
  EXPECT_NE(r.summary().find("freshly initialised"), std::string::npos);
  auto params = loaded.model->named_parameters();
  EXPECT_TRUE(torch::equal(params["bert.encoder.layer.1.output.dense.weight"], encoder_weight));
  EXPECT_EQ(params["classifier.bias"].abs().sum().item<float>(), 0.0f);  // HF init: zero bias
}

TEST(ModelDirectory, EsmMaskedLmCheckpointWithoutContactHeadLoads) {
  auto tensors = load_safetensors(fixture("nt_v2_swiglu") + "/model.safetensors");
  for (auto it = tensors.begin(); it != tensors.end();)
    it = (it->first.rfind("classifier.", 0) == 0 || it->first.rfind("esm.contact_head.", 0) == 0) ? tensors.erase(it)
                                                                                                  : ++it;
  tensors["lm_head.dense.weight"] = torch::zeros({32, 32});
  auto loaded = load_model_directory(make_dir("nt_v2_swiglu", tensors));
  EXPECT_TRUE(contains(loaded.report.missing, "esm.contact_head.regression.weight"));
  EXPECT_TRUE(contains(loaded.report.unexpected, "lm_head.dense.weight"));
}

TEST(ModelDirectory, RefusesMissingEncoderWeights) {
  auto tensors = load_safetensors(fixture("dnabert2") + "/model.safetensors");
  tensors.erase("bert.encoder.layer.1.mlp.wo.weight");
  const auto dir = make_dir("dnabert2", tensors);
  const auto msg = input_error_of([&] { load_model_directory(dir); });
  EXPECT_NE(msg.find("model.safetensors"), std::string::npos) << msg;
  EXPECT_NE(msg.find("bert.encoder.layer.1.mlp.wo.weight: missing"), std::string::npos) << msg;
}

TEST(ModelDirectory, RefusesMisShapedEncoderWeights) {
  const auto dir = make_dir("dnabert1_bert", load_safetensors(fixture("dnabert1_bert") + "/model.safetensors"));
  auto config = read_hf_config(dir + "/config.json");
  config.intermediate_size = 128;
  write_hf_config(config, dir + "/config.json");
  const auto msg = input_error_of([&] { load_model_directory(dir); });
  EXPECT_NE(msg.find("intermediate.dense.weight: checkpoint [64, 32] vs model [128, 32]"), std::string::npos) << msg;
}

TEST(ModelDirectory, DifferentLabelCountReinitialisesTheHead) {
  LoadOptions options;
  options.num_labels = 3;
  auto loaded = load_model_directory(fixture("esm_rotary"), options);
  EXPECT_EQ(loaded.report.mismatched.size(), 2u) << loaded.report.summary();
  EXPECT_EQ(logits_of(*loaded.model, "esm_rotary").size(1), 3);
}

TEST(ModelDirectory, ReportsMissingFilesAndBrokenInputs) {
  const std::string empty = test_paths::scratch_dir() + "/empty";
  fs::create_directories(empty);
  EXPECT_NE(input_error_of([&] { load_model_directory(empty); }).find("no config.json"), std::string::npos);
  fs::copy_file(fixture("dnabert1_bert") + "/config.json", empty + "/config.json");
  EXPECT_NE(input_error_of([&] { load_model_directory(empty); }).find("no model weights"), std::string::npos);

  // Truncated weights.
  const std::string bytes = read_file(fixture("dnabert1_bert") + "/model.safetensors");
  write_file_atomic(empty + "/model.safetensors", bytes.substr(0, bytes.size() / 2));
  auto msg = input_error_of([&] { load_model_directory(empty); });
  EXPECT_NE(msg.find("model.safetensors"), std::string::npos) << msg;
  EXPECT_NE(msg.find("past the data buffer"), std::string::npos) << msg;

  // A config without a required key.
  auto config = nlohmann::json::parse(read_file(fixture("dnabert1_bert") + "/config.json"));
  config.erase("hidden_size");
  write_file_atomic(empty + "/config.json", config.dump());
  msg = input_error_of([&] { load_model_directory(empty); });
  EXPECT_NE(msg.find("config.json"), std::string::npos) << msg;
  EXPECT_NE(msg.find("key 'hidden_size'"), std::string::npos) << msg;
}

TEST(ModelDirectory, HalfPrecisionWeightsAreConvertedToTheModelDtype) {
  auto tensors = load_safetensors(fixture("nt_v1_esm_absolute") + "/model.safetensors");
  int floats = 0;
  for (auto& [name, t] : tensors)
    if (t.is_floating_point()) t = t.to(name.find("encoder") != std::string::npos ? torch::kBFloat16 : torch::kFloat16), ++floats;
  auto loaded = load_model_directory(make_dir("nt_v1_esm_absolute", tensors));
  EXPECT_EQ(loaded.report.converted, floats);
  EXPECT_EQ(loaded.model->parameters().front().scalar_type(), torch::kFloat32);
  auto e = load_safetensors(fixture("nt_v1_esm_absolute") + "/expected.safetensors");
  EXPECT_LE((logits_of(*loaded.model, "nt_v1_esm_absolute") - e["logits"]).abs().max().item<double>(), 0.2);
}

TEST(ModelDirectory, ShardedCheckpointLoadsLikeTheSingleFile) {
  auto tensors = load_safetensors(fixture("dnabert1_bert") + "/model.safetensors");
  const std::string dir = test_paths::scratch_dir() + "/sharded";
  fs::create_directories(dir);
  fs::copy_file(fixture("dnabert1_bert") + "/config.json", dir + "/config.json");
  std::vector<std::pair<std::string, torch::Tensor>> first, second;
  nlohmann::json map;
  for (const auto& [name, t] : tensors) {
    const bool one = name.find("encoder") == std::string::npos;
    (one ? first : second).emplace_back(name, t);
    map[name] = one ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
  }
  save_safetensors(dir + "/model-00001-of-00002.safetensors", first);
  save_safetensors(dir + "/model-00002-of-00002.safetensors", second);
  write_file_atomic(dir + "/model.safetensors.index.json", nlohmann::json({{"metadata", {}}, {"weight_map", map}}).dump());
  auto loaded = load_model_directory(dir);
  EXPECT_TRUE(loaded.report.missing.empty());
  auto e = load_safetensors(fixture("dnabert1_bert") + "/expected.safetensors");
  EXPECT_LE((logits_of(*loaded.model, "dnabert1_bert") - e["logits"]).abs().max().item<double>(), 1e-5);

  fs::remove(dir + "/model-00002-of-00002.safetensors");
  EXPECT_NE(input_error_of([&] { load_model_directory(dir); }).find("does not exist"), std::string::npos);
}

TEST(ModelDirectory, BareBaseModelNamesAndOldLayerNormNamesAreMapped) {
  std::map<std::string, torch::Tensor> tensors;
  for (auto& [name, t] : load_safetensors(fixture("dnabert1_bert") + "/model.safetensors")) {
    std::string n = name.rfind("bert.", 0) == 0 ? name.substr(5) : name;  // a bare BertModel state dict
    const std::string ln = "LayerNorm.weight";
    if (n.size() > ln.size() && n.compare(n.size() - ln.size(), ln.size(), ln) == 0) n = n.substr(0, n.size() - 6) + "gamma";
    tensors[n] = t;
  }
  auto loaded = load_model_directory(make_dir("dnabert1_bert", tensors));
  EXPECT_TRUE(loaded.report.missing.empty()) << loaded.report.summary();
  EXPECT_FALSE(loaded.report.renamed.empty());
  auto e = load_safetensors(fixture("dnabert1_bert") + "/expected.safetensors");
  EXPECT_LE((logits_of(*loaded.model, "dnabert1_bert") - e["logits"]).abs().max().item<double>(), 1e-5);
}

TEST(ModelDirectory, Transformers5RotaryEsmLayoutLoads) {
  // transformers 5 saves rotary ESM models without the (unused) position table, with LayerNorm gamma/beta names
  // and one shared "esm.encoder.layer.*...inv_freq" tensor.
  std::map<std::string, torch::Tensor> tensors;
  for (auto& [name, t] : load_safetensors(fixture("nt_v2_swiglu") + "/model.safetensors")) {
    if (name == "esm.embeddings.position_embeddings.weight") continue;
    std::string n = name;
    if (n.find("inv_freq") != std::string::npos) n = "esm.encoder.layer.*.attention.self.rotary_embeddings.inv_freq";
    const std::string w = "LayerNorm.weight", b = "LayerNorm.bias";
    if (n.size() > w.size() && n.compare(n.size() - w.size(), w.size(), w) == 0) n = n.substr(0, n.size() - 6) + "gamma";
    if (n.size() > b.size() && n.compare(n.size() - b.size(), b.size(), b) == 0) n = n.substr(0, n.size() - 4) + "beta";
    tensors[n] = t;
  }
  auto loaded = load_model_directory(make_dir("nt_v2_swiglu", tensors));
  EXPECT_TRUE(contains(loaded.report.missing, "esm.embeddings.position_embeddings.weight"));
  EXPECT_TRUE(contains(loaded.report.ignored, "esm.encoder.layer.*.attention.self.rotary_embeddings.inv_freq"));
  auto e = load_safetensors(fixture("nt_v2_swiglu") + "/expected.safetensors");
  EXPECT_LE((logits_of(*loaded.model, "nt_v2_swiglu") - e["logits"]).abs().max().item<double>(), 1e-5);
}

// Every layout torch.save gives a pytorch_model.bin (tests/fixtures/pytorch_bin/make_pytorch_bin.py): zip and
// legacy, a plain dict and model.state_dict()'s OrderedDict with _metadata, one file and shards with an index;
// each must give the fixture's logits.
TEST(ModelDirectory, ReadsPytorchBinInEveryTorchSaveLayout) {
  const auto e = load_safetensors(fixture("dnabert1_bert") + "/expected.safetensors");
  for (const char* file : {"pytorch_model.bin", "legacy_pytorch_model.bin", "module_state_dict.bin",
                           "module_state_dict_legacy.bin", "sharded"}) {
    SCOPED_TRACE(file);
    const std::string dir = test_paths::scratch_dir() + "/" + file;
    fs::create_directories(dir);
    fs::copy_file(fixture("pytorch_bin") + "/config.json", dir + "/config.json");
    if (std::string(file) == "sharded")
      for (const auto& f : fs::directory_iterator(fixture("pytorch_bin") + "/sharded"))
        fs::copy_file(f.path(), dir + "/" + f.path().filename().string());
    else
      fs::copy_file(fixture("pytorch_bin") + "/" + file, dir + "/pytorch_model.bin");
    auto loaded = load_model_directory(dir);
    EXPECT_TRUE(loaded.report.missing.empty()) << loaded.report.summary();
    EXPECT_TRUE(loaded.report.unexpected.empty()) << loaded.report.summary();
    EXPECT_LE((logits_of(*loaded.model, "dnabert1_bert") - e.at("logits")).abs().max().item<double>(), 1e-5);
  }
}

// The tensors are views of their storages as torch.load gives them (shape, stride, offset), bit-equal to the
// safetensors weights.
TEST(ModelDirectory, PytorchBinTensorsEqualTheSafetensorsWeights) {
  const auto bin = load_pytorch_bin(fixture("pytorch_bin") + "/module_state_dict_legacy.bin");
  const auto safe = load_safetensors(fixture("dnabert1_bert") + "/model.safetensors");
  ASSERT_EQ(bin.size(), safe.size());
  for (const auto& [name, tensor] : safe) {
    ASSERT_TRUE(bin.count(name)) << name;
    EXPECT_TRUE(torch::equal(bin.at(name), tensor)) << name;
  }
}

TEST(ModelDirectory, PytorchBinOfNoTorchSaveLayoutNamesFileAndConversion) {
  const std::string dir = test_paths::scratch_dir();
  fs::copy_file(fixture("pytorch_bin") + "/config.json", dir + "/config.json");
  write_file_atomic(dir + "/pytorch_model.bin", "not a torch.save file");
  const auto msg = input_error_of([&] { load_model_directory(dir); });
  EXPECT_NE(msg.find(dir + "/pytorch_model.bin"), std::string::npos) << msg;
  EXPECT_NE(msg.find("from safetensors.torch import save_file"), std::string::npos) << msg;
}

}  // namespace
}  // namespace lnc::trainer
