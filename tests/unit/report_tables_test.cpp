// Report building blocks: seed summaries with the bootstrap interval, cell formatting, run -> cell mapping.
#include <gtest/gtest.h>

#include <cmath>

#include "results/report/paper_values.h"
#include "results/report/report_table.h"
#include "results/report/seed_summary.h"
#include "results/report/study_cells.h"
#include "results/report/study_tables.h"

namespace lnc::results {
namespace {

TEST(ReportSeedSummary, MeanSdAndBootstrapInterval) {
  SeedSummary one = summarise_seeds({70.0});
  EXPECT_EQ(one.n, 1u);
  EXPECT_DOUBLE_EQ(one.mean, 70.0);
  EXPECT_FALSE(one.sd.has_value());
  EXPECT_FALSE(one.ci_low.has_value());
  // Two values: resampled means are 0, 5, 10 with probability 1/4, 1/2, 1/4, so the 2.5th and 97.5th percentiles
  // of 10,000 of them are the extremes.
  SeedSummary two = summarise_seeds({0.0, 10.0});
  EXPECT_DOUBLE_EQ(two.mean, 5.0);
  EXPECT_NEAR(*two.sd, std::sqrt(50.0), 1e-12);
  EXPECT_DOUBLE_EQ(*two.ci_low, 0.0);
  EXPECT_DOUBLE_EQ(*two.ci_high, 10.0);
  // More values: the interval lies inside the data range, around the mean, and is reproducible (fixed seed).
  const std::vector<double> v{70.1, 71.3, 69.8, 72.0, 70.6};
  SeedSummary a = summarise_seeds(v), b = summarise_seeds(v);
  EXPECT_GT(*a.ci_low, 69.8);
  EXPECT_LT(*a.ci_high, 72.0);
  EXPECT_LT(*a.ci_low, a.mean);
  EXPECT_GT(*a.ci_high, a.mean);
  EXPECT_EQ(*a.ci_low, *b.ci_low);
  EXPECT_FALSE(summarise_seeds(v, false).ci_low.has_value());
  EXPECT_THROW(summarise_seeds({}), std::invalid_argument);
}

TEST(ReportTable, CellTextForEveryCase) {
  SeedSummary one{1, 70.12, std::nullopt, std::nullopt, std::nullopt};
  SeedSummary three{3, 70.12, 1.03, 68.9, 71.2};
  EXPECT_EQ(format_cell_markdown({one, 70.45}, 2), "70.12 (paper 70.45, Δ -0.33)");
  EXPECT_EQ(format_cell_markdown({three, 70.45}, 2), "70.12 ± 1.03 [68.90, 71.20] n=3 (paper 70.45, Δ -0.33)");
  EXPECT_EQ(format_cell_markdown({std::nullopt, 70.45}, 2), "— (paper 70.45)");
  EXPECT_EQ(format_cell_markdown({one, std::nullopt}, 2), "70.12");
  EXPECT_EQ(format_cell_markdown({std::nullopt, std::nullopt}, 2), "—");
}

TEST(ReportTable, CsvAndLatexRenderings) {
  ReportTable t;
  t.id = "t";
  t.title = "T 1";
  t.row_header = "model";
  t.columns = {"a_b", "c"};
  t.rows = {"LR"};
  t.cells = {{{SeedSummary{1, 5.5, std::nullopt, std::nullopt, std::nullopt}, 5.0}, {std::nullopt, 1.0}}};
  EXPECT_EQ(render_csv(t),
            "table,row,column,n,mean,sd,ci_low,ci_high,paper,diff\n"
            "t,LR,a_b,1,5.500000,,,,5.000000,0.500000\n"
            "t,LR,c,0,,,,,1.000000,\n");
  const std::string tex = render_latex(t);
  EXPECT_NE(tex.find("model & a\\_b & c \\\\"), std::string::npos) << tex;
  EXPECT_NE(tex.find("LR & 5.50 (5.00; $+0.50$) & --- (1.00) \\\\"), std::string::npos) << tex;
  t.note = "a ± b — c";
  EXPECT_NE(render_latex(t).find("a $\\pm$ b --- c"), std::string::npos) << render_latex(t);
}

TEST(ReportStudyCells, MapsTaskLengthAndModelLabels) {
  RunRecord r;
  r.task = "prom_300_notata";
  r.model = "DNABERT";
  r.k = 3;
  auto c = study_cell(r);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->task, 1);
  EXPECT_EQ(c->length, 300);  // unset length of a GUE task
  EXPECT_EQ(c->model, StudyModel::kDnabert3mer);
  r.task = "task3";
  r.length = 0;
  r.model = "dnabert-6mer";
  c = study_cell(r);
  EXPECT_EQ(c->length, 0);
  EXPECT_FALSE(c->model.has_value());
  EXPECT_EQ(c->dnabert_k, 6);
  r.model = "LR_TFIDF";
  EXPECT_EQ(study_cell(r)->model, StudyModel::kLogisticRegression);
  r.model = "nt-500m-human";
  EXPECT_EQ(study_cell(r)->model, StudyModel::kNt500mHuman);
  r.model = "dnabert-2";
  EXPECT_EQ(study_cell(r)->model, StudyModel::kDnabert2);
  r.model = "bert-tiny";
  EXPECT_FALSE(study_cell(r)->model.has_value());
  r.task = "smoke";
  EXPECT_FALSE(study_cell(r).has_value());
}

TEST(ReportStudyCells, Table1HasTheChunkedDnabertRowWithoutPaperValues) {
  RunRecord r;
  r.task = "task3";
  r.length = 1000;
  r.model = "dnabert-3mer-chunked";
  r.k = 3;
  r.status = "done";
  EXPECT_EQ(study_cell(r)->model, StudyModel::kDnabert3merChunked);
  EXPECT_EQ(study_model_label(StudyModel::kDnabert3merChunked), "DNABERT (3-mer, chunked)");
  RunRecord plain = r;
  plain.model = "dnabert-3mer";
  const auto t = build_table1({{r, {{"mcc", 0.6}}}, {plain, {{"mcc", 0.4}}}});
  ASSERT_EQ(t.rows.size(), 5u);
  EXPECT_EQ(t.rows[3], "DNABERT (3-mer)");
  EXPECT_EQ(t.rows[4], "DNABERT (3-mer, chunked)");
  ASSERT_TRUE(t.cells[4][2].ours);  // the 1000 bp column
  EXPECT_NEAR(t.cells[4][2].ours->mean, 60.0, 1e-9);
  EXPECT_FALSE(t.cells[4][2].paper);  // the paper has no such row
  EXPECT_NEAR(t.cells[3][2].ours->mean, 40.0, 1e-9);
  EXPECT_EQ(t.cells[3][2].paper, 49.72);
  EXPECT_EQ(build_table2({}).rows.size(), 4u);  // Table 2 keeps the paper's rows
}

TEST(ReportPaperValues, MatchStudyDocument) {
  EXPECT_EQ(paper_mcc(StudyModel::kDnabert3mer, 3, 300), 73.48);
  EXPECT_EQ(paper_mcc(StudyModel::kNt500mHuman, 3, 2000), 34.26);
  EXPECT_EQ(paper_mcc(StudyModel::kLogisticRegression, 4, 300), 37.10);
  EXPECT_FALSE(paper_mcc(StudyModel::kDnabert2, 1, 500).has_value());
  EXPECT_EQ(paper_kmer_sweep(5, "accuracy"), 91.44);
  EXPECT_EQ(paper_expression("lncRNA")->sd_tpm, 6.63);
}

}  // namespace
}  // namespace lnc::results
