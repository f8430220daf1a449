// SPDX-License-Identifier: GPL-2.0
// A run against its baseline (CompareRuns: regressions, fixes, new and removed
// tests and claims) and the kernel matrix built from runs made here: the claims x
// kernel table marks a claim whose status differs, a regression is printed,
// recorded in the JSON and shown in the HTML and fails the matrix, a run that
// broke is recorded and exits 3, and a matrix serves as a later baseline.
#include "harness/report_matrix.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fixtures/needs.h"
#include "gtest/gtest.h"
#include "harness/baseline.h"
#include "harness/claims.h"
#include "harness/report_json.h"

namespace uffdc {
namespace {

using nlohmann::json;

// A run of one anon suite with `tests` (name, verdict) and two claims: FAULT-1
// over a.anon.one, FAULT-2 over a.anon.two; with or without RWP offered.
RunData MakeRun(const std::string& release, bool rwp,
                const std::vector<std::pair<std::string, Verdict>>& tests) {
  RunData run;
  run.env.release = release;
  run.env.system.features = rwp ? NeedsOfTag("rwp")->features : 0;
  run.env.config_rwp = rwp ? "y" : "n";
  SuiteRun suite;
  suite.binary = "uffd_rwp_anon";
  suite.backing = "anon";
  for (const auto& [name, verdict] : tests) {
    TestResult t;
    t.name = name;
    t.verdict = verdict;
    if (verdict == Verdict::kSkip) t.reason = "[rwp] kernel lacks UFFD_FEATURE_RWP";
    suite.tests.push_back(t);
    run.counts.Add(verdict);
  }
  run.suites.push_back(suite);
  Claim one, two;
  one.id = "FAULT-1";
  one.text = "a read faults";
  one.backings = "A";
  one.tests = {"a.*.one"};
  two.id = "FAULT-2";
  two.text = "a write faults";
  two.backings = "A";
  two.tests = {"a.*.two"};
  Claim ver;
  ver.id = "VER-1";
  ver.text = "since Linux 7.2";
  ver.finding = "the release against the pages' version";
  run.claims = {one, two, ver};
  return run;
}

const Verdict kPass = Verdict::kPass, kFail = Verdict::kFail, kSkip = Verdict::kSkip;

bool Has(const std::vector<VerdictChange>& list, bool claim, const std::string& name,
         const std::string& before, const std::string& after) {
  for (const VerdictChange& c : list) {
    if (c.claim == claim && c.name == name && c.before == before && c.after == after) return true;
  }
  return false;
}

TEST(CompareRuns, ListsRegressionsFixesNewAndRemoved) {
  const RunData old =
      MakeRun("7.3", true, {{"a.anon.one", kPass}, {"a.anon.two", kFail}, {"a.anon.gone", kPass}});
  const RunData now =
      MakeRun("7.3", true, {{"a.anon.one", kFail}, {"a.anon.two", kPass}, {"a.anon.added", kPass}});
  const Comparison c = CompareRuns(old, now);
  EXPECT_TRUE(c.regressed());
  EXPECT_TRUE(Has(c.regressions, false, "a.anon.one", "pass", "fail"));
  EXPECT_TRUE(Has(c.regressions, true, "FAULT-1", claim_status::kHeld, claim_status::kFailed));
  EXPECT_TRUE(Has(c.fixed, false, "a.anon.two", "fail", "pass"));
  EXPECT_TRUE(Has(c.fixed, true, "FAULT-2", claim_status::kFailed, claim_status::kHeld));
  EXPECT_TRUE(Has(c.added, false, "a.anon.added", "", "pass"));
  EXPECT_TRUE(Has(c.removed, false, "a.anon.gone", "pass", ""));
  EXPECT_EQ(c.regressions.size(), 2u);
  EXPECT_TRUE(c.changed.empty());

  const std::string text = ComparisonText(c);
  EXPECT_NE(text.find("2 regressions, 2 fixed, 1 new, 1 removed, 0 changed"), std::string::npos)
      << text;
  EXPECT_NE(text.find("REGRESSION test a.anon.one: pass -> fail"), std::string::npos) << text;
  EXPECT_NE(text.find("REGRESSION claim FAULT-1: held -> failed"), std::string::npos) << text;
}

TEST(CompareRuns, WhatCountsAsARegression) {
  struct Case {
    Verdict before, after;
    const char* list;
  } cases[] = {
      {Verdict::kPass, Verdict::kError, "regression"},
      {Verdict::kXfail, Verdict::kFail, "regression"},
      {Verdict::kPass, Verdict::kXpass, "regression"},
      {Verdict::kSkip, Verdict::kFail, "regression"},
      {Verdict::kError, Verdict::kXfail, "fixed"},
      {Verdict::kPass, Verdict::kSkip, "changed"},
      {Verdict::kFail, Verdict::kError, "changed"},
      {Verdict::kFail, Verdict::kSkip, "changed"},
  };
  for (const Case& k : cases) {
    const Comparison c = CompareRuns(MakeRun("7.3", true, {{"a.anon.x", k.before}}),
                                     MakeRun("7.3", true, {{"a.anon.x", k.after}}));
    const std::string name = std::string(VerdictName(k.before)) + " -> " + VerdictName(k.after);
    EXPECT_EQ(c.regressions.size(), std::string(k.list) == "regression" ? 1u : 0u) << name;
    EXPECT_EQ(c.fixed.size(), std::string(k.list) == "fixed" ? 1u : 0u) << name;
    EXPECT_EQ(c.changed.size(), std::string(k.list) == "changed" ? 1u : 0u) << name;
  }
  EXPECT_FALSE(CompareRuns(MakeRun("7.3", true, {{"a.anon.one", kPass}}),
                           MakeRun("7.3", true, {{"a.anon.one", kPass}}))
                   .regressed());
}

Matrix TwoKernels() {
  Matrix m;
  MatrixRun rwp, old;
  rwp.kernel = "debian:rwp";
  rwp.run = MakeRun("7.3.0-rc7", true, {{"a.anon.one", kPass}, {"a.anon.two", kPass}});
  old.kernel = "debian:7.2";
  old.vmtest_exit = 4;
  old.run = MakeRun("7.2.13", false, {{"a.anon.one", kSkip}, {"a.anon.two", kPass}});
  rwp.run->findings = {{"VER-1", "agrees", "7.3 has RWP"}};
  old.run->findings = {{"VER-1", "contradicts", "7.2 has no RWP"}};
  m.runs = {rwp, old};
  return m;
}

TEST(Matrix, MarksClaimsWhoseStatusDiffersBetweenKernels) {
  const Matrix m = TwoKernels();
  EXPECT_EQ(MatrixExitStatus(m), 0);
  const json doc = MatrixJson(m);
  EXPECT_EQ(doc["schema"], kMatrixSchema);
  ASSERT_EQ(doc["kernels"].size(), 2u);
  EXPECT_EQ(doc["kernels"][0]["rwp"], true);
  EXPECT_EQ(doc["kernels"][1]["rwp"], false);
  EXPECT_EQ(doc["kernels"][1]["release"], "7.2.13");
  EXPECT_EQ(doc["kernels"][1]["summary"]["skip"], 1);
  EXPECT_EQ(doc["kernels"][0]["summary"]["passed"], 2);
  ASSERT_EQ(doc["claims"].size(), 3u);
  EXPECT_EQ(doc["claims"][0]["id"], "FAULT-1");
  EXPECT_EQ(doc["claims"][0]["differs"], true);
  EXPECT_EQ(doc["claims"][0]["statuses"]["debian:rwp"], claim_status::kHeld);
  // Only the kernel's missing RWP kept the test from running.
  EXPECT_EQ(doc["claims"][0]["statuses"]["debian:7.2"], "not testable on this kernel (no rwp)");
  EXPECT_EQ(doc["claims"][1]["differs"], false);
  // A claim the runner's findings decide: what each kernel's finding says.
  EXPECT_EQ(doc["claims"][2]["statuses"],
            json({{"debian:rwp", "agrees"}, {"debian:7.2", "contradicts"}}));
  EXPECT_EQ(doc["claims"][2]["differs"], true);
  ASSERT_EQ(doc["tests_differing"].size(), 1u);
  EXPECT_EQ(doc["tests_differing"][0]["test"], "a.anon.one");
  EXPECT_FALSE(doc.contains("baseline"));

  const std::string text = MatrixText(m);
  EXPECT_NE(text.find("2 kernels: 0 with failures, 0 broken runs"), std::string::npos) << text;
  EXPECT_NE(text.find("* FAULT-1 held"), std::string::npos) << text;
  EXPECT_NE(text.find("\n  FAULT-2 held"), std::string::npos) << text;
  EXPECT_NE(text.find("debian:7.2 7.2.13    no"), std::string::npos) << text;

  const std::string html = MatrixHtml(m);
  EXPECT_NE(html.find("<tr id=\"claim-FAULT-1\" class=\"differs\">"), std::string::npos);
  EXPECT_NE(html.find("<tr id=\"claim-FAULT-2\">"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"badge v-contradicts\">contradicts</span>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http"), html.find("http-equiv"));  // nothing fetched
}

TEST(Matrix, RegressionAgainstBaselineIsPrintedRecordedShownAndFails) {
  Matrix m = TwoKernels();
  m.runs[0].run = MakeRun("7.3.0-rc7", true, {{"a.anon.one", kFail}, {"a.anon.added", kPass}});
  m.runs[0].vmtest_exit = 1;
  m.baseline = {{"", MakeRun("7.3.0-rc6", true, {{"a.anon.one", kPass}, {"a.anon.two", kFail}})}};
  m.baseline_source = "old.json";
  EXPECT_EQ(MatrixExitStatus(m), 1);

  const std::string text = MatrixText(m);
  EXPECT_NE(text.find("1 with failures, 2 regressions, 0 broken runs"), std::string::npos) << text;
  EXPECT_NE(text.find("debian:rwp against 7.3.0-rc6: 2 regressions"), std::string::npos) << text;
  EXPECT_NE(text.find("REGRESSION test a.anon.one: pass -> fail"), std::string::npos) << text;
  EXPECT_NE(text.find("removed    test a.anon.two: was fail"), std::string::npos) << text;
  EXPECT_NE(text.find("new        test a.anon.added: pass"), std::string::npos) << text;
  // 7.2 skips a.anon.one (a change, not a regression) and fixes a.anon.two.
  EXPECT_NE(text.find("fixed      test a.anon.two: fail -> pass"), std::string::npos) << text;

  const json doc = MatrixJson(m);
  const json& b = doc["baseline"];
  EXPECT_EQ(b["source"], "old.json");
  EXPECT_EQ(doc["summary"]["regressions"], 2);
  EXPECT_EQ(b["regressions"][0], json({{"kernel", "debian:rwp"},
                                       {"test", "a.anon.one"},
                                       {"before", "pass"},
                                       {"after", "fail"}}));
  EXPECT_EQ(b["regressions"][1]["claim"], "FAULT-1");
  EXPECT_EQ(b["new"][0]["test"], "a.anon.added");
  EXPECT_EQ(b["removed"][0]["test"], "a.anon.two");
  bool fixed_on_72 = false;
  for (const json& f : b["fixed"])
    fixed_on_72 |= f["kernel"] == "debian:7.2" && f.value("test", "") == "a.anon.two";
  EXPECT_TRUE(fixed_on_72) << b.dump();
  EXPECT_EQ(doc["kernels"][0]["baseline"]["regressions"], 2);

  const std::string html = MatrixHtml(m);
  EXPECT_NE(html.find("id=\"baseline\""), std::string::npos);
  EXPECT_NE(
      html.find("<tr class=\"r-fail\"><td class=\"what\"><span class=\"badge v-fail\">regression"
                "</span></td><td>test</td><td class=\"name mono\">a.anon.one</td>"),
      std::string::npos);
  EXPECT_NE(html.find("<header class=\"banner bad\">"), std::string::npos);
}

TEST(Matrix, BrokenRunIsRecordedAndExits3) {
  Matrix m = TwoKernels();
  m.runs[1].run.reset();
  m.runs[1].vmtest_exit = 3;
  m.runs[1].error = "cannot read 2.json";
  EXPECT_EQ(MatrixExitStatus(m), 3);
  const json doc = MatrixJson(m);
  EXPECT_EQ(doc["kernels"][1]["broke"], true);
  EXPECT_TRUE(doc["kernels"][1]["report"].is_null());
  EXPECT_EQ(doc["summary"]["broke"], 1);
  EXPECT_EQ(doc["claims"][0]["differs"], false);  // only one kernel left a report
  EXPECT_NE(MatrixText(m).find("exit 3 (broke: cannot read 2.json)"), std::string::npos);
  // A vmtest exit 3 with a (salvaged) report broke too.
  m = TwoKernels();
  m.runs[0].vmtest_exit = 3;
  EXPECT_EQ(MatrixExitStatus(m), 3);
}

TEST(Matrix, ServesAsABaselineMatchedByKernelThenRelease) {
  const json doc = MatrixJson(TwoKernels());
  absl::StatusOr<std::vector<BaselineRun>> runs = BaselineFromJson(doc);
  ASSERT_TRUE(runs.ok()) << runs.status();
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[1].kernel, "debian:7.2");
  EXPECT_EQ((*runs)[1].run.env.release, "7.2.13");
  const RunData run = MakeRun("7.2.13", false, {});
  EXPECT_EQ(BaselineFor(*runs, "debian:7.2", run), &(*runs)[1]);
  EXPECT_EQ(BaselineFor(*runs, "", run), &(*runs)[1]);
  EXPECT_EQ(BaselineFor(*runs, "other", MakeRun("6.1", false, {})), nullptr);
  // A single run's report is every kernel's baseline.
  absl::StatusOr<std::vector<BaselineRun>> single = BaselineFromJson(ToJson(run));
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(BaselineFor(*single, "other", MakeRun("6.1", false, {})), &(*single)[0]);
  EXPECT_FALSE(BaselineFromJson(json::array()).ok());
  EXPECT_FALSE(
      BaselineFromJson(json({{"schema", kMatrixSchema}, {"kernels", json::array()}})).ok());
}

}  // namespace
}  // namespace uffdc
