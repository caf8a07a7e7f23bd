#include "results/report/provenance_table.h"

#include <map>
#include <sstream>
#include <vector>

#include "results/store/results_store.h"
#include "results/store/run_provenance.h"

namespace lnc::results {
namespace {

const char* const kKeys[] = {"lnctrain", "libtorch", "cuda", "nccl", "mpi", "hdf5",
                             "device", "hosts", "tokens_sha256", "pretrained_sha256"};

// Hashes shortened; "a=HASH; b=HASH" lists keep their names. Pipes would break the markdown table.
std::string cell(const std::string& key, std::string value) {
  if (key.size() > 7 && key.compare(key.size() - 7, 7, "_sha256") == 0) {
    std::string out;
    std::size_t pos = 0;
    while (pos <= value.size()) {
      const std::size_t end = std::min(value.find("; ", pos), value.size());
      std::string item = value.substr(pos, end - pos);
      const std::size_t eq = item.rfind('=');
      const std::string name = eq == std::string::npos ? "" : item.substr(0, eq + 1);
      const std::string hash = eq == std::string::npos ? item : item.substr(eq + 1);
      out += (out.empty() ? "" : "; ") + name + hash.substr(0, 12);
      pos = end + 2;
    }
    value = out;
  }
  for (auto& c : value)
    if (c == '|') c = '/';
  return value.empty() ? "—" : value;
}

}  // namespace

std::string provenance_markdown(const ResultsStore& store) {
  std::ostringstream s;
  s << "### Provenance\n\n";
  bool any = false;
  std::ostringstream rows;
  for (const auto& run : store.runs()) {
    const auto values = read_provenance(store, run.id);
    if (values.empty()) continue;
    any = true;
    const std::map<std::string, std::string> by_key(values.begin(), values.end());
    rows << "| " << run.id;
    for (const char* key : kKeys) {
      auto it = by_key.find(key);
      rows << " | " << (it == by_key.end() ? "—" : cell(key, it->second));
    }
    rows << " |\n";
  }
  if (!any) return s.str() + "— (no run recorded provenance: recorded from store schema 7)\n";
  s << "| run";
  for (const char* key : kKeys) s << " | " << key;
  s << " |\n|---";
  for (std::size_t i = 0; i < sizeof kKeys / sizeof kKeys[0]; ++i) s << "|---";
  s << "|\n" << rows.str();
  return s.str();
}

}  // namespace lnc::results
