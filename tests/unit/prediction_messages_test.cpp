// The grid protocol's predictions message (launcher/grid/prediction_messages.h): round trip and malformed bytes.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "launcher/grid/grid_messages.h"
#include "launcher/grid/prediction_messages.h"

namespace lnc::launcher {
namespace {

std::vector<trainer::PredictionRow> sample_rows() {
  return {{"dev", 0, 1, 1, {0.25f, 0.75f}}, {"dev", 1, 0, 1, {0.4f, 0.6f}}, {"test", 0, 2, 0, {0.5f, 0.3f, 0.2f}}};
}

TEST(PredictionMessages, RoundTripKeepsEveryField) {
  const auto rows = sample_rows();
  const std::string bytes = predictions_to_bytes(rows);
  EXPECT_EQ(bytes.size(), predictions_to_bytes_size(rows));
  const auto back = predictions_from_bytes(bytes, 3);
  ASSERT_EQ(back.size(), 3u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(back[i].split, rows[i].split);
    EXPECT_EQ(back[i].sample, rows[i].sample);
    EXPECT_EQ(back[i].label, rows[i].label);
    EXPECT_EQ(back[i].prediction, rows[i].prediction);
    EXPECT_EQ(back[i].probabilities, rows[i].probabilities);
  }
  EXPECT_TRUE(predictions_from_bytes("", 0).empty());
}

TEST(PredictionMessages, BadInputMalformedBytesThrow) {
  const std::string bytes = predictions_to_bytes(sample_rows());
  EXPECT_THROW(predictions_from_bytes(bytes, 2), std::runtime_error);                       // count differs
  EXPECT_THROW(predictions_from_bytes(bytes.substr(0, bytes.size() - 4), 3), std::runtime_error);  // overrun
  EXPECT_THROW(predictions_from_bytes(bytes.substr(0, 12), 1), std::runtime_error);        // truncated header
  std::string bad_split = bytes;
  bad_split[0] = 7;
  EXPECT_THROW(predictions_from_bytes(bad_split, 3), std::runtime_error);
}

TEST(PredictionMessages, ResultJsonCarriesRowsCurveAndProvenance) {
  RunResult r;
  r.status = results::RunStatus::done;
  r.prediction_rows = 5838;
  r.curve = {{10, 0.69, 1e-3, 2.5, 4.0}, {20, 0.5, 5e-4, std::numeric_limits<double>::quiet_NaN(), 4.5}};
  r.device = "NVIDIA H200 (cuda:0)";
  r.hosts = "node1 (ranks 0-1), node2 (ranks 2-3)";
  const auto back = result_from_json(result_to_json(r));
  EXPECT_EQ(back.prediction_rows, 5838);
  ASSERT_EQ(back.curve.size(), 2u);
  EXPECT_EQ(back.curve[0].step, 10);
  EXPECT_EQ(back.curve[0].lr, 1e-3);  // exact: 17 significant digits
  EXPECT_EQ(back.curve[1].train_loss, 0.5);
  EXPECT_TRUE(std::isnan(back.curve[1].grad_norm));  // NaN travels as null
  EXPECT_EQ(back.device, r.device);
  EXPECT_EQ(back.hosts, r.hosts);
}

}  // namespace
}  // namespace lnc::launcher
