#pragma once
// Writes one split task dataset into <dir>/ (created if missing), every file atomically:
//
// train.csv, dev.csv, test.csv (GUE-compatible: a GUE reader that takes the first two columns works as is)
//   header: sequence,label,gene_id,gene_name,biotype,chrom,tss,strand
//   sequence  upper-case A/C/G/T/N, read 5'->3' on `strand`
//   label     0 or 1 (meaning in manifest.json "labels")
//   gene_*    the gene's id (as in the GTF), name and biotype; empty for GUE positives and random windows
//   chrom     FASTA sequence name; tss 1-based; strand + or -; all three empty for GUE positives.
//             The window is promoter_window(tss, strand, length) (promoter_window.h) for every located row.
//   Fields holding a comma or quote are quoted RFC 4180 style. Row order is the split's shuffled order.
//
// manifest.json (nlohmann-json, keys sorted, 2-space indent; nothing time- or host-dependent, so a re-run
// gives the same bytes):
//   name, task, length, labels {"0","1"}, counts {train|dev|test: {"0","1","total"}}, groups,
//   skips {reason: n}, details {task specific}, files {name: {sha256, rows}}, inputs, chromosomes, config
//   (inputs/chromosomes/config are passed in by the caller, see genome_datasets.h).
// Extra files (task 3: expression_stats.tsv) are written beside and listed under files.
#include <string>

#include "data/genome/dataset_split.h"
#include "data/genome/task_dataset.h"

namespace lnc::data {

struct BuiltDataset {
  std::string name;
  std::string train_csv, dev_csv, test_csv;
  std::string manifest;
};

BuiltDataset write_task_dataset(const TaskDataset& dataset, const SplitAssignment& split, const std::string& dir,
                                const nlohmann::json& shared_manifest);

std::string csv_field(const std::string& value);

}  // namespace lnc::data
