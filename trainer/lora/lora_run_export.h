#pragma once
// What a finished LoRA run leaves in its run directory (<output_dir>/<hash16>/, beside config.toml and log.txt).
// Written once, by rank 0 of the group (every rank holds the same parameters), after the parameters of the epoch
// with the lowest dev loss are restored: the exported adapter is the one the run evaluated on test.
//
//   <run dir>/adapter/                 every run with [lora] enabled
//     adapter_config.json              PEFT's LoraConfig: peft_type LORA, task_type SEQ_CLS, r, lora_alpha,
//                                      lora_dropout, target_modules, modules_to_save, base_model_name_or_path
//                                      (= [model] pretrained; "" for a randomly initialised base, which the adapter
//                                      alone cannot rebuild: export the merged model for such runs)
//     adapter_model.safetensors        the trainable tensors (adapters + modules_to_save) under PEFT's key names,
//                                      fp32; format in trainer/lora/peft_adapter.h. Loads with PEFT's
//                                      PeftModel.from_pretrained and with load_peft_adapter here.
//   <run dir>/merged/                  only with [lora] export_merged = true (a full model per grid point is large)
//     config.json, model.safetensors   a plain Hugging Face *ForSequenceClassification directory, no LoRA tensors:
//                                      each adapted weight is W + (B @ A) * alpha / r (PEFT's merge_and_unload,
//                                      computed in fp32), every other tensor the frozen base and the trained head
//                                      as they are; fp32 throughout (a base held in bf16 is widened, exactly)
//     vocab.txt, tokenizer.json, ...   copied from the pretrained directory when it has them, so that
//                                      `lnctrain predict --model <run dir>/merged` runs on the export
//
// Each directory is written under a temporary sibling name and renamed into place, replacing the one of an earlier
// attempt: a reader sees the old complete directory or the new complete one, never a half-written one.
#include <functional>
#include <string>

#include "config/run_config.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

// No-op unless config.lora.enabled and run_dir is set; only group_rank 0 writes. Logs what it wrote.
void export_lora_run(SequenceClassifier& model, const config::RunConfig& config, const std::string& run_dir,
                     int group_rank, const std::function<void(const std::string&)>& log);

// The merged model as a new plain classifier on the CPU (the LoRA model is left as it is).
std::shared_ptr<SequenceClassifier> merged_copy(const SequenceClassifier& model);

}  // namespace lnc::trainer
