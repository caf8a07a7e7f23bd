#include "trainer/baseline/logistic_regression.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "trainer/baseline/parallel_blocks.h"

namespace lnc::trainer {
namespace {

// The rows in compressed sparse row form, read front to back once per pass. A pass is bound by memory traffic (the
// row dot product was two thirds of a fit's samples), so the Hessian-vector products, which are most of the passes
// and only steer the Newton step, read the values rounded to float (8 instead of 12 bytes an entry); f and its
// gradient, which decide the optimum and the stopping test, read them exact.
struct Csr {
  std::vector<std::size_t> start{0};  // row r holds entries [start[r], start[r + 1])
  std::vector<std::int32_t> index;
  std::vector<double> value;
  std::vector<float> value_f;            // value rounded to float
  std::vector<std::uint16_t> index16;  // index again, when every index fits 16 bits: 6 bytes an entry for Hv
  std::size_t rows() const { return start.size() - 1; }
};

Csr to_csr(const SparseMatrix& rows, std::size_t num_features) {
  Csr x;
  std::size_t nnz = 0;
  for (const auto& r : rows) nnz += r.index.size();
  x.start.reserve(rows.size() + 1);
  x.index.reserve(nnz);
  x.value.reserve(nnz);
  x.value_f.reserve(nnz);
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.index.size(); ++i) {
      if (r.index[i] < 0 || static_cast<std::size_t>(r.index[i]) >= num_features)
        throw std::invalid_argument("logistic regression: feature index " + std::to_string(r.index[i]) +
                                    " outside [0," + std::to_string(num_features) + ")");
      x.index.push_back(r.index[i]);
      x.value.push_back(r.value[i]);
      x.value_f.push_back(static_cast<float>(r.value[i]));
    }
    x.start.push_back(x.index.size());
  }
  if (num_features <= 65536) x.index16.assign(x.index.begin(), x.index.end());
  return x;
}

// The fixed cut of the rows into blocks: at most kMaxBlocks, at least kMinBlockRows rows each (but one block for
// fewer). It depends on the row count alone, which is what makes the sums independent of the thread count.
constexpr std::size_t kMaxBlocks = 16;
constexpr std::size_t kMinBlockRows = 512;

struct Blocks {
  std::size_t count = 1, size = 0, rows = 0;
  explicit Blocks(std::size_t n) : rows(n) {
    count = std::clamp<std::size_t>((n + kMinBlockRows - 1) / kMinBlockRows, 1, kMaxBlocks);
    size = (n + count - 1) / count;
  }
  std::size_t begin(std::size_t b) const { return std::min(rows, b * size); }
  std::size_t end(std::size_t b) const { return std::min(rows, (b + 1) * size); }
};

// x_i.v over row entries [lo, hi). Four running sums (added in a fixed order) instead of one: a single sum waits on
// the previous multiply-add at every entry, which made the solver latency-bound.
template <class I, class V>
double row_dot(const I* index, const V* value, std::size_t lo, std::size_t hi, const double* v) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  std::size_t k = lo;
  for (; k + 4 <= hi; k += 4) {
    s0 += v[static_cast<std::size_t>(index[k])] * static_cast<double>(value[k]);
    s1 += v[static_cast<std::size_t>(index[k + 1])] * static_cast<double>(value[k + 1]);
    s2 += v[static_cast<std::size_t>(index[k + 2])] * static_cast<double>(value[k + 2]);
    s3 += v[static_cast<std::size_t>(index[k + 3])] * static_cast<double>(value[k + 3]);
  }
  for (; k < hi; ++k) s0 += v[static_cast<std::size_t>(index[k])] * static_cast<double>(value[k]);
  return (s0 + s1) + (s2 + s3);
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// u' diag(m) v
double dot_m(const std::vector<double>& u, const std::vector<double>& m, const std::vector<double>& v) {
  double s = 0;
  for (std::size_t i = 0; i < u.size(); ++i) s += u[i] * m[i] * v[i];
  return s;
}

// What TRON needs at one point w: f(w), its gradient, the preconditioner's diagonal, and C * D_ii (the Hessian's
// row weights, sigma(y z)(1 - sigma(y z))) for the Hessian-vector products at w.
struct Point {
  double f = 0;
  std::vector<double> g, m, cd;
};

// f(w) = 0.5 |w|^2 + C sum_i log(1 + exp(-y_i x_i.w)) over rows x with a constant last feature `bias` (when > 0).
class Objective {
 public:
  Objective(const Csr& x, const std::vector<double>& y, double C, double bias, std::size_t features, int threads)
      : x_(x), y_(y), C_(C), bias_(bias > 0 ? bias : 0), features_(features),
        n_(features + (bias > 0 ? 1 : 0)), blocks_(x.rows()), threads_(threads),
        part_a_(blocks_.count * n_), part_b_(blocks_.count * n_), loss_(blocks_.count) {}

