// SPDX-License-Identifier: GPL-2.0
// uffdc_run: runs the uffd_rwp_<backing> suite binaries, relays their TAP nested
// the way kselftest's runner does, and ends with one summary line
// "N passed, N failed, N skipped". Exit status: 0 when nothing failed, 1 when a
// test failed, errored, crashed or timed out, 2 for bad input.
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "harness/expectations.h"
#include "harness/process.h"
#include "harness/tap.h"

ABSL_FLAG(std::string, suite, "anon,shmem,hugetlb",
          "comma-separated backings (or binary names) to run: anon, shmem, hugetlb");
ABSL_FLAG(std::string, bindir, "",
          "directory holding the uffd_rwp_* binaries (default: the runner's own directory)");
ABSL_FLAG(std::string, known_issues, "",
          "known-issues JSON file (default: the list built into the runner)");
ABSL_FLAG(bool, strict, false,
          "ignore the known-issues list: every deviation is a FAIL");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(300),
          "wall-time limit per suite binary, e.g. 300s or 5m");

namespace uffdc {
namespace {

constexpr char kCollection[] = "uffd-conformance";
constexpr char kBuiltinKnownIssues[] =
#include "harness/known_issues.inc"
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

// "anon" or "uffd_rwp_anon" -> "uffd_rwp_anon"; anything else is bad input.
std::string BinaryName(absl::string_view suite) {
  static const char* kKnown[] = {"anon", "shmem", "hugetlb"};
  absl::string_view bare = suite;
  absl::ConsumePrefix(&bare, "uffd_rwp_");
  for (const char* k : kKnown) {
    if (bare == k) return absl::StrCat("uffd_rwp_", k);
  }
  BadInput(absl::StrCat("unknown suite '", suite, "' (expected anon, shmem or hugetlb)"));
}

int Main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "uffdc_run [--suite anon,shmem,hugetlb] [--bindir DIR] [--timeout 300s] "
      "[--known_issues FILE | --strict]");
  std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  if (rest.size() > 1) BadInput(absl::StrCat("unexpected argument '", rest[1], "'"));
  std::string bindir = absl::GetFlag(FLAGS_bindir);
  if (bindir.empty()) bindir = SelfDir();
  const absl::Duration timeout = absl::GetFlag(FLAGS_timeout);
  if (timeout <= absl::ZeroDuration()) BadInput("--timeout must be positive");

  std::vector<std::string> binaries;
  for (absl::string_view s : absl::StrSplit(absl::GetFlag(FLAGS_suite), ',', absl::SkipEmpty())) {
    binaries.push_back(BinaryName(s));
  }
  if (binaries.empty()) BadInput("--suite names no suite");
  for (const std::string& b : binaries) {
    const std::string path = absl::StrCat(bindir, "/", b);
    if (access(path.c_str(), X_OK) != 0) BadInput(absl::StrCat("suite binary not found: ", path));
  }

  std::vector<KnownIssue> known;
  if (!absl::GetFlag(FLAGS_strict)) {
    std::string text = kBuiltinKnownIssues;
    const std::string path = absl::GetFlag(FLAGS_known_issues);
    if (!path.empty()) {
      FILE* f = fopen(path.c_str(), "r");
      if (f == nullptr) BadInput(absl::StrCat("cannot read --known_issues ", path));
      text.clear();
      char buf[4096];
      for (size_t n; (n = fread(buf, 1, sizeof(buf), f)) > 0;) text.append(buf, n);
      fclose(f);
    }
    absl::StatusOr<std::vector<KnownIssue>> parsed = ParseKnownIssues(text);
    if (!parsed.ok()) BadInput(std::string(parsed.status().message()));
    known = *std::move(parsed);
  }
  struct utsname uts;
  uname(&uts);

  printf("TAP version 13\n1..%zu\n", binaries.size());
  Counts counts;
  std::vector<std::string> notable;  // every verdict other than pass and skip
  for (size_t i = 0; i < binaries.size(); i++) {
    const std::string& b = binaries[i];
    printf("# selftests: %s: %s\n", kCollection, b.c_str());
    fflush(stdout);
    ProcessRun run = RunWithTimeout({absl::StrCat(bindir, "/", b)}, timeout,
                                    [](const std::string& line) {
                                      printf("# %s\n", line.c_str());
                                      fflush(stdout);
                                    });
    SuiteTap tap = ParseTap(run.output);
    ReconcileWithProcess(b, run.end, &tap);
    ApplyKnownIssues(known, uts.release, &tap.tests);
    Counts mine;
    for (const TestResult& t : tap.tests) {
      mine.Add(t.verdict);
      counts.Add(t.verdict);
      if (t.verdict != Verdict::kPass && t.verdict != Verdict::kSkip) {
        std::string line = absl::StrCat(VerdictName(t.verdict), ": ", t.name);
        if (!t.reason.empty()) absl::StrAppend(&line, ": ", t.reason);
        notable.push_back(line);
        if (t.name == b) printf("# uffdc_run: %s\n", line.c_str());  // crash, timeout, ...
      }
    }
    const char* directive = "";
    if (mine.failed() == 0 && mine.skip == static_cast<int>(tap.tests.size())) {
      directive = " # SKIP";
    }
    printf("%s %zu selftests: %s: %s%s\n", mine.failed() ? "not ok" : "ok", i + 1, kCollection,
           b.c_str(), directive);
    fflush(stdout);
  }
  for (const std::string& f : notable) printf("# %s\n", f.c_str());
  printf("# verdicts: pass %d, fail %d, error %d, skip %d, xfail %d, xpass %d\n", counts.pass,
         counts.fail, counts.error, counts.skip, counts.xfail, counts.xpass);
  printf("%s\n", SummaryLine(counts).c_str());
  fflush(stdout);
  return counts.failed() ? 1 : 0;
}

}  // namespace
}  // namespace uffdc

int main(int argc, char** argv) { return uffdc::Main(argc, argv); }
