// A failed run's stored error and lnctrain's stderr carry LibTorch's message, not its C++ stack trace.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <stdexcept>

#include "trainer/error_text.h"

namespace lnc::trainer {
namespace {

TEST(ErrorText, LibTorchErrorsLoseTheirBacktrace) {
  try {
    TORCH_CHECK(false, "lr must be finite, got nan");
  } catch (const std::exception& e) {  // caught as the grid catches it
    const std::string text = error_text(e);
    EXPECT_NE(text.find("lr must be finite, got nan"), std::string::npos) << text;
    EXPECT_EQ(text.find("Exception raised from"), std::string::npos) << text;
    EXPECT_EQ(text.find("frame #"), std::string::npos) << text;
    EXPECT_LE(text.size(), std::string(e.what()).size());
    return;
  }
  FAIL() << "TORCH_CHECK did not throw";
}

TEST(ErrorText, OtherExceptionsKeepTheirText) {
  EXPECT_EQ(error_text(std::runtime_error("store is read-only")), "store is read-only");
}

}  // namespace
}  // namespace lnc::trainer
