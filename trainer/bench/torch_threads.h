#pragma once
// Sets torch's intra-op threads for this rank (trainer::threads_per_rank: configured, else cores / local ranks)
// and returns the number set, for commands that must not include torch.
#include <cstdint>

namespace lnc::trainer {

int set_torch_threads(std::int64_t configured, int local_ranks);

}  // namespace lnc::trainer
