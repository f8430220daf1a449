// SPDX-License-Identifier: GPL-2.0
// uffdc_run: runs the uffd_rwp_<backing> suite binaries and prints one KTAP
// stream (TAP 13 header) in which every result line is the runner's verdict: each
// test of each binary (known issues and --require applied as its line arrives),
// one line per binary for how its process ended, and the runner's own checks
// (the required needs, the findings, the kernel's health). The binaries'
// diagnostics pass through as "#" lines. It ends with kselftest's "# Totals:" line
// and one summary line "N passed, N failed, N skipped" whose numbers add up to the
// plan (passed: ok lines, pass and xfail; failed: not ok lines, fail, error and
// xpass; skipped: ok # SKIP).
// Exit status, as kselftest's runner reads it: 0 when nothing failed, 1 when
// something failed (a test, a binary, a check) or for bad input (one line on
// stderr, before any test ran), 4 when every test of the suites skipped.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "fixtures/protocol.h"
#include "fixtures/sysfs.h"
#include "fixtures/uapi.h"
#include "harness/claims.h"
#include "harness/environment.h"
#include "harness/findings.h"
#include "harness/health.h"
#include "harness/known_issues.h"
#include "harness/merge.h"
#include "harness/process.h"
#include "harness/report_html.h"
#include "harness/report_json.h"
#include "harness/report_junit.h"
#include "harness/report_kcidb.h"
#include "harness/salvage.h"
#include "harness/tap.h"

ABSL_FLAG(std::string, suite, "",
          "comma-separated backings (or binary names) to run (default: every backing the "
          "build made, fixtures/protocol.h kBackings)");
ABSL_FLAG(std::string, bindir, "",
          "directory holding the uffd_rwp_* binaries (default: the runner's own directory)");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(300),
          "wall-time limit per suite binary, e.g. 300s or 5m");
ABSL_FLAG(std::string, known_issues, "",
          "known-issues JSON file (default: the list built into the runner)");
ABSL_FLAG(bool, strict, false, "ignore the known-issues list: every deviation is a FAIL");
ABSL_FLAG(std::string, require, "",
          "comma-separated need tags whose SKIPs are FAILs instead (the [tag] of a SKIP "
          "reason: rwp, rwp-async, swap, numa, hugepages, root, thp, ksm, numa-balancing, migration, "
          "move, event-fork, ...); @FILE reads them from a file, one per line");
ABSL_FLAG(std::string, json, "", "write the run as a JSON document to this file");
ABSL_FLAG(std::string, junit, "", "write JUnit XML (a testsuite per binary) to this file");
ABSL_FLAG(std::string, html, "", "write a self-contained HTML report to this file");
ABSL_FLAG(std::string, metadata, "",
          "a JSON object describing where the run happened (scripts/vmtest writes it), "
          "copied into the reports as \"metadata\"");
ABSL_FLAG(std::string, select, "",
          "comma-separated tests to run, each <group>.<backing>.<test> (backing may be *); "
          "passed to the suite binaries as -r; suites with no selected test are not run");
ABSL_FLAG(bool, claims, false, "print the claims report (claim ID x backing) before the summary");
ABSL_FLAG(std::string, salvage, "",
          "do not run: rebuild the run from this file, the runner's output as far as it got "
          "before the machine died, and write the reports asked for (scripts/vmtest uses it)");
ABSL_FLAG(std::string, crash, "the machine under test stopped before the run ended",
          "with --salvage: one line saying how the machine died");
ABSL_FLAG(std::string, console, "",
          "with --salvage: a file of console lines to quote at the crash site");
ABSL_FLAG(std::vector<std::string>, merge, {},
          "do not run: merge these JSON documents, each of a run of some of the suites on the "
          "same kernel (scripts/vmtest --jobs), into the run one machine running them all would "
          "have made; print its KTAP stream, write the reports asked for and exit as that run "
          "would have; --suite gives the suites' order");
ABSL_FLAG(bool, claims_by_source, false,
          "print the claims report per source document (each man page, the kernel's "
          "documentation), with the evidence for every claim the kernel contradicts");

