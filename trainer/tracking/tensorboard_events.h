#pragma once
// A run's TensorBoard event file: scalars (train loss, learning rate, gradient norm, steps/s, dev metrics) and the
// run's hyperparameters, readable by TensorBoard's own event reader. No protobuf library: the few messages are
// encoded by hand.
//
// Format (written here, in <dir>/events.out.tfevents.<unix seconds>.<host>.<pid>, the name TensorBoard globs for):
//   a sequence of TFRecords: uint64 length (little endian), uint32 masked_crc32c(length bytes), `length` bytes of a
//   serialized tensorflow.Event, uint32 masked_crc32c(those bytes); masked_crc = ((crc >> 15) | (crc << 17)) +
//   0xa282ead8, crc = CRC-32C (base/crc32c.h).
//   Event (tensorflow/core/util/event.proto): 1 wall_time (double), 2 step (int64), 3 file_version (string; the
//   first record is "brain.Event:2"), 5 summary (Summary).
//   Summary: repeated 1 value (Value); Value: 1 tag (string), 2 simple_value (float), 9 metadata (SummaryMetadata).
//   Hyperparameters: TensorBoard's HParams plugin, one Value with tag "_hparams_/session_start_info" whose
//   metadata (1 plugin_data: 1 plugin_name "hparams", 2 content) holds a serialized HParamsPluginData
//   (1 version = 0, 3 session_start_info: 1 map<string, google.protobuf.Value> hparams (number 2, string 3,
//   bool 4), 5 start_time_secs), then at the end "_hparams_/session_end_info" (4 session_end_info: 1 status,
//   STATUS_SUCCESS = 1 or STATUS_FAILURE = 3; 2 end_time_secs).
// Each record is written whole and flushed: a killed run leaves at most a truncated last record, which TensorBoard's
// reader treats as the end of the file; nothing before it is lost.
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <variant>

namespace lnc::trainer {

using HyperparameterValue = std::variant<double, std::string, bool>;

class TensorboardEventWriter {
 public:
  // Creates `dir` if needed and opens a new event file in it; throws InputError naming the path on failure.
  explicit TensorboardEventWriter(const std::string& dir);
  ~TensorboardEventWriter();
  TensorboardEventWriter(const TensorboardEventWriter&) = delete;
  TensorboardEventWriter& operator=(const TensorboardEventWriter&) = delete;

  void add_scalar(const std::string& tag, double value, std::int64_t step);
  void add_hyperparameters(const std::map<std::string, HyperparameterValue>& hparams);
  void end_session(bool success);
  const std::string& path() const { return path_; }

 private:
  void write_event(const std::string& event_fields);
  std::string path_;
  std::FILE* file_ = nullptr;
};

// The protobuf wire encoding of the messages above, exposed for tests that check bytes against hand computation.
namespace tensorboard_wire {
std::string varint(std::uint64_t v);
std::string tfrecord(const std::string& payload);
}  // namespace tensorboard_wire

}  // namespace lnc::trainer
