#pragma once
// The published numbers of Wang et al. 2024 (arXiv 2411.03522), as restated in docs/study.md; the report prints
// every reproduced cell beside them. MCC, accuracy and F1 are x100; TPM in transcripts per million.
// This file and paper_values.cpp are the only place these numbers appear.
#include <optional>
#include <string>

#include "results/report/study_cells.h"

namespace lnc::results {

// Table 1 (task 3 by promoter length 300/500/1000/2000) and Table 2 (four tasks at 300 bp): test MCC x100.
std::optional<double> paper_mcc(StudyModel model, int task, long length);

// Table 4: DNABERT k-mer sweep on task 2 (300 bp); metric "mcc" | "accuracy" | "f1", x100.
std::optional<double> paper_kmer_sweep(int k, const std::string& metric);

// Table 3: GTEx v8 expression (TPM) per gene biotype ("protein_coding" | "lncRNA"): mean and standard deviation.
struct PaperExpression {
  double mean_tpm, sd_tpm;
};
std::optional<PaperExpression> paper_expression(const std::string& biotype);

}  // namespace lnc::results
