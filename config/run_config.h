#pragma once
// Typed configuration of one run (one grid point), parsed and validated once from TOML
// (config/run_config_parser.cpp). Only config/ and launcher/ see TOML; the layers above config/ get these structs.
//
// Sections of a grid file (all keys listed here; anything else is an error naming file, line and key):
//   [job]          name, store (SQLite results file), output_dir (per-run checkpoints and logs), max_attempts
//                  (>= 1, default 3: attempts that died before a point is marked failed; launcher/grid/attempt_limit.h),
//                  tensorboard (bool, default true: TensorBoard event files in each run directory,
//                  trainer/tracking/tensorboard_events.h)
//   [data]         task, length, tokenizer ("kmer" | "bpe" | "nt"), k, tokens (HDF5 path; {task} {length} {k}
//                  {tokenizer} and ${ENV} are expanded);
//                  rows longer than the model's context (FamilySpec::context_tokens: max_position_embeddings, less
//                  ESM's position offset; data/batching/long_rows.h): long_sequences ("error" (default): refused
//                  at submission and by the run | "truncate" | "chunk"), truncation_side ("right" (default): keep
//                  the first tokens | "left": keep the last ones, at the TSS; Hugging Face's meaning),
//                  chunk_stride (tokens between chunk starts, > 0 and at most a chunk's content; 0 or absent =
//                  the default: the chunk's content less 64, or half of it when that is under 128 tokens),
//                  chunk_pooling ("mean" (default) | "max": how the chunks' pooled outputs are combined before
//                  the head); the family's special tokens are kept on every truncated row and every chunk
//   [model]        family ("bert" | "dnabert2" | "esm" | "lr_tfidf": config/model_families.h), name (label in the store; default family-preset),
//                  preset ("tiny" | "mini" | "small" | "base"), pretrained (HF directory, optional),
//                  hidden_size, num_layers, num_heads, intermediate_size, max_position_embeddings,
//                  hidden_dropout, attention_dropout (override the preset);
//                  lr_tfidf (the TF-IDF logistic-regression baseline): kmer (3), ngram_min (1), ngram_max (3),
//                  c_values ([1.0]; several = chosen on dev by MCC)
//   [optimizer]    lr, weight_decay, beta1, beta2, eps, max_grad_norm (<= 0: no clipping)
//   [lr_scheduler] warmup_steps, decay ("linear" | "constant")
//   [training]     seed, epochs, max_steps (0 = epochs decide), global_batch_size, eval_batch_size,
//                  threads_per_rank (0 = cores / ranks on the node), device ("auto" | "cpu" | "cuda"): these two
//                  are settings of the whole job, not of a point: every phase builds one process group for one
//                  device, and execute_grid sets them once (launcher/grid/grid_execution.cpp). So they are not grid
//                  axes (a [grid] or [[grid.zip]] array over them is an error naming its line), a family recipe
//                  or a union (grids = [...]) that makes them differ between points is an error, and they are
//                  not part of a run's identity (the same run on a GPU or a CPU cluster is the same run),
//                  checkpoint_every (steps between checkpoints; 0 = only at epoch ends; not part of the hash),
//                  log_every (>= 1, default 10: steps between the training-curve rows of the store, train loss, lr,
//                  gradient norm, steps/s; not part of the hash),
//                  micro_batch_size (0 = the whole per-rank share; else gradient accumulation over micro-batches),
//                  activation_checkpointing (false; recompute each encoder layer in backward; every family),
//                  overlap_allreduce (bool, default true: gradient buckets all-reduced from hooks during backward;
//                  false: synchronously after backward), precision ("fp32" | "bf16": autocast around forward + loss,
//                  fp32 master weights), length_bucketing (bool, default false: within windows of
//                  length_bucket_window global batches, rows sorted by length; data/batching/length_buckets.h)
//   [evaluation]   importance (bool, default true): after the test evaluation of a transformer run, per-base
//                  attention importance of the best model on the test split, stored with the run (the study's
//                  Figure 2; trainer/importance/test_split_importance.h); importance_max_sequences (default 500;
//                  0 = every test row): at most that many test rows, evenly strided over the split, which keeps the
//                  cost under a tenth of a test evaluation for the study's test splits and the store at
//                  500 x l x 4 bytes per run. Neither key is part of the run's hash (they change what is recorded
//                  beside the metrics, not the training), like training.checkpoint_every. Ignored by lr_tfidf.
//                  importance_methods (array over "attention" | "ism" | "integrated_gradients", default
//                  ["attention"]; each computed on the same rows and stored under its method name,
//                  trainer/importance/importance_methods.h), ig_steps (32: Riemann midpoint steps of integrated
//                  gradients), ig_baseline ("pad" | "mask": the token whose embedding replaces every base-covering
//                  token in the IG baseline; default "pad"), ism_tokenizer (path: the k-mer vocab.txt or the model
//                  directory whose tokenizer re-tokenizes ISM's mutants; default model.pretrained; its vocabulary
//                  must be the token file's, checked by sha256), ism_batch_rows (64: windows per forward pass). None
//                  of these is part of the run's hash either.
//   [lora]         enabled (true when a [lora] table is present: an empty [lora] means LoRA with these defaults;
//                  no [lora] table = full fine-tuning), r (8), alpha (16), dropout (0.05), target_modules (the family's
//                  FamilySpec::lora_target_modules: ["query","key","value","dense"] for bert and esm,
//                  ["Wqkv","dense","gated_layers","wo"] for dnabert2), modules_to_save (["classifier"]), base_dtype ("fp32" | "bf16"), export_merged (false:
//                  only the PEFT adapter is written at the end of a run; true: also the merged plain model; not part
//                  of the hash; trainer/lora/lora_run_export.h); see config/lora_settings.h. Per-family default: full fine-tuning (enabled = false) for every family,
//                  which the DNABERT family (bert, dnabert2) keeps; the study's Nucleotide Transformer (esm) recipe is
//                  enabled = true, r 8, alpha 16, dropout 0.05, targets query/key/value/dense, with [optimizer] lr 1e-4.
//                  DNABERT-2's fused attention projection is targeted as "Wqkv".
//   [grid]         axes: any of the keys above given as an array (dotted, e.g. "optimizer.lr" = [1e-4, 3e-5]),
//                  and [[grid.zip]] entries of equal-length arrays that vary together (config/grid_axes.h);
//                  the runs are their cartesian product.
//   [recipes.<family>]  per-family defaults for keys a point does not set (config/family_recipes.h:
//                  precedence and the built-in DNABERT / NT recipes).
//   [parallelism]  group_size (ranks per grid point: an integer or "auto"), device_memory_gib,
//                  collective_timeout_s (the collective watchdog, default 900): see ParallelismConfig; per point
//                  like any other section (grid axis, family recipe).
//   grids = ["a.toml", "b.toml"]  (top level, with only [job] and [parallelism] beside it): the union of those
//                  grids, each expanded on its own, a point in several of them run once (configs/reproduce_all.toml).
//   include = ["base.toml", ...]  (top level) files merged before this file's keys, paths relative to this file
//                  (config/toml_include.h).
// ${NAME} in job.store, job.output_dir, data.tokens and model.pretrained is the environment variable NAME
// (base/env_expand.h); the run's identity takes data.tokens and model.pretrained unexpanded, so the same grid
// on another cluster (other LNC_DATA) finds its runs done.
// A run's identity (the store's key) is computed from these typed values with defaults and preset dimensions
// filled in, not from the text as written: config/run_identity.h lists what it holds and leaves out. A new field
// here that changes what is trained must be added there.
#include <cstdint>
#include <string>
#include <vector>

