// SPDX-License-Identifier: GPL-2.0
// uffdc_run: runs the uffd_rwp_<backing> suite binaries, relays their TAP nested
// the way kselftest's runner does, applies the known-issues list and the required
// features, checks the kernel's health around the run, writes the reports asked
// for, and ends with one summary line "N passed, N failed, N skipped".
// Exit status: 0 when nothing failed, 1 when a test failed, errored, crashed or
// timed out (or the kernel's health broke), 2 for bad input (before any test ran).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "fixtures/sysfs.h"
#include "fixtures/uapi.h"
#include "harness/claims.h"
#include "harness/environment.h"
#include "harness/expectations.h"
#include "harness/process.h"
#include "harness/report_html.h"
#include "harness/report_json.h"
#include "harness/report_junit.h"
#include "harness/tap.h"

ABSL_FLAG(std::string, suite, "anon,shmem,hugetlb",
          "comma-separated backings (or binary names) to run: anon, shmem, hugetlb");
ABSL_FLAG(std::string, bindir, "",
          "directory holding the uffd_rwp_* binaries (default: the runner's own directory)");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(300),
          "wall-time limit per suite binary, e.g. 300s or 5m");
ABSL_FLAG(std::string, known_issues, "",
          "known-issues JSON file (default: the list built into the runner)");
ABSL_FLAG(bool, strict, false, "ignore the known-issues list: every deviation is a FAIL");
ABSL_FLAG(std::string, require, "",
          "comma-separated needs whose absence is a FAIL instead of a SKIP: rwp, rwp-async, "
          "swap, numa, hugepages, root; @FILE reads them from a file, one per line");
ABSL_FLAG(std::string, json, "", "write the run as a JSON document to this file");
ABSL_FLAG(std::string, junit, "", "write JUnit XML (a testsuite per binary) to this file");
ABSL_FLAG(std::string, html, "", "write a self-contained HTML report to this file");
ABSL_FLAG(std::string, select, "",
          "comma-separated tests to run, each <group>.<backing>.<test> (backing may be *); "
          "passed to the suite binaries as -r; suites with no selected test are not run");
ABSL_FLAG(bool, claims, false, "print the claims report (claim ID x backing) before the summary");

namespace uffdc {
namespace {

constexpr char kCollection[] = "uffd-conformance";
constexpr char kBuiltinKnownIssues[] =
#include "harness/known_issues.inc"
    ;
constexpr char kBuiltinClaims[] =
#include "harness/claims.inc"
    ;

[[noreturn]] void BadInput(const std::string& msg) {
  fprintf(stderr, "uffdc_run: error: %s\n", msg.c_str());
  exit(2);
}

std::string SelfDir() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) return ".";
  std::string path(buf, n);
  return path.substr(0, path.rfind('/'));
}

std::string Slurp(const std::string& path, const char* what) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) BadInput(absl::StrCat("cannot read ", what, " ", path));
  return *std::move(text);
}

// "anon" or "uffd_rwp_anon" -> "anon"; anything else is bad input.
std::string BackingOf(absl::string_view suite) {
  absl::string_view bare = suite;
  absl::ConsumePrefix(&bare, "uffd_rwp_");
  for (const char* k : {"anon", "shmem", "hugetlb"}) {
    if (bare == k) return k;
  }
  BadInput(absl::StrCat("unknown suite '", suite, "' (expected anon, shmem or hugetlb)"));
}

// A --require entry: what it needs, and the text by which a SKIP reason names it.
struct Requirement {
  std::string name;
  Needs needs;
  std::string skip_marker;
};

