// SPDX-License-Identifier: GPL-2.0
// The runner's TAP parsing and verdict rules, on well-formed, malformed and
// truncated streams.
#include "harness/tap.h"

#include <csignal>

#include "gtest/gtest.h"

namespace uffdc {
namespace {

constexpr char kGood[] = R"(TAP version 13
1..4
# Starting 4 tests from 1 test cases.
#  RUN           api.anon.a ...
#            OK  api.anon.a
ok 1 api.anon.a
#  RUN           api.anon.b ...
#      SKIP      kernel lacks UFFD_FEATURE_RWP (UFFDIO_API offers 0x1ffff)
#            OK  api.anon.b
ok 2 api.anon.b # SKIP kernel lacks UFFD_FEATURE_RWP (UFFDIO_API offers 0x1ffff)
#  RUN           sync.anon.c ...
# suites/sync_fault.inc:40:c:not true: UFFD_PAGEFAULT_FLAG_RWP is set [flags & 8]
#            FAIL  sync.anon.c
not ok 3 sync.anon.c
#  RUN           sync.anon.d ...
# fixtures/x.cc:1:d:SETUP ERROR: Region::Create(...): mmap: Cannot allocate memory (ENOMEM)
#            FAIL  sync.anon.d
not ok 4 sync.anon.d
# FAILED: 2 / 4 tests passed.
)";

TEST(ParseTap, ReadsPlanVerdictsReasonsAndDiagnostics) {
  SuiteTap tap = ParseTap(kGood);
  ASSERT_EQ(tap.plan, 4);
  ASSERT_EQ(tap.tests.size(), 4u);
  EXPECT_TRUE(tap.problems.empty());
  EXPECT_EQ(tap.tests[0].verdict, Verdict::kPass);
  EXPECT_EQ(tap.tests[0].name, "api.anon.a");
  EXPECT_EQ(tap.tests[1].verdict, Verdict::kSkip);
  EXPECT_EQ(tap.tests[1].reason, "kernel lacks UFFD_FEATURE_RWP (UFFDIO_API offers 0x1ffff)");
  EXPECT_EQ(tap.tests[2].verdict, Verdict::kFail);
  EXPECT_NE(tap.tests[2].reason.find("UFFD_PAGEFAULT_FLAG_RWP is set"), std::string::npos);
  EXPECT_EQ(tap.tests[3].verdict, Verdict::kError) << "a set-up error is not a kernel failure";
  EXPECT_EQ(tap.tests[3].reason.rfind("SETUP ERROR:", 0), 0u);
}

TEST(ParseTap, DirectivesAreCaseInsensitiveAndNotOkSkipIsASkip) {
  SuiteTap tap = ParseTap("1..4\nnot ok 1 x # skip no swap\nok 2 y # XFAIL known\n"
                          "ok 3 z # xpass fixed\nnot ok 4 w # TODO later\n");
  ASSERT_EQ(tap.tests.size(), 4u);
  EXPECT_EQ(tap.tests[0].verdict, Verdict::kSkip);
  EXPECT_EQ(tap.tests[0].reason, "no swap");
  EXPECT_EQ(tap.tests[1].verdict, Verdict::kXfail);
  EXPECT_EQ(tap.tests[2].verdict, Verdict::kXpass);
  EXPECT_EQ(tap.tests[3].verdict, Verdict::kXfail);
}

TEST(ParseTap, RecordsMalformedLinesAndDuplicates) {
  SuiteTap tap = ParseTap("1..2\nokay 1 x\nok 1 a\nok 1 b\nSegmentation fault\n1..x\n");
  EXPECT_EQ(tap.tests.size(), 2u);
  EXPECT_EQ(tap.problems.size(), 4u);
}

TEST(ParseTap, IgnoresYamlBlocks) {
  SuiteTap tap = ParseTap("1..1\nnot ok 1 a\n  ---\n  ok 5 not-a-result\n  ...\n");
  ASSERT_EQ(tap.tests.size(), 1u);
  EXPECT_TRUE(tap.problems.empty());
}

TEST(Reconcile, TruncatedStreamIsAFailure) {
  SuiteTap tap = ParseTap("TAP version 13\n1..5\nok 1 a\nok 2 b\n");
  ReconcileWithProcess("uffd_rwp_anon", ProcessEnd{.exit_code = 0}, &tap);
  ASSERT_EQ(tap.tests.size(), 3u);
  EXPECT_EQ(tap.tests.back().verdict, Verdict::kFail);
  EXPECT_NE(tap.tests.back().reason.find("truncated TAP: plan 1..5 but 2"), std::string::npos);
}

TEST(Reconcile, MissingPlanIsAFailure) {
  SuiteTap tap = ParseTap("garbage\n");
  ReconcileWithProcess("b", ProcessEnd{.exit_code = 0}, &tap);
  ASSERT_EQ(tap.tests.size(), 1u);
  EXPECT_NE(tap.tests[0].reason.find("no plan"), std::string::npos);
}

TEST(Reconcile, CrashNamesTheSignal) {
  SuiteTap tap = ParseTap("1..3\nok 1 a\n");
  ReconcileWithProcess("b", ProcessEnd{.signal = SIGSEGV}, &tap);
  ASSERT_EQ(tap.tests.size(), 2u);
  EXPECT_EQ(tap.tests[1].verdict, Verdict::kFail);
  EXPECT_NE(tap.tests[1].reason.find("signal 11"), std::string::npos);
}

TEST(Reconcile, TimeoutNamesTheSeconds) {
  SuiteTap tap = ParseTap("1..3\nok 1 a\n");
  ReconcileWithProcess("b", ProcessEnd{.timed_out = true, .timeout_seconds = 7}, &tap);
  EXPECT_NE(tap.tests.back().reason.find("timed out after 7s"), std::string::npos);
}

TEST(Reconcile, FailingExitCodeWithoutFailingTestIsAFailure) {
  SuiteTap tap = ParseTap("1..1\nok 1 a\n");
  ReconcileWithProcess("b", ProcessEnd{.exit_code = 1}, &tap);
  ASSERT_EQ(tap.tests.size(), 2u);
  EXPECT_EQ(tap.tests[1].verdict, Verdict::kFail);
}

TEST(Reconcile, CleanRunAddsNothing) {
  SuiteTap tap = ParseTap("1..2\nok 1 a\nok 2 b # SKIP x\n");
  ReconcileWithProcess("b", ProcessEnd{.exit_code = 0}, &tap);
  EXPECT_EQ(tap.tests.size(), 2u);
  SuiteTap skipped = ParseTap("1..1\nok 1 a # SKIP x\n");
  ReconcileWithProcess("b", ProcessEnd{.exit_code = 4}, &skipped);
  EXPECT_EQ(skipped.tests.size(), 1u);
}

// The three numbers add up to the results: xfail is an ok line (passed), error
// and xpass are not ok lines (failed).
TEST(Summary, NumbersAddUpAndTotalsBreakThemDown) {
  Counts c;
  for (Verdict v : {Verdict::kPass, Verdict::kPass, Verdict::kFail, Verdict::kError,
                    Verdict::kSkip, Verdict::kXfail, Verdict::kXpass}) {
    c.Add(v);
  }
  EXPECT_EQ(SummaryLine(c), "3 passed, 3 failed, 1 skipped");
  EXPECT_EQ(c.passed() + c.failed() + c.skip, c.total());
  EXPECT_EQ(TotalsLine(c), "# Totals: pass:2 fail:1 xfail:1 xpass:1 skip:1 error:1");
}

}  // namespace
}  // namespace uffdc
