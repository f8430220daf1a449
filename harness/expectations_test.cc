// SPDX-License-Identifier: GPL-2.0
// The known-issues list: parsing (and its errors), kernel ranges, XFAIL/XPASS.
#include "harness/expectations.h"

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace uffdc {
namespace {

TEST(ParseKnownIssues, ShippedListIsValid) {
  std::ifstream in("harness/known_issues.json");
  ASSERT_TRUE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<std::vector<KnownIssue>> issues = ParseKnownIssues(text.str());
  ASSERT_TRUE(issues.ok()) << issues.status();
  for (const KnownIssue& k : *issues) {
    EXPECT_FALSE(k.claims.empty()) << k.test << " names no claim";
    EXPECT_FALSE(k.since.empty()) << k.test << " names no kernel";
  }
}

TEST(ParseKnownIssues, RejectsMalformedDocumentsWithAReason) {
  EXPECT_EQ(ParseKnownIssues("{").status().message(), "known issues: not valid JSON");
  EXPECT_EQ(ParseKnownIssues("[]").status().message(),
            "known issues: expected {\"known_issues\": [...]}");
  EXPECT_EQ(ParseKnownIssues(R"({"known_issues": [{"reason": "r"}]})").status().message(),
            "known issues: entry 0: missing test");
  EXPECT_EQ(ParseKnownIssues(R"({"known_issues": [{"test": "t"}]})").status().message(),
            "known issues: entry 0: missing reason");
  EXPECT_EQ(
      ParseKnownIssues(R"({"known_issues": [{"test": "t", "reason": "r", "kernel": "7"}]})")
          .status()
          .message(),
      "known issues: entry 0: unknown field 'kernel'");
  EXPECT_EQ(ParseKnownIssues(R"({"known_issues": [{"test": 1, "reason": "r"}]})").status().message(),
            "known issues: entry 0: test is not a string");
}

TEST(CompareKernelVersions, NumericAndSuffixBlind) {
  EXPECT_LT(CompareKernelVersions("7.3.0-rc7-cloud-amd64", "7.4"), 0);
  EXPECT_EQ(CompareKernelVersions("7.3.0-rc7-cloud-amd64", "7.3"), 0);
  EXPECT_GT(CompareKernelVersions("7.10", "7.9"), 0);
  EXPECT_LT(CompareKernelVersions("6.18.44-fc", "7.3"), 0);
}

TEST(GlobMatch, StarMatchesAnyRun) {
  EXPECT_TRUE(GlobMatch("protect.*.inverted", "protect.anon.inverted"));
  EXPECT_FALSE(GlobMatch("protect.*.inverted", "protect.anon.inverted_x"));
  EXPECT_TRUE(GlobMatch("exact", "exact"));
}

TEST(ApplyKnownIssues, FailBecomesXfailPassBecomesXpassOnlyInRange) {
  std::vector<KnownIssue> issues = {
      {.test = "a.*.x", .claims = {"DROP-5"}, .since = "7.3", .until = "7.5", .reason = "why"}};
  std::vector<TestResult> tests = {{.name = "a.anon.x", .verdict = Verdict::kFail},
                                   {.name = "a.shmem.x", .verdict = Verdict::kPass},
                                   {.name = "a.anon.y", .verdict = Verdict::kFail},
                                   {.name = "a.hugetlb.x", .verdict = Verdict::kSkip},
                                   {.name = "a.hugetlb.x", .verdict = Verdict::kError}};
  ApplyKnownIssues(issues, "7.3.0-rc7", &tests);
  EXPECT_EQ(tests[0].verdict, Verdict::kXfail);
  EXPECT_EQ(tests[0].reason, "known issue: why");
  EXPECT_EQ(tests[1].verdict, Verdict::kXpass);
  EXPECT_EQ(tests[2].verdict, Verdict::kFail) << "other tests are untouched";
  EXPECT_EQ(tests[3].verdict, Verdict::kSkip);
  EXPECT_EQ(tests[4].verdict, Verdict::kError) << "a set-up error is never excused";

  std::vector<TestResult> old = {{.name = "a.anon.x", .verdict = Verdict::kFail}};
  ApplyKnownIssues(issues, "7.2.13", &old);
  EXPECT_EQ(old[0].verdict, Verdict::kFail);
  std::vector<TestResult> fixed = {{.name = "a.anon.x", .verdict = Verdict::kFail}};
  ApplyKnownIssues(issues, "7.5.1", &fixed);
  EXPECT_EQ(fixed[0].verdict, Verdict::kFail);
}

}  // namespace
}  // namespace uffdc
