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

namespace uffdc {

enum class Verdict { kPass, kFail, kSkip, kXfail, kXpass, kError };
const char* VerdictName(Verdict v);  // "pass", "fail", ...

struct TestResult {
  int number = 0;
  std::string name;      // "sync_fault.anon.read_blocks_and_delivers_one_rwp_message"
  Verdict verdict = Verdict::kPass;
  std::string reason;    // SKIP/XFAIL reason, or why it failed
  std::vector<std::string> diagnostics;  // "#" lines logged while it ran
};

struct SuiteTap {
  std::optional<int> plan;           // N of "1..N"
  std::vector<TestResult> tests;
  std::vector<std::string> problems;  // malformed lines, duplicate numbers, ...
  bool bailed_out = false;
};

// The marker fixtures/check.h logs when a test's set-up broke (not the kernel).
inline constexpr char kSetupErrorMark[] = "SETUP ERROR:";

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
  // What the one-line summary calls "failed": anything that is not a pass or skip
  // and was not expected (fail, error, xpass).
  int failed() const { return fail + error + xpass; }
  int passed() const { return pass; }
};

// "12 passed, 0 failed, 30 skipped"
std::string SummaryLine(const Counts& c);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_TAP_H_
