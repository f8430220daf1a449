// SPDX-License-Identifier: GPL-2.0
#include "harness/report_json.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "harness/claims.h"
#include "harness/report_text.h"

namespace uffdc {

using nlohmann::json;

json EnvironmentJson(const Environment& env) {
  return {
      {"kernel", {{"release", env.release}, {"version", env.version}, {"machine", env.machine}}},
      {"uffdio_api_features", FeatureMask(env)},
      {"uffdio_api_feature_names", FeatureList(env)},
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
}

json ToJson(const RunData& run) {
  const json environment = EnvironmentJson(run.env);
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
                      {"backings", s.claim->backings},
                      {"tests", names},
                      {"patterns", s.claim->tests},
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
                      {"patterns", s.claim->tests},
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
  json doc = {{"schema", kReportSchema},
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

namespace {

using report::Field;
using report::Text;

// A number (or a string holding one); nullopt otherwise or when not finite.
std::optional<double> Number(const json& value) {
  double d;
  if (value.is_number()) {
    d = value.get<double>();
  } else if (value.is_string()) {
    const std::string s = value.get<std::string>();
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    d = std::strtod(s.c_str(), &end);
    if (end == nullptr || *end != '\0') return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(d)) return std::nullopt;
  return d;
}
std::optional<double> Number(const json& object, const char* key) {
  return Number(Field(object, key));
}

// A count: a number of at least 0 that fits an int, else nullopt.
template <typename T>
std::optional<T> Whole(const json& object, const char* key) {
  const std::optional<double> d = Number(object, key);
  if (!d || *d < 0 || *d > static_cast<double>(std::numeric_limits<int>::max())) return std::nullopt;
  return static_cast<T>(*d);
}

// A boolean (true/false, or 0/1); nullopt otherwise.
std::optional<bool> Bool(const json& object, const char* key) {
  const json& value = Field(object, key);
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number_integer() || value.is_number_unsigned()) {
    const auto v = value.get<long long>();
    if (v == 0 || v == 1) return v == 1;
  }
  return std::nullopt;
}

// The scalar elements of an array member, as Text(); empty when it is not an array.
std::vector<std::string> Strings(const json& object, const char* key) {
  std::vector<std::string> out;
  const json& a = Field(object, key);
  if (!a.is_array()) return out;
  for (const json& e : a) {
    if (e.is_string() || !Text(e).empty()) out.push_back(Text(e));
  }
  return out;
}

// The elements of an array member, or none.
const json& Array(const json& object, const char* key) {
  static const json* const kEmpty = new json(json::array());
  const json& a = Field(object, key);
  return a.is_array() ? a : *kEmpty;
}

Environment EnvironmentFromJson(const json& e) {
  Environment env;
  const json& kernel = Field(e, "kernel");
  env.release = Text(kernel, "release");
  env.version = Text(kernel, "version");
  env.machine = Text(kernel, "machine");
  const std::string features = Text(e, "uffdio_api_features");
  uint64_t mask;
  if (features.rfind("0x", 0) == 0 && absl::SimpleHexAtoi(features.substr(2), &mask)) {
    env.system.features = mask;
  }
  env.system.userfaultfd_error = Text(e, "userfaultfd_error");
  env.config_rwp = Text(e, "config_userfaultfd_rwp");
  env.config_source = Text(e, "config_source");
  const json& hugepages = Field(e, "hugepages");
  env.hugepages_total = Whole<uint64_t>(hugepages, "total").value_or(0);
  env.system.free_hugepages = Whole<uint64_t>(hugepages, "free").value_or(0);
  env.system.hugepage_size = Whole<uint64_t>(hugepages, "size_kb").value_or(0) * 1024;
  env.system.swap_total_kb = Whole<uint64_t>(e, "swap_total_kb").value_or(0);
  env.system.numa_nodes = Whole<int>(e, "numa_nodes").value_or(env.system.numa_nodes);
  env.system.root = Bool(e, "root").value_or(false);
  return env;
}

TestResult TestFromJson(const json& t) {
  TestResult test;
  test.name = Text(t, "name");
  test.reason = Text(t, "reason");
  const std::string verdict = Text(t, "verdict");
  if (std::optional<Verdict> v = ParseVerdict(verdict)) {
    test.verdict = *v;
  } else {
    // Never a pass: what the document does not say is an error, visibly.
    test.verdict = Verdict::kError;
    test.reason = absl::StrCat(verdict.empty() ? "the report gives no verdict for this test"
                                               : absl::StrCat("unknown verdict '", verdict, "'"),
                               test.reason.empty() ? "" : ": ", test.reason);
  }
  test.diagnostics = Strings(t, "diagnostics");
  test.duration_s = Number(t, "duration_s").value_or(-1);
  const json& known = Field(t, "known_issue");
  test.known_issue = {Text(known, "reason"), Text(known, "kind"), Strings(known, "claims")};
  return test;
}

SuiteRun SuiteFromJson(const json& s) {
  SuiteRun suite;
  suite.binary = Text(s, "binary");
  suite.backing = Text(s, "backing");
  suite.end.exit_code = static_cast<int>(Number(s, "exit_code").value_or(0));
  suite.end.signal = static_cast<int>(Number(s, "signal").value_or(0));
  suite.end.timed_out = Bool(s, "timed_out").value_or(false);
  double test_time = 0;
  for (const json& t : Array(s, "tests")) {
    suite.tests.push_back(TestFromJson(t));
    if (suite.tests.back().duration_s > 0) test_time += suite.tests.back().duration_s;
  }
  suite.duration_s = Number(s, "duration_s").value_or(test_time);
  return suite;
}

// A claim (or a gap of the pages) as the catalogue has it: its test patterns, or
// in a document written before they were, the names of the tests that matched.
Claim ClaimFromJson(const json& c) {
  Claim claim;
  claim.id = Text(c, "id");
  claim.text = Text(c, "claim");
  claim.backings = Text(c, "backings");
  claim.tests = Strings(c, Field(c, "patterns").is_array() ? "patterns" : "tests");
  claim.note = Text(c, "note");
  claim.finding = Text(c, "finding");
  claim.build = Text(c, "build");
  claim.untestable = Text(c, "untestable");
  claim.sources = Strings(c, "sources");
  claim.gap = Text(c, "gap");
  return claim;
}

}  // namespace

absl::StatusOr<RunData> RunDataFromJson(const json& doc) {
  if (!doc.is_object()) return absl::InvalidArgumentError("the report is not a JSON object");
  if (!Field(doc, "suites").is_array()) {
    return absl::InvalidArgumentError("the report has no \"suites\" array");
  }
  RunData run;
  run.started = Text(doc, "started");
  run.command = Text(doc, "command");
  run.env = EnvironmentFromJson(Field(doc, "environment"));
  for (const json& f : Array(doc, "findings")) {
    run.findings.push_back({Text(f, "claim"), Text(f, "status"), Text(f, "text")});
  }
  const json& health = Field(doc, "health");
  run.health.ok = Bool(health, "ok").value_or(true);
  run.health.taint_before = Whole<uint64_t>(health, "taint_before");
  run.health.taint_after = Whole<uint64_t>(health, "taint_after");
  run.health.kernel_log = Strings(health, "kernel_log");
  run.health.problems = Strings(health, "problems");
  run.health_attributions = Strings(health, "attributed");
  double suite_time = 0;
  Counts counted;
  for (const json& s : Array(doc, "suites")) {
    run.suites.push_back(SuiteFromJson(s));
    suite_time += std::max(run.suites.back().duration_s, 0.0);
    for (const TestResult& t : run.suites.back().tests) counted.Add(t.verdict);
  }
  run.duration_s = Number(doc, "duration_s").value_or(suite_time);
  // The runner's summary where it gives one, else what the tests add up to.
  const json& summary = Field(doc, "summary");
  run.counts = {Whole<int>(summary, "pass").value_or(counted.pass),
                Whole<int>(summary, "fail").value_or(counted.fail),
                Whole<int>(summary, "skip").value_or(counted.skip),
                Whole<int>(summary, "xfail").value_or(counted.xfail),
                Whole<int>(summary, "xpass").value_or(counted.xpass),
                Whole<int>(summary, "error").value_or(counted.error)};
  for (const char* list : {"claims", "not_in_the_pages"}) {
    for (const json& c : Array(doc, list)) run.claims.push_back(ClaimFromJson(c));
  }
  if (Field(doc, "metadata").is_object()) run.metadata = Field(doc, "metadata");
  return run;
}

}  // namespace uffdc
