// Writer of the identity text (format: config/run_identity.h).
#include "config/run_identity.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include "base/sha256.h"

namespace lnc::config {
namespace {

std::string number(std::int64_t v) { return std::to_string(v); }
std::string boolean(bool v) { return v ? "true" : "false"; }

std::string real(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  std::string s(buf, result.ptr);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string quoted(const std::string& v) {
  std::string out = "\"";
  for (unsigned char c : v) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char hex[8];
          std::snprintf(hex, sizeof hex, "\\u%04X", static_cast<unsigned>(c));
          out += hex;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

template <typename T, typename Format>
std::string list(const std::vector<T>& values, Format format) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + format(values[i]);
  return out + "]";
}

}  // namespace

std::string identity_text(const RunConfig& run, const PathsAsWritten& paths) {
  std::vector<std::pair<std::string, std::string>> f;
  f.emplace_back("identity_version", number(kRunIdentityVersion));

  const DataConfig& d = run.data;
  f.emplace_back("data.k", number(d.k));
  f.emplace_back("data.length", number(d.length));
  f.emplace_back("data.task", quoted(d.task));
  f.emplace_back("data.tokenizer", quoted(d.tokenizer));
  f.emplace_back("data.tokens", quoted(paths.tokens));
  f.emplace_back("data.long_sequences", quoted(d.long_sequences));
  f.emplace_back("data.truncation_side", quoted(d.truncation_side));
  f.emplace_back("data.chunk_stride", number(d.chunk_stride));
  f.emplace_back("data.chunk_pooling", quoted(d.chunk_pooling));

  const LoraSettings& l = run.lora;
  f.emplace_back("lora.enabled", boolean(l.enabled));
  f.emplace_back("lora.alpha", real(l.alpha));
  f.emplace_back("lora.base_dtype", quoted(l.base_dtype));
  f.emplace_back("lora.dropout", real(l.dropout));
  f.emplace_back("lora.modules_to_save", list(l.modules_to_save, quoted));
  f.emplace_back("lora.r", number(l.r));
  f.emplace_back("lora.target_modules", list(l.target_modules, quoted));

  f.emplace_back("lr_scheduler.decay", quoted(run.scheduler.decay));
  f.emplace_back("lr_scheduler.warmup_steps", number(run.scheduler.warmup_steps));

  const ModelSection& m = run.model;
  const ModelConfig& a = m.architecture;
  f.emplace_back("model.family", quoted(a.family));
  f.emplace_back("model.name", quoted(m.name));
  f.emplace_back("model.pretrained", quoted(paths.pretrained));
  f.emplace_back("model.hidden_size", number(a.hidden_size));
  f.emplace_back("model.num_layers", number(a.num_layers));
  f.emplace_back("model.num_heads", number(a.num_heads));
  f.emplace_back("model.intermediate_size", number(a.intermediate_size));
  f.emplace_back("model.max_position_embeddings", number(a.max_position_embeddings));
  f.emplace_back("model.type_vocab_size", number(a.type_vocab_size));
  f.emplace_back("model.layer_norm_eps", real(a.layer_norm_eps));
  f.emplace_back("model.hidden_dropout", real(a.hidden_dropout));
  f.emplace_back("model.attention_dropout", real(a.attention_dropout));
  f.emplace_back("model.classifier_dropout", real(a.classifier_dropout));
  f.emplace_back("model.hidden_act", quoted(a.hidden_act));
  f.emplace_back("model.position_embedding_type", quoted(a.position_embedding_type));
  f.emplace_back("model.rope_theta", real(a.rope_theta));
  f.emplace_back("model.token_dropout", boolean(a.token_dropout));
  f.emplace_back("model.emb_layer_norm_before", boolean(a.emb_layer_norm_before));
  f.emplace_back("model.mask_token_id", number(a.mask_token_id));
  f.emplace_back("model.gated_ffn", boolean(a.gated_ffn));
  f.emplace_back("model.add_bias_ffn", boolean(a.add_bias_ffn));
  f.emplace_back("model.alibi_starting_size", number(a.alibi_starting_size));
  const BaselineSection& b = m.baseline;
  f.emplace_back("model.kmer", number(b.kmer));
  f.emplace_back("model.ngram_min", number(b.ngram_min));
  f.emplace_back("model.ngram_max", number(b.ngram_max));
  f.emplace_back("model.c_values", list(b.c_values, real));

  const OptimizerConfig& o = run.optimizer;
  f.emplace_back("optimizer.beta1", real(o.beta1));
  f.emplace_back("optimizer.beta2", real(o.beta2));
  f.emplace_back("optimizer.eps", real(o.eps));
  f.emplace_back("optimizer.lr", real(o.lr));
  f.emplace_back("optimizer.max_grad_norm", real(o.max_grad_norm));
  f.emplace_back("optimizer.weight_decay", real(o.weight_decay));

  const TrainingConfig& t = run.training;
  f.emplace_back("training.activation_checkpointing", boolean(t.activation_checkpointing));
  f.emplace_back("training.epochs", number(t.epochs));
  f.emplace_back("training.eval_batch_size", number(t.eval_batch_size));
  f.emplace_back("training.global_batch_size", number(t.global_batch_size));
  f.emplace_back("training.length_bucket_window", number(t.length_bucket_window));
  f.emplace_back("training.length_bucketing", boolean(t.length_bucketing));
  f.emplace_back("training.max_steps", number(t.max_steps));
  f.emplace_back("training.micro_batch_size", number(t.micro_batch_size));
  f.emplace_back("training.overlap_allreduce", boolean(t.overlap_allreduce));
  f.emplace_back("training.precision", quoted(t.precision));
  f.emplace_back("training.seed", number(t.seed));

  std::sort(f.begin(), f.end());
  std::string text;
  for (const auto& [key, value] : f) text += key + " = " + value + "\n";
  return text;
}

void assign_identity(RunConfig& run, const PathsAsWritten& paths) {
  run.canonical_toml = identity_text(run, paths);
  run.config_hash = sha256_hex(run.canonical_toml);
}

std::optional<RunIdentity> identity_of_version2_text(const std::string& version2_text) {
  std::vector<std::string> lines;
  bool version2 = false;
  for (std::size_t begin = 0; begin < version2_text.size();) {
    const auto end = version2_text.find('\n', begin);
    if (end == std::string::npos) return std::nullopt;  // every line of an identity text ends in \n
    std::string line = version2_text.substr(begin, end - begin);
    begin = end + 1;
    if (line == "identity_version = 2") {
      version2 = true;
      line = "identity_version = " + number(kRunIdentityVersion);
    }
    lines.push_back(std::move(line));
  }
  if (!version2) return std::nullopt;
  // The fields identity version 3 added, at their defaults (DataConfig).
  const DataConfig defaults;
  lines.push_back("data.long_sequences = " + quoted(defaults.long_sequences));
  lines.push_back("data.truncation_side = " + quoted(defaults.truncation_side));
  lines.push_back("data.chunk_stride = " + number(defaults.chunk_stride));
  lines.push_back("data.chunk_pooling = " + quoted(defaults.chunk_pooling));
  // Sorted by key, as identity_text sorts its (key, value) pairs: "key = " then the value.
  std::sort(lines.begin(), lines.end(), [](const std::string& a, const std::string& b) {
    return a.substr(0, a.find(" = ")) < b.substr(0, b.find(" = ")) ||
           (a.substr(0, a.find(" = ")) == b.substr(0, b.find(" = ")) && a < b);
  });
  RunIdentity out;
  for (const auto& line : lines) out.text += line + "\n";
  out.hash = sha256_hex(out.text);
  return out;
}

}  // namespace lnc::config
