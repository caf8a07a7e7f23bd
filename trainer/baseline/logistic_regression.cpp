#include "trainer/baseline/logistic_regression.h"

#include <linear.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace lnc::trainer {
namespace {

void quiet(const char*) {}

// liblinear's row layout: 1-based indices, the bias node (index num_features + 1) when bias >= 0, index -1 ends.
std::vector<feature_node> to_nodes(const SparseRow& row, std::size_t num_features, double bias) {
  std::vector<feature_node> nodes;
  nodes.reserve(row.index.size() + 2);
  for (std::size_t i = 0; i < row.index.size(); ++i) {
    if (row.index[i] < 0 || static_cast<std::size_t>(row.index[i]) >= num_features)
      throw std::invalid_argument("logistic regression: feature index " + std::to_string(row.index[i]) +
                                  " outside [0," + std::to_string(num_features) + ")");
    nodes.push_back({row.index[i] + 1, row.value[i]});
  }
  if (bias >= 0) nodes.push_back({static_cast<int>(num_features) + 1, bias});
  nodes.push_back({-1, 0.0});
  return nodes;
}

}  // namespace

LogisticRegression::LogisticRegression(LogisticRegressionConfig config) : config_(config) {
  if (!(config_.C > 0)) throw std::invalid_argument("logistic regression: C must be > 0");
  if (!(config_.eps > 0)) throw std::invalid_argument("logistic regression: eps must be > 0");
}

LogisticRegression::~LogisticRegression() {
  if (model_) free_and_destroy_model(&model_);
}

void LogisticRegression::fit(const SparseMatrix& rows, const std::vector<int>& labels, std::size_t num_features) {
  if (rows.size() != labels.size())
    throw std::invalid_argument("logistic regression: " + std::to_string(rows.size()) + " rows but " +
                                std::to_string(labels.size()) + " labels");
  classes_ = labels;
  std::sort(classes_.begin(), classes_.end());
  classes_.erase(std::unique(classes_.begin(), classes_.end()), classes_.end());
  if (classes_.size() < 2)
    throw std::invalid_argument("logistic regression: training labels hold " + std::to_string(classes_.size()) +
                                " class(es); need at least 2");
  num_features_ = num_features;

  std::vector<std::vector<feature_node>> nodes;
  nodes.reserve(rows.size());
  for (const auto& r : rows) nodes.push_back(to_nodes(r, num_features, config_.bias));
  std::vector<feature_node*> x(rows.size());
  std::vector<double> y(labels.begin(), labels.end());
  for (std::size_t i = 0; i < rows.size(); ++i) x[i] = nodes[i].data();

  problem prob{};
  prob.l = static_cast<int>(rows.size());
  prob.n = static_cast<int>(num_features) + (config_.bias >= 0 ? 1 : 0);
  prob.y = y.data();
  prob.x = x.data();
  prob.bias = config_.bias >= 0 ? config_.bias : -1;

  parameter param{};
  param.solver_type = L2R_LR;
  param.eps = config_.eps;
  param.C = config_.C;
  if (const char* err = check_parameter(&prob, &param))
    throw std::invalid_argument(std::string("logistic regression: liblinear: ") + err);
  set_print_string_function(&quiet);  // liblinear prints its iterations to stdout otherwise
  if (model_) free_and_destroy_model(&model_);
  model_ = train(&prob, &param);  // copies what it keeps; prob's arrays may go

  std::vector<int> order(static_cast<std::size_t>(get_nr_class(model_)));
  get_labels(model_, order.data());
  column_of_liblinear_label_.clear();
  for (int l : order)
    column_of_liblinear_label_.push_back(
        static_cast<int>(std::lower_bound(classes_.begin(), classes_.end(), l) - classes_.begin()));
}

std::vector<double> LogisticRegression::predict_proba(const SparseMatrix& rows) const {
  if (!model_) throw std::logic_error("logistic regression: predict before fit");
  const std::size_t nc = classes_.size();
  std::vector<double> out(rows.size() * nc);
  std::vector<double> estimates(nc);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    auto nodes = to_nodes(rows[r], num_features_, config_.bias);
    predict_probability(model_, nodes.data(), estimates.data());
    for (std::size_t j = 0; j < nc; ++j)
      out[r * nc + static_cast<std::size_t>(column_of_liblinear_label_[j])] = estimates[j];
  }
  return out;
}

std::vector<int> LogisticRegression::predict(const SparseMatrix& rows) const {
  const std::vector<double> p = predict_proba(rows);
  const std::size_t nc = classes_.size();
  std::vector<int> out(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double* row = p.data() + r * nc;
    out[r] = classes_[static_cast<std::size_t>(std::max_element(row, row + nc) - row)];
  }
  return out;
}

namespace {
int positive_label_index(const std::vector<int>& column_of_liblinear_label, std::size_t positive_column) {
  for (std::size_t j = 0; j < column_of_liblinear_label.size(); ++j)
    if (static_cast<std::size_t>(column_of_liblinear_label[j]) == positive_column) return static_cast<int>(j);
  return 0;
}
}  // namespace

double LogisticRegression::coefficient(std::size_t feature) const {
  if (!model_) throw std::logic_error("logistic regression: coefficient before fit");
  return get_decfun_coef(model_, static_cast<int>(feature) + 1, positive_label_index(column_of_liblinear_label_, 1));
}

double LogisticRegression::intercept() const {
  if (!model_) throw std::logic_error("logistic regression: intercept before fit");
  return get_decfun_bias(model_, positive_label_index(column_of_liblinear_label_, 1));
}

}  // namespace lnc::trainer
