#include "launcher/grid/cost_estimate.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>
#include <string>

#include "config/model_families.h"
#include "data/token_store/token_store.h"
#include "trainer/models/hf_config.h"

namespace lnc::launcher {
namespace {

double vocab_of(const config::DataConfig& d) {
  if (d.tokenizer == "kmer") return std::pow(4.0, static_cast<double>(d.k)) + 5;
  if (d.tokenizer == "bpe") return 4096;
  return 4105;  // NT 6-mers
}

std::int64_t train_examples(const std::string& tokens) {
  struct stat st;
  if (::stat(tokens.c_str(), &st) != 0) return 0;
  try {
    data::TokenStoreReader reader(tokens);
    return reader.has_split("train") ? reader.num_examples("train") : 0;
  } catch (const std::exception&) {
    return 0;  // a bad file fails the run itself, with its message; the estimate just does not know
  }
}

// The exact count of a pretrained directory's architecture; nullopt when it has no readable config.json.
std::optional<double> pretrained_parameters(const std::string& dir) {
  struct stat st;
  const std::string path = dir + "/config.json";
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  try {
    const auto m = trainer::read_hf_config(path);
    const auto& spec = config::family_spec(m.family);
    if (!spec.parameter_count) return std::nullopt;
    return static_cast<double>(spec.parameter_count(m));
  } catch (const std::exception&) {
    return std::nullopt;  // the run names what is wrong with the directory
  }
}

}  // namespace

double CostEstimate::weight() const {
  const double per_step = std::max(1.0, 6 * parameters * tokens_per_example);
  return flops > 0 ? flops : per_step;
}

CostEstimate estimate_cost(const config::RunConfig& run) {
  const auto& a = run.model.architecture;
  const double h = a.hidden_size, i = a.intermediate_size, layers = a.num_layers;
  CostEstimate c;
  c.parameters = vocab_of(run.data) * h + a.max_position_embeddings * h + layers * (4 * h * h + 2 * h * i);
  if (!run.model.pretrained.empty() && !run.model.is_baseline()) {
    const auto exact = pretrained_parameters(run.model.pretrained);
    if (exact) c.parameters = *exact;
    c.parameters_known = exact.has_value();
  }
  const double l = run.data.length > 0 ? static_cast<double>(run.data.length) : 300.0;
  double tokens = run.data.tokenizer == "kmer" ? l - static_cast<double>(run.data.k) + 3
                  : run.data.tokenizer == "bpe" ? l / 4 + 2
                                                 : std::ceil(l / 6) + 1;
  c.tokens_per_example = std::min(tokens, static_cast<double>(std::max(1, a.max_position_embeddings)));
  if (run.model.is_baseline()) {  // no network, no steps: seconds next to any neural point
    c.parameters = 0;
    return c;
  }
  const auto& t = run.training;
  if (t.max_steps > 0) {
    c.steps = t.max_steps;
  }
  if (const std::int64_t n = train_examples(run.data.tokens); n > 0) {
    const std::int64_t all = t.epochs * ((n + t.global_batch_size - 1) / t.global_batch_size);
    c.steps = t.max_steps > 0 ? std::min(t.max_steps, all) : all;
  }
  if (c.steps > 0) c.flops = 6 * c.parameters * c.tokens_per_example * static_cast<double>(t.global_batch_size) * c.steps;
  return c;
}

}  // namespace lnc::launcher
