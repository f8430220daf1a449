// SPDX-License-Identifier: GPL-2.0
#include "harness/claims.h"

#include <nlohmann/json.hpp>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "harness/matching.h"

namespace uffdc {

absl::StatusOr<std::vector<Claim>> ParseClaims(absl::string_view text) {
  nlohmann::json doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("claims") ||
      !doc["claims"].is_array()) {
    return absl::InvalidArgumentError("claims: expected {\"claims\": [...]}");
  }
  std::vector<Claim> claims;
  std::set<std::string> seen;
  for (const nlohmann::json& e : doc["claims"]) {
    if (!e.is_object() || !e.contains("id") || !e["id"].is_string()) {
      return absl::InvalidArgumentError("claims: an entry has no id");
    }
    Claim c;
    c.id = e["id"].get<std::string>();
    if (!seen.insert(c.id).second) return absl::InvalidArgumentError("claims: duplicate " + c.id);
    auto str = [&](const char* key, std::string* out) {
      if (e.contains(key) && e[key].is_string()) *out = e[key].get<std::string>();
    };
    str("claim", &c.text);
    str("backings", &c.backings);
    str("note", &c.note);
    str("finding", &c.finding);
    str("untestable", &c.untestable);
    if (e.contains("tests") && e["tests"].is_array()) {
      for (const nlohmann::json& t : e["tests"]) c.tests.push_back(t.get<std::string>());
    }
    if (c.tests.empty() && c.finding.empty() && c.untestable.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("claims: ", c.id, " has no test, finding or untestable reason"));
    }
    claims.push_back(std::move(c));
  }
  return claims;
}

namespace {
int Severity(Verdict v) {
  switch (v) {
    case Verdict::kSkip: return 0;
    case Verdict::kPass: return 1;
    case Verdict::kXfail: return 2;
    case Verdict::kXpass: return 3;
    case Verdict::kError: return 4;
    case Verdict::kFail: return 5;
  }
  return 0;
}
}  // namespace

std::vector<ClaimStatus> JoinClaims(const std::vector<Claim>& claims,
                                    const std::vector<RunResult>& results) {
  std::vector<ClaimStatus> out;
  for (const Claim& c : claims) {
    ClaimStatus s{&c, {}, {}};
    for (const RunResult& r : results) {
      bool match = false;
      for (const std::string& pattern : c.tests) match |= GlobMatch(pattern, r.test.name);
      if (!match) continue;
      s.results.push_back(&r);
      auto it = s.by_backing.find(r.backing);
      if (it == s.by_backing.end() || Severity(r.test.verdict) > Severity(it->second)) {
        s.by_backing[r.backing] = r.test.verdict;
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::string ClaimsReport(const std::vector<ClaimStatus>& statuses,
                         const std::map<std::string, std::string>& found) {
  std::string out;
  int checked = 0, held = 0, contradicted = 0, skipped = 0, untestable = 0, findings = 0,
      not_run = 0;
  std::set<std::string> tests;
  for (const ClaimStatus& s : statuses) {
    const Claim& c = *s.claim;
    std::string line = absl::StrFormat("%-9s", c.id);
    if (!c.untestable.empty()) {
      untestable++;
      absl::StrAppend(&line, "untestable here: ", c.untestable);
    } else if (s.results.empty()) {
      if (c.finding.empty()) {
        not_run++;
        absl::StrAppend(&line, "not run");
      } else {
        findings++;
        auto f = found.find(c.id);
        absl::StrAppend(&line, "runner finding: ", f != found.end() ? f->second : c.finding);
      }
    } else {
      std::map<Verdict, std::vector<std::string>> by_verdict;
      bool bad = false, all_skipped = true;
      for (const auto& [backing, v] : s.by_backing) {
        by_verdict[v].push_back(backing);
        bad |= v == Verdict::kFail || v == Verdict::kError || v == Verdict::kXfail ||
               v == Verdict::kXpass;
        all_skipped &= v == Verdict::kSkip;
      }
      if (all_skipped) {
        skipped++;
      } else {
        checked++;
        (bad ? contradicted : held)++;
      }
      std::vector<std::string> parts;
      for (const auto& [v, backings] : by_verdict) {
        parts.push_back(absl::StrCat(VerdictName(v), ": ", absl::StrJoin(backings, " ")));
      }
      std::set<std::string> names;
      for (const RunResult* r : s.results) {
        names.insert(r->test.name);
        if (!all_skipped && r->test.verdict != Verdict::kSkip) tests.insert(r->test.name);
      }
      absl::StrAppend(&line, absl::StrJoin(parts, "; "), " (", names.size(), " test run",
                      names.size() == 1 ? "" : "s", ")");
    }
    absl::StrAppend(&out, line, "\n");
  }
  absl::StrAppend(&out, "claims: ", statuses.size(), " in all; ", checked, " checked by ",
                  tests.size(), " test runs (", held, " held, ", contradicted,
                  " failed, errored or deviated); ", skipped, " skipped; ", findings,
                  " runner findings; ", untestable, " untestable here; ", not_run, " not run\n");
  return out;
}

}  // namespace uffdc