  std::size_t variables() const { return n_; }

  // One pass over the rows: loss, gradient and preconditioner partial sums per block, then added in block order.
  void evaluate(const std::vector<double>& w, Point& p) {
    p.cd.resize(x_.rows());
    for_each_block(blocks_.count, threads_, [&](std::size_t b) {
      double* g = part_a_.data() + b * n_;
      double* m = part_b_.data() + b * n_;
      std::fill(g, g + n_, 0.0);
      std::fill(m, m + n_, 0.0);
      double loss = 0;
      for (std::size_t i = blocks_.begin(b); i < blocks_.end(b); ++i) {
        const std::size_t lo = x_.start[i], hi = x_.start[i + 1];
        const double z = row_dot(x_.index.data(), x_.value.data(), lo, hi, w.data()) + (bias_ > 0 ? bias_ * w[features_] : 0.0);
        const double yz = y_[i] * z;
        loss += yz >= 0 ? std::log1p(std::exp(-yz)) : -yz + std::log1p(std::exp(yz));
        const double sigma = 1.0 / (1.0 + std::exp(-yz));
        const double cd = C_ * sigma * (1.0 - sigma);
        const double coef = C_ * (sigma - 1.0) * y_[i];
        p.cd[i] = cd;
        for (std::size_t k = lo; k < hi; ++k) {
          const auto j = static_cast<std::size_t>(x_.index[k]);
          const double v = x_.value[k];
          g[j] += coef * v;
          m[j] += cd * v * v;
        }
        if (bias_ > 0) {
          g[features_] += coef * bias_;
          m[features_] += cd * bias_ * bias_;
        }
      }
      loss_[b] = loss;
    });
    p.g = w;
    p.m.assign(n_, 1.0);
    double loss = 0;
    for (std::size_t b = 0; b < blocks_.count; ++b) {
      const double* g = part_a_.data() + b * n_;
      const double* m = part_b_.data() + b * n_;
      for (std::size_t j = 0; j < n_; ++j) {
        p.g[j] += g[j];
        p.m[j] += m[j];
      }
      loss += loss_[b];
    }
    p.f = 0.5 * dot(w, w) + C_ * loss;
  }

  // out = H s = s + X' diag(C D) X s at the point p (X with float values), fused: one pass, each row's x_i.s used
  // at once.
  void hessian_times(const Point& p, const std::vector<double>& s, std::vector<double>& out) {
    if (!x_.index16.empty()) hessian_pass(x_.index16.data(), p, s);
    else hessian_pass(x_.index.data(), p, s);
    out = s;
    for (std::size_t b = 0; b < blocks_.count; ++b) {
      const double* h = part_a_.data() + b * n_;
      for (std::size_t j = 0; j < n_; ++j) out[j] += h[j];
    }
  }

 private:
  const Csr& x_;
  const std::vector<double>& y_;
  double C_, bias_;
  std::size_t features_, n_;
  Blocks blocks_;
  int threads_;
  std::vector<double> part_a_, part_b_, loss_;  // per-block partial sums

  template <class I>
  void hessian_pass(const I* index, const Point& p, const std::vector<double>& s) {
    const float* value = x_.value_f.data();
    for_each_block(blocks_.count, threads_, [&](std::size_t b) {
      double* h = part_a_.data() + b * n_;
      std::fill(h, h + n_, 0.0);
      for (std::size_t i = blocks_.begin(b); i < blocks_.end(b); ++i) {
        const std::size_t lo = x_.start[i], hi = x_.start[i + 1];
        const double t = p.cd[i] * (row_dot(index, value, lo, hi, s.data()) + (bias_ > 0 ? bias_ * s[features_] : 0.0));
        for (std::size_t k = lo; k < hi; ++k) h[static_cast<std::size_t>(index[k])] += t * static_cast<double>(value[k]);
        if (bias_ > 0) h[features_] += t * bias_;
      }
    });
  }
};

// The preconditioner TRON uses: a 0.99 / 0.01 mix of the identity and the Hessian's diagonal (Hsia et al. 2018).
void mix_preconditioner(std::vector<double>& m) {
  constexpr double kAlpha = 0.01;
  for (double& v : m) v = (1 - kAlpha) + kAlpha * v;
}

