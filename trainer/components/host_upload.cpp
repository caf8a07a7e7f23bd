#include "trainer/components/host_upload.h"

#include <ATen/ATen.h>

namespace lnc::trainer {

at::Tensor upload_int64(const std::vector<std::int64_t>& values, std::vector<std::int64_t> shape,
                        const c10::Device& device) {
  auto view = at::from_blob(const_cast<std::int64_t*>(values.data()), shape, at::kLong);
  if (device.is_cuda()) return view.pin_memory().to(device, /*non_blocking=*/true);
  return view.clone().to(device);
}

}  // namespace lnc::trainer
