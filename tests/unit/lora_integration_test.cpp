// LoRA end to end (issue 4's acceptance): a tiny Nucleotide-Transformer-shaped (ESM, NT v1 layout, NT 6-mer
// tokenizer) base made here is fine-tuned with the study's LoRA settings by `lnctrain --grid` under mpirun -np 2
// (one group of two ranks), then the test checks what the run left behind: the train loss falls, only the
// trainable parameters' bytes are all-reduced, the frozen base is bit-for-bit the original, the PEFT adapter reloads
// onto the base to the run's recorded test metrics, and the merged export is a plain model with the same logits.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "data/token_store/token_store.h"
#include "data/tokenizers/tokenizer_loader.h"
#include "results/store/results_store.h"
#include "tests/unit/grid_test_support.h"
#include "trainer/checkpoint/safetensors_torch.h"
#include "trainer/lora/apply_lora.h"
#include "trainer/lora/peft_adapter.h"
#include "base/metrics/classification_metrics.h"
#include "trainer/models/model_directory.h"
#include "trainer/models/model_factory.h"

namespace lnc {
namespace {

using namespace test_paths;

constexpr std::int64_t kHidden = 32, kFfn = 64, kLayers = 2, kRank = 8, kLabels = 2;
constexpr double kScaling = 16.0 / 8.0;  // alpha / r

// NT v1 layout (absolute positions, GELU FFN with biases) with NT's vocabulary (4107) and pad id 1; no dropout in
// the base, as the NT checkpoints' config.json.
config::ModelConfig tiny_nt() {
  config::ModelConfig c;
  c.family = "esm";
  c.vocab_size = 4107;
  c.hidden_size = kHidden;
  c.num_layers = kLayers;
  c.num_heads = 4;
  c.intermediate_size = kFfn;
  c.max_position_embeddings = 64;
  c.pad_token_id = 1;
  c.mask_token_id = 2;
  c.layer_norm_eps = 1e-5;
  c.hidden_dropout = 0.0;
  c.attention_dropout = 0.0;
  c.num_labels = static_cast<int>(kLabels);
  return c;
}

// PEFT's trainable count for these targets (the formula of lora_test.cpp): per layer 4 r 2H (query, key, value,
// attention.output.dense) + r (H + F) (intermediate.dense) + r (F + H) (output.dense); the head in full
// (classifier.dense H^2 + H, classifier.out_proj H*labels + labels).
//   2 * (4*8*64 + 8*96 + 8*96) + (32*32 + 32) + (32*2 + 2) = 2 * 3584 + 1056 + 66 = 8290
constexpr std::int64_t kTrainable =
    kLayers * (4 * kRank * 2 * kHidden + kRank * (kHidden + kFfn) + kRank * (kFfn + kHidden)) + kHidden * kHidden +
    kHidden + kHidden * kLabels + kLabels;
static_assert(kTrainable == 8290, "PEFT 0.21.2 prints 8,290 for this model");

bool is_target(const std::string& module) {
  for (const char* t : {"query", "key", "value", "dense"})
    if (trainer::lora_target_matches(module, t)) return true;
  return false;
}

torch::Tensor logits_of(trainer::SequenceClassifier& model, const data::TokenStoreReader& reader,
                        const std::string& split) {
  std::vector<std::int64_t> rows(static_cast<size_t>(reader.num_examples(split)));
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::int64_t>(i);
  const auto batch = reader.read_rows(split, rows);
  const auto n = static_cast<std::int64_t>(rows.size());
  auto ids = torch::tensor(batch.input_ids).view({n, batch.max_length});
  auto mask = torch::tensor(batch.attention_mask).view({n, batch.max_length});
  torch::NoGradGuard no_grad;
  model.eval();
  return model.forward(ids, mask).logits.to(torch::kFloat32).contiguous();
}

TEST(IntegrationLora, TinyNtTrainsOnTwoRanksAndItsAdapterAndMergedExportReload) {
  const std::string dir = scratch_dir();
  // The base: a freshly initialised tiny NT with the NT v1 vocabulary beside it (so `prepare` and `predict` find
  // its tokenizer).
  torch::manual_seed(11);
  auto base = trainer::create_model(tiny_nt());
  const std::string base_dir = dir + "/tiny-nt";
  trainer::save_model_directory(*base, base_dir, source("tests/fixtures/tokenizers/nucleotide_transformer/v1"));

  write_toy_csv(dir + "/train.csv", 160, 1);
  write_toy_csv(dir + "/test.csv", 64, 2);
  std::ofstream(dir + "/dataset.toml") << "[dataset]\nname = \"toy\"\noutput_dir = \"" << dir << "/tokens\"\n"
                                       << "[csv]\ntrain = \"" << dir << "/train.csv\"\ntest = \"" << dir
                                       << "/test.csv\"\ndev_fraction = 0.2\nsplit_seed = 42\n"
                                       << "[[tokenizers]]\nkind = \"model_dir\"\npath = \"" << base_dir << "\"\n";
  auto prep = run_command(lnctrain("prepare --config " + dir + "/dataset.toml"));
  ASSERT_EQ(prep.exit_code, 0) << prep.output;
  const std::string tokens = dir + "/tokens/toy.nt6.h5";

  // The study's LoRA (r 8, alpha 16, dropout 0.05, query/key/value/dense, head in full) with a toy-sized lr.
  const std::string grid = dir + "/lora.toml";
  std::ofstream(grid) << "[job]\nstore = \"" << dir << "/lora.sqlite\"\noutput_dir = \"" << dir << "/runs\"\n"
                      << "[data]\ntask = \"toy\"\nlength = 48\ntokenizer = \"nt\"\nk = 6\ntokens = \"" << tokens << "\"\n"
                      << "[model]\nfamily = \"esm\"\nname = \"tiny-nt\"\npretrained = \"" << base_dir << "\"\n"
                      << "[optimizer]\nlr = 5e-3\n[lr_scheduler]\nwarmup_steps = 4\n"
                      << "[training]\nepochs = 4\nglobal_batch_size = 8\neval_batch_size = 64\nthreads_per_rank = 1\n"
                      << "[lora]\nenabled = true\nr = 8\nalpha = 16\ndropout = 0.05\n"
                      << "target_modules = [\"query\", \"key\", \"value\", \"dense\"]\nexport_merged = true\n"
                      << "[parallelism]\ngroup_size = 2\n";
  auto run = run_command(mpirun(2) + lnctrain("--grid " + grid));
  ASSERT_EQ(run.exit_code, 0) << run.output;

  // One run on one group of two ranks; the train loss of the last epoch is below the first's.
  results::ResultsStore store(dir + "/lora.sqlite", true);
  auto runs = store.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, "done") << runs[0].error;
  EXPECT_EQ(runs[0].num_ranks, 2);
  std::map<std::int64_t, double> train_loss;
  std::map<std::string, double> recorded_test;
  for (const auto& m : store.metrics(runs[0].id)) {
    if (m.split == "train" && m.name == "loss" && m.epoch) train_loss[*m.epoch] = m.value;
    if (m.split == "test" && !m.epoch) recorded_test[m.name] = m.value;
  }
  ASSERT_EQ(train_loss.size(), 4u);
  EXPECT_LT(train_loss.rbegin()->second, train_loss.begin()->second)
      << "epoch 1 " << train_loss.begin()->second << ", epoch 4 " << train_loss.rbegin()->second;
  ASSERT_EQ(recorded_test.size(), 6u);  // mcc, accuracy, f1, loss, auroc, auprc

