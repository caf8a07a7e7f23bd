// `lnctrain report` backend: a store with known rows renders known tables and decodable figures.
#include "results/report/report_writer.h"

#include <cairo.h>
#include <gtest/gtest.h>

#include <sstream>

#include "base/atomic_file.h"
#include "results/report/importance_figures.h"
#include "results/store/results_store.h"
#include "tests/unit/test_paths.h"

namespace lnc::results {
namespace {

std::int64_t add_run(ResultsStore& store, const std::string& hash, const std::string& task, std::int64_t length,
                     const std::string& model, std::int64_t k, std::int64_t seed, const std::string& status,
                     std::vector<std::pair<std::string, double>> test_metrics) {
  RunRecord r;
  r.config_hash = hash;
  r.config_text = hash;
  r.grid_name = "g";
  r.task = task;
  r.length = length;
  r.model = model;
  r.tokenizer = "kmer";
  r.k = k;
  r.seed = seed;
  const auto id = store.register_run(r);
  store.mark_running(id, 1);
  std::vector<MetricRecord> metrics;
  for (const auto& [name, value] : test_metrics) metrics.push_back({id, "test", std::nullopt, name, value});
  metrics.push_back({id, "dev", 0, "mcc", 0.99});  // per-epoch dev values never reach the tables
  store.finish_run(id, status, status == "failed" ? "boom" : "", 12.5, metrics);
  return id;
}

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

struct Png {
  int width = 0, height = 0;
  cairo_status_t status;
};
Png decode(const std::string& path) {
  cairo_surface_t* s = cairo_image_surface_create_from_png(path.c_str());
  Png p{cairo_image_surface_get_width(s), cairo_image_surface_get_height(s), cairo_surface_status(s)};
  cairo_surface_destroy(s);
  return p;
}

class ReportWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test_paths::scratch_dir();
    store_path_ = dir_ + "/store.sqlite";
    ResultsStore store(store_path_);
    add_run(store, "lr1", "task3", 300, "lr_tfidf", 0, 1, "done", {{"mcc", 0.70}, {"accuracy", 0.85}, {"f1", 0.85}});
    add_run(store, "lr2", "task3", 300, "lr_tfidf", 0, 2, "done", {{"mcc", 0.72}, {"accuracy", 0.86}, {"f1", 0.86}});
    add_run(store, "db1", "task1", 0, "dnabert", 3, 42, "done", {{"mcc", 0.9380}});
    add_run(store, "db4", "task2", 300, "dnabert", 4, 42, "done",
            {{"mcc", 0.80}, {"accuracy", 0.90}, {"f1", 0.905}, {"loss", 0.3}});
    add_run(store, "fail", "task3", 300, "dnabert", 3, 1, "failed", {});
    importance_run_ = add_run(store, "db3", "task3", 300, "dnabert", 3, 2, "done", {{"mcc", 0.50}});
    add_run(store, "smoke", "smoke", 64, "bert-tiny", 3, 1, "done", {{"mcc", 0.1}});
    std::vector<ImportanceRecord> rows;
    for (int s = 0; s < 4; ++s) {
      std::vector<float> scores(300, 0.01f);
      for (int p = 170; p < 250; ++p) scores[p] = s < 2 ? 0.1f : 0.05f;  // the ~80 bp before the TSS
      rows.push_back({importance_run_, "test", s, s < 2 ? 1 : 0, std::nullopt, scores});
    }
    store.put_importance(rows);
    store.put_dataset_stats({{"gtex_v8_genes", "protein_coding", 100, 44.5, 700.0}});
  }
  std::string dir_, store_path_;
  std::int64_t importance_run_ = 0;
};

