#pragma once
// The [lora] table of a grid file (no torch here: the config parser includes it).
//   enabled          true when the point has a [lora] table and does not say otherwise (an empty table = LoRA with
//                    the defaults below); a point without a [lora] table fine-tunes in full (every family's default
//                    unless its recipe adds LoRA; the DNABERT family stays full)
//   r, alpha, dropout  PEFT's r, lora_alpha, lora_dropout; scaling = alpha / r
//   target_modules   module-name suffixes as PEFT's target_modules: a module "a.b.query" matches "query" when its
//                    name equals the target or ends with "." + target. DNABERT-2's fused "Wqkv" is a valid target.
//                    A grid file without the key gets its family's FamilySpec::lora_target_modules
//                    (config/model_families.h); the default below is the bert / esm one.
//   modules_to_save  modules trained in full (PEFT modules_to_save; suffix match as PEFT: name ends with the entry).
//                    The classification head ("classifier") is always added, as PEFT does for task_type SEQ_CLS.
//   base_dtype       "fp32" or "bf16": dtype the frozen base weights are held in; LoRA and trainable params stay fp32.
//   export_merged    false: at the end of a run only the PEFT adapter is written (<run dir>/adapter, a few MB);
//                    true: also the merged model (<run dir>/merged, a plain HF directory as large as the base:
//                    2 GB for NT-500M, 10 GB for NT-2.5B in fp32, per grid point, hence off by default).
//                    Not part of the run's hash (it changes what is written, not the results); see
//                    trainer/lora/lora_run_export.h.
// The study's Nucleotide Transformer recipe (family "esm"): enabled, r 8, alpha 16, dropout 0.05, lr 1e-4,
// target_modules query, key, value, dense.
#include <cstdint>
#include <string>
#include <vector>

namespace lnc::config {

struct LoraSettings {
  bool enabled = false;
  std::int64_t r = 8;
  double alpha = 16.0;
  double dropout = 0.05;
  std::vector<std::string> target_modules{"query", "key", "value", "dense"};
  std::vector<std::string> modules_to_save{"classifier"};
  std::string base_dtype = "fp32";
  bool export_merged = false;
};

}  // namespace lnc::config
