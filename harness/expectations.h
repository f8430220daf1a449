// SPDX-License-Identifier: GPL-2.0
// Known kernel deviations: tests that are kept strict although a given kernel is
// known to contradict the claim they check. A matching failure becomes XFAIL and an
// unexpected pass XPASS, both with the recorded reason; --strict ignores the list.
#ifndef UFFDC_HARNESS_EXPECTATIONS_H_
#define UFFDC_HARNESS_EXPECTATIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "harness/tap.h"

namespace uffdc {

struct KnownIssue {
  std::string test;                 // TAP name; '*' matches any run of characters
  std::vector<std::string> claims;  // claim IDs the deviation contradicts
  std::string since;                // first kernel version showing it ("7.3"), "" = any
  std::string until;                // first version fixed (exclusive), "" = not yet
  std::string reason;
};

// Parses the known-issues JSON document ({"known_issues": [{...}, ...]}); errors
// name the entry and field.
absl::StatusOr<std::vector<KnownIssue>> ParseKnownIssues(absl::string_view json);

// Compares kernel versions numerically by their leading dotted numbers:
// "7.3.0-rc7-cloud-amd64" < "7.4". Returns <0, 0, >0.
int CompareKernelVersions(absl::string_view a, absl::string_view b);

bool GlobMatch(absl::string_view pattern, absl::string_view text);

// The issue that applies to `test` on kernel `release`, or nullptr.
const KnownIssue* FindKnownIssue(const std::vector<KnownIssue>& issues, absl::string_view test,
                                 absl::string_view release);

// Turns FAIL into XFAIL and PASS into XPASS for tests with a known issue.
void ApplyKnownIssues(const std::vector<KnownIssue>& issues, absl::string_view release,
                      std::vector<TestResult>* tests);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_EXPECTATIONS_H_
