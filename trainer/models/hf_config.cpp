#include "trainer/models/hf_config.h"

#include <nlohmann/json.hpp>

#include "base/atomic_file.h"
#include "base/input_error.h"

namespace lnc::trainer {
namespace {

using Json = nlohmann::json;

class ConfigReader {
 public:
  ConfigReader(const Json& json, std::string path) : json_(json), path_(std::move(path)) {}

  bool has(const char* key) const { return json_.contains(key) && !json_[key].is_null(); }
  int integer(const char* key) const {
    if (!has(key)) throw InputError(path_, 0, key, "required key is missing");
    return integer_at(key);
  }
  int integer(const char* key, int fallback) const { return has(key) ? integer_at(key) : fallback; }
  int positive(const char* key) const {
    const int v = integer(key);
    if (v <= 0) throw InputError(path_, 0, key, "must be positive, got " + std::to_string(v));
    return v;
  }
  double number(const char* key, double fallback) const {
    if (!has(key)) return fallback;
    if (!json_[key].is_number()) throw InputError(path_, 0, key, "must be a number, got " + json_[key].dump());
    return json_[key].get<double>();
  }
  bool boolean(const char* key, bool fallback) const {
    if (!has(key)) return fallback;
    if (!json_[key].is_boolean()) throw InputError(path_, 0, key, "must be true or false, got " + json_[key].dump());
    return json_[key].get<bool>();
  }
  std::string string(const char* key, const std::string& fallback) const {
    if (!has(key)) return fallback;
    if (!json_[key].is_string()) throw InputError(path_, 0, key, "must be a string, got " + json_[key].dump());
    return json_[key].get<std::string>();
  }
  [[noreturn]] void fail(const std::string& key, const std::string& message) const {
    throw InputError(path_, 0, key, message);
  }

