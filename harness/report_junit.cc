// SPDX-License-Identifier: GPL-2.0
#include "harness/report_junit.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/report_text.h"

namespace uffdc {
namespace {

using report::Array;
using report::Escape;
using report::Field;
using report::Number;
using report::Seconds;
using report::Strings;
using report::Text;

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
std::vector<std::pair<std::string, std::string>> RunProperties(const nlohmann::json& doc) {
  std::vector<std::pair<std::string, std::string>> props;
  auto add = [&](const char* name, std::string value) {
    if (!value.empty()) props.emplace_back(name, std::move(value));
  };
  const nlohmann::json& env = Field(doc, "environment");
  const nlohmann::json& kernel = Field(env, "kernel");
  add("kernel.release", Text(kernel, "release"));
  add("kernel.version", Text(kernel, "version"));
  add("kernel.machine", Text(kernel, "machine"));
  add("uffdio_api.features", Text(env, "uffdio_api_features"));
  add("uffdio_api.feature_names", Join(Strings(env, "uffdio_api_feature_names"), " "));
  add("userfaultfd.error", Text(env, "userfaultfd_error"));
  add("config.userfaultfd_rwp", Text(env, "config_userfaultfd_rwp"));
  const nlohmann::json& health = Field(doc, "health");
  add("health.ok", Text(health, "ok"));
  for (std::string& p : Strings(health, "problems")) add("health.problem", std::move(p));
  for (const nlohmann::json& f : Array(doc, "findings")) {
    const std::string claim = Text(f, "claim"), status = Text(f, "status");
    if (claim.empty() && status.empty()) continue;
    std::string value = status;
    const std::string text = Text(f, "text");
    if (!text.empty()) value += (value.empty() ? "" : ": ") + text;
    add(("finding." + (claim.empty() ? std::string("unnamed") : claim)).c_str(), value);
  }
  add("command", Text(doc, "command"));
  add("schema", Text(doc, "schema"));
  return props;
}

// One <testcase>; counts it into `totals`.
std::string RenderTestcase(const nlohmann::json& test, const std::string& classname,
                           Totals* totals) {
  const std::string verdict = report::NormalVerdict(test);
  const std::string reason = Text(test, "reason");
  const std::vector<std::string> diagnostics = Strings(test, "diagnostics");
  const std::vector<std::string> claims = Strings(test, "claims");
  std::string name = Text(test, "name");
  if (name.empty()) name = "(unnamed test)";

  std::string out = "    <testcase" + Attr("classname", classname) + Attr("name", name) +
                    Attr("time", Seconds(Number(test, "duration_s")));
  std::string child;                  // skipped, failure or error
  std::vector<std::string> stdout_lines;  // system-out
  bool diagnostics_in_child = false;
  auto with_default = [&](const std::string& fallback) { return reason.empty() ? fallback : reason; };
  const nlohmann::json& known = report::Field(test, "known_issue");
  const std::string known_reason = Text(known, "reason");
  ++totals->tests;
  if (verdict == "skip") {
    ++totals->skipped;
    child = "<skipped" + Attr("message", with_default("skipped")) + "/>";
  } else if (verdict == "xfail") {
    // pytest's convention: an expected failure is a skip whose message starts
    // with "xfail:", so Jenkins and GitLab show it neither green nor red.
    ++totals->skipped;
    child = "<skipped" +
            Attr("message", "xfail: " + (known_reason.empty() ? with_default("known deviation")
                                                               : known_reason)) +
            "/>";
  } else if (verdict == "fail" || verdict == "xpass") {
    ++totals->failures;
    const std::string message =
        verdict == "fail" ? with_default("failed")
                          : with_default("passed, but a known issue expects it to fail (XPASS)");
    child = "<failure" + Attr("message", message) + Attr("type", verdict) + ">";
    diagnostics_in_child = true;
  } else if (verdict == "error") {
    ++totals->errors;
    child = "<error" + Attr("message", with_default("set-up error")) + Attr("type", "setup") + ">";
    diagnostics_in_child = true;
  } else if (verdict.empty()) {
    ++totals->errors;
    const std::string raw = Text(test, "verdict");
    child = "<error" +
            Attr("message", raw.empty() ? "the report gives no verdict for this test"
                                        : "unknown verdict '" + raw + "'") +
            Attr("type", "invalid") + ">";
    diagnostics_in_child = true;
  }
  if (verdict == "xfail" || verdict == "xpass") {
    if (!known_reason.empty()) {
      stdout_lines.push_back("known " + Text(known, "kind") + ": " + known_reason);
    }
    if (verdict == "xfail") stdout_lines.push_back("its failure: " + reason);
  }
  if (!claims.empty()) stdout_lines.push_back("claims: " + Join(claims, " "));
  if (diagnostics_in_child) {
    // The diagnostics say what went wrong; without any, the reason stands in.
    std::string body = diagnostics.empty() ? reason : Join(diagnostics, "\n");
    child += Escape(body);
    child += verdict == "fail" || verdict == "xpass" ? "</failure>" : "</error>";
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

std::string RenderJunit(const nlohmann::json& doc) {
  const auto run_props = RunProperties(doc);
  const std::string started = Text(doc, "started");
  const bool timestamp_ok = report::IsXsdDateTime(started);

  Totals all;
  std::string body;
  int index = 0;
  for (const nlohmann::json& suite : Array(doc, "suites")) {
    ++index;
    std::string binary = Text(suite, "binary");
    if (binary.empty()) binary = "suite-" + std::to_string(index);
    const std::string classname = "uffd-conformance." + binary;

    Totals totals;
    std::string cases;
    double test_time = 0;
    for (const nlohmann::json& test : Array(suite, "tests")) {
      cases += RenderTestcase(test, classname, &totals);
      const double d = Number(test, "duration_s").value_or(0);
      if (d > 0) test_time += d;
    }
    totals.time = Number(suite, "duration_s").value_or(test_time);
    if (totals.time < 0) totals.time = 0;

    auto props = run_props;
    auto add = [&](const char* name, std::string value) {
      if (!value.empty()) props.emplace_back(name, std::move(value));
    };
    add("binary", Text(suite, "binary"));
    add("backing", Text(suite, "backing"));
    add("exit_code", Text(suite, "exit_code"));
    add("signal", Text(suite, "signal"));
    add("timed_out", Text(suite, "timed_out"));

    body += "  <testsuite" + Attr("name", binary) + Attr("tests", std::to_string(totals.tests)) +
            Attr("failures", std::to_string(totals.failures)) +
            Attr("errors", std::to_string(totals.errors)) +
            Attr("skipped", std::to_string(totals.skipped)) + Attr("time", Seconds(totals.time));
    if (timestamp_ok) body += Attr("timestamp", started);
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
  const double time = Number(doc, "duration_s").value_or(all.time);

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
