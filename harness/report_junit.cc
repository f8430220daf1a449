// SPDX-License-Identifier: GPL-2.0
#include "harness/report_junit.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "harness/claims.h"
#include "harness/report_text.h"

namespace uffdc {
namespace {

using report::Escape;
using report::Seconds;

std::string Attr(const char* name, const std::string& value) {
  return std::string(" ") + name + "=\"" + Escape(value, /*attribute=*/true) + "\"";
}

std::string Join(const std::vector<std::string>& lines, const char* sep) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += sep;
    out += lines[i];
  }
  return out;
}

struct Totals {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double time = 0;
};

// The properties every suite carries: what the run was and where it ran.
std::vector<std::pair<std::string, std::string>> RunProperties(const RunData& run) {
  std::vector<std::pair<std::string, std::string>> props;
  auto add = [&](const char* name, std::string value) {
    if (!value.empty()) props.emplace_back(name, std::move(value));
  };
  const Environment& env = run.env;
  add("kernel.release", env.release);
  add("kernel.version", env.version);
  add("kernel.machine", env.machine);
  add("uffdio_api.features", FeatureMask(env));
  add("uffdio_api.feature_names", Join(FeatureList(env), " "));
  add("userfaultfd.error", env.system.userfaultfd_error);
  add("config.userfaultfd_rwp", env.config_rwp);
  add("health.ok", run.health.ok ? "true" : "false");
  for (const std::string& p : run.health.problems) add("health.problem", p);
  for (const Finding& f : run.findings) {
    if (f.claim.empty() && f.status.empty()) continue;
    std::string value = f.status;
    if (!f.text.empty()) value += (value.empty() ? "" : ": ") + f.text;
    add(("finding." + (f.claim.empty() ? std::string("unnamed") : f.claim)).c_str(), value);
  }
  add("command", run.command);
  add("schema", kReportSchema);
  return props;
}

// One <testcase>; counts it into `totals`.
std::string RenderTestcase(const TestResult& test, const std::vector<Claim>& all_claims,
                           const std::string& classname, Totals* totals) {
  const Verdict verdict = test.verdict;
  const std::string& reason = test.reason;
  const std::vector<std::string>& diagnostics = test.diagnostics;
  const std::vector<std::string> claims = ClaimsOf(all_claims, test.name);
  const std::string name = test.name.empty() ? "(unnamed test)" : test.name;

  std::string out = "    <testcase" + Attr("classname", classname) + Attr("name", name) +
                    Attr("time", Seconds(test.duration_s));
  std::string child;                  // skipped, failure or error
  std::vector<std::string> stdout_lines;  // system-out
  bool diagnostics_in_child = false;
  auto with_default = [&](const std::string& fallback) { return reason.empty() ? fallback : reason; };
  const std::string& known_reason = test.known_issue.reason;
  ++totals->tests;
  switch (verdict) {
    case Verdict::kPass:
      break;
    case Verdict::kSkip:
      ++totals->skipped;
      child = "<skipped" + Attr("message", with_default("skipped")) + "/>";
      break;
    case Verdict::kXfail:
      // pytest's convention: an expected failure is a skip whose message starts
      // with "xfail:", so Jenkins and GitLab show it neither green nor red.
      ++totals->skipped;
      child = "<skipped" +
              Attr("message", "xfail: " + (known_reason.empty() ? with_default("known deviation")
                                                                 : known_reason)) +
              "/>";
      break;
    case Verdict::kFail:
    case Verdict::kXpass:
      ++totals->failures;
      child = "<failure" +
              Attr("message", verdict == Verdict::kFail
                                  ? with_default("failed")
                                  : with_default("passed, but a known issue expects it to fail (XPASS)")) +
              Attr("type", VerdictName(verdict)) + ">";
      diagnostics_in_child = true;
      break;
    case Verdict::kError:
      ++totals->errors;
      child = "<error" + Attr("message", with_default("set-up error")) + Attr("type", "setup") + ">";
      diagnostics_in_child = true;
      break;
  }
  if (verdict == Verdict::kXfail || verdict == Verdict::kXpass) {
    if (!known_reason.empty()) {
      stdout_lines.push_back("known " + test.known_issue.kind + ": " + known_reason);
    }
    if (verdict == Verdict::kXfail) stdout_lines.push_back("its failure: " + reason);
  }
  if (!claims.empty()) stdout_lines.push_back("claims: " + Join(claims, " "));
  if (diagnostics_in_child) {
    // The diagnostics say what went wrong; without any, the reason stands in.
    std::string body = diagnostics.empty() ? reason : Join(diagnostics, "\n");
    child += Escape(body);
    child += verdict == Verdict::kError ? "</error>" : "</failure>";
  } else {
    stdout_lines.insert(stdout_lines.end(), diagnostics.begin(), diagnostics.end());
  }
  if (child.empty() && stdout_lines.empty()) return out + "/>\n";
  out += ">\n";
  if (!child.empty()) out += "      " + child + "\n";
  if (!stdout_lines.empty()) {
    out += "      <system-out>" + Escape(Join(stdout_lines, "\n")) + "</system-out>\n";
  }
  return out + "    </testcase>\n";
}

}  // namespace

std::string RenderJunit(const RunData& run) {
  const auto run_props = RunProperties(run);
  const bool timestamp_ok = report::IsXsdDateTime(run.started);

  Totals all;
  std::string body;
  int index = 0;
  for (const SuiteRun& suite : run.suites) {
    ++index;
    const std::string binary = suite.binary.empty() ? "suite-" + std::to_string(index) : suite.binary;
    const std::string classname = "uffd-conformance." + binary;

    Totals totals;
    std::string cases;
    for (const TestResult& test : suite.tests) {
      cases += RenderTestcase(test, run.claims, classname, &totals);
    }
    totals.time = std::max(suite.duration_s, 0.0);

    auto props = run_props;
    auto add = [&](const char* name, std::string value) {
      if (!value.empty()) props.emplace_back(name, std::move(value));
    };
    add("binary", suite.binary);
    add("backing", suite.backing);
    add("exit_code", std::to_string(suite.end.exit_code));
    add("signal", std::to_string(suite.end.signal));
    add("timed_out", suite.end.timed_out ? "true" : "false");

    body += "  <testsuite" + Attr("name", binary) + Attr("tests", std::to_string(totals.tests)) +
            Attr("failures", std::to_string(totals.failures)) +
            Attr("errors", std::to_string(totals.errors)) +
            Attr("skipped", std::to_string(totals.skipped)) + Attr("time", Seconds(totals.time));
    if (timestamp_ok) body += Attr("timestamp", run.started);
    body += ">\n";
    if (!props.empty()) {
      body += "    <properties>\n";
      for (const auto& [name, value] : props) {
        body += "      <property" + Attr("name", name) + Attr("value", value) + "/>\n";
      }
      body += "    </properties>\n";
    }
    body += cases;
    body += "  </testsuite>\n";

    all.tests += totals.tests;
    all.failures += totals.failures;
    all.errors += totals.errors;
    all.skipped += totals.skipped;
    all.time += totals.time;
  }
  const double time = run.duration_s;

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites" + Attr("name", "uffd-conformance") + Attr("tests", std::to_string(all.tests)) +
         Attr("failures", std::to_string(all.failures)) +
         Attr("errors", std::to_string(all.errors)) +
         Attr("skipped", std::to_string(all.skipped)) + Attr("time", Seconds(time)) + ">\n";
  out += body;
  out += "</testsuites>\n";
  return out;
}

}  // namespace uffdc
