#include "trainer/baseline_run.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "cluster/process_group.h"
#include "data/token_store/token_store.h"
#include "trainer/baseline/lr_tfidf_baseline.h"
#include "base/metrics/classification_metrics.h"
#include "trainer/training/run_metrics.h"
#include "trainer/training/run_predictions.h"

namespace lnc::trainer {
namespace {

// Metrics from class probabilities: predictions are the argmax, loss the mean negative log-likelihood.
metrics::ClassificationMetrics metrics_of(const std::vector<int>& labels, const SplitPredictions& p, const std::vector<int>& classes) {
  metrics::ClassificationMetrics m = metrics::compute_metrics(labels, p.predictions);
  double nll = 0;
  const size_t c = classes.size();
  for (size_t i = 0; i < labels.size(); ++i) {
    double prob = 0;
    for (size_t j = 0; j < c; ++j)
      if (classes[j] == labels[i]) prob = p.scores[i * c + j];
    nll -= std::log(std::max(prob, 1e-15));
  }
  m.loss = labels.empty() ? 0.0 : nll / static_cast<double>(labels.size());
  return m;
}

std::vector<int> as_int(const std::vector<std::int32_t>& v) { return {v.begin(), v.end()}; }

// Probabilities by class index 0..C-1 (C: one past the largest class in train, dev or test; a class the model never
// saw in train gets 0), from the baseline's columns, which are its sorted training classes.
void record_predictions(const std::string& split, const std::vector<int>& labels, const SplitPredictions& p,
                        const std::vector<int>& classes, std::size_t num_classes, RunOutcome& out) {
  std::vector<float> probabilities(labels.size() * num_classes, 0.0f);
  for (std::size_t i = 0; i < labels.size(); ++i)
    for (std::size_t j = 0; j < classes.size(); ++j)
      probabilities[i * num_classes + static_cast<std::size_t>(classes[j])] =
          static_cast<float>(p.scores[i * classes.size() + j]);
  add_split_predictions(split, labels, p.predictions, probabilities, num_classes, out);
}

std::size_t class_count(const std::vector<int>& classes, const std::vector<int>& dev, const std::vector<int>& test) {
  int top = 1;
  for (const auto* v : {&classes, &dev, &test})
    for (int c : *v) top = std::max(top, c);
  return static_cast<std::size_t>(top) + 1;
}

}  // namespace

RunOutcome run_baseline(const config::RunConfig& config, cluster::ProcessGroup& group, const RunLogger& log) {
  RunOutcome out;
  if (group.rank() == 0) {
    const auto t0 = std::chrono::steady_clock::now();
    data::TokenStoreReader reader(config.data.tokens);
    const auto& b = config.model.baseline;
    LrTfidfConfig lr;
    lr.tfidf.k = b.kmer;
    lr.tfidf.ngram_min = b.ngram_min;
    lr.tfidf.ngram_max = b.ngram_max;
    lr.c_values = b.c_values;
    lr.threads = static_cast<int>(config.training.threads_per_rank);  // rank 0 fits alone; 0 = every core
    auto dev_labels = as_int(reader.labels("dev"));
    auto test_labels = as_int(reader.labels("test"));
    const auto train_labels = as_int(reader.labels("train"));
    const auto train_seqs = reader.sequences("train"), dev_seqs = reader.sequences("dev"),
               test_seqs = reader.sequences("test");
    const double read_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    auto result = run_lr_tfidf(train_seqs, train_labels, dev_seqs, dev_labels, test_seqs, lr);
    auto dev = metrics_of(dev_labels, result.dev, result.classes);
    auto test = metrics_of(test_labels, result.test, result.classes);
    add_metrics(out.metrics, "dev", std::nullopt, dev);
    add_metrics(out.metrics, "test", std::nullopt, test);
    const std::size_t num_classes = class_count(result.classes, dev_labels, test_labels);
    record_predictions("dev", dev_labels, result.dev, result.classes, num_classes, out);
    record_predictions("test", test_labels, result.test, result.classes, num_classes, out);
    std::ostringstream line;
    line << "lr_tfidf: " << result.num_features << " features, C = " << result.chosen_c << " | test mcc " << test.mcc
         << " acc " << test.accuracy << " f1 " << test.f1 << std::fixed << std::setprecision(3) << " | seconds: read "
         << read_seconds << " vectorize " << result.vectorize_seconds << " fit " << result.fit_seconds << " predict "
         << result.predict_seconds;
    log(line.str());
  }
  group.barrier("baseline barrier");
  return out;
}

}  // namespace lnc::trainer
