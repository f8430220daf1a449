// SPDX-License-Identifier: GPL-2.0
// Known deviations: tests kept strict although a given kernel is known to
// contradict the claim they check. An entry excuses one *failure*, not a test: it
// names the test pattern, the backings, the kernel range and the failure's
// signature (regular expressions over the failure lines of the test's
// diagnostics). A failure with another signature, a hang, a crash or a set-up
// error stays what it is. A matching failure becomes XFAIL and keeps its own
// diagnostic beside the known issue's reason; a pass becomes XPASS (the kernel
// was fixed: a failure, so that the list gets updated). --strict ignores the list.
#ifndef UFFDC_HARNESS_KNOWN_ISSUES_H_
#define UFFDC_HARNESS_KNOWN_ISSUES_H_

#include <map>
#include <regex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "harness/environment.h"
#include "harness/tap.h"

namespace uffdc {

struct KnownIssue {
  std::string test;                   // TAP name pattern; '*' matches any run
  std::vector<std::string> backings;  // the backings it applies to; empty = all
  std::vector<std::string> claims;    // claim IDs the deviation contradicts
  std::string since;                  // first kernel version showing it ("7.3"), "" = any
  std::string until;                  // first version fixed (exclusive), "" = not yet
  // Kernel configuration it is limited to, {"CONFIG_PTE_MARKER_UFFD_WP": "n"} (an
  // unset symbol reads "n"): where one deviation shows a different failure under
  // another configuration. An issue with a condition never applies to a kernel
  // whose configuration the runner could not read.
  std::map<std::string, std::string> config;
  // "kernel-bug": the kernel is wrong; "documentation": the kernel's behaviour is
  // deliberate and the man page is wrong or silent about it.
  std::string kind;
  std::string reason;
  // Every failure line must match one of these and each must match a failure line.
  std::vector<std::string> signature;
  std::vector<std::regex> compiled;
};

// Parses the known-issues JSON document ({"known_issues": [{...}, ...]}); errors
// name the entry and field.
absl::StatusOr<std::vector<KnownIssue>> ParseKnownIssues(absl::string_view json);

// The diagnostics of a test that say why it failed (fixtures/protocol.h).
std::vector<std::string> FailureLines(const std::vector<std::string>& diagnostics);

// Whether `failure_lines` are exactly the failure `issue` describes.
bool MatchesSignature(const KnownIssue& issue, const std::vector<std::string>& failure_lines);

// The first issue that applies to `test` on `backing`, kernel `release` and its
// `config`, or nullptr.
const KnownIssue* FindKnownIssue(const std::vector<KnownIssue>& issues, absl::string_view test,
                                 absl::string_view backing, absl::string_view release,
                                 const KernelConfig& config = {});

// FAIL with the issue's signature -> XFAIL; PASS -> XPASS; anything else stays.
void ApplyKnownIssues(const std::vector<KnownIssue>& issues, absl::string_view backing,
                      absl::string_view release, TestResult* test,
                      const KernelConfig& config = {});

}  // namespace uffdc

#endif  // UFFDC_HARNESS_KNOWN_ISSUES_H_
