#include "launcher/grid/grid_messages.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <limits>
#include <stdexcept>

#include "cluster/communication_error.h"

namespace lnc::launcher {

namespace {

template <size_t N>
std::string int64s(const std::int64_t (&values)[N]) {
  return std::string(reinterpret_cast<const char*>(values), sizeof values);
}

template <size_t N>
void read_int64s(const std::string& bytes, const char* message, std::int64_t (&values)[N]) {
  if (bytes.size() != sizeof values)
    throw cluster::CommunicationError(std::string(message) + " message: " + std::to_string(bytes.size()) +
                                      " bytes, expected " + std::to_string(sizeof values));
  std::memcpy(values, bytes.data(), sizeof values);
}

}  // namespace

std::string encode(const Request& m) {
  const std::int64_t v[2] = {m.group, m.stop ? 1 : 0};
  return int64s(v);
}

std::string encode(const Assignment& m) {
  const std::int64_t v[2] = {m.point, m.run_id};
  return int64s(v);
}

std::string encode(const Progress& m) {
  const std::int64_t v[3] = {m.point, m.step, m.total_steps};
  return int64s(v);
}

std::string encode(const Hang& m) {
  const std::int64_t v[4] = {m.group, m.point, m.step, m.reporter};
  return int64s(v);
}

Hang decode_hang(const std::string& bytes) {
  std::int64_t v[4];
  read_int64s(bytes, "hang", v);
  return Hang{v[0], v[1], v[2], v[3]};
}

Request decode_request(const std::string& bytes) {
  std::int64_t v[2];
  read_int64s(bytes, "request", v);
  return Request{v[0], v[1] != 0};
}

Assignment decode_assignment(const std::string& bytes) {
  std::int64_t v[2];
  read_int64s(bytes, "assignment", v);
  return Assignment{v[0], v[1]};
}

Progress decode_progress(const std::string& bytes) {
  std::int64_t v[3];
  read_int64s(bytes, "progress", v);
  return Progress{v[0], v[1], v[2]};
}

std::string result_to_json(const RunResult& r) {
  nlohmann::json j{{"group", r.group},   {"point", r.point}, {"status", results::status_text(r.status)},
                   {"error", r.error},   {"seconds", r.seconds}, {"steps", r.steps},
                   {"resumed_from_step", r.resumed_from_step}};
  j["metrics"] = nlohmann::json::array();
  for (const auto& m : r.metrics) {
    nlohmann::json e{{"split", m.split}, {"name", m.name}, {"value", m.value}};
    e["epoch"] = m.epoch ? nlohmann::json(*m.epoch) : nlohmann::json(nullptr);
    j["metrics"].push_back(e);
  }
  j["importance_rows"] = r.importance_rows;
  j["prediction_rows"] = r.prediction_rows;
  j["device"] = r.device;
  j["hosts"] = r.hosts;
  j["curve"] = nlohmann::json::array();
  for (const auto& p : r.curve) j["curve"].push_back({p.step, p.train_loss, p.lr, p.grad_norm, p.steps_per_second});
  return j.dump();
}

RunResult result_from_json(const std::string& text) {
  const auto j = nlohmann::json::parse(text);
  RunResult r;
  r.group = j.at("group").get<std::int64_t>();
  r.point = j.at("point").get<std::int64_t>();
  r.status = results::parse_run_status(j.at("status").get<std::string>());
  if (r.status != results::RunStatus::done && r.status != results::RunStatus::failed &&
      r.status != results::RunStatus::interrupted)
    throw std::runtime_error("result message: status must be done, failed or interrupted");
  r.error = j.at("error").get<std::string>();
  r.seconds = j.at("seconds").get<double>();
  r.steps = j.at("steps").get<std::int64_t>();
  r.resumed_from_step = j.at("resumed_from_step").get<std::int64_t>();
  for (const auto& e : j.at("metrics")) {
    trainer::MetricValue m;
    m.split = e.at("split").get<std::string>();
    m.name = e.at("name").get<std::string>();
    // JSON has no NaN (nlohmann writes null): an undefined metric travels as null.
    m.value = e.at("value").is_null() ? std::numeric_limits<double>::quiet_NaN() : e.at("value").get<double>();
    if (!e.at("epoch").is_null()) m.epoch = e.at("epoch").get<std::int64_t>();
    r.metrics.push_back(m);
  }
  if (j.contains("importance_rows")) r.importance_rows = j.at("importance_rows").get<std::int64_t>();
  if (j.contains("prediction_rows")) r.prediction_rows = j.at("prediction_rows").get<std::int64_t>();
  if (j.contains("device")) r.device = j.at("device").get<std::string>();
  if (j.contains("hosts")) r.hosts = j.at("hosts").get<std::string>();
  if (j.contains("curve"))
    for (const auto& e : j.at("curve")) {
      if (!e.is_array() || e.size() != 5) throw std::runtime_error("result message: a curve row is not 5 numbers");
      // JSON has no NaN or infinity (nlohmann writes null): they travel as null.
      auto number = [&](int i) {
        return e.at(i).is_null() ? std::numeric_limits<double>::quiet_NaN() : e.at(i).get<double>();
      };
      r.curve.push_back({e.at(0).get<std::int64_t>(), number(1), number(2), number(3), number(4)});
    }
  return r;
}

std::size_t importance_to_bytes_size(const std::vector<trainer::ImportanceRow>& rows) {
  std::size_t n = 0;
  for (const auto& r : rows) n += 5 * sizeof(std::int64_t) + r.scores.size() * sizeof(float);
  return n;
}

std::string importance_to_bytes(const std::vector<trainer::ImportanceRow>& rows) {
  std::string out;
  out.reserve(importance_to_bytes_size(rows));
  for (const auto& r : rows) {
    const std::int64_t code = trainer::stored_method_code(r.method);
    if (code < 0) throw std::runtime_error("importance message: unknown method '" + r.method + "'");
    const std::int64_t head[5] = {r.sample, r.label, r.prediction, static_cast<std::int64_t>(r.scores.size()), code};
    out.append(reinterpret_cast<const char*>(head), sizeof head);
    out.append(reinterpret_cast<const char*>(r.scores.data()), r.scores.size() * sizeof(float));
  }
  return out;
}

std::vector<trainer::ImportanceRow> importance_from_bytes(const std::string& bytes, std::int64_t expected_rows) {
  std::vector<trainer::ImportanceRow> out;
  std::size_t pos = 0;
  std::int64_t head[5];
  while (pos < bytes.size()) {
    if (bytes.size() - pos < sizeof head) throw std::runtime_error("importance message: truncated record header");
    std::memcpy(head, bytes.data() + pos, sizeof head);
    pos += sizeof head;
    if (head[3] < 0 || static_cast<std::size_t>(head[3]) > (bytes.size() - pos) / sizeof(float))
      throw std::runtime_error("importance message: record of " + std::to_string(head[3]) + " bases overruns the message");
    if (head[4] < 0 || head[4] >= trainer::kNumStoredImportanceMethods)
      throw std::runtime_error("importance message: unknown method code " + std::to_string(head[4]));
    trainer::ImportanceRow r{head[0], head[1], head[2], std::vector<float>(static_cast<std::size_t>(head[3])),
                             trainer::kStoredImportanceMethods[head[4]]};
    if (!r.scores.empty()) std::memcpy(r.scores.data(), bytes.data() + pos, r.scores.size() * sizeof(float));
    pos += r.scores.size() * sizeof(float);
    out.push_back(std::move(r));
  }
  if (static_cast<std::int64_t>(out.size()) != expected_rows)
    throw std::runtime_error("importance message: " + std::to_string(out.size()) + " rows, the result announced " +
                             std::to_string(expected_rows));
  return out;
}

}  // namespace lnc::launcher