std::vector<Requirement> ParseRequire(std::string spec) {
  static const std::map<std::string, Requirement> kKnown = {
      {"rwp", {"rwp", {.features = UFFD_FEATURE_RWP}, "UFFD_FEATURE_RWP"}},
      {"rwp-async", {"rwp-async", {.features = UFFD_FEATURE_RWP_ASYNC}, "UFFD_FEATURE_RWP_ASYNC"}},
      {"swap", {"swap", {.swap = true}, "needs active swap"}},
      {"numa", {"numa", {.numa_nodes = 2}, "NUMA nodes"}},
      {"hugepages", {"hugepages", {.hugepages = 8}, "hugepages"}},
      {"root", {"root", {.root = true}, "needs root"}},
  };
  if (absl::StartsWith(spec, "@")) {
    spec = Slurp(spec.substr(1), "--require file");
    for (char& ch : spec) ch = ch == '\n' ? ',' : ch;
  }
  std::vector<Requirement> out;
  for (absl::string_view raw : absl::StrSplit(spec, ',', absl::SkipWhitespace())) {
    std::string name(absl::StripAsciiWhitespace(raw));
    if (absl::StartsWith(name, "#")) continue;
    auto it = kKnown.find(name);
    if (it == kKnown.end()) {
      BadInput(absl::StrCat("unknown --require name '", name,
                            "' (known: rwp, rwp-async, swap, numa, hugepages, root)"));
    }
    out.push_back(it->second);
  }
  return out;
}

// Opens (and truncates) a report file before any test runs, so that an unwritable
// path is bad input rather than a lost report.
std::ofstream OpenReport(const std::string& path, const char* flag) {
  std::ofstream out(path, std::ios::trunc);
  if (!out.good()) BadInput(absl::StrCat("cannot write --", flag, " ", path));
  return out;
}

