// SPDX-License-Identifier: GPL-2.0
// The runner's KTAP stream rendered from the run's model, the runner's own checks
// (findings, kernel health) as result lines, its exit status, and the merge of a
// run that several guests shared out (scripts/vmtest --jobs N: each guest ran some
// of the suites) into the run one guest would have reported. uffdc_run uses the
// first three as it runs; `uffdc_run --merge` all of them.
#ifndef UFFDC_HARNESS_MERGE_H_
#define UFFDC_HARNESS_MERGE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/model.h"

namespace uffdc {

// kselftest's exit codes (kselftest.h): runner.sh reads 2 as XFAIL, so the
// runner's bad input is 1.
inline constexpr int kExitPass = 0, kExitFail = 1, kExitSkip = 4;
// The collection every result line of the runner's own is named under.
inline constexpr char kCollection[] = "uffd-conformance";
// The pseudo-suite of the runner's own checks (require.*, finding.*, kernel_health).
inline constexpr char kChecksSuite[] = "uffdc_run";

// One KTAP result line, the way kselftest.h spells each verdict.
std::string ResultLine(int number, const std::string& name, const TestResult& t);
// A finding as a result line: agreeing passes, contradicting the pages is a
// documentation deviation (XFAIL), undecidable here a SKIP.
TestResult FindingCheck(const Finding& f);
// The kernel's health as a result line (kernel_health), the log lines quoted.
TestResult HealthCheck(const HealthMonitor::Report& health);
// "<verdict>: <name>: <reason> [known ...]" for every result but pass and skip.
std::vector<std::string> NotableLines(const RunData& run);
// The runner's exit status for a finished run: 1 when something failed, 4 when
// every test of the suites skipped (the binaries' own lines and the runner's
// checks aside), else 0.
int ExitStatus(const RunData& run);

// The run as the one KTAP stream uffdc_run prints: header, plan, each suite's
// "# selftests:" block with its diagnostics and results, the runner's checks,
// `claims_text` (the claims report, each line as a "#" line), the notable
// results, "# Totals:" and the summary line. Result lines are numbered anew, so
// the plan equals the number of results.
std::string RenderKtap(const RunData& run, const std::string& claims_text = "");

// The run that one guest running every part's suites would have reported:
// the suites of all parts in `order` (backings or binary names; the others
// after them, as they come), the environment of the first part that finished
// (one with a kernel_health check; salvaged parts have none), the findings
// derived from it again, --require's checks failed where any part failed them,
// the health joined (ok only if every part's was; taints or'ed; log lines,
// problems and attributions of all), kernel_health judged over the parts that
// finished, other checks (a salvaged part's "machine") joined by name, worst
// verdict first, and the counts recomputed. It started when the first part did
// and lasted as long as the longest. An error when there is no part, when two
// parts ran different kernels (release) or the same suite.
absl::StatusOr<RunData> MergeRuns(const std::vector<RunData>& parts,
                                  const std::vector<std::string>& order);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_MERGE_H_
