// SPDX-License-Identifier: GPL-2.0
#include "harness/report_kcidb.h"

#include <cstdint>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "harness/claims.h"
#include "harness/report_json.h"
#include "harness/report_text.h"

namespace uffdc {
namespace {

using nlohmann::json;
using report::Field;
using report::Text;

constexpr char kCollection[] = "uffd-conformance";
constexpr size_t kLogExcerptMax = 16384;  // the schema's maxLength

// The schema's patterns (kcidb-io v5: origin, and "origin:anything" for IDs).
const std::regex& OriginRe() {
  static const std::regex re("^[a-z0-9_]+$");
  return re;
}
const std::regex& IdRe() {
  static const std::regex re("^[a-z0-9_]+:.*$");
  return re;
}

// A path component: letters, digits, '_' and '-' (dots separate components).
std::string PathPart(const std::string& s) {
  std::string out;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    out += ok ? c : '_';
  }
  return out.empty() ? "_" : out;
}

// A test name keeps its own dots ("sync_fault.anon.read_blocks") as path levels.
std::string PathOf(const std::string& backing, const std::string& name) {
  std::string out = kCollection;
  if (!backing.empty()) absl::StrAppend(&out, ".", PathPart(backing));
  size_t start = 0;
  while (!name.empty() && start <= name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    absl::StrAppend(&out, ".", PathPart(name.substr(start, dot - start)));
    start = dot + 1;
  }
  return out;
}

// FNV-1a: a stable short ID for a known issue from its reason text.
std::string StableHash(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return absl::StrCat(absl::Hex(h, absl::kZeroPad16));
}

// Log text as the schema wants it: valid UTF-8, no NUL, at most 16384 characters.
std::string Excerpt(const std::string& text) {
  std::string clean = report::CleanText(text);
  if (clean.size() <= kLogExcerptMax) return clean;
  // Cut on a UTF-8 boundary: never inside a multi-byte sequence.
  size_t cut = kLogExcerptMax - 4;
  while (cut > 0 && (static_cast<unsigned char>(clean[cut]) & 0xC0) == 0x80) --cut;
  return clean.substr(0, cut) + "\n...";
}

std::optional<absl::Time> ParseStart(const std::string& text) {
  absl::Time t;
  std::string err;
  if (absl::ParseTime("%Y-%m-%dT%H:%M:%SZ", text, &t, &err)) return t;
  if (absl::ParseTime(absl::RFC3339_full, text, &t, &err)) return t;
  return std::nullopt;
}

std::string KcidbTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6S+00:00", t, absl::UTCTimeZone());
}

// KCIDB's status of one result of the runner.
std::string StatusOf(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
    case Verdict::kXpass: return "PASS";
    case Verdict::kFail:
    case Verdict::kXfail: return "FAIL";
    case Verdict::kError: return "ERROR";
    case Verdict::kSkip: return "SKIP";
  }
  return "MISS";
}

// The schema lists statuses by priority: a summary takes the highest.
int Priority(const std::string& status) {
  static const std::map<std::string, int> kOrder = {
      {"FAIL", 6}, {"ERROR", 5}, {"MISS", 4}, {"PASS", 3}, {"DONE", 2}, {"SKIP", 1}};
  auto it = kOrder.find(status);
  return it == kOrder.end() ? 0 : it->second;
}

// A kernel release as an ID part: "7.3.0-rc7-cloud-amd64".
std::string ReleaseId(const RunData& run) {
  return run.env.release.empty() ? "unknown-kernel" : run.env.release;
}

// KCIDB's architecture names are the kernel's (x86_64 -> x86_64, aarch64 -> arm64).
std::string Architecture(const std::string& machine) {
  if (machine == "aarch64") return "arm64";
  std::string out;
  for (char c : machine) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') out += c;
  }
  return out;
}

json EnvironmentOf(const RunData& run) {
  const uffdc::Environment& env = run.env;
  json misc = {{"kernel_release", env.release},
               {"kernel_version", env.version},
               {"machine", env.machine},
               {"uffdio_api_features", FeatureMask(env)},
               {"config_userfaultfd_rwp", env.config_rwp}};
  const json document = EnvironmentJson(env);
  for (const char* key : {"hugepages", "swap_total_kb", "numa_nodes", "root"}) {
    misc[key] = document[key];
  }
  // Where it ran (scripts/vmtest's metadata: host, QEMU, accelerator, kernel package).
  const json& meta = run.metadata;
  if (meta.is_object()) misc["metadata"] = meta;
  std::string comment = "Linux " + env.release;
  const std::string host = Text(Field(meta, "host"), "name");
  if (!Text(Field(meta, "qemu"), "version").empty()) {
    absl::StrAppend(&comment, " under QEMU ", Text(Field(meta, "qemu"), "version"), " (",
                    Text(Field(meta, "qemu"), "accelerator"), ")");
  }
  if (!host.empty()) absl::StrAppend(&comment, " on ", host);
  return {{"comment", report::CleanText(comment)}, {"misc", misc}};
}

}  // namespace

absl::Status ValidateKcidbOptions(const KcidbOptions& o) {
  if (!std::regex_match(o.origin, OriginRe())) {
    return absl::InvalidArgumentError(
        absl::StrCat("--kcidb_origin '", o.origin, "' must match [a-z0-9_]+"));
  }
  for (const auto& [flag, id] : {std::pair<const char*, const std::string&>{"--kcidb_checkout_id",
                                                                          o.checkout_id},
                                 {"--kcidb_build_id", o.build_id}}) {
    if (!id.empty() && !std::regex_match(id, IdRe())) {
      return absl::InvalidArgumentError(
          absl::StrCat(flag, " '", id, "' must be ORIGIN:ID with ORIGIN matching [a-z0-9_]+"));
    }
  }
  if (o.run_id.find_first_of(std::string("\0\n", 2)) != std::string::npos) {
    return absl::InvalidArgumentError("--kcidb_run_id must be one line");
  }
  return absl::OkStatus();
}

