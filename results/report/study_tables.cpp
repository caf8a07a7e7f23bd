#include "results/report/study_tables.h"

#include <functional>
#include <set>
#include <vector>

#include "results/report/paper_values.h"
#include "results/report/study_cells.h"

namespace lnc::results {
namespace {

const std::vector<StudyModel> kRows = {StudyModel::kLogisticRegression, StudyModel::kNt500mHuman,
                                       StudyModel::kDnabert2, StudyModel::kDnabert3mer};
// Table 1 adds the chunked DNABERT (study_cells.h), which the paper does not have.
const std::vector<StudyModel> kTable1Rows = {StudyModel::kLogisticRegression, StudyModel::kNt500mHuman,
                                             StudyModel::kDnabert2, StudyModel::kDnabert3mer,
                                             StudyModel::kDnabert3merChunked};
const long kLengths[] = {300, 500, 1000, 2000};

// x100 values of `metric` over the done runs that `in_cell` accepts; nullopt when there are none.
std::optional<SeedSummary> summarise(const std::vector<RunTestMetrics>& runs, const std::string& metric,
                                     const std::function<bool(const StudyCell&)>& in_cell) {
  std::vector<double> values;
  for (const auto& r : runs) {
    if (r.run.status != "done") continue;
    auto cell = study_cell(r.run);
    if (!cell || !in_cell(*cell)) continue;
    auto it = r.test.find(metric);
    if (it != r.test.end()) values.push_back(100.0 * it->second);
  }
  if (values.empty()) return std::nullopt;
  return summarise_seeds(values, /*with_bootstrap=*/metric == "mcc");
}

ReportTable model_rows(std::string id, std::string title, const std::vector<StudyModel>& rows = kRows) {
  ReportTable t;
  t.id = std::move(id);
  t.title = std::move(title);
  t.row_header = "model";
  for (StudyModel m : rows) t.rows.push_back(study_model_label(m));
  return t;
}

const char* kSpreadNote =
    "Cells: reproduced value (± sd over runs, 95% bootstrap CI of the mean over runs, n = number of runs) beside the "
    "paper's value and the difference; — = no finished run.";

}  // namespace

std::vector<RunTestMetrics> load_run_test_metrics(const ResultsStore& store) {
  std::vector<RunTestMetrics> out;
  for (const auto& run : store.runs()) {
    RunTestMetrics r{run, {}};
    for (const auto& m : store.metrics(run.id))
      if (m.split == "test" && !m.epoch) r.test[m.name] = m.value;
    out.push_back(std::move(r));
  }
  return out;
}

ReportTable build_table1(const std::vector<RunTestMetrics>& runs) {
  ReportTable t = model_rows("table1", "Table 1: task 3 (highly vs lowly expressed) test MCC x100 by promoter length",
                             kTable1Rows);
  for (long l : kLengths) t.columns.push_back(std::to_string(l) + " bp");
  for (StudyModel m : kTable1Rows) {
    std::vector<ReportCell> row;
    for (long l : kLengths)
      row.push_back({summarise(runs, "mcc", [&](const StudyCell& c) { return c.task == 3 && c.length == l && c.model == m; }),
                     paper_mcc(m, 3, l)});
    t.cells.push_back(std::move(row));
  }
  t.note = kSpreadNote;
  return t;
}

ReportTable build_table2(const std::vector<RunTestMetrics>& runs) {
  ReportTable t = model_rows("table2", "Table 2: test MCC x100 of the four tasks (300 bp)");
  for (int task = 1; task <= 4; ++task) t.columns.push_back("task " + std::to_string(task));
  for (StudyModel m : kRows) {
    std::vector<ReportCell> row;
    for (int task = 1; task <= 4; ++task)
      row.push_back(
          {summarise(runs, "mcc", [&](const StudyCell& c) { return c.task == task && c.length == 300 && c.model == m; }),
           paper_mcc(m, task, 300)});
    t.cells.push_back(std::move(row));
  }
  t.note = kSpreadNote;
  return t;
}

ReportTable build_table3(const std::vector<DatasetStatRecord>& stats) {
  ReportTable t;
  t.id = "table3";
  t.title = "Table 3: GTEx v8 expression (TPM) by gene biotype";
  t.row_header = "biotype (dataset)";
  t.columns = {"genes", "mean TPM", "sd TPM"};
  t.column_decimals = {0, 2, 2};
  auto value = [](std::optional<double> v) -> std::optional<SeedSummary> {
    if (!v) return std::nullopt;
    SeedSummary s;
    s.n = 1;
    s.mean = *v;
    return s;
  };
  auto add = [&](const std::string& label, const std::string& biotype, const DatasetStatRecord* rec) {
    auto paper = paper_expression(biotype);
    t.rows.push_back(label);
    t.cells.push_back({{rec ? value(static_cast<double>(rec->n)) : std::nullopt, std::nullopt},
                       {rec ? value(rec->mean_tpm) : std::nullopt, paper ? std::optional<double>(paper->mean_tpm) : std::nullopt},
                       {rec ? value(rec->sd_tpm) : std::nullopt, paper ? std::optional<double>(paper->sd_tpm) : std::nullopt}});
  };
  bool seen_coding = false, seen_lnc = false;
  for (const auto& s : stats) {
    add(s.biotype + " (" + s.dataset + ")", s.biotype, &s);
    seen_coding |= s.biotype == "protein_coding";
    seen_lnc |= s.biotype == "lncRNA";
  }
  // The paper's rows stay visible (as missing) until the prepare step has recorded statistics.
  if (!seen_coding) add("protein_coding", "protein_coding", nullptr);
  if (!seen_lnc) add("lncRNA", "lncRNA", nullptr);
  t.note = "From the store's dataset_stats table (filled by the prepare step); sd is the sample standard deviation.";
  return t;
}

ReportTable build_table3_splits(const std::vector<SplitStatRecord>& stats) {
  ReportTable t;
  t.id = "table3_splits";
  t.title = "Table 3 (companion): prepared datasets, examples per split and class";
  t.row_header = "dataset / split";
  std::set<std::int64_t> labels;
  std::vector<std::pair<std::string, std::string>> keys;  // (dataset, split) in store order
  for (const auto& s : stats) {
    if (s.label >= 0) labels.insert(s.label);
    if (keys.empty() || keys.back() != std::make_pair(s.dataset, s.split)) keys.emplace_back(s.dataset, s.split);
  }
  t.columns.push_back("examples");
  for (auto label : labels) t.columns.push_back("label " + std::to_string(label));
  for (const char* c : {"mean bases", "min bases", "max bases"}) t.columns.push_back(c);
  t.column_decimals.assign(t.columns.size(), 0);
  t.column_decimals[t.columns.size() - 3] = 1;
  auto value = [](double v) {
    SeedSummary s;
    s.n = 1;
    s.mean = v;
    return std::optional<SeedSummary>(s);
  };
  for (const auto& [dataset, split] : keys) {
    t.rows.push_back(dataset + " / " + split);
    std::vector<ReportCell> row(t.columns.size());
    std::size_t column = 1;
    for (auto label : labels) {
      for (const auto& s : stats)
        if (s.dataset == dataset && s.split == split && s.label == label) row[column].ours = value(static_cast<double>(s.examples));
      ++column;
    }
    for (const auto& s : stats) {
      if (s.dataset != dataset || s.split != split || s.label != -1) continue;
      row[0].ours = value(static_cast<double>(s.examples));
      if (s.mean_bases) row[column].ours = value(*s.mean_bases);
      if (s.min_bases) row[column + 1].ours = value(static_cast<double>(*s.min_bases));
      if (s.max_bases) row[column + 2].ours = value(static_cast<double>(*s.max_bases));
    }
    t.cells.push_back(std::move(row));
  }
  t.note = keys.empty() ? "No token file statistics in the store yet (recorded when a run on a token file finishes)."
                        : "From the store's split_stats table (every row of each prepared token file); the paper gives "
                          "no such table.";
  return t;
}

ReportTable build_table4(const std::vector<RunTestMetrics>& runs) {
  ReportTable t;
  t.id = "table4";
  t.title = "Table 4: DNABERT k-mer sweep on task 2 (300 bp), test metrics x100";
  t.row_header = "k";
  t.columns = {"MCC", "accuracy", "F1"};
  const char* metrics[] = {"mcc", "accuracy", "f1"};
  for (int k = 3; k <= 6; ++k) {
    t.rows.push_back(std::to_string(k) + "-mer");
    std::vector<ReportCell> row;
    for (const char* metric : metrics)
      row.push_back({summarise(runs, metric, [&](const StudyCell& c) { return c.task == 2 && c.length == 300 && c.dnabert_k == k; }),
                     paper_kmer_sweep(k, metric)});
    t.cells.push_back(std::move(row));
  }
  t.note = std::string(kSpreadNote) + " F1 is macro F1; bootstrap intervals are given for MCC only.";
  return t;
}

}  // namespace lnc::results
