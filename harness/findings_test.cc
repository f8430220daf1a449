// SPDX-License-Identifier: GPL-2.0
// Findings from the environment: VER-1, VER-2, API-5, API-6.
#include "harness/findings.h"

#include "fixtures/uapi.h"
#include "gtest/gtest.h"

namespace uffdc {
namespace {

Environment Kernel(const std::string& release, uint64_t features, const std::string& config) {
  Environment env;
  env.release = release;
  env.system.features = features;
  env.config_rwp = config;
  env.config_source = "/boot/config-" + release;
  return env;
}

const Finding& Find(const std::vector<Finding>& findings, const std::string& claim) {
  for (const Finding& f : findings) {
    if (f.claim == claim) return f;
  }
  static const Finding kNone{"", "missing", ""};
  return kNone;
}

TEST(DeriveFindings, SevenTwoWithoutRwpContradictsTheManPages) {
  std::vector<Finding> f = DeriveFindings(Kernel("7.2.13+deb14-cloud-amd64", 0x1ffff, "n"));
  EXPECT_EQ(Find(f, "VER-1").status, "contradicts");
  EXPECT_NE(Find(f, "VER-1").text.find("since Linux 7.2"), std::string::npos);
  EXPECT_EQ(Find(f, "VER-2").status, "agrees");
  EXPECT_EQ(Find(f, "API-6").status, "agrees");
}

TEST(DeriveFindings, SevenThreeWithRwpAgrees) {
  std::vector<Finding> f = DeriveFindings(Kernel("7.3.0-rc7-cloud-amd64", 0x7ffff, "y"));
  EXPECT_EQ(Find(f, "VER-1").status, "agrees");
  EXPECT_EQ(Find(f, "VER-2").status, "agrees");
  EXPECT_EQ(Find(f, "API-6").status, "agrees");
}

TEST(DeriveFindings, HalfTheFeatureOrAConfigMismatchContradicts) {
  std::vector<Finding> f =
      DeriveFindings(Kernel("7.3", 0x1ffff | UFFD_FEATURE_RWP, "n"));  // no RWP_ASYNC
  EXPECT_EQ(Find(f, "VER-2").status, "contradicts");
  EXPECT_EQ(Find(f, "API-6").status, "contradicts");
}

TEST(DeriveFindings, UnknownConfigAndUnusableUserfaultfdAreUnknown) {
  Environment env = Kernel("7.3", 0x7ffff, "unknown");
  EXPECT_EQ(Find(DeriveFindings(env), "API-6").status, "unknown");
  env.system.features.reset();
  env.system.userfaultfd_error = "userfaultfd(2): Operation not permitted (EPERM)";
  EXPECT_EQ(Find(DeriveFindings(env), "VER-1").status, "unknown");
}

}  // namespace
}  // namespace uffdc
