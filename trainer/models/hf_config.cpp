#include "trainer/models/hf_config.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "config/hf_config_reader.h"
#include "config/model_families.h"

namespace lnc::trainer {
namespace {

using Json = nlohmann::json;
using config::FamilySpec;
using config::HfConfigReader;

// "A, B and C"
std::string spoken_list(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return out;
}

// The family from model_type / architectures (the registry's hf_* fields); an unknown one is refused rather than
// guessed.
const FamilySpec& detect_family(const Json& json, const HfConfigReader& r) {
  std::vector<std::string> model_types, prefixes;
  for (const auto* spec : config::model_families()) {
    if (spec->hf_model_type.empty()) continue;
    if (std::find(model_types.begin(), model_types.end(), spec->hf_model_type) == model_types.end())
      model_types.push_back(spec->hf_model_type);
    if (std::find(prefixes.begin(), prefixes.end(), spec->hf_architecture_prefix + "*") == prefixes.end())
      prefixes.push_back(spec->hf_architecture_prefix + "*");
  }
  std::string model_type = r.string("model_type", "");
  if (json.contains("architectures") && !json["architectures"].is_null()) {
    if (!json["architectures"].is_array() || json["architectures"].empty())
      r.fail("architectures", "must be a non-empty list of class names");
    for (const auto& a : json["architectures"]) {
      const std::string arch = a.is_string() ? a.get<std::string>() : a.dump();
      const FamilySpec* by_arch = nullptr;
      for (const auto* spec : config::model_families())
        if (!spec->hf_architecture_prefix.empty() && arch.rfind(spec->hf_architecture_prefix, 0) == 0) by_arch = spec;
      if (!by_arch)
        r.fail("architectures", "unknown architecture '" + arch + "' (supported: " + spoken_list(prefixes) + " models)");
      if (model_type.empty()) model_type = by_arch->hf_model_type;
      if (model_type != by_arch->hf_model_type)
        r.fail("architectures", "architecture '" + arch + "' does not match model_type '" + model_type + "'");
    }
  }
  if (model_type.empty()) r.fail("model_type", "required key is missing (and no architectures list)");
  const FamilySpec* fallback = nullptr;
  for (const auto* spec : config::model_families()) {
    if (spec->hf_model_type != model_type) continue;
    if (!spec->hf_claims) fallback = spec;
    else if (spec->hf_claims(json)) return *spec;
  }
  if (!fallback) {
    std::string list;
    for (const auto& t : model_types) list += (list.empty() ? "" : ", ") + t;
    r.fail("model_type", "unknown model_type '" + model_type + "' (supported: " + list + ")");
  }
  return *fallback;
}

int num_labels(const Json& json, const HfConfigReader& r) {
  // transformers writes id2label (not num_labels) into config.json; num_labels = len(id2label).
  if (r.has("id2label")) {
    if (!json["id2label"].is_object() || json["id2label"].empty()) r.fail("id2label", "must be a non-empty object");
    return static_cast<int>(json["id2label"].size());
  }
  const int n = r.integer("num_labels", 2);
  if (n <= 0) r.fail("num_labels", "must be positive");
  return n;
}

}  // namespace

ModelConfig parse_hf_config(const std::string& json_text, const std::string& path) {
  Json json;
  try {
    json = Json::parse(json_text);
  } catch (const Json::exception& e) {
    throw InputError(path, 0, "", std::string("not valid JSON: ") + e.what());
  }
  if (!json.is_object()) throw InputError(path, 0, "", "must be a JSON object");
  HfConfigReader r(json, path);
  ModelConfig c;
  const FamilySpec& spec = detect_family(json, r);
  c.family = spec.name;
  c.vocab_size = r.positive("vocab_size");
  c.hidden_size = r.positive("hidden_size");
  c.num_layers = r.positive("num_hidden_layers");
  c.num_heads = r.positive("num_attention_heads");
  c.intermediate_size = r.positive("intermediate_size");
  if (c.hidden_size % c.num_heads != 0)
    r.fail("num_attention_heads", "hidden_size " + std::to_string(c.hidden_size) + " is not a multiple of " +
                                      std::to_string(c.num_heads) + " heads");
  c.layer_norm_eps = r.number("layer_norm_eps", 1e-12);
  c.hidden_dropout = r.number("hidden_dropout_prob", 0.1);
  c.attention_dropout = r.number("attention_probs_dropout_prob", 0.1);
  c.classifier_dropout = r.number("classifier_dropout", -1.0);
  c.num_labels = num_labels(json, r);

  spec.read_hf(r, c);
  if (c.pad_token_id < 0 || c.pad_token_id >= c.vocab_size)
    r.fail("pad_token_id", "must be a token id below vocab_size " + std::to_string(c.vocab_size));
  if (c.mask_token_id >= c.vocab_size) r.fail("mask_token_id", "must be below vocab_size");
  return c;
}

ModelConfig read_hf_config(const std::string& path) { return parse_hf_config(read_file(path), path); }

// Format written (config.json, read by transformers' AutoConfig / from_pretrained and by parse_hf_config):
// one JSON object with the HF key names of the family's config class, id2label/label2id sized num_labels,
// torch_dtype "float32". dnabert2 adds DNABERT-2's auto_map (bert_layers.py from the hub repo must sit beside it
// for transformers to run it); NT v2 (gated FFN) adds add_bias_fnn (InstaDeep's esm_config.py reads it).
std::string hf_config_json(const ModelConfig& c) {
  Json j;
  j["vocab_size"] = c.vocab_size;
  j["hidden_size"] = c.hidden_size;
  j["num_hidden_layers"] = c.num_layers;
  j["num_attention_heads"] = c.num_heads;
  j["intermediate_size"] = c.intermediate_size;
  j["max_position_embeddings"] = c.max_position_embeddings;
  j["layer_norm_eps"] = c.layer_norm_eps;
  j["hidden_dropout_prob"] = c.hidden_dropout;
  j["attention_probs_dropout_prob"] = c.attention_dropout;
  j["pad_token_id"] = c.pad_token_id;
  j["initializer_range"] = 0.02;
  j["torch_dtype"] = "float32";
  Json id2label = Json::object(), label2id = Json::object();
  for (int i = 0; i < c.num_labels; ++i) {
    id2label[std::to_string(i)] = "LABEL_" + std::to_string(i);
    label2id["LABEL_" + std::to_string(i)] = i;
  }
  j["id2label"] = id2label;
  j["label2id"] = label2id;
  const FamilySpec& spec = config::family_spec(c.family);
  if (!spec.write_hf) throw std::invalid_argument("model family '" + c.family + "' has no Hugging Face config.json");
  j["model_type"] = spec.hf_model_type;
  j["architectures"] = {spec.hf_architecture_prefix + "ForSequenceClassification"};
  spec.write_hf(c, j);
  return j.dump(2) + "\n";
}

void write_hf_config(const ModelConfig& config, const std::string& path) {
  write_file_atomic(path, hf_config_json(config));
}

}  // namespace lnc::trainer
