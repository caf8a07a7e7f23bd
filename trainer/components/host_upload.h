#pragma once
// A host int64 array -> a tensor of the given shape on `device`, without a host synchronisation: on CUDA the array
// is copied into pinned memory and sent with non_blocking on the device's current stream, which orders the copy
// before the kernels queued after it (the caching host allocator keeps the pinned buffer until its copy is done);
// on CPU a copy the tensor owns. The loader's batches (trainer/components/row_forward.h) and DNABERT-2's packed
// index built from host row lengths (trainer/models/packed_rows.h) travel this way.
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>
#include <vector>

namespace lnc::trainer {

at::Tensor upload_int64(const std::vector<std::int64_t>& values, std::vector<std::int64_t> shape,
                        const c10::Device& device);

}  // namespace lnc::trainer
