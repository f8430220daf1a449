// SPDX-License-Identifier: GPL-2.0
#include "harness/salvage.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "fixtures/protocol.h"
#include "harness/tap.h"

namespace uffdc {

namespace {
constexpr char kSuiteMark[] = "# selftests: uffd-conformance: uffd_rwp_";
constexpr char kRunnerPrefix[] = "uffd-conformance.";
constexpr char kBootEnded[] = "# uffdc-boot-ended: ";

// The test whose RUN line has no result yet, as the crash site of `cause`.
void MarkCrashSite(const TapStream& stream, const std::string& cause,
                   const std::vector<std::string>& console, SuiteRun* suite) {
  const std::vector<std::string>& pending = stream.pending();
  for (auto it = pending.rbegin(); it != pending.rend(); ++it) {
    absl::string_view d = absl::StripLeadingAsciiWhitespace(absl::StripPrefix(*it, "#"));
    if (!absl::ConsumePrefix(&d, "RUN")) continue;
    d = absl::StripAsciiWhitespace(d);
    TestResult site{.name = std::string(d.substr(0, d.find(' '))), .verdict = Verdict::kFail,
                    .reason = absl::StrCat("crash site: ", cause)};
    site.diagnostics = pending;
    for (const std::string& c : console) site.diagnostics.push_back("# console: " + c);
    suite->tests.push_back(std::move(site));
    return;
  }
}
}  // namespace

RunData SalvageRun(absl::string_view output,
                   const std::map<std::string, std::vector<std::string>>& listed,
                   const std::string& cause, const std::vector<std::string>& console) {
  RunData run;
  std::vector<SuiteRun> suites;
  SuiteRun checks{.binary = "uffdc_run"};
  std::optional<TapStream> stream;
  bool suite_open = false;
  std::vector<std::string> causes;  // of every boot that died
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    line = absl::StripTrailingAsciiWhitespace(line);
    absl::string_view rest = line;
    if (absl::ConsumePrefix(&rest, kBootEnded)) {  // an earlier boot died here
      causes.emplace_back(rest);
      if (suite_open && stream.has_value()) MarkCrashSite(*stream, causes.back(), {}, &suites.back());
      suite_open = false;
      stream.reset();
      continue;
    }
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
      // A later boot continues a suite an earlier one began.
      auto same = std::find_if(suites.begin(), suites.end(),
                               [&](const SuiteRun& s) { return s.backing == rest; });
      if (same == suites.end()) {
        suites.push_back({.binary = absl::StrCat("uffd_rwp_", rest), .backing = std::string(rest)});
      } else {
        std::rotate(same, same + 1, suites.end());  // the open suite is the last one
      }
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
        // Several boots each end a part of the suite: keep the worst line.
        auto prev = std::find_if(suites.back().tests.begin(), suites.back().tests.end(),
                                 [&](const TestResult& x) { return x.name == t->name; });
        if (prev == suites.back().tests.end()) {
          suites.back().tests.push_back(*std::move(t));
        } else if (prev->verdict == Verdict::kPass) {
          *prev = *std::move(t);
        }
        suite_open = false;
      } else {
        // A later boot's checks replace an earlier one's of the same name.
        auto prev = std::find_if(checks.tests.begin(), checks.tests.end(),
                                 [&](const TestResult& x) { return x.name == t->name; });
        if (prev == checks.tests.end()) {
          checks.tests.push_back(*std::move(t));
        } else {
          *prev = *std::move(t);
        }
      }
      continue;
    }
    if (suite_open) suites.back().tests.push_back(*std::move(t));
  }
  if (!cause.empty()) {
    causes.push_back(cause);
    if (suite_open && stream.has_value()) MarkCrashSite(*stream, cause, console, &suites.back());
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
                            .reason = absl::StrCat("not run: ", causes.empty() ? "no result" : causes.back())});
      }
    }
  }
  std::sort(suites.begin(), suites.end(), [](const SuiteRun& a, const SuiteRun& b) {
    auto rank = [](const std::string& x) {
      return std::find(std::begin(kBackings), std::end(kBackings), x) - std::begin(kBackings);
    };
    return rank(a.backing) < rank(b.backing);
  });
  run.suites = std::move(suites);
  // The machine: a crash is not the machinery's fault when it came from a test
  // (its crash site FAILs), but the run as a whole was cut short.
  checks.tests.push_back({.name = "machine", .verdict = causes.empty() ? Verdict::kPass : Verdict::kError,
                          .reason = causes.empty() ? "" : absl::StrCat("cut short ", causes.size(),
                                                                       " time(s): ", absl::StrJoin(causes, "; "))});
  run.suites.push_back(std::move(checks));
  for (const SuiteRun& s : run.suites) {
    for (const TestResult& t : s.tests) run.counts.Add(t.verdict);
  }
  run.health.ok = causes.empty();
  run.health.problems = causes;
  run.health.kernel_log = console;
  return run;
}

}  // namespace uffdc
