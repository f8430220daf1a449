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
#include "harness/model.h"

namespace uffdc {

// The backings a claim applies to ("A,S,H", "S (H not reclaimable)", "all", "n/a").
std::vector<std::string> ClaimBackings(const Claim& claim);

absl::StatusOr<std::vector<Claim>> ParseClaims(absl::string_view json);

// A test result with the binary (backing) it came from.
struct RunResult {
  std::string backing;  // "anon", "shmem", "hugetlb"
  TestResult test;
};

// The statuses JoinClaims gives a claim on a backing and as a whole (the one
// place they are spelled; the HTML page colours them).
namespace claim_status {
inline constexpr char kHeld[] = "held";
inline constexpr char kPartlyChecked[] = "partly checked";
inline constexpr char kDeviated[] = "deviated";
inline constexpr char kFailed[] = "failed";
inline constexpr char kSkipped[] = "skipped";
inline constexpr char kNotRun[] = "not run";
// Claims no test checks: the runner's findings decide them, the build does, or
// nothing can here.
inline constexpr char kFinding[] = "finding";
inline constexpr char kBuild[] = "build";
inline constexpr char kUntestable[] = "untestable";
}  // namespace claim_status

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

// Every result of the run, labelled with its backing (for JoinClaims).
std::vector<RunResult> AllResults(const RunData& run);

// The claim IDs whose test patterns match `test_name`.
std::vector<std::string> ClaimsOf(const std::vector<Claim>& claims, const std::string& test_name);

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
