// base/heap_reuse.h: glibc accepts both settings (a rejected value would leave the defaults silently).
#include <gtest/gtest.h>

#include "base/heap_reuse.h"

TEST(HeapReuse, GlibcAcceptsTheThresholds) { EXPECT_TRUE(lnc::keep_freed_heap_for_reuse()); }
