#pragma once
// A restricted pickle machine for the pickles torch.save writes (protocol 2): it builds containers, numbers,
// strings, persistent-id storages and tensor descriptions, and runs no Python code. What it accepts is listed in
// state_dict_pickle.h, which gives it its meaning; torch-free, fuzzed by tests/fuzz/state_dict_pickle_fuzz.cpp.
// Safety by construction: every length and memo id is checked against the data; a container can be changed only
// while nothing contains it (so values form no cycles) and nesting stops at 32 (so destruction recursion is bounded).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "trainer/checkpoint/state_dict_pickle.h"

namespace lnc::trainer::pickle {

struct Value;
using ValuePtr = std::shared_ptr<Value>;

struct Value {
  enum class Kind { None, Bool, Int, BigInt, Float, String, Tuple, List, Dict, Global, Storage, Tensor };
  Kind kind = Kind::None;
  std::int64_t integer = 0;  // Bool, Int
  double real = 0;           // Float
  std::string text;          // String; Global "module.name"; BigInt: its little-endian two's-complement bytes
  std::vector<ValuePtr> items;                            // Tuple, List
  std::vector<std::pair<ValuePtr, ValuePtr>> entries;     // Dict
  PickledStorage storage;                                 // Storage
  PickledTensor tensor;                                   // Tensor (name empty)
  int depth = 1;
  bool contained = false;
};

struct Result {
  ValuePtr value;
  std::size_t end = 0;  // the byte after STOP
};

// Runs the pickle at data[begin]; errors are InputError(file, 0, "data.pkl <what> at byte N", why) with `record`
// in place of "data.pkl". `storage_id_fields`: 5 (zip format) or 6 (legacy format, the sixth being None).
Result read(const char* data, std::size_t size, std::size_t begin, const std::string& file, const std::string& record,
            int storage_id_fields);

}  // namespace lnc::trainer::pickle
