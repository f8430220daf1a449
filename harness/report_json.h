// SPDX-License-Identifier: GPL-2.0
// The run as one JSON document (schema "uffd-conformance/1"): environment, health,
// findings, every result with its claims, and the claims joined with the results.
// The JUnit and HTML reports are rendered from this document.
#ifndef UFFDC_HARNESS_REPORT_JSON_H_
#define UFFDC_HARNESS_REPORT_JSON_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/claims.h"
#include "harness/environment.h"
#include "harness/tap.h"

namespace uffdc {

struct SuiteRun {
  std::string binary;   // "uffd_rwp_anon"
  std::string backing;  // "anon"
  ProcessEnd end;
  double duration_s = 0;
  std::vector<TestResult> tests;
};

struct RunData {
  std::string started;  // ISO 8601 UTC
  std::string command;
  double duration_s = 0;
  Environment env;
  std::vector<Finding> findings;
  HealthMonitor::Report health;
  std::vector<std::string> health_attributions;  // "<test>: <kernel log line>"
  std::vector<SuiteRun> suites;
  Counts counts;
  std::vector<Claim> claims;
  nlohmann::json metadata;  // uffdc_run --metadata: where the run happened, or null
};

// Every result of the run, labelled with its backing (for JoinClaims).
std::vector<RunResult> AllResults(const RunData& run);

// The claim IDs whose test patterns match `test_name`.
std::vector<std::string> ClaimsOf(const std::vector<Claim>& claims, const std::string& test_name);

nlohmann::json BuildReport(const RunData& run);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_REPORT_JSON_H_
