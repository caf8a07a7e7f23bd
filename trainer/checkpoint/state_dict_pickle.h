#pragma once
// Checks the pickle of a pytorch_model.bin (the "data.pkl" record of torch.save's zip) before LibTorch's unpickler
// runs it, so that lnctrain accepts tensor data only and no length in the file makes the unpickler allocate more
// than the file holds (LibTorch 2.11 reserves a string of whatever length a BINUNICODE claims; found by
// tests/fuzz/pytorch_bin_fuzz). Torch-free, so the fuzz build covers it (tests/fuzz/state_dict_pickle_fuzz.cpp).
// Accepted, decided here as what torch.save of a state dict writes (protocol 2, the default):
//   - opcodes of protocol <= 2 that build tuples, lists, dicts, ints, floats, bools, None and strings, the memo
//     (BINPUT/BINGET, ids below the pickle's size), persistent ids (BINPERSID: the tensor storages) and
//     REDUCE/BUILD applied to the globals below;
//   - globals (GLOBAL "module\nname\n") collections.OrderedDict, torch._utils._rebuild_tensor_v2,
//     torch._utils._rebuild_parameter and torch.<Type>Storage.
// Everything else (other globals, STACK_GLOBAL, INST/OBJ, EXT*, NEWOBJ*, text persistent ids, bytes/bytearray,
// protocol 4+ frames) and any length or memo id past the end of the data: InputError naming `file` and, as key,
// the offending opcode or global and its byte offset.
#include <cstddef>
#include <string>

namespace lnc::trainer {

void check_state_dict_pickle(const char* data, std::size_t size, const std::string& file);

}  // namespace lnc::trainer
