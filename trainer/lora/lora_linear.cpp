#include "trainer/lora/lora_linear.h"

#include <cmath>
#include <stdexcept>

#include <torch/nn/init.h>

#include "trainer/ops/dropout.h"

namespace lnc::trainer {

torch::Tensor AdaptableLinearImpl::forward(const torch::Tensor& input) {
  // A frozen base held in bf16 takes its input in its own dtype (the head and adapters stay fp32).
  auto out = torch::nn::LinearImpl::forward(input.scalar_type() == weight.scalar_type() ? input
                                                                                          : input.to(weight.scalar_type()));
  if (!lora_A_) return out;
  // Same operation order as PEFT's Linear.forward: lora_B(lora_A(dropout(x))) * scaling, added to the base output.
  auto x = input.to(lora_A_->weight.scalar_type());
  auto lora = lora_B_(lora_A_(inverted_dropout(x, hyper_.dropout, is_training()))) * hyper_.scaling();
  return out + lora.to(out.scalar_type());
}

void AdaptableLinearImpl::attach_lora(const LoraHyper& hyper) {
  if (lora_A_) throw std::logic_error("attach_lora: module already has a LoRA adapter");
  if (hyper.r <= 0) throw std::invalid_argument("attach_lora: r must be positive");
  hyper_ = hyper;
  const auto in = options.in_features(), out = options.out_features();
  // fp32 adapters even when the frozen base is held in bf16; same device as the base.
  auto device = weight.device();
  lora_A_ = register_module("lora_A", torch::nn::Linear(torch::nn::LinearOptions(in, hyper.r).bias(false)));
  lora_B_ = register_module("lora_B", torch::nn::Linear(torch::nn::LinearOptions(hyper.r, out).bias(false)));
  {
    torch::NoGradGuard no_grad;
    torch::nn::init::kaiming_uniform_(lora_A_->weight, std::sqrt(5.0));
    lora_B_->weight.zero_();
  }
  lora_A_->to(device);
  lora_B_->to(device);
}

torch::Tensor AdaptableLinearImpl::delta_weight() const {
  if (!lora_A_) throw std::logic_error("delta_weight: no LoRA adapter attached");
  return torch::matmul(lora_B_->weight, lora_A_->weight) * hyper_.scaling();
}

void AdaptableLinearImpl::merge_and_unload() {
  if (!lora_A_) return;
  {
    torch::NoGradGuard no_grad;
    weight.add_(delta_weight().to(weight.scalar_type()));
  }
  unregister_module("lora_A");
  unregister_module("lora_B");
  lora_A_ = nullptr;
  lora_B_ = nullptr;
}

}  // namespace lnc::trainer
