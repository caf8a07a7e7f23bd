#pragma once
// A split's classification metrics as a run reports them: four MetricValue rows (mcc, accuracy, f1, loss) in
// RunOutcome::metrics, and the text of the run log's epoch and test lines ("loss 0.6931 mcc 0.0000 acc ...").
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/metrics/classification_metrics.h"
#include "trainer/training_run.h"

namespace lnc::trainer {

void add_metrics(std::vector<MetricValue>& out, const std::string& split, std::optional<std::int64_t> epoch,
                 const metrics::ClassificationMetrics& metrics);

std::string format_metrics(const metrics::ClassificationMetrics& metrics);

}  // namespace lnc::trainer
