#include "launcher/grid/provenance_rows.h"

#include "base/input_error.h"
#include "trainer/tracking/software_versions.h"

namespace lnc::launcher {

results::ProvenanceRows provenance_rows(results::ResultsStore& store, const config::RunConfig& run,
                                        const std::string& device, const std::string& hosts,
                                        std::vector<std::string>& problems) {
  static const auto versions = trainer::software_versions();  // the same for every run of the job
  results::ProvenanceRows rows(versions.begin(), versions.end());
  if (!device.empty()) rows.emplace_back("device", device);
  if (!hosts.empty()) rows.emplace_back("hosts", hosts);
  try {
    if (!run.data.tokens.empty()) rows.emplace_back("tokens_sha256", results::cached_file_sha256(store, run.data.tokens));
  } catch (const InputError& e) {
    problems.push_back(std::string("token file not hashed: ") + e.what());
  }
  try {
    if (!run.model.pretrained.empty()) {
      const std::string weights = results::weights_sha256(store, run.model.pretrained);
      if (!weights.empty()) rows.emplace_back("pretrained_sha256", weights);
    }
  } catch (const InputError& e) {
    problems.push_back(std::string("pretrained weights not hashed: ") + e.what());
  }
  return rows;
}

}  // namespace lnc::launcher
