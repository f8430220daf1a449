// SPDX-License-Identifier: GPL-2.0
// The two comparisons the runner's data files rely on: test-name patterns
// (claims.json, known_issues.json) and kernel versions (known issues' ranges).
#ifndef UFFDC_HARNESS_MATCHING_H_
#define UFFDC_HARNESS_MATCHING_H_

#include "absl/strings/string_view.h"

namespace uffdc {

// '*' matches any run of characters, everything else itself.
bool GlobMatch(absl::string_view pattern, absl::string_view text);

// Compares kernel versions numerically by their leading dotted numbers:
// "7.3.0-rc7-cloud-amd64" < "7.4". Returns <0, 0, >0.
int CompareKernelVersions(absl::string_view a, absl::string_view b);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_MATCHING_H_
