#pragma once
// A grid point whose model is the TF-IDF logistic-regression baseline (model.family = "lr_tfidf"): trained on the
// token file's train split (its raw sequences), C chosen on dev when several are given, scored on dev and test
// with the same metrics as every model. It runs on the first rank of its group; the others wait.
#include "trainer/training_run.h"

namespace lnc::trainer {

RunOutcome run_baseline(const config::RunConfig& config, cluster::ProcessGroup& group, const RunLogger& log);

}  // namespace lnc::trainer
