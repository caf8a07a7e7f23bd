#pragma once
// `lnctrain predictions`: a run's stored per-sample predictions as CSV, one line per dev then test sequence:
//   split,index,label,prediction,prob_0,prob_1[,prob_2...]
// index = the 0-based row of the split in the token file; prob_c = the best model's probability of class c,
// printed with 9 significant digits (a float32 reads back exactly). The number of prob columns is the largest class
// count among the rows (every row of one run has the same).
#include <cstdint>
#include <string>

namespace lnc::results {

class ResultsStore;

// A run by its id (all digits) or by a prefix of its config hash (the run directory's <hash16>, or shorter when
// unique). InputError naming --run when none or several match.
std::int64_t resolve_run(const ResultsStore& store, const std::string& run);

// InputError naming the store and run when the run has no predictions (not done yet, or recorded by an lnctrain
// before store schema 7).
std::string predictions_csv(const ResultsStore& store, std::int64_t run_id);

}  // namespace lnc::results
