// SPDX-License-Identifier: GPL-2.0
// A run compared with an earlier one, its baseline: every test and claim whose
// verdict changed. A change into a failure is a regression (pass -> fail, pass ->
// error, xfail -> fail, anything -> xpass; a claim that becomes "failed"), one out
// of a failure into pass or xfail is fixed, a test or claim in only one of the two
// runs is new or removed, and any other change (pass -> skip, fail -> error, ...)
// is listed as changed. `render_report --baseline` and the kernel matrix
// (report_matrix.h) print and record it; a regression fails the run.
#ifndef UFFDC_HARNESS_BASELINE_H_
#define UFFDC_HARNESS_BASELINE_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/model.h"

namespace uffdc {

struct VerdictChange {
  bool claim = false;  // a claim ID (its status compared), else a test (its verdict)
  std::string name;    // the test's name or the claim's ID
  std::string before;  // its verdict or status in the baseline; "" when new
  std::string after;   // ... in the run; "" when removed
};

struct Comparison {
  std::vector<VerdictChange> regressions;
  std::vector<VerdictChange> fixed;
  std::vector<VerdictChange> added;    // "new": only in the run
  std::vector<VerdictChange> removed;  // only in the baseline
  std::vector<VerdictChange> changed;  // any other change of verdict or status
  bool regressed() const { return !regressions.empty(); }
};

Comparison CompareRuns(const RunData& baseline, const RunData& run);

// {"regressions": [...], "fixed": [...], "new": [...], "removed": [...],
// "changed": [...]}, each change {"test" or "claim": name, "before", "after"},
// with "kernel": `kernel` when it is not empty.
nlohmann::json ComparisonJson(const Comparison& c, const std::string& kernel = "");
// Appends `c`'s lists of `from` (a ComparisonJson) to those of `into`.
void AppendComparisonJson(const nlohmann::json& from, nlohmann::json* into);

// "N regressions, N fixed, N new, N removed, N changed"
std::string ComparisonCounts(const Comparison& c);
// The counts, then one line per change ("  REGRESSION test NAME: pass -> fail").
std::string ComparisonText(const Comparison& c);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_BASELINE_H_
