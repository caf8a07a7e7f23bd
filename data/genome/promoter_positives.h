#pragma once
// The positives of tasks 1 and 2: the GUE CSV positives when gue_csv is configured (their length must be
// the length being built), otherwise the promoter windows of genes whose biotype is in promoter_biotypes.
#include <cstdint>
#include <vector>

#include "data/genome/genome_context.h"
#include "data/genome/gue_positives.h"
#include "data/genome/task_dataset.h"

namespace lnc::data {

// gue: nullptr when gue_csv is not configured.
std::vector<DatasetRow> promoter_positives(const GenomeContext& ctx, const GuePositives* gue, const std::string& task,
                                           std::int64_t length, SkipCounts& skips);

}  // namespace lnc::data
