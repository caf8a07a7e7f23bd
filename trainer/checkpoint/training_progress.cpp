#include "trainer/checkpoint/training_progress.h"

#include <nlohmann/json.hpp>

#include "data/io/input_error.h"

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

TrainingProgress progress_from_json(const std::string& text, const std::string& source) {
  try {
    const auto j = nlohmann::json::parse(text);
    if (j.at("format").get<int>() != 1) throw InputError(source, 0, "format", "unknown checkpoint progress format");
    TrainingProgress p;
    p.config_hash = j.at("config_hash").get<std::string>();
    p.group_size = j.at("group_size").get<std::int64_t>();
    p.step = j.at("step").get<std::int64_t>();
    p.epoch = j.at("epoch").get<std::int64_t>();
    p.batch = j.at("batch").get<std::int64_t>();
    p.total_steps = j.at("total_steps").get<std::int64_t>();
    p.best_dev_loss = j.at("best_dev_loss").is_null() ? INFINITY : j.at("best_dev_loss").get<double>();
    p.best_epoch = j.at("best_epoch").get<std::int64_t>();
    for (const auto& e : j.at("metrics")) {
      MetricValue m;
      m.split = e.at("split").get<std::string>();
      m.name = e.at("name").get<std::string>();
      m.value = e.at("value").get<double>();
      if (!e.at("epoch").is_null()) m.epoch = e.at("epoch").get<std::int64_t>();
      p.metrics.push_back(m);
    }
    return p;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(source, 0, "", std::string("malformed checkpoint progress: ") + e.what());
  }
}

}  // namespace lnc::trainer
