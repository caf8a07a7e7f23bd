#pragma once
// The one place where CPU and GPU runs differ: which device a rank computes on and which c10d backend
// carries its collectives (Gloo on CPU, NCCL on CUDA).
#include <string>

namespace lnc::cluster {

struct DeviceChoice {
  std::string device;   // "cpu" or "cuda:N"
  std::string backend;  // "gloo" or "nccl"
  bool cuda = false;
  int cuda_index = -1;
};

// requested: "auto" (CUDA when available), "cpu" or "cuda"; local_rank picks the GPU on a node.
DeviceChoice choose_device(const std::string& requested, int local_rank);

}  // namespace lnc::cluster
