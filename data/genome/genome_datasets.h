#pragma once
// Entry point of `lnctrain prepare` for genome-derived datasets: builds every configured task at every
// configured length into <output_dir>/<task>_<length>/ (train.csv, dev.csv, test.csv, manifest.json; formats
// in task_dataset_writer.h). Deterministic from config.seed: a re-run writes byte-identical files.
// Inputs are read once; their sha256s go into every manifest. A .fai that cannot be written next to the FASTA
// goes to <output_dir>/.faidx/ unless index_dir is set. Decisions: docs/datasets.md.
#include <string>
#include <vector>

#include "config/genome_dataset_config.h"
#include "data/genome/task_dataset_writer.h"

namespace lnc::data {

using config::GenomeDatasetsConfig;

std::vector<BuiltDataset> build_genome_datasets(const GenomeDatasetsConfig& config, const std::string& output_dir);

}  // namespace lnc::data
