// The grid's wire format (launcher/grid/grid_messages.h), the run status texts (results/run_status.h) and the
// in-process message channel's MPI-like guarantees (cluster/in_process_channel.h).
#include <gtest/gtest.h>

#include <cstring>
#include <thread>

#include "cluster/in_process_channel.h"
#include "launcher/grid/grid_channels.h"
#include "launcher/grid/grid_messages.h"
#include "results/run_status.h"

namespace lnc {
namespace {

using results::RunStatus;

TEST(GridMessages, FixedSizeMessagesAreNativeInt64Arrays) {
  // The bytes are what the MPI_INT64_T messages held before: int64[2] / int64[3].
  const std::string request = launcher::encode(launcher::Request{3, true});
  ASSERT_EQ(request.size(), 16u);
  std::int64_t v[3];
  std::memcpy(v, request.data(), 16);
  EXPECT_EQ(v[0], 3);
  EXPECT_EQ(v[1], 1);
  const auto r = launcher::decode_request(request);
  EXPECT_EQ(r.group, 3);
  EXPECT_TRUE(r.stop);

  const std::string progress = launcher::encode(launcher::Progress{7, 40, 120});
  ASSERT_EQ(progress.size(), 24u);
  std::memcpy(v, progress.data(), 24);
  EXPECT_EQ(v[0], 7);
  EXPECT_EQ(v[2], 120);
  const auto p = launcher::decode_progress(progress);
  EXPECT_EQ(p.step, 40);
  EXPECT_EQ(p.total_steps, 120);

  const auto none = launcher::decode_assignment(launcher::encode(launcher::Assignment{}));
  EXPECT_EQ(none.point, -1);
  const auto a = launcher::decode_assignment(launcher::encode(launcher::Assignment{5, 42}));
  EXPECT_EQ(a.point, 5);
  EXPECT_EQ(a.run_id, 42);
}

TEST(GridMessages, AMessageOfTheWrongSizeIsRefusedNamingIt) {
  try {
    launcher::decode_progress(std::string(16, '\0'));
    FAIL() << "no throw";
  } catch (const cluster::CommunicationError& e) {  // fatal to the job: the sender waits for an answer
    EXPECT_STREQ(e.what(), "progress message: 16 bytes, expected 24");
  }
  EXPECT_THROW(launcher::decode_request(""), cluster::CommunicationError);
  EXPECT_THROW(launcher::decode_assignment(std::string(17, '\0')), cluster::CommunicationError);
}

TEST(GridMessages, ResultJsonCarriesEveryFieldAndTheStatusText) {
  launcher::RunResult r;
  r.group = 2;
  r.point = 9;
  r.status = RunStatus::interrupted;
  r.error = "x \"quoted\"";
  r.seconds = 0.1 + 0.2;
  r.steps = 17;
  r.resumed_from_step = 8;
  r.metrics = {{"test", std::nullopt, "mcc", 0.125}, {"dev", 3, "loss", 1.0 / 3.0}};
  const std::string text = launcher::result_to_json(r);
  EXPECT_NE(text.find("\"status\":\"interrupted\""), std::string::npos) << text;
  const auto back = launcher::result_from_json(text);
  EXPECT_EQ(back.group, 2);
  EXPECT_EQ(back.point, 9);
  EXPECT_EQ(back.status, RunStatus::interrupted);
  EXPECT_EQ(back.error, r.error);
  EXPECT_EQ(back.seconds, r.seconds);  // exact
  EXPECT_EQ(back.steps, 17);
  EXPECT_EQ(back.resumed_from_step, 8);
  ASSERT_EQ(back.metrics.size(), 2u);
  EXPECT_FALSE(back.metrics[0].epoch.has_value());
  EXPECT_EQ(back.metrics[1].epoch, 3);
  EXPECT_EQ(back.metrics[1].value, 1.0 / 3.0);
  // A result carries done, failed or interrupted only.
  EXPECT_ANY_THROW(launcher::result_from_json(
      R"({"group":0,"point":0,"status":"queued","error":"","seconds":1,"steps":1,"resumed_from_step":0,"metrics":[]})"));
  EXPECT_ANY_THROW(launcher::result_from_json(
      R"({"group":0,"point":0,"status":"finished","error":"","seconds":1,"steps":1,"resumed_from_step":0,"metrics":[]})"));
}

TEST(RunStatusText, IsTheStoresVocabularyBothWays) {
  for (auto s : {RunStatus::queued, RunStatus::running, RunStatus::done, RunStatus::failed, RunStatus::interrupted})
    EXPECT_EQ(results::parse_run_status(results::status_text(s)), s);
  EXPECT_STREQ(results::status_text(RunStatus::queued), "queued");
  EXPECT_STREQ(results::status_text(RunStatus::running), "running");
  EXPECT_STREQ(results::status_text(RunStatus::done), "done");
  EXPECT_STREQ(results::status_text(RunStatus::failed), "failed");
  EXPECT_STREQ(results::status_text(RunStatus::interrupted), "interrupted");
  try {
    results::parse_run_status("Done");
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("\"Done\""), std::string::npos) << e.what();
  }
}

TEST(InProcessChannel, KeepsPerSenderOrderAndProbeDoesNotTakeTheMessage) {
  auto ends = cluster::in_process_channels(3);
  ASSERT_EQ(ends.size(), 3u);
  EXPECT_EQ(ends[2]->rank(), 2);
  EXPECT_EQ(ends[2]->size(), 3);
  EXPECT_FALSE(ends[0]->probe().has_value());
  ends[1]->send(0, 7, "first");
  ends[2]->send(0, 8, "other");
  ends[1]->send(0, 7, "second");
  ends[1]->send(0, 9, std::string("\0bin\0", 5));
  auto head = ends[0]->probe();
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->source, 1);
  EXPECT_EQ(head->tag, 7);
  EXPECT_EQ(ends[0]->probe()->tag, 7);  // still there
  // A receive takes the first message from that source with that tag, whatever is ahead of it.
  EXPECT_EQ(ends[0]->receive(1, 9), std::string("\0bin\0", 5));
  EXPECT_EQ(ends[0]->receive(1, 7), "first");
  EXPECT_EQ(ends[0]->receive(2, 8), "other");
  EXPECT_EQ(ends[0]->receive(1, 7), "second");
  EXPECT_FALSE(ends[0]->probe().has_value());
  EXPECT_FALSE(ends[1]->probe().has_value());  // nothing leaked to another rank
}

