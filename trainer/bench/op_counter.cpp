#include "trainer/bench/op_counter.h"

#include <ATen/record_function.h>

#include <atomic>
#include <cstring>
#include <stdexcept>

#include "trainer/components/host_read.h"

namespace lnc::trainer {
namespace {

std::atomic<std::int64_t> aten_ops{0}, host_syncs{0};
std::atomic<bool> counting{false};
thread_local int open_aten_ops = 0;  // aten records started and not yet ended on this thread

bool is_aten(const char* name) { return std::strncmp(name, "aten::", 6) == 0; }

bool is_host_sync(const char* name) {
  static const char* const kSyncs[] = {"aten::item",          "aten::_local_scalar_dense", "aten::is_nonzero",
                                       "aten::equal",         "aten::nonzero",             "aten::masked_select",
                                       "aten::_unique2",      kHostReadScope};
  for (const char* s : kSyncs)
    if (std::strcmp(name, s) == 0) return true;
  return false;
}

struct AtenContext : at::ObserverContext {};

std::unique_ptr<at::ObserverContext> on_start(const at::RecordFunction& fn) {
  const char* name = fn.name();
  if (open_aten_ops == 0 && is_host_sync(name)) ++host_syncs;
  if (!is_aten(name)) return nullptr;
  ++aten_ops;
  ++open_aten_ops;
  return std::make_unique<AtenContext>();  // marks the end callback of an aten record
}

void on_end(const at::RecordFunction&, at::ObserverContext* context) {
  if (context) --open_aten_ops;
}

}  // namespace

OpCounter::OpCounter() {
  if (counting.exchange(true)) throw std::logic_error("OpCounter: another counter is alive");
  aten_ops = 0;
  host_syncs = 0;
  handle_ = at::addGlobalCallback(at::RecordFunctionCallback(on_start, on_end)
                                      .needsInputs(false)
                                      .scopes({at::RecordScope::FUNCTION, at::RecordScope::USER_SCOPE}));
}

OpCounter::~OpCounter() {
  at::removeCallback(handle_);
  counting = false;
}

OpCounts OpCounter::counts() const { return {aten_ops.load(), host_syncs.load()}; }

}  // namespace lnc::trainer
