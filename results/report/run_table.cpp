#include "results/report/run_table.h"

#include <cstdio>
#include <map>

#include "results/store/results_store.h"

namespace lnc::results {
namespace {

std::string cell(const std::map<std::string, double>& m, const std::string& key, double scale) {
  auto it = m.find(key);
  if (it == m.end()) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", it->second * scale);
  return buf;
}

}  // namespace

void print_run_table(const std::string& store_path, std::ostream& out) {
  ResultsStore store(store_path, /*read_only=*/true);
  out << "| run | task | model | tokenizer | seed | ranks | status | test MCC x100 | test acc % | test F1 % | test loss | wall s |\n";
  out << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& run : store.runs()) {
    std::map<std::string, double> test;
    for (const auto& m : store.metrics(run.id))
      if (m.split == "test" && !m.epoch) test[m.name] = m.value;
    char wall[32];
    std::snprintf(wall, sizeof wall, "%.1f", run.wall_seconds);
    std::string tok = run.tokenizer + (run.k > 0 ? std::to_string(run.k) : "");
    out << "| " << run.config_hash.substr(0, 12) << " | " << run.task << " | " << run.model << " | " << tok << " | "
        << run.seed << " | " << run.num_ranks << " | " << run.status << " | " << cell(test, "mcc", 100) << " | "
        << cell(test, "accuracy", 100) << " | " << cell(test, "f1", 100) << " | " << cell(test, "loss", 1) << " | "
        << (run.status == "done" || run.status == "failed" ? wall : "—") << " |\n";
  }
}

}  // namespace lnc::results
