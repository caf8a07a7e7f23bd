#include "results/store/identity_migration.h"

#include <algorithm>
#include <map>
#include <set>

#include "config/run_identity.h"

namespace lnc::results {
namespace {

int status_rank(const std::string& status) {
  if (status == "done") return 0;
  if (status == "failed") return 1;
  if (status == "running") return 2;
  return 3;
}

}  // namespace

std::vector<RunRekey> plan_version1_rekeying(const std::vector<StoredRunKey>& runs) {
  std::set<std::string> old_keys;
  for (const auto& r : runs) old_keys.insert(r.hash);
  std::map<std::string, RunRekey> winner;  // new hash -> the run that takes it
  std::map<std::string, int> winner_rank;
  for (const auto& r : runs) {
    const auto identity = config::identity_of_version1_text(r.text);
    if (!identity || identity->hash == r.hash || old_keys.count(identity->hash)) continue;
    const int rank = status_rank(r.status);
    auto it = winner.find(identity->hash);
    if (it == winner.end() || rank < winner_rank[identity->hash] ||
        (rank == winner_rank[identity->hash] && r.id < it->second.id)) {
      winner[identity->hash] = RunRekey{r.id, identity->hash, identity->text};
      winner_rank[identity->hash] = rank;
    }
  }
  std::vector<RunRekey> out;
  for (auto& [hash, rekey] : winner) out.push_back(std::move(rekey));
  std::sort(out.begin(), out.end(), [](const RunRekey& a, const RunRekey& b) { return a.id < b.id; });
  return out;
}

std::vector<RunRekey> plan_version2_rekeying(const std::vector<StoredRunKey>& runs) {
  std::vector<RunRekey> out;
  for (const auto& r : runs)
    if (const auto identity = config::identity_of_version2_text(r.text)) out.push_back({r.id, identity->hash, identity->text});
  std::sort(out.begin(), out.end(), [](const RunRekey& a, const RunRekey& b) { return a.id < b.id; });
  return out;
}

}  // namespace lnc::results
