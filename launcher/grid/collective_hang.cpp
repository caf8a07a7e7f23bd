#include "launcher/grid/collective_hang.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cluster/collective_watchdog.h"
#include "cluster/mpi_call.h"
#include "launcher/grid/grid_channels.h"

namespace lnc::launcher {

std::string collective_hang_text(const cluster::CollectiveHang& hang, const HangContext& context) {
  std::ostringstream text;
  text.precision(1);
  text << "collective watchdog: group " << context.group << " (world ranks " << context.group_ranks << ")";
  if (!context.point_tag.empty()) text << ", " << context.point_tag;
  text << ": " << hang.collective << " (collective #" << hang.sequence << " of the group)";
  if (hang.step > 0) text << " at step " << hang.step;
  text << " has waited " << std::fixed << hang.waited_seconds << " s (collective_timeout_s = " << hang.timeout_seconds
       << "); did not arrive: ";
  if (hang.missing.empty()) {
    text << "none named";
  } else {
    text << "world rank";
    if (hang.missing.size() > 1) text << "s";
    for (size_t i = 0; i < hang.missing.size(); ++i) text << (i ? ", " : " ") << hang.missing[i];
  }
  text << " (" << hang.detail << "); reported by world rank " << context.world_rank;
  return text.str();
}

void report_collective_hang(const cluster::CollectiveHang& hang, const HangContext& context, GridChannels& channels) {
  const std::string line = collective_hang_text(hang, context);
  std::cerr << "lnctrain: " << line << "; ending the job with exit code " << kExitCollectiveHang << std::endl;
  if (!context.run_dir.empty()) std::ofstream(context.run_dir + "/log.txt", std::ios::app) << line << std::endl;
  try {
    channels.send_hang(Hang{context.group, context.point, hang.step, context.world_rank});
  } catch (const std::exception& e) {
    std::cerr << "lnctrain: could not tell the coordinator: " << e.what() << std::endl;
  }
  // The coordinator ends the job once the other groups are done (at most one timeout later); if it is the rank
  // that stopped, nobody else will.
  std::this_thread::sleep_for(std::chrono::duration<double>(context.timeout_seconds + 30));
  cluster::abort_job("the coordinator did not end the job after a collective hang", kExitCollectiveHang);
}

}  // namespace lnc::launcher
