// base/heap_reuse.h: glibc accepts both settings (a rejected value would leave the defaults silently). Under
// AddressSanitizer, whose allocator replaces glibc's malloc, mallopt has nothing to set and the test is skipped.
#include <gtest/gtest.h>

#include "base/heap_reuse.h"

TEST(HeapReuse, GlibcAcceptsTheThresholds) {
#ifdef __SANITIZE_ADDRESS__
  GTEST_SKIP() << "AddressSanitizer's allocator replaces glibc's malloc";
#endif
  EXPECT_TRUE(lnc::keep_freed_heap_for_reuse());
}
