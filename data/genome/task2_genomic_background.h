#pragma once
// Task 2 (basic): promoters (label 1) vs as many random genomic windows of the same length outside every
// promoter region (label 0; genomic_negatives.h).
#include "data/genome/genome_context.h"
#include "data/genome/gue_positives.h"
#include "data/genome/task_dataset.h"

namespace lnc::data {

TaskDataset build_task2(const GenomeContext& ctx, const GuePositives* gue, std::int64_t length);

}  // namespace lnc::data
