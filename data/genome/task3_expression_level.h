#pragma once
// Task 3 (medium): promoters of highly expressed genes (label 1) vs lowly expressed genes (label 0), classes
// from expression_classes.h; with task3_balance the larger class is down-sampled (class_balance.h) after
// windows are taken, as the study's equal class sizes suggest. Writes expression_stats.tsv beside the CSVs.
#include "data/genome/expression_classes.h"
#include "data/genome/genome_context.h"
#include "data/genome/task_dataset.h"

namespace lnc::data {

TaskDataset build_task3(const GenomeContext& ctx, const GtexGct& gct, const ExpressionClasses& classes,
                        std::int64_t length);

}  // namespace lnc::data