  const std::string run_dir = dir + "/runs/" + runs[0].config_hash.substr(0, 16);
  auto entries = list_dir(run_dir);
  // The TensorBoard event file ([job] tensorboard, default true) is named by time, host and pid.
  const auto events = std::remove_if(entries.begin(), entries.end(),
                                     [](const std::string& e) { return e.rfind("events.out.tfevents.", 0) == 0; });
  EXPECT_EQ(entries.end() - events, 1);
  entries.erase(events, entries.end());
  std::sort(entries.begin(), entries.end());
  // The checkpoint directory of a finished run is removed; no temporary of the exports is left.
  EXPECT_EQ(entries, (std::vector<std::string>{"adapter", "config.toml", "log.txt", "merged"}));
  for (const char* name : {"adapter/adapter_config.json", "adapter/adapter_model.safetensors", "merged/config.json",
                           "merged/model.safetensors", "merged/vocab.txt", "config.toml", "log.txt"})
    EXPECT_TRUE(file_exists(run_dir + "/" + name)) << name;

  // Bytes all-reduced per step, measured in the run (log.txt), = the trainable parameters' bytes = the adapter file's
  // tensors = 4 B x PEFT's count.
  const auto adapter = trainer::load_safetensors(run_dir + "/adapter/adapter_model.safetensors");
  std::int64_t adapter_bytes = 0;
  for (const auto& [name, t] : adapter) adapter_bytes += t.numel() * static_cast<std::int64_t>(t.element_size());
  EXPECT_EQ(adapter_bytes, 4 * kTrainable);
  std::smatch m;
  const std::string log = read_text(run_dir + "/log.txt");
  ASSERT_TRUE(std::regex_search(log, m,
                                std::regex(R"(gradient all-reduce: (\d+)\.\.(\d+) bytes per step over (\d+) steps; )"
                                           R"(trainable parameters: (\d+) \((\d+) bytes\))")))
      << log;
  EXPECT_EQ(std::stoll(m[1]), 4 * kTrainable);  // the smallest step
  EXPECT_EQ(std::stoll(m[2]), 4 * kTrainable);  // the largest step
  EXPECT_EQ(std::stoll(m[3]), 4 * 16);          // 4 epochs x (128 train rows / 8)
  EXPECT_EQ(std::stoll(m[4]), kTrainable);
  EXPECT_EQ(std::stoll(m[5]), adapter_bytes);

