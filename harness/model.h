// SPDX-License-Identifier: GPL-2.0
// The run's model: each test's verdict and evidence, the suites as they ran, the
// claims, the environment, and the run as a whole. The runner builds it,
// harness/report_json.h writes it as JSON and reads it back, and every report
// (text, JUnit, HTML, KCIDB) renders from it.
#ifndef UFFDC_HARNESS_MODEL_H_
#define UFFDC_HARNESS_MODEL_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "harness/environment.h"
#include "harness/findings.h"
#include "harness/health.h"
#include "harness/process.h"

namespace uffdc {

enum class Verdict { kPass, kFail, kSkip, kXfail, kXpass, kError };
const char* VerdictName(Verdict v);  // "pass", "fail", ...
// The verdict VerdictName() spells `name` (any case); nullopt for anything else.
std::optional<Verdict> ParseVerdict(absl::string_view name);

// The known issue a result was judged against (harness/known_issues.h).
struct KnownIssueRef {
  std::string reason;
  std::string kind;  // "kernel-bug" or "documentation"
  std::vector<std::string> claims;
  bool empty() const { return reason.empty(); }
};

struct TestResult {
  int number = 0;
  std::string name;      // "sync_fault.anon.read_blocks_and_delivers_one_rwp_message"
  Verdict verdict = Verdict::kPass;
  // SKIP reason ("[tag] ..."), or why it failed / errored (its first failure line).
  std::string reason;
  std::vector<std::string> diagnostics;  // "#" lines logged while it ran
  double duration_s = -1;                // from the previous result to its own; -1 unknown
  KnownIssueRef known_issue;             // set for XFAIL and XPASS
};

// Whether a verdict is a failure of the run: what KTAP prints as not ok (fail,
// error, and xpass: a known issue that did not reproduce must be noticed).
inline bool IsFailure(Verdict v) {
  return v == Verdict::kFail || v == Verdict::kError || v == Verdict::kXpass;
}

struct Counts {
  int pass = 0, fail = 0, skip = 0, xfail = 0, xpass = 0, error = 0;
  void Add(Verdict v);
  // The one-line summary's three numbers add up to the results: "passed" is what
  // KTAP prints as ok without SKIP (pass, xfail), "failed" the failures (IsFailure).
  int failed() const { return fail + error + xpass; }
  int passed() const { return pass + xfail; }
  int total() const { return pass + fail + skip + xfail + xpass + error; }
};

// "12 passed, 0 failed, 30 skipped"
std::string SummaryLine(const Counts& c);
// kselftest.h's "# Totals: pass:N fail:N xfail:N xpass:N skip:N error:N"
std::string TotalsLine(const Counts& c);

// One claim of the catalogue (harness/claims.json); harness/claims.h joins it
// with the results.
struct Claim {
  std::string id;        // "FAULT-7"
  std::string text;      // the claim, as the catalogue words it
  std::string backings;  // "A,S,H", "all", "n/a", ...
  std::vector<std::string> tests;  // TAP name patterns, '*' for the backing
  std::string note;
  std::string finding;     // checked by the runner's environment findings
  std::string build;       // checked when the project builds (how)
  std::string untestable;  // why no test can check it here
  std::vector<std::string> sources;  // the documents that make it: "M-uffd", "K-uffd", ...
  // Set for an entry that is not a claim of the pages but one of the catalogue's
  // discrepancies ("D13"), or a gap this suite found beyond the catalogue
  // ("GAP-1"): what the pages leave open, which its tests pin down as what the
  // kernel does. Reported apart from the claims, as "not in the pages".
  std::string gap;
  bool is_gap() const { return !gap.empty(); }
};

struct SuiteRun {
  std::string binary;   // "uffd_rwp_anon"
  std::string backing;  // "anon"
  ProcessEnd end;
  double duration_s = 0;
  std::vector<TestResult> tests;
};

inline constexpr char kReportSchema[] = "uffd-conformance/1";

struct RunData {
  std::string started;  // ISO 8601 UTC
  std::string command;
  double duration_s = 0;
  Environment env;
  std::vector<Finding> findings;
  HealthMonitor::Report health;
  std::vector<std::string> health_attributions;  // "<test>: <kernel log line>"
  std::vector<SuiteRun> suites;
  Counts counts;
  std::vector<Claim> claims;
  nlohmann::json metadata;  // uffdc_run --metadata: where the run happened, or null
};

}  // namespace uffdc

#endif  // UFFDC_HARNESS_MODEL_H_