// Preconditioned conjugate gradient on H s = -g inside the trust region |s|_M <= delta (Steihaug). On return r is
// the residual -g - H s; `boundary` says whether the step stopped on the region's edge.
int trust_region_cg(Objective& obj, const Point& p, double delta, std::vector<double>& s, std::vector<double>& r,
                    bool& boundary) {
  constexpr double kCgTolerance = 0.1;
  const std::size_t n = obj.variables();
  const std::vector<double>& m = p.m;
  std::vector<double> d(n), hd(n), z(n);
  boundary = false;
  s.assign(n, 0.0);
  r.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    r[i] = -p.g[i];
    z[i] = r[i] / m[i];
    d[i] = z[i];
  }
  double ztr = dot(z, r);
  const double tolerance = kCgTolerance * std::sqrt(ztr);
  const std::size_t max_iterations = std::max<std::size_t>(n, 5);
  int products = 0;
  for (std::size_t it = 0; it < max_iterations; ++it) {
    if (std::sqrt(ztr) <= tolerance) break;
    obj.hessian_times(p, d, hd);
    ++products;
    double alpha = ztr / dot(d, hd);
    for (std::size_t i = 0; i < n; ++i) s[i] += alpha * d[i];
    if (std::sqrt(dot_m(s, m, s)) > delta) {
      // Back to the previous s, then the step tau along d that lands on |s + tau d|_M = delta.
      boundary = true;
      for (std::size_t i = 0; i < n; ++i) s[i] -= alpha * d[i];
      const double std_ = dot_m(s, m, d), sts = dot_m(s, m, s), dtd = dot_m(d, m, d);
      const double dsq = delta * delta;
      const double rad = std::sqrt(std_ * std_ + dtd * (dsq - sts));
      alpha = std_ >= 0 ? (dsq - sts) / (std_ + rad) : (rad - std_) / dtd;
      for (std::size_t i = 0; i < n; ++i) {
        s[i] += alpha * d[i];
        r[i] -= alpha * hd[i];
      }
      return products;
    }
    for (std::size_t i = 0; i < n; ++i) {
      r[i] -= alpha * hd[i];
      z[i] = r[i] / m[i];
    }
    const double znew = dot(z, r);
    const double beta = znew / ztr;
    for (std::size_t i = 0; i < n; ++i) d[i] = z[i] + beta * d[i];
    ztr = znew;
  }
  return products;
}

struct Iterations {
  int newton = 0, cg = 0;
};

// Trust-region Newton from w = 0 until |g| <= eps |g(0)|.
Iterations trust_region_newton(Objective& obj, double eps, std::vector<double>& w) {
  constexpr double kEta0 = 1e-4, kEta1 = 0.25, kEta2 = 0.75;    // step acceptance / region update thresholds
  constexpr double kSigma1 = 0.25, kSigma2 = 0.5, kSigma3 = 4;  // region shrink / grow factors
  constexpr int kMaxIterations = 1000;
  const std::size_t n = obj.variables();
  w.assign(n, 0.0);
  Point cur, next;
  obj.evaluate(w, cur);
  mix_preconditioner(cur.m);
  const double gnorm0 = std::sqrt(dot(cur.g, cur.g));
  double delta = std::sqrt(dot_m(cur.g, cur.m, cur.g));
  bool delta_adjusted = false;
  std::vector<double> s, r, w_new(n);
  int iter = 1, cg = 0;
  bool search = gnorm0 > eps * gnorm0;
  while (iter <= kMaxIterations && search) {
    bool boundary = false;
    cg += trust_region_cg(obj, cur, delta, s, r, boundary);
    for (std::size_t i = 0; i < n; ++i) w_new[i] = w[i] + s[i];
    const double gs = dot(cur.g, s);
    const double prered = -0.5 * (gs - dot(s, r));
    obj.evaluate(w_new, next);  // also the gradient at w_new: one pass instead of two when the step is taken
    const double actred = cur.f - next.f;
    const double snorm = std::sqrt(dot_m(s, cur.m, s));
    if (iter == 1 && !delta_adjusted) {
      delta = std::min(delta, snorm);
      delta_adjusted = true;
    }
    const double curvature = next.f - cur.f - gs;
    const double alpha = curvature <= 0 ? kSigma3 : std::max(kSigma1, -0.5 * (gs / curvature));
    if (actred < kEta0 * prered)
      delta = std::min(alpha * snorm, kSigma2 * delta);
    else if (actred < kEta1 * prered)
      delta = std::max(kSigma1 * delta, std::min(alpha * snorm, kSigma2 * delta));
    else if (actred < kEta2 * prered)
      delta = std::max(kSigma1 * delta, std::min(alpha * snorm, kSigma3 * delta));
    else if (boundary)
      delta = kSigma3 * delta;
    else
      delta = std::max(delta, std::min(alpha * snorm, kSigma3 * delta));
    if (actred > kEta0 * prered) {
      ++iter;
      w.swap(w_new);
      std::swap(cur, next);
      mix_preconditioner(cur.m);
      if (std::sqrt(dot(cur.g, cur.g)) <= eps * gnorm0) break;
    }
    if (cur.f < -1.0e32) break;
    if (std::fabs(actred) <= 0 && prered <= 0) break;
    if (std::fabs(actred) <= 1.0e-12 * std::fabs(cur.f) && std::fabs(prered) <= 1.0e-12 * std::fabs(cur.f)) break;
  }
  return {iter - 1, cg};
}

}  // namespace

