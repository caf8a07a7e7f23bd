#include "results/store/predictions_csv.h"

#include <algorithm>
#include <cstdio>

#include "base/input_error.h"
#include "results/store/prediction_records.h"
#include "results/store/results_store.h"

namespace lnc::results {

std::int64_t resolve_run(const ResultsStore& store, const std::string& run) {
  if (run.empty()) throw InputError("--run", 0, "run", "empty run id");
  const bool numeric = std::all_of(run.begin(), run.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
  std::vector<std::int64_t> matches;
  for (const auto& r : store.runs())
    if ((numeric && std::to_string(r.id) == run) || (!numeric && r.config_hash.rfind(run, 0) == 0))
      matches.push_back(r.id);
  if (matches.empty())
    throw InputError(store.path(), 0, "--run", "no run with id or hash prefix '" + run + "' (lnctrain report lists them)");
  if (matches.size() > 1)
    throw InputError(store.path(), 0, "--run", "hash prefix '" + run + "' matches " + std::to_string(matches.size()) +
                                                   " runs; give more characters");
  return matches.front();
}

std::string predictions_csv(const ResultsStore& store, std::int64_t run_id) {
  const auto rows = read_predictions(store, run_id);
  if (rows.empty())
    throw InputError(store.path(), 0, "--run",
                     "run " + std::to_string(run_id) +
                         " has no stored predictions (not done, or recorded before store schema 7)");
  std::size_t classes = 0;
  for (const auto& r : rows) classes = std::max(classes, r.probabilities.size());
  std::string out = "split,index,label,prediction";
  for (std::size_t c = 0; c < classes; ++c) out += ",prob_" + std::to_string(c);
  out += '\n';
  char buf[32];
  for (const auto& r : rows) {
    out += r.split + ',' + std::to_string(r.sample) + ',' + std::to_string(r.label) + ',' + std::to_string(r.prediction);
    for (std::size_t c = 0; c < classes; ++c) {
      out += ',';
      if (c < r.probabilities.size()) {
        std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(r.probabilities[c]));
        out += buf;
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace lnc::results
