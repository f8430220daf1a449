// SPDX-License-Identifier: GPL-2.0
// Claims about versions and configuration that the runner decides from the
// environment alone (no test runs them): reported as findings, not test results.
#ifndef UFFDC_HARNESS_FINDINGS_H_
#define UFFDC_HARNESS_FINDINGS_H_

#include <string>
#include <vector>

#include "harness/environment.h"

namespace uffdc {

struct Finding {
  std::string claim;   // "VER-1"
  std::string status;  // "agrees", "contradicts", "unknown"
  std::string text;
};

// VER-1 (the man pages' "since Linux 7.2"), VER-2 (both bits together), API-6
// (the config symbol agrees with the feature bits) and, on a kernel built without
// CONFIG_USERFAULTFD_RWP, API-5 (no bit offered), for this environment.
std::vector<Finding> DeriveFindings(const Environment& env);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_FINDINGS_H_
