#include "trainer/models/attention.h"

namespace lnc::trainer {

AttentionResult scaled_dot_product(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                   const torch::Tensor& bias, double scale, double dropout_p, bool training,
                                   bool return_probabilities) {
  AttentionResult out;
  const double p = training ? dropout_p : 0.0;
  if (!return_probabilities) {
    std::optional<torch::Tensor> mask;
    if (bias.defined()) mask = bias.to(q.scalar_type());
    out.context = at::scaled_dot_product_attention(q, k, v, mask, p, /*is_causal=*/false, scale);
    return out;
  }
  auto scores = torch::matmul(q, k.transpose(-1, -2)) * scale;
  if (bias.defined()) scores = scores + bias.to(scores.scalar_type());
  out.probabilities = torch::softmax(scores, -1);
  auto probs = p > 0 ? torch::dropout(out.probabilities, p, true) : out.probabilities;
  out.context = torch::matmul(probs, v);
  return out;
}

torch::Tensor additive_padding_mask(const torch::Tensor& attention_mask, torch::ScalarType dtype, double fill) {
  auto m = attention_mask.to(dtype).unsqueeze(1).unsqueeze(2);
  return (1.0 - m) * fill;
}

}  // namespace lnc::trainer
