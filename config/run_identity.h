#pragma once
// A run's identity: which grid points are the same experiment. It keys the results store (runs.config_hash), names
// the run directory (<output_dir>/<hash16>/) and ties a checkpoint to its run. It is computed from the typed
// RunConfig, after includes, axes, family recipes, presets and defaults, so spelling a default out changes nothing
// and changing a default in config/run_config.h (or a preset's dimensions) makes the runs it changes new runs.
//
// The identity text (identity version 3; written to RunConfig::canonical_toml, the store's runs.config_text and the
// run directory's config.toml; config_hash = lowercase hex sha256 of it). A flat TOML document, one line per field,
// "<key> = <value>\n", lines sorted by key in byte order, no comments:
//   identity_version = 3
//   data.chunk_pooling, data.chunk_stride, data.k, data.length, data.long_sequences, data.task, data.tokenizer,
//   data.truncation_side,
//   data.tokens          as the grid file wrote it: {task} {length} {k} {tokenizer} filled in, ${ENV} NOT expanded,
//                        so the same grid on another cluster (another LNC_DATA) finds its runs done
//   lora.enabled, lora.alpha, lora.base_dtype, lora.dropout, lora.modules_to_save, lora.r, lora.target_modules
//   lr_scheduler.decay, lr_scheduler.warmup_steps
//   model.family, model.name,
//   model.pretrained     as written, ${ENV} not expanded ("" = random initialisation)
//   model.<every ModelConfig field> (config/model_config.h: hidden_size, num_layers, ..., alibi_starting_size)
//                        except vocab_size, pad_token_id and num_labels, which the token file sets at run time
//   model.kmer, model.ngram_min, model.ngram_max, model.c_values   (the lr_tfidf settings)
//   optimizer.beta1, optimizer.beta2, optimizer.eps, optimizer.lr, optimizer.max_grad_norm, optimizer.weight_decay
//   training.activation_checkpointing, training.epochs, training.eval_batch_size, training.global_batch_size,
//   training.length_bucket_window, training.length_bucketing, training.max_steps, training.micro_batch_size,
//   training.overlap_allreduce, training.precision, training.seed
// Every field is written whatever the family (a field another family ignores still separates points, so a
// cartesian grid never collapses two of its points into one run).
// Left out, because they change where or how a run is recorded, not what is trained: [job], [parallelism],
// [evaluation], training.checkpoint_every, training.log_every, training.device and training.threads_per_rank (settings of the whole
// job: config/run_config.h), lora.export_merged, and model.preset (its dimensions are written instead).
// Values: integers in decimal; booleans true / false; floats as the shortest decimal that reads back to the same
// double (std::to_chars), with ".0" added when that has neither '.' nor an exponent (16 -> 16.0), inf / -inf / nan
// as TOML writes them; strings as TOML basic strings ("...", with \" \\ \b \t \n \f \r and \uXXXX for other
// control characters); lists as [a, b] with ", " between items.
// A new identity-relevant RunConfig field must be added here and in run_identity.cpp, with kRunIdentityVersion
// bumped and a store migration (results/store/identity_migration.h).
//
// Identity version 2 (stores of schema 5 and 6 written before [data] long_sequences) was this text without the four
// data.chunk_* / long_sequences / truncation_side lines; a version-2 text is today's text with those lines at their
// defaults ("mean", 0, "error", "right"), which identity_text_from_version2 adds (results/store/identity_migration.h).
// Identity version 1 (stores before schema 5) was the sha256 of the resolved TOML as written (after includes, axes
// and recipes; without [job], [grid], [parallelism], [evaluation], training.checkpoint_every and
// lora.export_merged), formatted by toml++.
#include <optional>
#include <string>

#include "config/run_config.h"

namespace lnc::config {

inline constexpr int kRunIdentityVersion = 3;

// data.tokens and model.pretrained as the grid file wrote them (see above).
struct PathsAsWritten {
  std::string tokens;
  std::string pretrained;
};

// The identity text of `run` (format above).
std::string identity_text(const RunConfig& run, const PathsAsWritten& paths);

// Sets run.canonical_toml to identity_text and run.config_hash to its sha256.
void assign_identity(RunConfig& run, const PathsAsWritten& paths);

struct RunIdentity {
  std::string text;
  std::string hash;
};

// The identity (version 3) of a run recorded under identity version 2: its text with the fields version 3 added at
// their defaults, identity_version 3, re-sorted. nullopt when `version2_text` is not a version-2 identity text.
std::optional<RunIdentity> identity_of_version2_text(const std::string& version2_text);

// The current identity of a run recorded under identity version 1, from the text the store kept (runs.config_text):
// that text parsed as a grid point with today's defaults and presets. The environment is not consulted (${ENV}
// stays as written). nullopt when the text is no longer a valid run config. Implemented beside the point parser
// (config/run_config_parser.cpp).
std::optional<RunIdentity> identity_of_version1_text(const std::string& stored_text);

}  // namespace lnc::config
