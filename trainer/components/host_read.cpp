#include "trainer/components/host_read.h"

#include <ATen/ATen.h>
#include <ATen/record_function.h>

namespace lnc::trainer {

std::vector<double> read_on_host(const at::Tensor& values) {
  RECORD_USER_SCOPE(kHostReadScope);
  const auto host = values.detach().to(at::kCPU, at::kDouble).contiguous();
  const double* data = host.data_ptr<double>();
  return std::vector<double>(data, data + host.numel());
}

}  // namespace lnc::trainer
