#include "trainer/models/packed_rows.h"

#include <ATen/record_function.h>

#include <stdexcept>
#include <string>

#include "trainer/components/host_read.h"
#include "trainer/components/host_upload.h"

namespace lnc::trainer {

PackedRows PackedRows::from_mask(const torch::Tensor& attention_mask) {
  PackedRows rows;
  rows.mask = attention_mask;
  rows.batch = attention_mask.size(0);
  rows.length = attention_mask.size(1);
  // A device-to-host read of the mask on CUDA (counted as such by lnctrain bench's op counter).
  RECORD_USER_SCOPE(kHostReadScope);
  auto host = attention_mask.to(torch::kCPU, torch::kInt64).contiguous();
  const auto* m = host.data_ptr<int64_t>();
  std::vector<int64_t> flat;
  rows.lengths.assign(static_cast<size_t>(rows.batch), 0);
  for (int64_t b = 0; b < rows.batch; ++b) {
    for (int64_t i = 0; i < rows.length; ++i) {
      if (m[b * rows.length + i] == 0) continue;
      if (i != rows.lengths[static_cast<size_t>(b)]) rows.right_padded = false;  // a real token after padding
      flat.push_back(b * rows.length + i);
      ++rows.lengths[static_cast<size_t>(b)];
    }
  }
  rows.total = static_cast<int64_t>(flat.size());
  rows.indices = upload_int64(flat, {rows.total}, attention_mask.device());
  return rows;
}

PackedRows PackedRows::from_lengths(const torch::Tensor& attention_mask, const std::vector<int64_t>& lengths) {
  PackedRows rows;
  rows.mask = attention_mask;
  rows.batch = attention_mask.size(0);
  rows.length = attention_mask.size(1);
  if (static_cast<int64_t>(lengths.size()) != rows.batch)
    throw std::invalid_argument("packed rows: " + std::to_string(lengths.size()) + " row lengths for a batch of " +
                                std::to_string(rows.batch) + " rows");
  std::vector<int64_t> flat;
  for (int64_t b = 0; b < rows.batch; ++b) {
    const int64_t n = lengths[static_cast<size_t>(b)];
    if (n < 0 || n > rows.length)
      throw std::invalid_argument("packed rows: row " + std::to_string(b) + " has length " + std::to_string(n) +
                                  " in a batch of width " + std::to_string(rows.length));
    for (int64_t i = 0; i < n; ++i) flat.push_back(b * rows.length + i);
  }
  rows.lengths = lengths;
  rows.total = static_cast<int64_t>(flat.size());
  rows.indices = upload_int64(flat, {rows.total}, attention_mask.device());
  return rows;
}

PackedRows PackedRows::from(const torch::Tensor& attention_mask, const std::vector<int64_t>& lengths) {
  return lengths.empty() ? from_mask(attention_mask) : from_lengths(attention_mask, lengths);
}

torch::Tensor PackedRows::unpad(const torch::Tensor& padded) const {
  return padded.flatten(0, 1).index_select(0, indices);
}

torch::Tensor PackedRows::pad(const torch::Tensor& packed) const {
  auto shape = packed.sizes().vec();
  shape[0] = batch * length;
  auto out = torch::zeros(shape, packed.options()).index_copy(0, indices, packed);
  shape[0] = length;
  shape.insert(shape.begin(), batch);
  return out.view(shape);
}

}  // namespace lnc::trainer
