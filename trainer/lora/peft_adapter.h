#pragma once
// LoRA adapters in PEFT's on-disk format (checked against PEFT 0.21.2 save_pretrained on a tiny
// EsmForSequenceClassification), so an adapter trained here loads with PeftModel.from_pretrained and back here.
//
// <dir>/adapter_config.json: {"peft_type": "LORA", "task_type": "SEQ_CLS", "r", "lora_alpha", "lora_dropout",
//   "target_modules": [...], "modules_to_save": [...], "base_model_name_or_path", "bias": "none",
//   "fan_in_fan_out": false, "inference_mode": true, "init_lora_weights": true, "use_rslora": false,
//   "use_dora": false}
// <dir>/adapter_model.safetensors (metadata {"format": "pt"}), fp32 tensors:
//   base_model.model.<module>.lora_A.weight [r, in]   base_model.model.<module>.lora_B.weight [out, r]
//     (PEFT's in-memory ".lora_A.default.weight" with the adapter name dropped, as PEFT saves it)
//   base_model.model.<saved module>.<param>   every parameter of a modules_to_save module, e.g.
//     base_model.model.classifier.dense.weight (PEFT 0.21 saves the ModulesToSaveWrapper copy under the
//     original module path; older PEFT wrote ".modules_to_save." in the path, which the reader also accepts).
// Frozen base weights are not in the adapter: the base comes from the model directory.
#include <string>

#include "trainer/lora/apply_lora.h"

namespace lnc::trainer {

void save_peft_adapter(SequenceClassifier& model, const LoraSettings& settings, const std::string& dir,
                       const std::string& base_model_name_or_path);

// Reads adapter_config.json, attaches LoRA to `model` (a plain base model) with those settings and copies the
// adapter tensors in. Throws lnc::InputError naming the file and key for a missing, unknown or mis-shaped tensor.
LoraSettings load_peft_adapter(SequenceClassifier& model, const std::string& dir);

}  // namespace lnc::trainer
