// SPDX-License-Identifier: GPL-2.0
#include "harness/merge.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "fixtures/protocol.h"
#include "harness/findings.h"

namespace uffdc {

std::string ResultLine(int number, const std::string& name, const TestResult& t) {
  const std::string n = absl::StrCat(number, " ", name);
  switch (t.verdict) {
    case Verdict::kPass: return absl::StrCat("ok ", n);
    case Verdict::kSkip: return absl::StrCat("ok ", n, " # SKIP ", t.reason);
    case Verdict::kXfail: return absl::StrCat("ok ", n, " # XFAIL ", t.known_issue.reason);
    case Verdict::kXpass:
      return absl::StrCat("not ok ", n, " # XPASS ", t.reason, ": ", t.known_issue.reason);
    case Verdict::kError: return absl::StrCat("not ok ", n, " # error ", t.reason);
    case Verdict::kFail: return absl::StrCat("not ok ", n);
  }
  return "";
}

TestResult FindingCheck(const Finding& f) {
  TestResult t{.name = "finding." + f.claim, .verdict = Verdict::kPass, .reason = f.text};
  if (f.status == "contradicts") {
    t.verdict = Verdict::kXfail;
    t.known_issue = {.reason = absl::StrCat(f.claim, " contradicted: ", f.text),
                     .kind = "documentation", .claims = {f.claim}};
  } else if (f.status != "agrees") {
    t.verdict = Verdict::kSkip;
    t.reason = absl::StrCat("[environment] ", f.text);
  }
  return t;
}

TestResult HealthCheck(const HealthMonitor::Report& health) {
  TestResult t{.name = "kernel_health", .verdict = health.ok ? Verdict::kPass : Verdict::kFail,
               .reason = absl::StrJoin(health.problems, "; ")};
  for (const std::string& l : health.kernel_log) t.diagnostics.push_back("# " + l);
  return t;
}

std::vector<std::string> NotableLines(const RunData& run) {
  std::vector<std::string> notable;
  for (const SuiteRun& s : run.suites) {
    for (const TestResult& t : s.tests) {
      if (t.verdict == Verdict::kPass || t.verdict == Verdict::kSkip) continue;
      std::string line = absl::StrCat(VerdictName(t.verdict), ": ", t.name);
      if (!t.reason.empty()) absl::StrAppend(&line, ": ", t.reason);
      if (!t.known_issue.empty()) {
        absl::StrAppend(&line, " [known ", t.known_issue.kind, ": ", t.known_issue.reason, "]");
      }
      notable.push_back(line);
    }
  }
  return notable;
}

int ExitStatus(const RunData& run) {
  Counts all, suite_tests;
  for (const SuiteRun& s : run.suites) {
    for (const TestResult& t : s.tests) {
      all.Add(t.verdict);
      if (s.binary != kChecksSuite && t.name != s.binary) suite_tests.Add(t.verdict);
    }
  }
  if (all.failed()) return kExitFail;
  if (suite_tests.total() > 0 && suite_tests.skip == suite_tests.total()) return kExitSkip;
  return kExitPass;
}

std::string RenderKtap(const RunData& run, const std::string& claims_text) {
  std::string out;
  auto line = [&](absl::string_view l) { absl::StrAppend(&out, l, "\n"); };
  // A diagnostic stays a "#" line whatever the document held.
  auto diag = [&](const std::string& d) { line(absl::StartsWith(d, "#") ? d : "# " + d); };
  Counts counts;
  for (const SuiteRun& s : run.suites) {
    for (const TestResult& t : s.tests) counts.Add(t.verdict);
  }
  line("TAP version 13");
  line(absl::StrCat("1..", counts.total()));
  line(absl::StrCat("# kernel ", run.env.release, ", UFFDIO_API features ",
                    run.env.system.features ? absl::StrCat("0x", absl::Hex(*run.env.system.features))
                                            : "unavailable"));
  int number = 0;
  for (const SuiteRun& s : run.suites) {
    if (s.binary == kChecksSuite) continue;
    line(absl::StrCat("# selftests: ", kCollection, ": ", s.binary));
    for (const TestResult& t : s.tests) {
      for (const std::string& d : t.diagnostics) diag(d);
      const bool binary_line = t.name == s.binary;
      if (binary_line && t.verdict != Verdict::kPass) {
        line(absl::StrCat("# uffdc_run: ", s.binary, ": ", t.reason));
      } else if (absl::StartsWith(t.reason, "required (--require ")) {
        line("# uffdc_run: " + t.reason);
      }
      if (!binary_line && t.verdict == Verdict::kXfail) {
        line(absl::StrCat("# uffdc_run: known ", t.known_issue.kind, ": ", t.known_issue.reason,
                          " (its failure: ", t.reason, ")"));
      }
      line(ResultLine(++number, binary_line ? absl::StrCat(kCollection, ".", t.name) : t.name, t));
    }
  }
  for (const SuiteRun& s : run.suites) {
    if (s.binary != kChecksSuite) continue;
    for (const TestResult& t : s.tests) {
      absl::string_view claim = t.name;
      if (absl::ConsumePrefix(&claim, "finding.")) {
        for (const Finding& f : run.findings) {
          if (f.claim == claim) line(absl::StrCat("# finding ", f.claim, " (", f.status, "): ", f.text));
        }
      }
      for (const std::string& d : t.diagnostics) diag(d);
      if (t.verdict != Verdict::kPass) line(absl::StrCat("# uffdc_run: ", t.name, ": ", t.reason));
      line(ResultLine(++number, absl::StrCat(kCollection, ".", t.name), t));
    }
  }
  for (absl::string_view l : absl::StrSplit(claims_text, '\n', absl::SkipEmpty())) {
    line(absl::StrCat("# ", l));
  }
  for (const std::string& n : NotableLines(run)) line("# " + n);
  line(TotalsLine(counts));
  line(SummaryLine(counts));
  return out;
}

namespace {

// Worst first: what a reader must see when the parts disagree.
int Severity(Verdict v) {
  switch (v) {
    case Verdict::kPass: return 0;
    case Verdict::kSkip: return 1;
    case Verdict::kXfail: return 2;
    case Verdict::kXpass: return 3;
    case Verdict::kFail: return 4;
    case Verdict::kError: return 5;
  }
  return 5;
}

const SuiteRun* ChecksOf(const RunData& part) {
  for (const SuiteRun& s : part.suites) {
    if (s.binary == kChecksSuite) return &s;
  }
  return nullptr;
}

bool HasCheck(const SuiteRun* checks, absl::string_view name) {
  return checks != nullptr && std::any_of(checks->tests.begin(), checks->tests.end(),
                                          [&](const TestResult& t) { return t.name == name; });
}

// Whether the part's runner finished: it judged the health, and the part was not
// salvaged from a console (which adds "machine" and keeps only part of the
// environment).
bool Finished(const RunData& part) {
  const SuiteRun* checks = ChecksOf(part);
  return HasCheck(checks, "kernel_health") && !HasCheck(checks, "machine");
}

// The position of a suite in `order` (a backing or "uffd_rwp_<backing>").
size_t Rank(const SuiteRun& s, const std::vector<std::string>& order) {
  for (size_t i = 0; i < order.size(); i++) {
    absl::string_view bare = order[i];
    absl::ConsumePrefix(&bare, kSuitePrefix);
    if (bare == s.backing || order[i] == s.binary) return i;
  }
  return order.size();
}

void JoinHealth(const HealthMonitor::Report& from, HealthMonitor::Report* into) {
  into->ok = into->ok && from.ok;
  for (auto [src, dst] : {std::pair{&from.taint_before, &into->taint_before},
                          std::pair{&from.taint_after, &into->taint_after}}) {
    if (src->has_value()) *dst = dst->value_or(0) | **src;
  }
  into->kernel_log.insert(into->kernel_log.end(), from.kernel_log.begin(), from.kernel_log.end());
  into->problems.insert(into->problems.end(), from.problems.begin(), from.problems.end());
}

}  // namespace

absl::StatusOr<RunData> MergeRuns(const std::vector<RunData>& parts,
                                  const std::vector<std::string>& order) {
  if (parts.empty()) return absl::InvalidArgumentError("no part to merge");
  const RunData* first = &parts[0];
  for (const RunData& p : parts) {
    if (Finished(p)) {
      first = &p;
      break;
    }
  }
  // One guest runs one kernel: parts of different kernels are not one run.
  std::string release;
  for (size_t i = 0; i < parts.size(); i++) {
    const std::string& r = parts[i].env.release;
    if (r.empty()) continue;
    if (release.empty()) release = r;
    if (r != release) {
      return absl::InvalidArgumentError(absl::StrCat("part ", i + 1, " ran kernel ", r,
                                                     ", an earlier part ", release,
                                                     ": not one run"));
    }
  }
  RunData run;
  run.env = first->env;
  if (run.env.release.empty()) run.env.release = release;
  run.claims = first->claims;
  for (const RunData& p : parts) {
    if (!run.metadata.is_object() && p.metadata.is_object()) run.metadata = p.metadata;
    if (!p.started.empty() && (run.started.empty() || p.started < run.started)) run.started = p.started;
    run.duration_s = std::max(run.duration_s, p.duration_s);
    if (!p.command.empty()) run.command += (run.command.empty() ? "" : "; ") + p.command;
  }

  std::set<std::string> seen;
  std::vector<SuiteRun> suites;
  for (const RunData& p : parts) {
    for (const SuiteRun& s : p.suites) {
      if (s.binary == kChecksSuite) continue;
      if (!seen.insert(s.binary).second) {
        return absl::InvalidArgumentError(absl::StrCat("suite ", s.binary, " is in two parts"));
      }
      suites.push_back(s);
    }
  }
  std::stable_sort(suites.begin(), suites.end(), [&](const SuiteRun& a, const SuiteRun& b) {
    return Rank(a, order) < Rank(b, order);
  });

  // The runner's checks: --require's and any other (a salvaged part's
  // "machine") by name, the worst verdict of the parts, their reasons joined.
  std::vector<TestResult> required, others;
  for (const RunData& p : parts) {
    const SuiteRun* checks = ChecksOf(p);
    if (checks == nullptr) continue;
    for (const TestResult& t : checks->tests) {
      if (t.name == "kernel_health" || absl::StartsWith(t.name, "finding.")) continue;
      std::vector<TestResult>& list = absl::StartsWith(t.name, "require.") ? required : others;
      auto same = std::find_if(list.begin(), list.end(),
                               [&](const TestResult& x) { return x.name == t.name; });
      if (same == list.end()) {
        list.push_back(t);
      } else {
        if (!t.reason.empty() && same->reason != t.reason &&
            !absl::StrContains(same->reason, t.reason)) {
          same->reason = same->reason.empty() ? t.reason : absl::StrCat(same->reason, "; ", t.reason);
        }
        if (Severity(t.verdict) > Severity(same->verdict)) {
          same->verdict = t.verdict;
          same->known_issue = t.known_issue;
        }
      }
    }
  }
  // Health: the document's over every part; kernel_health, as the runner
  // judges it, over the parts whose runner finished and judged it.
  HealthMonitor::Report judged;
  bool any_finished = false;
  for (const RunData& p : parts) {
    JoinHealth(p.health, &run.health);
    run.health_attributions.insert(run.health_attributions.end(), p.health_attributions.begin(),
                                   p.health_attributions.end());
    if (Finished(p)) {
      JoinHealth(p.health, &judged);
      any_finished = true;
    }
  }
  SuiteRun whole{.binary = kChecksSuite};
  whole.tests = std::move(required);
  if (any_finished) {
    run.findings = DeriveFindings(run.env);
    for (const Finding& f : run.findings) whole.tests.push_back(FindingCheck(f));
    whole.tests.push_back(HealthCheck(judged));
  }
  whole.tests.insert(whole.tests.end(), others.begin(), others.end());
  run.suites = std::move(suites);
  run.suites.push_back(std::move(whole));
  for (const SuiteRun& s : run.suites) {
    for (const TestResult& t : s.tests) run.counts.Add(t.verdict);
  }
  return run;
}

}  // namespace uffdc
