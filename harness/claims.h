// SPDX-License-Identifier: GPL-2.0
// The project's claims data (harness/claims.json): every claim ID of the
// catalogue, the tests that check it or why it cannot be checked, joined with a
// run's results into a per-claim, per-backing verdict.
#ifndef UFFDC_HARNESS_CLAIMS_H_
#define UFFDC_HARNESS_CLAIMS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "harness/tap.h"

namespace uffdc {

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

// The backings a claim applies to ("A,S,H", "S (H not reclaimable)", "all", "n/a").
std::vector<std::string> ClaimBackings(const Claim& claim);

absl::StatusOr<std::vector<Claim>> ParseClaims(absl::string_view json);

// A test result with the binary (backing) it came from.
struct RunResult {
  std::string backing;  // "anon", "shmem", "hugetlb"
  TestResult test;
};

struct ClaimStatus {
  const Claim* claim;
  // backing -> the worst verdict among the claim's tests on it (fail > error >
  // xpass > xfail > pass > skip); absent when no test of the claim ran there.
  std::map<std::string, Verdict> by_backing;
  // Each backing the claim applies to -> "held" (every test of it there passed),
  // "partly checked" (some passed, some skipped), "deviated" (a known issue),
  // "failed", "skipped" or "not run".
  std::map<std::string, std::string> backing_status;
  // The whole claim: one of the above, "not testable on this kernel (no thp)"
  // when only the kernel's configuration kept its tests from running, or
  // "untestable", "finding", "build".
  std::string status;
  std::vector<const RunResult*> results;  // every result of its tests
};

// The statuses point into `claims` and `results`, which must outlive them.
std::vector<ClaimStatus> JoinClaims(const std::vector<Claim>& claims,
                                    const std::vector<RunResult>& results);

// "FAULT-7   pass: anon shmem hugetlb (1 test)" lines, then the totals. `findings`
// maps a claim ID to what the runner found for it ("contradicts: ...").
std::string ClaimsReport(const std::vector<ClaimStatus>& statuses,
                         const std::map<std::string, std::string>& findings = {});

// The claims report per source document, for the people who maintain it (the man
// pages, the kernel's documentation): each document's claims with their verdict per
// backing and, for one the kernel contradicts, the catalogue's wording, the kernel
// seen and the evidence (the failure lines and the known issue's reason).
std::string ClaimsBySource(const std::vector<ClaimStatus>& statuses,
                           const std::string& kernel_release);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_CLAIMS_H_