LogisticRegression::LogisticRegression(LogisticRegressionConfig config) : config_(config) {
  if (!(config_.C > 0)) throw std::invalid_argument("logistic regression: C must be > 0");
  if (!(config_.eps > 0)) throw std::invalid_argument("logistic regression: eps must be > 0");
}

void LogisticRegression::fit(const SparseMatrix& rows, const std::vector<int>& labels, std::size_t num_features) {
  if (rows.size() != labels.size())
    throw std::invalid_argument("logistic regression: " + std::to_string(rows.size()) + " rows but " +
                                std::to_string(labels.size()) + " labels");
  std::vector<int> classes = labels;
  std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  if (classes.size() < 2)
    throw std::invalid_argument("logistic regression: training labels hold " + std::to_string(classes.size()) +
                                " class(es); need at least 2");
  const Csr x = to_csr(rows, num_features);
  classes_ = std::move(classes);
  num_features_ = num_features;
  const std::size_t width = num_features + 1;
  weights_.assign(models() * width, 0.0);
  newton_iterations_ = cg_iterations_ = 0;
  std::vector<double> y(rows.size()), w;
  for (std::size_t k = 0; k < models(); ++k) {
    const int positive = classes_.size() == 2 ? classes_[1] : classes_[k];
    std::size_t pos = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      y[i] = labels[i] == positive ? 1.0 : -1.0;
      pos += labels[i] == positive;
    }
    // liblinear's tolerance for L2R_LR: eps scaled by the minority share.
    const double eps = config_.eps * static_cast<double>(std::max<std::size_t>(std::min(pos, rows.size() - pos), 1)) /
                       static_cast<double>(rows.size());
    Objective objective(x, y, config_.C, config_.bias, num_features, resolve_threads(config_.threads));
    const Iterations it = trust_region_newton(objective, eps, w);
    newton_iterations_ += it.newton;
    cg_iterations_ += it.cg;
    std::copy(w.begin(), w.end(), weights_.begin() + static_cast<std::ptrdiff_t>(k * width));  // w_b stays 0 without bias
  }
}

std::vector<double> LogisticRegression::predict_proba(const SparseMatrix& rows) const {
  if (weights_.empty()) throw std::logic_error("logistic regression: predict before fit");
  const std::size_t nc = classes_.size(), width = num_features_ + 1;
  const double bias = config_.bias > 0 ? config_.bias : 0.0;
  std::vector<double> out(rows.size() * nc);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const SparseRow& row = rows[r];
    double* p = out.data() + r * nc;
    for (std::size_t k = 0; k < models(); ++k) {
      const double* w = weights_.data() + k * width;
      double z = bias * w[num_features_];
      for (std::size_t i = 0; i < row.index.size(); ++i) {
        const auto j = static_cast<std::size_t>(row.index[i]);
        if (j < num_features_) z += w[j] * row.value[i];
      }
      const double logistic = 1.0 / (1.0 + std::exp(-z));
      if (nc == 2) {
        p[1] = logistic;
        p[0] = 1.0 - logistic;
      } else {
        p[k] = logistic;
      }
    }
    if (nc > 2) {
      double sum = 0;
      for (std::size_t k = 0; k < nc; ++k) sum += p[k];
      for (std::size_t k = 0; k < nc; ++k) p[k] /= sum;
    }
  }
  return out;
}

std::vector<int> LogisticRegression::most_probable(const std::vector<double>& p) const {
  const std::size_t nc = classes_.size();
  std::vector<int> out(p.size() / nc);
  for (std::size_t r = 0; r < out.size(); ++r) {
    const double* row = p.data() + r * nc;
    out[r] = classes_[static_cast<std::size_t>(std::max_element(row, row + nc) - row)];
  }
  return out;
}

std::vector<int> LogisticRegression::predict(const SparseMatrix& rows) const {
  return most_probable(predict_proba(rows));
}

double LogisticRegression::coefficient(std::size_t feature) const {
  if (weights_.empty()) throw std::logic_error("logistic regression: coefficient before fit");
  if (feature >= num_features_)
    throw std::out_of_range("logistic regression: feature " + std::to_string(feature) + " of " +
                            std::to_string(num_features_));
  const std::size_t model = classes_.size() == 2 ? 0 : 1;  // the positive class classes()[1]
  return weights_.at(model * (num_features_ + 1) + feature);
}

double LogisticRegression::intercept() const {
  if (weights_.empty()) throw std::logic_error("logistic regression: intercept before fit");
  const std::size_t model = classes_.size() == 2 ? 0 : 1;
  return config_.bias > 0 ? weights_[model * (num_features_ + 1) + num_features_] * config_.bias : 0.0;
}

}  // namespace lnc::trainer
