#include "trainer/lora/lora_run_export.h"

#include <ATen/CPUGeneratorImpl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <stdexcept>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "base/remove_tree.h"
#include "trainer/checkpoint/checkpoint_directory.h"
#include "trainer/lora/lora_linear.h"
#include "trainer/lora/peft_adapter.h"
#include "trainer/models/model_directory.h"
#include "trainer/models/model_factory.h"

namespace lnc::trainer {

namespace {

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

// Renames a complete `temp` directory to `final_dir`; an existing `final_dir` is moved aside first (a directory
// cannot be renamed over a non-empty one) and dropped afterwards.
void publish_directory(const std::string& temp, const std::string& final_dir) {
  const std::string old = final_dir + ".old." + std::to_string(::getpid());
  const bool replacing = exists(final_dir);
  if (replacing && ::rename(final_dir.c_str(), old.c_str()) != 0)
    throw InputError(final_dir, 0, "", std::string("cannot move the previous export aside: ") + std::strerror(errno));
  if (::rename(temp.c_str(), final_dir.c_str()) != 0)
    throw InputError(final_dir, 0, "", std::string("cannot rename ") + temp + " into place: " + std::strerror(errno));
  if (replacing) remove_tree(old);
}

void write_adapter(SequenceClassifier& model, const config::RunConfig& config, const std::string& dir) {
  const std::string temp = dir + ".tmp." + std::to_string(::getpid());
  remove_tree(temp);  // left by a killed earlier attempt of this process id
  try {
    make_directories(temp);
    save_peft_adapter(model, config.lora, temp, config.model.pretrained);
    publish_directory(temp, dir);
  } catch (...) {
    remove_tree(temp);
    throw;
  }
}

}  // namespace

std::shared_ptr<SequenceClassifier> merged_copy(const SequenceClassifier& model) {
  std::map<std::string, torch::Tensor> merged;
  torch::NoGradGuard no_grad;
  for (const auto& [name, tensor] : state_dict(model))
    if (name.find(".lora_A.") == std::string::npos && name.find(".lora_B.") == std::string::npos)
      merged[name] = tensor.is_floating_point() ? tensor.detach().to(torch::kCPU, torch::kFloat32)
                                                : tensor.detach().to(torch::kCPU);
  for (const auto& item : model.named_modules("", /*include_self=*/false)) {
    const auto* linear = item.value()->as<AdaptableLinearImpl>();
    if (!linear || !linear->has_lora()) continue;
    auto& w = merged.at(item.key() + ".weight");
    w = w + linear->delta_weight().to(torch::kCPU, torch::kFloat32);  // PEFT merge: W + B A alpha/r
  }
  // A fresh model to load into: its random initialisation must not move the run's random stream.
  auto generator = at::detail::getDefaultCPUGenerator();
  const auto rng_state = generator.get_state();
  auto plain = create_model(model.config());
  generator.set_state(rng_state);
  const auto report = load_state_dict(*plain, merged, "merged LoRA model");
  if (!report.missing.empty() || !report.unexpected.empty() || !report.mismatched.empty())
    throw std::logic_error("merged LoRA model: " + report.summary());
  return plain;
}

void export_lora_run(SequenceClassifier& model, const config::RunConfig& config, const std::string& run_dir,
                     int group_rank, const std::function<void(const std::string&)>& log) {
  if (!config.lora.enabled || run_dir.empty() || group_rank != 0) return;
  const std::string adapter_dir = run_dir + "/adapter";
  write_adapter(model, config, adapter_dir);
  log("LoRA adapter (PEFT format) written to " + adapter_dir);
  if (!config.lora.export_merged) return;
  const std::string merged_dir = run_dir + "/merged";
  save_model_directory(*merged_copy(model), merged_dir, config.model.pretrained);
  log("merged model written to " + merged_dir);
}

}  // namespace lnc::trainer
