#include "trainer/baseline/lr_tfidf_baseline.h"

#include <chrono>
#include <memory>
#include <stdexcept>

#include "base/metrics/classification_metrics.h"

namespace lnc::trainer {
namespace {

// Seconds since `t`, and `t` moved to now.
double lap(std::chrono::steady_clock::time_point& t) {
  const auto now = std::chrono::steady_clock::now();
  const double s = std::chrono::duration<double>(now - t).count();
  t = now;
  return s;
}

}  // namespace

BaselineResult run_lr_tfidf(const std::vector<std::string>& train_seqs, const std::vector<int>& train_labels,
                            const std::vector<std::string>& dev_seqs, const std::vector<int>& dev_labels,
                            const std::vector<std::string>& test_seqs, const LrTfidfConfig& config) {
  if (train_seqs.size() != train_labels.size() || dev_seqs.size() != dev_labels.size())
    throw std::invalid_argument("lr_tfidf: sequences and labels differ in number");
  if (config.c_values.empty()) throw std::invalid_argument("lr_tfidf: empty C list");
  const bool select = config.c_values.size() > 1;
  if (select && dev_seqs.empty()) throw std::invalid_argument("lr_tfidf: choosing C needs a non-empty dev split");

  auto t = std::chrono::steady_clock::now();
  BaselineResult result;
  TfidfConfig tfidf = config.tfidf;
  tfidf.threads = config.threads;
  TfidfVectorizer vectorizer(tfidf);
  const SparseMatrix train = vectorizer.fit_transform(train_seqs);
  const SparseMatrix dev = vectorizer.transform(dev_seqs);
  const SparseMatrix test = vectorizer.transform(test_seqs);
  result.vectorize_seconds = lap(t);

  result.num_features = vectorizer.num_features();
  std::unique_ptr<LogisticRegression> best;
  double best_mcc = 0;
  for (double c : config.c_values) {
    auto model = std::make_unique<LogisticRegression>(LogisticRegressionConfig{c, config.bias, config.eps, config.threads});
    model->fit(train, train_labels, vectorizer.num_features());
    result.fit_seconds += lap(t);
    if (!select) {
      best = std::move(model);
      result.chosen_c = c;
      break;
    }
    const double mcc = metrics::matthews_corrcoef(dev_labels, model->predict(dev));
    result.predict_seconds += lap(t);
    result.dev_mcc_by_c.push_back(mcc);
    if (!best || mcc > best_mcc) {
      best = std::move(model);
      best_mcc = mcc;
      result.chosen_c = c;
    }
  }
  result.classes = best->classes();
  result.dev.scores = best->predict_proba(dev);
  result.dev.predictions = best->most_probable(result.dev.scores);
  result.test.scores = best->predict_proba(test);
  result.test.predictions = best->most_probable(result.test.scores);
  result.predict_seconds += lap(t);
  return result;
}

}  // namespace lnc::trainer
