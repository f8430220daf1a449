// SPDX-License-Identifier: GPL-2.0
// Which kernel log lines show a kernel bug.
#include "harness/health.h"

#include "gtest/gtest.h"

namespace uffdc {
namespace {

TEST(IsKernelProblemLine, BugsWarningsOopsAndLockdep) {
  EXPECT_TRUE(IsKernelProblemLine("BUG: unable to handle page fault for address: 0000"));
  EXPECT_TRUE(IsKernelProblemLine("WARNING: CPU: 1 PID: 731 at mm/hugetlb.c:5921"));
  EXPECT_TRUE(IsKernelProblemLine("Oops: 0000 [#1] PREEMPT SMP NOPTI"));
  EXPECT_TRUE(IsKernelProblemLine("WARNING: possible circular locking dependency detected"));
  EXPECT_TRUE(IsKernelProblemLine("general protection fault, probably for non-canonical address"));
  EXPECT_FALSE(IsKernelProblemLine(
      "traps: uffd_rwp_shmem[454] general protection fault ip:590b89 sp:7ffd9d455898 error:0"));
  EXPECT_FALSE(IsKernelProblemLine("zram0: detected capacity change from 0 to 1048576"));
}

}  // namespace
}  // namespace uffdc
