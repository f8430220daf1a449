// SPDX-License-Identifier: GPL-2.0
#include "harness/salvage.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace uffdc {

namespace {
constexpr char kSuiteMark[] = "# selftests: uffd-conformance: uffd_rwp_";
constexpr char kRunnerPrefix[] = "uffd-conformance.";
}  // namespace

RunData SalvageRun(absl::string_view output,
                   const std::map<std::string, std::vector<std::string>>& listed,
                   const std::string& cause, const std::vector<std::string>& console) {
  RunData run;
  std::vector<SuiteRun> suites;
  SuiteRun checks{.binary = "uffdc_run"};
  std::optional<TapStream> stream;
  bool suite_open = false;
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    line = absl::StripTrailingAsciiWhitespace(line);
    absl::string_view rest = line;
    if (absl::ConsumePrefix(&rest, "# kernel ")) {  // "# kernel R, UFFDIO_API features 0x..."
      run.env.release = std::string(rest.substr(0, rest.find(',')));
      const size_t hex = rest.find("0x");
      uint64_t features;
      if (hex != absl::string_view::npos &&
          absl::SimpleHexAtoi(rest.substr(hex + 2), &features)) {
        run.env.system.features = features;
      }
      continue;
    }
    if (absl::ConsumePrefix(&rest, kSuiteMark)) {
      suites.push_back({.binary = absl::StrCat("uffd_rwp_", rest), .backing = std::string(rest)});
      stream.emplace();
      suite_open = true;
      continue;
    }
    if (!stream.has_value()) continue;  // the header
    std::optional<TestResult> t = stream->Feed(line);
    if (!t.has_value()) continue;
    if (absl::StartsWith(t->name, kRunnerPrefix)) {
      t->name = t->name.substr(strlen(kRunnerPrefix));
      if (suite_open && t->name == suites.back().binary) {
        suites.back().tests.push_back(*std::move(t));
        suite_open = false;
      } else {
        checks.tests.push_back(*std::move(t));
      }
      continue;
    }
    if (suite_open) suites.back().tests.push_back(*std::move(t));
  }
  // The crash site: the test whose RUN line has no result yet.
  if (suite_open && stream.has_value()) {
    const std::vector<std::string>& pending = stream->pending();
    for (auto it = pending.rbegin(); it != pending.rend(); ++it) {
      absl::string_view d = absl::StripLeadingAsciiWhitespace(absl::StripPrefix(*it, "#"));
      if (!absl::ConsumePrefix(&d, "RUN")) continue;
      d = absl::StripAsciiWhitespace(d);
      TestResult site{.name = std::string(d.substr(0, d.find(' '))), .verdict = Verdict::kFail,
                      .reason = absl::StrCat("crash site: ", cause)};
      site.diagnostics = pending;
      for (const std::string& c : console) site.diagnostics.push_back("# console: " + c);
      suites.back().tests.push_back(std::move(site));
      break;
    }
  }
  // Every listed test that never reported, in the order the runner would have run them.
  for (const auto& [backing, names] : listed) {
    auto s = std::find_if(suites.begin(), suites.end(),
                          [&](const SuiteRun& r) { return r.backing == backing; });
    if (s == suites.end()) {
      suites.push_back({.binary = "uffd_rwp_" + backing, .backing = backing});
      s = suites.end() - 1;
    }
    for (const std::string& name : names) {
      const bool seen = std::any_of(s->tests.begin(), s->tests.end(),
                                    [&](const TestResult& t) { return t.name == name; });
      if (!seen) {
        s->tests.push_back({.name = name, .verdict = Verdict::kError,
                            .reason = absl::StrCat("not run: ", cause)});
      }
    }
  }
  std::sort(suites.begin(), suites.end(), [](const SuiteRun& a, const SuiteRun& b) {
    auto rank = [](const std::string& x) { return x == "anon" ? 0 : x == "shmem" ? 1 : 2; };
    return rank(a.backing) < rank(b.backing);
  });
  run.suites = std::move(suites);
  checks.tests.push_back({.name = "machine", .verdict = Verdict::kError,
                          .reason = absl::StrCat("the run was cut short: ", cause)});
  run.suites.push_back(std::move(checks));
  for (const SuiteRun& s : run.suites) {
    for (const TestResult& t : s.tests) run.counts.Add(t.verdict);
  }
  run.health.ok = false;
  run.health.problems.push_back(cause);
  run.health.kernel_log = console;
  return run;
}

}  // namespace uffdc
