#pragma once
// Store schema 5 keys runs by identity version 2 (config/run_identity.h: the typed config with defaults and preset
// dimensions filled in); older stores keyed them by identity version 1 (the sha256 of the resolved TOML as written)
// and kept that text in runs.config_text. Opening an older store recomputes each run's identity from that text, so a
// run whose config resolves to the same values as a grid point today is found by it (done runs stay done). Opened for
// writing, the store is re-keyed in place (results/store/results_store.cpp); opened read-only (dry run, report),
// the same new keys are applied in memory only.
//
// What keeps its old key (and so is never matched by a grid point again, but stays in the store with its results):
//   - a run whose stored text no longer parses as a run config (a removed key, a value no longer valid);
//   - when several runs resolve to the same identity (they differed only in spelling, in a default written out,
//     or in training.device / threads_per_rank, which identity 2 leaves out), all but one: the one that takes the
//     new key is the first by status (done, failed, running, queued), then the lowest id.
// Identity version 3 (config/run_identity.h) added the [data] long-row fields. A store keyed by version 2
// (meta.identity_version = 2) has each run's text rewritten to version 3 with those fields at their defaults
// (config::identity_of_version2_text): exactly the identity a grid point gets today when it leaves the keys unset,
// so done runs stay done. No two version-2 texts map to one version-3 text, so no run keeps its old key here,
// except one whose text is not a version-2 identity text (it keeps its key, as above).
// Run directories (<output_dir>/<hash16>/) are not renamed: an unfinished run restarts in its new directory.
#include <cstdint>
#include <string>
#include <vector>

namespace lnc::results {

struct StoredRunKey {
  std::int64_t id = 0;
  std::string hash, text, status;
};

struct RunRekey {
  std::int64_t id = 0;
  std::string hash, text;  // the new key and identity text
};

// The runs of a version-1 store that get a new key (rules above), in id order.
std::vector<RunRekey> plan_version1_rekeying(const std::vector<StoredRunKey>& runs);

// The runs of a version-2 store that get a new key (rules above), in id order.
std::vector<RunRekey> plan_version2_rekeying(const std::vector<StoredRunKey>& runs);

}  // namespace lnc::results
