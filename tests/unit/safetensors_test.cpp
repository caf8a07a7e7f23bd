// The safetensors reader/writer: byte-exact layout, validation errors that name the file and tensor, and the
// shipped fixture files.
#include "trainer/checkpoint/safetensors.h"

#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "tests/unit/test_paths.h"

namespace lnc::trainer {
namespace {

std::string u64(std::uint64_t v) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  return s;
}
std::string file_with_header(const std::string& header, const std::string& data) { return u64(header.size()) + header + data; }

std::string error_of(const std::string& bytes) {
  try {
    SafetensorsFile::parse(bytes, "weights.safetensors");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Safetensors, WritesSortedAlignedLayoutAndReadsItBack) {
  const float a[3] = {1.5f, -2.0f, 3.25f};
  const std::int64_t b[2] = {7, -9};
  std::vector<TensorBytes> tensors = {
      {"z.weight", DType::F32, {3}, reinterpret_cast<const char*>(a), sizeof(a)},
      {"a.ids", DType::I64, {1, 2}, reinterpret_cast<const char*>(b), sizeof(b)},
  };
  const std::string bytes = serialize_safetensors(tensors);
  std::uint64_t n = 0;
  std::memcpy(&n, bytes.data(), 8);
  EXPECT_EQ((8 + n) % 8, 0u);
  const auto header = nlohmann::json::parse(bytes.substr(8, n));
  EXPECT_EQ(header["__metadata__"]["format"], "pt");
  EXPECT_EQ(header["a.ids"]["data_offsets"], nlohmann::json({0, 16}));  // name-sorted: a.ids first
  EXPECT_EQ(header["z.weight"]["data_offsets"], nlohmann::json({16, 28}));
  EXPECT_EQ(bytes.size(), 8 + n + 28);

  const auto file = SafetensorsFile::parse(bytes, "mem");
  ASSERT_EQ(file.tensors().size(), 2u);
  EXPECT_EQ(file.tensors()[0].name, "a.ids");
  const auto* w = file.find("z.weight");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->dtype, DType::F32);
  EXPECT_EQ(w->shape, std::vector<std::int64_t>({3}));
  float back[3];
  std::memcpy(back, w->data, sizeof(back));
  EXPECT_EQ(back[2], 3.25f);
  EXPECT_EQ(file.metadata().at("format"), "pt");
  EXPECT_EQ(file.find("missing"), nullptr);
}

TEST(Safetensors, WriterRefusesInconsistentTensors) {
  const float a[2] = {1, 2};
  EXPECT_THROW(serialize_safetensors({{"x", DType::F32, {3}, reinterpret_cast<const char*>(a), sizeof(a)}}),
               std::invalid_argument);
  EXPECT_THROW(serialize_safetensors({{"x", DType::F32, {2}, reinterpret_cast<const char*>(a), sizeof(a)},
                                      {"x", DType::F32, {2}, reinterpret_cast<const char*>(a), sizeof(a)}}),
               std::invalid_argument);
}

TEST(Safetensors, RejectsHeaderLengthBeyondFile) {
  const auto msg = error_of(u64(1000) + "{}");
  EXPECT_NE(msg.find("weights.safetensors"), std::string::npos) << msg;
  EXPECT_NE(msg.find("exceeds the file size"), std::string::npos) << msg;
  EXPECT_NE(error_of("abc").find("fewer than the 8-byte header"), std::string::npos);
}

TEST(Safetensors, RejectsInvalidJson) {
  EXPECT_NE(error_of(file_with_header("{\"x\": [1, 2", "")).find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_of(file_with_header("[1, 2]  ", "")).find("must be a JSON object"), std::string::npos);
}

TEST(Safetensors, RejectsOffsetsOutOfRangeNamingTheTensor) {
  const auto msg =
      error_of(file_with_header(R"({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}})", std::string(8, 'x')));
  EXPECT_NE(msg.find("key 'w'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("past the data buffer"), std::string::npos) << msg;
}

TEST(Safetensors, RejectsOverlappingTensors) {
  const auto msg = error_of(file_with_header(
      R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}})",
      std::string(12, 'x')));
  EXPECT_NE(msg.find("overlaps"), std::string::npos) << msg;
}

