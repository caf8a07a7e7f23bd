#pragma once
// torch.save's legacy format (torch < 1.6, or _use_new_zipfile_serialization=False), in which older checkpoints
// such as DNABERT's pytorch_model.bin were published. Layout, as torch/serialization.py's _legacy_save writes it:
//   pickle  magic number 0x1950a86a20f9469cfc6c
//   pickle  protocol version 1001
//   pickle  sys_info dict (little_endian must be True when present)
//   pickle  the state dict; storages are persistent ids ('storage', type, key, location, numel, None)
//   pickle  the list of storage keys
//   per key, in that order: int64 little-endian element count, then count x element size bytes
// Torch-free (fuzzed by tests/fuzz/state_dict_pickle_fuzz.cpp); pytorch_bin.cpp makes the tensors.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "trainer/checkpoint/state_dict_pickle.h"

namespace lnc::trainer {

struct LegacyTorchSave {
  std::vector<PickledTensor> tensors;
  std::map<std::string, std::size_t> storage_offsets;  // storage key -> offset of its first byte in the file
};

// True when the data starts like the legacy format (its magic-number pickle), not like a zip.
bool is_legacy_torch_save(const char* data, std::size_t size);

// Every storage a tensor uses lies within the data; otherwise InputError naming `file` and the part.
LegacyTorchSave read_legacy_torch_save(const char* data, std::size_t size, const std::string& file);

}  // namespace lnc::trainer