 private:
  int integer_at(const char* key) const {
    const Json& v = json_[key];
    if (!v.is_number_integer()) throw InputError(path_, 0, key, "must be an integer, got " + v.dump());
    return v.get<int>();
  }
  const Json& json_;
  std::string path_;
};

bool names_bert_layers(const Json& json) {
  if (!json.contains("auto_map") || !json["auto_map"].is_object()) return false;
  for (const auto& target : json["auto_map"])
    if (target.is_string() && target.get<std::string>().find("bert_layers.") != std::string::npos) return true;
  return false;
}

// The family from model_type / architectures; an unknown one is refused rather than guessed.
std::string detect_family(const Json& json, const ConfigReader& r) {
  std::string model_type = r.string("model_type", "");
  if (json.contains("architectures") && !json["architectures"].is_null()) {
    if (!json["architectures"].is_array() || json["architectures"].empty())
      r.fail("architectures", "must be a non-empty list of class names");
    for (const auto& a : json["architectures"]) {
      const std::string arch = a.is_string() ? a.get<std::string>() : a.dump();
      const bool bert = arch.rfind("Bert", 0) == 0, esm = arch.rfind("Esm", 0) == 0;
      if (!bert && !esm)
        r.fail("architectures", "unknown architecture '" + arch + "' (supported: Bert* and Esm* models)");
      if (model_type.empty()) model_type = bert ? "bert" : "esm";
      if ((model_type == "bert") != bert)
        r.fail("architectures", "architecture '" + arch + "' does not match model_type '" + model_type + "'");
    }
  }
  if (model_type.empty()) r.fail("model_type", "required key is missing (and no architectures list)");
  if (model_type == "esm") return "esm";
  if (model_type != "bert") r.fail("model_type", "unknown model_type '" + model_type + "' (supported: bert, esm)");
  return names_bert_layers(json) || r.has("alibi_starting_size") ? "dnabert2" : "bert";
}

int num_labels(const Json& json, const ConfigReader& r) {
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
  ConfigReader r(json, path);
  ModelConfig c;
  c.family = detect_family(json, r);
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

  if (c.family == "esm") {
    c.max_position_embeddings = r.positive("max_position_embeddings");
    c.pad_token_id = r.integer("pad_token_id");
    c.position_embedding_type = r.string("position_embedding_type", "absolute");
    if (c.position_embedding_type != "absolute" && c.position_embedding_type != "rotary")
      r.fail("position_embedding_type", "unsupported '" + c.position_embedding_type + "' (absolute or rotary)");
    c.rope_theta = r.number("rope_theta", 10000.0);
    if (c.rope_theta <= 0) r.fail("rope_theta", "must be positive");
    c.token_dropout = r.boolean("token_dropout", false);
    c.emb_layer_norm_before = r.boolean("emb_layer_norm_before", false);
    c.mask_token_id = c.token_dropout ? r.integer("mask_token_id") : r.integer("mask_token_id", -1);
    c.type_vocab_size = 0;
    c.hidden_act = "gelu";  // HF ESM ignores hidden_act: its FFN is always erf-GELU (or NT v2's SiLU gate)
    if (r.has("add_bias_fnn")) {
      c.gated_ffn = true;
      c.add_bias_ffn = r.boolean("add_bias_fnn", true);
    }
  } else {
    c.pad_token_id = r.integer("pad_token_id", 0);
    c.type_vocab_size = r.integer("type_vocab_size", 2);
    if (c.type_vocab_size <= 0) r.fail("type_vocab_size", "must be positive");
    c.hidden_act = r.string("hidden_act", "gelu");
    if (c.hidden_act != "gelu") r.fail("hidden_act", "unsupported activation '" + c.hidden_act + "' (gelu only)");
    if (c.family == "bert") {
      c.max_position_embeddings = r.positive("max_position_embeddings");
      const auto pos = r.string("position_embedding_type", "absolute");
      if (pos != "absolute") r.fail("position_embedding_type", "unsupported '" + pos + "' (absolute only)");
    } else {
      c.max_position_embeddings = r.integer("max_position_embeddings", 512);
      c.alibi_starting_size = r.integer("alibi_starting_size", 512);
      if (c.alibi_starting_size <= 0) r.fail("alibi_starting_size", "must be positive");
    }
  }
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
  if (c.family == "esm") {
    j["model_type"] = "esm";
    j["architectures"] = {"EsmForSequenceClassification"};
    j["position_embedding_type"] = c.position_embedding_type;
    if (c.position_embedding_type == "rotary") j["rope_theta"] = c.rope_theta;
    j["token_dropout"] = c.token_dropout;
    j["emb_layer_norm_before"] = c.emb_layer_norm_before;
    j["mask_token_id"] = c.mask_token_id >= 0 ? Json(c.mask_token_id) : Json(nullptr);
    j["is_folding_model"] = false;
    j["tie_word_embeddings"] = false;
    if (c.gated_ffn) j["add_bias_fnn"] = c.add_bias_ffn;
  } else {
    j["model_type"] = "bert";
    j["architectures"] = {"BertForSequenceClassification"};
    j["type_vocab_size"] = c.type_vocab_size;
    j["hidden_act"] = c.hidden_act;
    j["position_embedding_type"] = "absolute";
    j["classifier_dropout"] = c.classifier_dropout >= 0 ? Json(c.classifier_dropout) : Json(nullptr);
    if (c.family == "dnabert2") {
      j["alibi_starting_size"] = c.alibi_starting_size;
      j["auto_map"] = {{"AutoConfig", "configuration_bert.BertConfig"},
                       {"AutoModel", "bert_layers.BertModel"},
                       {"AutoModelForMaskedLM", "bert_layers.BertForMaskedLM"},
                       {"AutoModelForSequenceClassification", "bert_layers.BertForSequenceClassification"}};
    }
  }
  return j.dump(2) + "\n";
}

void write_hf_config(const ModelConfig& config, const std::string& path) {
  write_file_atomic(path, hf_config_json(config));
}

}  // namespace lnc::trainer
