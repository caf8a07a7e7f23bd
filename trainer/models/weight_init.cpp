#include "trainer/models/weight_init.h"

#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

namespace lnc::trainer {
namespace nn = torch::nn;

namespace {
void init_one(nn::Module* m, double std) {
  if (auto* lin = m->as<nn::Linear>()) {
    lin->weight.normal_(0.0, std);
    if (lin->bias.defined()) lin->bias.zero_();
  } else if (auto* emb = m->as<nn::Embedding>()) {
    emb->weight.normal_(0.0, std);
    if (emb->options.padding_idx()) emb->weight[*emb->options.padding_idx()].zero_();
  } else if (auto* ln = m->as<nn::LayerNorm>()) {
    if (ln->weight.defined()) ln->weight.fill_(1.0);
    if (ln->bias.defined()) ln->bias.zero_();
  }
}
}  // namespace

void init_hf_weights(nn::Module& module, double std) {
  torch::NoGradGuard no_grad;
  // include_self=false: modules(true) needs the module in a shared_ptr, which a constructor does not have yet.
  init_one(&module, std);
  for (auto& m : module.modules(/*include_self=*/false)) init_one(m.get(), std);
}

}  // namespace lnc::trainer