#include "config/lora_settings.h"
#include "config/model_config.h"
#include "config/model_families.h"

namespace lnc::config {

struct JobConfig {
  std::string name = "lnctrain";
  std::string store = "results.sqlite";
  std::string output_dir = "runs";
  std::int64_t max_attempts = 3;
  bool tensorboard = true;
};

struct DataConfig {
  std::string task;
  std::int64_t length = 0;
  std::string tokenizer = "kmer";
  std::int64_t k = 3;
  std::string tokens;  // resolved path of the HDF5 token file
  // Rows longer than the model's context (data/batching/long_rows.h).
  std::string long_sequences = "error";  // "error" | "truncate" | "chunk"
  std::string truncation_side = "right";  // "right": keep the first tokens | "left": keep the last ones
  std::int64_t chunk_stride = 0;          // 0 = the default (see the [data] comment above)
  std::string chunk_pooling = "mean";     // "mean" | "max"
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
  config::ModelConfig architecture;  // vocab_size is taken from the token file at run time
  BaselineSection baseline;           // family = "lr_tfidf"
  bool is_baseline() const { return is_baseline_family(architecture.family); }
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
  std::int64_t checkpoint_every = 0;
  std::int64_t log_every = 10;  // training-curve rows every this many steps; not part of the identity
  std::int64_t micro_batch_size = 0;     // 0 = the whole per-rank share; else gradient accumulation over micro-batches
  bool activation_checkpointing = false;  // recompute each encoder layer in backward
  bool overlap_allreduce = true;
  std::string precision = "fp32";
  bool length_bucketing = false;
  std::int64_t length_bucket_window = 50;
};

struct EvaluationConfig {
  bool importance = true;
  std::int64_t importance_max_sequences = 500;  // 0 = all test rows
  std::vector<std::string> importance_methods{"attention"};
  std::int64_t ig_steps = 32;
  std::string ig_baseline = "pad";  // "pad" | "mask"
  std::string ism_tokenizer;        // empty = model.pretrained
  std::int64_t ism_batch_rows = 64;
};

// How many ranks train one grid point together (a group of data-parallel ranks). A section of each point like
// the others: [parallelism] in the grid file (or an include) is every point's default, a grid axis
// ("parallelism.group_size" = [1, 2], or zipped with the model) or a family recipe
// ([recipes.esm.parallelism] group_size = "auto") sets it per point. Not part of a run's identity (hash): the
// same run on another cluster size is the same run (two points that differ only here are an error).
//   group_size         integer >= 1: that many ranks; must divide the number of ranks.
//                      "auto": from the memory plan (launcher/plan/memory_plan.h): the smallest divisor d of the
//                      number of ranks (d <= global_batch_size) whose per-rank share ceil(global_batch_size / d),
//                      trained in one pass (or in micro_batch_size pieces when that is set), fits
//                      device_memory_gib; when none fits, the largest such d (the dry run says "does not fit").
//                      Baseline points (lr_tfidf) get 1. launcher/grid/group_size_plan.h.
//                      0 or absent (default): all ranks when the grid has a single point, else 1 (grid points are
//                      independent: packing them onto single ranks wastes no time in gradient all-reduce).
//   device_memory_gib  memory of one rank's device in GiB for "auto" (default 80).
//   collective_timeout_s  seconds (> 0, default 900) a collective of the point's group (gradient buckets, the
//                      loss/stop verdict, evaluation gathers, checkpoint broadcasts and barriers) may wait before
//                      the collective watchdog (cluster/collective_watchdog.h) reports the ranks that did not arrive
//                      and ends the job with exit code 75 (launcher/grid/collective_hang.h); the point goes back to
//                      'queued' with its attempt counted. Gloo's and NCCL's own timeouts are this plus 60 s (the
//                      backstop, should the watchdog thread itself be stuck), taken per phase as the largest of its
//                      points'.
// In a union file (grids = [...]), the keys its own [parallelism] gives replace those of every point.
// Points run in phases, one per distinct group size (largest first): in each phase the world is split into
// groups of that size that drain that phase's queue; all ranks synchronise between phases
// (launcher/grid/grid_execution.h).
struct ParallelismConfig {
  std::int64_t group_size = 0;  // 0 = default (above)
  bool group_size_auto = false;
  double device_memory_gib = 80;
  double collective_timeout_s = 900;
};

struct RunConfig {
  JobConfig job;
  DataConfig data;
  ModelSection model;
  OptimizerConfig optimizer;
  SchedulerConfig scheduler;
  TrainingConfig training;
  config::LoraSettings lora;
  EvaluationConfig evaluation;
  ParallelismConfig parallelism;  // not part of the identity
  std::string source_file;     // the grid file
  std::string canonical_toml;  // the run's identity text: its typed values as flat, sorted TOML (config/run_identity.h)
  std::string config_hash;     // sha256 of canonical_toml: the run's identity
};

struct GridConfig {
  std::string file;
  JobConfig job;
  ParallelismConfig parallelism;  // the file's top-level [parallelism]: each point's default (a union's keys win)
  std::vector<std::string> axes;  // dotted keys varied by the grid
  std::vector<RunConfig> points;  // cartesian product, first axis slowest
};

// Parses and validates the whole grid; any invalid point fails the whole file (nothing runs).
GridConfig load_grid_config(const std::string& path);
// The same with command-line overrides (--set KEY=VALUE; config/config_overrides.h: precedence and axes).
struct ConfigOverride;
GridConfig load_grid_config(const std::string& path, const std::vector<ConfigOverride>& overrides);

// The [model] section a grid file with only `family` and `preset` would give (lnctrain bench); InputError on an
// unknown family or preset.
ModelSection model_section(const std::string& family, const std::string& preset);

}  // namespace lnc::config
