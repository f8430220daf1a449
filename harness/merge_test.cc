// SPDX-License-Identifier: GPL-2.0
// The merge of a run several guests shared out (uffdc_run --merge) and the KTAP
// stream rendered from a run: the suites in backing order, the runner's checks
// once and judged over the whole run, a plan equal to the results.
#include "harness/merge.h"

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "fixtures/uapi.h"
#include "gtest/gtest.h"

namespace uffdc {
namespace {

Environment Kernel(const std::string& release) {
  Environment env;
  env.release = release;
  env.version = "#1 SMP";
  env.system.features = UFFD_FEATURE_RWP | UFFD_FEATURE_RWP_ASYNC;
  env.config_rwp = "y";
  env.config_source = "/uffdc/kernel-config";
  return env;
}

// A part as the runner makes it: each suite's tests and its binary's line, then
// --require's checks, the findings and kernel_health.
RunData Part(const std::string& release, const std::vector<std::string>& backings,
             Verdict verdict = Verdict::kPass, bool healthy = true) {
  RunData run;
  run.env = Kernel(release);
  run.started = "2026-12-03T19:00:0" + std::to_string(backings.size()) + "Z";
  run.duration_s = 10.0 * backings.size();
  run.command = "uffdc_run --suite " + backings[0];
  for (const std::string& b : backings) {
    SuiteRun s{.binary = "uffd_rwp_" + b, .backing = b};
    s.tests.push_back({.name = "g." + b + ".one", .verdict = verdict,
                       .diagnostics = {"# RUN g." + b + ".one ..."}});
    s.tests.push_back({.name = "g." + b + ".two", .verdict = Verdict::kSkip, .reason = "[swap] no"});
    s.tests.push_back({.name = s.binary});
    run.suites.push_back(s);
  }
  SuiteRun checks{.binary = kChecksSuite};
  checks.tests.push_back({.name = "require.rwp"});
  run.findings = DeriveFindings(run.env);
  for (const Finding& f : run.findings) checks.tests.push_back(FindingCheck(f));
  run.health.ok = healthy;
  run.health.taint_before = 0;
  run.health.taint_after = healthy ? 0 : 512;
  if (!healthy) {
    run.health.problems = {"WARNING: CPU: 1 at mm/x.c:1"};
    run.health.kernel_log = {"[ 1.0] WARNING: CPU: 1 at mm/x.c:1"};
  }
  checks.tests.push_back(HealthCheck(run.health));
  run.suites.push_back(checks);
  for (const SuiteRun& s : run.suites) {
    for (const TestResult& t : s.tests) run.counts.Add(t.verdict);
  }
  return run;
}

const std::vector<std::string> kOrder = {"anon", "shmem", "hugetlb"};

std::vector<std::string> Names(const SuiteRun& s) {
  std::vector<std::string> out;
  for (const TestResult& t : s.tests) out.push_back(t.name);
  return out;
}

TEST(MergeRuns, EqualsTheRunOfOneGuest) {
  const RunData whole = Part("7.3.0", kOrder);
  absl::StatusOr<RunData> merged =
      MergeRuns({Part("7.3.0", {"hugetlb", "anon"}), Part("7.3.0", {"shmem"})}, kOrder);
  ASSERT_TRUE(merged.ok()) << merged.status();
  ASSERT_EQ(merged->suites.size(), whole.suites.size());
  for (size_t i = 0; i < whole.suites.size(); i++) {
    EXPECT_EQ(merged->suites[i].binary, whole.suites[i].binary);
    EXPECT_EQ(Names(merged->suites[i]), Names(whole.suites[i]));
  }
  EXPECT_EQ(TotalsLine(merged->counts), TotalsLine(whole.counts));
  EXPECT_EQ(merged->findings.size(), whole.findings.size());
  EXPECT_EQ(merged->env.release, "7.3.0");
  EXPECT_EQ(merged->started, "2026-12-03T19:00:01Z");  // the earliest part's
  EXPECT_EQ(merged->duration_s, 20.0);                 // the longest part's
  EXPECT_EQ(ExitStatus(*merged), kExitPass);
  EXPECT_EQ(RenderKtap(*merged), RenderKtap(whole));
}

TEST(MergeRuns, HealthIsOkOnlyIfEveryPartWas) {
  absl::StatusOr<RunData> merged =
      MergeRuns({Part("7.3.0", {"anon"}), Part("7.3.0", {"shmem", "hugetlb"}, Verdict::kPass, false)},
                kOrder);
  ASSERT_TRUE(merged.ok());
  EXPECT_FALSE(merged->health.ok);
  EXPECT_EQ(merged->health.taint_after, 512u);
  const SuiteRun& checks = merged->suites.back();
  ASSERT_EQ(checks.tests.back().name, "kernel_health");
  EXPECT_EQ(checks.tests.back().verdict, Verdict::kFail);
  EXPECT_EQ(checks.tests.back().reason, "WARNING: CPU: 1 at mm/x.c:1");
  EXPECT_EQ(ExitStatus(*merged), kExitFail);
}

TEST(MergeRuns, AFailureOrARequirementUnmetInOnePartFailsTheRun) {
  RunData b = Part("7.3.0", {"shmem"});
  b.suites.back().tests[0] = {.name = "require.rwp", .verdict = Verdict::kFail, .reason = "required: x"};
  absl::StatusOr<RunData> merged = MergeRuns({Part("7.3.0", {"anon"}), b}, kOrder);
  ASSERT_TRUE(merged.ok());
  const SuiteRun& checks = merged->suites.back();
  ASSERT_EQ(checks.tests[0].name, "require.rwp");
  EXPECT_EQ(checks.tests[0].verdict, Verdict::kFail);
  EXPECT_EQ(std::count_if(checks.tests.begin(), checks.tests.end(),
                          [](const TestResult& t) { return t.name == "require.rwp"; }),
            1);
  merged = MergeRuns({Part("7.3.0", {"anon"}, Verdict::kFail), Part("7.3.0", {"shmem"})}, kOrder);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(ExitStatus(*merged), kExitFail);
}

TEST(MergeRuns, EverySuiteTestSkippedIsExit4) {
  absl::StatusOr<RunData> merged = MergeRuns(
      {Part("7.3.0", {"anon"}, Verdict::kSkip), Part("7.3.0", {"shmem"}, Verdict::kSkip)}, kOrder);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(ExitStatus(*merged), kExitSkip);
}

TEST(MergeRuns, PartsOfDifferentKernelsOrTheSameSuiteAreNotOneRun) {
  absl::StatusOr<RunData> merged = MergeRuns({Part("7.3.0", {"anon"}), Part("7.2.1", {"shmem"})}, kOrder);
  ASSERT_FALSE(merged.ok());
  EXPECT_TRUE(absl::StrContains(merged.status().message(), "7.2.1")) << merged.status();
  EXPECT_FALSE(MergeRuns({Part("7.3.0", {"anon"}), Part("7.3.0", {"anon"})}, kOrder).ok());
  EXPECT_FALSE(MergeRuns({}, kOrder).ok());
}

TEST(MergeRuns, ASalvagedPartKeepsItsResultsAndMachineLine) {
  // As SalvageRun leaves it: a thin environment, no findings, a "machine" error.
  RunData crashed;
  crashed.env.release = "7.3.0";
  crashed.health.ok = false;
  crashed.health.problems = {"guest crashed: kernel panic"};
  SuiteRun s{.binary = "uffd_rwp_shmem", .backing = "shmem"};
  s.tests.push_back({.name = "g.shmem.one", .verdict = Verdict::kFail, .reason = "crash site: x"});
  s.tests.push_back({.name = "g.shmem.two", .verdict = Verdict::kError, .reason = "not run: x"});
  crashed.suites.push_back(s);
  crashed.suites.push_back({.binary = kChecksSuite,
                            .tests = {{.name = "machine", .verdict = Verdict::kError,
                                       .reason = "cut short 1 time(s): x"}}});
  absl::StatusOr<RunData> merged = MergeRuns({crashed, Part("7.3.0", {"anon", "hugetlb"})}, kOrder);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->env.version, "#1 SMP");  // the finished part's environment
  EXPECT_FALSE(merged->health.ok);
  const SuiteRun& checks = merged->suites.back();
  std::vector<std::string> names = Names(checks);
  EXPECT_EQ(names.front(), "require.rwp");
  EXPECT_EQ(names.back(), "machine");
  // kernel_health is judged over the part whose runner judged it.
  EXPECT_EQ(checks.tests[checks.tests.size() - 2].name, "kernel_health");
  EXPECT_EQ(checks.tests[checks.tests.size() - 2].verdict, Verdict::kPass);
  EXPECT_EQ(merged->suites[1].binary, "uffd_rwp_shmem");
  EXPECT_EQ(ExitStatus(*merged), kExitFail);
}

TEST(RenderKtap, ThePlanCountsTheResultLinesNumberedInOneSequence) {
  absl::StatusOr<RunData> merged =
      MergeRuns({Part("7.3.0", {"shmem"}, Verdict::kFail), Part("7.3.0", {"anon", "hugetlb"})}, kOrder);
  ASSERT_TRUE(merged.ok());
  const std::string ktap = RenderKtap(*merged, "claims line one\nclaims line two\n");
  std::vector<std::string> lines = absl::StrSplit(ktap, '\n', absl::SkipEmpty());
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[0], "TAP version 13");
  int results = 0, selftests = 0;
  for (const std::string& l : lines) {
    if (absl::StartsWith(l, "ok ") || absl::StartsWith(l, "not ok ")) {
      results++;
      const std::string n = absl::StartsWith(l, "ok ") ? l.substr(3) : l.substr(7);
      EXPECT_TRUE(absl::StartsWith(n, std::to_string(results) + " ")) << l;
    }
    if (absl::StartsWith(l, "# selftests: uffd-conformance: ")) selftests++;
  }
  EXPECT_EQ(lines[1], "1.." + std::to_string(results));
  EXPECT_EQ(selftests, 3);
  EXPECT_TRUE(absl::StrContains(ktap, "# selftests: uffd-conformance: uffd_rwp_anon\n# RUN g.anon.one"));
  EXPECT_TRUE(absl::StrContains(ktap, "not ok 4 g.shmem.one\n"));
  EXPECT_TRUE(absl::StrContains(ktap, "ok 9 uffd-conformance.uffd_rwp_hugetlb\n"));
  EXPECT_TRUE(absl::StrContains(ktap, "ok 10 uffd-conformance.require.rwp\n"));
  EXPECT_TRUE(absl::StrContains(ktap, "# claims line two\n"));
  EXPECT_TRUE(absl::StrContains(ktap, "# fail: g.shmem.one\n"));
  EXPECT_EQ(lines[lines.size() - 2], TotalsLine(merged->counts));
  EXPECT_EQ(lines.back(), SummaryLine(merged->counts));
}

}  // namespace
}  // namespace uffdc
