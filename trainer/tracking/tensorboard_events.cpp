#include "trainer/tracking/tensorboard_events.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "base/crc32c.h"
#include "base/input_error.h"

namespace lnc::trainer {
namespace tensorboard_wire {

std::string varint(std::uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
  return out;
}

namespace {

enum WireType { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

std::string key(int field, WireType type) { return varint(static_cast<std::uint64_t>(field) << 3 | type); }

template <typename T>
std::string little_endian(T value) {
  std::string out(sizeof(T), '\0');
  std::memcpy(out.data(), &value, sizeof(T));  // x86-64 and aarch64 Linux are little endian, as the format is
  return out;
}

std::string bytes_field(int field, const std::string& bytes) {
  return key(field, kLengthDelimited) + varint(bytes.size()) + bytes;
}
std::string double_field(int field, double v) { return key(field, kFixed64) + little_endian(v); }
std::string float_field(int field, float v) { return key(field, kFixed32) + little_endian(v); }
std::string int_field(int field, std::int64_t v) { return key(field, kVarint) + varint(static_cast<std::uint64_t>(v)); }

std::uint32_t masked_crc(const std::string& bytes) {
  const std::uint32_t crc = crc32c(bytes.data(), bytes.size());
  return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}


// google.protobuf.Value: 2 number_value, 3 string_value, 4 bool_value.
std::string protobuf_value(const HyperparameterValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return double_field(2, *d);
  if (const auto* s = std::get_if<std::string>(&v)) return bytes_field(3, *s);
  return int_field(4, std::get<bool>(v) ? 1 : 0);
}

// A Summary with one Value carrying HParams plugin data (no payload of its own: the metadata is the content).
std::string hparams_summary(const std::string& tag, const std::string& plugin_data) {
  const std::string plugin = bytes_field(1, "hparams") + bytes_field(2, plugin_data);
  const std::string metadata = bytes_field(1, plugin);
  return bytes_field(1, bytes_field(1, tag) + bytes_field(9, metadata));
}

}  // namespace

std::string tfrecord(const std::string& payload) {
  const std::string length = little_endian(static_cast<std::uint64_t>(payload.size()));
  return length + little_endian(masked_crc(length)) + payload + little_endian(masked_crc(payload));
}

}  // namespace tensorboard_wire

namespace {

double unix_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

TensorboardEventWriter::TensorboardEventWriter(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  char host[256] = "localhost";
  ::gethostname(host, sizeof host - 1);
  path_ = dir + "/events.out.tfevents." + std::to_string(static_cast<long long>(unix_seconds())) + "." + host + "." +
          std::to_string(::getpid());
  file_ = std::fopen(path_.c_str(), "ab");
  if (!file_) throw InputError(path_, 0, "", std::string("cannot write TensorBoard events: ") + std::strerror(errno));
  write_event(tensorboard_wire::bytes_field(3, "brain.Event:2"));
}

TensorboardEventWriter::~TensorboardEventWriter() {
  if (file_) std::fclose(file_);
}

void TensorboardEventWriter::write_event(const std::string& event_fields) {
  using namespace tensorboard_wire;
  const std::string record = tfrecord(double_field(1, unix_seconds()) + event_fields);
  if (std::fwrite(record.data(), 1, record.size(), file_) != record.size() || std::fflush(file_) != 0)
    throw InputError(path_, 0, "", std::string("cannot write TensorBoard events: ") + std::strerror(errno));
}

void TensorboardEventWriter::add_scalar(const std::string& tag, double value, std::int64_t step) {
  using namespace tensorboard_wire;
  const std::string value_message = bytes_field(1, tag) + float_field(2, static_cast<float>(value));
  write_event(int_field(2, step) + bytes_field(5, bytes_field(1, value_message)));
}

void TensorboardEventWriter::add_hyperparameters(const std::map<std::string, HyperparameterValue>& hparams) {
  using namespace tensorboard_wire;
  std::string start;
  for (const auto& [name, value] : hparams) start += bytes_field(1, bytes_field(1, name) + bytes_field(2, protobuf_value(value)));
  start += double_field(5, unix_seconds());
  const std::string plugin_data = int_field(1, 0) + bytes_field(3, start);
  write_event(bytes_field(5, hparams_summary("_hparams_/session_start_info", plugin_data)));
}

void TensorboardEventWriter::end_session(bool success) {
  using namespace tensorboard_wire;
  const std::string end = int_field(1, success ? 1 : 3) + double_field(2, unix_seconds());
  const std::string plugin_data = int_field(1, 0) + bytes_field(4, end);
  write_event(bytes_field(5, hparams_summary("_hparams_/session_end_info", plugin_data)));
}

}  // namespace lnc::trainer
