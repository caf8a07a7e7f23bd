#pragma once
// What a finished run's directory (<output_dir>/<hash16>/, launcher/grid/grid_execution.h) says about its model,
// read from its config.toml (the identity text, config/run_identity.h): the window length it was trained on, the
// pretrained base a LoRA adapter sits on (${ENV} expanded here), whether it is a LoRA run, and how it fed windows
// longer than its model's context (so a variant's windows are scored as the run was trained). Used by
// score-variants. Other keys are not read (the file holds every identity field).
#include <cstdint>
#include <string>

#include "config/run_config.h"

namespace lnc::config {

struct FinishedRun {
  std::string dir;
  std::int64_t length = 0;  // data.length
  std::string pretrained;   // model.pretrained, expanded ("" = random initialisation)
  bool lora = false;        // lora.enabled
  std::string family;       // model.family
  // data.long_sequences, truncation_side, chunk_stride, chunk_pooling; their defaults for a run keyed by identity
  // version 2 (before the keys existed); the other DataConfig fields are not read.
  DataConfig long_rows;
};

// InputError naming <dir>/config.toml and the key when it is missing or data.length is not a window length (> 50).
FinishedRun read_finished_run(const std::string& dir);

}  // namespace lnc::config
