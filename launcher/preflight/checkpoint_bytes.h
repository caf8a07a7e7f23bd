#pragma once
// The disk a point's checkpoints take, from the memory plan (launcher/plan/memory_plan.h), for the pre-flight's
// free-space check: a checkpoint holds the model (every parameter, fp32: 4 B), AdamW's two moments (8 B per
// trainable parameter) and the best-so-far copy of the trainable parameters (4 B each)
// (trainer/checkpoint/checkpoint_directory.h); two complete ones are kept, and a third is being written while the
// oldest is still there, so a point needs up to three. The TF-IDF baseline writes none.
#include <cstdint>

#include "config/run_config.h"

namespace lnc::launcher {

std::int64_t checkpoint_bytes(const config::RunConfig& run);          // one checkpoint
std::int64_t planned_checkpoint_bytes(const config::RunConfig& run);  // what the point needs on disk at most

}  // namespace lnc::launcher
