// SPDX-License-Identifier: GPL-2.0
// The known-issues list: parsing (and its errors), kernel ranges, signatures,
// XFAIL/XPASS.
#include "harness/known_issues.h"

#include "harness/matching.h"

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
    EXPECT_FALSE(k.signature.empty()) << k.test << " names no failure";
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
  const char* kNoSignature =
      R"({"known_issues": [{"test": "t", "reason": "r", "claims": ["X-1"], "kind": "kernel-bug"}]})";
  EXPECT_EQ(ParseKnownIssues(kNoSignature).status().message(),
            "known issues: entry 0: missing signature (the failure it excuses)");
  const char* kBadKind =
      R"({"known_issues": [{"test": "t", "reason": "r", "claims": ["X-1"], "kind": "bug", "signature": ["x"]}]})";
  EXPECT_EQ(ParseKnownIssues(kBadKind).status().message(),
            "known issues: entry 0: kind must be \"kernel-bug\" or \"documentation\"");
  const char* kBadRegex =
      R"({"known_issues": [{"test": "t", "reason": "r", "claims": ["X-1"], "kind": "kernel-bug", "signature": ["(x"]}]})";
  EXPECT_EQ(ParseKnownIssues(kBadRegex).status().message(),
            "known issues: entry 0: signature '(x' is not a regular expression");
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

KnownIssue Issue(std::vector<std::string> signature, std::vector<std::string> backings = {}) {
  KnownIssue k{.test = "a.*.x", .backings = std::move(backings), .claims = {"DROP-5"},
               .since = "7.3", .until = "7.5", .kind = "kernel-bug", .reason = "why",
               .signature = std::move(signature)};
  for (const std::string& p : k.signature) k.compiled.emplace_back(p);
  return k;
}

TestResult Failed(std::string name, std::vector<std::string> diagnostics) {
  return {.name = std::move(name), .verdict = Verdict::kFail, .diagnostics = std::move(diagnostics)};
}

const char kSeen[] = "# ./suites/a.inc:9:x:FAIL: hot: pages {}, expected {0}";

TEST(ApplyKnownIssues, TheSignatureMakesAFailureAnXfailKeepingItsDiagnostic) {
  std::vector<KnownIssue> issues = {Issue({"x:FAIL: hot: pages \\{\\}, expected \\{0\\}$"})};
  TestResult t = Failed("a.anon.x", {"#  RUN a.anon.x", kSeen, "# ./suites/a.inc:3:x:message: informs"});
  t.reason = "the original failure";
  ApplyKnownIssues(issues, "anon", "7.3.0-rc7", &t);
  EXPECT_EQ(t.verdict, Verdict::kXfail);
  EXPECT_EQ(t.reason, "the original failure");
  EXPECT_EQ(t.known_issue.reason, "why");
  EXPECT_EQ(t.known_issue.kind, "kernel-bug");
}

// A new failure of a known test stays a FAIL: another value, an extra failing
// check, a hang, a crash.
TEST(ApplyKnownIssues, AnyOtherFailureOfAKnownTestStaysAFail) {
  std::vector<KnownIssue> issues = {Issue({"x:FAIL: hot: pages \\{\\}, expected \\{0\\}$"})};
  for (std::vector<std::string> diagnostics : std::vector<std::vector<std::string>>{
           {"# ./suites/a.inc:9:x:FAIL: hot: pages {1}, expected {0}"},
           {kSeen, "# ./suites/a.inc:12:x:Expected 0x5a (90) == a.value() (0)"},
           {"# x: Test terminated by timeout"},
           {"# x: Test terminated unexpectedly by signal 11"},
           {}}) {
    TestResult t = Failed("a.anon.x", diagnostics);
    ApplyKnownIssues(issues, "anon", "7.3", &t);
    EXPECT_EQ(t.verdict, Verdict::kFail) << (diagnostics.empty() ? "" : diagnostics.back());
    EXPECT_TRUE(t.known_issue.empty());
  }
}

TEST(ApplyKnownIssues, EveryPatternMustMatchAFailure) {
  std::vector<KnownIssue> issues = {Issue({"FAIL: hot", "FAIL: cold"})};
  TestResult t = Failed("a.anon.x", {kSeen});
  ApplyKnownIssues(issues, "anon", "7.3", &t);
  EXPECT_EQ(t.verdict, Verdict::kFail);
}

TEST(ApplyKnownIssues, PassBecomesXpassOnlyInRangeAndOnItsBackings) {
  std::vector<KnownIssue> issues = {Issue({"FAIL: hot"}, {"anon", "shmem"})};
  std::vector<std::pair<TestResult, std::string>> runs = {
      {{.name = "a.shmem.x", .verdict = Verdict::kPass}, "shmem"},
      {Failed("a.anon.y", {kSeen}), "anon"},
      {{.name = "a.hugetlb.x", .verdict = Verdict::kSkip}, "hugetlb"},
      {{.name = "a.anon.x", .verdict = Verdict::kError, .diagnostics = {kSeen}}, "anon"},
      {Failed("a.hugetlb.x", {kSeen}), "hugetlb"}};
  for (auto& [t, backing] : runs) ApplyKnownIssues(issues, backing, "7.3.0-rc7", &t);
  EXPECT_EQ(runs[0].first.verdict, Verdict::kXpass);
  EXPECT_EQ(runs[0].first.known_issue.reason, "why");
  EXPECT_EQ(runs[1].first.verdict, Verdict::kFail) << "other tests are untouched";
  EXPECT_EQ(runs[2].first.verdict, Verdict::kSkip);
  EXPECT_EQ(runs[3].first.verdict, Verdict::kError) << "a set-up error is never excused";
  EXPECT_EQ(runs[4].first.verdict, Verdict::kFail) << "not on a backing it names";

  for (const char* release : {"7.2.13", "7.5.1"}) {
    TestResult t = Failed("a.anon.x", {kSeen});
    ApplyKnownIssues(issues, "anon", release, &t);
    EXPECT_EQ(t.verdict, Verdict::kFail) << release;
  }
}

// One deviation, two configurations: the entry conditioned on the kernel's config
// applies only where that config was read and matches; the plain one otherwise.
TEST(ApplyKnownIssues, AConfigConditionChoosesTheEntry) {
  KnownIssue no_marker = Issue({"FAIL: hot"});
  no_marker.config = {{"CONFIG_PTE_MARKER_UFFD_WP", "n"}};
  no_marker.reason = "without markers";
  const std::vector<KnownIssue> issues = {no_marker, Issue({"FAIL: hot"})};
  const KernelConfig with_markers = {{"CONFIG_PTE_MARKER_UFFD_WP", "y"}};
  const KernelConfig without_markers = {{"CONFIG_USERFAULTFD_RWP", "y"}};  // unset reads "n"
  EXPECT_EQ(FindKnownIssue(issues, "a.anon.x", "anon", "7.3", without_markers)->reason, "without markers");
  EXPECT_EQ(FindKnownIssue(issues, "a.anon.x", "anon", "7.3", with_markers)->reason, "why");
  EXPECT_EQ(FindKnownIssue(issues, "a.anon.x", "anon", "7.3", {})->reason, "why")
      << "an unread config never satisfies a condition";
}

TEST(ParseKnownIssues, ConfigMustNameConfigSymbols) {
  const char* bad = R"({"known_issues": [{"test": "a.*.x", "claims": ["X-1"], "kind": "kernel-bug",
      "reason": "r", "signature": ["FAIL"], "config": {"PTE_MARKER": "n"}}]})";
  absl::StatusOr<std::vector<KnownIssue>> parsed = ParseKnownIssues(bad);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(std::string(parsed.status().message()).find("config"), std::string::npos);
}

}  // namespace
}  // namespace uffdc
