#pragma once
// `--set KEY=VALUE` on `lnctrain bench`: the grid keys that describe what bench measures, spelled as in a grid file
// (config/config_overrides.h parses them), so a point of a grid can be benchmarked with the keys it was written
// with. Applied after bench's own flags (a --set wins over --hidden-size etc.). Keys:
//   model.family, model.preset, model.hidden_size, model.num_layers, model.num_heads, model.intermediate_size,
//   training.precision, training.device, training.threads_per_rank, training.overlap_allreduce, lora.enabled
// Bench measures one configuration: an array (a grid axis elsewhere) is an error, as is any other key (bench has
// no data, optimizer or schedule); errors name --set and the key.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lnc::config {
struct ConfigOverride;
}

namespace lnc::launcher {

struct BenchSettings {
  std::optional<std::string> family, preset, precision, device;
  std::optional<int> hidden_size, num_layers, num_heads, intermediate_size;
  std::optional<std::int64_t> threads;
  std::optional<bool> overlap_allreduce, lora;
};

// InputError naming "--set" and the key on an unknown key, an array or a value of the wrong type or range.
BenchSettings bench_settings(const std::vector<config::ConfigOverride>& overrides);

}  // namespace lnc::launcher
