#pragma once
// A static estimate of what a grid point costs, for --dry-run, for the order in which the queue hands points out
// (most expensive first: the longest-processing-time rule packs uneven runs well) and for the ETA.
//   parameters  a pretrained point (model.pretrained): the family's exact count (FamilySpec::parameter_count) of
//               its config.json's architecture when the directory exists; when it does not, unknown
//               (parameters_known false, the dry run shows "?") and the [model] estimate below paces the queue.
//               A randomly initialised point: ~ vocab x hidden + positions x hidden + layers x (4 hidden^2 +
//               2 hidden x intermediate)
//   tokens      per example, from the window length and the tokenizer (k-mers: l - k + 3, BPE ~ l / 4 + 2,
//               NT 6-mers ~ l / 6 + 1), capped at max_position_embeddings (l = 300 when unset)
//   steps       max_steps, else epochs x ceil(train examples / global batch) when the token file exists
//               (0 = unknown: the file is not there, e.g. a dry run before `prepare`)
//   flops       6 x parameters x tokens x global batch x steps (forward + backward), 0 when steps are unknown
// The TF-IDF baseline (lr_tfidf) has no network and no steps: parameters, steps and flops 0, weight 1 (it takes
// seconds; counting it like the neural preset it shares a grid with sorted it first and, finishing at once, made
// the first ETA far too short).
#include <cstdint>

#include "config/run_config.h"

namespace lnc::launcher {

struct CostEstimate {
  double parameters = 0;
  bool parameters_known = true;  // false: a pretrained directory that is not there (parameters is the estimate)
  double tokens_per_example = 0;
  std::int64_t steps = 0;  // 0 = unknown
  double flops = 0;
  // A positive number to order and pace runs by: flops, or flops per step when steps are unknown.
  double weight() const;
};

CostEstimate estimate_cost(const config::RunConfig& run);

}  // namespace lnc::launcher
