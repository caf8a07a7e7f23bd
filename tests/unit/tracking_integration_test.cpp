// What a run records beside its metrics, end to end under mpirun on the toy dataset: per-sample predictions and
// AUROC/AUPRC (BERT and lr_tfidf), the training curve every log_every steps, TensorBoard event files read back by
// the `tensorboard` package with the store's values, provenance, and the report's curves, paired comparison and
// provenance sections; `lnctrain predictions` and `lnctrain status` on the result.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "results/store/prediction_records.h"
#include "results/store/results_store.h"
#include "results/store/run_provenance.h"
#include "results/store/training_curve_records.h"
#include "tests/unit/grid_test_support.h"

namespace lnc {
namespace {

using namespace test_paths;

TEST(IntegrationTracking, PredictionsCurvesTensorboardProvenanceAndReport) {
  const std::string dir = scratch_dir();
  const std::string tokens = prepare_toy_tokens(dir);
  const std::string grid = dir + "/t.toml";
  std::ofstream(grid) << toy_grid_head(dir + "/t.sqlite", dir + "/t_runs", tokens, /*epochs=*/1)
                      << "log_every = 3\n"
                      << "[grid]\n\"training.seed\" = [1, 2]\n\"model.family\" = [\"bert\", \"lr_tfidf\"]\n";
  auto run = run_command(mpirun(2) + lnctrain("--grid " + grid));
  ASSERT_EQ(run.exit_code, 0) << run.output;

  results::ResultsStore store(dir + "/t.sqlite", true);
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 4u);
  int neural = 0;
  for (const auto& r : runs) {
    ASSERT_EQ(r.status, "done") << r.error;
    // 32 dev + 64 test rows, with two class probabilities summing to 1.
    const auto rows = results::read_predictions(store, r.id);
    ASSERT_EQ(rows.size(), 96u) << r.model;
    for (const auto& p : rows) {
      ASSERT_EQ(p.probabilities.size(), 2u);
      EXPECT_NEAR(p.probabilities[0] + p.probabilities[1], 1.0, 1e-5);
      EXPECT_EQ(p.prediction, p.probabilities[1] > p.probabilities[0] ? 1 : 0);
    }
    std::set<std::string> names;
    for (const auto& m : store.metrics(r.id))
      if (m.split == "test" && !m.epoch) names.insert(m.name);
    EXPECT_TRUE(names.count("auroc") && names.count("auprc")) << r.model;
    // Provenance of every run.
    std::map<std::string, std::string> prov;
    for (const auto& [k, v] : results::read_provenance(store, r.id)) prov[k] = v;
    for (const char* key : {"lnctrain", "libtorch", "cuda", "nccl", "mpi", "hdf5", "device", "hosts", "tokens_sha256"})
      EXPECT_FALSE(prov[key].empty()) << key;
    EXPECT_EQ(prov["tokens_sha256"].size(), 64u);
    EXPECT_EQ(prov["libtorch"].substr(0, 2), "2.");
    if (r.model == "lr_tfidf") continue;
    ++neural;
    // 128 train rows / batch 8 = 16 steps: rows at 3, 6, 9, 12, 15 and the last step.
    const auto curve = results::read_training_curve(store, r.id);
    ASSERT_EQ(curve.size(), 6u) << r.model;
    EXPECT_EQ(curve.back().step, 16);
    for (const auto& c : curve) {
      EXPECT_TRUE(std::isfinite(c.train_loss) && c.train_loss > 0);
      EXPECT_GT(c.lr, 0);
      EXPECT_GT(c.grad_norm, 0);
    }
    // The run directory's event file, read back by TensorBoard's reader: the same train/loss values.
    const std::string run_dir = dir + "/t_runs/" + r.config_hash.substr(0, 16);
    std::string event_file;
    for (const auto& f : list_dir(run_dir))
      if (f.rfind("events.out.tfevents.", 0) == 0) event_file = run_dir + "/" + f;
    ASSERT_FALSE(event_file.empty()) << run_dir;
    auto read = run_command("python3 " + source("tests/reference/read_tensorboard_events.py") + " " + event_file);
    ASSERT_EQ(read.exit_code, 0) << read.output;
    std::map<long, double> loss;
    std::set<std::string> tags;
    std::istringstream lines(read.output);
    for (std::string line; std::getline(lines, line);) {
      std::istringstream f(line);
      std::string kind, tag;
      long step = 0;
      double value = 0;
      if (!(f >> kind) || kind != "scalar") continue;
      f >> tag >> step >> value;
      tags.insert(tag);
      if (tag == "train/loss") loss[step] = value;
    }
    ASSERT_EQ(loss.size(), curve.size()) << read.output;
    for (const auto& c : curve) EXPECT_NEAR(loss.at(c.step), c.train_loss, 1e-6 * c.train_loss) << c.step;
    for (const char* tag : {"train/lr", "train/grad_norm", "dev/mcc", "dev/loss", "final_test/mcc", "final_test/auroc"})
      EXPECT_TRUE(tags.count(tag)) << tag << "\n" << read.output;
    EXPECT_NE(read.output.find("hparam optimizer.lr"), std::string::npos) << read.output;
    EXPECT_NE(read.output.find("session_end 1"), std::string::npos) << read.output;
  }
  EXPECT_EQ(neural, 2);

  auto report = run_command(lnctrain("report --store " + dir + "/t.sqlite --out " + dir + "/report"));
  ASSERT_EQ(report.exit_code, 0) << report.output;
  const std::string page = read_text(dir + "/report/report.md");
  EXPECT_NE(page.find("### Paired comparisons (test MCC)"), std::string::npos) << page;
  EXPECT_NE(page.find("paired bootstrap"), std::string::npos) << page;
  EXPECT_NE(page.find("| toy | 48 | bert-tiny (kmer 3) | lr_tfidf (kmer 3) | 2 | "), std::string::npos) << page;
  EXPECT_NE(page.find("![curves](curves_1.png)"), std::string::npos) << page;
  EXPECT_TRUE(file_exists(dir + "/report/curves_1.png"));
  EXPECT_NE(page.find("### Provenance"), std::string::npos) << page;
  EXPECT_NE(page.find("AUROC x100"), std::string::npos) << page;

  auto csv = run_command(lnctrain("predictions --store " + dir + "/t.sqlite --run " + std::to_string(runs[0].id)));
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  EXPECT_EQ(csv.output.substr(0, csv.output.find('\n')), "split,index,label,prediction,prob_0,prob_1");
  auto status = run_command(lnctrain("status --store " + dir + "/t.sqlite --grid " + grid));
  ASSERT_EQ(status.exit_code, 0) << status.output;
  EXPECT_NE(status.output.find("4 done, 0 running, 0 queued, 0 failed"), std::string::npos) << status.output;
}

}  // namespace
}  // namespace lnc
