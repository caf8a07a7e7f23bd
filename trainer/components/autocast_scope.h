#pragma once
// Mixed precision for one forward pass ([training] precision = "bf16"): while an AutocastScope lives, eligible ops
// (matmuls, linear, attention) on `device` run in bfloat16 and the parameters stay float32 (the master weights the
// optimizer updates). Backward runs outside the scope, as autocast expects. Nested scopes restore the state they
// found; the cast cache is cleared when the outermost scope ends. Disabled scopes do nothing.
#include <c10/core/DeviceType.h>
#include <c10/core/ScalarType.h>

namespace lnc::trainer {

class AutocastScope {
 public:
  AutocastScope(bool enabled, c10::DeviceType device);
  ~AutocastScope();
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

 private:
  bool enabled_;
  c10::DeviceType device_;
  bool previous_enabled_ = false;
  c10::ScalarType previous_dtype_ = c10::ScalarType::BFloat16;
};

}  // namespace lnc::trainer
