#include "launcher/bench/bench_overrides.h"

#include <algorithm>

#include "base/input_error.h"
#include "config/config_overrides.h"
#include "config/model_families.h"

namespace lnc::launcher {
namespace {

const std::vector<std::string>& bench_keys() {
  static const std::vector<std::string> keys{
      "model.family",       "model.preset",       "model.hidden_size",       "model.num_layers",
      "model.num_heads",    "model.intermediate_size", "training.precision", "training.device",
      "training.threads_per_rank", "training.overlap_allreduce", "lora.enabled"};
  return keys;
}

[[noreturn]] void fail(const config::ConfigOverride& o, const std::string& what) {
  throw InputError("--set", 0, o.key, what + " (" + config::override_label(o) + ")");
}

std::string choice(const config::ConfigOverride& o, const std::vector<std::string>& allowed) {
  const auto v = o.value().value<std::string>();
  if (!v) fail(o, "must be a quoted string");
  if (std::find(allowed.begin(), allowed.end(), *v) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : " | ") + a;
    fail(o, "must be one of " + list);
  }
  return *v;
}

std::int64_t integer(const config::ConfigOverride& o, std::int64_t min) {
  if (!o.value().is_integer()) fail(o, "must be an integer");
  const std::int64_t v = *o.value().value<std::int64_t>();
  if (v < min) fail(o, "must be >= " + std::to_string(min));
  return v;
}

bool boolean(const config::ConfigOverride& o) {
  if (!o.value().is_boolean()) fail(o, "must be true or false");
  return *o.value().value<bool>();
}

}  // namespace

BenchSettings bench_settings(const std::vector<config::ConfigOverride>& overrides) {
  BenchSettings s;
  for (const auto& o : overrides) {
    const auto& keys = bench_keys();
    if (std::find(keys.begin(), keys.end(), o.key) == keys.end()) {
      std::string list;
      for (const auto& k : keys) list += (list.empty() ? "" : ", ") + k;
      fail(o, "not a key bench measures; it takes " + list);
    }
    if (o.value().is_array()) fail(o, "bench measures one configuration: an array (a grid axis) is not allowed");
    const auto& k = o.key;
    if (k == "model.family") s.family = choice(o, config::family_names(/*neural_only=*/true));
    else if (k == "model.preset") s.preset = choice(o, {"tiny", "mini", "small", "base"});
    else if (k == "model.hidden_size") s.hidden_size = static_cast<int>(integer(o, 1));
    else if (k == "model.num_layers") s.num_layers = static_cast<int>(integer(o, 1));
    else if (k == "model.num_heads") s.num_heads = static_cast<int>(integer(o, 1));
    else if (k == "model.intermediate_size") s.intermediate_size = static_cast<int>(integer(o, 1));
    else if (k == "training.precision") s.precision = choice(o, {"fp32", "bf16"});
    else if (k == "training.device") s.device = choice(o, {"auto", "cpu", "cuda"});
    else if (k == "training.threads_per_rank") s.threads = integer(o, 0);
    else if (k == "training.overlap_allreduce") s.overlap_allreduce = boolean(o);
    else if (k == "lora.enabled") s.lora = boolean(o);
  }
  return s;
}

}  // namespace lnc::launcher
