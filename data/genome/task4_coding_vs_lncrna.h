#pragma once
// Task 4 (hard): promoters of protein-coding genes (label 1; coding_biotypes) vs lncRNA genes (label 0;
// lncrna_biotypes), balanced by deterministic down-sampling of the larger class (class_balance.h).
#include "data/genome/genome_context.h"
#include "data/genome/task_dataset.h"

namespace lnc::data {

TaskDataset build_task4(const GenomeContext& ctx, std::int64_t length);

}  // namespace lnc::data
