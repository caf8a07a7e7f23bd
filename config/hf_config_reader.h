#pragma once
// Typed reads of a Hugging Face config.json's keys with InputError naming the file and the key, shared by
// trainer/models/hf_config.cpp (the keys every family has) and the family specs (config/families/: their own keys).
// A key present as null counts as absent (transformers writes e.g. "classifier_dropout": null). No torch here.
#include <nlohmann/json.hpp>

#include <string>

namespace lnc::config {

class HfConfigReader {
 public:
  HfConfigReader(const nlohmann::json& json, std::string path) : json_(json), path_(std::move(path)) {}

  const nlohmann::json& json() const { return json_; }
  bool has(const char* key) const;
  int integer(const char* key) const;  // required
  int integer(const char* key, int fallback) const;
  int positive(const char* key) const;  // required, > 0
  double number(const char* key, double fallback) const;
  bool boolean(const char* key, bool fallback) const;
  std::string string(const char* key, const std::string& fallback) const;
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;

 private:
  int integer_at(const char* key) const;
  const nlohmann::json& json_;
  std::string path_;
};

}  // namespace lnc::config
