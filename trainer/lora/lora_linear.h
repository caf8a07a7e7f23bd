#pragma once
// A torch::nn::Linear that can carry a LoRA adapter (PEFT semantics). The model families declare their linear
// layers as AdaptableLinear so LoRA can be attached after construction without touching the models' forward code:
// without an adapter it is exactly nn::Linear (same parameter names "weight"/"bias", same math).
//
// With an adapter:  y = x W^T + b + dropout(x) A^T B^T * (alpha / r)
//   A = lora_A.weight [r, in]  (kaiming-uniform a=sqrt(5), as nn.Linear's default init and PEFT's init_lora_weights)
//   B = lora_B.weight [out, r] (zeros, so the adapted model starts equal to the base)
// In-memory names are "<module>.lora_A.weight" / "<module>.lora_B.weight"; PEFT's saved adapter key is the same
// name prefixed with "base_model.model." (PEFT drops the adapter name "default" when saving), see peft_adapter.h.
// The base weight and bias keep their HF names (not PEFT's in-memory "base_layer.weight") so the frozen base is
// still loaded and saved by model_directory unchanged.
#include <torch/nn/modules/linear.h>

namespace lnc::trainer {

struct LoraHyper {
  int64_t r = 8;
  double alpha = 16.0;
  double dropout = 0.0;
  double scaling() const { return alpha / static_cast<double>(r); }
};

class AdaptableLinearImpl : public torch::nn::LinearImpl {
 public:
  using torch::nn::LinearImpl::LinearImpl;
  torch::Tensor forward(const torch::Tensor& input);

  // Registers lora_A / lora_B below this module (the adapter's dropout, trainer/ops/dropout.h, has no state); the base weight/bias are left untouched.
  void attach_lora(const LoraHyper& hyper);
  bool has_lora() const { return !lora_A_.is_empty(); }
  torch::nn::Linear lora_A() const { return lora_A_; }
  torch::nn::Linear lora_B() const { return lora_B_; }
  // B @ A * scaling, [out, in] (PEFT's get_delta_weight).
  torch::Tensor delta_weight() const;
  // W += delta and drop the adapter: afterwards this is a plain Linear with the merged weight (PEFT merge_and_unload).
  void merge_and_unload();

 private:
  LoraHyper hyper_;
  torch::nn::Linear lora_A_{nullptr}, lora_B_{nullptr};
};
TORCH_MODULE(AdaptableLinear);

// Convenience for the model families: Linear(in, out) with or without bias.
inline AdaptableLinear adaptable_linear(int64_t in, int64_t out, bool bias = true) {
  return AdaptableLinear(torch::nn::LinearOptions(in, out).bias(bias));
}

}  // namespace lnc::trainer
