#pragma once
// The on-disk layout of a run's checkpoints (llm.c style: a directory per step, a marker written last):
//
//   <output_dir>/<hash16>/checkpoint/
//     step-<N>/            N = optimizer steps done when it was written
//       state.pt           rank 0 of the group: model tensors, AdamW state, best-so-far parameters
//                          (trainer/checkpoint/training_checkpoint.h documents the keys)
//       progress.json      rank 0: step, epoch, position in the epoch, best so far, metrics so far
//                          (trainer/checkpoint/training_progress.h)
//       rank-<r>.pt        every rank r of the group: its RNG state and train-loss accumulators
//       DONE               written by rank 0 after all ranks wrote theirs (a barrier): the checkpoint is complete
//
// A step directory without DONE is an interrupted write and is ignored (and replaced when that step is written
// again). After a new checkpoint is complete, all but the newest kNewestKept complete ones are deleted.
// No torch here: listing and pruning are plain file operations.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lnc::trainer {

inline constexpr int kNewestKept = 2;

std::string checkpoint_step_dir(const std::string& checkpoint_dir, std::int64_t step);
std::string checkpoint_rank_file(const std::string& step_dir, int rank);

// Steps of the complete checkpoints (DONE present), ascending.
std::vector<std::int64_t> complete_checkpoint_steps(const std::string& checkpoint_dir);
std::optional<std::int64_t> newest_complete_checkpoint(const std::string& checkpoint_dir);

// Removes complete checkpoints older than the newest `keep`, and incomplete ones older than the newest complete.
void prune_checkpoints(const std::string& checkpoint_dir, int keep = kNewestKept);

}  // namespace lnc::trainer
