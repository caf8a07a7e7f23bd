#include "cluster/device_choice.h"

#include <torch/cuda.h>

#include <stdexcept>

namespace lnc::cluster {

DeviceChoice choose_device(const std::string& requested, int local_rank) {
  DeviceChoice c;
  const bool have_cuda = torch::cuda::is_available();
  if (requested == "cuda" && !have_cuda) throw std::runtime_error("training.device = \"cuda\" but no CUDA device is available");
  if (requested == "cpu" || !have_cuda) {
    c.device = "cpu";
    c.backend = "gloo";
    return c;
  }
  c.cuda = true;
  c.cuda_index = local_rank % static_cast<int>(torch::cuda::device_count());
  c.device = "cuda:" + std::to_string(c.cuda_index);
  c.backend = "nccl";
  return c;
}

}  // namespace lnc::cluster
