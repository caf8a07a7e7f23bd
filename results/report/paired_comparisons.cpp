#include "results/report/paired_comparisons.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <tuple>

#include "results/store/prediction_records.h"
#include "results/store/results_store.h"

namespace lnc::results {
namespace {

std::string model_name(const RunRecord& r) {
  return r.model + " (" + r.tokenizer + (r.tokenizer == "kmer" ? " " + std::to_string(r.k) : "") + ")";
}

double final_test_mcc(const ResultsStore& store, std::int64_t run_id, bool& found) {
  for (const auto& m : store.metrics(run_id))
    if (m.split == "test" && !m.epoch && m.name == "mcc") {
      found = true;
      return m.value;
    }
  found = false;
  return 0;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string p_text(double p) {
  char buf[64];
  std::snprintf(buf, sizeof buf, p < 0.001 ? "%.1e" : "%.3f", p);
  return buf;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

std::vector<PairedComparison> paired_comparisons(const ResultsStore& store) {
  // (task, length) -> model -> seed -> the latest done run
  std::map<std::pair<std::string, std::int64_t>, std::map<std::string, std::map<std::int64_t, std::int64_t>>> runs;
  for (const auto& r : store.runs())
    if (r.status == "done") runs[{r.task, r.length}][model_name(r)][r.seed] = r.id;  // ids ascend: the latest wins
  std::vector<PairedComparison> out;
  for (const auto& [where, models] : runs) {
    std::map<std::string, std::map<std::int64_t, std::vector<PredictionRecord>>> test;  // only runs with predictions
    for (const auto& [model, seeds] : models)
      for (const auto& [seed, id] : seeds) {
        auto rows = read_predictions(store, id, "test");
        if (!rows.empty()) test[model][seed] = std::move(rows);
      }
    for (auto a = test.begin(); a != test.end(); ++a)
      for (auto b = std::next(a); b != test.end(); ++b) {
        std::vector<PairedSeed> seeds;
        std::size_t left_out = 0;
        for (const auto& [seed, rows_a] : a->second) {
          auto it = b->second.find(seed);
          if (it == b->second.end()) continue;
          const auto& rows_b = it->second;
          bool same = rows_a.size() == rows_b.size();
          for (std::size_t i = 0; same && i < rows_a.size(); ++i)
            same = rows_a[i].sample == rows_b[i].sample && rows_a[i].label == rows_b[i].label;
          if (!same) {
            ++left_out;
            continue;
          }
          PairedSeed s;
          for (std::size_t i = 0; i < rows_a.size(); ++i) {
            s.labels.push_back(static_cast<int>(rows_a[i].label));
            s.predictions_a.push_back(static_cast<int>(rows_a[i].prediction));
            s.predictions_b.push_back(static_cast<int>(rows_b[i].prediction));
          }
          seeds.push_back(std::move(s));
        }
        if (seeds.empty()) continue;
        out.push_back({where.first, where.second, a->first, b->first, left_out, paired_bootstrap_mcc(seeds)});
      }
  }
  return out;
}

std::vector<CollapsedRun> collapsed_runs(const ResultsStore& store) {
  struct Seeded {
    std::int64_t id, seed;
    double mcc;
  };
  std::map<std::string, std::vector<Seeded>> points;
  for (const auto& r : store.runs()) {
    if (r.status != "done") continue;
    bool found = false;
    const double mcc = final_test_mcc(store, r.id, found);
    if (!found) continue;
    const std::string point = r.task + ", " + std::to_string(r.length) + " bp, " + model_name(r) + ", " + r.grid_name;
    points[point].push_back({r.id, r.seed, mcc});
  }
  std::vector<CollapsedRun> out;
  for (const auto& [point, runs] : points)
    for (const auto& run : runs) {
      if (run.mcc >= 0.05 || runs.size() < 2) continue;
      std::vector<double> others;
      for (const auto& o : runs)
        if (o.id != run.id) others.push_back(o.mcc);
      std::sort(others.begin(), others.end());
      const std::size_t n = others.size();
      const double median = n % 2 ? others[n / 2] : 0.5 * (others[n / 2 - 1] + others[n / 2]);
      if (median >= 0.2) out.push_back({run.id, point, run.seed, run.mcc, median, n});
    }
  return out;
}

std::string paired_comparisons_markdown(const std::vector<PairedComparison>& comparisons,
                                        const std::vector<CollapsedRun>& collapsed) {
  std::ostringstream s;
  s << "### Paired comparisons (test MCC)\n\n";
  if (comparisons.empty()) {
    s << "— (no two models with stored test predictions share a task, length and seed)\n\n";
  } else {
    s << "Test: " << paired_bootstrap_description() << ". MCC x100; difference = A - B.\n\n"
      << "| task | length | A | B | seeds | MCC A | MCC B | difference | 95% CI | p |\n"
      << "|---|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& c : comparisons) {
      const auto& r = c.result;
      s << "| " << c.task << " | " << c.length << " | " << c.model_a << " | " << c.model_b << " | " << r.seeds
        << (c.seeds_left_out ? " (" + std::to_string(c.seeds_left_out) + " left out: test labels differ)" : "")
        << " | " << fixed(100 * r.mcc_a, 2) << " | " << fixed(100 * r.mcc_b, 2) << " | " << fixed(100 * r.difference, 2)
        << " | [" << fixed(100 * r.ci_low, 2) << ", " << fixed(100 * r.ci_high, 2) << "] | " << p_text(r.p_value)
        << " |\n";
    }
    s << "\n";
  }
  s << "Collapsed runs (test MCC < 0.05 while the median of the point's other seeds is >= 0.2): ";
  if (collapsed.empty()) {
    s << "none.\n";
  } else {
    s << "\n\n";
    for (const auto& c : collapsed)
      s << "- run " << c.run_id << " (" << c.point << ", seed " << c.seed << "): MCC x100 " << fixed(100 * c.mcc, 2)
        << ", other " << c.others << " seed(s) median " << fixed(100 * c.others_median, 2) << "\n";
  }
  return s.str();
}

std::string paired_comparisons_csv(const std::vector<PairedComparison>& comparisons) {
  std::ostringstream s;
  s << "task,length,model_a,model_b,seeds,seeds_left_out,mcc_a,mcc_b,difference,ci_low,ci_high,p_value,test\n";
  s.precision(17);
  for (const auto& c : comparisons) {
    const auto& r = c.result;
    s << csv_field(c.task) << ',' << c.length << ',' << csv_field(c.model_a) << ',' << csv_field(c.model_b) << ','
      << r.seeds << ',' << c.seeds_left_out << ',' << r.mcc_a << ',' << r.mcc_b << ',' << r.difference << ','
      << r.ci_low << ',' << r.ci_high << ',' << r.p_value << ",paired_bootstrap\n";
  }
  return s.str();
}

}  // namespace lnc::results
