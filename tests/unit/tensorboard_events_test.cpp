// TensorBoard event files (trainer/tracking/tensorboard_events.h): the checksum and wire encoding against hand
// computation, and the whole file read back by TensorBoard's own reader (PyPI tensorboard; .ci/test.sh installs it).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include "base/crc32c.h"
#include "tests/unit/test_paths.h"
#include "trainer/tracking/tensorboard_events.h"

namespace lnc::trainer {
namespace {

TEST(TensorboardEvents, Crc32cOfTheStandardCheckString) {
  const std::string check = "123456789";
  EXPECT_EQ(crc32c(check.data(), check.size()), 0xE3069283u);  // RFC 3720's CRC-32C check value
  EXPECT_EQ(crc32c("", 0), 0u);
}

TEST(TensorboardEvents, VarintsAndRecordFraming) {
  EXPECT_EQ(tensorboard_wire::varint(0), std::string(1, '\0'));
  EXPECT_EQ(tensorboard_wire::varint(1), "\x01");
  EXPECT_EQ(tensorboard_wire::varint(300), "\xAC\x02");  // the protobuf documentation's example
  const std::string record = tensorboard_wire::tfrecord("abc");
  ASSERT_EQ(record.size(), 8u + 4u + 3u + 4u);
  std::uint64_t length = 0;
  std::memcpy(&length, record.data(), 8);
  EXPECT_EQ(length, 3u);
  EXPECT_EQ(record.substr(12, 3), "abc");
  // masked_crc = rotate-right-15 of the CRC plus 0xa282ead8 (TFRecord's definition), by hand for the payload:
  const std::uint32_t crc = crc32c("abc", 3);
  const std::uint32_t masked = ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
  std::uint32_t stored = 0;
  std::memcpy(&stored, record.data() + 15, 4);
  EXPECT_EQ(stored, masked);
}

std::string run_reader(const std::string& event_file) {
  const char* python = std::getenv("PYTHON");
  const std::string command = std::string(python ? python : "python3") + " " +
                              test_paths::source("tests/reference/read_tensorboard_events.py") + " " + event_file +
                              " 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  std::string out;
  std::array<char, 4096> buf{};
  while (pipe && std::fgets(buf.data(), buf.size(), pipe.get())) out += buf.data();
  return out;
}

TEST(TensorboardEvents, TensorboardReadsBackScalarsAndHyperparameters) {
  const char* python = std::getenv("PYTHON");
  if (std::system((std::string(python ? python : "python3") + " -c 'import tensorboard' 2>/dev/null").c_str()) != 0)
    GTEST_SKIP() << "PyPI tensorboard is not installed (.ci/test.sh installs it)";
  const std::string dir = test_paths::scratch_dir() + "/tb";
  std::string path;
  {
    TensorboardEventWriter writer(dir);
    path = writer.path();
    writer.add_hyperparameters({{"optimizer.lr", 1e-3}, {"model.family", std::string("bert")}, {"lora.enabled", false}});
    for (int step = 0; step < 3; ++step) writer.add_scalar("train/loss", 0.75 - 0.25 * step, step);
    writer.add_scalar("train/lr", 5e-4, 10);
    writer.add_scalar("dev/mcc", -0.125, 1234567890123LL);
    writer.end_session(true);
  }
  EXPECT_NE(std::filesystem::path(path).filename().string().find("events.out.tfevents."), std::string::npos);
  const std::string out = run_reader(path);
  // Values chosen exact in float32, so the read-back text is exact too.
  EXPECT_NE(out.find("hparam lora.enabled False\n"), std::string::npos) << out;
  EXPECT_NE(out.find("hparam model.family 'bert'\n"), std::string::npos) << out;
  EXPECT_NE(out.find("hparam optimizer.lr 0.001\n"), std::string::npos) << out;
  EXPECT_NE(out.find("scalar train/loss 0 0.75\nscalar train/loss 1 0.5\nscalar train/loss 2 0.25\n"),
            std::string::npos) << out;
  EXPECT_NE(out.find("scalar train/lr 10 0.0005000000237487257\n"), std::string::npos) << out;  // float32 of 5e-4
  EXPECT_NE(out.find("scalar dev/mcc 1234567890123 -0.125\n"), std::string::npos) << out;
  EXPECT_NE(out.find("session_end 1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("records 8\n"), std::string::npos) << out;  // file_version + hparams + 5 scalars + end
}

TEST(TensorboardEvents, UnwritableDirectoryIsAnInputErrorNamingThePath) {
  const std::string dir = test_paths::scratch_dir();
  std::FILE* f = std::fopen((dir + "/file").c_str(), "w");
  std::fclose(f);
  try {
    TensorboardEventWriter writer(dir + "/file/tb");  // a file where the directory should be
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(dir + "/file/tb"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lnc::trainer
