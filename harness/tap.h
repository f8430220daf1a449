// SPDX-License-Identifier: GPL-2.0
// Parsing one suite binary's TAP 13 output (kselftest_harness.h dialect) into
// per-test results, and the rules that turn a binary's run (its TAP, how it
// ended) into verdicts. Pure functions: the project's own tests drive them with
// well-formed, malformed and truncated streams.
#ifndef UFFDC_HARNESS_TAP_H_
#define UFFDC_HARNESS_TAP_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "fixtures/protocol.h"

namespace uffdc {

enum class Verdict { kPass, kFail, kSkip, kXfail, kXpass, kError };
const char* VerdictName(Verdict v);  // "pass", "fail", ...

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
  double duration_s = -1;                // from its RUN line to its result; -1 unknown
  KnownIssueRef known_issue;             // set for XFAIL and XPASS
};

struct SuiteTap {
  std::optional<int> plan;           // N of "1..N"
  std::vector<TestResult> tests;
  std::vector<std::string> problems;  // malformed lines, duplicate numbers, ...
  bool bailed_out = false;
};

// A suite binary's TAP, parsed line by line as it arrives.
class TapStream {
 public:
  // Feeds one line; returns the result it completes (with the diagnostics logged
  // since the previous result), if it is a result line.
  std::optional<TestResult> Feed(absl::string_view line);
  // The plan, problems and bail-out seen; `tests` holds every result fed.
  const SuiteTap& tap() const { return tap_; }
  // The diagnostics fed since the last result (a test still running).
  const std::vector<std::string>& pending() const { return pending_; }

 private:
  SuiteTap tap_;
  std::vector<std::string> pending_;
  bool in_yaml_ = false;
};

// The whole output at once (TapStream over its lines).
SuiteTap ParseTap(absl::string_view output);

// Whether `line` is a test result ("ok 3 name", "not ok 4 name # SKIP why").
bool IsResultLine(absl::string_view line);

// How the binary ended.
struct ProcessEnd {
  bool timed_out = false;
  double timeout_seconds = 0;
  int exit_code = 0;      // when it exited
  int signal = 0;         // when a signal killed it
  bool spawn_failed = false;
  std::string spawn_error;
};

// Checks the TAP against how the process ended, adding a failing pseudo-result
// "<binary>: <cause>" when the binary crashed, timed out, exited with a failure
// the TAP does not show, or left planned tests unreported.
void ReconcileWithProcess(const std::string& binary, const ProcessEnd& end, SuiteTap* tap);

struct Counts {
  int pass = 0, fail = 0, skip = 0, xfail = 0, xpass = 0, error = 0;
  void Add(Verdict v);
  // The one-line summary's three numbers add up to the results: "passed" is what
  // KTAP prints as ok without SKIP (pass, xfail), "failed" what it prints as not ok
  // (fail, error, xpass: a known issue that did not reproduce must be noticed).
  int failed() const { return fail + error + xpass; }
  int passed() const { return pass + xfail; }
  int total() const { return pass + fail + skip + xfail + xpass + error; }
};

// "12 passed, 0 failed, 30 skipped"
std::string SummaryLine(const Counts& c);
// kselftest.h's "# Totals: pass:N fail:N xfail:N xpass:N skip:N error:N"
std::string TotalsLine(const Counts& c);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_TAP_H_
