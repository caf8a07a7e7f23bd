#include "trainer/models/layers.h"

#include "trainer/ops/dropout.h"

#include <ATen/CPUGeneratorImpl.h>

namespace lnc::trainer {
namespace nn = torch::nn;

nn::LayerNorm layer_norm(int64_t width, double eps) { return nn::LayerNorm(nn::LayerNormOptions({width}).eps(eps)); }

AdaptableLinear linear(int64_t in, int64_t out, bool bias) { return adaptable_linear(in, out, bias); }

torch::Tensor apply_dropout(const torch::Tensor& x, double p, bool training) { return inverted_dropout(x, p, training); }

double classifier_dropout(const ModelConfig& c) { return c.classifier_dropout >= 0 ? c.classifier_dropout : c.hidden_dropout; }

namespace {
struct CheckpointFunction : public torch::autograd::Function<CheckpointFunction> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor x, const LayerFunction* fn) {
    auto generator = at::detail::getDefaultCPUGenerator();
    ctx->saved_data["rng"] = generator.get_state();
    ctx->saved_data["fn"] = reinterpret_cast<std::int64_t>(fn);
    ctx->save_for_backward({x});
    torch::NoGradGuard no_grad;
    return (*fn)(x);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad_outputs) {
    auto x = ctx->get_saved_variables()[0].detach().requires_grad_(true);
    const auto* fn = reinterpret_cast<const LayerFunction*>(ctx->saved_data["fn"].toInt());
    auto generator = at::detail::getDefaultCPUGenerator();
    auto now = generator.get_state();
    generator.set_state(ctx->saved_data["rng"].toTensor());
    torch::Tensor y;
    {
      torch::AutoGradMode enable(true);
      y = (*fn)(x);
    }
    generator.set_state(now);
    torch::autograd::backward({y}, {grad_outputs[0]});
    return {x.grad(), torch::Tensor()};
  }
};
}  // namespace

torch::Tensor checkpointed(const LayerFunction& fn, const torch::Tensor& x) {
  // The function object must outlive backward: keep it alive in a shared_ptr captured by the graph's saved data.
  auto owned = std::make_shared<LayerFunction>(fn);
  // A frozen embedding gives an input without grad; the layer's own trainable parameters (LoRA) still need the
  // backward to run, so the boundary input is made differentiable (PEFT's enable_input_require_grads).
  auto input = x.requires_grad() ? x : x.detach().requires_grad_(true);
  auto y = CheckpointFunction::apply(input, owned.get());
  // Tie the lifetime of `owned` to y's grad_fn through a no-op hook on the output.
  if (y.requires_grad()) y.register_hook([owned](torch::Tensor g) { return g; });
  return y;
}

bool recompute_layers(bool checkpointing, bool training, const ForwardOptions& options) {
  return checkpointing && training && torch::GradMode::is_enabled() && !options.attentions && !options.hidden_states;
}

torch::Tensor apply_layer(const LayerFunction& fn, const torch::Tensor& x, bool recompute) {
  return recompute ? checkpointed(fn, x) : fn(x);
}

}  // namespace lnc::trainer
