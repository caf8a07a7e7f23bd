#pragma once
// A padded batch with its padding removed, as upstream DNABERT-2's bert_padding.py unpad_input / pad_input: the
// real tokens of every row packed in row-major order into one [total_tokens, ...] tensor, so that per-token work
// (projections, LayerNorms, MLP) is done only for real tokens. Built once per forward: from the rows' lengths when
// the caller knows them on the host (the training path: ForwardOptions::row_lengths), so nothing is read back from
// the device, else from the attention mask (one device-to-host read, counted as a host synchronisation).
#include <torch/torch.h>

#include <vector>

namespace lnc::trainer {

// How a family that can drop padding (DNABERT-2) computes a batch that has padding; choose_padding_path in
// trainer/models/attention.h resolves `automatic`. Families without an unpadded path always compute padded.
enum class PaddingPath { automatic, padded, unpadded_repadded_attention, unpadded_per_row_attention };

struct PackedRows {
  torch::Tensor mask;            // [B, L] the attention mask it was built from (1 = real token)
  torch::Tensor indices;         // [T] int64 flat positions b * L + i of the real tokens, ascending
  std::vector<int64_t> lengths;  // real tokens per row, on the host
  int64_t batch = 0, length = 0, total = 0;
  bool right_padded = true;      // every row is its real tokens then only padding (row b = positions 0..lengths[b]-1)

  static PackedRows from_mask(const torch::Tensor& attention_mask);
  // The same layout for right-padded rows of these lengths (attention_mask's row sums, not re-checked): indices
  // built on the host and uploaded without a synchronisation (trainer/components/host_upload.h). std::invalid_argument
  // when there is not one length in [0, L] per row.
  static PackedRows from_lengths(const torch::Tensor& attention_mask, const std::vector<int64_t>& lengths);
  // from_lengths when `lengths` is not empty, else from_mask.
  static PackedRows from(const torch::Tensor& attention_mask, const std::vector<int64_t>& lengths);
  bool has_padding() const { return total < batch * length; }
  // [B, L, ...] -> [T, ...]
  torch::Tensor unpad(const torch::Tensor& padded) const;
  // [T, ...] -> [B, L, ...] with zeros at padded positions (differentiable in `packed`).
  torch::Tensor pad(const torch::Tensor& packed) const;
};

}  // namespace lnc::trainer
