#pragma once
// One task at one window length before it is split and written: its rows (both labels), what was skipped and
// why, and task-specific details for the manifest.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data/genome/promoter_window.h"

namespace lnc::data {

struct DatasetRow {
  std::string sequence;
  int label = 0;
  std::string gene_id, gene_name, biotype;  // empty for rows without a gene (GUE positives, random windows)
  std::string chrom;                        // FASTA name; empty when the row has no coordinates
  std::int64_t tss = 0;                     // 1-based; 0 when the row has no coordinates
  char strand = 0;                          // '+', '-', or 0 when the row has no coordinates
  GenomicInterval window;                   // start 0: no coordinates
  std::int64_t same_group_as = -1;          // index of a row whose split this row must share
  std::string group_key;                    // rows without coordinates: equal keys share a split
};

using SkipCounts = std::map<std::string, std::int64_t>;

struct TaskDataset {
  std::string task;  // "task1".."task4"
  std::int64_t length = 0;
  std::map<int, std::string> label_meaning;
  std::vector<DatasetRow> rows;
  SkipCounts skips;
  nlohmann::json details = nlohmann::json::object();
  std::map<std::string, std::string> extra_files;  // file name -> content, written beside the CSVs

  std::string name() const { return task + "_" + std::to_string(length); }
};

}  // namespace lnc::data
