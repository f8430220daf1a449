// SPDX-License-Identifier: GPL-2.0
#include "harness/baseline.h"

#include <iterator>
#include <map>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "harness/claims.h"

namespace uffdc {
namespace {

// name -> verdict or status, in the order they first appear.
using Outcomes = std::vector<std::pair<std::string, std::string>>;

Outcomes TestOutcomes(const RunData& run) {
  Outcomes out;
  for (const SuiteRun& s : run.suites) {
    for (const TestResult& t : s.tests) out.emplace_back(t.name, VerdictName(t.verdict));
  }
  return out;
}

Outcomes ClaimOutcomes(const RunData& run) {
  Outcomes out;
  const std::vector<RunResult> results = AllResults(run);
  for (const ClaimStatus& s : JoinClaims(run.claims, results))
    out.emplace_back(s.claim->id, s.status);
  return out;
}

bool TestFailing(const std::string& verdict) {
  const std::optional<Verdict> v = ParseVerdict(verdict);
  return !v || IsFailure(*v);  // what is not a verdict never counts as passing
}
bool TestPassing(const std::string& verdict) {
  const std::optional<Verdict> v = ParseVerdict(verdict);
  return v && !IsFailure(*v) && *v != Verdict::kSkip;
}
bool ClaimFailing(const std::string& status) { return status == claim_status::kFailed; }
bool ClaimPassing(const std::string& status) {
  return status == claim_status::kHeld || status == claim_status::kPartlyChecked ||
         status == claim_status::kDeviated;
}

void Compare(bool claim, const Outcomes& before, const Outcomes& after, Comparison* c) {
  auto failing = claim ? ClaimFailing : TestFailing;
  auto passing = claim ? ClaimPassing : TestPassing;
  const std::map<std::string, std::string> old(before.begin(), before.end());
  const std::map<std::string, std::string> now(after.begin(), after.end());
  std::map<std::string, bool> said;  // a name listed twice by a run is compared once
  for (const auto& entry : after) {
    const std::string& name = entry.first;
    if (said[name]) continue;
    said[name] = true;
    const std::string& verdict = now.at(name);
    auto it = old.find(name);
    if (it == old.end()) {
      c->added.push_back({claim, name, "", verdict});
    } else if (it->second == verdict) {
      continue;
    } else if (failing(verdict) && !failing(it->second)) {
      c->regressions.push_back({claim, name, it->second, verdict});
    } else if (failing(it->second) && passing(verdict)) {
      c->fixed.push_back({claim, name, it->second, verdict});
    } else {
      c->changed.push_back({claim, name, it->second, verdict});
    }
  }
  for (const auto& entry : before) {
    const std::string& name = entry.first;
    if (!now.count(name) && !said[name]) {
      said[name] = true;
      c->removed.push_back({claim, name, old.at(name), ""});
    }
  }
}

// The lists' JSON names, in the order they are shown, and the lists.
constexpr const char* kListKeys[] = {"regressions", "fixed", "new", "removed", "changed"};
std::vector<std::pair<const char*, const std::vector<VerdictChange>*>> Lists(const Comparison& c) {
  const std::vector<VerdictChange>* lists[] = {&c.regressions, &c.fixed, &c.added, &c.removed,
                                               &c.changed};
  std::vector<std::pair<const char*, const std::vector<VerdictChange>*>> out;
  for (size_t i = 0; i < std::size(kListKeys); ++i) out.emplace_back(kListKeys[i], lists[i]);
  return out;
}

}  // namespace

Comparison CompareRuns(const RunData& baseline, const RunData& run) {
  Comparison c;
  Compare(/*claim=*/false, TestOutcomes(baseline), TestOutcomes(run), &c);
  Compare(/*claim=*/true, ClaimOutcomes(baseline), ClaimOutcomes(run), &c);
  return c;
}

nlohmann::json ComparisonJson(const Comparison& c, const std::string& kernel) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, list] : Lists(c)) {
    nlohmann::json items = nlohmann::json::array();
    for (const VerdictChange& v : *list) {
      nlohmann::json item = {
          {v.claim ? "claim" : "test", v.name}, {"before", v.before}, {"after", v.after}};
      if (!kernel.empty()) item["kernel"] = kernel;
      items.push_back(std::move(item));
    }
    out[key] = std::move(items);
  }
  return out;
}

void AppendComparisonJson(const nlohmann::json& from, nlohmann::json* into) {
  for (const char* key : kListKeys) {
    nlohmann::json& to = (*into)[key];
    if (!to.is_array()) to = nlohmann::json::array();
    if (from.contains(key)) to.insert(to.end(), from[key].begin(), from[key].end());
  }
}

std::string ComparisonCounts(const Comparison& c) {
  std::string out;
  for (const auto& [key, list] : Lists(c)) {
    absl::StrAppend(&out, out.empty() ? "" : ", ", list->size(), " ",
                    list->size() == 1 && list == &c.regressions ? "regression" : key);
  }
  return out;
}

std::string ComparisonText(const Comparison& c) {
  std::string out = ComparisonCounts(c) + "\n";
  for (const auto& [key, list] : Lists(c)) {
    // A regression shouts: it is what fails the run.
    const std::string label = list == &c.regressions ? "REGRESSION" : key;
    for (const VerdictChange& v : *list) {
      absl::StrAppend(&out, "  ", absl::StrFormat("%-11s", label), v.claim ? "claim" : "test", " ",
                      v.name, ": ",
                      v.before.empty()  ? v.after
                      : v.after.empty() ? "was " + v.before
                                        : v.before + " -> " + v.after,
                      "\n");
    }
  }
  return out;
}

}  // namespace uffdc