TEST(InProcessChannel, AReceiveWaitsForTheSenderThreadAndTimesOutWithACommunicationError) {
  auto ends = cluster::in_process_channels(2, std::chrono::milliseconds(200));
  std::thread sender([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ends[1]->send(0, 1, "late");
  });
  EXPECT_EQ(ends[0]->receive(1, 1), "late");
  sender.join();
  try {
    ends[0]->receive(1, 1);
    FAIL() << "no throw";
  } catch (const cluster::CommunicationError& e) {
    EXPECT_NE(std::string(e.what()).find("no message with tag 1 from rank 1"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ends[0]->send(2, 1, "x"), cluster::CommunicationError);  // no rank 2
  ends[0]->close();
  EXPECT_THROW(ends[0]->send(1, 1, "x"), cluster::CommunicationError);
  EXPECT_THROW(ends[0]->probe(), cluster::CommunicationError);
}

TEST(GridChannelsInProcess, AResultAndItsImportanceTravelTogether) {
  auto up = cluster::in_process_channels(2), down = cluster::in_process_channels(2);
  launcher::GridChannels coordinator(up[0], down[0]), leader(up[1], down[1]);
  launcher::RunResult r;
  r.group = 1;
  r.point = 4;
  r.status = RunStatus::done;
  r.importance = {{0, 1, 1, {0.5f}}, {9, 0, 1, {}}};
  r.importance_rows = 2;
  leader.send_result(r);
  const auto head = coordinator.next_message();
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->source, 1);
  EXPECT_EQ(head->tag, launcher::kResult);
  const auto back = coordinator.receive_result(1);
  ASSERT_EQ(back.importance.size(), 2u);
  EXPECT_EQ(back.importance[1].sample, 9);
  EXPECT_TRUE(back.importance[1].scores.empty());
  EXPECT_FALSE(coordinator.next_message().has_value());  // the importance message was taken with the result

  coordinator.send_assignment(1, launcher::Assignment{4, 11});
  EXPECT_FALSE(coordinator.next_message().has_value());  // assignments travel on the other channel
  EXPECT_EQ(leader.receive_assignment().run_id, 11);
}

}  // namespace
}  // namespace lnc
