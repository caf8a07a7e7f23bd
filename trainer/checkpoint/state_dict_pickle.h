#pragma once
// The state dict in what torch.save(state_dict) writes, read by lnctrain's own unpickler (pickle_reader.h) so
// that pytorch_model.bin files load without LibTorch's unpickler (which turns the collections.OrderedDict of every
// model.state_dict() into None, and reserves whatever length a string claims). Nothing but containers, numbers,
// strings and tensor descriptions is built and no Python code runs: "tensor data only" is enforced here.
// Torch-free, so the fuzz build covers it (tests/fuzz/state_dict_pickle_fuzz.cpp); trainer/checkpoint/
// pytorch_bin.cpp turns the descriptions into tensors.
//
// Accepted, decided here as what torch.save writes (pickle protocol 2, its default):
//   - opcodes of protocol <= 2 for tuples, lists, dicts, ints, floats, bools, None and strings, the memo, MARK,
//     POP, DUP, persistent ids (BINPERSID: the storages), REDUCE and BUILD;
//   - REDUCE of the globals collections.OrderedDict (-> a dict; BUILD on it, the `_metadata` attribute, is
//     dropped), torch._utils._rebuild_tensor_v2 (storage, offset, size, stride, requires_grad, hooks[, empty
//     metadata]) and torch._utils._rebuild_parameter[_with_state] (-> its tensor); torch.<Type>Storage globals
//     appear only inside persistent ids ('storage', type, key, location, numel[, None]).
//   - the result: a dict (or OrderedDict) of distinct string names -> tensors.
// Everything else (other globals, STACK_GLOBAL, INST/OBJ, EXT*, NEWOBJ*, text persistent ids, bytes, protocol 4+),
// a tensor whose size/stride/offset reach outside its storage, a length or memo id past the data, containers
// nested deeper than 32: InputError naming `file` and, as key, "data.pkl <opcode or global> at byte N".
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lnc::trainer {

// One storage of the file: torch.save's zip keeps its bytes in record "data/<key>", the legacy format after its
// pickles (torch_save_legacy.h).
struct PickledStorage {
  std::string key;
  std::string type;   // "FloatStorage", "HalfStorage", ... (torch.<type>)
  std::int64_t numel = 0;
};

struct PickledTensor {
  std::string name;
  PickledStorage storage;
  std::int64_t offset = 0;  // in elements
  std::vector<std::int64_t> sizes, strides;
};

namespace pickle {
struct Value;
}

// Bytes per element of a torch.<type> ("FloatStorage": 4); 0 for a type lnctrain does not read.
int storage_element_size(const std::string& type);

// The tensors of torch.save's zip format: its "data.pkl" record.
std::vector<PickledTensor> read_state_dict_pickle(const char* data, std::size_t size, const std::string& file);

// The tensors of an unpickled state dict; `record` names the pickle in errors.
std::vector<PickledTensor> state_dict_tensors(const pickle::Value& value, const std::string& file,
                                              const std::string& record);

}  // namespace lnc::trainer
