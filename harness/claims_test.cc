// SPDX-License-Identifier: GPL-2.0
// The claims data covers the whole catalogue, and every test it lists exists in
// the suite binaries (asked with the kselftest harness's -l).
#include "harness/claims.h"

#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "gtest/gtest.h"
#include "harness/matching.h"

namespace uffdc {
namespace {

std::vector<std::string> g_binaries;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "api.anon.second_api_call_fails", ... from `binary -l`.
std::set<std::string> ListTests(const std::string& binary) {
  std::set<std::string> names;
  FILE* p = popen((binary + " -l 2>&1").c_str(), "r");  // the harness lists on stderr
  if (p == nullptr) return names;
  char line[1024];
  std::string fixture, variant;
  while (fgets(line, sizeof(line), p) != nullptr) {
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string x; words >> x;) w.push_back(x);
    if (w.empty() || w[0][0] == '#' || w[0][0] == '-') continue;
    if (line[0] != ' ' && w.size() == 3) {
      fixture = w[0], variant = w[1];
      names.insert(fixture + "." + variant + "." + w[2]);
    } else if (line[0] == ' ' && w.size() == 1 && !fixture.empty()) {
      names.insert(fixture + "." + variant + "." + w[0]);
    }
  }
  pclose(p);
  return names;
}

std::vector<Claim> LoadClaims() {
  absl::StatusOr<std::vector<Claim>> claims = ParseClaims(Slurp("harness/claims.json"));
  EXPECT_TRUE(claims.ok()) << claims.status();
  return claims.ok() ? *claims : std::vector<Claim>{};
}

TEST(Claims, CoverTheWholeCatalogue) {
  std::set<std::string> ids, gaps;
  for (const Claim& c : LoadClaims()) (c.is_gap() ? gaps : ids).insert(c.id);
  const char* md = getenv("UFFDC_CLAIMS_MD");
  if (md != nullptr && *md) {
    std::string text = Slurp(md);
    ASSERT_FALSE(text.empty()) << "cannot read " << md;
    std::regex row(R"(\n\| ([A-Z]+-[0-9]+) \|)");
    std::set<std::string> catalogue;
    for (std::sregex_iterator it(text.begin(), text.end(), row), end; it != end; ++it) {
      catalogue.insert((*it)[1]);
    }
    for (const std::string& id : catalogue) EXPECT_TRUE(ids.count(id)) << id << " is missing";
    for (const std::string& id : ids) EXPECT_TRUE(catalogue.count(id)) << id << " is not in the catalogue";
    // A gap names one of the catalogue's discrepancies ("**D13 — ...") or, as
    // GAP-n, one this suite found beyond the catalogue.
    for (const std::string& id : gaps) {
      if (std::regex_match(id, std::regex("GAP-[0-9]+"))) continue;
      EXPECT_NE(text.find("**" + id + " "), std::string::npos) << id << " is not a discrepancy of the catalogue";
    }
  }
  EXPECT_EQ(ids.size(), 96u);
}

TEST(Claims, EveryListedTestExists) {
  std::set<std::string> all;
  for (const std::string& b : g_binaries) {
    std::set<std::string> names = ListTests(b);
    EXPECT_FALSE(names.empty()) << b << " -l listed no tests";
    all.insert(names.begin(), names.end());
  }
  for (const Claim& c : LoadClaims()) {
    for (const std::string& pattern : c.tests) {
      bool found = false;
      for (const std::string& name : all) found |= GlobMatch(pattern, name);
      EXPECT_TRUE(found) << c.id << " lists " << pattern << ", which no suite binary has";
    }
  }
}

TEST(Claims, ReportJoinsVerdictsPerBacking) {
  std::vector<Claim> claims = {{.id = "X-1", .backings = "A,S", .tests = {"g.*.t"}},
                               {.id = "X-2", .untestable = "why"},
                               {.id = "X-3", .backings = "A", .tests = {"g.*.u"}}};
  std::vector<RunResult> results = {
      {"anon", {.name = "g.anon.t", .verdict = Verdict::kPass}},
      {"shmem", {.name = "g.shmem.t", .verdict = Verdict::kFail}},
      {"anon", {.name = "g.anon.u", .verdict = Verdict::kSkip, .reason = "[swap] needs active swap"}}};
  std::vector<ClaimStatus> s = JoinClaims(claims, results);
  EXPECT_EQ(s[0].by_backing.at("anon"), Verdict::kPass);
  EXPECT_EQ(s[0].by_backing.at("shmem"), Verdict::kFail);
  std::string report = ClaimsReport(s);
  EXPECT_NE(report.find("X-1      failed (anon held, shmem failed; 2 test runs)"), std::string::npos) << report;
  EXPECT_NE(report.find("X-2      untestable here: why"), std::string::npos) << report;
  EXPECT_NE(report.find("X-3      skipped (anon skipped; 1 test run)"), std::string::npos) << report;
  EXPECT_NE(report.find("0 held, 0 partly checked, 0 deviated"), std::string::npos) << report;
  EXPECT_NE(report.find("1 failed, 0 not testable on this kernel, 1 skipped"), std::string::npos) << report;
}

// "held" means every test mapped to the claim ran and passed on every backing the
// claim applies to: a skip on one backing, or a backing never run, refuses it.
TEST(Claims, HeldOnlyWhenEveryTestPassedOnEveryBacking) {
  std::vector<Claim> claims = {{.id = "X-1", .backings = "A,S,H", .tests = {"g.*.t"}}};
  std::vector<RunResult> all = {{"anon", {.name = "g.anon.t"}},
                                {"shmem", {.name = "g.shmem.t"}},
                                {"hugetlb", {.name = "g.hugetlb.t"}}};
  EXPECT_EQ(JoinClaims(claims, all)[0].status, "held");
  std::vector<RunResult> one_skipped = all;
  one_skipped[2].test.verdict = Verdict::kSkip;
  one_skipped[2].test.reason = "[hugepages] needs 8 free hugepages";
  std::vector<ClaimStatus> s = JoinClaims(claims, one_skipped);
  EXPECT_EQ(s[0].status, "partly checked");
  EXPECT_EQ(s[0].backing_status.at("hugetlb"), "skipped");
  std::vector<RunResult> hugetlb_missing(all.begin(), all.begin() + 2);
  s = JoinClaims(claims, hugetlb_missing);
  EXPECT_EQ(s[0].status, "partly checked");
  EXPECT_EQ(s[0].backing_status.at("hugetlb"), "not run");
  // Results on a backing the claim does not apply to do not count.
  std::vector<Claim> shmem_only = {{.id = "X-2", .backings = "S (H not reclaimable)", .tests = {"g.*.t"}}};
  s = JoinClaims(shmem_only, one_skipped);
  EXPECT_EQ(s[0].status, "held");
  EXPECT_EQ(s[0].backing_status.size(), 1u);
}

// A discrepancy the tests pin down is reported apart, as "not in the pages", and
// stays out of the claims' totals.
TEST(Claims, GapsAreReportedApartFromTheClaims) {
  std::vector<Claim> claims = {{.id = "X-1", .backings = "A", .tests = {"g.*.t"}},
                               {.id = "D99", .backings = "A", .tests = {"g.*.u"}, .gap = "what the pages leave open"}};
  std::vector<RunResult> all = {{"anon", {.name = "g.anon.t"}}, {"anon", {.name = "g.anon.u"}}};
  const std::string report = ClaimsReport(JoinClaims(claims, all));
  EXPECT_NE(report.find("claims: 1 in all; 1 held,"), std::string::npos) << report;
  EXPECT_NE(report.find("D99      not in the pages: what the pages leave open; this kernel: held (anon held; 1 test)"),
            std::string::npos)
      << report;
}

// A claim whose tests all skipped because the kernel lacks a feature is not a
// gap of the suite: the report says what the configuration cannot show.
TEST(Claims, KernelConfigurationSkipsAreNotTestableOnThisKernel) {
  std::vector<Claim> claims = {{.id = "X-1", .backings = "A", .tests = {"g.*.t"}}};
  std::vector<RunResult> r = {{"anon", {.name = "g.anon.t", .verdict = Verdict::kSkip,
                                        .reason = "[thp] kernel without THP"}}};
  EXPECT_EQ(JoinClaims(claims, r)[0].status, "not testable on this kernel (no thp)");
  r[0].test.reason = "[swap] needs active swap";
  EXPECT_EQ(JoinClaims(claims, r)[0].status, "skipped");
}

TEST(Claims, KnownIssuesAreDeviationsNotHeld) {
  std::vector<Claim> claims = {{.id = "X-1", .backings = "A", .tests = {"g.*.t"}}};
  std::vector<RunResult> r = {{"anon", {.name = "g.anon.t", .verdict = Verdict::kXfail,
                                        .known_issue = {.reason = "r", .kind = "documentation"}}}};
  std::vector<ClaimStatus> s = JoinClaims(claims, r);
  EXPECT_EQ(s[0].status, "deviated");
  EXPECT_NE(ClaimsReport(s).find("0 kernel-bug and 1 documentation"), std::string::npos);
}

// A man-page maintainer's view: the page's claims, and for a contradicted one
// the wording, the kernel and the evidence.
TEST(Claims, BySourceQuotesTheEvidenceOfContradictedClaims) {
  std::vector<Claim> claims = {
      {.id = "X-1", .text = "holes never appear", .backings = "A", .tests = {"g.*.t"}, .sources = {"M-uffd"}},
      {.id = "X-2", .text = "fine", .backings = "A", .tests = {"g.*.u"}, .sources = {"M-uffd", "K-uffd"}}};
  std::vector<RunResult> r = {
      {"anon", {.name = "g.anon.t", .verdict = Verdict::kXfail, .reason = "FAIL: pages {0, 1}, expected {0}",
                .known_issue = {.reason = "inverted scans return holes", .kind = "documentation"}}},
      {"anon", {.name = "g.anon.u"}}};
  const std::string text = ClaimsBySource(JoinClaims(claims, r), "7.3.0-rc7");
  EXPECT_NE(text.find("== userfaultfd(2) (M-uffd): 2 claims"), std::string::npos) << text;
  EXPECT_NE(text.find("X-1      deviated (anon deviated)\n    the claim: holes never appear\n"
                      "    kernel: 7.3.0-rc7\n    known documentation: inverted scans return holes\n"
                      "    evidence (g.anon.t): FAIL: pages {0, 1}, expected {0}"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("== Documentation/admin-guide/mm/userfaultfd.rst (K-uffd): 1 claims\nX-2      held"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace uffdc

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; i++) uffdc::g_binaries.push_back(argv[i]);
  return RUN_ALL_TESTS();
}
