// OverlappedGradientSync against the synchronous GradientSync under `mpirun -np 2`: the test binary launches
// itself (suite IntegrationOverlapWorker, which only runs with LNC_OVERLAP_WORKER=1) as two ranks. Each rank
// builds the same small BERT twice (same seed), feeds its own rows, and reduces one copy's gradients with each
// implementation: the gradients must agree within 1e-6, bytes all-reduced per step must equal the trainable
// parameters' bytes, some buckets must have been launched during backward (the overlap), frozen parameters
// must be left alone, a step where one rank has no rows (no backward) must still match, and so must a step of two
// micro-batches (two backward passes accumulated, announced with expect_backward_passes).
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <unistd.h>

#include <cstdlib>

#include "cluster/mpi_environment.h"
#include "cluster/process_group.h"
#include "config/run_config.h"
#include "tests/unit/mpi_launch.h"
#include "trainer/components/gradient_sync.h"
#include "trainer/components/overlapped_gradient_sync.h"
#include "trainer/model_builder.h"

namespace lnc {
namespace {

std::shared_ptr<trainer::SequenceClassifier> small_bert() {
  config::ModelSection section;
  auto& a = section.architecture;
  a.family = "bert";
  a.hidden_size = 32;
  a.num_layers = 2;
  a.num_heads = 2;
  a.intermediate_size = 64;
  a.max_position_embeddings = 64;
  a.hidden_dropout = 0.0;
  a.attention_dropout = 0.0;
  torch::manual_seed(7);
  auto model = trainer::build_classifier(section, 40, 0, 2);
  // Frozen embeddings: only trainable parameters may be reduced.
  for (auto& item : model->named_parameters())
    if (item.key().find("embeddings") != std::string::npos) item.value().set_requires_grad(false);
  return model;
}

std::vector<torch::Tensor> trainable_of(trainer::SequenceClassifier& model) {
  std::vector<torch::Tensor> out;
  for (auto& p : model.parameters())
    if (p.requires_grad()) out.push_back(p);
  return out;
}

void backward_on(trainer::SequenceClassifier& model, int rank, int step) {
  torch::manual_seed(1000 + 10 * step + rank);
  auto ids = torch::randint(1, 40, {3, 12}, torch::kLong);
  auto mask = torch::ones({3, 12}, torch::kLong);
  mask.index_put_({2, torch::indexing::Slice(8)}, 0);
  auto labels = torch::randint(0, 2, {3}, torch::kLong);
  auto logits = model.forward(ids, mask).logits;
  auto loss = torch::nn::functional::cross_entropy(
                  logits, labels, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum)) / 6.0;
  loss.backward();
}

TEST(IntegrationOverlapWorker, MatchesSynchronousGradients) {
  if (!std::getenv("LNC_OVERLAP_WORKER")) GTEST_SKIP() << "runs only as a rank launched by IntegrationOverlappedAllreduce";
  cluster::MpiEnvironment mpi(nullptr, nullptr);
  cluster::DeviceChoice cpu{"cpu", "gloo", false, -1};
  cluster::ProcessGroup group(MPI_COMM_WORLD, cpu, "overlap-test");
  ASSERT_EQ(group.size(), 2);
  torch::set_num_threads(1);

  auto overlapped_model = small_bert();
  auto sync_model = small_bert();
  auto overlapped_params = trainable_of(*overlapped_model);
  auto sync_params = trainable_of(*sync_model);
  std::int64_t trainable_bytes = 0;
  for (auto& p : overlapped_params) trainable_bytes += p.numel() * static_cast<std::int64_t>(p.element_size());
  const std::int64_t bucket_bytes = 16 * 1024;  // several buckets even for this small model
  trainer::OverlappedGradientSync overlapped(overlapped_params, group, bucket_bytes);
  trainer::GradientSync sync(sync_params, group, bucket_bytes);
  ASSERT_GT(overlapped.bucket_count(), 2);
  EXPECT_EQ(overlapped.bytes_per_step(), trainable_bytes);

  for (int step = 0; step < 4; ++step) {
    const bool skip_backward = step == 2 && group.rank() == 1;  // an empty share of a global batch
    const int passes = step == 3 ? 2 : 1;                      // gradient accumulation over two micro-batches
    for (auto& p : overlapped_model->parameters()) p.mutable_grad() = torch::Tensor();
    for (auto& p : sync_model->parameters()) p.mutable_grad() = torch::Tensor();
    overlapped.expect_backward_passes(passes);
    sync.expect_backward_passes(passes);
    for (int pass = 0; pass < passes && !skip_backward; ++pass) {
      backward_on(*overlapped_model, group.rank(), step + 10 * pass);
      backward_on(*sync_model, group.rank(), step + 10 * pass);
    }
    overlapped.allreduce();
    sync.allreduce();
    EXPECT_EQ(overlapped.bytes_last_step(), trainable_bytes) << "step " << step;
    EXPECT_EQ(sync.bytes_last_step(), trainable_bytes) << "step " << step;
    if (!skip_backward) EXPECT_GT(overlapped.buckets_launched_in_backward(), 0) << "step " << step;
    double max_diff = 0;
    for (size_t i = 0; i < overlapped_params.size(); ++i) {
      ASSERT_TRUE(overlapped_params[i].grad().defined());
      max_diff = std::max(max_diff, (overlapped_params[i].grad() - sync_params[i].grad()).abs().max().item<double>());
    }
    EXPECT_LT(max_diff, 1e-6) << "step " << step;
    for (auto& item : overlapped_model->named_parameters())
      if (!item.value().requires_grad()) EXPECT_FALSE(item.value().grad().defined()) << item.key();
    // The sum is the same on both ranks: rank 1's gradients, broadcast, equal rank 0's.
    std::vector<torch::Tensor> g{overlapped_params.back().grad().clone()};
    std::vector<torch::Tensor> mine{g[0].clone()};
    group.broadcast(g, 1);
    EXPECT_LT((g[0] - mine[0]).abs().max().item<double>(), 1e-7);
    std::cout << "rank " << group.rank() << " step " << step << " max |overlapped - sync| = " << max_diff
              << " buckets " << overlapped.bucket_count() << " launched in backward "
              << overlapped.buckets_launched_in_backward() << "\n";
  }
}

TEST(IntegrationOverlappedAllreduce, TwoRanksMatchSynchronousPath) {
  char exe[4096] = {0};
  ASSERT_GT(readlink("/proc/self/exe", exe, sizeof exe - 1), 0);
  auto run = test_paths::run_command(test_paths::mpirun(2) + "-x LNC_OVERLAP_WORKER=1 " + std::string(exe) +
                                     " --gtest_color=no --gtest_filter=IntegrationOverlapWorker.*");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // Both ranks ran the worker (not skipped) and passed.
  size_t passed = 0;
  for (size_t at = run.output.find("[       OK ] IntegrationOverlapWorker"); at != std::string::npos;
       at = run.output.find("[       OK ] IntegrationOverlapWorker", at + 1))
    ++passed;
  EXPECT_EQ(passed, 2u) << run.output;
  EXPECT_EQ(run.output.find("SKIPPED ] IntegrationOverlapWorker"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace lnc
