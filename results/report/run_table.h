#pragma once
// The per-run summary: one markdown row per run of the store with its final test metrics (MCC x 100 as the
// paper reports it; accuracy and F1 in %), status and wall time. Missing values are shown as "—".
#include <ostream>
#include <string>

namespace lnc::results {

void print_run_table(const std::string& store_path, std::ostream& out);

}  // namespace lnc::results
