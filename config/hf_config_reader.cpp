#include "config/hf_config_reader.h"

#include "base/input_error.h"

namespace lnc::config {

bool HfConfigReader::has(const char* key) const { return json_.contains(key) && !json_[key].is_null(); }

int HfConfigReader::integer(const char* key) const {
  if (!has(key)) throw InputError(path_, 0, key, "required key is missing");
  return integer_at(key);
}

int HfConfigReader::integer(const char* key, int fallback) const { return has(key) ? integer_at(key) : fallback; }

int HfConfigReader::positive(const char* key) const {
  const int v = integer(key);
  if (v <= 0) throw InputError(path_, 0, key, "must be positive, got " + std::to_string(v));
  return v;
}

double HfConfigReader::number(const char* key, double fallback) const {
  if (!has(key)) return fallback;
  if (!json_[key].is_number()) throw InputError(path_, 0, key, "must be a number, got " + json_[key].dump());
  return json_[key].get<double>();
}

bool HfConfigReader::boolean(const char* key, bool fallback) const {
  if (!has(key)) return fallback;
  if (!json_[key].is_boolean()) throw InputError(path_, 0, key, "must be true or false, got " + json_[key].dump());
  return json_[key].get<bool>();
}

std::string HfConfigReader::string(const char* key, const std::string& fallback) const {
  if (!has(key)) return fallback;
  if (!json_[key].is_string()) throw InputError(path_, 0, key, "must be a string, got " + json_[key].dump());
  return json_[key].get<std::string>();
}

void HfConfigReader::fail(const std::string& key, const std::string& message) const {
  throw InputError(path_, 0, key, message);
}

int HfConfigReader::integer_at(const char* key) const {
  const nlohmann::json& v = json_[key];
  if (!v.is_number_integer()) throw InputError(path_, 0, key, "must be an integer, got " + v.dump());
  return v.get<int>();
}

}  // namespace lnc::config
