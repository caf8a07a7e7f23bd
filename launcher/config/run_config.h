#pragma once
// Typed configuration of one run (one grid point), parsed and validated once from TOML
// (launcher/config/run_config_parser.cpp). Nothing past the launcher sees TOML.
//
// Sections of a grid file (all keys listed here; anything else is an error naming file, line and key):
//   [job]          name, store (SQLite results file), output_dir (per-run checkpoints and logs)
//   [data]         task, length, tokenizer ("kmer" | "bpe" | "nt"), k, tokens (HDF5 path; {task} {length} {k}
//                  {tokenizer} and ${ENV} are expanded)
//   [model]        family ("bert" | "dnabert2" | "esm" | "lr_tfidf"), name (label in the store; default family-preset),
//                  preset ("tiny" | "mini" | "small" | "base"), pretrained (HF directory, optional),
//                  hidden_size, num_layers, num_heads, intermediate_size, max_position_embeddings,
//                  hidden_dropout, attention_dropout (override the preset);
//                  lr_tfidf (the TF-IDF logistic-regression baseline): kmer (3), ngram_min (1), ngram_max (3),
//                  c_values ([1.0]; several = chosen on dev by MCC)
//   [optimizer]    lr, weight_decay, beta1, beta2, eps, max_grad_norm (<= 0: no clipping)
//   [lr_scheduler] warmup_steps, decay ("linear" | "constant")
//   [training]     seed, epochs, max_steps (0 = epochs decide), global_batch_size, eval_batch_size,
//                  threads_per_rank (0 = cores / ranks on the node), device ("auto" | "cpu" | "cuda")
//   [grid]         axes: any of the keys above given as an array (dotted, e.g. "optimizer.lr" = [1e-4, 3e-5]);
//                  the runs are their cartesian product.
#include <cstdint>
#include <string>
#include <vector>

#include "trainer/models/model_config.h"

namespace lnc::config {

struct JobConfig {
  std::string name = "lnctrain";
  std::string store = "results.sqlite";
  std::string output_dir = "runs";
};

struct DataConfig {
  std::string task;
  std::int64_t length = 0;
  std::string tokenizer = "kmer";
  std::int64_t k = 3;
  std::string tokens;  // resolved path of the HDF5 token file
};

// The TF-IDF + logistic-regression baseline's settings (family = "lr_tfidf").
struct BaselineSection {
  int kmer = 3, ngram_min = 1, ngram_max = 3;
  std::vector<double> c_values{1.0};
};

struct ModelSection {
  std::string name;         // label in the store and the report
  std::string preset;       // size preset the dimensions came from ("" when all given)
  std::string pretrained;   // Hugging Face model directory; empty = random initialisation
  trainer::ModelConfig architecture;  // vocab_size is taken from the token file at run time
  BaselineSection baseline;           // family = "lr_tfidf"
  bool is_baseline() const { return architecture.family == "lr_tfidf"; }
};

struct OptimizerConfig {
  double lr = 3e-5;
  double weight_decay = 0.01;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  double max_grad_norm = 1.0;
};

struct SchedulerConfig {
  std::int64_t warmup_steps = 50;
  std::string decay = "linear";
};

struct TrainingConfig {
  std::int64_t seed = 42;
  std::int64_t epochs = 3;
  std::int64_t max_steps = 0;
  std::int64_t global_batch_size = 32;
  std::int64_t eval_batch_size = 64;
  std::int64_t threads_per_rank = 0;
  std::string device = "auto";
};

struct RunConfig {
  JobConfig job;
  DataConfig data;
  ModelSection model;
  OptimizerConfig optimizer;
  SchedulerConfig scheduler;
  TrainingConfig training;
  std::string source_file;     // the grid file
  std::string canonical_toml;  // the resolved config without [job], keys sorted: the run's identity
  std::string config_hash;     // sha256 of canonical_toml
};

struct GridConfig {
  std::string file;
  JobConfig job;
  std::vector<std::string> axes;  // dotted keys varied by the grid
  std::vector<RunConfig> points;  // cartesian product, first axis slowest
};

// Parses and validates the whole grid; any invalid point fails the whole file (nothing runs).
GridConfig load_grid_config(const std::string& path);

}  // namespace lnc::config
