#pragma once
// The predictions message of the grid protocol (launcher/grid/grid_messages.h): leader -> coordinator, tag
// kPredictions, right after a "done" result (and its importance message, if any) whose JSON announces
// prediction_rows n > 0. n records of
//   {int64 split (0 = dev, 1 = test), int64 sample, int64 label, int64 prediction, int64 classes,
//    float32 probabilities[classes]}
// in native byte order (one binary, one architecture per job). Binary and separate from the JSON for the same
// reason as importance: it grows with the splits (GUE prom_300_notata: 531 + 5,307 rows x 56 bytes = 0.3 MB).
#include <cstdint>
#include <string>
#include <vector>

#include "trainer/prediction_row.h"

namespace lnc::launcher {

std::size_t predictions_to_bytes_size(const std::vector<trainer::PredictionRow>& rows);
std::string predictions_to_bytes(const std::vector<trainer::PredictionRow>& rows);
// Throws std::runtime_error when the bytes do not hold exactly `expected_rows` well-formed records.
std::vector<trainer::PredictionRow> predictions_from_bytes(const std::string& bytes, std::int64_t expected_rows);

}  // namespace lnc::launcher
