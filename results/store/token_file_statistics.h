#pragma once
// The dataset builder's statistics, from a token file into the results store (rank 0, when a run on that file is
// recorded; launcher/grid/grid_coordinator.cpp):
//   split_stats    one row per split (train, dev, test as present) and label, plus label -1 for the split's total
//                  (data/token_store/dataset_statistics.h), dataset = the token file's dataset name;
//   dataset_stats  when the file carries expression_stats_tsv (task 3 datasets): two rows per biotype,
//                  dataset '<name>, gene x tissue' (pooled mean / sd of all gene x tissue TPM values) and
//                  '<name>, per-gene mean' (mean / sd of each gene's mean TPM across tissues); n = genes. The study
//                  does not say which of the two its Table 3 reports, so the report shows both beside the paper.
// Threads: the coordinator calls this from its own thread while rank 0's worker may be reading a token file, which
// needs a thread-safe HDF5 build (Debian's libhdf5 serial is: "Threadsafety: yes" in libhdf5.settings; the file is
// opened read-only by both).
// Rows with the same keys are replaced (a re-prepared dataset updates them). Throws InputError naming the file.
#include <string>

namespace lnc::results {

class ResultsStore;

void record_token_file_statistics(ResultsStore& store, const std::string& token_file);

}  // namespace lnc::results
