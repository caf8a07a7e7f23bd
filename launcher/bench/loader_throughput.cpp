#include "launcher/bench/loader_throughput.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "data/batching/global_batch_plan.h"
#include "data/random/deterministic_rng.h"
#include "data/token_store/token_store.h"

namespace lnc::launcher {

LoaderThroughput measure_loader_throughput(const std::string& scratch_file, std::int64_t rows, std::int64_t length,
                                           std::int64_t batch, std::uint64_t seed) {
  data::DeterministicRng rng(seed, "bench/loader");
  data::TokenStoreInfo info;
  info.dataset = "bench";
  info.tokenizer = "kmer";
  info.k = 3;
  info.vocab_size = 69;
  info.pad_id = 0;
  info.vocab_sha256 = std::string(64, '0');
  data::TokenizedSplit train;
  train.name = "train";
  train.source_file = "generated";
  train.source_sha256 = std::string(64, '0');
  const std::int64_t shortest = std::max<std::int64_t>(1, length / 2);
  for (std::int64_t r = 0; r < rows; ++r) {
    const auto n = shortest + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(length - shortest + 1)));
    std::vector<std::int32_t> ids(static_cast<size_t>(n));
    std::string bases;  // the file format carries each row's bases: 3 per 3-mer id, as a k=3 tokenizer would
    for (auto& id : ids) {
      id = 5 + static_cast<std::int32_t>(rng.below(64));
      for (int shift = 4; shift >= 0; shift -= 2) bases += "ACGT"[((id - 5) >> shift) & 3];
    }
    train.ids.push_back(std::move(ids));
    train.sequences.push_back(std::move(bases));
    train.labels.push_back(static_cast<std::int32_t>(r % 2));
  }
  data::TokenizedSplit dev = train, test = train;  // the reader validates all three splits' presence
  dev.name = "dev";
  test.name = "test";
  data::write_token_store(scratch_file, info, {train, dev, test});

  LoaderThroughput out;
  data::TokenStoreReader reader(scratch_file);
  data::GlobalBatchPlan plan(rows, batch, seed);
  const auto order = plan.epoch_order(0);
  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t b = 0; b < plan.batches_per_epoch(); ++b) {
    auto tokens = reader.read_rows("train", plan.global_batch(order, b));
    out.rows += static_cast<std::int64_t>(tokens.rows.size());
    for (auto m : tokens.attention_mask) out.tokens += m;
    ++out.batches;
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::remove(scratch_file.c_str());
  return out;
}

}  // namespace lnc::launcher
