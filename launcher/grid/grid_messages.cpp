#include "launcher/grid/grid_messages.h"

#include <nlohmann/json.hpp>

#include <limits>

namespace lnc::launcher {

GridChannels GridChannels::open(MPI_Comm world) {
  GridChannels c;
  MPI_Comm_dup(world, &c.to_coordinator);
  MPI_Comm_dup(world, &c.to_workers);
  return c;
}

void GridChannels::close() {
  if (to_coordinator != MPI_COMM_NULL) MPI_Comm_free(&to_coordinator);
  if (to_workers != MPI_COMM_NULL) MPI_Comm_free(&to_workers);
}

std::string result_to_json(const RunResult& r) {
  nlohmann::json j{{"group", r.group},   {"point", r.point}, {"status", r.status},
                   {"error", r.error},   {"seconds", r.seconds}, {"steps", r.steps},
                   {"resumed_from_step", r.resumed_from_step}};
  j["metrics"] = nlohmann::json::array();
  for (const auto& m : r.metrics) {
    nlohmann::json e{{"split", m.split}, {"name", m.name}, {"value", m.value}};
    e["epoch"] = m.epoch ? nlohmann::json(*m.epoch) : nlohmann::json(nullptr);
    j["metrics"].push_back(e);
  }
  return j.dump();
}

RunResult result_from_json(const std::string& text) {
  const auto j = nlohmann::json::parse(text);
  RunResult r;
  r.group = j.at("group").get<std::int64_t>();
  r.point = j.at("point").get<std::int64_t>();
  r.status = j.at("status").get<std::string>();
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
  return r;
}

}  // namespace lnc::launcher
