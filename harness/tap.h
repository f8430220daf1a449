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
#include "harness/model.h"
#include "harness/process.h"

namespace uffdc {

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

// Checks the TAP against how the process ended, adding a failing pseudo-result
// "<binary>: <cause>" when the binary crashed, timed out, exited with a failure
// the TAP does not show, or left planned tests unreported.
void ReconcileWithProcess(const std::string& binary, const ProcessEnd& end, SuiteTap* tap);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_TAP_H_