  // The merged export against the original base: frozen tensors bit-for-bit, adapted weights W + (B A) alpha/r from
  // the saved adapter, the head = the adapter's head.
  std::string source_files;
  const auto original = trainer::read_checkpoint_tensors(base_dir, source_files);
  const auto merged = trainer::read_checkpoint_tensors(run_dir + "/merged", source_files);
  ASSERT_EQ(merged.size(), original.size());
  const std::string prefix = "base_model.model.";
  int adapted = 0, frozen = 0, head = 0;
  for (const auto& [name, base_tensor] : original) {
    ASSERT_TRUE(merged.count(name)) << name;
    const auto& out = merged.at(name);
    const std::string module = name.substr(0, name.rfind('.'));
    if (name.rfind("classifier.", 0) == 0) {
      EXPECT_TRUE(torch::equal(out, adapter.at(prefix + name))) << name;
      ++head;
    } else if (is_target(module) && name.substr(name.rfind('.')) == ".weight") {
      const auto& a = adapter.at(prefix + module + ".lora_A.weight");
      const auto& b = adapter.at(prefix + module + ".lora_B.weight");
      EXPECT_GT(b.abs().max().item<double>(), 0.0) << module << ": lora_B never moved from zero";
      EXPECT_LT((out - (base_tensor + torch::matmul(b, a) * kScaling)).abs().max().item<double>(), 1e-6) << name;
      EXPECT_FALSE(torch::equal(out, base_tensor)) << name;
      ++adapted;
    } else {
      EXPECT_TRUE(torch::equal(out, base_tensor)) << name << " changed";
      ++frozen;
    }
  }
  EXPECT_EQ(adapted, 6 * kLayers);
  EXPECT_EQ(head, 4);
  EXPECT_GT(frozen, 20);

  // The adapter reloaded onto the base: the run's recorded test metrics.
  data::TokenStoreReader reader(tokens);
  auto reloaded = trainer::load_model_directory(base_dir).model;
  trainer::load_peft_adapter(*reloaded, run_dir + "/adapter");
  const auto adapter_logits = logits_of(*reloaded, reader, "test");
  const auto labels32 = reader.labels("test");
  const std::vector<int> labels(labels32.begin(), labels32.end());
  const std::vector<float> flat(adapter_logits.data_ptr<float>(), adapter_logits.data_ptr<float>() + adapter_logits.numel());
  const auto metrics = metrics::compute_metrics(labels, flat, static_cast<size_t>(kLabels));
  EXPECT_DOUBLE_EQ(metrics.mcc, recorded_test.at("mcc"));
  EXPECT_DOUBLE_EQ(metrics.accuracy, recorded_test.at("accuracy"));
  EXPECT_DOUBLE_EQ(metrics.f1, recorded_test.at("f1"));
  EXPECT_NEAR(metrics.loss, recorded_test.at("loss"), 1e-6);

  // The merged export loads as a plain model (no LoRA tensors) with the same logits as base + adapter.
  auto plain = trainer::load_model_directory(run_dir + "/merged").model;
  for (const auto& p : plain->named_parameters())
    EXPECT_EQ(p.key().find("lora_"), std::string::npos) << p.key();
  const auto merged_logits = logits_of(*plain, reader, "test");
  EXPECT_LT((merged_logits - adapter_logits).abs().max().item<double>(), 1e-5);

  // ... and `lnctrain predict` runs on it as on any model directory, with the same logits for the test sequences.
  auto predict = run_command(lnctrain("predict --model " + run_dir + "/merged --input " + dir + "/test.csv --out " +
                                      dir + "/predictions.tsv"));
  ASSERT_EQ(predict.exit_code, 0) << predict.output;
  auto tokenizer = data::load_tokenizer(run_dir + "/merged");
  std::ifstream csv(dir + "/test.csv"), tsv(dir + "/predictions.tsv");
  std::string line, row;
  std::getline(csv, line);
  std::getline(tsv, row);
  int compared = 0;
  while (std::getline(csv, line) && std::getline(tsv, row)) {
    const auto ids32 = tokenizer->encode(line.substr(0, line.find(','))).ids;
    auto ids = torch::tensor(std::vector<std::int64_t>(ids32.begin(), ids32.end())).view({1, -1});
    torch::NoGradGuard no_grad;
    const auto expected = reloaded->forward(ids, torch::ones_like(ids)).logits[0];
    std::istringstream fields(row);
    double index = 0, logit0 = 0, logit1 = 0;
    fields >> index >> logit0 >> logit1;
    EXPECT_NEAR(logit0, expected[0].item<double>(), 1e-5) << row;
    EXPECT_NEAR(logit1, expected[1].item<double>(), 1e-5) << row;
    ++compared;
  }
  EXPECT_EQ(compared, 64);
}

}  // namespace
}  // namespace lnc
