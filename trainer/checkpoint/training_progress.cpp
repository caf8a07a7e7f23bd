#include "trainer/checkpoint/training_progress.h"

#include <cstdint>
#include <nlohmann/json.hpp>

#include "base/input_error.h"

namespace lnc::trainer {

std::string progress_to_json(const TrainingProgress& p) {
  nlohmann::json j;
  j["format"] = 1;
  j["config_hash"] = p.config_hash;
  j["group_size"] = p.group_size;
  j["step"] = p.step;
  j["epoch"] = p.epoch;
  j["batch"] = p.batch;
  j["total_steps"] = p.total_steps;
  j["best_dev_loss"] = std::isfinite(p.best_dev_loss) ? nlohmann::json(p.best_dev_loss) : nlohmann::json(nullptr);
  j["best_epoch"] = p.best_epoch;
  j["metrics"] = nlohmann::json::array();
  for (const auto& m : p.metrics) {
    nlohmann::json e{{"split", m.split}, {"name", m.name}, {"value", m.value}};
    e["epoch"] = m.epoch ? nlohmann::json(*m.epoch) : nlohmann::json(nullptr);
    j["metrics"].push_back(e);
  }
  return j.dump(1) + "\n";
}

namespace {

// An integer field at least `min`: a JSON float (1e300) would make nlohmann's get<int64_t> a float-to-integer
// conversion out of range, so only JSON integers are taken.
std::int64_t integer_at(const nlohmann::json& j, const std::string& key, std::int64_t min, const std::string& source) {
  const auto& v = j.at(key);
  if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<std::uint64_t>() > INT64_MAX) ||
      v.get<std::int64_t>() < min)
    throw InputError(source, 0, key, "must be an integer >= " + std::to_string(min));
  return v.get<std::int64_t>();
}

}  // namespace

TrainingProgress progress_from_json(const std::string& text, const std::string& source) {
  try {
    const auto j = nlohmann::json::parse(text);
    if (integer_at(j, "format", 0, source) != 1)
      throw InputError(source, 0, "format", "unknown checkpoint progress format");
    TrainingProgress p;
    p.config_hash = j.at("config_hash").get<std::string>();
    p.group_size = integer_at(j, "group_size", 1, source);
    p.step = integer_at(j, "step", 0, source);
    p.epoch = integer_at(j, "epoch", 0, source);
    p.batch = integer_at(j, "batch", 0, source);
    p.total_steps = integer_at(j, "total_steps", 0, source);
    p.best_dev_loss = j.at("best_dev_loss").is_null() ? INFINITY : j.at("best_dev_loss").get<double>();
    p.best_epoch = integer_at(j, "best_epoch", -1, source);
    for (const auto& e : j.at("metrics")) {
      MetricValue m;
      m.split = e.at("split").get<std::string>();
      m.name = e.at("name").get<std::string>();
      m.value = e.at("value").get<double>();
      if (!e.at("epoch").is_null()) m.epoch = integer_at(e, "epoch", 0, source);
      p.metrics.push_back(m);
    }
    return p;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(source, 0, "", std::string("malformed checkpoint progress: ") + e.what());
  }
}

}  // namespace lnc::trainer
