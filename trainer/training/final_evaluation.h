#pragma once
// After the last epoch: the parameters of the best epoch (lowest dev loss) are put back into the model, the
// LoRA exports written (trainer/lora/lora_run_export.h; with a RunControl only), the model evaluated on dev and
// test (RunOutcome metrics with no epoch), "best epoch E | test ..." logged, and the test split's attention
// importance recorded ([evaluation] importance). Throws "diverged: no epoch gave a finite dev loss" when no
// epoch did. Every rank calls it.
#include "config/run_config.h"
#include "trainer/training/epoch_evaluation.h"
#include "trainer/training_run.h"

namespace lnc::trainer {

struct RunControl;

void evaluate_best_model(const EvaluationContext& context, const config::RunConfig& config, const RunControl* control,
                         const BestModel& best, RunOutcome& out);

}  // namespace lnc::trainer
