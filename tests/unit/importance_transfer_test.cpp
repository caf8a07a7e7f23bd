// How a run's attention importances travel and which test rows they cover: the kImportance message encoding
// (launcher/grid/grid_messages.h), the count announced in the result JSON, and the strided row choice
// (trainer/importance/test_split_importance.h).
#include <gtest/gtest.h>

#include "launcher/grid/grid_messages.h"
#include "trainer/importance/test_split_importance.h"

namespace lnc {
namespace {

TEST(ImportanceTransfer, BytesRoundTripExactly) {
  std::vector<trainer::ImportanceRow> rows{
      {0, 1, 1, {0.5f, 0.25f, -0.0f, 1e-30f}}, {7, 0, 1, {}, "ism_mean"}, {9, 1, 0, {0.125f}, "integrated_gradients"}};
  const std::string bytes = launcher::importance_to_bytes(rows);
  EXPECT_EQ(bytes.size(), launcher::importance_to_bytes_size(rows));
  EXPECT_EQ(bytes.size(), 3 * 40 + 5 * sizeof(float));  // five int64 per record header (the method's code is the fifth)
  auto back = launcher::importance_from_bytes(bytes, 3);
  ASSERT_EQ(back.size(), 3u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(back[i].sample, rows[i].sample);
    EXPECT_EQ(back[i].label, rows[i].label);
    EXPECT_EQ(back[i].prediction, rows[i].prediction);
    EXPECT_EQ(back[i].scores, rows[i].scores);
    EXPECT_EQ(back[i].method, rows[i].method);
  }
  rows[0].method = "shap";  // not a stored method: refused before anything is sent
  EXPECT_THROW(launcher::importance_to_bytes(rows), std::runtime_error);
}

TEST(ImportanceTransfer, WrongCountOrTruncationIsRefused) {
  std::vector<trainer::ImportanceRow> rows{{0, 1, 1, {0.5f, 0.25f}}};
  const std::string bytes = launcher::importance_to_bytes(rows);
  EXPECT_THROW(launcher::importance_from_bytes(bytes, 2), std::runtime_error);
  EXPECT_THROW(launcher::importance_from_bytes(bytes.substr(0, bytes.size() - 1), 1), std::runtime_error);
  EXPECT_THROW(launcher::importance_from_bytes(bytes.substr(0, 20), 1), std::runtime_error);
}

TEST(ImportanceTransfer, ResultJsonAnnouncesTheRowCount) {
  launcher::RunResult r;
  r.status = results::RunStatus::done;
  r.importance_rows = 64;
  auto back = launcher::result_from_json(launcher::result_to_json(r));
  EXPECT_EQ(back.importance_rows, 64);
  // A result from an older leader (no field) announces none.
  auto old = launcher::result_from_json(
      R"({"group":0,"point":0,"status":"done","error":"","seconds":1,"steps":1,"resumed_from_step":0,"metrics":[]})");
  EXPECT_EQ(old.importance_rows, 0);
}

TEST(ImportanceTransfer, RowsAreEvenlyStridedUnderTheCap) {
  EXPECT_EQ(trainer::importance_rows(10, 4), (std::vector<std::int64_t>{0, 2, 5, 7}));
  EXPECT_EQ(trainer::importance_rows(3, 0), (std::vector<std::int64_t>{0, 1, 2}));   // 0 = every row
  EXPECT_EQ(trainer::importance_rows(3, 5), (std::vector<std::int64_t>{0, 1, 2}));   // cap above the split
  EXPECT_TRUE(trainer::importance_rows(0, 5).empty());
  auto rows = trainer::importance_rows(64, 20);
  ASSERT_EQ(rows.size(), 20u);
  EXPECT_EQ(rows.front(), 0);
  EXPECT_EQ(rows.back(), 19 * 64 / 20);
  int odd = 0;
  for (auto r : rows) odd += r % 2;
  EXPECT_EQ(odd, 8);  // rows 3 9 19 25 35 41 51 57: both classes of an alternating file
}

}  // namespace
}  // namespace lnc
