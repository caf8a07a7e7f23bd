// lnctrain's own pytorch_model.bin unpickler (trainer/checkpoint/pickle_reader.cpp, state_dict_pickle.cpp,
// torch_save_legacy.cpp), torch-free: the fixtures torch.save wrote (tests/fixtures/pytorch_bin, made by its
// make_pytorch_bin.py) and hand-written pickles. The BadInputPytorchBin cases belong to the bad-input catalogue:
// each must be an InputError naming the file and the opcode, global or storage at fault.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "tests/unit/input_error_of.h"
#include "tests/unit/test_paths.h"
#include "trainer/checkpoint/safetensors.h"
#include "trainer/checkpoint/state_dict_pickle.h"
#include "trainer/checkpoint/torch_save_legacy.h"

namespace lnc::trainer {
namespace {

using namespace std::string_literals;  // pickles hold NUL bytes

std::string fixture(const std::string& name) { return read_file(test_paths::source("tests/fixtures/pytorch_bin/" + name)); }

std::set<std::string> names_of(const std::vector<PickledTensor>& tensors) {
  std::set<std::string> out;
  for (const auto& t : tensors) out.insert(t.name);
  return out;
}

// The names the fixture's weights have (tests/fixtures/dnabert1_bert/model.safetensors).
std::set<std::string> fixture_weight_names() {
  const auto file = SafetensorsFile::read(test_paths::source("tests/fixtures/dnabert1_bert/model.safetensors"));
  std::set<std::string> out;
  for (const auto& t : file.tensors()) out.insert(t.name);
  return out;
}

// ---- pickle pieces (protocol 2, as torch.save writes them)
std::string text(const std::string& s) {
  std::string out = "X";
  for (int i = 0; i < 4; ++i) out += static_cast<char>((s.size() >> (8 * i)) & 0xff);
  return out + s;
}
std::string small_int(int v) { return std::string("K") + static_cast<char>(v); }
std::string int_tuple(const std::vector<int>& v) {
  std::string out = "(";
  for (int x : v) out += small_int(x);
  return out + "t";
}
// name -> _rebuild_tensor_v2(storage '0' of `numel` floats, offset, size, stride, False, OrderedDict())
std::string tensor_entry(const std::string& name, const std::vector<int>& sizes, const std::vector<int>& strides,
                         int offset, int numel, const std::string& type = "FloatStorage",
                         const std::string& key = "0") {
  return text(name) + "ctorch._utils\n_rebuild_tensor_v2\n(" + "(" + text("storage") + "ctorch\n" + type + "\n" +
         text(key) + text("cpu") + small_int(numel) + "tQ" + small_int(offset) + int_tuple(sizes) + int_tuple(strides) +
         "\x89" + "ccollections\nOrderedDict\n)Rt" + "R";
}
std::string state_dict(const std::string& entries) { return "\x80\x02}(" + entries + "u."; }

std::vector<PickledTensor> read_pickle(const std::string& pickle, const std::string& file) {
  return read_state_dict_pickle(pickle.data(), pickle.size(), file);
}

std::string pickle_error(const std::string& pickle) {
  return input_error_of([&] { (void)read_pickle(pickle, "weights/pytorch_model.bin"); });
}

TEST(StateDictPickle, ReadsEveryTorchSaveLayoutOfTheFixture) {
  // Zip data.pkl of a plain dict and of an OrderedDict (the fuzz seeds are those records; tests/fuzz/README.md).
  for (const char* seed : {"three_tensors.pkl", "three_tensors_ordered_dict.pkl"}) {
    const auto bytes = read_file(test_paths::source(std::string("tests/fuzz/corpus/state_dict_pickle_fuzz/") + seed));
    const auto tensors = read_state_dict_pickle(bytes.data(), bytes.size(), seed);
    EXPECT_EQ(tensors.size(), 3u) << seed;
  }
  // Legacy format: a dict with the old position_ids buffer, and model.state_dict() (OrderedDict + _metadata).
  auto expected = fixture_weight_names();
  const auto dict = fixture("legacy_pytorch_model.bin");
  const auto legacy = read_legacy_torch_save(dict.data(), dict.size(), "legacy_pytorch_model.bin");
  auto with_buffer = expected;
  with_buffer.insert("bert.embeddings.position_ids");
  EXPECT_EQ(names_of(legacy.tensors), with_buffer);
  const auto module = fixture("module_state_dict_legacy.bin");
  const auto from_module = read_legacy_torch_save(module.data(), module.size(), "module_state_dict_legacy.bin");
  EXPECT_EQ(names_of(from_module.tensors), expected);
  for (const auto& t : from_module.tensors) {
    EXPECT_EQ(t.storage.type, "FloatStorage") << t.name;
    EXPECT_EQ(from_module.storage_offsets.count(t.storage.key), 1u) << t.name;
  }
  EXPECT_FALSE(is_legacy_torch_save(fixture("module_state_dict.bin").data(), 64));
}

TEST(StateDictPickle, ReadsAHandWrittenTensorWithItsGeometry) {
  const auto tensors = read_pickle(
      state_dict(tensor_entry("w", {2, 3}, {3, 1}, 1, 7) +
                 tensor_entry("empty", {0, 4}, {4, 1}, 9, 1, "FloatStorage", "1")),
      "x.bin");
  ASSERT_EQ(tensors.size(), 2u);
  EXPECT_EQ(tensors[0].name, "w");
  EXPECT_EQ(tensors[0].sizes, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(tensors[0].strides, (std::vector<std::int64_t>{3, 1}));
  EXPECT_EQ(tensors[0].offset, 1);
  EXPECT_EQ(tensors[0].storage.numel, 7);
  EXPECT_EQ(tensors[1].sizes, (std::vector<std::int64_t>{0, 4}));  // an empty tensor reaches nothing
}

struct PickleCase {
  std::string name;
  std::string pickle;
  std::string where;  // must be in the message, after the file name
};

std::vector<PickleCase> pickle_cases() {
  const std::string deep = "\x80\x02" + std::string(34, ']') + std::string(33, 'a') + ".";
  return {
      {"GlobalOsSystem", "\x80\x02" "cos\nsystem\n" + text("ls") + "\x85R.", "key 'data.pkl GLOBAL os.system at byte 2'"},
      {"TensorOutsideItsStorage", state_dict(tensor_entry("w", {2, 3}, {3, 1}, 2, 7)), "reaches element 7"},
      {"ProtocolFour", "\x80\x04}.", "key 'data.pkl PROTO at byte 0'"},
      {"StringLongerThanThePickle", "\x80\x02X\xff\xff\xff\x7f", "runs past the end"},
      {"ListContainingItself", "\x80\x02]q\x00h\x00" "a."s, "key 'data.pkl container"},
      {"ListChangedAfterPlacedInAnother", "\x80\x02]q\x00]h\x00" "ah\x00]" "a."s, "changed after it was placed"},
      {"NestedDeeperThan32", deep, "nested deeper than 32"},
      {"NotADict", "\x80\x02]q\x00."s, "does not hold a state dict"},
      {"EntryNotATensor", state_dict(text("w") + small_int(1)), "key 'w'"},
      {"NameTwice", state_dict(tensor_entry("w", {2}, {1}, 0, 2) + tensor_entry("w", {2}, {1}, 0, 2)), "appears twice"},
      {"StorageWithTwoTypes",
       state_dict(tensor_entry("a", {2}, {1}, 0, 2) + tensor_entry("b", {2}, {1}, 0, 2, "HalfStorage")),
       "storage '0' appears with two different types"},
      {"ComplexStorage", state_dict(tensor_entry("w", {2}, {1}, 0, 2, "ComplexFloatStorage")),
       "GLOBAL torch.ComplexFloatStorage"},
      {"NoStop", "\x80\x02}", "ends without STOP"},
      {"MemoReadBeforeStored", "\x80\x02h\x05.", "memo id 5"},
      {"TensorMetadata", state_dict(text("w") + "ctorch._utils\n_rebuild_tensor_v2\n((" + text("storage") +
                                    "ctorch\nFloatStorage\n" + text("0") + text("cpu") + small_int(2) + "tQ" +
                                    small_int(0) + int_tuple({2}) + int_tuple({1}) + "\x89}}" + text("k") +
                                    small_int(1) + "stR"),
       "tensor metadata"},
  };
}

class BadInputPytorchBin : public ::testing::TestWithParam<PickleCase> {};

TEST_P(BadInputPytorchBin, FailsNamingFileAndPlace) {
  const auto msg = pickle_error(GetParam().pickle);
  ASSERT_FALSE(msg.empty()) << "accepted";
  EXPECT_EQ(msg.rfind("weights/pytorch_model.bin", 0), 0u) << msg;
  EXPECT_NE(msg.find(GetParam().where), std::string::npos) << "expected '" << GetParam().where << "' in: " << msg;
}

INSTANTIATE_TEST_SUITE_P(Cases, BadInputPytorchBin, ::testing::ValuesIn(pickle_cases()),
                         [](const ::testing::TestParamInfo<PickleCase>& info) { return info.param.name; });

std::string legacy_error(const std::string& bytes) {
  return input_error_of([&] { (void)read_legacy_torch_save(bytes.data(), bytes.size(), "old/pytorch_model.bin"); });
}

TEST(BadInputPytorchBin, LegacyFileCutInsideItsLastStorage) {
  const auto bytes = fixture("module_state_dict_legacy.bin");
  const auto msg = legacy_error(bytes.substr(0, bytes.size() - 3));
  EXPECT_EQ(msg.rfind("old/pytorch_model.bin: key 'storage ", 0), 0u) << msg;
  EXPECT_NE(msg.find("the file ends inside its data"), std::string::npos) << msg;
}

TEST(BadInputPytorchBin, LegacyStorageCountDisagreesWithThePickle) {
  auto bytes = fixture("module_state_dict_legacy.bin");
  const auto legacy = read_legacy_torch_save(bytes.data(), bytes.size(), "x");
  std::size_t first = bytes.size();
  for (const auto& [key, offset] : legacy.storage_offsets) first = std::min(first, offset);
  bytes[first - 8] = static_cast<char>(bytes[first - 8] + 1);  // the first storage's element count, low byte
  const auto msg = legacy_error(bytes);
  EXPECT_NE(msg.find("elements, the pickle says"), std::string::npos) << msg;
}

TEST(BadInputPytorchBin, LegacyBigEndianFileIsRefused) {
  auto bytes = fixture("module_state_dict_legacy.bin");
  // sys_info pickle: X 'little_endian', BINPUT n, NEWTRUE -> NEWFALSE
  const auto at = bytes.find(text("little_endian") + "q");
  ASSERT_NE(at, std::string::npos);
  const auto value = at + text("little_endian").size() + 2;
  ASSERT_EQ(bytes[value], '\x88');
  bytes[value] = '\x89';
  EXPECT_NE(legacy_error(bytes).find("key 'sys_info.little_endian'"), std::string::npos);
}

}  // namespace
}  // namespace lnc::trainer
