// SPDX-License-Identifier: GPL-2.0
// The kernel config as the environment reads it.
#include "harness/environment.h"

#include "gtest/gtest.h"

namespace uffdc {
namespace {

TEST(ConfigValue, SetUnsetAndAbsent) {
  const KernelConfig config =
      ParseKernelConfig("CONFIG_A=y\n# CONFIG_USERFAULTFD_RWP is not set\nCONFIG_B=m\n");
  EXPECT_EQ(ConfigValue(config, "CONFIG_A"), "y");
  EXPECT_EQ(ConfigValue(config, "CONFIG_B"), "m");
  EXPECT_EQ(ConfigValue(config, "CONFIG_USERFAULTFD_RWP"), "n");
  EXPECT_EQ(ConfigValue(config, "CONFIG_MISSING"), "n");
}

}  // namespace
}  // namespace uffdc
