// SPDX-License-Identifier: GPL-2.0
#include "harness/report_json.h"

#include "absl/strings/str_cat.h"
#include "harness/matching.h"

namespace uffdc {

std::vector<RunResult> AllResults(const RunData& run) {
  std::vector<RunResult> out;
  for (const SuiteRun& s : run.suites) {
    for (const TestResult& t : s.tests) out.push_back({s.backing, t});
  }
  return out;
}

std::vector<std::string> ClaimsOf(const std::vector<Claim>& claims, const std::string& test_name) {
  std::vector<std::string> ids;
  for (const Claim& c : claims) {
    for (const std::string& pattern : c.tests) {
      if (GlobMatch(pattern, test_name)) {
        ids.push_back(c.id);
        break;
      }
    }
  }
  return ids;
}

nlohmann::json BuildReport(const RunData& run) {
  using nlohmann::json;
  const Environment& env = run.env;
  json environment = {
      {"kernel", {{"release", env.release}, {"version", env.version}, {"machine", env.machine}}},
      {"uffdio_api_features",
       env.system.features ? absl::StrCat("0x", absl::Hex(*env.system.features)) : ""},
      {"uffdio_api_feature_names", json::array()},
      {"userfaultfd_error", env.system.userfaultfd_error},
      {"config_userfaultfd_rwp", env.config_rwp},
      {"config_source", env.config_source},
      {"hugepages",
       {{"total", env.hugepages_total},
        {"free", env.system.free_hugepages},
        {"size_kb", env.system.hugepage_size / 1024}}},
      {"swap_total_kb", env.system.swap_total_kb},
      {"numa_nodes", env.system.numa_nodes},
      {"root", env.system.root},
  };
  if (env.system.features) {
    for (int bit = 0; bit < 64; bit++) {
      if (*env.system.features & (1ull << bit)) {
        environment["uffdio_api_feature_names"].push_back(FeatureNames(1ull << bit));
      }
    }
  }
  json health = {{"ok", run.health.ok},
                 {"taint_before", run.health.taint_before ? json(*run.health.taint_before) : json()},
                 {"taint_after", run.health.taint_after ? json(*run.health.taint_after) : json()},
                 {"kernel_log", run.health.kernel_log},
                 {"problems", run.health.problems},
                 {"attributed", run.health_attributions}};
  json findings = json::array();
  for (const Finding& f : run.findings) {
    findings.push_back({{"claim", f.claim}, {"status", f.status}, {"text", f.text}});
  }
  json suites = json::array();
  for (const SuiteRun& s : run.suites) {
    json tests = json::array();
    for (size_t i = 0; i < s.tests.size(); i++) {
      const TestResult& t = s.tests[i];
      tests.push_back({{"name", t.name},
                       {"backing", s.backing},
                       {"verdict", VerdictName(t.verdict)},
                       {"reason", t.reason},
                       {"duration_s", t.duration_s >= 0 ? json(t.duration_s) : json()},
                       {"claims", ClaimsOf(run.claims, t.name)},
                       {"diagnostics", t.diagnostics}});
      if (!t.known_issue.empty()) {
        tests.back()["known_issue"] = {{"reason", t.known_issue.reason},
                                       {"kind", t.known_issue.kind},
                                       {"claims", t.known_issue.claims}};
      }
    }
    suites.push_back({{"binary", s.binary},
                      {"backing", s.backing},
                      {"exit_code", s.end.exit_code},
                      {"signal", s.end.signal},
                      {"timed_out", s.end.timed_out},
                      {"duration_s", s.duration_s},
                      {"tests", tests}});
  }
  json claims = json::array(), gaps = json::array();
  const std::vector<RunResult> results = AllResults(run);  // JoinClaims points into it
  for (const ClaimStatus& s : JoinClaims(run.claims, results)) {
    if (s.claim->is_gap()) {
      json names = json::array();
      for (const RunResult* r : s.results) names.push_back(r->test.name);
      gaps.push_back({{"id", s.claim->id},
                      {"gap", s.claim->gap},
                      {"status", s.status},
                      {"backing_status", s.backing_status},
                      {"tests", names},
                      {"note", s.claim->note}});
      continue;
    }
    json by_backing = json::object();
    for (const auto& [backing, v] : s.by_backing) by_backing[backing] = VerdictName(v);
    json names = json::array();
    for (const RunResult* r : s.results) names.push_back(r->test.name);
    claims.push_back({{"id", s.claim->id},
                      {"claim", s.claim->text},
                      {"backings", s.claim->backings},
                      {"status", s.status},
                      {"by_backing", by_backing},
                      {"backing_status", s.backing_status},
                      {"sources", s.claim->sources},
                      {"build", s.claim->build},
                      {"tests", names},
                      {"note", s.claim->note},
                      {"finding", s.claim->finding},
                      {"untestable", s.claim->untestable}});
    for (const Finding& f : run.findings) {
      if (f.claim == s.claim->id) {
        claims.back()["finding"] = f.text;
        claims.back()["finding_status"] = f.status;
      }
    }
  }
  const Counts& c = run.counts;
  json doc = {{"schema", "uffd-conformance/1"},
          {"started", run.started},
          {"duration_s", run.duration_s},
          {"command", run.command},
          {"environment", environment},
          {"health", health},
          {"findings", findings},
          {"summary",
           {{"pass", c.pass}, {"fail", c.fail}, {"error", c.error}, {"skip", c.skip},
            {"xfail", c.xfail}, {"xpass", c.xpass}, {"line", SummaryLine(c)}}},
          {"suites", suites},
          {"claims", claims},
          {"not_in_the_pages", gaps}};
  if (run.metadata.is_object()) doc["metadata"] = run.metadata;
  return doc;
}

}  // namespace uffdc
