#include "trainer/bench/torch_threads.h"

#include <ATen/Parallel.h>

#include "trainer/training_run.h"

namespace lnc::trainer {

int set_torch_threads(std::int64_t configured, int local_ranks) {
  const int threads = threads_per_rank(configured, local_ranks);
  at::set_num_threads(threads);
  return threads;
}

}  // namespace lnc::trainer