int Main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "uffdc_run [--suite anon,shmem,hugetlb] [--bindir DIR] [--timeout 300s] "
      "[--known_issues FILE | --strict] [--require rwp,...] [--json FILE] [--junit FILE] "
      "[--html FILE] [--select group.backing.test,...] [--claims]");
  std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  if (rest.size() > 1) BadInput(absl::StrCat("unexpected argument '", rest[1], "'"));

  // Everything that can be bad input is checked before the first test runs.
  std::string bindir = absl::GetFlag(FLAGS_bindir);
  if (bindir.empty()) bindir = SelfDir();
  const absl::Duration timeout = absl::GetFlag(FLAGS_timeout);
  if (timeout <= absl::ZeroDuration()) BadInput("--timeout must be positive");
  std::vector<std::string> backings;
  for (absl::string_view s : absl::StrSplit(absl::GetFlag(FLAGS_suite), ',', absl::SkipEmpty())) {
    backings.push_back(BackingOf(s));
  }
  if (backings.empty()) BadInput("--suite names no suite");
  // --select: the kselftest harness's own filter (-r fixture.variant.test) per binary.
  std::map<std::string, std::vector<std::string>> selected;
  for (absl::string_view name :
       absl::StrSplit(absl::GetFlag(FLAGS_select), ',', absl::SkipWhitespace())) {
    std::vector<std::string> parts = absl::StrSplit(absl::StripAsciiWhitespace(name), '.');
    if (parts.size() != 3 || parts[0].empty() || parts[2].empty()) {
      BadInput(absl::StrCat("--select '", name, "' is not <group>.<backing>.<test>"));
    }
    for (const std::string& b : backings) {
      if (parts[1] == "*" || BackingOf(parts[1]) == b) {
        selected[b].insert(selected[b].end(), {"-r", absl::StrCat(parts[0], ".", b, ".", parts[2])});
      }
    }
  }
  if (!absl::GetFlag(FLAGS_select).empty()) {
    std::vector<std::string> chosen;
    for (const std::string& b : backings) {
      if (selected.count(b)) chosen.push_back(b);
    }
    if (chosen.empty()) BadInput("--select names no test of the suites run");
    backings = std::move(chosen);
  }
  for (const std::string& b : backings) {
    const std::string path = absl::StrCat(bindir, "/uffd_rwp_", b);
    if (access(path.c_str(), X_OK) != 0) BadInput(absl::StrCat("suite binary not found: ", path));
  }
  std::vector<KnownIssue> known;
  if (!absl::GetFlag(FLAGS_strict)) {
    const std::string path = absl::GetFlag(FLAGS_known_issues);
    absl::StatusOr<std::vector<KnownIssue>> parsed =
        ParseKnownIssues(path.empty() ? std::string(kBuiltinKnownIssues)
                                      : Slurp(path, "--known_issues"));
    if (!parsed.ok()) BadInput(std::string(parsed.status().message()));
    known = *std::move(parsed);
  }
  const std::vector<Requirement> required = ParseRequire(absl::GetFlag(FLAGS_require));
  std::ofstream json_out, junit_out, html_out;
  if (!absl::GetFlag(FLAGS_json).empty()) json_out = OpenReport(absl::GetFlag(FLAGS_json), "json");
  if (!absl::GetFlag(FLAGS_junit).empty()) junit_out = OpenReport(absl::GetFlag(FLAGS_junit), "junit");
  if (!absl::GetFlag(FLAGS_html).empty()) html_out = OpenReport(absl::GetFlag(FLAGS_html), "html");
  absl::StatusOr<std::vector<Claim>> claims = ParseClaims(kBuiltinClaims);
  if (!claims.ok()) BadInput(std::string(claims.status().message()));

  RunData run;
  run.claims = *std::move(claims);
  const absl::Time start = absl::Now();
  run.started = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", start, absl::UTCTimeZone());
  std::vector<std::string> args(argv, argv + argc);
  run.command = absl::StrJoin(args, " ");
  run.env = CollectEnvironment();
  run.findings = DeriveFindings(run.env);
  HealthMonitor health;

  printf("TAP version 13\n1..%zu\n", backings.size());
  printf("# kernel %s, UFFDIO_API features %s\n", run.env.release.c_str(),
         run.env.system.features ? absl::StrCat("0x", absl::Hex(*run.env.system.features)).c_str()
                                 : "unavailable");
  for (size_t i = 0; i < backings.size(); i++) {
    SuiteRun suite;
    suite.backing = backings[i];
    suite.binary = "uffd_rwp_" + backings[i];
    printf("# selftests: %s: %s\n", kCollection, suite.binary.c_str());
    fflush(stdout);
    absl::Time last = absl::Now();
    std::vector<std::string> suite_argv = {absl::StrCat(bindir, "/", suite.binary)};
    suite_argv.insert(suite_argv.end(), selected[suite.backing].begin(),
                      selected[suite.backing].end());
    ProcessRun proc = RunWithTimeout(suite_argv, timeout,
                                     [&](const std::string& line) {
                                       printf("# %s\n", line.c_str());
                                       fflush(stdout);
                                       if (IsResultLine(line)) {
                                         const absl::Time now = absl::Now();
                                         suite.test_durations_s.push_back(
                                             absl::ToDoubleSeconds(now - last));
                                         last = now;
                                       }
                                     });
    SuiteTap tap = ParseTap(proc.output);
    ReconcileWithProcess(suite.binary, proc.end, &tap);
    ApplyKnownIssues(known, run.env.release, &tap.tests);
    // --require: a SKIP for a required need is a FAIL.
    for (TestResult& t : tap.tests) {
      if (t.verdict != Verdict::kSkip) continue;
      for (const Requirement& r : required) {
        if (absl::StrContains(t.reason, r.skip_marker)) {
          t.verdict = Verdict::kFail;
          t.reason = absl::StrCat("required (--require ", r.name, "): ", t.reason);
          break;
        }
      }
    }
    suite.end = proc.end;
    suite.duration_s = absl::ToDoubleSeconds(proc.duration);
    suite.tests = std::move(tap.tests);
    Counts mine;
    for (const TestResult& t : suite.tests) mine.Add(t.verdict);
    const char* directive = "";
    if (mine.failed() == 0 && mine.skip == static_cast<int>(suite.tests.size())) {
      directive = " # SKIP";
    }
    for (const TestResult& t : suite.tests) {
      if (t.name == suite.binary) printf("# uffdc_run: %s: %s\n", t.name.c_str(), t.reason.c_str());
    }
    printf("%s %zu selftests: %s: %s%s\n", mine.failed() ? "not ok" : "ok", i + 1, kCollection,
           suite.binary.c_str(), directive);
    fflush(stdout);
    run.suites.push_back(std::move(suite));
  }

  // Unmet requirements and kernel health are results of the run as a whole.
  SuiteRun whole;
  whole.binary = "uffdc_run";
  for (const Requirement& r : required) {
    std::optional<std::string> unmet = UnmetNeed(r.needs, run.env.system);
    if (unmet) {
      whole.tests.push_back({.name = "require." + r.name, .verdict = Verdict::kFail,
                             .reason = absl::StrCat("required: ", *unmet)});
    }
  }
  run.health = health.Finish();
  if (!run.health.ok) {
    TestResult t{.name = "kernel_health", .verdict = Verdict::kFail,
                 .reason = absl::StrJoin(run.health.problems, "; ")};
    for (const std::string& l : run.health.kernel_log) t.diagnostics.push_back("# " + l);
    whole.tests.push_back(std::move(t));
  }
  if (!whole.tests.empty()) run.suites.push_back(std::move(whole));

  std::vector<std::string> notable;  // every verdict other than pass and skip
  for (const SuiteRun& s : run.suites) {
    for (const TestResult& t : s.tests) {
      run.counts.Add(t.verdict);
      if (t.verdict == Verdict::kPass || t.verdict == Verdict::kSkip) continue;
      std::string line = absl::StrCat(VerdictName(t.verdict), ": ", t.name);
      if (!t.reason.empty()) absl::StrAppend(&line, ": ", t.reason);
      notable.push_back(line);
      if (t.name == "kernel_health") {
        for (const std::string& d : t.diagnostics) notable.push_back("  " + d);
      }
    }
  }
  run.duration_s = absl::ToDoubleSeconds(absl::Now() - start);

  for (const Finding& f : run.findings) {
    printf("# finding %s (%s): %s\n", f.claim.c_str(), f.status.c_str(), f.text.c_str());
  }
  if (absl::GetFlag(FLAGS_claims)) {
    std::map<std::string, std::string> found;
    for (const Finding& f : run.findings) found[f.claim] = f.status + ": " + f.text;
    const std::vector<RunResult> results = AllResults(run);
    for (absl::string_view l : absl::StrSplit(
             ClaimsReport(JoinClaims(run.claims, results), found), '\n', absl::SkipEmpty())) {
      printf("# %s\n", std::string(l).c_str());
    }
  }
  if (json_out.is_open() || junit_out.is_open() || html_out.is_open()) {
    const nlohmann::json report = BuildReport(run);
    struct {
      std::ofstream* out;
      const char* flag;
      std::string text;
    } outputs[] = {{&json_out, "json", json_out.is_open() ? report.dump(2) + "\n" : ""},
                   {&junit_out, "junit", junit_out.is_open() ? RenderJunit(report) : ""},
                   {&html_out, "html", html_out.is_open() ? RenderHtml(report) : ""}};
    for (auto& o : outputs) {
      if (!o.out->is_open()) continue;
      *o.out << o.text;
      o.out->close();
      if (!*o.out) fprintf(stderr, "uffdc_run: error: writing --%s failed\n", o.flag);
    }
  }
  for (const std::string& f : notable) printf("# %s\n", f.c_str());
  const Counts& c = run.counts;
  printf("# verdicts: pass %d, fail %d, error %d, skip %d, xfail %d, xpass %d\n", c.pass, c.fail,
         c.error, c.skip, c.xfail, c.xpass);
  printf("%s\n", SummaryLine(c).c_str());
  fflush(stdout);
  return c.failed() ? 1 : 0;
}

}  // namespace
}  // namespace uffdc

int main(int argc, char** argv) { return uffdc::Main(argc, argv); }