TEST_F(ReportWriterTest, RendersKnownTableCells) {
  std::ostringstream summary;
  write_report(store_path_, dir_ + "/out", summary);
  const std::string t1 = read_file(dir_ + "/out/table1.md");
  // Two LR seeds: mean 71, sd sqrt(2), bootstrap over {70, 72} spans the two values.
  EXPECT_TRUE(contains(t1, "| LR | 71.00 ± 1.41 [70.00, 72.00] n=2 (paper 70.45, Δ +0.55) | — (paper 67.46) | "
                           "— (paper 65.90) | — (paper 65.32) |")) << t1;
  // The failed run does not count; the done DNABERT run does.
  EXPECT_TRUE(contains(t1, "| DNABERT (3-mer) | 50.00 (paper 73.48, Δ -23.48) | — (paper 67.69) |")) << t1;
  EXPECT_TRUE(contains(t1, "| NT-500M-human | — (paper 70.10) |")) << t1;

  const std::string t2 = read_file(dir_ + "/out/table2.md");
  EXPECT_TRUE(contains(t2, "| DNABERT (3-mer) | 93.80 (paper 93.80, Δ +0.00) | — (paper 83.41) | "
                           "50.00 (paper 73.48, Δ -23.48) | — (paper 41.55) |")) << t2;
  EXPECT_TRUE(contains(t2, "| model | task 1 | task 2 | task 3 | task 4 |")) << t2;

  const std::string t3 = read_file(dir_ + "/out/table3.md");
  EXPECT_TRUE(contains(t3, "| protein_coding (gtex_v8_genes) | 100 | 44.50 (paper 44.93, Δ -0.43) | "
                           "700.00 (paper 792.96, Δ -92.96) |")) << t3;
  EXPECT_TRUE(contains(t3, "| lncRNA | — | — (paper 0.94) | — (paper 6.63) |")) << t3;

  const std::string t4 = read_file(dir_ + "/out/table4.md");
  EXPECT_TRUE(contains(t4, "| 4-mer | 80.00 (paper 83.06, Δ -3.06) | 90.00 (paper 92.52, Δ -2.52) | "
                           "90.50 (paper 92.52, Δ -2.02) |")) << t4;
  EXPECT_TRUE(contains(t4, "| 3-mer | — (paper 83.41) | — (paper 92.67) | — (paper 92.67) |")) << t4;

  EXPECT_TRUE(contains(read_file(dir_ + "/out/table1.csv"), "table1,LR,300 bp,2,71.000000,1.414214,70.000000,"
                                                            "72.000000,70.450000,0.550000\n"));
  EXPECT_TRUE(contains(read_file(dir_ + "/out/table2.tex"), "\\label{tab:table2}"));

  // Per-run summary: every run, MCC x100, "—" for what a run lacks (here AUROC and AUPRC, schema 7).
  const std::string s = summary.str();
  EXPECT_TRUE(contains(s, "| 4 | g | task2 | 300 | dnabert | kmer | 4 | 42 | done | 80.00 | 90.00 | 90.50 | — | — | 0.3000 | 12.5 |"))
      << s;
  EXPECT_TRUE(contains(s, "| 5 | g | task3 | 300 | dnabert | kmer | 3 | 1 | failed | — | — | — | — | — | — | 12.5 |")) << s;
  EXPECT_TRUE(contains(s, "| 7 | g | smoke | 64 | bert-tiny |")) << s;
  EXPECT_TRUE(contains(read_file(dir_ + "/out/report.md"), "### Table 4"));
}

TEST_F(ReportWriterTest, WritesDecodableFigures) {
  std::ostringstream summary;
  write_report(store_path_, dir_ + "/out", summary);
  const std::string stem = dir_ + "/out/figure2_run" + std::to_string(importance_run_);
  Png heat = decode(stem + "_heatmap.png");
  ASSERT_EQ(heat.status, CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(heat.width, kHeatmapWidth);
  EXPECT_EQ(heat.height, kHeatmapHeight);
  Png curve = decode(stem + "_mean.png");
  ASSERT_EQ(curve.status, CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(curve.width, kCurveWidth);
  EXPECT_EQ(curve.height, kCurveHeight);
  // Only the task-3 run with importances gets figures.
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/out/figure2_run1_heatmap.png"));
}

TEST_F(ReportWriterTest, HeatmapColoursFollowImportance) {
  ResultsStore store(store_path_, true);
  auto rows = store.importance(importance_run_, "test");
  rows.push_back({importance_run_, "test", 9, 2, std::nullopt, std::vector<float>(300, 0.5f)});  // not binary
  const std::string path = dir_ + "/heat.png";
  EXPECT_EQ(write_importance_heatmap(rows, "t", path), 4u);  // the label-2 row is left out (and its 0.5 unused)
  cairo_surface_t* s = cairo_image_surface_create_from_png(path.c_str());
  ASSERT_EQ(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
  const unsigned char* data = cairo_image_surface_get_data(s);
  const int stride = cairo_image_surface_get_stride(s);
  auto pixel = [&](int x, int y) { return *reinterpret_cast<const std::uint32_t*>(data + y * stride + 4 * x); };
  // Left panel (x 90..560, y 70..610) holds label 1, whose bases -79..0 have the largest value (0.1): yellow end of
  // viridis; an early base (offset -240) is near the dark end. Column of offset o: 90 + (o + 249 + 0.5) * 470 / 300.
  const std::uint32_t hot = pixel(90 + static_cast<int>((-40 + 249.5) * 470 / 300), 200);
  const std::uint32_t cold = pixel(90 + static_cast<int>((-240 + 249.5) * 470 / 300), 200);
  EXPECT_GT((hot >> 8) & 0xff, 200u);   // green channel of viridis(1) = 231
  EXPECT_LT((cold >> 8) & 0xff, 60u);   // green of viridis(0.1) ~ 0.05..0.2
  cairo_surface_destroy(s);
}

TEST(ReportWriter, MissingStoreIsAnInputError) {
  std::ostringstream summary;
  const std::string dir = test_paths::scratch_dir();
  EXPECT_THROW(write_report(dir + "/absent.sqlite", dir + "/out", summary), InputError);
}

}  // namespace
}  // namespace lnc::results
