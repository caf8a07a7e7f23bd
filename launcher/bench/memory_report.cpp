#include "launcher/bench/memory_report.h"

#include <cstdio>
#include <sstream>

#include "config/lora_settings.h"
#include "launcher/plan/plan_input.h"

namespace lnc::launcher {

PlanInput bench_plan_input(const trainer::MemorySetup& setup, const std::string& device) {
  const auto& b = setup.bench;
  PlanInput in;
  in.model = b.model.architecture;
  in.model.vocab_size = b.vocab_size;
  in.model.num_labels = 2;
  if (b.lora) {
    in.lora = config::LoraSettings{};  // r 8, alpha 16, dropout 0.05: the bench's recipe
    in.lora.enabled = true;
    in.lora.target_modules = config::family_spec(in.model.family).lora_target_modules;
  }
  in.model.pad_token_id = 0;  // as the measurement builds the model
  const auto row = planned_row(b.length, trainer::bench_row_policy(setup));  // the longest row's windows
  in.sequence_tokens = row.tokens_per_window;
  in.windows_per_row = row.windows;
  in.per_rank_batch = b.batch;
  in.micro_batch = setup.micro_batch;
  in.precision = b.bf16 ? "bf16" : "fp32";
  in.activation_checkpointing = setup.activation_checkpointing;
  in.device = device.rfind("cuda", 0) == 0 ? "cuda" : "cpu";
  return in;
}

namespace {
std::string ratio(std::int64_t planned, std::int64_t measured) {
  if (measured <= 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", double(planned) / double(measured));
  return buf;
}
}  // namespace

std::string memory_table(const trainer::MemoryMeasurement& m, const PlanResult& p) {
  std::ostringstream t;
  auto row = [&](const char* name, std::int64_t measured, std::int64_t planned, bool has_measured = true,
                 bool has_plan = true) {
    t << "| " << name << " | " << (has_measured ? std::to_string(measured) : "") << " | "
      << (has_plan ? std::to_string(planned) : "") << " | " << (has_measured && has_plan ? ratio(planned, measured) : "")
      << " |\n";
  };
  t << "## memory (" << m.source << ")\n\n| component | measured bytes | planned bytes | planned / measured |\n"
    << "|---|---|---|---|\n";
  row("parameters", m.parameters, p.weight_bytes);
  row("gradients", m.gradients, p.gradient_bytes);
  row("optimizer state", m.optimizer_state, p.optimizer_bytes);
  row("activations", m.activations, p.activation_bytes);
  row("batch", m.batch, 0, true, false);
  row("after first step", m.after_first_step, p.weight_bytes + p.gradient_bytes + p.optimizer_bytes);
  row("peak", m.peak, p.total_bytes - p.overhead_bytes);
  row("fixed overhead", 0, p.overhead_bytes, false, true);
  if (p.windows_per_row > 1) row("windows per row (count)", 0, p.windows_per_row, false, true);
  if (m.source.rfind("CUDA", 0) == 0) row("reserved peak", m.reserved_peak, 0, true, false);
  return t.str();
}

const char* const kMemoryCsvHeader =
    "family,lora,precision,checkpointing,length,batch,micro_batch,padding_path,source,measured_parameters,"
    "planned_parameters,measured_gradients,planned_gradients,measured_optimizer,planned_optimizer,"
    "measured_activations,planned_activations,measured_peak,planned_peak,planned_over_measured_peak,long_sequences,"
    "windows_per_row\n";

std::string memory_csv_row(const trainer::MemorySetup& s, const trainer::MemoryMeasurement& m, const PlanResult& p) {
  const auto& b = s.bench;
  std::ostringstream c;
  const std::int64_t planned_peak = p.total_bytes - p.overhead_bytes;
  c << b.model.architecture.family << "," << (b.lora ? "yes" : "no") << "," << (b.bf16 ? "bf16" : "fp32") << ","
    << (s.activation_checkpointing ? "on" : "off") << "," << b.length << "," << b.batch << "," << s.micro_batch << ","
    << b.padding_path << "," << m.source << "," << m.parameters << "," << p.weight_bytes << "," << m.gradients << ","
    << p.gradient_bytes << "," << m.optimizer_state << "," << p.optimizer_bytes << "," << m.activations << ","
    << p.activation_bytes << "," << m.peak << "," << planned_peak << "," << ratio(planned_peak, m.peak) << ","
    << s.long_rows.long_sequences << "," << p.windows_per_row << "\n";
  return c.str();
}

}  // namespace lnc::launcher
