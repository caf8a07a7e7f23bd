#include "trainer/tracking/software_versions.h"

#include <ATen/detail/CUDAHooksInterface.h>
#include <dlfcn.h>
#include <torch/version.h>


#include "base/build_version.h"
#include "cluster/node_description.h"
#include "data/token_store/hdf5_version.h"

namespace {

// c10d::getNcclVersion() of libtorch_cuda, looked up at run time: a LibTorch without CUDA has no such library, and
// its header needs NCCL's. The symbol is the Itanium-ABI name of `std::string c10d::getNcclVersion()`.
std::string nccl_version() {
  using Getter = std::string (*)();
  auto* getter = reinterpret_cast<Getter>(::dlsym(RTLD_DEFAULT, "_ZN4c10d14getNcclVersionB5cxx11Ev"));
  if (!getter) return "none";
  try {
    return getter();
  } catch (...) {
    return "unknown";
  }
}

}  // namespace

namespace lnc::trainer {

std::vector<std::pair<std::string, std::string>> software_versions() {
  std::string cuda = "none", nccl = "none";
  try {  // LibTorch without CUDA: the default hooks throw
    const long v = at::detail::getCUDAHooks().versionCUDART();  // 13000 = 13.0
    if (v > 0) {
      cuda = std::to_string(v / 1000) + "." + std::to_string((v % 1000) / 10);
      nccl = nccl_version();
    }
  } catch (...) {
  }
  return {{"lnctrain", lnctrain_version()}, {"libtorch", TORCH_VERSION},          {"cuda", cuda},
          {"nccl", nccl},                   {"mpi", cluster::mpi_library_version()}, {"hdf5", data::hdf5_version()}};
}

}  // namespace lnc::trainer
