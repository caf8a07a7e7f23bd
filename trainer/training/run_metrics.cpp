#include "trainer/training/run_metrics.h"

#include <sstream>

namespace lnc::trainer {

void add_metrics(std::vector<MetricValue>& out, const std::string& split, std::optional<std::int64_t> epoch,
                 const metrics::ClassificationMetrics& metrics) {
  out.push_back({split, epoch, "mcc", metrics.mcc});
  out.push_back({split, epoch, "accuracy", metrics.accuracy});
  out.push_back({split, epoch, "f1", metrics.f1});
  out.push_back({split, epoch, "loss", metrics.loss});
}

std::string format_metrics(const metrics::ClassificationMetrics& metrics) {
  std::ostringstream s;
  s.precision(4);
  s << std::fixed << "loss " << metrics.loss << " mcc " << metrics.mcc << " acc " << metrics.accuracy << " f1 "
    << metrics.f1;
  return s.str();
}

}  // namespace lnc::trainer
