#include "trainer/lora/peft_adapter.h"

#include <sys/stat.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/atomic_file.h"
#include "base/input_error.h"
#include "trainer/checkpoint/safetensors_torch.h"

namespace lnc::trainer {

namespace {
const std::string kPrefix = "base_model.model.";

bool is_adapter_tensor(const std::string& name) {
  return name.find(".lora_A.") != std::string::npos || name.find(".lora_B.") != std::string::npos;
}
}  // namespace

void save_peft_adapter(SequenceClassifier& model, const LoraSettings& settings, const std::string& dir,
                       const std::string& base_model_name_or_path) {
  ::mkdir(dir.c_str(), 0755);
  nlohmann::json config = {{"peft_type", "LORA"},
                           {"task_type", "SEQ_CLS"},
                           {"r", settings.r},
                           {"lora_alpha", settings.alpha},
                           {"lora_dropout", settings.dropout},
                           {"target_modules", settings.target_modules},
                           {"modules_to_save", settings.modules_to_save},
                           {"base_model_name_or_path", base_model_name_or_path},
                           {"bias", "none"},
                           {"fan_in_fan_out", false},
                           {"inference_mode", true},
                           {"init_lora_weights", true},
                           {"use_rslora", false},
                           {"use_dora", false}};
  lnc::write_file_atomic(dir + "/adapter_config.json", config.dump(2) + "\n");
  std::vector<std::pair<std::string, torch::Tensor>> tensors;
  for (auto& p : model.named_parameters(/*recurse=*/true))
    if (p.value().requires_grad() || is_adapter_tensor(p.key()))
      tensors.emplace_back(kPrefix + p.key(), p.value().detach().to(torch::kCPU, torch::kFloat32).contiguous());
  save_safetensors(dir + "/adapter_model.safetensors", tensors);
}

LoraSettings load_peft_adapter(SequenceClassifier& model, const std::string& dir) {
  const std::string config_path = dir + "/adapter_config.json";
  std::ifstream in(config_path);
  if (!in) throw lnc::InputError(config_path, 0, "", "cannot open adapter config");
  nlohmann::json config;
  try {
    in >> config;
  } catch (const std::exception& e) {
    throw lnc::InputError(config_path, 0, "", std::string("not JSON: ") + e.what());
  }
  LoraSettings settings;
  settings.enabled = true;
  try {
    if (config.at("peft_type").get<std::string>() != "LORA")
      throw lnc::InputError(config_path, 0, "peft_type", "only LORA adapters are supported");
    if (config.value("fan_in_fan_out", false))
      throw lnc::InputError(config_path, 0, "fan_in_fan_out", "fan_in_fan_out adapters are not supported");
    if (config.value("use_dora", false) || config.value("use_rslora", false))
      throw lnc::InputError(config_path, 0, "use_dora", "DoRA / rsLoRA adapters are not supported");
    settings.r = config.at("r").get<std::int64_t>();
    settings.alpha = config.at("lora_alpha").get<double>();
    settings.dropout = config.value("lora_dropout", 0.0);
    settings.target_modules = config.at("target_modules").get<std::vector<std::string>>();
    settings.modules_to_save.clear();
    if (config.contains("modules_to_save") && !config["modules_to_save"].is_null())
      for (auto& m : config["modules_to_save"].get<std::vector<std::string>>())
        if (m != "score") settings.modules_to_save.push_back(m);  // PEFT's SEQ_CLS default for other heads
  } catch (const nlohmann::json::exception& e) {
    throw lnc::InputError(config_path, 0, "", std::string("bad adapter config: ") + e.what());
  }
  apply_lora(model, settings);

  const std::string weights_path = dir + "/adapter_model.safetensors";
  auto tensors = load_safetensors(weights_path);
  std::map<std::string, torch::Tensor> wanted;
  for (auto& p : model.named_parameters(/*recurse=*/true))
    if (p.value().requires_grad()) wanted[p.key()] = p.value();
  std::set<std::string> seen;
  torch::NoGradGuard no_grad;
  for (auto& [key, value] : tensors) {
    if (key.rfind(kPrefix, 0) != 0) throw lnc::InputError(weights_path, 0, key, "key lacks \"" + kPrefix + "\"");
    std::string name = key.substr(kPrefix.size());
    for (const std::string marker : {".modules_to_save.default.", ".modules_to_save."}) {
      auto pos = name.find(marker);
      if (pos != std::string::npos) name = name.substr(0, pos) + "." + name.substr(pos + marker.size());
    }
    auto pos = name.find(".default.");  // in-memory names, if someone saved a raw state dict
    if (pos != std::string::npos && is_adapter_tensor(name)) name.erase(pos, 8);
    auto it = wanted.find(name);
    if (it == wanted.end()) throw lnc::InputError(weights_path, 0, key, "no trainable parameter of that name");
    if (it->second.sizes() != value.sizes()) {
      std::ostringstream msg;
      msg << "shape " << value.sizes() << " vs model " << it->second.sizes();
      throw lnc::InputError(weights_path, 0, key, msg.str());
    }
    it->second.copy_(value);
    seen.insert(name);
  }
  for (auto& [name, t] : wanted)
    if (!seen.count(name)) throw lnc::InputError(weights_path, 0, kPrefix + name, "missing from the adapter");
  return settings;
}

}  // namespace lnc::trainer
