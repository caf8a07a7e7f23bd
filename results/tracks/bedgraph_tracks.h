#pragma once
// Per-base importance as genome browser tracks (bedGraph, loadable in IGV and the UCSC browser) for datasets built
// from a genome, whose split CSVs carry chrom, tss and strand (data/genome/task_dataset_writer.cpp; GUE's files
// have none, and get no tracks).
//
// Coordinates: base p of an l-base window lies at offset o = p - (l - 51) from the TSS
// (data/genome/promoter_window.h), i.e. at 1-based position tss + o on a + strand gene and tss - o on a - strand
// one (the window was reverse-complemented). bedGraph is 0-based half-open: one line `chrom start end value` per
// base, start = position - 1. Windows that overlap (neighbouring genes) are averaged per position. Genes on the
// two strands go to two files, <stem>.plus.bedGraph and <stem>.minus.bedGraph, so overlapping genes of opposite
// strands never mix; each file has a `track type=bedGraph name=...` line, then lines sorted by chrom (as text)
// and start. Rows without chrom/tss/strand (tss empty: a window that did not come from a TSS) are skipped.
#include <cstdint>
#include <string>
#include <vector>

#include "results/store/results_store.h"

namespace lnc::results::tracks {

struct GenomicRow {
  std::string chrom;
  std::int64_t tss = 0;  // 1-based
  char strand = '+';
  bool placed = false;   // chrom, tss and strand present
};

// The rows of a dataset CSV with a header naming chrom, tss and strand (quoted fields as the writer quotes them).
// InputError naming the file and line when the columns are missing or a tss is not an integer.
std::vector<GenomicRow> read_genomic_rows(const std::string& csv_path);
// The CSV the token file's test split was tokenized from (its source_file attribute).
std::string test_split_source(const std::string& token_file);

struct TrackFiles {
  std::vector<std::string> written;  // file names
  std::size_t rows = 0, skipped = 0;
};

// Writes <out_dir>/<stem>.plus.bedGraph and .minus.bedGraph from importance rows whose sample indexes `genome`.
TrackFiles write_bedgraph_tracks(const std::vector<ImportanceRecord>& rows, const std::vector<GenomicRow>& genome,
                                 const std::string& track_name, const std::string& out_dir, const std::string& stem);

}  // namespace lnc::results::tracks
