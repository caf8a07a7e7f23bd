// Fuzzes a checkpoint's progress.json -> TrainingProgress (trainer/checkpoint/training_progress.cpp), the state a
// resumed run continues from. Bad input: lnc::InputError. What is accepted must survive writing and reading back
// unchanged (the resume path relies on that round trip being exact).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "base/input_error.h"
#include "trainer/checkpoint/training_progress.h"

namespace {

bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lnc::trainer::TrainingProgress first;
  try {
    first = lnc::trainer::progress_from_json(std::string(reinterpret_cast<const char*>(data), size), "progress.json");
  } catch (const lnc::InputError&) {
    return 0;
  }
  const auto again = lnc::trainer::progress_from_json(lnc::trainer::progress_to_json(first), "progress.json");
  if (again.config_hash != first.config_hash || again.group_size != first.group_size || again.step != first.step ||
      again.epoch != first.epoch || again.batch != first.batch || again.total_steps != first.total_steps ||
      !same(again.best_dev_loss, first.best_dev_loss) || again.best_epoch != first.best_epoch ||
      again.metrics.size() != first.metrics.size())
    std::abort();
  for (std::size_t i = 0; i < first.metrics.size(); ++i)
    if (again.metrics[i].split != first.metrics[i].split || again.metrics[i].epoch != first.metrics[i].epoch ||
        again.metrics[i].name != first.metrics[i].name || !same(again.metrics[i].value, first.metrics[i].value))
      std::abort();
  return 0;
}
