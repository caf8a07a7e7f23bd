#include "launcher/preflight/context_fit.h"

#include <sys/stat.h>

#include <exception>
#include <optional>

#include "config/model_families.h"
#include "data/batching/long_rows.h"
#include "data/token_store/token_store.h"
#include "trainer/models/hf_config.h"

namespace lnc::launcher {
namespace {

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

// The architecture the run would build (trainer/model_builder.cpp), nullopt when it cannot be read here.
std::optional<config::ModelConfig> model_of(const config::RunConfig& point, int pad_id, std::string& source) {
  if (point.model.pretrained.empty()) {
    config::ModelConfig m = point.model.architecture;
    m.pad_token_id = pad_id;
    source = "[model]";
    return m;
  }
  source = point.model.pretrained + "/config.json";
  if (!exists(source)) return std::nullopt;
  try {
    return trainer::read_hf_config(source);
  } catch (const std::exception&) {
    return std::nullopt;  // the run refuses the directory with its own message
  }
}

}  // namespace

ContextFit check_context_fit(const config::RunConfig& point) {
  ContextFit fit;
  if (point.model.is_baseline() || !exists(point.data.tokens)) return fit;
  data::TokenStoreInfo info;
  try {
    data::TokenStoreReader reader(point.data.tokens);
    info = reader.info();
    for (const char* split : {"train", "dev", "test"})
      if (reader.has_split(split) && reader.max_length(split) > fit.longest_row) {
        fit.longest_row = reader.max_length(split);
        fit.longest_split = split;
      }
  } catch (const std::exception&) {
    return fit;  // a bad token file fails the run with its message
  }
  std::string source;
  const auto model = model_of(point, info.pad_id, source);
  if (!model) return fit;
  data::LongRowPolicy policy;
  try {
    policy = data::long_row_policy(point.data, *model, info.tokenizer, info.pad_id);
  } catch (const std::exception&) {
    return fit;  // an unknown tokenizer kind: the run's token-file check names it
  }
  fit.context = policy.context;
  if (const auto problem = data::long_row_policy_problem(policy); !problem.empty()) fit.problems.push_back(problem);
  if (point.data.long_sequences == "error" && fit.longest_row > fit.context)
    fit.problems.push_back("the longest row of " + point.data.tokens + " (" + fit.longest_split + " split) has " +
                           std::to_string(fit.longest_row) + " tokens, more than the model's context of " +
                           std::to_string(fit.context) + " tokens (max_position_embeddings " +
                           std::to_string(model->max_position_embeddings) + " of " + source +
                           "); set data.long_sequences = \"truncate\" or \"chunk\" (README, Decisions)");
  return fit;
}

std::vector<PointProblems> context_fit_problems(const config::GridConfig& grid) {
  std::vector<PointProblems> out;
  for (std::size_t i = 0; i < grid.points.size(); ++i) {
    const auto& p = grid.points[i];
    auto fit = check_context_fit(p);
    if (fit.problems.empty()) continue;
    PointProblems pp;
    pp.point = i;
    const std::string name = "point " + std::to_string(i + 1) + " (" + p.config_hash.substr(0, 12) + ", " +
                             p.model.name + ", " + p.data.task + ", length " + std::to_string(p.data.length) + ")";
    for (auto& problem : fit.problems) pp.problems.push_back(name + ": " + problem);
    out.push_back(std::move(pp));
  }
  return out;
}

std::string context_fit_message(const std::vector<PointProblems>& problems) {
  std::string out;
  for (const auto& p : problems)
    for (const auto& line : p.problems) out += (out.empty() ? "" : "\n") + line;
  return out;
}

void check_point_context_fit(const config::RunConfig& point, std::vector<PointIssue>& issues) {
  for (const auto& problem : check_context_fit(point).problems)
    issues.push_back({problem.find("chunk_stride") != std::string::npos ? "data.chunk_stride" : "data.long_sequences",
                      problem});
}

}  // namespace lnc::launcher
