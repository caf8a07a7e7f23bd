#pragma once
// Keep freed heap memory for reuse, once at start-up (launcher/main.cpp). A training step frees and re-allocates
// the same activation blocks every step; with glibc's defaults, blocks above the (dynamic) mmap threshold are
// unmapped when freed and the top of the heap is trimmed, so the next step page-faults them back in (the kernel's
// page-fault and memcg accounting were ~4% of a DNABERT-2-small step's samples under `perf`). Here the mmap threshold
// is fixed at glibc's largest value (32 MiB on 64-bit) and the trim threshold at 1 GiB: blocks up to 32 MiB are
// recycled from the heap, and up to 1 GiB of freed heap top stays mapped. Peak tensor bytes (the memory plan's
// measure) do not change; resident memory can stay up to that much above the live bytes. The same effect as
// GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824 for any process.
// Returns false if glibc refused a setting, or under AddressSanitizer (its allocator replaces glibc's malloc); the
// process runs on with the allocator's defaults.
namespace lnc {

bool keep_freed_heap_for_reuse();

}  // namespace lnc
