#include "launcher/grid/prediction_messages.h"

#include <cstring>
#include <stdexcept>

namespace lnc::launcher {

namespace {
constexpr std::size_t kHead = 5;  // int64s before the probabilities
}

std::size_t predictions_to_bytes_size(const std::vector<trainer::PredictionRow>& rows) {
  std::size_t n = 0;
  for (const auto& r : rows) n += kHead * sizeof(std::int64_t) + r.probabilities.size() * sizeof(float);
  return n;
}

std::string predictions_to_bytes(const std::vector<trainer::PredictionRow>& rows) {
  std::string out;
  out.reserve(predictions_to_bytes_size(rows));
  for (const auto& r : rows) {
    if (r.split != "dev" && r.split != "test") throw std::invalid_argument("prediction row of split '" + r.split + "'");
    const std::int64_t head[kHead] = {r.split == "dev" ? 0 : 1, r.sample, r.label, r.prediction,
                                      static_cast<std::int64_t>(r.probabilities.size())};
    out.append(reinterpret_cast<const char*>(head), sizeof head);
    out.append(reinterpret_cast<const char*>(r.probabilities.data()), r.probabilities.size() * sizeof(float));
  }
  return out;
}

std::vector<trainer::PredictionRow> predictions_from_bytes(const std::string& bytes, std::int64_t expected_rows) {
  std::vector<trainer::PredictionRow> out;
  std::size_t pos = 0;
  std::int64_t head[kHead];
  while (pos < bytes.size()) {
    if (bytes.size() - pos < sizeof head) throw std::runtime_error("predictions message: truncated record header");
    std::memcpy(head, bytes.data() + pos, sizeof head);
    pos += sizeof head;
    if (head[0] != 0 && head[0] != 1)
      throw std::runtime_error("predictions message: split code " + std::to_string(head[0]) + " (0 = dev, 1 = test)");
    if (head[4] < 0 || static_cast<std::size_t>(head[4]) > (bytes.size() - pos) / sizeof(float))
      throw std::runtime_error("predictions message: record of " + std::to_string(head[4]) +
                               " classes overruns the message");
    trainer::PredictionRow r{head[0] == 0 ? "dev" : "test", head[1], head[2], head[3],
                             std::vector<float>(static_cast<std::size_t>(head[4]))};
    if (!r.probabilities.empty())
      std::memcpy(r.probabilities.data(), bytes.data() + pos, r.probabilities.size() * sizeof(float));
    pos += r.probabilities.size() * sizeof(float);
    out.push_back(std::move(r));
  }
  if (static_cast<std::int64_t>(out.size()) != expected_rows)
    throw std::runtime_error("predictions message: " + std::to_string(out.size()) + " rows, the result announced " +
                             std::to_string(expected_rows));
  return out;
}

}  // namespace lnc::launcher
