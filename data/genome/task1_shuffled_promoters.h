#pragma once
// Task 1 (easy): real promoters (label 1) vs the same promoters shuffled (label 0, one per positive; uniform
// shuffle like GUE, or dinucleotide-preserving with negatives_shuffle = "dinucleotide"). A shuffle keeps the
// source's gene fields and coordinates and always lands in the source's split.
#include "data/genome/genome_context.h"
#include "data/genome/gue_positives.h"
#include "data/genome/task_dataset.h"

namespace lnc::data {

TaskDataset build_task1(const GenomeContext& ctx, const GuePositives* gue, std::int64_t length);

}  // namespace lnc::data