TEST(Safetensors, RejectsByteCountThatDisagreesWithShapeAndDtype) {
  const auto msg = error_of(
      file_with_header(R"({"w": {"dtype": "F16", "shape": [2, 3], "data_offsets": [0, 8]}})", std::string(8, 'x')));
  EXPECT_NE(msg.find("key 'w'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("need 12"), std::string::npos) << msg;
}

TEST(Safetensors, RejectsUnknownDtypeAndMalformedEntries) {
  EXPECT_NE(error_of(file_with_header(R"({"w": {"dtype": "F8", "shape": [1], "data_offsets": [0, 1]}})", "x"))
                .find("unknown dtype"),
            std::string::npos);
  EXPECT_NE(error_of(file_with_header(R"({"w": {"dtype": "F32", "shape": [1]}})", "")).find("missing 'data_offsets'"),
            std::string::npos);
  EXPECT_NE(error_of(file_with_header(R"({"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 0]}})", ""))
                .find("non-negative"),
            std::string::npos);
}

TEST(Safetensors, TruncatedFixtureFileIsRefused) {
  const std::string bytes = read_file(test_paths::source("tests/fixtures/dnabert1_bert/model.safetensors"));
  const auto msg = error_of(bytes.substr(0, bytes.size() - 100));
  EXPECT_NE(msg.find("past the data buffer"), std::string::npos) << msg;
}

TEST(Safetensors, ReadsFixtureFileAndRewritesItByteForByte) {
  const std::string path = test_paths::source("tests/fixtures/dnabert1_bert/model.safetensors");
  const auto file = SafetensorsFile::read(path);
  const auto* emb = file.find("bert.embeddings.word_embeddings.weight");
  ASSERT_NE(emb, nullptr);
  EXPECT_EQ(emb->shape, std::vector<std::int64_t>({69, 32}));
  // The fixture writer and ours follow the same layout rules (compact JSON, name order, metadata last), so the
  // bytes must agree exactly.
  const std::string out = test_paths::scratch_dir() + "/copy.safetensors";
  write_safetensors(out, file.tensors());
  const auto original = read_file(path), copy = read_file(out);
  const auto copy_file = SafetensorsFile::read(out);
  ASSERT_EQ(copy_file.tensors().size(), file.tensors().size());
  for (size_t i = 0; i < file.tensors().size(); ++i) {
    const auto& a = file.tensors()[i];
    const auto& b = copy_file.tensors()[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.shape, b.shape);
    ASSERT_EQ(a.nbytes, b.nbytes);
    EXPECT_EQ(std::memcmp(a.data, b.data, a.nbytes), 0) << a.name;
  }
  EXPECT_TRUE(original == copy) << "re-written file differs from the fixture bytes";
}

TEST(Safetensors, MissingFileIsAnInputError) {
  EXPECT_THROW(SafetensorsFile::read(test_paths::scratch_dir() + "/absent.safetensors"), InputError);
}

TEST(SafetensorsIndex, MapsTensorsToShardsBesideTheIndex) {
  const std::string dir = test_paths::scratch_dir();
  write_file_atomic(dir + "/model.safetensors.index.json",
                    R"({"metadata": {"total_size": 8}, "weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}})");
  const auto map = read_safetensors_index(dir + "/model.safetensors.index.json");
  EXPECT_EQ(map.at("b"), dir + "/model-00002-of-00002.safetensors");
  write_file_atomic(dir + "/bad.json", R"({"weight_map": {"a": "../escape.safetensors"}})");
  EXPECT_THROW(read_safetensors_index(dir + "/bad.json"), InputError);
  write_file_atomic(dir + "/nomap.json", R"({"metadata": {}})");
  EXPECT_THROW(read_safetensors_index(dir + "/nomap.json"), InputError);
}

}  // namespace
}  // namespace lnc::trainer