namespace uffdc {
namespace {

constexpr char kBuiltinKnownIssues[] =
#include "harness/known_issues.inc"
    ;
constexpr char kBuiltinClaims[] =
#include "harness/claims.inc"
    ;

[[noreturn]] void BadInput(const std::string& msg) {
  fprintf(stderr, "uffdc_run: error: %s\n", msg.c_str());
  exit(kExitFail);
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
  absl::ConsumePrefix(&bare, kSuitePrefix);
  for (const char* k : kBackings) {
    if (bare == k) return k;
  }
  BadInput(absl::StrCat("unknown suite '", suite, "' (expected one of ", absl::StrJoin(kBackings, ", "), ")"));
}

// A --require entry: a need tag (fixtures/needs.h) whose SKIPs become FAILs.
struct Requirement {
  std::string tag;
  Needs needs;
};

std::vector<Requirement> ParseRequire(std::string spec) {
  if (absl::StartsWith(spec, "@")) {
    spec = Slurp(spec.substr(1), "--require file");
    for (char& ch : spec) ch = ch == '\n' ? ',' : ch;
  }
  std::vector<Requirement> out;
  for (absl::string_view raw : absl::StrSplit(spec, ',', absl::SkipWhitespace())) {
    std::string tag(absl::StripAsciiWhitespace(raw));
    if (absl::StartsWith(tag, "#")) continue;
    std::optional<Needs> needs = NeedsOfTag(tag);
    if (!needs) {
      BadInput(absl::StrCat("unknown --require name '", tag, "' (known: ",
                            absl::StrJoin(AllNeedTags(), ", "), ")"));
    }
    out.push_back({tag, *needs});
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

void WriteReports(const RunData& run, std::ofstream& json_out, std::ofstream& junit_out,
                  std::ofstream& html_out, std::ofstream& kcidb_out,
                  const KcidbOptions& kcidb_options) {
  struct {
    std::ofstream* out;
    const char* flag;
    std::string text;
  } outputs[] = {{&json_out, "json", json_out.is_open() ? ToJson(run).dump(2) + "\n" : ""},
                 {&junit_out, "junit", junit_out.is_open() ? RenderJunit(run) : ""},
                 {&html_out, "html", html_out.is_open() ? RenderHtml(run) : ""},
                 {&kcidb_out, "kcidb",
                  kcidb_out.is_open() ? RenderKcidb(run, kcidb_options).dump(2) + "\n" : ""}};
  for (auto& o : outputs) {
    if (!o.out->is_open()) continue;
    *o.out << o.text;
    o.out->close();
    if (!*o.out) fprintf(stderr, "uffdc_run: error: writing --%s failed\n", o.flag);
  }
}

// The claims reports --claims and --claims_by_source ask for, or "".
std::string ClaimsText(const RunData& run) {
  if (!absl::GetFlag(FLAGS_claims) && !absl::GetFlag(FLAGS_claims_by_source)) return "";
  std::map<std::string, std::string> found;
  for (const Finding& f : run.findings) found[f.claim] = f.status + ": " + f.text;
  const std::vector<RunResult> results = AllResults(run);
  const std::vector<ClaimStatus> statuses = JoinClaims(run.claims, results);
  std::string text;
  if (absl::GetFlag(FLAGS_claims_by_source)) text += ClaimsBySource(statuses, run.env.release);
  if (absl::GetFlag(FLAGS_claims)) text += ClaimsReport(statuses, found);
  return text;
}

// --merge: the parts of a run several machines shared out, as one run.
int Merge(const std::vector<std::string>& order, std::vector<Claim> claims,
          nlohmann::json metadata, std::ofstream& json_out, std::ofstream& junit_out,
          std::ofstream& html_out, std::ofstream& kcidb_out, const KcidbOptions& kcidb_options) {
  std::vector<RunData> parts;
  for (const std::string& path : absl::GetFlag(FLAGS_merge)) {
    const nlohmann::json doc = nlohmann::json::parse(Slurp(path, "--merge part"), nullptr,
                                                     /*allow_exceptions=*/false);
    absl::StatusOr<RunData> part = RunDataFromJson(doc);
    if (!part.ok()) BadInput(absl::StrCat("--merge part ", path, ": ", part.status().message()));
    parts.push_back(*std::move(part));
  }
  absl::StatusOr<RunData> run = MergeRuns(parts, order);
  if (!run.ok()) BadInput(absl::StrCat("--merge: ", run.status().message()));
  run->claims = std::move(claims);
  if (metadata.is_object()) run->metadata = std::move(metadata);
  WriteReports(*run, json_out, junit_out, html_out, kcidb_out, kcidb_options);
  printf("%s", RenderKtap(*run, ClaimsText(*run)).c_str());
  fflush(stdout);
  return ExitStatus(*run);
}

int Main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "runs the uffd-conformance suite binaries and judges their results\n"
      "usage: uffdc_run [--suite anon,shmem,hugetlb] [--bindir DIR] [--timeout 300s] "
      "[--known_issues FILE | --strict] [--require TAG,...] [--json FILE] [--junit FILE] "
      "[--html FILE] [--select group.backing.test,...] [--claims]\n"
      "       uffdc_run --merge A.json,B.json [--suite ORDER] [--json FILE] [--junit FILE] "
      "[--html FILE] [--claims]\n"
      "exit status: 0 pass, 1 failure or bad input, 4 every test skipped");
  absl::FlagsUsageConfig usage;
  usage.contains_help_flags = [](absl::string_view file) { return absl::StrContains(file, "harness/"); };
  usage.contains_helpshort_flags = usage.contains_help_flags;
  absl::SetFlagsUsageConfig(usage);
  std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  if (rest.size() > 1) BadInput(absl::StrCat("unexpected argument '", rest[1], "'"));

  // Everything that can be bad input is checked before the first test runs.
  std::string bindir = absl::GetFlag(FLAGS_bindir);
  if (bindir.empty()) bindir = SelfDir();
  const absl::Duration timeout = absl::GetFlag(FLAGS_timeout);
  if (timeout <= absl::ZeroDuration()) BadInput("--timeout must be positive");
  std::vector<std::string> backings;
  const std::string suites = absl::GetFlag(FLAGS_suite);
  for (absl::string_view s : absl::StrSplit(suites, ',', absl::SkipEmpty())) {
    backings.push_back(BackingOf(s));
  }
  if (suites.empty()) backings.assign(std::begin(kBackings), std::end(kBackings));
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
  const bool merging = !absl::GetFlag(FLAGS_merge).empty();
  for (const std::string& b : backings) {
    const std::string path = absl::StrCat(bindir, "/uffd_rwp_", b);
    if (!merging && access(path.c_str(), X_OK) != 0) {
      BadInput(absl::StrCat("suite binary not found: ", path));
    }
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
  // --kcidb and --metadata (harness/report_kcidb.h; vmtest's reproducer metadata).
  const KcidbOptions kcidb_options = KcidbOptionsFromFlags();
  if (absl::Status s = ValidateKcidbOptions(kcidb_options); !s.ok()) {
    BadInput(std::string(s.message()));
  }
  std::ofstream kcidb_out;
  if (!KcidbOutputFlag().empty()) kcidb_out = OpenReport(KcidbOutputFlag(), "kcidb");
  nlohmann::json metadata;
  if (!absl::GetFlag(FLAGS_metadata).empty()) {
    metadata = nlohmann::json::parse(Slurp(absl::GetFlag(FLAGS_metadata), "--metadata"), nullptr,
                                     /*allow_exceptions=*/false);
    if (!metadata.is_object()) BadInput("--metadata must name a file holding a JSON object");
  }
  absl::StatusOr<std::vector<Claim>> claims = ParseClaims(kBuiltinClaims);
  if (!claims.ok()) BadInput(std::string(claims.status().message()));

  if (merging) {
    return Merge(backings, *std::move(claims), std::move(metadata), json_out, junit_out, html_out,
                 kcidb_out, kcidb_options);
  }
  if (!absl::GetFlag(FLAGS_salvage).empty()) {
    // The run as far as the console carried it (fixtures run nothing here).
    const std::string output = Slurp(absl::GetFlag(FLAGS_salvage), "--salvage file");
    std::vector<std::string> console;
    if (!absl::GetFlag(FLAGS_console).empty()) {
      for (absl::string_view l : absl::StrSplit(Slurp(absl::GetFlag(FLAGS_console), "--console file"),
                                                '\n', absl::SkipWhitespace())) {
        console.emplace_back(l);
      }
    }
    std::map<std::string, std::vector<std::string>> listed;
    for (const std::string& b : backings) {
      absl::StatusOr<std::vector<std::string>> names =
          ListTests(absl::StrCat(bindir, "/uffd_rwp_", b));
      if (names.ok()) listed[b] = *std::move(names);
    }
    RunData run = SalvageRun(output, listed, absl::GetFlag(FLAGS_crash), console);
    run.claims = *std::move(claims);
    run.command = absl::StrCat("uffdc_run --salvage ", absl::GetFlag(FLAGS_salvage));
    WriteReports(run, json_out, junit_out, html_out, kcidb_out, kcidb_options);
    printf("%s\n%s\n", TotalsLine(run.counts).c_str(), SummaryLine(run.counts).c_str());
    return kExitFail;
  }

  RunData run;
  run.metadata = std::move(metadata);
  run.claims = *std::move(claims);
  const absl::Time start = absl::Now();
  run.started = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", start, absl::UTCTimeZone());
  std::vector<std::string> args(argv, argv + argc);
  run.command = absl::StrJoin(args, " ");
  run.env = CollectEnvironment();
  run.findings = DeriveFindings(run.env);
  HealthMonitor health;

  // The plan: every listed test, one line per binary, and the runner's checks.
  std::vector<absl::StatusOr<std::vector<std::string>>> listed;
  size_t plan = backings.size() + required.size() + run.findings.size() + 1;
  for (const std::string& b : backings) {
    listed.push_back(ListTests(absl::StrCat(bindir, "/uffd_rwp_", b)));
    if (listed.back().ok() && !selected.empty()) {
      // --select: only the chosen tests are planned (each "-r NAME" pair).
      std::vector<std::string> chosen;
      for (const std::string& name : *listed.back()) {
        const std::vector<std::string>& sel = selected[b];
        for (size_t k = 1; k < sel.size(); k += 2) {
          if (sel[k] == name) chosen.push_back(name);
        }
      }
      *listed.back() = std::move(chosen);
    }
    if (listed.back().ok()) plan += listed.back()->size();
  }
  printf("TAP version 13\n1..%zu\n", plan);
  printf("# kernel %s, UFFDIO_API features %s\n", run.env.release.c_str(),
         run.env.system.features ? absl::StrCat("0x", absl::Hex(*run.env.system.features)).c_str()
                                 : "unavailable");
  int number = 0;
  auto emit = [&](const std::string& name, const TestResult& t) {
    printf("%s\n", ResultLine(++number, name, t).c_str());
    fflush(stdout);
  };
  for (size_t i = 0; i < backings.size(); i++) {
    SuiteRun suite;
    suite.backing = backings[i];
    suite.binary = "uffd_rwp_" + backings[i];
    const std::string path = absl::StrCat(bindir, "/", suite.binary);
    printf("# selftests: %s: %s\n", kCollection, suite.binary.c_str());
    fflush(stdout);
    TestResult binary_line{.name = suite.binary};
    if (!listed[i].ok()) {
      binary_line.verdict = Verdict::kError;
      binary_line.reason = std::string(listed[i].status().message());
      emit(absl::StrCat(kCollection, ".", suite.binary), binary_line);
      suite.tests.push_back(binary_line);
      run.suites.push_back(std::move(suite));
      continue;
    }
    std::vector<std::string> unreported = *listed[i];
    TapStream stream;
    std::vector<std::string> strays;  // results the listing did not announce
    absl::Time last = absl::Now();
    std::vector<std::string> suite_argv = {path};
    suite_argv.insert(suite_argv.end(), selected[suite.backing].begin(),
                      selected[suite.backing].end());
    ProcessRun proc = RunWithTimeout(suite_argv, timeout, [&](const std::string& line) {
      std::optional<TestResult> t = stream.Feed(line);
      if (!t.has_value()) {
        if (absl::StartsWith(line, "# Totals:") || absl::StartsWith(line, "# PASSED:") ||
            absl::StartsWith(line, "# FAILED:")) {
          // The binary's own tally, before known issues: one "# Totals:" per
          // run (the runner's) is what kselftest parsers read.
          printf("# %s reported: %s\n", suite.binary.c_str(), line.c_str() + 2);
        } else if (absl::StartsWith(line, "#")) {
          printf("%s\n", line.c_str());
        } else if (!absl::StartsWith(line, "TAP version") && !absl::StartsWith(line, "1..") &&
                   !line.empty()) {
          printf("# %s: %s\n", suite.binary.c_str(), line.c_str());
        }
        fflush(stdout);
        return;
      }
      const absl::Time now = absl::Now();
      t->duration_s = absl::ToDoubleSeconds(now - last);
      last = now;
      auto it = std::find(unreported.begin(), unreported.end(), t->name);
      if (it == unreported.end()) {
        strays.push_back(t->name);
        printf("# uffdc_run: %s reported a test it did not list: %s\n", suite.binary.c_str(),
               line.c_str());
        return;
      }
      unreported.erase(it);
      const size_t logged = t->diagnostics.size();
      ApplyKnownIssues(known, suite.backing, run.env.release, &*t, run.env.config);
      for (size_t d = logged; d < t->diagnostics.size(); d++) printf("%s\n", t->diagnostics[d].c_str());
      if (t->verdict == Verdict::kSkip) {
        const std::string tag = NeedTagOf(t->reason);
        for (const Requirement& r : required) {
          if (tag == r.tag) {
            t->verdict = Verdict::kFail;
            t->reason = absl::StrCat("required (--require ", r.tag, "): ", t->reason);
            printf("# uffdc_run: %s\n", t->reason.c_str());
            break;
          }
        }
      }
      for (const std::string& problem : health.Poll()) {
        const std::string d = absl::StrCat("# uffdc_run: the kernel log reported, while it ran: ", problem);
        printf("%s\n", d.c_str());
        t->diagnostics.push_back(d);
        run.health_attributions.push_back(absl::StrCat(t->name, ": ", problem));
      }
      if (t->verdict == Verdict::kXfail) {
        printf("# uffdc_run: known %s: %s (its failure: %s)\n", t->known_issue.kind.c_str(),
               t->known_issue.reason.c_str(), t->reason.c_str());
      }
      emit(t->name, *t);
      suite.tests.push_back(*std::move(t));
    });
    // Tests the binary never reported (it crashed, hung or stopped early).
    SuiteTap tap = stream.tap();
    tap.tests.erase(std::remove_if(tap.tests.begin(), tap.tests.end(),
                                   [&](const TestResult& t) {
                                     return std::find(strays.begin(), strays.end(), t.name) !=
                                            strays.end();
                                   }),
                    tap.tests.end());
    ReconcileWithProcess(suite.binary, proc.end, &tap);
    if (!strays.empty()) {
      tap.tests.push_back({.name = suite.binary, .verdict = Verdict::kFail,
                           .reason = absl::StrCat("malformed TAP: results for tests it did not list: ",
                                                  absl::StrJoin(strays, ", "))});
    }
    const bool process_failed = !tap.tests.empty() && tap.tests.back().name == suite.binary;
    if (process_failed) binary_line = tap.tests.back();
    for (const std::string& name : unreported) {
      TestResult t{.name = name, .verdict = Verdict::kError,
                   .reason = absl::StrCat("not run: ", suite.binary, " ended before it (",
                                          process_failed ? binary_line.reason : "no result", ")")};
      emit(name, t);
      suite.tests.push_back(std::move(t));
    }
    if (binary_line.verdict != Verdict::kPass) {
      printf("# uffdc_run: %s: %s\n", suite.binary.c_str(), binary_line.reason.c_str());
    }
    emit(absl::StrCat(kCollection, ".", suite.binary), binary_line);
    suite.tests.push_back(binary_line);
    suite.end = proc.end;
    suite.duration_s = absl::ToDoubleSeconds(proc.duration);
    run.suites.push_back(std::move(suite));
  }

  // The runner's own checks: required needs, findings, the kernel's health.
  SuiteRun whole;
  whole.binary = kChecksSuite;
  auto check = [&](TestResult t) {
    if (t.verdict != Verdict::kPass) printf("# uffdc_run: %s: %s\n", t.name.c_str(), t.reason.c_str());
    emit(absl::StrCat(kCollection, ".", t.name), t);
    whole.tests.push_back(std::move(t));
  };
  for (const Requirement& r : required) {
    std::optional<std::string> unmet = UnmetNeed(r.needs, run.env.system);
    check({.name = "require." + r.tag, .verdict = unmet ? Verdict::kFail : Verdict::kPass,
           .reason = unmet ? absl::StrCat("required: ", *unmet) : ""});
  }
  for (const Finding& f : run.findings) {
    printf("# finding %s (%s): %s\n", f.claim.c_str(), f.status.c_str(), f.text.c_str());
    check(FindingCheck(f));
  }
  run.health = health.Finish();
  {
    TestResult t = HealthCheck(run.health);
    for (const std::string& l : t.diagnostics) printf("%s\n", l.c_str());
    check(std::move(t));
  }
  run.suites.push_back(std::move(whole));

  for (const SuiteRun& s : run.suites) {
    for (const TestResult& t : s.tests) run.counts.Add(t.verdict);
  }
  const std::vector<std::string> notable = NotableLines(run);
  run.duration_s = absl::ToDoubleSeconds(absl::Now() - start);

  for (absl::string_view l : absl::StrSplit(ClaimsText(run), '\n', absl::SkipEmpty())) {
    printf("# %s\n", std::string(l).c_str());
  }
  WriteReports(run, json_out, junit_out, html_out, kcidb_out, kcidb_options);
  for (const std::string& f : notable) printf("# %s\n", f.c_str());
  const Counts& c = run.counts;
  printf("%s\n", TotalsLine(c).c_str());
  printf("%s\n", SummaryLine(c).c_str());
  fflush(stdout);
  return ExitStatus(run);
}

}  // namespace
}  // namespace uffdc

int main(int argc, char** argv) { return uffdc::Main(argc, argv); }
