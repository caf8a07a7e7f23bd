#pragma once
// Pre-flight check: the point's pretrained directory (model.pretrained, when given) is a directory with a
// config.json that lnctrain reads (trainer/models/hf_config.h) and weights whose headers are sound, without reading
// the weights: model.safetensors (its 8-byte length and JSON header, every tensor's data inside the file), or a
// sharded model.safetensors.index.json (every shard present, each header as above), or pytorch_model.bin (a zip or
// legacy torch.save file by its first bytes; its index's shards present). The run reads everything when it starts.
#include <vector>

#include "config/run_config.h"
#include "launcher/preflight/preflight_problem.h"

namespace lnc::launcher {

void check_point_pretrained(const config::RunConfig& run, std::vector<PointIssue>& issues);

}  // namespace lnc::launcher
