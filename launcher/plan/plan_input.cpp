#include "launcher/plan/plan_input.h"

#include "trainer/models/hf_config.h"

namespace lnc::launcher {
namespace {

int vocab_for(const config::RunConfig& run) {
  if (run.data.tokenizer == "nt") return 4107;
  if (run.data.tokenizer == "kmer") return (1 << (2 * run.data.k)) + 5;
  return 4096;
}

}  // namespace

PlanInput plan_input(const config::RunConfig& run, std::int64_t ranks, const std::string& precision, double gib_budget) {
  PlanInput in;
  in.model = run.model.pretrained.empty() ? run.model.architecture
                                          : trainer::read_hf_config(run.model.pretrained + "/config.json");
  if (run.model.pretrained.empty()) in.model.vocab_size = vocab_for(run);
  in.lora = run.lora;
  in.sequence_tokens = sequence_tokens(run.data.tokenizer, run.data.length, run.data.k, in.model.max_position_embeddings);
  in.per_rank_batch = (run.training.global_batch_size + ranks - 1) / ranks;
  in.micro_batch = run.training.micro_batch_size;
  in.precision = precision.empty() ? run.training.precision : precision;
  in.activation_checkpointing = run.training.activation_checkpointing;
  in.device_memory_gib = gib_budget;
  in.ranks = ranks;
  in.device = run.training.device == "cpu" ? "cpu" : "cuda";  // the plan is for a device unless the run says CPU
  return in;
}

}  // namespace lnc::launcher