json RenderKcidb(const RunData& run, const KcidbOptions& o) {
  const std::string& started = run.started;
  const std::optional<absl::Time> start = ParseStart(started);
  std::string run_id = o.run_id;
  if (run_id.empty()) {
    run_id = start ? absl::FormatTime("%Y%m%dT%H%M%SZ", *start, absl::UTCTimeZone()) : started;
    absl::StrAppend(&run_id, "-", ReleaseId(run));
  }
  const std::string prefix = o.origin + ":";

  json out = {{"version", {{"major", kKcidbMajor}, {"minor", kKcidbMinor}}}};
  std::string build_id = o.build_id;
  if (build_id.empty()) {
    // The kernel as run, described as a build of this origin.
    const std::string checkout_id =
        o.checkout_id.empty() ? prefix + "kernel-" + ReleaseId(run) : o.checkout_id;
    build_id = prefix + "kernel-" + ReleaseId(run);
    json build = {{"id", build_id},
                  {"origin", o.origin},
                  {"checkout_id", checkout_id},
                  {"comment", report::CleanText("Linux " + run.env.release + " " + run.env.version)}};
    const std::string arch = Architecture(run.env.machine);
    if (!arch.empty()) build["architecture"] = arch;
    out["builds"] = json::array({build});
    if (o.checkout_id.empty()) {
      out["checkouts"] = json::array(
          {{{"id", checkout_id},
            {"origin", o.origin},
            {"comment", report::CleanText("Linux " + run.env.release)}}});
    }
  }

  const json environment = EnvironmentOf(run);
  json tests = json::array(), issues = json::array(), incidents = json::array();
  std::map<std::string, bool> issue_seen;
  double offset_s = 0;  // suites run one after another from "started"
  for (const SuiteRun& suite : run.suites) {
    const std::string& backing = suite.backing;
    const double suite_offset = offset_s;
    double test_offset = suite_offset;
    std::string summary_status;
    for (const TestResult& t : suite.tests) {
      const std::string status = StatusOf(t.verdict);
      if (Priority(status) > Priority(summary_status)) summary_status = status;
      const std::string path = PathOf(backing, t.name);
      json test = {{"id", prefix + run_id + ":" + path},
                   {"build_id", build_id},
                   {"origin", o.origin},
                   {"path", path},
                   {"comment", report::CleanText(t.name)},
                   {"status", status},
                   {"environment", environment}};
      if (start) test["start_time"] = KcidbTime(*start + absl::Seconds(test_offset));
      if (t.duration_s >= 0) {
        test["duration"] = t.duration_s;
        test_offset += t.duration_s;
      }
      std::string log = t.reason;
      for (const std::string& line : t.diagnostics) {
        absl::StrAppend(&log, log.empty() ? "" : "\n", line);
      }
      if (!log.empty()) test["log_excerpt"] = Excerpt(log);
      if (!o.log_url.empty()) test["log_url"] = o.log_url;
      test["misc"] = {{"verdict", VerdictName(t.verdict)},
                      {"reason", report::CleanText(t.reason)},
                      {"backing", backing},
                      {"claims", ClaimsOf(run.claims, t.name)}};
      if (t.verdict == Verdict::kXfail || t.verdict == Verdict::kXpass) {
        // A known issue: its own reason (the test's reason is its failure).
        const std::string& reason = t.known_issue.empty() ? t.reason : t.known_issue.reason;
        const std::string issue_id = prefix + "known-" + StableHash(reason);
        if (!issue_seen[issue_id]) {
          issue_seen[issue_id] = true;
          issues.push_back({{"id", issue_id},
                            {"version", 1},
                            {"origin", o.origin},
                            {"culprit", {{"code", true}, {"tool", false}, {"harness", false}}},
                            {"comment", report::CleanText(reason)},
                            {"misc", {{"source", "harness/known_issues.json"}}}});
        }
        incidents.push_back({{"id", test["id"].get<std::string>() + ":" + "known-" +
                                        StableHash(reason)},
                             {"origin", o.origin},
                             {"issue_id", issue_id},
                             {"issue_version", 1},
                             {"build_id", build_id},
                             {"test_id", test["id"]},
                             {"present", t.verdict == Verdict::kXfail}});
      }
      tests.push_back(std::move(test));
    }
    offset_s = suite_offset + suite.duration_s;
    if (backing.empty()) continue;  // the runner's own results (health, --require)
    const std::string path = PathOf(backing, "");
    json misc = {{"binary", suite.binary},
                 {"exit_code", suite.end.exit_code},
                 {"signal", suite.end.signal},
                 {"timed_out", suite.end.timed_out}};
    json node = {{"id", prefix + run_id + ":" + path},
                 {"build_id", build_id},
                 {"origin", o.origin},
                 {"path", path},
                 {"comment", report::CleanText(suite.binary)},
                 {"status", suite.tests.empty() ? "MISS" : summary_status},
                 {"environment", environment},
                 {"misc", misc}};
    if (start) node["start_time"] = KcidbTime(*start + absl::Seconds(suite_offset));
    if (suite.duration_s >= 0) node["duration"] = suite.duration_s;
    if (!o.log_url.empty()) node["log_url"] = o.log_url;
    tests.push_back(std::move(node));
  }
  out["tests"] = std::move(tests);
  if (!issues.empty()) {
    out["issues"] = std::move(issues);
    out["incidents"] = std::move(incidents);
  }
  return out;
}

}  // namespace uffdc
